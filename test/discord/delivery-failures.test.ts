import { afterEach, describe, expect, it } from 'vitest';
import { discordErrors, startDiscordEmulator, type DiscordEmulator } from '../emulators/discord/emulator.ts';
import {
  BOT_ROLE_ID,
  BOT_USER_ID,
  GUILD_ID,
  MEMBER,
  MODERATOR,
  NEWS_CHANNEL_ID,
  PERMISSIONS,
  THREAD_CHANNEL_ID,
  type OverwriteFixture,
} from '../emulators/discord/fixtures.ts';
import { embedsOf, textOf, type EmulatedMessage } from '../emulators/discord/messages.ts';
import type { RateLimitRules } from '../emulators/discord/rate-limits.ts';
import { waitFor } from '../helpers/core.ts';
import {
  APPLICATION_ID,
  deliveredTo,
  dmsTo,
  messageOf,
  outboxSettled,
  startDiscordTestBot,
  subscriberStatus,
  type DiscordTestBot,
} from './harness.ts';

/**
 * What happens when Discord refuses a delivery. The refusals come from the emulator's
 * state, as they would from Discord's: rate limits another process of the bot used up,
 * permissions taken away with an overwrite, closed DMs, a deleted channel. Only the 5xx
 * is scripted.
 */
let t: DiscordTestBot | undefined;
let shared: DiscordEmulator | undefined;
afterEach(async () => {
  await t?.stop();
  t = undefined;
  await shared?.close();
  shared = undefined;
});

/** A bot on an emulator with these rate limits (Discord's otherwise). */
async function startWith(rateLimits: Partial<RateLimitRules>): Promise<DiscordTestBot> {
  shared = await startDiscordEmulator({ applicationId: APPLICATION_ID, rateLimits });
  return startDiscordTestBot({ emulator: shared });
}

const post = (bot: DiscordTestBot, title: string, tags = ['Armenia']) =>
  bot.handle.core.postArticle({ title, tags, body: `${title}, in more words.` }, { postedBy: 'test', notify: true });

const channelPosts = `/channels/${NEWS_CHANNEL_ID}/messages`;

/** Requests made by another process of the same bot (same token), which the bot's REST client knows nothing of. */
const otherProcess = (discord: DiscordEmulator, path: string, method = 'GET', body?: unknown) =>
  fetch(`${discord.url}/api/v10${path}`, {
    method,
    headers: { 'Content-Type': 'application/json', Authorization: `Bot ${discord.token}` },
    ...(body === undefined ? {} : { body: JSON.stringify(body) }),
  });

/** The bot's own sends to a channel (with their nonce), not another process's. */
const botSends = (discord: DiscordEmulator, path = channelPosts) =>
  discord
    .requestsTo('POST', path)
    .filter((r) => JSON.stringify(r.body).includes('"nonce":"tagwire-'))
    .map((r) => r.status);

async function deliveryStatuses(bot: DiscordTestBot): Promise<string[]> {
  const rows = await bot.handle.storage.db.selectFrom('deliveries').select('status').orderBy('id').execute();
  return rows.map((r) => r.status);
}

const text = (message: EmulatedMessage | undefined) => textOf(message ?? { content: '', embeds: [] });

