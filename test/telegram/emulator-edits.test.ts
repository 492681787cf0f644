import { Api, GrammyError } from 'grammy';
import type { Message, User } from 'grammy/types';
import { afterEach, describe, expect, it } from 'vitest';
import { TelegramEmulator, type TelegramEmulatorOptions } from '../emulators/telegram/emulator.ts';
import { ImageServer, png } from '../helpers/image-server.ts';

/**
 * Correcting and deleting the bot's messages in the emulator, through the real grammY
 * client: deleteMessage and deleteMessages with Telegram's rules (who may delete what, the
 * 48-hour limit on a clock the test moves), the edits (text, caption, media, keyboard) and
 * what they answer, in Telegram's words.
 */

const EVE = 5;
const GROUP = -100;
const SUPERGROUP = -1001;
const FORUM = -1002;
const CHANNEL = -1003;
const HOUR = 60 * 60 * 1000;
/** The emulator's wall clock stands still unless the test moves it (advanceClock): dates are exact. */
const WALL_MS = 1_700_000_000_000;

let emulator: TelegramEmulator;
let api: Api;
let images: ImageServer;
let eve: User;
let now = 0;

async function start(options: TelegramEmulatorOptions = {}): Promise<void> {
  now = 1_000_000;
  emulator = await new TelegramEmulator({ limits: false, wallClock: () => WALL_MS, ...options }).start();
  api = new Api(emulator.token, { apiRoot: emulator.url });
  images = await new ImageServer().start();
  eve = emulator.addUser({ id: EVE, first_name: 'Eve' });
}

afterEach(async () => {
  await images?.stop();
  await emulator?.stop();
});

/** The error a call fails with (throws when it succeeds). */
async function refusal(call: Promise<unknown>): Promise<{ error_code: number; description: string }> {
  try {
    await call;
  } catch (err) {
    if (err instanceof GrammyError) return { error_code: err.error_code, description: err.description };
    throw err;
  }
  throw new Error('the call succeeded');
}

const badRequest = (what: string) => ({ error_code: 400, description: `Bad Request: ${what}` });
const NOT_FOUND = badRequest('message to delete not found');
const CANT = badRequest("message can't be deleted");
const CANT_FOR_EVERYONE = badRequest("message can't be deleted for everyone");
const NOT_MODIFIED = badRequest(
  'message is not modified: specified new message content and reply markup are exactly the same as a current content and reply markup of the message',
);

/** The edited Message (an edit of a chat message answers one, not `true`). */
function edited(result: true | Message): Message {
  if (result === true) throw new Error('expected the edited message');
  return result;
}

async function until(check: () => boolean, what: string): Promise<void> {
  for (let i = 0; i < 200; i++) {
    if (check()) return;
    await new Promise((resolve) => setTimeout(resolve, 10));
  }
  throw new Error(`timed out waiting for ${what}`);
}

