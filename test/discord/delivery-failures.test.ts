import { afterEach, describe, expect, it } from 'vitest';
import { discordErrors } from '../emulators/discord/emulator.ts';
import { MEMBER, MODERATOR, NEWS_CHANNEL_ID } from '../emulators/discord/fixtures.ts';
import { textOf } from '../emulators/discord/messages.ts';
import { waitFor } from '../helpers/core.ts';
import {
  deliveredTo,
  dmsTo,
  messageOf,
  outboxSettled,
  startDiscordTestBot,
  subscriberStatus,
  type DiscordTestBot,
} from './harness.ts';

let t: DiscordTestBot | undefined;
afterEach(async () => {
  await t?.stop();
  t = undefined;
});

const post = (bot: DiscordTestBot, title: string, tags = ['Armenia']) =>
  bot.handle.core.postArticle({ title, tags, body: `${title}, in more words.` }, { postedBy: 'test', notify: true });

const channelPosts = `/channels/${NEWS_CHANNEL_ID}/messages`;

async function deliveryStatuses(bot: DiscordTestBot): Promise<string[]> {
  const rows = await bot.handle.storage.db.selectFrom('deliveries').select('status').orderBy('id').execute();
  return rows.map((r) => r.status);
}

describe('Discord delivery failures, end to end', () => {
  it.each([
    ['a channel limit', false],
    ['the global limit', true],
  ])('waits out a 429 on %s and then delivers, losing nothing and sending once', async (_what, global) => {
    t = await startDiscordTestBot();
    const discord = t.emulator;
    messageOf(await discord.command(MODERATOR, 'channel follow', { tag: 'Armenia' }));
    discord.failNext({ method: 'POST', path: channelPosts }, discordErrors.rateLimited(1, global));
    await post(t, 'Rate limited article');
    await deliveredTo(discord, NEWS_CHANNEL_ID);
    await outboxSettled(t.handle);
    expect(discord.requestsTo('POST', channelPosts).map((r) => r.status)).toEqual([429, 200]);
    expect(discord.channelMessages(NEWS_CHANNEL_ID)).toHaveLength(1);
    expect(await deliveryStatuses(t)).toEqual(['sent']);
    expect(await subscriberStatus(t.handle, NEWS_CHANNEL_ID)).toBe('active');
  });

  it("hands a 429 back to the outbox for Discord's Retry-After instead of waiting inside the REST client", async () => {
    t = await startDiscordTestBot();
    const discord = t.emulator;
    messageOf(await discord.command(MODERATOR, 'channel follow', { tag: 'Armenia' }));
    discord.failNext({ method: 'POST', path: channelPosts }, discordErrors.rateLimited(30));
    await post(t, 'Article behind a long rate limit');
    const row = async () => t!.handle.storage.db.selectFrom('deliveries').selectAll().executeTakeFirstOrThrow();
    await waitFor(
      async () => (await row()).status === 'queued' && (await row()).last_error !== null,
      'the delivery to be rescheduled',
    );
    const rescheduled = await row();
    expect(rescheduled.last_error).toContain('rate limited');
    expect(rescheduled.attempts).toBe(0);
    expect(rescheduled.next_attempt_at - rescheduled.updated_at).toBeGreaterThanOrEqual(30_000);
    expect(discord.requestsTo('POST', channelPosts)).toHaveLength(1);
  });

  it('retries a 5xx later and delivers once', async () => {
    t = await startDiscordTestBot();
    const discord = t.emulator;
    messageOf(await discord.command(MODERATOR, 'channel follow', { tag: 'Armenia' }));
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
    const dmChannel = discord.ensureDmChannel(MEMBER.id);
    discord.failNext({ method: 'POST', path: `/channels/${dmChannel}/messages` }, discordErrors.cannotDm);
    await post(t, 'Undeliverable article');
    await waitFor(
      async () => (await subscriberStatus(t!.handle, MEMBER.id)) === 'deactivated',
      'the DM subscription to be deactivated',
    );
    expect(await deliveryStatuses(t)).toEqual(['failed']);
    expect(discord.dmMessages(MEMBER.id)).toEqual([]);

    const next = messageOf(await discord.command(MEMBER, 'tags'));
    expect(textOf(next)).toContain('I could not DM you');
    expect(textOf(next)).toContain('allow direct messages');
    // Told once.
    expect(textOf(messageOf(await discord.command(MEMBER, 'tags')))).not.toContain('I could not DM you');

    expect(textOf(messageOf(await discord.command(MEMBER, 'start')))).toContain('Welcome back');
    expect(await subscriberStatus(t.handle, MEMBER.id)).toBe('active');
    await post(t, 'Deliverable article');
    const [dm] = await dmsTo(discord, MEMBER.id);
    expect(textOf(dm ?? { content: '', embeds: [] })).toContain('Deliverable article');
  });

  it('10003 (unknown channel) deactivates the channel subscription', async () => {
    t = await startDiscordTestBot();
    const discord = t.emulator;
    messageOf(await discord.command(MODERATOR, 'channel follow', { tag: 'Armenia' }));
    messageOf(await discord.command(MEMBER, 'follow', { tag: 'Armenia' }));
    discord.failNext({ method: 'POST', path: channelPosts }, discordErrors.unknownChannel);
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
    expect(discord.requestsTo('POST', channelPosts)).toHaveLength(1);
  });

  it.each([
    ['50001 missing access', discordErrors.missingAccess, 'cannot see this channel'],
    ['50013 missing permissions', discordErrors.missingPermissions, 'lack a permission in this channel'],
  ])(
    '%s pauses the channel, stops sending to it, tells the moderator what to grant, and /channel list resumes it',
    async (_name, error, why) => {
      t = await startDiscordTestBot();
      const discord = t.emulator;
      messageOf(await discord.command(MODERATOR, 'channel follow', { tag: 'Armenia' }));
      discord.failNext({ method: 'POST', path: channelPosts }, error);
      await post(t, 'First article');
      await waitFor(
        async () => (await subscriberStatus(t!.handle, NEWS_CHANNEL_ID)) === 'paused',
        'the channel to be paused',
      );
      await post(t, 'Second article, while paused');
      // Nothing is sent to a paused channel: no second request.
      expect(await t.bot.worker.drainDue()).toBe(0);
      expect(discord.requestsTo('POST', channelPosts)).toHaveLength(1);

      const list = messageOf(await discord.command(MODERATOR, 'channel list'));
      const text = textOf(list);
      expect(text).toContain(`Discord says I ${why}`);
      expect(text).toContain('View Channel, Send Messages and Embed Links');
      expect(text).toContain('were paused and are now resumed.');
      expect(await subscriberStatus(t.handle, NEWS_CHANNEL_ID)).toBe('active');

      await post(t, 'Third article, after the fix');
      const [delivered] = await deliveredTo(discord, NEWS_CHANNEL_ID);
      expect(textOf(delivered ?? { content: '', embeds: [] })).toContain('Third article, after the fix');
      await outboxSettled(t.handle);
      expect(await deliveryStatuses(t)).toEqual(['failed', 'sent']);
      expect(discord.requestsTo('POST', channelPosts).map((r) => r.status)).toEqual([403, 200]);
    },
  );
});