describe('Discord delivery failures, end to end', () => {
  it("waits out a 429 on a channel's bucket another process used up, then delivers, losing nothing and sending once", async () => {
    // Discord's 5 per 5 s shortened to 5 per second: the test is about the 429, not the window.
    t = await startWith({ channelMessages: { limit: 5, windowMs: 1_000 } });
    const discord = t.emulator;
    messageOf(await discord.command(MODERATOR, 'channel follow', { tag: 'Armenia' }));
    for (let i = 0; i < 5; i++)
      expect((await otherProcess(discord, channelPosts, 'POST', { content: `other ${i}` })).status).toBe(200);
    await post(t, 'Rate limited article');
    await waitFor(() => discord.channelMessages(NEWS_CHANNEL_ID).length === 6, 'the delivery');
    await outboxSettled(t.handle);
    expect(botSends(discord)).toEqual([429, 200]);
    expect(discord.rateLimits.refusals.map((r) => r.global)).toEqual([false]);
    expect(await deliveryStatuses(t)).toEqual(['sent']);
    expect(await subscriberStatus(t.handle, NEWS_CHANNEL_ID)).toBe('active');
  });

  it('waits out a global 429 (another process used the second up), then delivers, losing nothing and sending once', async () => {
    t = await startDiscordTestBot();
    const discord = t.emulator;
    messageOf(await discord.command(MODERATOR, 'channel follow', { tag: 'Armenia' }));
    discord.advanceTime(1_000); // the second of the bot's start-up requests is over
    const others = await Promise.all(Array.from({ length: 50 }, () => otherProcess(discord, '/users/@me')));
    expect(others.map((r) => r.status)).toEqual(Array.from({ length: 50 }, () => 200));
    await post(t, 'Globally rate limited article');
    await deliveredTo(discord, NEWS_CHANNEL_ID);
    await outboxSettled(t.handle);
    expect(botSends(discord)).toEqual([429, 200]);
    expect(discord.rateLimits.refusals.map((r) => [r.path, r.global])).toEqual([[channelPosts, true]]);
    expect(discord.channelMessages(NEWS_CHANNEL_ID)).toHaveLength(1);
    expect(await deliveryStatuses(t)).toEqual(['sent']);
  });

  it("hands a 429 back to the outbox for Discord's Retry-After instead of waiting inside the REST client", async () => {
    t = await startWith({ channelMessages: { limit: 1, windowMs: 30_000 } });
    const discord = t.emulator;
    messageOf(await discord.command(MODERATOR, 'channel follow', { tag: 'Armenia' }));
    expect((await otherProcess(discord, channelPosts, 'POST', { content: 'other' })).status).toBe(200);
    await post(t, 'Article behind a long rate limit');
    const row = async () => t!.handle.storage.db.selectFrom('deliveries').selectAll().executeTakeFirstOrThrow();
    await waitFor(
      async () => (await row()).status === 'queued' && (await row()).last_error !== null,
      'the delivery to be rescheduled',
    );
    const rescheduled = await row();
    expect(rescheduled.last_error).toContain('rate limited');
    expect(rescheduled.attempts).toBe(0);
    expect(rescheduled.next_attempt_at - rescheduled.updated_at).toBeGreaterThanOrEqual(29_000);
    expect(botSends(discord)).toEqual([429]);
  });

  it('retries a 5xx later and delivers once', async () => {
    t = await startDiscordTestBot();
    const discord = t.emulator;
    messageOf(await discord.command(MODERATOR, 'channel follow', { tag: 'Armenia' }));
    // A server error is the one fault the emulator's state cannot express: it is scripted.
    discord.failNext({ method: 'POST', path: channelPosts }, discordErrors.serverError(502));
    await post(t, 'Flaky gateway article');
    await deliveredTo(discord, NEWS_CHANNEL_ID);
    await outboxSettled(t.handle);
    expect(discord.requestsTo('POST', channelPosts).map((r) => r.status)).toEqual([502, 200]);
    expect(discord.channelMessages(NEWS_CHANNEL_ID)).toHaveLength(1);
    expect(await subscriberStatus(t.handle, NEWS_CHANNEL_ID)).toBe('active');
  });

  it("50007 (DMs closed) deactivates the member's DM subscription, tells them on their next command, and /start brings it back", async () => {
    t = await startDiscordTestBot();
    const discord = t.emulator;
    messageOf(await discord.command(MEMBER, 'follow', { tag: 'Armenia' }));
    discord.closeDms(MEMBER.id);
    await post(t, 'Undeliverable article');
    await waitFor(
      async () => (await subscriberStatus(t!.handle, MEMBER.id)) === 'deactivated',
      'the DM subscription to be deactivated',
    );
    expect(await deliveryStatuses(t)).toEqual(['failed']);
    expect(discord.dmMessages(MEMBER.id)).toEqual([]);
    const dmPosts = `/channels/${discord.dmChannelOf(MEMBER.id) ?? ''}/messages`;
    expect(discord.requestsTo('POST', dmPosts).map((r) => r.status)).toEqual([403]);

    const next = messageOf(await discord.command(MEMBER, 'tags'));
    expect(textOf(next)).toContain('I could not DM you');
    expect(textOf(next)).toContain('allow direct messages');
    // Told once.
    expect(textOf(messageOf(await discord.command(MEMBER, 'tags')))).not.toContain('I could not DM you');

    discord.openDms(MEMBER.id);
    expect(textOf(messageOf(await discord.command(MEMBER, 'start')))).toContain('Welcome back');
    expect(await subscriberStatus(t.handle, MEMBER.id)).toBe('active');
    await post(t, 'Deliverable article');
    const [dm] = await dmsTo(discord, MEMBER.id);
    expect(text(dm)).toContain('Deliverable article');
  });

  it('10003 (the channel was deleted) deactivates the channel subscription', async () => {
    t = await startDiscordTestBot();
    const discord = t.emulator;
    messageOf(await discord.command(MODERATOR, 'channel follow', { tag: 'Armenia' }));
    messageOf(await discord.command(MEMBER, 'follow', { tag: 'Armenia' }));
    discord.deleteChannel(NEWS_CHANNEL_ID);
    await post(t, 'Article for a deleted channel');
    await waitFor(
      async () => (await subscriberStatus(t!.handle, NEWS_CHANNEL_ID)) === 'deactivated',
      'the channel to be deactivated',
    );
    await dmsTo(discord, MEMBER.id);
    expect(await subscriberStatus(t.handle, MEMBER.id)).toBe('active');
    await post(t, 'A second article');
    await dmsTo(discord, MEMBER.id, 2);
    await outboxSettled(t.handle);
    expect(discord.requestsTo('POST', channelPosts).map((r) => r.status)).toEqual([404]);
  });

  const botMember = (deny: bigint): OverwriteFixture => ({ id: BOT_USER_ID, type: 1, deny });
  it.each([
    [
      '50001: the bot may not view the channel',
      botMember(PERMISSIONS.viewChannel),
      'cannot see this channel',
      [403, 200],
    ],
    [
      '50013: the channel is locked for @everyone (Send Messages denied)',
      { id: GUILD_ID, type: 0, deny: PERMISSIONS.sendMessages } as const,
      'lack a permission in this channel',
      [403, 200],
    ],
    [
      "the bot's role lacks Embed Links (Discord drops the embed; the bare card is deleted)",
      { id: BOT_ROLE_ID, type: 0, deny: PERMISSIONS.embedLinks } as const,
      'lack a permission in this channel',
      [200, 200],
    ],
  ] satisfies [string, OverwriteFixture, string, number[]][])(
    '%s: pauses the channel, stops sending to it, tells the moderator what to grant, and /channel list resumes it once fixed',
    async (_name, overwrite, why, statuses) => {
      t = await startDiscordTestBot();
      const discord = t.emulator;
      messageOf(await discord.command(MODERATOR, 'channel follow', { tag: 'Armenia' }));
      discord.setOverwrite(NEWS_CHANNEL_ID, overwrite);
      await post(t, 'First article');
      await waitFor(
        async () => (await subscriberStatus(t!.handle, NEWS_CHANNEL_ID)) === 'paused',
        'the channel to be paused',
      );
      expect(discord.channelMessages(NEWS_CHANNEL_ID)).toEqual([]);
      await post(t, 'Second article, while paused');
      // Nothing is sent to a paused channel: no second request.
      expect(await t.bot.worker.drainDue()).toBe(0);
      expect(discord.requestsTo('POST', channelPosts)).toHaveLength(1);

      // The moderator fixes the permissions, then uses /channel list there.
      discord.removeOverwrite(NEWS_CHANNEL_ID, overwrite.id);
      const list = messageOf(await discord.command(MODERATOR, 'channel list'));
      expect(textOf(list)).toContain(`Discord says I ${why}`);
      expect(textOf(list)).toContain('View Channel, Send Messages and Embed Links');
      expect(textOf(list)).toContain('were paused and are now resumed.');
      expect(await subscriberStatus(t.handle, NEWS_CHANNEL_ID)).toBe('active');

      await post(t, 'Third article, after the fix');
      const [delivered] = await deliveredTo(discord, NEWS_CHANNEL_ID);
      expect(text(delivered)).toContain('Third article, after the fix');
      expect(embedsOf(delivered ?? { embeds: [] })).toHaveLength(1);
      await outboxSettled(t.handle);
      expect(await deliveryStatuses(t)).toEqual(['failed', 'sent']);
      expect(discord.requestsTo('POST', channelPosts).map((r) => r.status)).toEqual(statuses);
      // Only the card Discord posted without its embed was deleted.
      expect(discord.requestsTo('DELETE', /^\/channels\/\d+\/messages\/\d+$/u)).toHaveLength(
        statuses[0] === 200 ? 1 : 0,
      );
    },
  );

  it('in a thread, posting takes Send Messages in Threads: without it the thread is paused, with it resumed', async () => {
    t = await startDiscordTestBot();
    const discord = t.emulator;
    const where = { channel: THREAD_CHANNEL_ID };
    messageOf(await discord.command(MODERATOR, 'channel follow', { tag: 'Armenia' }, where));
    // Overwrites on the parent channel apply to its threads.
    discord.setOverwrite(THREAD_CHANNEL_ID, { id: GUILD_ID, type: 0, deny: PERMISSIONS.sendMessagesInThreads });
    await post(t, 'First article');
    await waitFor(
      async () => (await subscriberStatus(t!.handle, THREAD_CHANNEL_ID)) === 'paused',
      'the thread to be paused',
    );
    const threadPosts = `/channels/${THREAD_CHANNEL_ID}/messages`;
    expect(discord.requestsTo('POST', threadPosts).map((r) => r.status)).toEqual([403]);
    // Send Messages alone does not let the bot post in a thread.
    discord.setOverwrite(THREAD_CHANNEL_ID, { id: BOT_ROLE_ID, type: 0, allow: PERMISSIONS.sendMessages });
    expect(discord.botMay(THREAD_CHANNEL_ID, PERMISSIONS.sendMessagesInThreads)).toBe(false);
    discord.setOverwrite(THREAD_CHANNEL_ID, { id: BOT_ROLE_ID, type: 0, allow: PERMISSIONS.sendMessagesInThreads });
    const list = textOf(messageOf(await discord.command(MODERATOR, 'channel list', {}, where)));
    expect(list).toContain('in a thread, also Send Messages in Threads');
    await post(t, 'Second article, after the fix');
    const [delivered] = await deliveredTo(discord, THREAD_CHANNEL_ID);
    expect(text(delivered)).toContain('Second article, after the fix');
    expect(discord.channelMessages(NEWS_CHANNEL_ID)).toEqual([]);
  });
});