describe('deleteMessage', () => {
  it("deletes the bot's message and a person's in a private chat; it is gone for good", async () => {
    await start();
    const kept = await api.sendMessage(EVE, 'Stays');
    const sent = await api.sendMessage(EVE, 'Goes');
    await expect(api.deleteMessage(EVE, sent.message_id)).resolves.toBe(true);
    expect(emulator.sent(EVE).map((m) => m.text)).toEqual(['Stays']);
    expect(emulator.deletedMessages(EVE)).toMatchObject([
      { messageId: sent.message_id, text: 'Goes', deletedBy: 'bot', deletedAt: emulator.unixTime() },
    ]);

    expect(await refusal(api.deleteMessage(EVE, sent.message_id))).toEqual(NOT_FOUND);
    expect(await refusal(api.deleteMessage(EVE, 999))).toEqual(NOT_FOUND);
    expect(await refusal(api.editMessageText(EVE, sent.message_id, 'Back?'))).toEqual(
      badRequest('message to edit not found'),
    );
    expect(await refusal(api.sendMessage(EVE, 'Re', { reply_parameters: { message_id: sent.message_id } }))).toEqual(
      badRequest('message to be replied not found'),
    );

    // "Bots can delete incoming messages in private chats."
    const theirs = emulator.sendText(eve, 'hello bot');
    await expect(api.deleteMessage(EVE, theirs.message_id)).resolves.toBe(true);
    expect(emulator.deletedMessages(EVE).map((m) => [m.text, m.fromBot])).toEqual([
      ['Goes', true],
      ['hello bot', false],
    ]);
    expect(emulator.sent(EVE).map((m) => m.messageId)).toEqual([kept.message_id]);
  });

  it('refuses what names no message, and where the bot may not act, as a send is refused', async () => {
    await start();
    const sent = await api.sendMessage(EVE, 'Hi');
    expect(await refusal(api.deleteMessage(EVE, 0))).toEqual(badRequest('message identifier is not specified'));
    expect(await refusal(api.deleteMessage(777, sent.message_id))).toEqual(badRequest('chat not found'));

    emulator.blockBot(EVE);
    expect(await refusal(api.deleteMessage(EVE, sent.message_id))).toEqual({
      error_code: 403,
      description: 'Forbidden: bot was blocked by the user',
    });
    emulator.unblockBot(EVE);

    emulator.addGroup({ id: GROUP, title: 'Old', type: 'group', members: { [EVE]: 'creator' } });
    const inGroup = await api.sendMessage(GROUP, 'Before the upgrade');
    emulator.migrateGroup(GROUP, SUPERGROUP);
    const upgraded = await refusal(api.deleteMessage(GROUP, inGroup.message_id));
    expect(upgraded).toEqual(badRequest('group chat was upgraded to a supergroup chat'));

    emulator.addChannel({ id: CHANNEL, title: 'News', username: 'news', members: { [EVE]: 'creator' }, bot: 'left' });
    expect(await refusal(api.deleteMessage('@news', 1))).toEqual({
      error_code: 403,
      description: 'Forbidden: bot is not a member of the channel chat',
    });
    expect(emulator.deletedMessages()).toEqual([]);
  });

  it('holds every deletion to 48 hours, on the clock the test moves, and edits to none', async () => {
    await start();
    const sentAt = emulator.unixTime();
    const early = await api.sendMessage(EVE, 'Early');
    const late = await api.sendMessage(EVE, 'Late');
    expect(early.date).toBe(sentAt);

    emulator.advanceClock(47 * HOUR);
    await expect(api.deleteMessage(EVE, early.message_id)).resolves.toBe(true);
    expect(emulator.deletedMessages(EVE)[0]?.deletedAt).toBe(sentAt + 47 * 3600);

    // In a private chat, 48 hours exactly is still allowed (TDLib: age <= limit); a second more is not.
    emulator.advanceClock(HOUR + 1000);
    expect(await refusal(api.deleteMessage(EVE, late.message_id))).toEqual(CANT_FOR_EVERYONE);
    // Editing a bot's own message has no time limit; edit_date is when it happened.
    const edit = edited(await api.editMessageText(EVE, late.message_id, 'Late, corrected'));
    expect([edit.date, edit.edit_date]).toEqual([sentAt, sentAt + 48 * 3600 + 1]);
    expect(emulator.sent(EVE).map((m) => [m.text, m.editCount])).toEqual([['Late, corrected', 1]]);

    // An administrator with can_delete_messages is held to the same limit (the literal reading).
    emulator.addGroup({ id: SUPERGROUP, title: 'S', members: { [EVE]: 'creator' }, bot: 'administrator' });
    const theirs = emulator.sendText(eve, 'old news', { chatId: SUPERGROUP });
    const ours = await api.sendMessage(SUPERGROUP, 'ours');
    emulator.advanceClock(48 * HOUR);
    expect(await refusal(api.deleteMessage(SUPERGROUP, theirs.message_id))).toEqual(CANT);
    expect(await refusal(api.deleteMessage(SUPERGROUP, ours.message_id))).toEqual(CANT);
    expect(() => emulator.advanceClock(-1)).toThrow(/only moves forward/);
  });

  it('lets a group administrator delete any message, a member only its own', async () => {
    await start();
    emulator.addGroup({ id: GROUP, title: 'G', type: 'group', members: { [EVE]: 'creator' } });
    const theirs = emulator.sendText(eve, 'chatter', { chatId: GROUP });
    const ours = await api.sendMessage(GROUP, 'ours');
    expect(await refusal(api.deleteMessage(GROUP, theirs.message_id))).toEqual(CANT_FOR_EVERYONE);
    await expect(api.deleteMessage(GROUP, ours.message_id)).resolves.toBe(true);
    emulator.setMember(GROUP, emulator.botUser.id, { status: 'administrator' });
    await expect(api.deleteMessage(GROUP, theirs.message_id)).resolves.toBe(true);
  });

  it("asks can_delete_messages for others' messages in a supergroup; never deletes a topic's creation", async () => {
    await start();
    emulator.addGroup({ id: SUPERGROUP, title: 'S', members: { [EVE]: 'creator' } });
    const theirs = emulator.sendText(eve, 'chatter', { chatId: SUPERGROUP });
    const ours = await api.sendMessage(SUPERGROUP, 'ours');
    expect(await refusal(api.deleteMessage(SUPERGROUP, theirs.message_id))).toEqual(CANT);
    emulator.setMember(SUPERGROUP, emulator.botUser.id, { status: 'administrator', canDeleteMessages: false });
    expect(await refusal(api.deleteMessage(SUPERGROUP, theirs.message_id))).toEqual(CANT);
    await expect(api.deleteMessage(SUPERGROUP, ours.message_id)).resolves.toBe(true);
    emulator.setMember(SUPERGROUP, emulator.botUser.id, { status: 'administrator' });
    await expect(api.deleteMessage(SUPERGROUP, theirs.message_id)).resolves.toBe(true);

    emulator.addGroup({ id: FORUM, title: 'F', forum: true, members: { [EVE]: 'creator' }, bot: 'administrator' });
    const threadId = emulator.openTopic(FORUM, eve, 'News');
    expect(await refusal(api.deleteMessage(FORUM, threadId))).toEqual(CANT);
    const inTopic = await api.sendMessage(FORUM, 'in the topic', { message_thread_id: threadId });
    await expect(api.deleteMessage(FORUM, inTopic.message_id)).resolves.toBe(true);
    expect(emulator.inTopic(FORUM, threadId)).toEqual([]);
  });

  it("in a channel, deletes its own posts while it may post, others' with can_delete_messages", async () => {
    await start();
    emulator.addChannel({ id: CHANNEL, title: 'News', members: { [EVE]: 'creator' } });
    const post = await api.sendMessage(CHANNEL, 'A post');
    const second = await api.sendMessage(CHANNEL, 'Another');
    const eves = emulator.sendText(eve, 'by the owner', { chatId: CHANNEL });

    emulator.setMember(CHANNEL, emulator.botUser.id, {
      status: 'administrator',
      canPostMessages: false,
      canDeleteMessages: false,
    });
    expect(await refusal(api.deleteMessage(CHANNEL, post.message_id))).toEqual(CANT);
    emulator.setMember(CHANNEL, emulator.botUser.id, { status: 'administrator', canDeleteMessages: false });
    await expect(api.deleteMessage(CHANNEL, post.message_id)).resolves.toBe(true);
    expect(await refusal(api.deleteMessage(CHANNEL, eves.message_id))).toEqual(CANT);

    emulator.setMember(CHANNEL, emulator.botUser.id, { status: 'administrator', canPostMessages: false });
    await expect(api.deleteMessage(CHANNEL, eves.message_id)).resolves.toBe(true);
    await expect(api.deleteMessage(CHANNEL, second.message_id)).resolves.toBe(true);
    expect(emulator.sent(CHANNEL)).toEqual([]);
  });

  it('tells a bot whose message a person deleted only when it edits it', async () => {
    await start();
    const sent = await api.sendMessage(EVE, 'Card');
    const gone = emulator.deleteMessage(EVE, sent.message_id);
    expect(gone).toMatchObject({ deletedBy: 'person', text: 'Card' });
    expect(await refusal(api.editMessageText(EVE, sent.message_id, 'Updated card'))).toEqual(
      badRequest('message to edit not found'),
    );
    expect(await refusal(api.deleteMessage(EVE, sent.message_id))).toEqual(NOT_FOUND);
    expect(() => emulator.deleteMessage(EVE, sent.message_id)).toThrow(/has no message/);
  });

  it("does not let the bot's deletions shift command(): the answer is the next message sent", async () => {
    await start();
    const old = await api.sendMessage(EVE, 'old');
    await api.sendMessage(EVE, 'older answer');
    await api.deleteMessage(EVE, old.message_id);
    const waiting = emulator.command(eve, '/ping');
    await api.sendMessage(EVE, 'pong');
    await expect(waiting).resolves.toMatchObject({ text: 'pong' });
  });
});

