import { ChannelType, Client, DiscordAPIError, ForumChannel, GatewayIntentBits, REST, Routes } from 'discord.js';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { WebSocket } from 'ws';
import { startDiscordEmulator, type DiscordEmulator } from '../emulators/discord/emulator.ts';
import {
  BOT_ROLE_ID,
  BOT_USER_ID,
  defaultGuild,
  FORUM_ARMENIA_TAG_ID,
  FORUM_CHANNEL_ID,
  GUILD_ID,
  MEDIA_CHANNEL_ID,
  MEMBER,
  MEMBER_PERMISSIONS,
  MODERATOR,
  NEWS_CHANNEL_ID,
  PERMISSIONS,
  THREAD_CHANNEL_ID,
} from '../emulators/discord/fixtures.ts';
import { CHANNEL_FLAGS } from '../emulators/discord/forums.ts';
import { commandData } from '../emulators/discord/interaction-payloads.ts';
import { embedsOf, textOf, type Json } from '../emulators/discord/messages.ts';

/**
 * Forum (type 15) and media (type 16) channels in the emulator, as Discord documents
 * them: they hold posts (threads opened with a starter message whose id is the
 * thread's), never messages of their own (50008); a post is checked as a channel
 * message is, plus its name, its tags (at most 5 of the forum's, one at least under
 * REQUIRE_TAG: 40067) and Send Messages (Create Posts) in the forum; a forum's tags
 * change with Modify Channel (Manage Channels; at most 20, names of 1-20 characters,
 * unique: 40061). A CHANNEL option of a slash command resolves to the channel with the
 * member's permissions there.
 */
let discord: DiscordEmulator;
let rest: REST;
beforeEach(async () => {
  // Room for many posts in one test; Discord's own limit is tested with an emulator of its own.
  discord = await startDiscordEmulator({
    token: 'secret',
    rateLimits: { channelMessages: { limit: 50, windowMs: 5_000 } },
  });
  rest = new REST({ api: `${discord.url}/api`, retries: 0 }).setToken(discord.token);
});
afterEach(async () => {
  rest.clearHashSweeper();
  rest.clearHandlerSweeper();
  await discord.close();
});

const { viewChannel, sendMessages, embedLinks, manageChannels, manageThreads } = PERMISSIONS;
const ARTICLE = {
  title: 'Armenia freezes its CSTO participation',
  url: 'https://example.com/armenia-csto',
  description: 'Yerevan stops taking part in the bloc’s work.',
  image: { url: 'https://example.com/pictures/csto.jpg' },
};
const postBody = (overrides: Json = {}): Json => ({
  name: 'Armenia freezes its CSTO participation',
  auto_archive_duration: 4320,
  applied_tags: [FORUM_ARMENIA_TAG_ID],
  message: { embeds: [ARTICLE], allowed_mentions: { parse: [] } },
  ...overrides,
});

interface ThreadAnswer {
  id: string;
  type: number;
  guild_id: string;
  parent_id: string;
  owner_id: string;
  name: string;
  applied_tags: string[];
  thread_metadata: { archived: boolean; auto_archive_duration: number; locked: boolean; create_timestamp: string };
  message_count: number;
  member_count: number;
  message: { id: string; channel_id: string; embeds: unknown[]; content: string };
}
const startPost = (body: unknown, forum = FORUM_CHANNEL_ID) =>
  rest.post(Routes.threads(forum), { body }) as Promise<ThreadAnswer>;
/** What Discord refused, as @discordjs/rest reports it: the status, the JSON error code and the raw body. */
const refusal = async (sending: Promise<unknown>) => {
  const err: unknown = await sending.then(
    () => null,
    (e: unknown) => e,
  );
  if (!(err instanceof DiscordAPIError)) throw new Error(`expected a DiscordAPIError, got ${String(err)}`);
  return { status: err.status, code: err.code, body: err.rawError as { errors?: Json } };
};
const call = (method: string, path: string, body?: unknown) =>
  fetch(`${discord.url}/api/v10${path}`, {
    method,
    headers: { 'Content-Type': 'application/json', Authorization: 'Bot secret' },
    ...(body === undefined ? {} : { body: JSON.stringify(body) }),
  });
