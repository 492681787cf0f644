import { afterEach, describe, expect, it } from 'vitest';
import { waitFor } from '../helpers/core.ts';
import { startTelegramBot, type TelegramTestBot } from './harness.ts';

let t: TelegramTestBot;
afterEach(async () => {
  await t?.close();
});

const GROUP = -100777;
const CHANNEL = -1001234567890;
const followsOf = async (chatId: number) => {
  const sub = await t.stores.subscribers.find('telegram', String(chatId));
  return sub ? (await t.stores.subscribers.follows(sub.id)).map((f) => f.name) : [];
};

describe('Telegram conversations', () => {
  it('lets only group admins change what a group follows; anyone may search', async () => {
    t = await startTelegramBot({
      arrange: (e) => e.addGroup({ id: GROUP, title: 'Newsroom', members: { 1001: 'administrator', 2002: 'member' } }),
    });
    const { emulator, admin, reader } = t;

    const refused = await emulator.command(reader, '/follow Armenia', GROUP);
    expect(refused.text).toContain("only this chat's admins can change what it follows");
    expect(refused.replyToMessageId).toBeDefined();
    expect(await followsOf(GROUP)).toEqual([]);

    const allowed = await emulator.command(admin, '/follow@tagwire_bot Armenia', GROUP);
    expect(allowed.text).toContain('Now following #Armenia');
    expect(await followsOf(GROUP)).toEqual(['Armenia']);

    const search = await emulator.command(reader, '/search anything', GROUP);
    expect(search.text).toContain('Nothing found');
    // The group's administrators were asked of Telegram once (getChatAdministrators:
    // the bot is no administrator there, so getChatMember about others would fail), then kept.
    await emulator.command(admin, '/follow CSTO', GROUP);
    expect(emulator.calls('getChatAdministrators').map((c) => Number(c.payload.chat_id))).toEqual([GROUP]);
    expect(emulator.calls('getChatMember')).toHaveLength(0);
  });

  it("ignores chatter and other bots' commands in a group, answers its own", async () => {
    t = await startTelegramBot({
      arrange: (e) => e.addGroup({ id: GROUP, title: 'Newsroom', members: { 2002: 'member' } }),
    });
    const { emulator, reader } = t;
    emulator.sendText(reader, 'hello everyone', { chatId: GROUP });
    emulator.sendText(reader, '/follow@other_bot Armenia', { chatId: GROUP });
    emulator.sendText(reader, '/weather', { chatId: GROUP });
    const help = await emulator.command(reader, '/help', GROUP);
    expect(help.text).toContain('/follow TAGS');
    expect(emulator.sent(GROUP)).toHaveLength(1);
    const connect = await emulator.command(reader, '/connect @news', GROUP);
    expect(connect.text).toContain('works in a private chat');
  });

  it('answers a burst of commands in one chat in the order they were sent', async () => {
    t = await startTelegramBot();
    const { emulator, reader } = t;
    const names = ['follow', 'unfollow', 'mute', 'unmute', 'tags', 'toptags', 'latest', 'search', 'related', 'article'];
    // The first answer is slow to go out; the others must wait for it.
    emulator.slowDown('sendMessage', 300);
    for (const name of names) emulator.sendText(reader, `/help ${name}`);
    // Paced as Telegram wants, one a second to the chat: about ten seconds.
    await emulator.waitUntil(() => emulator.sent(reader.id).length === names.length, 'every answer', 20_000);
    expect(emulator.sent(reader.id).map((m) => /^\/(\w+)/u.exec(m.text)?.[1])).toEqual(names);
  });

  it('connects a channel whose admin is the user and the bot, then follows for it', async () => {
    t = await startTelegramBot({
      arrange: (e) => {
        e.addChannel({
          id: CHANNEL,
          title: 'Daily <News>',
          username: 'dailynews',
          members: { 1001: 'creator', 2002: 'member' },
        });
        e.addChannel({
          id: -1009876543210,
          title: 'Not mine yet',
          username: 'notmine',
          members: { 1001: 'administrator' },
          bot: 'member',
        });
      },
    });
    const { emulator, admin, reader } = t;

    const notAdmin = await emulator.command(reader, '/connect @dailynews');
    expect(notAdmin.text).toContain('Only administrators of Daily <News> can connect it');
    const botNotAdmin = await emulator.command(admin, '/connect @notmine');
    expect(botNotAdmin.text).toContain('Make me an administrator of Not mine yet');
    const missing = await emulator.command(admin, '/connect @nosuchchannel');
    expect(missing.text).toContain('I cannot find @nosuchchannel');

    const connected = await emulator.command(admin, '/connect @dailynews');
    expect(connected.text).toContain('Connected Daily <News>');
    expect(connected.html).toContain('Daily &lt;News&gt;');

    const followed = await emulator.command(admin, '/follow @dailynews Armenia, CSTO');
    expect(followed.text).toContain('Channel Daily <News>:');
    expect(followed.text).toContain('Now following #Armenia and #CSTO');
    expect(await followsOf(CHANNEL)).toEqual(['Armenia', 'CSTO']);
    expect(await followsOf(admin.id)).toEqual([]);

    const stranger = await emulator.command(reader, '/follow @dailynews Russia');
    expect(stranger.text).toContain('You have not connected @dailynews');
    expect(await followsOf(CHANNEL)).toEqual(['Armenia', 'CSTO']);

    const list = await emulator.command(admin, '/channels');
    expect(list.text).toContain(`Daily <News> ${CHANNEL}`);

    await emulator.command(admin, '/post Channel news\ntags: CSTO\n\nBody.');
    const card = await emulator.waitForMessage(
      (m) => m.chatId === CHANNEL && m.text.startsWith('Channel news'),
      'the delivery to the channel',
    );
    expect(card.text).toContain('#CSTO');

    const disconnected = await emulator.command(admin, '/disconnect @dailynews');
    expect(disconnected.text).toContain('You no longer manage @dailynews');
    const after = await emulator.command(admin, '/tags @dailynews');
    expect(after.text).toContain('You have not connected @dailynews');
  });

  it('connects a channel from a forwarded post', async () => {
    t = await startTelegramBot({
      arrange: (e) => e.addChannel({ id: CHANNEL, title: 'Private channel', members: { 1001: 'administrator' } }),
    });
    const { emulator, admin } = t;
    const before = emulator.sent(admin.id).length;
    emulator.forwardChannelPost(admin, CHANNEL);
    const reply = await emulator.waitUntil(() => emulator.sent(admin.id)[before], 'the answer to the forward');
    expect(reply.text).toContain('Connected Private channel');
    expect(reply.text).toContain(`/follow ${CHANNEL} TAGS`);
    const followed = await emulator.command(admin, `/follow ${CHANNEL} Armenia`);
    expect(followed.text).toContain('Now following #Armenia');
    expect(await followsOf(CHANNEL)).toEqual(['Armenia']);
  });

  it('guides an admin through /post: title, tags, body; /cancel stops', async () => {
    t = await startTelegramBot();
    const { emulator, admin, reader } = t;
    await emulator.command(reader, '/follow CSTO');

    expect((await emulator.command(admin, '/post')).text).toContain('Send its title');
    expect((await emulator.command(admin, 'Never posted')).text).toContain('Now its tags');
    expect((await emulator.command(admin, '/cancel')).text).toContain('Cancelled. Nothing was posted.');
    expect((await emulator.command(admin, 'Stray text')).text).toContain('Commands start with "/"');

    await emulator.command(admin, '/post');
    await emulator.command(admin, 'Armenia <freezes> CSTO participation');
    await emulator.command(admin, '#Armenia #CSTO');
    const posted = await emulator.command(
      admin,
      'url: https://example.com/csto\nsource: Example News\n\nArmenia has frozen its participation.',
    );
    expect(posted.text).toMatch(/^Posted \w{6}: Armenia <freezes> CSTO participation/u);
    expect(posted.text).toContain('Tags: #Armenia #CSTO');

    const card = await emulator.waitForMessage(
      (m) => m.chatId === reader.id && m.text.startsWith('Armenia <freezes>'),
      'the delivery',
    );
    expect(card.text).toContain('Example News');
    expect(card.text).toContain('Armenia has frozen its participation.');
    expect(card.entities.some((e) => e.type === 'text_link' && e.url === 'https://example.com/csto')).toBe(true);
    expect(emulator.sent(reader.id).some((m) => m.text.startsWith('Never posted'))).toBe(false);
  });

  it('does not guide a non-admin: a bare /post is refused', async () => {
    t = await startTelegramBot();
    const refused = await t.emulator.command(t.reader, '/post');
    expect(refused.text).toContain("/post is for the bot's admins");
    const next = await t.emulator.command(t.reader, 'My title');
    expect(next.text).toContain('Commands start with "/"');
  });

  it("registers the command menus, with admin commands only in the admins' chats, and uses long polling", async () => {
    t = await startTelegramBot({
      arrange: (e) =>
        (e.world.webhook = { url: 'https://old.example.com/hook', secretToken: undefined, allowedUpdates: undefined }),
    });
    const { emulator, admin } = t;
    const names = (scope: string) => (emulator.commandMenu(scope) ?? []).map((c) => c.command);
    expect(names('default')).toContain('follow');
    expect(names('default')).not.toContain('post');
    expect(names('all_group_chats')).not.toContain('connect');
    expect(names('all_private_chats')).toEqual(
      expect.arrayContaining(['follow', 'search', 'connect', 'disconnect', 'channels']),
    );
    expect(names('all_private_chats')).not.toContain('post');
    expect(names(`chat:${admin.id}`)).toEqual(expect.arrayContaining(['post', 'delete', 'stats', 'cancel', 'follow']));
    for (const c of emulator.commandMenu('default') ?? []) expect(c.description.length).toBeGreaterThan(0);

    // The stale webhook was deleted so that polling works, and polling asks for the updates it handles.
    expect(emulator.world.webhook).toBeNull();
    await waitFor(() => emulator.calls('getUpdates').some((c) => c.status === 200), 'a successful getUpdates');
    expect(emulator.world.allowedUpdates).toEqual(
      expect.arrayContaining(['message', 'callback_query', 'inline_query', 'my_chat_member']),
    );
    expect((await emulator.command(admin, '/start')).text).toContain('Welcome to tagwire');
  });
});
