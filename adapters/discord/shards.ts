import type { ChildProcess } from 'node:child_process';
import type { Writable } from 'node:stream';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { REST, Routes, ShardingManager, type Shard } from 'discord.js';
import type { Config, Logger } from '../../src/index.ts';

/**
 * `tagwire discord-shards`: every gateway shard of the Discord bot, each in its own
 * process, under discord.js's ShardingManager. The manager forks `tagwire start --role
 * bot` once per shard with DISCORD_SHARD_ID / DISCORD_SHARD_COUNT set, so a shard
 * process is exactly the one an operator would start by hand (or with a systemd
 * template), minus what must run once: Telegram and the HTTP API are left to another
 * process, as are the delivery worker and the schedules (`--role bot`). The manager
 * starts the shards one after another, each once the previous is ready (Discord
 * allows one IDENTIFY per 5 s per max_concurrency bucket), restarts a shard process
 * that dies (with a growing wait), and stops them all on SIGINT/SIGTERM. A shard
 * process whose manager is gone stops by itself (index.ts).
 */

/**
 * The `tagwire` entry point the shard processes run: from the sources, bin/tagwire.js;
 * from the build (npm run build), the build's own entry, dist/bin/main.js.
 */
export const TAGWIRE_BIN = fileURLToPath(
  new URL(import.meta.url.endsWith('.ts') ? '../../bin/tagwire.js' : '../../bin/main.js', import.meta.url),
);
/** Between two shard starts by default: Discord's 5 s between IDENTIFYs, with a margin (discord.js's own default). */
export const SHARD_SPAWN_DELAY_MS = 5_500;
/** How long one shard process may take to connect and be ready before the start fails. */
export const SHARD_READY_TIMEOUT_MS = 60_000;
/** After a stop signal, how long shard processes get to stop by themselves (a terminal's Ctrl-C reaches them too) before SIGTERM. */
export const SHARD_STOP_GRACE_MS = 3_000;
/** Then how long until SIGKILL. */
export const SHARD_KILL_AFTER_MS = 15_000;
/** A dead shard process is started again after this long by default, doubling while it keeps dying. */
export const SHARD_RESTART_DELAY_MS = 5_000;
export const SHARD_MAX_RESTART_DELAY_MS = 5 * 60_000;

export const DISCORD_SHARDS_HELP = `Usage: tagwire discord-shards [--count N|auto] [--spawn-delay MS]

Runs the Discord bot's gateway as several shards, one process per shard, each a
\`tagwire start --role bot\` with DISCORD_SHARD_ID and DISCORD_SHARD_COUNT set (Discord
requires sharding from 2,500 servers on). Shard processes take Discord commands only:
run the delivery worker and the schedules (and Telegram, and the HTTP API) in another
process, e.g. \`tagwire start --role worker,scheduler\`. A shard process that dies is
started again. Stops every shard on Ctrl-C (SIGINT) or SIGTERM.

  --count N|auto      how many shards; auto (the default) asks Discord
                      (GET /gateway/bot, about one shard per 1,000 servers)
  --spawn-delay MS    wait between starting two shards (default ${SHARD_SPAWN_DELAY_MS}; Discord
                      allows one gateway login per 5 seconds)
  --restart-delay MS  wait before starting a dead shard process again (default
                      ${SHARD_RESTART_DELAY_MS}, doubling while it keeps dying, at most 5 minutes)`;

export interface ShardsCommandEnv {
  io: { stdout: Writable; stderr: Writable };
  config: Config;
  logger: Logger;
}

export interface DiscordShardsArgs {
  count: number | 'auto';
  spawnDelayMs: number;
  restartDelayMs: number;
}

export class ShardsUsageError extends Error {
  override readonly name = 'ShardsUsageError';
}