const answer = async (res: Response) => [res.status, await res.json()];
/** Lets the bot manage the forum (its role's overwrite there), as a moderator would. */
const letBotManage = (channel = FORUM_CHANNEL_ID) =>
  discord.setOverwrite(channel, { id: BOT_ROLE_ID, type: 0, allow: manageChannels });

describe('forum posts', () => {
  it('opens a post with an embed and a tag: 201, the thread with its starter message, whose id is the thread’s', async () => {
    const thread = await startPost(postBody());
    expect(thread).toMatchObject({
      type: 11,
      guild_id: GUILD_ID,
      parent_id: FORUM_CHANNEL_ID,
      owner_id: BOT_USER_ID,
      name: 'Armenia freezes its CSTO participation',
      applied_tags: [FORUM_ARMENIA_TAG_ID],
      thread_metadata: { archived: false, auto_archive_duration: 4320, locked: false },
      message_count: 0,
      member_count: 1,
      member: { id: thread.id, user_id: BOT_USER_ID },
    });
    expect(Date.parse(thread.thread_metadata.create_timestamp)).not.toBeNaN();
    expect(thread.message).toMatchObject({ id: thread.id, channel_id: thread.id, content: '', embeds: [ARTICLE] });
    expect(discord.requestsTo('POST', `/channels/${FORUM_CHANNEL_ID}/threads`).map((r) => r.status)).toEqual([201]);

    // The emulator keeps the post: its thread, and the starter message as stored.
    const [post, ...others] = discord.forumPosts(FORUM_CHANNEL_ID);
    expect(others).toEqual([]);
    expect(post?.thread).toEqual({
      id: thread.id,
      name: 'Armenia freezes its CSTO participation',
      appliedTags: [FORUM_ARMENIA_TAG_ID],
    });
    expect(post?.starter.id).toBe(thread.id);
    expect(embedsOf(post?.starter ?? { embeds: [] })[0]?.image).toBe(ARTICLE.image.url);
    expect(textOf(post?.starter ?? { content: '', embeds: [] })).toContain('Yerevan stops taking part');
    expect(discord.channelMessages(thread.id).map((m) => m.id)).toEqual([thread.id]);

    // The post is a channel of the server: its messages are read, edited and deleted as anywhere.
    const starterPath = `/channels/${thread.id}/messages/${thread.id}`;
    const edited = (await rest.patch(Routes.channelMessage(thread.id, thread.id), {
      body: { embeds: [{ ...ARTICLE, title: 'Armenia freezes its CSTO participation (update)' }] },
    })) as { id: string };
    expect(edited.id).toBe(thread.id);
    expect(discord.forumPosts(FORUM_CHANNEL_ID)[0]?.starter.edits).toBe(1);
    const reply = (await rest.post(Routes.channelMessages(thread.id), { body: { content: 'More to follow.' } })) as {
      id: string;
    };
    expect(discord.channelMessages(thread.id).map((m) => m.id)).toEqual([thread.id, reply.id]);
    expect((await call('GET', starterPath)).status).toBe(200);
    expect((await call('DELETE', `/channels/${thread.id}/messages/${reply.id}`)).status).toBe(204);
    expect(await rest.get(Routes.channel(thread.id))).toMatchObject({
      id: thread.id,
      type: 11,
      parent_id: FORUM_CHANNEL_ID,
    });
    // The forum's last_message_id is its last post.
    expect(await rest.get(Routes.channel(FORUM_CHANNEL_ID))).toMatchObject({ last_message_id: thread.id });
  });

  it('takes a post in a media channel too, and lists a forum’s posts oldest first', async () => {
    discord.setForumTags(MEDIA_CHANNEL_ID, ['Armenia', 'Georgia']);
    const [, georgia] = discord.forumTags(MEDIA_CHANNEL_ID);
    const media = await startPost(postBody({ applied_tags: [georgia?.id] }), MEDIA_CHANNEL_ID);
    expect(media).toMatchObject({ type: 11, parent_id: MEDIA_CHANNEL_ID, applied_tags: [georgia?.id] });
    const first = await startPost(postBody({ name: 'First' }));
    const second = await startPost(postBody({ name: 'Second', applied_tags: undefined }));
    expect(second.applied_tags).toEqual([]);
    expect(discord.forumPosts(FORUM_CHANNEL_ID).map((p) => [p.thread.id, p.thread.name])).toEqual([
      [first.id, 'First'],
      [second.id, 'Second'],
    ]);
    expect(discord.forumPosts(MEDIA_CHANNEL_ID).map((p) => p.thread.id)).toEqual([media.id]);
    // A post whose starter message is deleted is no longer listed.
    expect((await call('DELETE', `/channels/${first.id}/messages/${first.id}`)).status).toBe(204);
    expect(discord.forumPosts(FORUM_CHANNEL_ID).map((p) => p.thread.name)).toEqual(['Second']);
  });

  it('counts posts like messages: 5 per 5 s in the forum', async () => {
    const strict = await startDiscordEmulator({ token: 'secret' });
    try {
      const post = () =>
        fetch(`${strict.url}/api/v10/channels/${FORUM_CHANNEL_ID}/threads`, {
          method: 'POST',
          headers: { 'Content-Type': 'application/json', Authorization: 'Bot secret' },
          body: JSON.stringify(postBody()),
        });
      for (let i = 0; i < 5; i++) expect((await post()).status).toBe(201);
      const limited = await post();
      expect([limited.status, limited.headers.get('x-ratelimit-limit')]).toEqual([429, '5']);
      expect(strict.forumPosts(FORUM_CHANNEL_ID)).toHaveLength(5);
      strict.advanceTime(5_000);
      expect((await post()).status).toBe(201);
    } finally {
      await strict.close();
    }
  });

  it('refuses a message sent to the forum itself (50008), but Missing Access comes first', async () => {
    for (const channel of [FORUM_CHANNEL_ID, MEDIA_CHANNEL_ID])
      expect(await refusal(rest.post(Routes.channelMessages(channel), { body: { content: 'x' } }))).toEqual({
        status: 400,
        code: 50008,
        body: { message: 'Cannot send messages in a non-text channel', code: 50008 },
      });
    discord.setOverwrite(FORUM_CHANNEL_ID, { id: BOT_USER_ID, type: 1, deny: viewChannel });
    expect(await answer(await call('POST', `/channels/${FORUM_CHANNEL_ID}/messages`, { content: 'x' }))).toEqual([
      403,
      { message: 'Missing Access', code: 50001 },
    ]);
  });

  it('refuses a post without a tag under REQUIRE_TAG (40067), with an unknown tag or more than 5 (50035)', async () => {
    discord.setForumFlags(FORUM_CHANNEL_ID, CHANNEL_FLAGS.requireTag);
    for (const tags of [undefined, []])
      expect(await refusal(startPost(postBody({ applied_tags: tags })))).toEqual({
        status: 400,
        code: 40067,
        body: { message: 'A tag is required to create a forum post in this channel', code: 40067 },
      });
    const unknown = await refusal(startPost(postBody({ applied_tags: [FORUM_ARMENIA_TAG_ID, '950000000000000999'] })));
    expect([unknown.status, unknown.code, Object.keys(unknown.body.errors ?? {})]).toEqual([
      400,
      50035,
      ['applied_tags'],
    ]);
    expect(unknown.body.errors).toMatchObject({ applied_tags: { 1: { _errors: [expect.any(Object)] } } });
    discord.setForumTags(FORUM_CHANNEL_ID, ['Armenia', 'Georgia', 'Azerbaijan', 'Iran', 'Turkey', 'Russia']);
    const six = discord.forumTags(FORUM_CHANNEL_ID).map((t) => t.id);
    expect(six[0]).toBe(FORUM_ARMENIA_TAG_ID);
    expect((await refusal(startPost(postBody({ applied_tags: six })))).body).toEqual({
      message: 'Invalid Form Body',
      code: 50035,
      errors: {
        applied_tags: { _errors: [{ code: 'BASE_TYPE_MAX_LENGTH', message: 'Must be 5 or fewer in length.' }] },
      },
    });
    expect(discord.forumPosts(FORUM_CHANNEL_ID)).toEqual([]);
    expect((await startPost(postBody({ applied_tags: six.slice(0, 5) }))).applied_tags).toEqual(six.slice(0, 5));
  });

  it('checks the name and the starter message as Discord does, nested under message', async () => {
    const nameError = async (name: unknown) => (await refusal(startPost(postBody({ name })))).body.errors;
    expect(await nameError('N'.repeat(101))).toEqual({
      name: { _errors: [{ code: 'BASE_TYPE_BAD_LENGTH', message: 'Must be between 1 and 100 in length.' }] },
    });
    expect(await nameError('')).toEqual({
      name: { _errors: [{ code: 'BASE_TYPE_BAD_LENGTH', message: 'Must be between 1 and 100 in length.' }] },
    });
    expect(await nameError(undefined)).toEqual({
      name: { _errors: [{ code: 'BASE_TYPE_REQUIRED', message: 'This field is required' }] },
    });
    expect((await startPost(postBody({ name: 'N'.repeat(100) }))).name).toHaveLength(100);

    const messageError = async (message: unknown, extra: Json = {}) =>
      refusal(startPost(postBody({ message, ...extra })));
    expect((await messageError(undefined)).body.errors).toEqual({
      message: { _errors: [{ code: 'BASE_TYPE_REQUIRED', message: 'This field is required' }] },
    });
    expect((await messageError({ embeds: [{ title: 'T'.repeat(257) }] })).body.errors).toEqual({
      message: {
        embeds: {
          0: { title: { _errors: [{ code: 'BASE_TYPE_MAX_LENGTH', message: 'Must be 256 or fewer in length.' }] } },
        },
      },
    });
    expect(
      (await messageError({ embeds: [{ title: 'A', image: { url: '/relative.jpg' } }] })).body.errors,
    ).toMatchObject({
      message: { embeds: { 0: { image: { url: { _errors: [{ code: 'URL_TYPE_INVALID_URL' }] } } } } },
    });
    expect((await messageError({ content: 'x', flags: 64 })).body.errors).toMatchObject({
      message: { flags: { _errors: [{ code: 'MESSAGE_FLAGS_INVALID' }] } },
    });
    expect((await messageError({ content: 'x' }, { auto_archive_duration: 30 })).body.errors).toMatchObject({
      auto_archive_duration: { _errors: [{ code: 'BASE_TYPE_CHOICES' }] },
    });
    expect(await messageError({ content: '', embeds: [] })).toEqual({
      status: 400,
      code: 50006,
      body: { message: 'Cannot send an empty message', code: 50006 },
    });
    // Silent, with embeds suppressed: the two flags a post's message may carry.
    const silent = await startPost(postBody({ message: { content: 'x', flags: 4 | 4096 } }));
    expect(discord.forumPosts(FORUM_CHANNEL_ID).find((p) => p.thread.id === silent.id)?.starter.flags).toBe(4100);
    expect(discord.forumPosts(FORUM_CHANNEL_ID)).toHaveLength(2);
  });

  it('needs View Channel (50001) and Send Messages (50013) in the forum, and drops embeds without Embed Links', async () => {
    discord.setOverwrite(FORUM_CHANNEL_ID, { id: BOT_USER_ID, type: 1, deny: sendMessages });
    expect(await refusal(startPost(postBody()))).toMatchObject({ status: 403, code: 50013 });
    discord.setOverwrite(FORUM_CHANNEL_ID, { id: BOT_USER_ID, type: 1, deny: viewChannel });
    expect(await refusal(startPost(postBody()))).toMatchObject({ status: 403, code: 50001 });
    discord.setOverwrite(FORUM_CHANNEL_ID, { id: BOT_USER_ID, type: 1, deny: embedLinks });
    expect(await refusal(startPost(postBody()))).toMatchObject({ status: 403, code: 50013 });
    const stripped = await startPost(postBody({ message: { content: 'Armenia freezes…', embeds: [ARTICLE] } }));
    expect([stripped.message.content, stripped.message.embeds]).toEqual(['Armenia freezes…', []]);
    discord.removeOverwrite(FORUM_CHANNEL_ID, BOT_USER_ID);
    // In a post, as in any thread, a reply takes Send Messages in Threads.
    discord.setOverwrite(FORUM_CHANNEL_ID, { id: BOT_USER_ID, type: 1, deny: PERMISSIONS.sendMessagesInThreads });
    expect(await refusal(rest.post(Routes.channelMessages(stripped.id), { body: { content: 'x' } }))).toMatchObject({
      code: 50013,
    });
    expect(discord.forumPosts(FORUM_CHANNEL_ID)).toHaveLength(1);
  });

  it('lets only Manage Threads apply a moderated tag', async () => {
    letBotManage();
    await rest.patch(Routes.channel(FORUM_CHANNEL_ID), {
      body: { available_tags: [{ id: FORUM_ARMENIA_TAG_ID, name: 'Armenia', moderated: true }] },
    });
    expect(await refusal(startPost(postBody()))).toMatchObject({ status: 403, code: 50013 });
    discord.setOverwrite(FORUM_CHANNEL_ID, { id: BOT_ROLE_ID, type: 0, allow: manageThreads });
    expect((await startPost(postBody())).applied_tags).toEqual([FORUM_ARMENIA_TAG_ID]);
  });

  it('answers 50024 for a post in a thread and 10003 for an unknown channel', async () => {
    expect(await refusal(startPost(postBody(), THREAD_CHANNEL_ID))).toMatchObject({ status: 400, code: 50024 });
    expect(await refusal(startPost(postBody(), '910000000000000999'))).toMatchObject({ status: 404, code: 10003 });
  });
});

