import type { BotCommand, InlineKeyboardMarkup, MessageEntity, PhotoSize } from 'grammy/types';
import { ApiFailure, apiErrors } from './api-errors.ts';
import { createDeletionMethods } from './deletions.ts';
import { createForumMethods, placeMessage } from './forum.ts';
import { characterCount, parseTelegramHtml } from './html.ts';
import { parseLinkPreviewOptions } from './link-preview.ts';
import { httpUrl, type PhotoFetcher, photoErrors, photoSizes } from './photos.ts';
import type { StoredMessage, World } from './world.ts';

/**
 * Bot API methods other than getUpdates (emulator.ts holds the long poll), each
 * validating its payload the way the Bot API server does and answering realistic
 * objects. A method throws ApiFailure for an error answer.
 */

export type Payload = Record<string, unknown>;
/** A method's result, or a Staged one. */
export type Method = (payload: Payload) => unknown;

/**
 * The answer of a method that must wait for something first (sendPhoto downloading its
 * URL): `ready` settles with the step that makes the call take effect (or rejects with
 * its ApiFailure). The emulator runs that step synchronously, after checking the flood
 * limits again, so that calls which overlap while they wait are still limited as one
 * after another.
 */
export class Staged {
  constructor(readonly ready: Promise<() => unknown>) {}
}

export interface MethodOptions {
  /** The emulator's clock, in ms. */
  now: () => number;
  /** How long a callback query, and an inline query, may wait for its answer. */
  callbackQueryTimeoutMs: number;
  inlineQueryTimeoutMs: number;
  /** Downloads the pictures of sendPhoto. */
  photos: PhotoFetcher;
}

const QUERY_TOO_OLD = 'query is too old and response timeout expired or query ID is invalid';

const MESSAGE_MAX = 4096;
const CAPTION_MAX = 1024;
const CALLBACK_DATA_MAX = 64;
const CALLBACK_TEXT_MAX = 200;
const COMMAND_NAME = /^[a-z0-9_]{1,32}$/u;
const SECRET_TOKEN = /^[A-Za-z0-9_-]{1,256}$/u;

const str = (value: unknown): string | undefined => (typeof value === 'string' ? value : undefined);
const num = (value: unknown): number | undefined =>
  typeof value === 'number' ? value : typeof value === 'string' && /^-?\d+$/u.test(value) ? Number(value) : undefined;
const obj = (value: unknown): Payload | undefined =>
  typeof value === 'object' && value !== null && !Array.isArray(value) ? (value as Payload) : undefined;

/**
 * Read "true" as Telegram reads a Boolean parameter: JSON true, or the strings "true",
 * "yes", "1" (the Bot API server's to_bool, for form and query parameters).
 */
const flag = (value: unknown): boolean =>
  value === true || value === 1 || (typeof value === 'string' && /^\s*(?:true|yes|1)\s*$/iu.test(value));

type Formatted = { text: string; html: string | null; entities: MessageEntity[] };

/** `raw` after parse_mode (HTML or none), or the error Telegram gives. */
function parseFormatted(raw: string, mode: string | undefined): Formatted {
  if (mode === undefined || mode === '') return { text: raw, html: null, entities: [] };
  if (mode === 'HTML') {
    const html = parseTelegramHtml(raw);
    if (!html.ok) throw new ApiFailure(400, html.error);
    return { text: html.text, html: raw, entities: html.entities };
  }
  throw apiErrors.badRequest(`unsupported parse_mode "${mode}" (this emulator speaks HTML only)`);
}

/** The text and entities a message would have, or the error Telegram gives. */
export function parseText(payload: Payload, field = 'text'): Formatted {
  const raw = str(payload[field]);
  if (raw === undefined || raw.trim() === '') throw apiErrors.badRequest('message text is empty');
  const parsed = parseFormatted(raw, str(payload.parse_mode));
  if (parsed.text.trim() === '') throw apiErrors.badRequest('message text is empty');
  if (characterCount(parsed.text) > MESSAGE_MAX) throw apiErrors.badRequest('message is too long');
  return parsed;
}

/**
 * The caption a media message would have, parsed as `text` is (parse_mode applies to
 * it): at most 1,024 characters after parsing. Absent or empty is no caption ({ text: '' }),
 * and so is one that is only spaces once parsed (Telegram trims captions; the emulator,
 * like for text, does not trim a caption that has words).
 */