/** Parses discord-shards' options; null for --help. */
export function parseShardsArgs(args: readonly string[]): DiscordShardsArgs | null {
  let values;
  try {
    ({ values } = parseArgs({
      args: [...args],
      options: {
        count: { type: 'string' },
        'spawn-delay': { type: 'string' },
        'restart-delay': { type: 'string' },
        help: { type: 'boolean', short: 'h' },
      },
      allowPositionals: false,
      strict: true,
    }));
  } catch (err) {
    throw new ShardsUsageError(err instanceof Error ? err.message : String(err));
  }
  if (values.help === true) return null;
  const countText = values.count ?? 'auto';
  const count = countText === 'auto' ? 'auto' : Number(countText);
  if (count !== 'auto' && (!Number.isInteger(count) || count < 1 || count > 16_384)) {
    throw new ShardsUsageError(`--count takes auto or a whole number from 1 to 16384, not "${countText}".`);
  }
  const milliseconds = (name: 'spawn-delay' | 'restart-delay', fallback: number): number => {
    const text = values[name];
    const n = Number(text ?? fallback);
    if (!Number.isInteger(n) || n < 0 || n > 600_000)
      throw new ShardsUsageError(`--${name} takes milliseconds from 0 to 600000, not "${text ?? ''}".`);
    return n;
  };
  return {
    count,
    spawnDelayMs: milliseconds('spawn-delay', SHARD_SPAWN_DELAY_MS),
    restartDelayMs: milliseconds('restart-delay', SHARD_RESTART_DELAY_MS),
  };
}

/**
 * The shard count Discord recommends for this bot, from GET /gateway/bot at
 * DISCORD_API_ROOT. (discord.js's own `totalShards: 'auto'` always asks discord.com.)
 */
export async function recommendedShardCount(options: { token: string; apiRoot: string }): Promise<number> {
  const rest = new REST({ api: options.apiRoot, retries: 1 }).setToken(options.token);
  try {
    const answer = await rest.get(Routes.gatewayBot());
    const shards = typeof answer === 'object' && answer !== null && 'shards' in answer ? answer.shards : undefined;
    if (typeof shards !== 'number' || !Number.isInteger(shards) || shards < 1)
      throw new Error('Discord answered GET /gateway/bot without a shard count');
    return shards;
  } finally {
    rest.clearHashSweeper();
    rest.clearHandlerSweeper();
  }
}

/** What a shard process gets on top of the manager's environment. */
export function shardEnvironment(id: number, count: number): Record<string, string> {
  return {
    DISCORD_SHARD_ID: String(id),
    DISCORD_SHARD_COUNT: String(count),
    // Run once, elsewhere: a second Telegram poller would steal updates, a second HTTP server would not bind.
    TELEGRAM_BOT_TOKEN: '',
    HTTP_PORT: '',
  };
}

function exited(child: ChildProcess): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null) return Promise.resolve();
  return new Promise((resolve) => {
    child.once('exit', () => resolve());
  });
}

function within(work: Promise<unknown>, ms: number): Promise<boolean> {
  let timer: ReturnType<typeof setTimeout> | undefined;
  return Promise.race([
    work.then(() => true),
    new Promise<boolean>((resolve) => {
      timer = setTimeout(() => resolve(false), ms);
    }),
  ]).finally(() => clearTimeout(timer));
}

/** Stops every shard process: a grace period, then SIGTERM, then SIGKILL. */
async function stopShards(manager: ShardingManager, logger: Logger): Promise<void> {
  const children = [...manager.shards.values()]
    .map((shard) => ({ shard, child: shard.process }))
    .filter((s): s is { shard: Shard; child: ChildProcess } => s.child !== null);
  const all = Promise.all(children.map((c) => exited(c.child)));
  if (await within(all, SHARD_STOP_GRACE_MS)) return;
  for (const { child } of children) if (child.exitCode === null && child.signalCode === null) child.kill('SIGTERM');
  if (await within(all, SHARD_KILL_AFTER_MS)) return;
  for (const { shard, child } of children) {
    if (child.exitCode !== null || child.signalCode !== null) continue;
    logger.error({ shard: shard.id, pid: child.pid }, 'discord shard did not stop; killing it');
    child.kill('SIGKILL');
  }
  await all;
}

/**
 * Restarts a shard process that died after it had been ready: first after
 * `restartDelayMs`, twice as long after each death that follows, up to
 * SHARD_MAX_RESTART_DELAY_MS; being ready again resets the wait. (ShardingManager's own
 * `respawn` restarts at once and forever, which in a crash loop would spend Discord's
 * daily session starts.)
 */