describe('a forum’s tags and flags', () => {
  it('needs Manage Channels to change them (50013), keeps known ids, gives new tags new ids', async () => {
    const change = (body: unknown) => rest.patch(Routes.channel(FORUM_CHANNEL_ID), { body });
    const tags = { available_tags: [{ id: FORUM_ARMENIA_TAG_ID, name: 'Armenia' }, { name: 'Georgia' }] };
    expect(await refusal(change(tags))).toEqual({
      status: 403,
      code: 50013,
      body: { message: 'Missing Permissions', code: 50013 },
    });
    letBotManage();
    const updated = (await change(tags)) as { id: string; type: number; available_tags: Json[] };
    expect(updated).toMatchObject({ id: FORUM_CHANNEL_ID, type: 15, name: 'news-forum' });
    const georgia = updated.available_tags[1]?.id;
    expect(updated.available_tags).toEqual([
      { id: FORUM_ARMENIA_TAG_ID, name: 'Armenia', moderated: false, emoji_id: null, emoji_name: null },
      {
        id: expect.stringMatching(/^\d{17,20}$/u),
        name: 'Georgia',
        moderated: false,
        emoji_id: null,
        emoji_name: null,
      },
    ]);
    expect(discord.forumTags(FORUM_CHANNEL_ID)).toEqual([
      { id: FORUM_ARMENIA_TAG_ID, name: 'Armenia' },
      { id: georgia, name: 'Georgia' },
    ]);
    // The whole list is sent each time: a tag left out is gone.
    await change({ available_tags: [{ id: georgia, name: 'Georgia' }] });
    expect(discord.forumTags(FORUM_CHANNEL_ID)).toEqual([{ id: georgia, name: 'Georgia' }]);
  });

  it('refuses more than 20 tags, a name over 20 characters (50035) and a name twice (40061)', async () => {
    letBotManage();
    const change = (tags: unknown) =>
      refusal(rest.patch(Routes.channel(FORUM_CHANNEL_ID), { body: { available_tags: tags } }));
    const many = Array.from({ length: 21 }, (_, i) => ({ name: `tag-${i + 1}` }));
    expect((await change(many)).body).toEqual({
      message: 'Invalid Form Body',
      code: 50035,
      errors: {
        available_tags: { _errors: [{ code: 'BASE_TYPE_MAX_LENGTH', message: 'Must be 20 or fewer in length.' }] },
      },
    });
    expect((await change([{ name: 'Armenia' }, { name: 'N'.repeat(21) }])).body).toEqual({
      message: 'Invalid Form Body',
      code: 50035,
      errors: {
        available_tags: {
          1: { name: { _errors: [{ code: 'BASE_TYPE_BAD_LENGTH', message: 'Must be between 1 and 20 in length.' }] } },
        },
      },
    });
    expect(await change([{ name: 'Armenia' }, { name: 'Armenia' }])).toEqual({
      status: 400,
      code: 40061,
      body: { message: 'Tag names must be unique', code: 40061 },
    });
    expect(discord.forumTags(FORUM_CHANNEL_ID)).toEqual([{ id: FORUM_ARMENIA_TAG_ID, name: 'Armenia' }]);
    // Twenty is the limit, not above it.
    await rest.patch(Routes.channel(FORUM_CHANNEL_ID), { body: { available_tags: many.slice(0, 20) } });
    expect(discord.forumTags(FORUM_CHANNEL_ID)).toHaveLength(20);
  });

  it('sets REQUIRE_TAG by Modify Channel, and no flag a forum cannot have', async () => {
    letBotManage();
    const set = (flags: number) => rest.patch(Routes.channel(FORUM_CHANNEL_ID), { body: { flags } });
    expect(await set(CHANNEL_FLAGS.requireTag)).toMatchObject({ flags: CHANNEL_FLAGS.requireTag });
    expect(await refusal(startPost(postBody({ applied_tags: [] })))).toMatchObject({ code: 40067 });
    expect(await refusal(set(CHANNEL_FLAGS.hideMediaDownloadOptions))).toMatchObject({ status: 400, code: 50035 });
    letBotManage(MEDIA_CHANNEL_ID);
    const media = await rest.patch(Routes.channel(MEDIA_CHANNEL_ID), {
      body: { flags: CHANNEL_FLAGS.requireTag | CHANNEL_FLAGS.hideMediaDownloadOptions },
    });
    expect(media).toMatchObject({ type: 16, flags: CHANNEL_FLAGS.requireTag | CHANNEL_FLAGS.hideMediaDownloadOptions });
  });
});

