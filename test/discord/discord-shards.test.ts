import { afterEach, describe, expect, it } from 'vitest';
import { parseShardsArgs, shardEnvironment } from '../../adapters/discord/shards.ts';
import { runCli, startCli, tempWorkspace } from '../helpers/cli.ts';
import { waitFor } from '../helpers/core.ts';
import { startDiscordEmulator, type DiscordEmulator } from '../emulators/discord/emulator.ts';
import {
  BRIEFING_CHANNEL_ID,
  defaultGuild,
  MEMBER,
  NEWS_CHANNEL_ID,
  otherGuild,
} from '../emulators/discord/fixtures.ts';
import { textOf } from '../emulators/discord/messages.ts';
import { APPLICATION_ID, discordEnv, messageOf } from './harness.ts';

/**
 * `tagwire discord-shards`: discord.js's ShardingManager forking one `tagwire start
 * --role bot` per shard, as real processes against the emulator.
 */
let emulator: DiscordEmulator | undefined;
let workspace: ReturnType<typeof tempWorkspace> | undefined;
const running: ReturnType<typeof startCli>[] = [];
afterEach(async () => {
  for (const cli of running)
    if (cli.child.exitCode === null && cli.child.signalCode === null) cli.child.kill('SIGKILL');
  running.length = 0;
  await emulator?.close();
  emulator = undefined;
  workspace?.remove();
  workspace = undefined;
});

interface LogLine {
  msg?: string;
  shard?: number;
  pid?: number;
  count?: number;
  adapters?: string[];
  roles?: string[];
}

/** pino's JSON lines (the manager's and its shards', all on stderr). */
const logLines = (text: string): LogLine[] =>
  text
    .split('\n')
    .filter((l) => l.startsWith('{'))
    .map((l) => JSON.parse(l) as LogLine);

const exitOf = (cli: ReturnType<typeof startCli>) =>
  new Promise<number | null>((resolve) => {
    if (cli.child.exitCode !== null) resolve(cli.child.exitCode);
    else cli.child.once('exit', (code) => resolve(code));
  });