export function parseCaption(payload: Payload): Formatted {
  const raw = str(payload.caption);
  if (raw === undefined || raw === '') return { text: '', html: null, entities: [] };
  const parsed = parseFormatted(raw, str(payload.parse_mode));
  if (parsed.text.trim() === '') return { text: '', html: null, entities: [] };
  if (characterCount(parsed.text) > CAPTION_MAX) throw apiErrors.badRequest('message caption is too long');
  return parsed;
}

/** What editMessageMedia's `media` holds, read as the server reads it (before the message is looked at). */
interface InputPhoto {
  /** A file id or an http(s) URL (checked later, as sendPhoto's `photo`). */
  source: string;
  /** The caption after parse_mode; its length is checked later (TDLib's check). */
  caption: Formatted;
  above: boolean;
}

/**
 * `media` of editMessageMedia, in the server's words (get_input_media): missing, "parameter
 * "media" is required"; not JSON, "can't parse input media JSON object"; then "can't parse
 * InputMedia: ..." for what is wrong inside (not an object, the caption's entities, no
 * `media`, an unknown `type`). Guesses: a missing `type` answers `Can't find field "type"`
 * (the server's JSON helper's words); a video, animation, audio or document is refused as
 * not emulated.
 */
function parseInputMedia(value: unknown): InputPhoto {
  if (value === undefined || value === null || value === '')
    throw apiErrors.badRequest('parameter "media" is required');
  let raw: unknown = value;
  if (typeof raw === 'string') {
    try {
      raw = JSON.parse(raw) as unknown;
    } catch {
      throw apiErrors.badRequest("can't parse input media JSON object");
    }
  }
  const refuse = (what: string) => apiErrors.badRequest(`can't parse InputMedia: ${what}`);
  const media = obj(raw);
  if (!media) throw refuse('expected an Object');
  let caption: Formatted = { text: '', html: null, entities: [] };
  const rawCaption = str(media.caption) ?? '';
  if (rawCaption !== '') {
    try {
      caption = parseFormatted(rawCaption, str(media.parse_mode));
    } catch (err) {
      const entityError = "Bad Request: can't parse entities";
      if (err instanceof ApiFailure && err.description.startsWith(entityError))
        throw refuse(`Can't parse entities${err.description.slice(entityError.length)}`);
      throw err;
    }
    if (caption.text.trim() === '') caption = { text: '', html: null, entities: [] };
  }
  const source = str(media.media) ?? '';
  if (source === '') throw refuse('media not found');
  const type = str(media.type);
  if (type === undefined) throw refuse('Can\'t find field "type"');
  if (['video', 'animation', 'audio', 'document'].includes(type))
    throw apiErrors.badRequest(`InputMedia of type "${type}" is not emulated (this emulator edits photos only)`);
  if (type !== 'photo') throw refuse(`type "${type}" is unsupported`);
  return { source, caption, above: media.show_caption_above_media === true };
}

export function parseKeyboard(value: unknown): InlineKeyboardMarkup | undefined {
  if (value === undefined) return undefined;
  const markup = obj(typeof value === 'string' ? JSON.parse(value) : value);
  const rows = markup?.inline_keyboard;
  if (!Array.isArray(rows))
    throw apiErrors.badRequest('unsupported reply_markup (this emulator speaks inline keyboards)');
  for (const row of rows) {
    if (!Array.isArray(row))
      throw apiErrors.badRequest('field "inline_keyboard" of the InlineKeyboardMarkup should be an Array of Arrays');
    for (const cell of row) {
      const button = obj(cell);
      const text = str(button?.text);
      if (!button || text === undefined || text === '') throw apiErrors.badRequest('BUTTON_TEXT_INVALID');
      const data = str(button.callback_data);
      if (data !== undefined && (data === '' || Buffer.byteLength(data, 'utf8') > CALLBACK_DATA_MAX))
        throw apiErrors.badRequest('BUTTON_DATA_INVALID');
      if (data === undefined && str(button.url) === undefined && str(button.switch_inline_query) === undefined)
        throw apiErrors.badRequest(
          "can't parse inline keyboard button: Text buttons are unallowed in the inline keyboard",
        );
    }
  }
  return markup as unknown as InlineKeyboardMarkup;
}