describe('deleteMessages', () => {
  it('deletes them all, skipping ids it cannot find', async () => {
    await start();
    const a = await api.sendMessage(EVE, 'a');
    const b = await api.sendMessage(EVE, 'b');
    const c = await api.sendMessage(EVE, 'c');
    await expect(api.deleteMessages(EVE, [a.message_id, 999, c.message_id, a.message_id])).resolves.toBe(true);
    expect(emulator.sent(EVE).map((m) => m.text)).toEqual(['b']);
    // None found at all is still success.
    await expect(api.deleteMessages(EVE, [a.message_id, 12345])).resolves.toBe(true);
    expect(emulator.deletedMessages(EVE).map((m) => m.messageId)).toEqual([a.message_id, c.message_id]);
    expect(b.message_id).toBe(emulator.sent(EVE)[0]?.messageId);
  });

  it('fails whole when one it found may not be deleted, and deletes nothing', async () => {
    await start();
    emulator.addGroup({ id: SUPERGROUP, title: 'S', members: { [EVE]: 'creator' } });
    const ours = await api.sendMessage(SUPERGROUP, 'ours');
    const theirs = emulator.sendText(eve, 'theirs', { chatId: SUPERGROUP });
    expect(await refusal(api.deleteMessages(SUPERGROUP, [ours.message_id, theirs.message_id]))).toEqual(CANT);
    expect(emulator.sent(SUPERGROUP).map((m) => m.text)).toEqual(['ours']);
    expect(emulator.deletedMessages()).toEqual([]);

    emulator.advanceClock(49 * HOUR);
    const mine = await api.sendMessage(EVE, 'mine');
    const hers = emulator.sendText(eve, 'hers');
    emulator.advanceClock(49 * HOUR);
    expect(await refusal(api.deleteMessages(EVE, [mine.message_id, hers.message_id]))).toEqual(CANT_FOR_EVERYONE);
    expect(emulator.sent(EVE).map((m) => m.text)).toEqual(['mine']);
  });

  it("refuses the id lists the server refuses, in the server's words", async () => {
    await start();
    const many = Array.from({ length: 101 }, (_, i) => i + 1);
    expect(await refusal(api.deleteMessages(EVE, many))).toEqual(badRequest('too many message identifiers specified'));
    expect(await refusal(api.deleteMessages(EVE, []))).toEqual(badRequest('message identifiers are not specified'));
    expect(await refusal(api.deleteMessages(EVE, [0]))).toEqual(badRequest('invalid message identifier specified'));
    expect(await refusal(api.deleteMessages(EVE, ['x' as never]))).toEqual(
      badRequest("can't parse message identifier as Number"),
    );
    expect(await refusal(api.deleteMessages(EVE, [true as never]))).toEqual(
      badRequest('message identifier must be a Number'),
    );
    expect(await refusal(api.raw.deleteMessages({ chat_id: EVE, message_ids: 'nope' as never }))).toEqual(
      badRequest("can't parse message_ids JSON object"),
    );
  });
});