describe('Get Channel', () => {
  it('returns a forum with its tags and flags, 50001 without View Channel, 10003 for no channel', async () => {
    discord.setForumFlags(FORUM_CHANNEL_ID, CHANNEL_FLAGS.requireTag);
    expect(await rest.get(Routes.channel(FORUM_CHANNEL_ID))).toMatchObject({
      id: FORUM_CHANNEL_ID,
      type: 15,
      guild_id: GUILD_ID,
      name: 'news-forum',
      flags: CHANNEL_FLAGS.requireTag,
      available_tags: [
        { id: FORUM_ARMENIA_TAG_ID, name: 'Armenia', moderated: false, emoji_id: null, emoji_name: null },
      ],
      default_auto_archive_duration: 4320,
      permission_overwrites: [],
    });
    expect(await rest.get(Routes.channel(MEDIA_CHANNEL_ID))).toMatchObject({
      type: 16,
      name: 'news-media',
      available_tags: [],
    });
    expect(await rest.get(Routes.channel(NEWS_CHANNEL_ID))).toMatchObject({ type: 0, name: 'news', position: 0 });
    discord.setOverwrite(FORUM_CHANNEL_ID, { id: GUILD_ID, type: 0, deny: viewChannel });
    expect(await refusal(rest.get(Routes.channel(FORUM_CHANNEL_ID)))).toEqual({
      status: 403,
      code: 50001,
      body: { message: 'Missing Access', code: 50001 },
    });
    expect(await refusal(rest.get(Routes.channel('910000000000000999')))).toMatchObject({ status: 404, code: 10003 });
  });
});

