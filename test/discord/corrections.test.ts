import { afterEach, describe, expect, it } from 'vitest';
import { ADMIN, FORUM_CHANNEL_ID, MEMBER, MODERATOR, NEWS_CHANNEL_ID } from '../emulators/discord/fixtures.ts';
import { embedsOf, textOf } from '../emulators/discord/messages.ts';
import { waitFor } from '../helpers/core.ts';
import { consoleCtx, replyText } from '../helpers/reply.ts';
import { deliveredTo, dmsTo, messageOf, outboxSettled, startDiscordTestBot, type DiscordTestBot } from './harness.ts';
import { cardUpdatesSettled } from '../helpers/card-updates.ts';

/**
 * Corrections that reach every copy on Discord, through the running bot and the emulator:
 * /edit edits each delivered card in place (a DM, a channel, a forum post), and
 * /delete ID everywhere deletes them (a forum post goes whole).
 */

let t: DiscordTestBot | undefined;
afterEach(async () => {
  await t?.stop();
  t = undefined;
});

/** The settled outbox of card changes: nothing queued or being sent. */

describe('Discord corrections', () => {
  it('edits the card in a DM, a channel and a forum post in place, once each, and deletes them everywhere', async () => {
    t = await startDiscordTestBot();
    const discord = t.emulator;
    messageOf(await discord.command(MEMBER, 'follow', { tag: 'Armenia' }));
    messageOf(await discord.command(MODERATOR, 'channel follow', { tag: 'Armenia' }));
    messageOf(await discord.command(MODERATOR, 'channel follow', { tag: 'Armenia', channel: FORUM_CHANNEL_ID }));
    const posted = await t.handle.core.postArticle(
      { title: 'Armenia freezes CSTO', tags: ['Armenia'], body: 'The first version.' },
      { postedBy: 'test', notify: true },
    );
    const id = posted.article.publicId;
    const [dm] = await dmsTo(discord, MEMBER.id);
    const [inChannel] = await deliveredTo(discord, NEWS_CHANNEL_ID);
    await waitFor(() => discord.forumPosts(FORUM_CHANNEL_ID).length === 1, 'the forum post');
    await outboxSettled(t.handle);

    const edited = await t.handle.core.handleCommand(
      consoleCtx,
      `/edit ${id}\ntitle: Armenia freezes its CSTO participation\n\nThe corrected version.`,
    );
    expect(replyText(edited)).toMatch(/Changed: title, body\.\nIts 3 delivered cards are being edited\./u);
    await cardUpdatesSettled(t.handle.deps.stores);
    const cards = [
      discord.dmMessages(MEMBER.id)[0],
      discord.channelMessages(NEWS_CHANNEL_ID).find((m) => m.id === inChannel?.id),
      discord.forumPosts(FORUM_CHANNEL_ID)[0]?.starter,
    ];
    for (const card of cards) {
      const [embed] = embedsOf(card!);
      expect(embed?.title).toBe('Armenia freezes its CSTO participation');
      expect(embed?.description).toBe('The corrected version.');
      expect(card?.edits).toBe(1);
    }
    expect(cards[0]?.id).toBe(dm?.id);
    // The forum post is named by the title: renamed with it.
    expect(discord.forumPosts(FORUM_CHANNEL_ID)[0]?.thread.name).toBe('Armenia freezes its CSTO participation');
    // Nothing was sent anew.
    expect(discord.dmMessages(MEMBER.id)).toHaveLength(1);
    expect(await t.handle.deps.stores.cardUpdates.countByStatus()).toEqual({ done: 3 });

    const deleted = await t.handle.core.handleCommand(consoleCtx, `/delete ${id} everywhere`);
    expect(replyText(deleted)).toMatch(/Its 3 delivered cards are being deleted\./u);
    await cardUpdatesSettled(t.handle.deps.stores);
    expect(discord.dmMessages(MEMBER.id)).toHaveLength(0);
    expect(discord.channelMessages(NEWS_CHANNEL_ID).find((m) => m.id === inChannel?.id)).toBeUndefined();
    expect(discord.forumPosts(FORUM_CHANNEL_ID)).toHaveLength(0);
  });

  it('/edit opens the post form prefilled with the article; its submission corrects it, its card edited', async () => {
    t = await startDiscordTestBot();
    const discord = t.emulator;
    messageOf(await discord.command(MEMBER, 'follow', { tag: 'Armenia' }));
    const posted = await t.handle.core.postArticle(
      {
        title: 'Armenia freezes CSTO',
        tags: ['Armenia', 'CSTO'],
        body: 'The first version.',
        url: 'https://example.com/a',
      },
      { postedBy: 'test', notify: true },
    );
    const [dm] = await dmsTo(discord, MEMBER.id);
    await outboxSettled(t.handle);
    const opened = await discord.command(ADMIN, 'edit', { id: posted.article.publicId });
    if (opened.kind !== 'modal') throw new Error(`expected the /edit modal, got ${opened.kind}`);
    const shown = JSON.stringify(opened.modal);
    for (const value of ['Armenia freezes CSTO', 'Armenia, CSTO', 'https://example.com/a', 'The first version.'])
      expect(shown).toContain(JSON.stringify(value));
    const answer = messageOf(
      await discord.submitModal(ADMIN, opened.modal, {
        title: 'Armenia freezes its CSTO participation',
        tags: 'Armenia, CSTO',
        url: 'https://example.com/a',
        source: '',
        body: 'The first version.',
      }),
    );
    expect(textOf(answer)).toMatch(/Changed: title\./u);
    await cardUpdatesSettled(t.handle.deps.stores);
    const [card] = discord.dmMessages(MEMBER.id);
    expect(card?.id).toBe(dm?.id);
    expect(embedsOf(card!)[0]?.title).toBe('Armenia freezes its CSTO participation');
    // A member who is no bot admin gets no form: the core refuses, as for a typed /edit.
    const refused = messageOf(await discord.command(MEMBER, 'edit', { id: posted.article.publicId }));
    expect(textOf(refused)).toMatch(/only for the bot's admins|admins/u);
  });
});
