import { afterEach, describe, expect, it } from 'vitest';
import {
  BOT_PERMISSIONS,
  BOT_ROLE_ID,
  FORUM_CHANNEL_ID,
  MEMBER,
  MODERATOR,
  NEWS_CHANNEL_ID,
  PERMISSIONS,
  THREAD_CHANNEL_ID,
} from '../emulators/discord/fixtures.ts';
import { buttonsOf, embedsOf, textOf } from '../emulators/discord/messages.ts';
import { waitFor } from '../helpers/core.ts';
import { consoleCtx, replyText } from '../helpers/reply.ts';
import { deliveredTo, messageOf, outboxSettled, startDiscordTestBot, type DiscordTestBot } from './harness.ts';
import { cardUpdatesSettled } from '../helpers/card-updates.ts';

/**
 * `/channel identity`: a channel's cards posted under a name and picture of its own,
 * through a webhook the bot makes there (Manage Webhooks), edited and deleted through it;
 * without the permission the cards come from the bot itself.
 */

let t: DiscordTestBot | undefined;
afterEach(async () => {
  await t?.stop();
  t = undefined;
});

const post = (bot: DiscordTestBot, title: string) =>
  bot.handle.core.postArticle({ title, tags: ['Armenia'], body: 'Text.' }, { postedBy: 'test', notify: true });