/** The bot's message an edit is for. An edit keeps its topic; one of a deleted topic is gone with it. */
function findBotMessage(world: World, payload: Payload): StoredMessage {
  if (payload.inline_message_id !== undefined) throw apiErrors.badRequest('MESSAGE_ID_INVALID');
  const record = world.resolve(payload.chat_id);
  const message = world.liveMessage(record, num(payload.message_id) ?? -1);
  if (!message) throw apiErrors.badRequest('message to edit not found');
  if (!message.fromBot || message.service) throw apiErrors.badRequest("message can't be edited");
  return message;
}

const NOT_MODIFIED =
  'message is not modified: specified new message content and reply markup are exactly the same as a current content and reply markup of the message';
const sameMarkup = (a: InlineKeyboardMarkup | undefined, b: InlineKeyboardMarkup | undefined) =>
  JSON.stringify(a?.inline_keyboard ?? []) === JSON.stringify(b?.inline_keyboard ?? []);

function scopeKey(scope: unknown): string {
  const s = obj(scope) ?? { type: 'default' };
  return s.type === 'chat' || s.type === 'chat_administrators'
    ? `${String(s.type)}:${String(s.chat_id)}`
    : String(s.type);
}

export function createMethods(world: World, options: MethodOptions): Record<string, Method> {
  const { now } = options;
  return {
    ...createForumMethods(world),
    ...createDeletionMethods(world),

    getMe: () => world.bot,

    /** Into a forum topic, General, or the replied message's topic: forum.ts, placeMessage. */
    sendMessage(p) {
      const record = world.resolve(p.chat_id);
      const content = parseText(p);
      const linkPreviewOptions = parseLinkPreviewOptions(p);
      const keyboard = parseKeyboard(p.reply_markup);
      world.checkCanSend(record);
      const { threadId, replyToMessageId } = placeMessage(world, record, p);
      const stored = world.storeMessage(record, {
        ...content,
        fromBot: true,
        from: undefined,
        replyMarkup: keyboard,
        replyToMessageId,
        threadId,
        silent: flag(p.disable_notification),
        ...(linkPreviewOptions ? { linkPreviewOptions } : {}),
      });
      return world.toMessage(stored);
    },

    /**
     * A text message only: a photo's caption is editMessageCaption's ("there is no text in
     * the message to edit", TDLib's words, checked before the new text as TDLib does).
     * The edit's link_preview_options replace the message's (none given: the default).
     * Guess: a change of link preview options alone counts as a modification. Like every
     * edit here, it is counted and dated (World.markEdited: editCount, editedAt, edit_date);
     * the bot's own messages stay editable however old (Telegram sets bots no time limit).
     */
    editMessageText(p) {
      const message = findBotMessage(world, p);
      if (message.photo) throw apiErrors.badRequest('there is no text in the message to edit');
      const content = parseText(p);
      const linkPreviewOptions = parseLinkPreviewOptions(p);
      const keyboard = parseKeyboard(p.reply_markup);
      if (
        content.text === message.text &&
        JSON.stringify(content.entities) === JSON.stringify(message.entities) &&
        JSON.stringify(linkPreviewOptions ?? null) === JSON.stringify(message.linkPreviewOptions ?? null) &&
        sameMarkup(keyboard, message.replyMarkup)
      ) {
        throw apiErrors.badRequest(NOT_MODIFIED);
      }
      Object.assign(message, content, { linkPreviewOptions, replyMarkup: keyboard });
      world.markEdited(message);
      return world.toMessage(message);
    },

    /**
     * A photo by HTTP(S) URL, which the emulator downloads as Telegram's servers do, or by
     * a file id the emulator gave out (photos.ts: the refusals and the guesses). Everything
     * that can be refused without the picture is refused before the download (chat,
     * caption, keyboard, rights, topic: TDLib checks these before it uploads); where the
     * message goes is worked out again once the picture is in, since a topic may close
     * meanwhile. Placement, disable_notification, allow_paid_broadcast (emulator.ts) and
     * the flood limits as for sendMessage.
     */
    sendPhoto(p) {
      const record = world.resolve(p.chat_id);
      const photo = str(p.photo);
      if (photo === undefined || photo === '') throw photoErrors.noPhoto();
      const caption = parseCaption(p);
      const keyboard = parseKeyboard(p.reply_markup);
      world.checkCanSend(record, 'photo');
      placeMessage(world, record, p);
      const known = world.photoFiles.get(photo);
      const url = known ? null : httpUrl(photo);
      if (!known && !url) throw photoErrors.wrongIdentifier();
      const send = (sizes: PhotoSize[], photoUrl: string) => () => {
        world.checkCanSend(record, 'photo');
        const { threadId, replyToMessageId } = placeMessage(world, record, p);
        const stored = world.storeMessage(record, {
          text: '',
          html: null,
          entities: [],
          photo: sizes,
          photoUrl,
          caption: caption.text,
          captionHtml: caption.html,
          captionEntities: caption.entities,
          showCaptionAboveMedia: flag(p.show_caption_above_media),
          fromBot: true,
          from: undefined,
          replyMarkup: keyboard,
          replyToMessageId,
          threadId,
          silent: flag(p.disable_notification),
        });
        return world.toMessage(stored);
      };
      if (known) return send(known.sizes.slice(0, known.index + 1), known.url)();
      if (!url) throw photoErrors.wrongIdentifier();
      return new Staged(
        options.photos.fetch(url).then((image) => {
          const sizes = photoSizes(image, world.nextPhotoSerial());
          sizes.forEach((size, index) => world.photoFiles.set(size.file_id, { sizes, index, url: image.url }));
          return send(sizes, image.url);
        }),
      );
    },

    /**
     * A photo message's caption (empty: none), its keyboard and show_caption_above_media
     * (absent: false, as the Bot API passes it on). A text message has no caption: "there
     * is no caption in the message to edit" (TDLib's words).
     */
    editMessageCaption(p) {
      const message = findBotMessage(world, p);
      if (!message.photo) throw apiErrors.badRequest('there is no caption in the message to edit');
      const caption = parseCaption(p);
      const keyboard = parseKeyboard(p.reply_markup);
      const above = flag(p.show_caption_above_media);
      if (
        caption.text === message.caption &&
        JSON.stringify(caption.entities) === JSON.stringify(message.captionEntities ?? []) &&
        above === (message.showCaptionAboveMedia ?? false) &&
        sameMarkup(keyboard, message.replyMarkup)
      ) {
        throw apiErrors.badRequest(NOT_MODIFIED);
      }
      Object.assign(message, {
        caption: caption.text,
        captionHtml: caption.html,
        captionEntities: caption.entities,
        showCaptionAboveMedia: above,
        replyMarkup: keyboard,
      });
      world.markEdited(message);
      return world.toMessage(message);
    },

    /**
     * A photo message's picture, with its caption and keyboard (Bot API editMessageMedia,
     * `media` an InputMediaPhoto): the new media's caption replaces the old one (none given:
     * none, as TDLib's inputMessagePhoto carries it), so does the keyboard (none: removed).
     * The picture is taken as sendPhoto takes it (photos.ts): a file id the emulator gave
     * out, or an http(s) URL it downloads, after every other check and the flood limits
     * (emulator.ts checks them again once the picture is in; the message may have gone
     * meanwhile: "message to edit not found").
     *
     * Refusals in order, as the server and TDLib give them: the keyboard and `media`
     * (parseInputMedia), "message to edit not found", "message can't be edited", "there is
     * no media in the message to edit" (TDLib's words, for a text message), "message
     * caption is too long", then the download's. Guesses: the same file id again with the
     * same caption, placement and keyboard is "message is not modified" (Telegram's server
     * answers MESSAGE_NOT_MODIFIED for an identical edit; a URL is a new upload, so always
     * a change); `has_spoiler` and `caption_entities` are ignored, as sendPhoto ignores
     * them; only photos are emulated (a video or document is refused with a 400 that says
     * so).
     */
    editMessageMedia(p) {
      const keyboard = parseKeyboard(p.reply_markup);
      const media = parseInputMedia(p.media);
      const message = findBotMessage(world, p);
      if (!message.photo) throw apiErrors.badRequest('there is no media in the message to edit');
      const { caption, above } = media;
      if (characterCount(caption.text) > CAPTION_MAX) throw apiErrors.badRequest('message caption is too long');
      const known = world.photoFiles.get(media.source);
      const url = known ? null : httpUrl(media.source);
      if (!known && !url) throw photoErrors.wrongIdentifier();
      const { chatId, messageId } = message;
      const edit = (sizes: PhotoSize[], photoUrl: string) => () => {
        const current = world.liveMessage(world.resolve(chatId), messageId);
        if (!current) throw apiErrors.badRequest('message to edit not found');
        Object.assign(current, {
          photo: sizes,
          photoUrl,
          caption: caption.text,
          captionHtml: caption.html,
          captionEntities: caption.entities,
          showCaptionAboveMedia: above,
          replyMarkup: keyboard,
        });
        world.markEdited(current);
        return world.toMessage(current);
      };
      if (known) {
        const sizes = known.sizes.slice(0, known.index + 1);
        if (
          sizes.at(-1)?.file_id === message.photo.at(-1)?.file_id &&
          caption.text === message.caption &&
          JSON.stringify(caption.entities) === JSON.stringify(message.captionEntities ?? []) &&
          above === (message.showCaptionAboveMedia ?? false) &&
          sameMarkup(keyboard, message.replyMarkup)
        ) {
          throw apiErrors.badRequest(NOT_MODIFIED);
        }
        return edit(sizes, known.url)();
      }
      if (!url) throw photoErrors.wrongIdentifier();
      return new Staged(
        options.photos.fetch(url).then((image) => {
          const sizes = photoSizes(image, world.nextPhotoSerial());
          sizes.forEach((size, index) => world.photoFiles.set(size.file_id, { sizes, index, url: image.url }));
          return edit(sizes, image.url);
        }),
      );
    },

    editMessageReplyMarkup(p) {
      const message = findBotMessage(world, p);
      const keyboard = parseKeyboard(p.reply_markup);
      if (sameMarkup(keyboard, message.replyMarkup)) throw apiErrors.badRequest(NOT_MODIFIED);
      message.replyMarkup = keyboard;
      world.markEdited(message);
      return world.toMessage(message);
    },

    answerCallbackQuery(p) {
      const query = world.callbackQueries.get(str(p.callback_query_id) ?? '');
      if (!query || query.answer !== null || now() - query.at > options.callbackQueryTimeoutMs)
        throw apiErrors.badRequest(QUERY_TOO_OLD);
      const text = str(p.text);
      if (text !== undefined && Array.from(text).length > CALLBACK_TEXT_MAX)
        throw apiErrors.badRequest('MESSAGE_TOO_LONG');
      query.answer = {
        ...(text === undefined ? {} : { text }),
        ...(p.show_alert === true ? { show_alert: true } : {}),
      };
      return true;
    },

    answerInlineQuery(p) {
      const query = world.inlineQueries.get(str(p.inline_query_id) ?? '');
      if (!query || query.answer !== null || now() - query.at > options.inlineQueryTimeoutMs)
        throw apiErrors.badRequest(QUERY_TOO_OLD);
      const results = Array.isArray(p.results)
        ? p.results
        : typeof p.results === 'string'
          ? (JSON.parse(p.results) as unknown[])
          : null;
      if (!results) throw apiErrors.badRequest('results must be an array');
      if (results.length > 50) throw apiErrors.badRequest('RESULTS_TOO_MUCH');
      const ids = new Set<string>();
      for (const raw of results) {
        const result = obj(raw);
        const id = str(result?.id);
        if (!result || id === undefined || id === '' || Buffer.byteLength(id, 'utf8') > 64)
          throw apiErrors.badRequest('RESULT_ID_INVALID');
        if (ids.has(id)) throw apiErrors.badRequest('RESULT_ID_DUPLICATE');
        ids.add(id);
        if (result.type === 'article') {
          if (!str(result.title)) throw apiErrors.badRequest('RESULT_TITLE_EMPTY');
          const content = obj(result.input_message_content);
          if (!content) throw apiErrors.badRequest('input_message_content is required');
          parseText(content, 'message_text');
        }
        if (result.reply_markup !== undefined) parseKeyboard(result.reply_markup);
      }
      const nextOffset = str(p.next_offset) ?? '';
      if (Buffer.byteLength(nextOffset, 'utf8') > 64) throw apiErrors.badRequest('NEXT_OFFSET_INVALID');
      const button = obj(p.button);
      if (button && !/^[A-Za-z0-9_-]{1,64}$/u.test(str(button.start_parameter) ?? ''))
        throw apiErrors.badRequest('START_PARAM_INVALID');
      query.answer = { results, nextOffset, button: p.button, cacheTime: num(p.cache_time) };
      return true;
    },

    setMyCommands(p) {
      const commands = Array.isArray(p.commands) ? (p.commands as unknown[]) : [];
      if (commands.length > 100) throw apiErrors.badRequest('too many commands');
      const list: BotCommand[] = [];
      for (const raw of commands) {
        const c = obj(raw);
        const command = str(c?.command) ?? '';
        const description = str(c?.description) ?? '';
        if (!COMMAND_NAME.test(command)) throw apiErrors.badRequest('BOT_COMMAND_INVALID');
        if (description.trim() === '' || Array.from(description).length > 256)
          throw apiErrors.badRequest('BOT_COMMAND_DESCRIPTION_INVALID');
        list.push({ command, description });
      }
      const scope = obj(p.scope);
      if (scope?.type === 'chat' || scope?.type === 'chat_administrators') world.resolve(scope.chat_id);
      world.commandMenus.set(menuKey(p), list);
      return true;
    },

    getMyCommands: (p) => world.commandMenus.get(menuKey(p)) ?? [],

    getChat: (p) => world.fullInfo(world.resolve(p.chat_id)),

    /**
     * "Only guaranteed to work for other users if the bot is an administrator in the
     * chat" (Bot API): here it never works for others where the bot is not one, in groups
     * as in channels. Itself, and a person in their own private chat, always.
     */
    getChatMember(p) {
      const record = world.resolve(p.chat_id);
      const userId = num(p.user_id);
      if (userId === undefined) throw apiErrors.badRequest('user_id is required');
      if (record.chat.type !== 'private' && userId !== world.bot.id && !world.botIsAdmin(record)) {
        throw apiErrors.badRequest('member list is inaccessible');
      }
      return world.member(record, userId);
    },

    /**
     * The creator and administrators, to any member of a group (as Telegram shows them to
     * everyone in it); in a channel only to an administrator. Other bots are left out
     * unless `return_bots`.
     */
    getChatAdministrators(p) {
      const record = world.resolve(p.chat_id);
      const { chat } = record;
      if (chat.type === 'private') throw apiErrors.badRequest('there are no administrators in the private chat');
      if (!world.botIsIn(record))
        throw new ApiFailure(
          403,
          `Forbidden: bot is not a member of the ${chat.type === 'group' ? 'group' : chat.type === 'channel' ? 'channel' : 'supergroup'} chat`,
        );
      if (chat.type === 'channel' && !world.botIsAdmin(record))
        throw apiErrors.badRequest('member list is inaccessible');
      const withBots = p.return_bots === true;
      return [...record.members]
        .filter(([, m]) => m.status === 'creator' || m.status === 'administrator')
        .filter(([id]) => id === world.bot.id || withBots || world.users.get(id)?.is_bot !== true)
        .filter(([id]) => world.users.has(id))
        .map(([id]) => world.member(record, id));
    },

    setWebhook(p) {
      const url = str(p.url) ?? '';
      if (url === '') {
        world.webhook = null;
        return true;
      }
      if (!url.startsWith('https://'))
        throw apiErrors.badRequest('bad webhook: An HTTPS URL must be provided for webhook');
      const secretToken = str(p.secret_token);
      if (secretToken !== undefined && !SECRET_TOKEN.test(secretToken))
        throw apiErrors.badRequest('bad webhook: secret token contains unallowed characters');
      const allowed = Array.isArray(p.allowed_updates) ? (p.allowed_updates as string[]) : undefined;
      if (allowed) world.allowedUpdates = allowed;
      world.webhook = { url, secretToken, allowedUpdates: allowed };
      return true;
    },

    deleteWebhook() {
      world.webhook = null;
      return true;
    },

    getWebhookInfo: () => ({
      url: world.webhook?.url ?? '',
      has_custom_certificate: false,
      pending_update_count: 0,
      ...(world.webhook?.allowedUpdates ? { allowed_updates: world.webhook.allowedUpdates } : {}),
    }),
  };
}

/**
 * A command menu is per scope and per language: `language_code` is empty (every user
 * whose language has no menu of its own) or a two-letter ISO 639-1 code, else 400.
 */
function menuKey(p: Record<string, unknown>): string {
  const language = p.language_code === undefined ? '' : String(p.language_code);
  if (language !== '' && !/^[a-z]{2}$/u.test(language)) throw apiErrors.badRequest('LANGUAGE_CODE_INVALID');
  return language === '' ? scopeKey(p.scope) : `${scopeKey(p.scope)}|${language}`;
}
