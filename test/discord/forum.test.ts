import { afterEach, describe, expect, it } from 'vitest';
import {
  BOT_ROLE_ID,
  FORUM_ARMENIA_TAG_ID,
  FORUM_CHANNEL_ID,
  MEMBER,
  MODERATOR,
  NEWS_CHANNEL_ID,
  PERMISSIONS,
} from '../emulators/discord/fixtures.ts';
import { CHANNEL_FLAGS } from '../emulators/discord/forums.ts';
import { embedsOf, textOf } from '../emulators/discord/messages.ts';
import { waitFor } from '../helpers/core.ts';
import { messageOf, outboxSettled, startDiscordTestBot, subscriberStatus, type DiscordTestBot } from './harness.ts';

/**
 * Discord forum channels through the running bot and the emulator: set up with /channel
 * and its `channel` option (a forum has nowhere to type), each article a post of its own
 * named by its title with the card first, the forum's matching tags applied, missing ones
 * added where the bot may manage the forum, and a forum that requires a tag paused.
 */

let t: DiscordTestBot | undefined;
afterEach(async () => {
  await t?.stop();
  t = undefined;
});

const post = (bot: DiscordTestBot, title: string, tags: string[]) =>
  bot.handle.core.postArticle(
    { title, tags, body: `${title}. More about it in the body.` },
    { postedBy: 'test', notify: true },
  );

const postsIn = async (bot: DiscordTestBot, count: number) => {
  await waitFor(() => bot.emulator.forumPosts(FORUM_CHANNEL_ID).length >= count, `${count} forum post(s)`);
  await outboxSettled(bot.handle);
  return bot.emulator.forumPosts(FORUM_CHANNEL_ID);
};

describe('Discord forum channels', () => {
  it('posts each article as a thread named by its title, the card first, with the forum tags that match', async () => {
    t = await startDiscordTestBot();
    const discord = t.emulator;
    const followed = messageOf(
      await discord.command(
        MODERATOR,
        'channel follow',
        { tag: 'armenia, CSTO', channel: FORUM_CHANNEL_ID },
        { channel: NEWS_CHANNEL_ID },
      ),
    );
    expect(textOf(followed)).toContain('Now following #Armenia and #CSTO');
    const sub = await t.handle.deps.stores.subscribers.find('discord', FORUM_CHANNEL_ID);
    expect(sub).toMatchObject({ kind: 'channel', forum: 1, title: 'news-forum' });
    // The channel the command was typed in was not set up.
    expect(await t.handle.deps.stores.subscribers.find('discord', NEWS_CHANNEL_ID)).toBeUndefined();

    await post(t, 'Armenia and Azerbaijan agree on a border section', ['Armenia', 'Azerbaijan']);
    const [first] = await postsIn(t, 1);
    expect(first?.thread.name).toBe('Armenia and Azerbaijan agree on a border section');
    expect(first?.thread.appliedTags).toEqual([FORUM_ARMENIA_TAG_ID]);
    expect(embedsOf(first!.starter)[0]?.title).toBe('Armenia and Azerbaijan agree on a border section');
    expect(first?.starter.id).toBe(first?.thread.id);
    const row = await t.handle.storage.db
      .selectFrom('deliveries')
      .select(['status', 'message_id'])
      .executeTakeFirstOrThrow();
    expect(row).toEqual({ status: 'sent', message_id: first?.thread.id });

    // Without Manage Channels the bot does not add a CSTO tag: the post has the tags there are.
    await post(t, 'CSTO summit postponed', ['CSTO']);
    const posts = await postsIn(t, 2);
    expect(posts[1]?.thread.appliedTags).toEqual([]);
    expect(discord.forumTags(FORUM_CHANNEL_ID).map((tag) => tag.name)).toEqual(['Armenia']);
  });

  it('adds the forum tags its followed tags lack where it may manage the forum', async () => {
    t = await startDiscordTestBot();
    const discord = t.emulator;
    discord.setOverwrite(FORUM_CHANNEL_ID, { id: BOT_ROLE_ID, type: 0, allow: PERMISSIONS.manageChannels });
    messageOf(await discord.command(MODERATOR, 'channel follow', { tag: 'CSTO, Russia', channel: FORUM_CHANNEL_ID }));
    await post(t, 'CSTO drills in Belarus', ['CSTO', 'Belarus', 'Russia']);
    const [only] = await postsIn(t, 1);
    const tags = discord.forumTags(FORUM_CHANNEL_ID);
    // Only followed tags are added: Belarus is not followed here.
    expect(tags.map((tag) => tag.name)).toEqual(['Armenia', 'CSTO', 'Russia']);
    const byName = new Map(tags.map((tag) => [tag.name, tag.id]));
    expect(only?.thread.appliedTags).toEqual([byName.get('CSTO'), byName.get('Russia')]);
  });

  it('pauses a forum that requires a tag it has none for, with a notice; /channel list resumes it', async () => {
    t = await startDiscordTestBot();
    const discord = t.emulator;
    discord.setForumFlags(FORUM_CHANNEL_ID, CHANNEL_FLAGS.requireTag);
    messageOf(await discord.command(MODERATOR, 'channel follow', { tag: 'CSTO', channel: FORUM_CHANNEL_ID }));
    await post(t, 'A post the forum refuses', ['CSTO']);
    await waitFor(async () => (await subscriberStatus(t!.handle, FORUM_CHANNEL_ID)) === 'paused', 'the forum paused');
    expect(discord.forumPosts(FORUM_CHANNEL_ID)).toHaveLength(0);

    // A moderator adds the tag and resumes: the held post goes out, tagged.
    discord.setForumTags(FORUM_CHANNEL_ID, ['Armenia', 'CSTO']);
    const listed = textOf(messageOf(await discord.command(MODERATOR, 'channel list', { channel: FORUM_CHANNEL_ID })));
    expect(listed).toMatch(/requires a tag on every post/u);
    await waitFor(async () => (await subscriberStatus(t!.handle, FORUM_CHANNEL_ID)) === 'active', 'the forum resumed');
    // The refused delivery failed with its reason (`tagwire deliveries retry` sends it again); the next one goes out, tagged.
    const refused = await t.handle.storage.db
      .selectFrom('deliveries')
      .select(['status', 'last_error'])
      .executeTakeFirstOrThrow();
    expect(refused.status).toBe('failed');
    expect(refused.last_error).toMatch(/40067/u);
    await post(t, 'A post the forum takes', ['CSTO']);
    const [taken] = await postsIn(t, 1);
    const csto = discord.forumTags(FORUM_CHANNEL_ID).find((tag) => tag.name === 'CSTO');
    expect(taken?.thread.name).toBe('A post the forum takes');
    expect(taken?.thread.appliedTags).toEqual([csto?.id]);
  });

  it("needs Manage Channels in the picked channel, whatever the member's rights where they typed", async () => {
    t = await startDiscordTestBot();
    const refused = messageOf(
      await t.emulator.command(MEMBER, 'channel follow', { tag: 'Armenia', channel: FORUM_CHANNEL_ID }),
    );
    expect(textOf(refused)).toContain("only this chat's admins");
    expect(await t.handle.deps.stores.subscribers.find('discord', FORUM_CHANNEL_ID)).toBeUndefined();
  });
});
