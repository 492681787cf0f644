import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { calculateShardId } from 'discord.js';
import { afterEach, describe, expect, it } from 'vitest';
import type { Core } from '../../src/index.ts';
import { waitFor } from '../helpers/core.ts';
import { startDiscordEmulator, type DiscordEmulator } from '../emulators/discord/emulator.ts';
import {
  BRIEFING_CHANNEL_ID,
  defaultGuild,
  GUILD_ID,
  MEMBER,
  MODERATOR,
  NEWS_CHANNEL_ID,
  OTHER_GUILD_ID,
  otherGuild,
} from '../emulators/discord/fixtures.ts';
import { shardOf } from '../emulators/discord/gateway.ts';
import { textOf } from '../emulators/discord/messages.ts';
import {
  APPLICATION_ID,
  deliveredTo,
  messageOf,
  outboxSettled,
  startDiscordTestBot,
  subscriberStatus,
  type DiscordTestBot,
} from './harness.ts';

/**
 * Sharding (DISCORD_SHARD_ID of DISCORD_SHARD_COUNT): two bots, one shard each, on one
 * database, as two `tagwire start` processes would be. Discord sends each shard only
 * its own servers' events; the emulator does the same (gateway.ts).
 */
let emulator: DiscordEmulator | undefined;
const bots: DiscordTestBot[] = [];
let dir: string | undefined;
afterEach(async () => {
  for (const bot of bots.reverse()) await bot.stop();
  bots.length = 0;
  await emulator?.close();
  emulator = undefined;
  if (dir) rmSync(dir, { recursive: true, force: true });
  dir = undefined;
});

interface Handled {
  shard: number;
  command: string;
}

/** The core as one shard's adapter sees it, recording which shard ran each command. */
const recordingCore =
  (shard: number, handled: Handled[]) =>
  (core: Core): Core => ({
    ...core,
    handleCommand: (ctx, text) => {
      handled.push({ shard, command: text });
      return core.handleCommand(ctx, text);
    },
    followMentioning: (ctx, tags, role) => {
      handled.push({ shard, command: `/channel follow ${tags}` });
      return core.followMentioning(ctx, tags, role);
    },
  });

describe('Discord sharding, end to end', () => {
  it('computes the owner shard as Discord does: (guild_id >> 22) % count, DMs on shard 0', () => {
    expect(shardOf(GUILD_ID, 2)).toBe(1);
    expect(shardOf(OTHER_GUILD_ID, 2)).toBe(0);
    expect(shardOf(GUILD_ID, 1)).toBe(0);
    expect(shardOf(null, 4)).toBe(0);
    // The same as discord.js's own calculation.
    for (const id of ['175928847299117063', '81384788765712384', '1100000000000000001']) {
      for (const count of [1, 2, 3, 16, 1000]) expect(shardOf(id, count)).toBe(calculateShardId(id, count));
    }
  });

  it('runs two shards on one database: each gets and answers only its servers, shard 0 the DMs, and one registers the commands', async () => {
    emulator = await startDiscordEmulator({ applicationId: APPLICATION_ID, guilds: [defaultGuild(), otherGuild()] });
    dir = mkdtempSync(join(tmpdir(), 'tagwire-shards-'));
    const handled: Handled[] = [];
    const env = (id: number) => ({
      DATABASE_URL: `sqlite:${join(dir!, 'tagwire.db')}`,
      DISCORD_SHARD_ID: String(id),
      DISCORD_SHARD_COUNT: '2',
    });
    // Shard 0 also drains the outbox; shard 1 only takes commands (`start --role bot`).
    bots.push(await startDiscordTestBot({ emulator, env: env(0), wrapCore: recordingCore(0, handled) }));
    bots.push(
      await startDiscordTestBot({ emulator, env: env(1), roles: ['bot'], wrapCore: recordingCore(1, handled) }),
    );
    const discord = emulator;
    const [shard0] = bots;
    if (!shard0) throw new Error('no shard 0');

    expect(discord.gateway.identifies.map((i) => i.shard)).toEqual([
      [0, 2],
      [1, 2],
    ]);
    expect(
      discord.gateway.dispatched.filter((d) => d.type === 'GUILD_CREATE').map((d) => [d.shard[0], d.guildId]),
    ).toEqual([
      [0, OTHER_GUILD_ID],
      [1, GUILD_ID],
    ]);
    expect(discord.requestsTo('PUT', `/applications/${APPLICATION_ID}/commands`)).toHaveLength(1);

    const answered = async (
      who: typeof MEMBER,
      name: string,
      values: Record<string, string>,
      where: Parameters<DiscordEmulator['command']>[3],
    ) => {
      handled.length = 0;
      const before = discord.gateway.dispatched.length;
      const text = textOf(messageOf(await discord.command(who, name, values, where)));
      const sentTo = discord.gateway.dispatched
        .slice(before)
        .filter((d) => d.type === 'INTERACTION_CREATE')
        .map((d) => d.shard[0]);
      return { text, sentTo, handledBy: handled.map((h) => h.shard) };
    };
    // A server of shard 1: only shard 1 gets the interaction and answers it.
    expect(await answered(MEMBER, 'follow', { tag: 'Armenia' }, { channel: NEWS_CHANNEL_ID })).toEqual({
      text: expect.stringContaining('Now following #Armenia') as unknown as string,
      sentTo: [1],
      handledBy: [1],
    });
    // A server of shard 0, and a DM: shard 0.
    expect(await answered(MEMBER, 'follow', { tag: 'Oil' }, { channel: BRIEFING_CHANNEL_ID })).toEqual({
      text: expect.stringContaining('Now following #Oil') as unknown as string,
      sentTo: [0],
      handledBy: [0],
    });
    expect(await answered(MEMBER, 'tags', {}, 'dm')).toEqual({
      text: expect.stringContaining('#Armenia') as unknown as string,
      sentTo: [0],
      handledBy: [0],
    });
    expect(
      (await answered(MODERATOR, 'channel follow', { tag: 'Oil' }, { channel: BRIEFING_CHANNEL_ID })).handledBy,
    ).toEqual([0]);
    expect(
      (await answered(MODERATOR, 'channel follow', { tag: 'Oil' }, { channel: NEWS_CHANNEL_ID })).handledBy,
    ).toEqual([1]);
    // Every interaction was answered once.
    for (const record of discord.interactions.values()) expect(record.callbacks).toHaveLength(1);

    // Deliveries go over REST, whichever shard owns the channel: one worker serves both servers.
    await shard0.handle.core.postArticle(
      { title: 'Oil output steady', tags: ['Oil'], body: 'Output held steady.' },
      { postedBy: 'test', notify: true },
    );
    await deliveredTo(discord, BRIEFING_CHANNEL_ID);
    await deliveredTo(discord, NEWS_CHANNEL_ID);
    await outboxSettled(shard0.handle);

    // Removed from shard 1's server: only shard 1 hears it, and its channels stop.
    discord.guildDelete(GUILD_ID);
    expect(discord.gateway.dispatched.filter((d) => d.type === 'GUILD_DELETE').map((d) => d.shard[0])).toEqual([1]);
    await waitFor(
      async () => (await subscriberStatus(shard0.handle, NEWS_CHANNEL_ID)) === 'deactivated',
      "the removed server's channel to stop",
    );
    expect(await subscriberStatus(shard0.handle, BRIEFING_CHANNEL_ID)).toBe('active');
  });
});