describe('tagwire discord-shards', () => {
  it('parses its options', () => {
    expect(parseShardsArgs([])).toEqual({ count: 'auto', spawnDelayMs: 5500, restartDelayMs: 5000 });
    expect(parseShardsArgs(['--count', '4', '--spawn-delay', '0', '--restart-delay=100'])).toEqual({
      count: 4,
      spawnDelayMs: 0,
      restartDelayMs: 100,
    });
    expect(parseShardsArgs(['--help'])).toBeNull();
    expect(() => parseShardsArgs(['--count', 'two'])).toThrow(/--count takes auto or a whole number/u);
    expect(() => parseShardsArgs(['--spawn-delay=-1'])).toThrow(/--spawn-delay takes milliseconds/u);
    expect(() => parseShardsArgs(['--shards', '2'])).toThrow(/Unknown option/u);
    expect(shardEnvironment(1, 3)).toEqual({
      DISCORD_SHARD_ID: '1',
      DISCORD_SHARD_COUNT: '3',
      TELEGRAM_BOT_TOKEN: '',
      HTTP_PORT: '',
    });
  });

  it('is listed in tagwire --help, and refuses to run beside DISCORD_SHARD_ID', async () => {
    const help = await runCli(['--help'], {});
    expect(help.stdout).toMatch(/ {2}discord-shards {3}run the Discord gateway as shards, one process each/u);
    const own = await runCli(['discord-shards', '--help'], {});
    expect([own.code, own.stdout]).toEqual([
      0,
      expect.stringContaining('Usage: tagwire discord-shards [--count N|auto]'),
    ]);
    const refused = await runCli(['discord-shards'], {
      DISCORD_TOKEN: 'x',
      DISCORD_APPLICATION_ID: APPLICATION_ID,
      DISCORD_SHARD_ID: '0',
      DISCORD_SHARD_COUNT: '2',
    });
    expect(refused.code).toBe(2);
    expect(refused.stderr).toContain('tagwire discord-shards runs them all');
    const wrong = await runCli(['discord-shards', '--count', '0'], {
      DISCORD_TOKEN: 'x',
      DISCORD_APPLICATION_ID: APPLICATION_ID,
    });
    expect([wrong.code, wrong.stderr]).toEqual([
      2,
      expect.stringContaining('--count takes auto or a whole number from 1 to 16384'),
    ]);
  });

  it("starts Discord's recommended number of shards, one process each, restarts one that dies, and stops them all on SIGTERM", async () => {
    emulator = await startDiscordEmulator({
      applicationId: APPLICATION_ID,
      guilds: [defaultGuild(), otherGuild()],
      recommendedShards: 2,
    });
    workspace = tempWorkspace();
    const discord = emulator;
    const manager = startCli(['discord-shards', '--spawn-delay', '0', '--restart-delay', '100'], {
      ...discordEnv(discord),
      DATABASE_URL: workspace.dbUrl,
      LOG_LEVEL: 'info',
      // Run once elsewhere: the shard processes must not start these.
      TELEGRAM_BOT_TOKEN: '123456:ABCDEFGHIJKLMNOPQRSTUVWXYZ',
      HTTP_PORT: '1',
      INGEST_TOKEN: 'a-long-enough-ingest-token',
    });
    running.push(manager);
    const lines = () => logLines(manager.errors());
    // The manager hears "ready" from a shard's gateway; the shard's own "tagwire started" follows.
    await waitFor(
      () =>
        lines().some((l) => l.msg === 'every discord shard is ready') &&
        lines().filter((l) => l.msg === 'tagwire started').length === 2,
      'both shards to be ready',
      60_000,
    );
    expect(discord.gateway.liveShards).toEqual([
      [0, 2],
      [1, 2],
    ]);
    expect(discord.requestsTo('GET', '/gateway/bot').length).toBeGreaterThanOrEqual(3);
    expect(discord.requestsTo('PUT', `/applications/${APPLICATION_ID}/commands`)).toHaveLength(1);
    const started = lines().filter((l) => l.msg === 'discord shard process started');
    expect(started.map((l) => [l.shard, l.count])).toEqual([
      [0, 2],
      [1, 2],
    ]);
    // Each shard process runs the Discord adapter only (not Telegram, not the HTTP API), as a bot.
    expect(
      lines()
        .filter((l) => l.msg === 'tagwire started')
        .map((l) => [l.adapters, l.roles]),
    ).toEqual([
      [['discord'], ['bot']],
      [['discord'], ['bot']],
    ]);

    // Each server's interaction goes to its shard's process, which answers it.
    const follow = async (where: Parameters<DiscordEmulator['command']>[3], tag: string) => {
      const before = discord.gateway.dispatched.length;
      const text = textOf(messageOf(await discord.command(MEMBER, 'follow', { tag }, where)));
      return [
        text.includes(`Now following #${tag}`),
        discord.gateway.dispatched
          .slice(before)
          .filter((d) => d.type === 'INTERACTION_CREATE')
          .map((d) => d.shard[0]),
      ];
    };
    expect(await follow({ channel: NEWS_CHANNEL_ID }, 'Armenia')).toEqual([true, [1]]);
    expect(await follow({ channel: BRIEFING_CHANNEL_ID }, 'Oil')).toEqual([true, [0]]);
    expect(await follow('dm', 'Gas')).toEqual([true, [0]]);

    // A shard process that dies is started again, and answers again.
    const shard1 = started.find((l) => l.shard === 1)?.pid;
    if (shard1 === undefined) throw new Error('no pid for shard 1');
    process.kill(shard1, 'SIGKILL');
    await waitFor(
      () => lines().filter((l) => l.msg === 'discord shard ready' && l.shard === 1).length === 2,
      'shard 1 to be ready again',
      60_000,
    );
    expect(lines().some((l) => l.msg === 'discord shard process died; starting it again' && l.shard === 1)).toBe(true);
    await waitFor(() => discord.gateway.liveShards.length === 2, 'two live sessions');
    expect(await follow({ channel: NEWS_CHANNEL_ID }, 'CSTO')).toEqual([true, [1]]);

    manager.child.kill('SIGTERM');
    expect(await exitOf(manager)).toBe(0);
    await waitFor(() => discord.gateway.liveShards.length === 0, 'the shards to disconnect');
    const pids = lines()
      .filter((l) => l.msg === 'discord shard process started')
      .map((l) => l.pid ?? 0);
    expect(pids).toHaveLength(3);
    for (const pid of pids) expect(() => process.kill(pid, 0)).toThrow();
  }, 120_000);

  it('a shard process whose manager is killed stops by itself', async () => {
    emulator = await startDiscordEmulator({ applicationId: APPLICATION_ID });
    workspace = tempWorkspace();
    const discord = emulator;
    const manager = startCli(['discord-shards', '--count', '1'], {
      ...discordEnv(discord),
      DATABASE_URL: workspace.dbUrl,
      LOG_LEVEL: 'info',
    });
    running.push(manager);
    const lines = () => logLines(manager.errors());
    await waitFor(() => lines().some((l) => l.msg === 'every discord shard is ready'), 'the shard to be ready', 60_000);
    expect(discord.gateway.liveShards).toEqual([[0, 1]]);
    const pid = lines().find((l) => l.msg === 'discord shard process started')?.pid;
    if (pid === undefined) throw new Error('no shard pid');
    manager.child.kill('SIGKILL');
    await waitFor(() => discord.gateway.liveShards.length === 0, 'the orphaned shard to disconnect', 20_000);
    await waitFor(
      () => {
        try {
          process.kill(pid, 0);
          return false;
        } catch {
          return true;
        }
      },
      'the orphaned shard process to exit',
      20_000,
    );
  }, 60_000);
});
