import { Api, GrammyError, InputFile } from 'grammy';
import type { User } from 'grammy/types';
import { afterEach, describe, expect, it } from 'vitest';
import { TelegramEmulator, type TelegramEmulatorOptions } from '../emulators/telegram/emulator.ts';
import { TELEGRAM_FLOOD_LIMITS } from '../emulators/telegram/flood.ts';
import { ImageServer, png, TINY_PNG } from '../helpers/image-server.ts';

/**
 * sendPhoto, editMessageCaption and link_preview_options in the emulator, through the
 * real grammY client: the emulator downloads the photo URL from a local server as
 * Telegram's servers would, and refuses in Telegram's words.
 */

const EVE = 5;
const FORUM = -1001;

let emulator: TelegramEmulator;
let api: Api;
let images: ImageServer;
let eve: User;
let now = 0;

async function start(options: TelegramEmulatorOptions = {}): Promise<void> {
  now = 1_000_000;
  emulator = await new TelegramEmulator({ limits: false, ...options }).start();
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

describe('sendPhoto by URL', () => {
  it('downloads the picture and stores a photo message with its HTML caption', async () => {
    await start();
    const url = images.serve('/card.png', {});
    const sent = await api.sendPhoto(EVE, url, {
      caption: '<b>Armenia</b> &amp; the <a href="https://e.com/a">CSTO</a>',
      parse_mode: 'HTML',
      reply_markup: { inline_keyboard: [[{ text: 'More', callback_data: 'more' }]] },
    });
    expect(images.hitsOf('/card.png')).toBe(1);
    expect(sent).toMatchObject({
      chat: { id: EVE },
      caption: 'Armenia & the CSTO',
      caption_entities: [
        { type: 'bold', offset: 0, length: 7 },
        { type: 'text_link', offset: 14, length: 4, url: 'https://e.com/a' },
      ],
      reply_markup: { inline_keyboard: [[{ text: 'More', callback_data: 'more' }]] },
    });
    expect(sent).not.toHaveProperty('text');
    expect(sent).not.toHaveProperty('show_caption_above_media');
    expect(sent.photo).toEqual([
      {
        file_id: expect.any(String),
        file_unique_id: expect.any(String),
        width: 1,
        height: 1,
        file_size: TINY_PNG.length,
      },
    ]);

    const [stored] = emulator.photos(EVE);
    expect(stored).toMatchObject({
      messageId: sent.message_id,
      text: '',
      html: null,
      entities: [],
      photoUrl: url,
      caption: 'Armenia & the CSTO',
      captionHtml: '<b>Armenia</b> &amp; the <a href="https://e.com/a">CSTO</a>',
      silent: false,
      showCaptionAboveMedia: false,
    });
    expect(stored?.photo).toEqual(sent.photo);
    expect(emulator.sent(EVE)).toHaveLength(1);
  });

  it('answers thumbnails smaller than a big picture, and takes its file ids back', async () => {
    await start();
    const sent = await api.sendPhoto(EVE, images.serve('/wide.png', { body: png(1000, 500) }));
    expect(sent.photo.map((p) => [p.width, p.height])).toEqual([
      [90, 45],
      [320, 160],
      [800, 400],
      [1000, 500],
    ]);
    expect(sent).not.toHaveProperty('caption');
    const largest = sent.photo[3]?.file_id ?? '';
    const again = await api.sendPhoto(EVE, largest, { caption: 'again' });
    expect(again.photo).toEqual(sent.photo);
    expect(images.hitsOf('/wide.png')).toBe(1);
    expect(emulator.photos(EVE).map((m) => m.photoUrl)).toEqual([`${images.url}/wide.png`, `${images.url}/wide.png`]);
    // A thumbnail's id sends that size (and the smaller ones).
    const thumb = await api.sendPhoto(EVE, sent.photo[1]?.file_id ?? '');
    expect(thumb.photo.map((p) => p.width)).toEqual([90, 320]);
  });

  it('records disable_notification and show_caption_above_media, and places the photo in a forum topic', async () => {
    await start();
    emulator.addGroup({ id: FORUM, title: 'Forum', forum: true, members: { [EVE]: 'creator' } });
    const threadId = emulator.openTopic(FORUM, eve, 'News');
    const url = images.serve('/p.png', {});
    const sent = await api.sendPhoto(FORUM, url, {
      caption: 'In the topic',
      message_thread_id: threadId,
      disable_notification: true,
      show_caption_above_media: true,
    });
    expect(sent).toMatchObject({ message_thread_id: threadId, is_topic_message: true, show_caption_above_media: true });
    expect(emulator.inTopic(FORUM, threadId)).toMatchObject([{ silent: true, showCaptionAboveMedia: true }]);
  });

  it('refuses a caption longer than 1,024 characters after parsing, before downloading', async () => {
    await start();
    const url = images.serve('/p.png', {});
    expect(await refusal(api.sendPhoto(EVE, url, { caption: 'x'.repeat(1025) }))).toEqual(
      badRequest('message caption is too long'),
    );
    expect(images.hitsOf('/p.png')).toBe(0);
    // Markup does not count: 1,024 characters shown is fine.
    const fits = await api.sendPhoto(EVE, url, { caption: `<b>${'y'.repeat(1024)}</b>`, parse_mode: 'HTML' });
    expect(fits.caption).toHaveLength(1024);
    // Empty and absent are no caption.
    expect(await api.sendPhoto(EVE, url, { caption: '' })).not.toHaveProperty('caption');
    expect(emulator.photos(EVE).map((m) => m.caption)).toEqual(['y'.repeat(1024), '']);
    expect((await refusal(api.sendPhoto(EVE, url, { caption: 'a <b', parse_mode: 'HTML' }))).description).toContain(
      "can't parse entities",
    );
  });

  it('refuses what is no http(s) URL and no file id it gave out', async () => {
    await start();
    for (const photo of ['not a url', 'ftp://127.0.0.1/p.png', 'file:///etc/passwd', 'AgACAgIAAxkBAAIBunknown']) {
      expect(await refusal(api.sendPhoto(EVE, photo))).toEqual(badRequest('wrong file identifier/HTTP URL specified'));
    }
    expect(await refusal(api.sendPhoto(EVE, ''))).toEqual(badRequest('there is no photo in the request'));
    expect(emulator.sent()).toEqual([]);
  });

  it('refuses a URL it cannot get: 404, refused connection, too slow, over 5 MB', async () => {
    await start({ photoDownload: { timeoutMs: 300 } });
    const failed = badRequest('failed to get HTTP URL content');
    expect(await refusal(api.sendPhoto(EVE, `${images.url}/missing.png`))).toEqual(failed);
    expect(await refusal(api.sendPhoto(EVE, images.serve('/gone.png', { status: 500 })))).toEqual(failed);

    const closed = await new ImageServer().start();
    const closedUrl = closed.serve('/p.png', {});
    await closed.stop();
    expect(await refusal(api.sendPhoto(EVE, closedUrl))).toEqual(failed);

    expect(await refusal(api.sendPhoto(EVE, images.serve('/slow.png', { hang: true })))).toEqual(failed);

    const big = Buffer.concat([TINY_PNG, Buffer.alloc(5 * 1024 * 1024)]);
    expect(await refusal(api.sendPhoto(EVE, images.serve('/big.png', { body: big, chunked: true })))).toEqual(failed);
    expect(await refusal(api.sendPhoto(EVE, images.serve('/big2.png', { body: big })))).toEqual(failed);
    expect(emulator.sent()).toEqual([]);
  });

  it('refuses a page that is no image, and an "image" whose bytes are none', async () => {
    await start();
    const page = images.serve('/article', { type: 'text/html; charset=utf-8', body: '<html>hi</html>' });
    expect(await refusal(api.sendPhoto(EVE, page))).toEqual(badRequest('wrong type of the web page content'));
    const untyped = images.serve('/untyped', { type: '', body: TINY_PNG });
    expect(await refusal(api.sendPhoto(EVE, untyped))).toEqual(badRequest('wrong type of the web page content'));

    const fake = images.serve('/fake.png', { type: 'image/png', body: '<html>not a picture</html>' });
    expect(await refusal(api.sendPhoto(EVE, fake))).toEqual(badRequest('IMAGE_PROCESS_FAILED'));
    const truncated = images.serve('/cut.png', { body: TINY_PNG.subarray(0, TINY_PNG.length - 8) });
    expect(await refusal(api.sendPhoto(EVE, truncated))).toEqual(badRequest('IMAGE_PROCESS_FAILED'));
    const thin = images.serve('/thin.png', { body: png(1, 30) });
    expect(await refusal(api.sendPhoto(EVE, thin))).toEqual(badRequest('PHOTO_INVALID_DIMENSIONS'));
    expect(emulator.sent()).toEqual([]);
  });

  it('refuses a multipart upload clearly, and who may not get photos before downloading', async () => {
    await start();
    const upload = await refusal(api.sendPhoto(EVE, new InputFile(TINY_PNG, 'p.png')));
    expect(upload.error_code).toBe(400);
    expect(upload.description).toContain('multipart uploads are not emulated');
    expect(emulator.calls('sendPhoto')).toMatchObject([{ status: 400 }]);

    const url = images.serve('/p.png', {});
    expect(await refusal(api.sendPhoto(EVE, url, { message_thread_id: 7 }))).toEqual(
      badRequest('message thread not found'),
    );
    emulator.blockBot(EVE);
    expect(await refusal(api.sendPhoto(EVE, url))).toEqual({
      error_code: 403,
      description: 'Forbidden: bot was blocked by the user',
    });
    emulator.addGroup({
      id: -2001,
      title: 'Quiet',
      members: { [EVE]: 'creator' },
      bot: 'restricted',
    });
    emulator.setMember(-2001, emulator.botUser.id, { status: 'restricted', canSendMessages: true });
    expect(await refusal(api.sendPhoto(-2001, url))).toEqual(
      badRequest('not enough rights to send photos to the chat'),
    );
    expect(images.hitsOf('/p.png')).toBe(0);
  });

  it('counts photos in the flood limits, also when they overlap while downloading', async () => {
    await start({ limits: {}, clock: () => now });
    const url = images.serve('/slow.png', { delayMs: 100 });
    const all = await Promise.allSettled(Array.from({ length: 5 }, () => api.sendPhoto(EVE, url)));
    expect(all.filter((r) => r.status === 'fulfilled')).toHaveLength(TELEGRAM_FLOOD_LIMITS.perChatBurst);
    expect(emulator.floodRefusals().map((c) => [c.method, c.limitedBy])).toEqual([
      ['sendPhoto', 'chat'],
      ['sendPhoto', 'chat'],
    ]);
    // A text message right after is limited by the same bucket.
    expect((await refusal(api.sendMessage(EVE, 'text'))).error_code).toBe(429);
    now += 1000;
    await expect(api.sendPhoto(EVE, url)).resolves.toMatchObject({ chat: { id: EVE } });
  });
});

describe('editing photo and text messages', () => {
  it('edits a caption, refuses the same again, and keeps text and captions apart', async () => {
    await start();
    const photo = await api.sendPhoto(EVE, images.serve('/p.png', {}), { caption: 'Old' });
    const text = await api.sendMessage(EVE, 'Words');

    const edited = await api.editMessageCaption(EVE, photo.message_id, { caption: '<i>New</i>', parse_mode: 'HTML' });
    expect(edited).toMatchObject({ caption: 'New', caption_entities: [{ type: 'italic', offset: 0, length: 3 }] });
    expect(emulator.photos(EVE)[0]).toMatchObject({ caption: 'New', captionHtml: '<i>New</i>', editCount: 1 });
    expect(
      await refusal(api.editMessageCaption(EVE, photo.message_id, { caption: '<i>New</i>', parse_mode: 'HTML' })),
    ).toMatchObject({ description: expect.stringContaining('message is not modified') });
    expect(await refusal(api.editMessageCaption(EVE, photo.message_id, { caption: 'z'.repeat(1025) }))).toEqual(
      badRequest('message caption is too long'),
    );

    expect(await refusal(api.editMessageText(EVE, photo.message_id, 'text now'))).toEqual(
      badRequest('there is no text in the message to edit'),
    );
    expect(await refusal(api.editMessageCaption(EVE, text.message_id, { caption: 'a caption' }))).toEqual(
      badRequest('there is no caption in the message to edit'),
    );

    const keyboard = { inline_keyboard: [[{ text: 'Open', url: 'https://e.com' }]] };
    await expect(api.editMessageReplyMarkup(EVE, photo.message_id, { reply_markup: keyboard })).resolves.toMatchObject({
      caption: 'New',
      reply_markup: keyboard,
    });
    await expect(api.editMessageReplyMarkup(EVE, text.message_id, { reply_markup: keyboard })).resolves.toMatchObject({
      text: 'Words',
      reply_markup: keyboard,
    });
    // An empty caption removes it.
    expect(await api.editMessageCaption(EVE, photo.message_id, { caption: '' })).not.toHaveProperty('caption');
  });
});

describe('link_preview_options and disable_notification on text messages', () => {
  it('stores the options, shows them as Telegram does, and records a silent delivery', async () => {
    await start();
    const disabled = await api.sendMessage(EVE, 'Read https://e.com/a', {
      link_preview_options: { is_disabled: true },
      disable_notification: true,
    });
    expect(disabled.link_preview_options).toEqual({ is_disabled: true });
    // Without a link in the text Telegram forgets the flag: nothing shown, but the bot's choice is stored.
    const plain = await api.sendMessage(EVE, 'No link here', { link_preview_options: { is_disabled: true } });
    expect(plain).not.toHaveProperty('link_preview_options');
    const chosen = await api.sendMessage(EVE, 'See this', {
      link_preview_options: {
        url: 'https://e.com/b',
        prefer_large_media: true,
        show_above_text: true,
        prefer_small_media: false,
      },
    });
    expect(chosen.link_preview_options).toEqual({
      url: 'https://e.com/b',
      prefer_large_media: true,
      show_above_text: true,
    });
    const loud = await api.sendMessage(EVE, 'Default https://e.com/c');
    expect(loud).not.toHaveProperty('link_preview_options');

    expect(emulator.sent(EVE).map((m) => ({ text: m.text, silent: m.silent, options: m.linkPreviewOptions }))).toEqual([
      { text: 'Read https://e.com/a', silent: true, options: { is_disabled: true } },
      { text: 'No link here', silent: false, options: { is_disabled: true } },
      {
        text: 'See this',
        silent: false,
        options: { url: 'https://e.com/b', prefer_large_media: true, show_above_text: true },
      },
      { text: 'Default https://e.com/c', silent: false, options: undefined },
    ]);

    // An edit carries its own options: the same text with them changed is a modification.
    const edited = await api.editMessageText(EVE, loud.message_id, 'Default https://e.com/c', {
      link_preview_options: { is_disabled: true },
    });
    expect(edited === true ? null : edited.link_preview_options).toEqual({ is_disabled: true });
    expect(emulator.sent(EVE)[3]?.linkPreviewOptions).toEqual({ is_disabled: true });
    expect(
      await refusal(
        api.editMessageText(EVE, loud.message_id, 'Default https://e.com/c', {
          link_preview_options: { is_disabled: true },
        }),
      ),
    ).toMatchObject({ description: expect.stringContaining('message is not modified') });
  });

  it('takes the options as a JSON string, and refuses ones of the wrong shape', async () => {
    await start();
    const sent = await api.sendMessage(EVE, 'Read https://e.com', {
      link_preview_options: '{"is_disabled":true}' as never,
    });
    expect(sent.link_preview_options).toEqual({ is_disabled: true });
    expect(await refusal(api.sendMessage(EVE, 'x', { link_preview_options: 'nope' as never }))).toEqual(
      badRequest("can't parse link preview options JSON object"),
    );
    expect(await refusal(api.sendMessage(EVE, 'x', { link_preview_options: [true] as never }))).toEqual(
      badRequest('object expected as link preview options'),
    );
    expect(await refusal(api.sendMessage(EVE, 'x', { link_preview_options: { is_disabled: 'yes' as never } }))).toEqual(
      badRequest('field "is_disabled" must be of type Boolean'),
    );
    expect(await refusal(api.sendMessage(EVE, 'x', { link_preview_options: { url: 'not a url' } }))).toEqual(
      badRequest('WEBPAGE_URL_INVALID'),
    );
    expect(emulator.sent(EVE)).toHaveLength(1);
  });
});