describe('editing text and captions', () => {
  it('re-parses the text, replaces or drops the keyboard, dates the edit and counts it', async () => {
    await start();
    const keyboard = { inline_keyboard: [[{ text: 'More', callback_data: 'more' }]] };
    const sent = await api.sendMessage(EVE, '<b>Old</b> title', { parse_mode: 'HTML', reply_markup: keyboard });
    expect(sent.date).toBe(1_700_000_000);
    expect(sent).not.toHaveProperty('edit_date');

    emulator.advanceClock(90_000);
    const first = edited(
      await api.editMessageText(EVE, sent.message_id, 'New <i>title</i>', {
        parse_mode: 'HTML',
        reply_markup: keyboard,
      }),
    );
    expect(first).toMatchObject({
      text: 'New title',
      entities: [{ type: 'italic', offset: 4, length: 5 }],
      reply_markup: keyboard,
      date: 1_700_000_000,
      edit_date: 1_700_000_090,
    });
    expect(emulator.sent(EVE)[0]).toMatchObject({ html: 'New <i>title</i>', editCount: 1, editedAt: 1_700_000_090 });

    // The same again is refused and not counted.
    expect(
      await refusal(
        api.editMessageText(EVE, sent.message_id, 'New <i>title</i>', { parse_mode: 'HTML', reply_markup: keyboard }),
      ),
    ).toEqual(NOT_MODIFIED);
    expect(emulator.sent(EVE)[0]?.editCount).toBe(1);

    // An edit without reply_markup removes the keyboard: a change, though the text is the same.
    const second = edited(await api.editMessageText(EVE, sent.message_id, 'New <i>title</i>', { parse_mode: 'HTML' }));
    expect(second).not.toHaveProperty('reply_markup');
    expect(emulator.sent(EVE)[0]).toMatchObject({ replyMarkup: undefined, editCount: 2 });

    expect(await refusal(api.editMessageText(EVE, 999, 'x'))).toEqual(badRequest('message to edit not found'));
    expect(await refusal(api.editMessageText(EVE, sent.message_id, 'x'.repeat(4097)))).toEqual(
      badRequest('message is too long'),
    );
    const theirs = emulator.sendText(eve, 'mine');
    expect(await refusal(api.editMessageText(EVE, theirs.message_id, 'yours'))).toEqual(
      badRequest("message can't be edited"),
    );
  });

  it('keeps text and captions apart, and refuses an unchanged or too long caption', async () => {
    await start();
    const photo = await api.sendPhoto(EVE, images.serve('/p.png', {}), { caption: '<b>Cap</b>', parse_mode: 'HTML' });
    const text = await api.sendMessage(EVE, 'Words');
    expect(await refusal(api.editMessageText(EVE, photo.message_id, 'text'))).toEqual(
      badRequest('there is no text in the message to edit'),
    );
    expect(await refusal(api.editMessageCaption(EVE, text.message_id, { caption: 'cap' }))).toEqual(
      badRequest('there is no caption in the message to edit'),
    );
    expect(
      await refusal(api.editMessageCaption(EVE, photo.message_id, { caption: '<b>Cap</b>', parse_mode: 'HTML' })),
    ).toEqual(NOT_MODIFIED);
    // The limit counts what is shown: 1,024 characters in markup fit, 1,025 do not.
    expect(
      await refusal(
        api.editMessageCaption(EVE, photo.message_id, { caption: `<b>${'z'.repeat(1025)}</b>`, parse_mode: 'HTML' }),
      ),
    ).toEqual(badRequest('message caption is too long'));
    const fits = edited(
      await api.editMessageCaption(EVE, photo.message_id, {
        caption: `<b>${'y'.repeat(1024)}</b>`,
        parse_mode: 'HTML',
      }),
    );
    expect(fits.caption).toHaveLength(1024);
    expect(emulator.photos(EVE)[0]?.editCount).toBe(1);
  });

  it('counts edits toward the flood limits of the chat', async () => {
    await start({ limits: {}, clock: () => now });
    const sent = await api.sendMessage(EVE, 'v0');
    await api.editMessageText(EVE, sent.message_id, 'v1');
    await api.editMessageText(EVE, sent.message_id, 'v2');
    const limited = await refusal(api.editMessageText(EVE, sent.message_id, 'v3'));
    expect(limited.error_code).toBe(429);
    expect(emulator.floodRefusals().map((c) => [c.method, c.limitedBy])).toEqual([['editMessageText', 'chat']]);
    // Deletions are not messages: not limited.
    await expect(api.deleteMessage(EVE, sent.message_id)).resolves.toBe(true);
    expect(emulator.deletedMessages(EVE)[0]).toMatchObject({ text: 'v2', editCount: 2 });
    now += 1000;
    await expect(api.sendMessage(EVE, 'later')).resolves.toMatchObject({ text: 'later' });
  });
});

