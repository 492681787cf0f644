import { afterEach, describe, expect, it } from 'vitest';
import { startDiscordEmulator, type DiscordEmulator } from '../emulators/discord/emulator.ts';
import {
  actor,
  extraChannelId,
  GENERAL_CHANNEL_ID,
  guildWithChannels,
  MODERATOR,
  NEWS_CHANNEL_ID,
} from '../emulators/discord/fixtures.ts';
import { embedsOf } from '../emulators/discord/messages.ts';
import { APPLICATION_ID, messageOf, outboxSettled, startDiscordTestBot, type DiscordTestBot } from './harness.ts';

/**
 * Deliveries at full speed against the enforcing emulator, with Discord's own limits
 * (5 messages per 5 s per channel, 50 requests a second per bot): the worker's pacing
 * at DISCORD_MAX_PER_SECOND (50 by default) and one message a second per channel, plus
 * the sender's count of DM-channel opens, keep every request inside them. Steady state
 * meets no 429.
 */
let t: DiscordTestBot | undefined;
let emulator: DiscordEmulator | undefined;
afterEach(async () => {
  await t?.stop();
  t = undefined;
  await emulator?.close();
  emulator = undefined;
});

const EXTRA_CHANNELS = 45;
const ARTICLES = 6;
const READERS = Array.from({ length: 3 }, (_, i) => actor(`94000000000000010${i}`, `reader${i}`));

/** The most requests counted by Discord's global limit in any one second. */
function busiestSecond(discord: DiscordEmulator): number {
  const times = discord.requests
    .filter((r) => !/^\/(?:interactions|webhooks)\//u.test(r.path))
    .map((r) => r.at)
    .sort((a, b) => a - b);
  let most = 0;
  for (let first = 0, last = 0; last < times.length; last++) {
    while ((times[last] ?? 0) - (times[first] ?? 0) >= 1000) first++;
    most = Math.max(most, last - first + 1);
  }
  return most;
}

describe('Discord deliveries at the configured pace', () => {
  it(`delivers ${ARTICLES} articles to ${EXTRA_CHANNELS + 2} channels and ${READERS.length} DMs at 50 a second with no 429, in order, nothing lost`, async () => {
    emulator = await startDiscordEmulator({
      applicationId: APPLICATION_ID,
      guilds: [guildWithChannels(EXTRA_CHANNELS)],
    });
    t = await startDiscordTestBot({ emulator });
    const discord = emulator;
    const channels = [
      NEWS_CHANNEL_ID,
      GENERAL_CHANNEL_ID,
      ...Array.from({ length: EXTRA_CHANNELS }, (_, i) => extraChannelId(i + 1)),
    ];
    for (const channel of channels)
      messageOf(await discord.command(MODERATOR, 'channel follow', { tag: 'Armenia' }, { channel }));
    for (const reader of READERS) messageOf(await discord.command(reader, 'follow', { tag: 'Armenia' }, 'dm'));
    discord.advanceTime(1_000); // start-up requests out of the window

    const titles = Array.from({ length: ARTICLES }, (_, i) => `Armenia update ${i + 1}`);
    for (const title of titles)
      await t.handle.core.postArticle(
        { title, tags: ['Armenia'], body: `${title}.` },
        { postedBy: 'test', notify: true },
      );
    await outboxSettled(t.handle, 40_000);

    const titlesIn = (channel: string) => discord.channelMessages(channel).map((m) => embedsOf(m)[0]?.title);
    for (const channel of channels) expect(titlesIn(channel)).toEqual(titles);
    for (const reader of READERS)
      expect(discord.dmMessages(reader.id).map((m) => embedsOf(m)[0]?.title)).toEqual(titles);
    expect(discord.rateLimits.refusals).toEqual([]);
    // At the limit, not below it: the busiest second came close to Discord's 50.
    expect(busiestSecond(discord)).toBeLessThanOrEqual(50);
    expect(busiestSecond(discord)).toBeGreaterThanOrEqual(35);
    const sends = discord.requests.filter(
      (r) => r.method === 'POST' && /\/messages$/u.test(r.path) && r.status === 200,
    );
    expect(sends).toHaveLength(ARTICLES * (channels.length + READERS.length));
    // No send failed: pacing only ever rescheduled, which is not an attempt.
    const rows = await t.handle.storage.db.selectFrom('deliveries').select(['status', 'attempts']).execute();
    expect(rows.filter((r) => r.status !== 'sent' || r.attempts > 0)).toEqual([]);
  }, 60_000);
});