function restartOnDeath(
  created: Shard,
  options: { restartDelayMs: number; stopping: () => boolean; logger: Logger },
): void {
  let delay = options.restartDelayMs;
  let wasReady = false;
  let timer: ReturnType<typeof setTimeout> | undefined;
  created.on('ready', () => {
    wasReady = true;
    delay = options.restartDelayMs;
  });
  created.on('death', () => {
    // Dying before its first ready fails the start instead (runDiscordShards).
    if (options.stopping() || !wasReady) return;
    options.logger.warn({ shard: created.id, restartInMs: delay }, 'discord shard process died; starting it again');
    clearTimeout(timer);
    timer = setTimeout(() => {
      if (options.stopping() || created.process !== null) return;
      created
        .spawn(SHARD_READY_TIMEOUT_MS)
        .catch((err: unknown) => options.logger.error({ err, shard: created.id }, 'discord shard did not start again'));
    }, delay);
    timer.unref();
    delay = Math.min(delay * 2, SHARD_MAX_RESTART_DELAY_MS);
  });
}

/** Runs the shards until a stop signal. Returns the exit code. */
export async function runDiscordShards(args: readonly string[], env: ShardsCommandEnv): Promise<number> {
  const parsed = parseShardsArgs(args);
  if (parsed === null) {
    env.io.stdout.write(`${DISCORD_SHARDS_HELP}\n`);
    return 0;
  }
  const { config, logger } = env;
  const { token, apiRoot, shard } = config.discord;
  if (token === undefined)
    throw new ShardsUsageError('tagwire discord-shards needs DISCORD_TOKEN (and DISCORD_APPLICATION_ID).');
  if (shard !== undefined) {
    throw new ShardsUsageError(
      'DISCORD_SHARD_ID and DISCORD_SHARD_COUNT make one process one shard; tagwire discord-shards runs them all. Unset both, and give --count instead.',
    );
  }
  const count = parsed.count === 'auto' ? await recommendedShardCount({ token, apiRoot }) : parsed.count;
  const manager = new ShardingManager(TAGWIRE_BIN, {
    totalShards: count,
    token,
    mode: 'process',
    respawn: false,
    shardArgs: ['start', '--role', 'bot'],
    execArgv: [],
  });

  let stopping: Promise<void> | null = null;
  let resolveStopped: () => void = () => {};
  const stopped = new Promise<void>((resolve) => {
    resolveStopped = resolve;
  });
  const stop = (): Promise<void> => (stopping ??= stopShards(manager, logger).then(resolveStopped));

  manager.on('shardCreate', (created) => {
    if (typeof created.env === 'object' && created.env !== null)
      Object.assign(created.env, shardEnvironment(created.id, count));
    created.on('spawn', (child) => {
      const pid = 'pid' in child ? child.pid : undefined;
      logger.info({ shard: created.id, count, pid }, 'discord shard process started');
      // Started by the manager's loop after a stop began: stop it too.
      if (stopping !== null && 'kill' in child) child.kill('SIGTERM');
    });
    created.on('ready', () => logger.info({ shard: created.id, count }, 'discord shard ready'));
    created.on('error', (err) => logger.error({ err, shard: created.id }, 'discord shard error'));
    restartOnDeath(created, { restartDelayMs: parsed.restartDelayMs, stopping: () => stopping !== null, logger });
  });

  let signals = 0;
  const onSignal = (signal: NodeJS.Signals) => {
    signals++;
    logger.info({ signal }, signals > 1 ? 'second signal: killing the shards' : 'stopping the shards');
    if (signals > 1) for (const s of manager.shards.values()) s.process?.kill('SIGKILL');
    void stop();
  };
  process.on('SIGINT', onSignal);
  process.on('SIGTERM', onSignal);
  try {
    logger.info({ count, spawnDelayMs: parsed.spawnDelayMs }, 'starting discord shards');
    try {
      await manager.spawn({ amount: count, delay: parsed.spawnDelayMs, timeout: SHARD_READY_TIMEOUT_MS });
      if (stopping === null) logger.info({ count }, 'every discord shard is ready');
    } catch (err) {
      if (stopping === null) {
        logger.error({ err }, 'a discord shard did not start; stopping the others');
        await stop();
        return 1;
      }
    }
    await stopped;
    return 0;
  } finally {
    process.off('SIGINT', onSignal);
    process.off('SIGTERM', onSignal);
  }
}

/** The command as the composition root hands it to the CLI (src/cli.ts); a usage error prints the help (exit code 2). */
export const discordShardsCommand = {
  summary: 'run the Discord gateway as shards, one process each',
  async run(args: string[], env: ShardsCommandEnv): Promise<number> {
    try {
      return await runDiscordShards(args, env);
    } catch (err) {
      if (!(err instanceof ShardsUsageError)) throw err;
      env.io.stderr.write(`${err.message}\n\n${DISCORD_SHARDS_HELP}\n`);
      return 2;
    }
  },
};