describe('Discord channel identity', () => {
  it('posts a channel’s cards under its name and picture through a webhook, and corrects them there', async () => {
    t = await startDiscordTestBot();
    const discord = t.emulator;
    discord.setRolePermissions(BOT_ROLE_ID, BOT_PERMISSIONS | PERMISSIONS.manageWebhooks);
    const saved = messageOf(
      await discord.command(MODERATOR, 'channel identity', {
        name: 'Armenia Wire',
        picture: 'https://news.example/logo.png',
      }),
    );
    expect(textOf(saved)).toContain('Saved: the next cards here are posted under this name.');
    expect(textOf(saved)).toContain('posted as “Armenia Wire”, with the picture https://news.example/logo.png');
    messageOf(await discord.command(MODERATOR, 'channel follow', { tag: 'Armenia' }));
    const { article } = await post(t, 'Yerevan under a name of its own');
    const [card] = await deliveredTo(discord, NEWS_CHANNEL_ID);
    expect(card?.webhook).toMatchObject({ username: 'Armenia Wire', avatarUrl: 'https://news.example/logo.png' });
    expect(embedsOf(card!)[0]?.title).toBe('Yerevan under a name of its own');
    expect(buttonsOf(card!).length).toBeGreaterThan(0);
    expect([...discord.webhooks.values()].filter((w) => w.channelId === NEWS_CHANNEL_ID)).toHaveLength(1);
    await outboxSettled(t.handle);

    // A correction goes through the webhook (the bot may not edit another author's message).
    await t.handle.core.handleCommand(consoleCtx, `/edit ${article.publicId}\ntitle: Yerevan, corrected\n\nText.`);
    await cardUpdatesSettled(t.handle.deps.stores);
    expect(embedsOf(discord.messages.get(card!.id)!)[0]?.title).toBe('Yerevan, corrected');
    expect(discord.messages.get(card!.id)?.edits).toBe(1);

    // /delete everywhere deletes through the webhook too.
    await outboxSettled(t.handle);
    const deleted = await t.handle.core.handleCommand(consoleCtx, `/delete ${article.publicId} everywhere`);
    expect(replyText(deleted)).toContain('Its 1 delivered card is being deleted.');
    await cardUpdatesSettled(t.handle.deps.stores);
    expect(discord.messages.get(card!.id)).toBeUndefined();
    expect(await t.handle.deps.stores.cardUpdates.countByStatus()).toEqual({ done: 1 });

    // A moderator deletes the webhook: the next card makes a new one, and nothing is lost.
    const [hook] = [...discord.webhooks.values()];
    discord.deleteWebhook(hook!.id);
    await post(t, 'After the webhook was deleted');
    const [fresh] = await deliveredTo(discord, NEWS_CHANNEL_ID);
    expect(fresh?.webhook?.username).toBe('Armenia Wire');
    expect(fresh?.webhook?.webhookId).not.toBe(hook!.id);
    await outboxSettled(t.handle);
    expect((await t.handle.deps.stores.outbox.countByStatus()).failed ?? 0).toBe(0);
  });

  it('posts under the identity in a forum (a post the webhook owns) and in a thread, and corrects them there', async () => {
    t = await startDiscordTestBot();
    const discord = t.emulator;
    discord.setRolePermissions(BOT_ROLE_ID, BOT_PERMISSIONS | PERMISSIONS.manageWebhooks);
    const forum = { name: 'Forum Wire', channel: FORUM_CHANNEL_ID };
    messageOf(await discord.command(MODERATOR, 'channel identity', forum));
    messageOf(await discord.command(MODERATOR, 'channel follow', { tag: 'Armenia', channel: FORUM_CHANNEL_ID }));
    const inThread = { channel: THREAD_CHANNEL_ID };
    messageOf(await discord.command(MODERATOR, 'channel identity', { name: 'Thread Wire' }, inThread));
    messageOf(await discord.command(MODERATOR, 'channel follow', { tag: 'Armenia' }, inThread));
    const { article } = await post(t, 'Posts of their own');
    await waitFor(() => discord.forumPosts(FORUM_CHANNEL_ID).length === 1, 'the forum post');
    const [threadCard] = await deliveredTo(discord, THREAD_CHANNEL_ID);
    const forumPost = discord.forumPosts(FORUM_CHANNEL_ID)[0];
    expect(forumPost?.starter.webhook?.username).toBe('Forum Wire');
    expect(forumPost?.thread.name).toBe('Posts of their own');
    expect(threadCard?.webhook?.username).toBe('Thread Wire');
    // The forum has a webhook of its own; the thread posts through its parent's.
    expect(new Set([...discord.webhooks.values()].map((w) => w.channelId))).toEqual(
      new Set([FORUM_CHANNEL_ID, NEWS_CHANNEL_ID]),
    );
    await outboxSettled(t.handle);

    await t.handle.core.handleCommand(consoleCtx, `/edit ${article.publicId}\ntitle: Posts, corrected\n\nText.`);
    await cardUpdatesSettled(t.handle.deps.stores);
    for (const card of [forumPost!.starter, threadCard!]) {
      expect(embedsOf(discord.messages.get(card.id)!)[0]?.title).toBe('Posts, corrected');
      expect(discord.messages.get(card.id)?.edits).toBe(1);
    }
    // The webhook owns the post: without Manage Threads the bot may not rename it, so it keeps its name.
    expect(discord.forumPosts(FORUM_CHANNEL_ID)[0]?.thread.name).toBe('Posts of their own');
    expect(await t.handle.deps.stores.cardUpdates.countByStatus()).toEqual({ done: 2 });

    await t.handle.core.handleCommand(consoleCtx, `/delete ${article.publicId} everywhere`);
    await cardUpdatesSettled(t.handle.deps.stores);
    expect(discord.messages.get(forumPost!.starter.id)).toBeUndefined();
    expect(discord.messages.get(threadCard!.id)).toBeUndefined();
  });

  it('falls back to the bot’s own messages without Manage Webhooks; /tags shows it, off clears it', async () => {
    t = await startDiscordTestBot();
    const discord = t.emulator;
    messageOf(await discord.command(MODERATOR, 'channel identity', { name: 'Armenia Wire' }));
    messageOf(await discord.command(MODERATOR, 'channel follow', { tag: 'Armenia' }));
    await post(t, 'From the bot itself');
    const [card] = await deliveredTo(discord, NEWS_CHANNEL_ID);
    expect(card?.webhook ?? null).toBeNull();
    expect(embedsOf(card!)[0]?.title).toBe('From the bot itself');
    const list = messageOf(await discord.command(MODERATOR, 'channel list'));
    expect(textOf(list)).toContain('Cards here are posted as “Armenia Wire”.');
    const off = messageOf(await discord.command(MODERATOR, 'channel identity', { off: 'true' }));
    expect(textOf(off)).toContain('Cards here are posted by the bot under its own name.');
    // A member's DMs have no name of their own.
    expect(textOf(messageOf(await discord.command(MEMBER, 'identity', { name: 'Mine' }, 'dm')))).toContain(
      'is for a Discord server channel',
    );
  });

  it('refuses a name Discord would refuse, and a picture that is not a web address', async () => {
    t = await startDiscordTestBot();
    const discord = t.emulator;
    const refused = messageOf(await discord.command(MODERATOR, 'channel identity', { name: 'Discord News' }));
    expect(textOf(refused)).toContain('Discord does not allow “discord”');
    const bad = messageOf(
      await discord.command(MODERATOR, 'channel identity', { name: 'Wire', picture: 'javascript:alert(1)' }),
    );
    expect(textOf(bad)).toMatch(/not the web address/u);
    const sub = await t.handle.deps.stores.subscribers.find('discord', NEWS_CHANNEL_ID);
    expect(sub?.identity_name ?? null).toBeNull();
  });
});