describe('editMessageMedia', () => {
  it('downloads the new picture and replaces picture, caption and keyboard', async () => {
    await start();
    const keyboard = { inline_keyboard: [[{ text: 'Open', url: 'https://e.com' }]] };
    const sent = await api.sendPhoto(EVE, images.serve('/a.png', {}), { caption: 'First', reply_markup: keyboard });
    const url = images.serve('/b.png', { body: png(400, 200) });
    const result = edited(
      await api.editMessageMedia(EVE, sent.message_id, {
        type: 'photo',
        media: url,
        caption: '<i>Second</i>',
        parse_mode: 'HTML',
      }),
    );
    expect(images.hitsOf('/b.png')).toBe(1);
    expect(result).toMatchObject({ caption: 'Second', caption_entities: [{ type: 'italic', offset: 0, length: 6 }] });
    expect(result).not.toHaveProperty('reply_markup');
    expect((result.photo ?? []).map((p) => [p.width, p.height])).toEqual([
      [90, 45],
      [320, 160],
      [400, 200],
    ]);
    expect(result.edit_date).toBe(emulator.unixTime());
    expect(emulator.photos(EVE)).toMatchObject([{ photoUrl: url, caption: 'Second', editCount: 1 }]);

    // Without a caption the new media has none; by the same file id and caption it is unchanged.
    const bare = edited(await api.editMessageMedia(EVE, sent.message_id, { type: 'photo', media: url }));
    expect(bare).not.toHaveProperty('caption');
    const fileId = bare.photo?.at(-1)?.file_id ?? '';
    expect(await refusal(api.editMessageMedia(EVE, sent.message_id, { type: 'photo', media: fileId }))).toEqual(
      NOT_MODIFIED,
    );
    await expect(
      api.editMessageMedia(EVE, sent.message_id, { type: 'photo', media: fileId, caption: 'again' }),
    ).resolves.toMatchObject({ caption: 'again' });
    expect(images.hitsOf('/b.png')).toBe(2);
    expect(emulator.photos(EVE)[0]?.editCount).toBe(3);
  });

  it('refuses a text message, a bad media object, a long caption, before downloading', async () => {
    await start();
    const text = await api.sendMessage(EVE, 'Words');
    const photo = await api.sendPhoto(EVE, images.serve('/a.png', {}));
    const url = images.serve('/b.png', {});
    expect(await refusal(api.editMessageMedia(EVE, text.message_id, { type: 'photo', media: url }))).toEqual(
      badRequest('there is no media in the message to edit'),
    );
    expect(
      await refusal(
        api.editMessageMedia(EVE, photo.message_id, { type: 'photo', media: url, caption: 'c'.repeat(1025) }),
      ),
    ).toEqual(badRequest('message caption is too long'));
    expect(await refusal(api.editMessageMedia(EVE, photo.message_id, { type: 'photo', media: '' }))).toEqual(
      badRequest("can't parse InputMedia: media not found"),
    );
    expect(
      await refusal(
        api.editMessageMedia(EVE, photo.message_id, { type: 'photo', media: url, caption: 'a <b', parse_mode: 'HTML' }),
      ),
    ).toMatchObject({ description: expect.stringContaining("can't parse InputMedia: Can't parse entities") });
    expect(await refusal(api.editMessageMedia(EVE, photo.message_id, { type: 'photo', media: 'not a url' }))).toEqual(
      badRequest('wrong file identifier/HTTP URL specified'),
    );
    expect(
      (await refusal(api.editMessageMedia(EVE, photo.message_id, { type: 'video', media: url }))).description,
    ).toContain('not emulated');
    expect(
      await refusal(api.raw.editMessageMedia({ chat_id: EVE, message_id: photo.message_id, media: 'x' as never })),
    ).toEqual(badRequest("can't parse input media JSON object"));
    expect(await refusal(api.editMessageMedia(EVE, 999, { type: 'photo', media: url }))).toEqual(
      badRequest('message to edit not found'),
    );
    expect(images.hitsOf('/b.png')).toBe(0);
    expect(emulator.photos(EVE)[0]?.editCount).toBe(0);
  });

  it('finds the message gone if it was deleted while the picture downloaded', async () => {
    await start();
    const photo = await api.sendPhoto(EVE, images.serve('/a.png', {}));
    const pending = refusal(
      api.editMessageMedia(EVE, photo.message_id, {
        type: 'photo',
        media: images.serve('/slow.png', { delayMs: 200 }),
      }),
    );
    await until(() => images.hitsOf('/slow.png') === 1, 'the download to start');
    emulator.deleteMessage(EVE, photo.message_id);
    expect(await pending).toEqual(badRequest('message to edit not found'));
    expect(emulator.deletedMessages(EVE)[0]?.editCount).toBe(0);
  });
});