describe('the gateway', () => {
  /** A raw gateway session: every dispatch it receives, by type. */
  async function session() {
    const socket = new WebSocket(discord.gatewayUrl);
    const events: { t: string; d: Json }[] = [];
    const waiters: { type: string; resolve: (d: Json) => void }[] = [];
    socket.on('message', (raw) => {
      const payload = JSON.parse(String(raw)) as { op: number; t: string; d: Json };
      if (payload.op === 10)
        socket.send(JSON.stringify({ op: 2, d: { token: 'Bot secret', intents: 1, properties: {} } }));
      if (payload.op !== 0) return;
      events.push({ t: payload.t, d: payload.d });
      for (const waiter of waiters.filter((w) => w.type === payload.t)) waiter.resolve(payload.d);
    });
    const next = (type: string) =>
      new Promise<Json>((resolve) => {
        waiters.push({ type, resolve });
      });
    await next('GUILD_CREATE');
    return { events, next, close: () => socket.close() };
  }

  it('sends forum channels in GUILD_CREATE, THREAD_CREATE for a post, CHANNEL_UPDATE for a change', async () => {
    const gateway = await session();
    try {
      const guild = gateway.events.find((e) => e.t === 'GUILD_CREATE')?.d as { channels: Json[] };
      expect(guild.channels.find((c) => c.id === FORUM_CHANNEL_ID)).toMatchObject({
        type: 15,
        name: 'news-forum',
        flags: 0,
        available_tags: [{ id: FORUM_ARMENIA_TAG_ID, name: 'Armenia' }],
        default_auto_archive_duration: 4320,
      });
      expect(guild.channels.find((c) => c.id === MEDIA_CHANNEL_ID)).toMatchObject({ type: 16, name: 'news-media' });
      const created = gateway.next('THREAD_CREATE');
      const thread = await startPost(postBody());
      expect(await created).toMatchObject({
        id: thread.id,
        type: 11,
        parent_id: FORUM_CHANNEL_ID,
        newly_created: true,
        applied_tags: [FORUM_ARMENIA_TAG_ID],
      });
      const updated = gateway.next('CHANNEL_UPDATE');
      discord.setForumTags(FORUM_CHANNEL_ID, ['Armenia', 'Georgia']);
      expect(((await updated).available_tags as Json[]).map((t) => t.name)).toEqual(['Armenia', 'Georgia']);
      letBotManage();
      await gateway.next('CHANNEL_UPDATE');
      const patched = gateway.next('CHANNEL_UPDATE');
      await rest.patch(Routes.channel(FORUM_CHANNEL_ID), { body: { flags: CHANNEL_FLAGS.requireTag } });
      expect(await patched).toMatchObject({ id: FORUM_CHANNEL_ID, flags: CHANNEL_FLAGS.requireTag });
    } finally {
      gateway.close();
    }
  });

  it('is understood by discord.js: a ForumChannel with its tags, and a post made through it', async () => {
    const client = new Client({ intents: [GatewayIntentBits.Guilds], rest: { api: `${discord.url}/api` } });
    try {
      const ready = new Promise<void>((resolve) => client.once('clientReady', () => resolve()));
      await client.login(discord.token);
      await ready;
      const forum = client.channels.cache.get(FORUM_CHANNEL_ID);
      if (!(forum instanceof ForumChannel)) throw new Error(`#news-forum is a ${String(forum?.type)}`);
      expect(forum.availableTags.map((t) => [t.id, t.name])).toEqual([[FORUM_ARMENIA_TAG_ID, 'Armenia']]);
      expect(client.channels.cache.get(MEDIA_CHANNEL_ID)?.type).toBe(ChannelType.GuildMedia);
      const thread = await forum.threads.create({
        name: 'Armenia freezes its CSTO participation',
        message: { embeds: [ARTICLE] },
        appliedTags: [FORUM_ARMENIA_TAG_ID],
      });
      expect([thread.parentId, thread.appliedTags, thread.ownerId]).toEqual([
        FORUM_CHANNEL_ID,
        [FORUM_ARMENIA_TAG_ID],
        BOT_USER_ID,
      ]);
      const starter = await thread.fetchStarterMessage();
      expect(starter?.id).toBe(thread.id);
      expect(embedsOf(discord.forumPosts(FORUM_CHANNEL_ID)[0]?.starter ?? { embeds: [] })[0]?.title).toBe(
        ARTICLE.title,
      );
    } finally {
      await client.destroy();
    }
  });
});

describe('a CHANNEL option', () => {
  const registered: Json[] = [
    {
      id: '960000000000000001',
      name: 'channel',
      type: 1,
      options: [
        {
          type: 1,
          name: 'forum',
          description: 'Post news to a forum',
          options: [
            { type: 7, name: 'forum', description: 'The forum', required: true, channel_types: [15, 16] },
            { type: 3, name: 'tag', description: 'A tag' },
          ],
        },
        {
          type: 1,
          name: 'anywhere',
          description: 'Any channel',
          options: [{ type: 7, name: 'where', description: 'Any channel', required: true }],
        },
      ],
    },
  ];

  it('carries the channel in resolved.channels with the member’s permissions there', () => {
    const guild = defaultGuild();
    const forum = guild.channels.find((c) => c.id === FORUM_CHANNEL_ID);
    if (forum) forum.overwrites = [{ id: GUILD_ID, type: 0, deny: sendMessages }];
    const data = commandData(
      registered,
      { name: 'channel forum', values: { forum: FORUM_CHANNEL_ID, tag: 'Armenia' } },
      guild,
      MEMBER,
    );
    expect(data).toEqual({
      id: '960000000000000001',
      name: 'channel',
      type: 1,
      guild_id: GUILD_ID,
      options: [
        {
          type: 1,
          name: 'forum',
          options: [
            { name: 'forum', type: 7, value: FORUM_CHANNEL_ID },
            { name: 'tag', type: 3, value: 'Armenia' },
          ],
        },
      ],
      resolved: {
        channels: {
          [FORUM_CHANNEL_ID]: {
            id: FORUM_CHANNEL_ID,
            name: 'news-forum',
            type: 15,
            permissions: String(MEMBER_PERMISSIONS & ~sendMessages),
          },
        },
      },
    });
    // A moderator's Manage Channels shows too; a thread carries its parent and metadata.
    const moderator = commandData(
      registered,
      { name: 'channel anywhere', values: { where: THREAD_CHANNEL_ID } },
      guild,
      MODERATOR,
    );
    expect((moderator.resolved as { channels: Json }).channels[THREAD_CHANNEL_ID]).toEqual({
      id: THREAD_CHANNEL_ID,
      name: 'election-night',
      type: 11,
      permissions: String(MEMBER_PERMISSIONS | manageChannels),
      parent_id: NEWS_CHANNEL_ID,
      thread_metadata: expect.objectContaining({ archived: false, locked: false }),
    });
  });

  it('leaves implicit permissions out: a channel the member cannot see still shows its overwrites', () => {
    const guild = defaultGuild();
    const news = guild.channels.find((c) => c.id === NEWS_CHANNEL_ID);
    if (news) news.overwrites = [{ id: MEMBER.id, type: 1, deny: viewChannel }];
    const data = commandData(
      registered,
      { name: 'channel anywhere', values: { where: NEWS_CHANNEL_ID } },
      guild,
      MEMBER,
    );
    expect((data.resolved as { channels: Record<string, Json> }).channels[NEWS_CHANNEL_ID]?.permissions).toBe(
      String(MEMBER_PERMISSIONS & ~viewChannel),
    );
  });

  it('fails the test for a channel the option does not take, or that the server does not have', () => {
    const guild = defaultGuild();
    expect(() =>
      commandData(registered, { name: 'channel forum', values: { forum: NEWS_CHANNEL_ID } }, guild, MEMBER),
    ).toThrow(/types 15, 16: #news is of type 0/u);
    expect(() =>
      commandData(registered, { name: 'channel forum', values: { forum: '910000000000000999' } }, guild, MEMBER),
    ).toThrow(/no channel 910000000000000999/u);
  });
});
