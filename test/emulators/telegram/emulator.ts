import { EventEmitter } from 'node:events';
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { Chat, Message, Update, User, UserFromGetMe } from 'grammy/types';
import { ApiFailure, apiErrors } from './api-errors.ts';
import { FloodControl, MESSAGE_METHODS, TELEGRAM_FLOOD_LIMITS, type FloodLimits, type FloodRule } from './flood.ts';
import {
  cleanTopicName,
  createTopic,
  DEFAULT_TOPIC_ICON_COLOR,
  storeTopicService,
  TOPIC_ICON_COLORS,
} from './forum.ts';
import { createMethods, Staged, type Method, type Payload } from './methods.ts';
import { PhotoFetcher } from './photos.ts';
import { UpdateQueue } from './update-queue.ts';
import {
  World,
  type ChatRecord,
  type InlineAnswer,
  type MemberRecord,
  type MemberStatus,
  type StoredMessage,
} from './world.ts';

/**
 * A Telegram Bot API emulator on node:http (127.0.0.1, a free port), enough for the real
 * grammY client: `${url}/bot${token}/${method}` with JSON, form or query payloads.
 * getUpdates long-polls (holds the request until an update or `timeout`), honours
 * `offset` (confirming earlier updates) and `allowed_updates`, and refuses to run while
 * a webhook is set, as Telegram does. Errors can be scripted per method and chat; every
 * call is logged. Helpers inject updates as people would cause them and wait for what
 * the bot sends.
 *
 * It enforces what Telegram enforces: the flood limits (flood.ts: about one message a
 * second to a chat, 20 a minute to a group, about 30 a second overall, 1,000 with
 * allow_paid_broadcast), answered with 429 and `retry_after`; callback and inline queries
 * answered too late (QUERY_TIMEOUT_MS) are refused; getChatMember about another person
 * works only where the bot is an administrator. `limits: false` turns the flood limits
 * off, for a test about something else that would take too long at Telegram's pace.
 *
 * Faults beyond scripted errors (`fail`): `injectFaults` consults a hook on every call
 * as it arrives, which may answer an error of its choosing (a 429 storm, a 5xx) or drop
 * the connection unanswered (`'reset'`); either way the call takes no effect. `onCall`
 * tells a listener about every call once it is answered, for a recorder that must not
 * scan the whole log.
 *
 * sendPhoto takes an http(s) URL, which the emulator downloads as Telegram's servers do
 * (photos.ts; unlike Telegram's, it reaches 127.0.0.1, so a test serves its pictures
 * locally), or a file id it gave out. Multipart uploads are refused with a 400 that says
 * so. `photos(chatId)` lists the bot's photo messages.
 *
 * Edits (editMessageText, editMessageCaption, editMessageMedia, editMessageReplyMarkup)
 * count per message (`editCount`, `editedAt`; Message.edit_date). deleteMessage and
 * deleteMessages follow deletions.ts (who may delete what, the 48-hour limit); a deleted
 * message leaves `sent()` and shows in `deletedMessages(chatId)`. Time: message dates come
 * from a wall clock (`wallClock`, the system's by default), the limits from `clock`;
 * `advanceClock(ms)` moves both forward, for a test about what Telegram allows only so
 * long (a deletion 48 hours later).
 */

export interface CallRecord {
  method: string;
  payload: Payload;
  /** HTTP status answered (200, or the error code). */
  status: number;
  description?: string;
  /** When it arrived, on the emulator's clock (ms). */
  at: number;
  /** A 429 from the flood limits: which one. */
  limitedBy?: FloodRule;
  /** The answer was scripted (`fail`) or injected (`injectFaults`), not the emulator's own. */
  injected?: boolean;
}

/**
 * What `injectFaults` may do to a call as it arrives: answer this error instead, or
 * `'reset'`: destroy the connection without an answer (status 0 in the log). Either
 * way the call takes no effect: a dropped request never reached Telegram.
 */
export type InjectedFault = ApiFailure | 'reset';
export type FaultHook = (method: string, payload: Payload) => InjectedFault | null;

export interface TelegramEmulatorOptions {
  token?: string;
  bot?: Partial<UserFromGetMe>;
  /** The flood limits (Telegram's by default), some of them changed, or `false`: none. */
  limits?: Partial<FloodLimits> | false;
  /** Milliseconds, for the flood limits and query timeouts; monotonic real time by default. */
  clock?: () => number;
  /**
   * Milliseconds since the epoch, for the dates of messages and edits and the 48-hour
   * deletion limit; Date.now by default. `advanceClock` moves it (and `clock`) forward.
   */
  wallClock?: () => number;
  /** How long callback and inline queries may wait for an answer (QUERY_TIMEOUT_MS by default). */
  queryTimeoutMs?: { callback?: number; inline?: number };
  /** sendPhoto's downloads: how long one may take (PHOTO_FETCH_TIMEOUT_MS) and how big it may be (5 MB). */
  photoDownload?: { timeoutMs?: number; maxBytes?: number };
}

/**
 * How long Telegram waits for a bot to answer a callback query or an inline query before
 * the answer is refused ("query is too old ..."). Unpublished; people report 10-15
 * seconds, some less. The emulator uses 10 s for both.
 */
export const QUERY_TIMEOUT_MS = 10_000;

interface ScriptedError {
  method: string;
  chatId: number | undefined;
  remaining: number;
  error: ApiFailure;
}

const DEFAULT_WAIT_MS = 10_000;

export const TEST_TOKEN = `123456:${'A'.repeat(30)}`;

export class TelegramEmulator {
  readonly world: World;
  readonly token: string;
  private readonly methods: Record<string, Method>;
  private readonly events = new EventEmitter();
  private readonly log: CallRecord[] = [];
  private readonly scripted: ScriptedError[] = [];
  private readonly delays: { method: string; ms: number; remaining: number }[] = [];
  private faultHook: FaultHook | null = null;
  private readonly updates: UpdateQueue;
  private nextQueryId = 1;
  private server: Server | null = null;
  private baseUrl = '';
  private readonly flood: FloodControl | null;
  private readonly photoFetcher: PhotoFetcher;
  /** The flood limits' and query timeouts' clock (ms), advanced by `advanceClock`. */
  readonly clock: () => number;
  private readonly wallClock: () => number;
  /** How far `advanceClock` moved time (ms). */
  private advancedMs = 0;

  constructor(options: TelegramEmulatorOptions = {}) {
    this.token = options.token ?? TEST_TOKEN;
    const clock = options.clock ?? (() => performance.now());
    const wallClock = options.wallClock ?? (() => Date.now());
    this.clock = () => clock() + this.advancedMs;
    this.wallClock = () => wallClock() + this.advancedMs;
    this.flood = options.limits === false ? null : new FloodControl({ ...TELEGRAM_FLOOD_LIMITS, ...options.limits });
    const id = Number(this.token.split(':')[0]);
    this.world = new World(
      {
        id,
        is_bot: true,
        first_name: 'tagwire',
        username: 'tagwire_bot',
        can_join_groups: true,
        can_read_all_group_messages: false,
        supports_inline_queries: true,
        can_connect_to_business: false,
        has_main_web_app: false,
        ...options.bot,
      } as UserFromGetMe,
      () => Math.floor(this.wallClock() / 1000),
    );
    this.photoFetcher = new PhotoFetcher(options.photoDownload?.timeoutMs, options.photoDownload?.maxBytes);
    this.methods = createMethods(this.world, {
      now: this.clock,
      callbackQueryTimeoutMs: options.queryTimeoutMs?.callback ?? QUERY_TIMEOUT_MS,
      inlineQueryTimeoutMs: options.queryTimeoutMs?.inline ?? QUERY_TIMEOUT_MS,
      photos: this.photoFetcher,
    });
    this.updates = new UpdateQueue(this.world);
    this.events.setMaxListeners(100);
  }

  get url(): string {
    return this.baseUrl;
  }

  get botUser(): UserFromGetMe {
    return this.world.bot;
  }

  async start(): Promise<this> {
    const server = createServer((req, res) => {
      void this.onRequest(req, res);
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    this.server = server;
    this.baseUrl = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
    return this;
  }

  async stop(): Promise<void> {
    this.updates.endPoll();
    this.photoFetcher.abortAll();
    const server = this.server;
    this.server = null;
    if (!server) return;
    await new Promise<void>((resolve) => {
      server.close(() => resolve());
      server.closeAllConnections();
    });
  }

  // ---- arranging the world ----

  addUser(user: { id: number; first_name: string; last_name?: string; username?: string }): User {
    const full: User = { is_bot: false, language_code: 'en', ...user };
    this.world.users.set(user.id, full);
    this.world.addChat({
      id: user.id,
      type: 'private',
      first_name: user.first_name,
      ...(user.last_name ? { last_name: user.last_name } : {}),
      ...(user.username ? { username: user.username } : {}),
    } as Chat);
    return full;
  }

  /**
   * A group or supergroup. `forum: true`: a supergroup with topics (`is_forum` in its Chat).
   * `botCanManageTopics`: the bot, as an administrator, has can_manage_topics; other
   * rights of members through `setMember`.
   */
  addGroup(group: {
    id: number;
    title: string;
    type?: 'group' | 'supergroup';
    forum?: boolean;
    members: Record<number, MemberStatus>;
    bot?: MemberStatus;
    botCanManageTopics?: boolean;
  }): ChatRecord {
    const type = group.type ?? 'supergroup';
    if (group.forum === true && type !== 'supergroup') throw new Error('only a supergroup can be a forum');
    const members: Record<number, MemberRecord> = Object.fromEntries(
      Object.entries(group.members).map(([id, status]) => [id, { status }]),
    );
    members[this.world.bot.id] = {
      status: group.bot ?? 'member',
      ...(group.botCanManageTopics === undefined ? {} : { canManageTopics: group.botCanManageTopics }),
    };
    return this.world.addChat(
      { id: group.id, type, title: group.title, ...(group.forum === true ? { is_forum: true } : {}) } as Chat,
      members,
    );
  }

  addChannel(channel: {
    id: number;
    title: string;
    username?: string;
    members: Record<number, MemberStatus>;
    bot?: MemberStatus;
    botCanPost?: boolean;
  }): ChatRecord {
    const members: Record<number, MemberRecord> = Object.fromEntries(
      Object.entries(channel.members).map(([id, status]) => [id, { status }]),
    );
    members[this.world.bot.id] = {
      status: channel.bot ?? 'administrator',
      canPostMessages: channel.botCanPost ?? true,
    };
    return this.world.addChat(
      {
        id: channel.id,
        type: 'channel',
        title: channel.title,
        ...(channel.username ? { username: channel.username } : {}),
      } as Chat,
      members,
    );
  }

  setMember(chatId: number, userId: number, member: MemberRecord): void {
    this.chat(chatId).members.set(userId, member);
  }

  /** The user blocks the bot: sends to them fail with 403 until `unblockBot`. */
  blockBot(userId: number): void {
    this.chat(userId).botBlocked = true;
  }

  unblockBot(userId: number): void {
    this.chat(userId).botBlocked = false;
  }

  /** The group becomes a supergroup: sends to the old id fail with migrate_to_chat_id. */
  migrateGroup(oldId: number, newId: number): ChatRecord {
    const old = this.chat(oldId);
    old.migratedTo = newId;
    const title = 'title' in old.chat ? old.chat.title : 'group';
    return this.world.addChat({ id: newId, type: 'supergroup', title } as Chat, Object.fromEntries(old.members));
  }

  /** The next `times` calls of `method` (to `chatId`, if given) fail with `error`. */
  fail(
    method: string,
    error: ApiFailure,
    options: { chatId?: number; times?: number } = {},
  ): { clear(): void; remaining(): number } {
    const entry: ScriptedError = { method, chatId: options.chatId, remaining: options.times ?? 1, error };
    this.scripted.push(entry);
    return {
      clear: () => {
        entry.remaining = 0;
      },
      remaining: () => entry.remaining,
    };
  }

  /** Network latency: the next `times` calls of `method` are answered `ms` later (and take effect then). */
  slowDown(method: string, ms: number, times = 1): void {
    this.delays.push({ method, ms, remaining: times });
  }

  /** Consults `hook` on every later call (after the token check, before anything else); null removes it. */
  injectFaults(hook: FaultHook | null): void {
    this.faultHook = hook;
  }

  chat(chatId: number): ChatRecord {
    const record = this.world.chats.get(chatId);
    if (!record) throw new Error(`the emulator has no chat ${chatId}`);
    return record;
  }

  // ---- people acting ----

  /** Queues an update (update_id assigned) for getUpdates. */
  pushUpdate(update: Omit<Update, 'update_id'>): Update {
    return this.updates.push(update);
  }

  /**
   * A person sends a text message (to their private chat with the bot unless `chatId`);
   * in a forum, into the topic `threadId` (General without it).
   */
  sendText(
    from: User,
    text: string,
    options: { chatId?: number; threadId?: number; senderChat?: Chat; extra?: Partial<Message> } = {},
  ): Message {
    const record = this.chat(options.chatId ?? from.id);
    this.checkPersonMayPost(record, from, options.threadId);
    const command = /^\/[A-Za-z0-9_]+(?:@[A-Za-z0-9_]+)?/u.exec(text);
    const stored = this.world.storeMessage(record, {
      fromBot: false,
      from,
      text,
      html: null,
      replyMarkup: undefined,
      replyToMessageId: undefined,
      threadId: options.threadId,
      entities: command ? [{ type: 'bot_command', offset: 0, length: command[0].length }] : [],
    });
    const message = {
      ...(this.world.toMessage(stored) as Message),
      ...(options.senderChat ? { sender_chat: options.senderChat } : {}),
      ...options.extra,
    } as Message;
    this.pushUpdate({ message } as Omit<Update, 'update_id'>);
    return message;
  }

  /**
   * A service message (no text) in a chat, e.g. `{ migrate_to_chat_id }`. It is kept in the
   * chat (so deleteMessage finds it), as `service`.
   */
  serviceMessage(chatId: number, from: User, fields: Partial<Message>): Message {
    const record = this.chat(chatId);
    const stored = this.world.storeMessage(record, {
      fromBot: false,
      from,
      text: '',
      html: null,
      entities: [],
      replyMarkup: undefined,
      replyToMessageId: undefined,
      threadId: undefined,
      service: fields as Record<string, unknown>,
    });
    const message = {
      message_id: stored.messageId,
      from,
      chat: record.chat,
      date: stored.date,
      ...fields,
    } as Message;
    this.pushUpdate({ message } as Omit<Update, 'update_id'>);
    return message;
  }

  /** A person forwards a post of a channel to the bot. */
  forwardChannelPost(from: User, channelId: number, text = 'A post'): Message {
    const channel = this.chat(channelId).chat;
    return this.sendText(from, text, {
      extra: {
        forward_origin: {
          type: 'channel',
          chat: channel as Chat.ChannelChat,
          message_id: 1,
          date: this.world.unixTime() - 60,
        },
      },
    });
  }

  /**
   * A person posts in a chat, in a topic or General (undefined) of a forum: a test that
   * arranges what Telegram would not let happen is wrong, so this throws.
   */
  private checkPersonMayPost(record: ChatRecord, from: User, threadId: number | undefined): void {
    if (threadId === undefined) {
      if (record.generalClosed && !this.world.canManageTopics(record, from.id))
        throw new Error(`the General topic of chat ${record.chat.id} is closed to ${from.id}`);
      return;
    }
    const topic = this.world.isForum(record) ? this.world.topic(record, threadId) : undefined;
    if (!topic) throw new Error(`chat ${record.chat.id} has no topic ${threadId}`);
    if (topic.closed && !this.world.canManageTopics(record, from.id))
      throw new Error(`topic ${threadId} of chat ${record.chat.id} is closed to ${from.id}`);
  }

  private liveTopic(chatId: number, threadId: number) {
    const record = this.chat(chatId);
    const topic = this.world.topic(record, threadId);
    if (!topic) throw new Error(`chat ${chatId} has no topic ${threadId}`);
    return { record, topic };
  }

  private pushService(stored: StoredMessage): Message {
    const message = this.world.toMessage(stored);
    this.pushUpdate({ message } as Omit<Update, 'update_id'>);
    return message;
  }

  /**
   * A person creates a topic in a forum: the bot gets the `forum_topic_created` service
   * message (in the topic, its id the topic's thread id). Returns the thread id.
   */
  openTopic(chatId: number, by: User, name: string, iconColor = DEFAULT_TOPIC_ICON_COLOR): number {
    const record = this.chat(chatId);
    if (!this.world.isForum(record)) throw new Error(`chat ${chatId} is not a forum`);
    const clean = cleanTopicName(name);
    if (clean === '') throw new Error('a topic needs a name');
    if (!TOPIC_ICON_COLORS.includes(iconColor)) throw new Error(`${iconColor} is not a topic icon colour`);
    const { topic, message } = createTopic(this.world, record, by, clean, iconColor);
    this.pushService(message);
    return topic.threadId;
  }

  /** A person closes a topic: a `forum_topic_closed` service message in it. */
  closeTopic(chatId: number, threadId: number, by: User): Message {
    const { record, topic } = this.liveTopic(chatId, threadId);
    if (topic.closed) throw new Error(`topic ${threadId} is already closed`);
    topic.closed = true;
    return this.pushService(storeTopicService(this.world, record, threadId, by, { forum_topic_closed: {} }));
  }

  /** A person reopens a topic: a `forum_topic_reopened` service message in it. */
  reopenTopic(chatId: number, threadId: number, by: User): Message {
    const { record, topic } = this.liveTopic(chatId, threadId);
    if (!topic.closed) throw new Error(`topic ${threadId} is open`);
    topic.closed = false;
    return this.pushService(storeTopicService(this.world, record, threadId, by, { forum_topic_reopened: {} }));
  }

  /**
   * A person deletes a message (the user in their private chat, where either side may
   * delete any message; an administrator in a group or channel). Telegram sends bots no
   * update for it: the bot learns only when an edit or reply finds it gone. A test that
   * arranges what Telegram would not let happen is wrong, so this throws for a message
   * that is not there.
   */
  deleteMessage(chatId: number, messageId: number): StoredMessage {
    const record = this.chat(chatId);
    const message = this.world.liveMessage(record, messageId);
    if (!message) throw new Error(`chat ${chatId} has no message ${messageId}`);
    this.world.removeMessage(record, message, 'person');
    return message;
  }

  /** A person deletes a topic, and its messages with it. Telegram sends bots no update for it. */
  deleteTopic(chatId: number, threadId: number): void {
    this.liveTopic(chatId, threadId).topic.deleted = true;
  }

  /**
   * A person closes, or reopens, the General topic. Whether Telegram tells bots with a
   * service message is not verified, so the emulator sends none: only the state changes.
   */
  closeGeneral(chatId: number): void {
    this.forum(chatId).generalClosed = true;
  }

  reopenGeneral(chatId: number): void {
    this.forum(chatId).generalClosed = false;
  }

  private forum(chatId: number): ChatRecord {
    const record = this.chat(chatId);
    if (!this.world.isForum(record)) throw new Error(`chat ${chatId} is not a forum`);
    return record;
  }

  /** A person presses an inline button of a bot message; returns the callback query id. */
  pressButton(from: User, message: StoredMessage, data: string): string {
    const record = this.chat(message.chatId);
    if (!this.world.liveMessage(record, message.messageId))
      throw new Error(`message ${message.messageId} was deleted, or is in a deleted topic`);
    const current = record.messages.get(message.messageId) ?? message;
    const offered =
      current.replyMarkup?.inline_keyboard.flat().some((b) => 'callback_data' in b && b.callback_data === data) ??
      false;
    if (!offered) throw new Error(`message ${message.messageId} has no button with data "${data}"`);
    const id = String(this.nextQueryId++);
    this.world.callbackQueries.set(id, { answer: null, at: this.clock() });
    this.pushUpdate({
      callback_query: { id, from, message: this.world.toMessage(current), chat_instance: `ci${message.chatId}`, data },
    } as Omit<Update, 'update_id'>);
    return id;
  }

  /** Presses the button whose label matches. */
  pressButtonLabeled(from: User, message: StoredMessage, label: RegExp): string {
    const current = this.chat(message.chatId).messages.get(message.messageId) ?? message;
    const button = current.replyMarkup?.inline_keyboard.flat().find((b) => label.test(b.text));
    if (!button || !('callback_data' in button) || button.callback_data === undefined) {
      throw new Error(
        `message ${message.messageId} has no button labelled ${String(label)}; it has ${JSON.stringify(current.replyMarkup?.inline_keyboard ?? [])}`,
      );
    }
    return this.pressButton(from, current, button.callback_data);
  }

  /** A person types `@bot query`; returns the inline query id. */
  inlineQuery(from: User, query: string, offset = ''): string {
    const id = String(this.nextQueryId++);
    this.world.inlineQueries.set(id, { answer: null, at: this.clock() });
    this.pushUpdate({ inline_query: { id, from, query, offset, chat_type: 'sender' } });
    return id;
  }

  /** The bot's membership in a chat changes (blocked, unblocked, added, removed). */
  myChatMember(chatId: number, by: User, status: MemberStatus, options: { canPostMessages?: boolean } = {}): void {
    const record = this.chat(chatId);
    const before = this.world.member(record, this.world.bot.id);
    if (record.chat.type === 'private') record.botBlocked = status === 'kicked';
    else record.members.set(this.world.bot.id, { status, ...options });
    const after =
      record.chat.type === 'private'
        ? { status, user: before.user, ...(status === 'kicked' ? { until_date: 0 } : {}) }
        : this.world.member(record, this.world.bot.id);
    this.pushUpdate({
      my_chat_member: {
        chat: record.chat,
        from: by,
        date: this.world.unixTime(),
        old_chat_member: before,
        new_chat_member: after,
      },
    } as Omit<Update, 'update_id'>);
  }

  /**
   * A member's status in a group or channel changes (promoted, demoted, joined, left).
   * Telegram tells the bot with a `chat_member` update only where the bot is an
   * administrator, and only when it asked for them in allowed_updates.
   */
  chatMember(chatId: number, user: User, member: MemberRecord, by: User = user): void {
    const record = this.chat(chatId);
    const before = this.world.member(record, user.id);
    record.members.set(user.id, member);
    if (!this.world.botIsAdmin(record)) return;
    this.pushUpdate({
      chat_member: {
        chat: record.chat,
        from: by,
        date: this.world.unixTime(),
        old_chat_member: before,
        new_chat_member: this.world.member(record, user.id),
      },
    } as Omit<Update, 'update_id'>);
  }

  // ---- observing ----

  calls(method?: string): CallRecord[] {
    return method === undefined ? [...this.log] : this.log.filter((c) => c.method === method);
  }

  /** Calls the flood limits refused (429), of any method. */
  floodRefusals(): CallRecord[] {
    return this.log.filter((c) => c.limitedBy !== undefined);
  }

  /** The flood limits enforced, or null when they are off. */
  get floodLimits(): FloodLimits | null {
    return this.flood?.limits ?? null;
  }

  /** Messages the bot sent (to one chat, if given), oldest first, as last edited. */
  sent(chatId?: number): StoredMessage[] {
    return this.world.botMessages.filter((m) => chatId === undefined || m.chatId === chatId);
  }

  /**
   * Photo messages the bot sent (to one chat, if given), oldest first, as last edited:
   * `photo` (the sizes), `photoUrl`, `caption` / `captionHtml` / `captionEntities`.
   * They are in `sent()` too, with an empty `text`.
   */
  photos(chatId?: number): StoredMessage[] {
    return this.sent(chatId).filter((m) => m.photo !== undefined);
  }

  /**
   * Deleted messages (of one chat, if given), in the order they went: the bot's and
   * people's, deleted by the bot (deleteMessage, deleteMessages) or by a person
   * (`deleteMessage` here), with `deletedAt` (Unix seconds) and `deletedBy`.
   */
  deletedMessages(chatId?: number): StoredMessage[] {
    return this.world.deletedMessages.filter((m) => chatId === undefined || m.chatId === chatId);
  }

  /**
   * Moves time forward by `ms`: the wall clock (message dates, edit dates, the 48-hour
   * deletion limit) and `clock` (flood limits, query timeouts) alike.
   */
  advanceClock(ms: number): void {
    if (!Number.isFinite(ms) || ms < 0) throw new Error(`the emulator's clock only moves forward (got ${ms})`);
    this.advancedMs += ms;
  }

  /** Now, on the emulator's wall clock, in Unix seconds (as Message.date counts). */
  unixTime(): number {
    return this.world.unixTime();
  }

  /** Messages the bot sent into one topic of a forum (undefined: General), oldest first. */
  inTopic(chatId: number, threadId: number | undefined): StoredMessage[] {
    return this.world.botMessages.filter((m) => m.chatId === chatId && m.threadId === threadId);
  }

  callbackAnswer(queryId: string) {
    return this.world.callbackQueries.get(queryId)?.answer ?? null;
  }

  inlineAnswer(queryId: string): InlineAnswer | null {
    return this.world.inlineQueries.get(queryId)?.answer ?? null;
  }

  commandMenu(scope: string): { command: string; description: string }[] | undefined {
    return this.world.commandMenus.get(scope);
  }

  /** Calls `listener` with every call once it is answered (or dropped); returns how to stop. */
  onCall(listener: (call: CallRecord) => void): () => void {
    this.events.on('answered', listener);
    return () => this.events.off('answered', listener);
  }

  /** Resolves once `check` returns a value (checked now and after every API call). */
  waitUntil<T>(check: () => T | undefined | null | false, what: string, timeoutMs = DEFAULT_WAIT_MS): Promise<T> {
    return new Promise((resolve, reject) => {
      const attempt = () => {
        const value = check();
        if (value === undefined || value === null || value === false) return false;
        cleanup();
        resolve(value);
        return true;
      };
      const timer = setTimeout(() => {
        cleanup();
        reject(new Error(`emulator: timed out waiting for ${what}`));
      }, timeoutMs);
      const listener = () => {
        attempt();
      };
      const cleanup = () => {
        clearTimeout(timer);
        this.events.off('call', listener);
      };
      this.events.on('call', listener);
      attempt();
    });
  }

  waitForMessage(
    predicate: (m: StoredMessage) => boolean,
    what = 'a message from the bot',
    timeoutMs?: number,
  ): Promise<StoredMessage> {
    return this.waitUntil(() => this.world.botMessages.find(predicate), what, timeoutMs);
  }

  waitForCall(
    method: string,
    predicate: (c: CallRecord) => boolean = () => true,
    timeoutMs?: number,
  ): Promise<CallRecord> {
    return this.waitUntil(
      () => this.log.find((c) => c.method === method && predicate(c)),
      `a ${method} call`,
      timeoutMs,
    );
  }

  /**
   * Sends a message as `from` (in a forum topic, with `threadId`) and waits for the bot's
   * next message in that chat: the first one sent after those already there (by order of
   * sending, so a message the bot deletes meanwhile does not shift it).
   */
  async command(
    from: User,
    text: string,
    chatId: number = from.id,
    options: { threadId?: number } = {},
  ): Promise<StoredMessage> {
    const last = this.sent(chatId).at(-1)?.sequence ?? 0;
    this.sendText(from, text, { chatId, threadId: options.threadId });
    return this.waitUntil(
      () => this.sent(chatId).find((m) => m.sequence > last),
      `the bot's answer to "${text}" in chat ${chatId}`,
    );
  }

  // ---- the HTTP side ----

  private async onRequest(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const m = /^\/bot([^/]+)\/([A-Za-z]+)$/u.exec(new URL(req.url ?? '/', 'http://x').pathname);
    if (!m) return this.respond(res, apiErrors.notFound());
    const [, token = '', method = ''] = m;
    let payload: Payload;
    try {
      payload = await readPayload(req);
    } catch (err) {
      if (!(err instanceof ApiFailure)) return this.respond(res, apiErrors.badRequest('invalid request body'));
      // A refusal worth seeing in the log (a multipart upload): logged with no payload.
      const refused: CallRecord = {
        method,
        payload: {},
        status: err.code,
        description: err.description,
        at: this.clock(),
      };
      this.log.push(refused);
      this.respond(res, err);
      this.events.emit('call', refused);
      this.events.emit('answered', refused);
      return;
    }
    const call: CallRecord = { method, payload, status: 200, at: this.clock() };
    this.log.push(call);
    this.events.emit('call', call);
    const answer = (result: unknown) => {
      if (result instanceof ApiFailure) {
        call.status = result.code;
        call.description = result.description;
      }
      this.respond(res, result);
      this.events.emit('call', call);
      this.events.emit('answered', call);
    };
    if (token !== this.token) return answer(apiErrors.unauthorized());
    const delay = this.delays.find((d) => d.method === method && d.remaining > 0);
    if (delay) {
      delay.remaining--;
      await new Promise((resolve) => setTimeout(resolve, delay.ms));
    }
    const fault = this.faultHook?.(method, payload) ?? null;
    if (fault === 'reset') {
      call.status = 0;
      call.description = 'connection reset';
      call.injected = true;
      req.socket.destroy();
      this.events.emit('call', call);
      this.events.emit('answered', call);
      return;
    }
    const scripted = fault ?? this.scriptedFor(method, payload);
    if (scripted) {
      call.injected = true;
      return answer(scripted);
    }
    if (method === 'getUpdates') return this.updates.poll(payload, res, answer);
    const handler = this.methods[method];
    if (!handler) return answer(apiErrors.notFound());
    const counted = this.flood && MESSAGE_METHODS.has(method) ? this.chatOf(payload) : null;
    const now = this.clock();
    const paid = payload.allow_paid_broadcast === true && !method.startsWith('edit');
    if (this.flood && counted) {
      const refusal = this.flood.check(counted, paid, now);
      if (refusal) {
        call.limitedBy = refusal.rule;
        return answer(apiErrors.tooManyRequests(refusal.retryAfter));
      }
    }
    try {
      if (method === 'deleteWebhook' && payload.drop_pending_updates === true) this.updates.dropAll();
      let result = handler(payload);
      let sentAt = now;
      if (result instanceof Staged) {
        // It waited (a download): the limits are checked again now, with what went meanwhile.
        const commit = await result.ready;
        sentAt = this.clock();
        if (this.flood && counted) {
          const refusal = this.flood.check(counted, paid, sentAt);
          if (refusal) {
            call.limitedBy = refusal.rule;
            return answer(apiErrors.tooManyRequests(refusal.retryAfter));
          }
        }
        result = commit();
      }
      if (this.flood && counted) this.flood.record(counted, paid, sentAt);
      answer({ ok: true, result });
    } catch (err) {
      answer(err instanceof ApiFailure ? err : new ApiFailure(500, `Internal Server Error: ${String(err)}`));
    }
  }

  /** The chat a message call is for, or null (unknown: the method answers the error). */
  private chatOf(payload: Payload): Chat | null {
    try {
      return this.world.resolve(payload.chat_id).chat;
    } catch {
      return null;
    }
  }

  private scriptedFor(method: string, payload: Payload): ApiFailure | null {
    const chatId = typeof payload.chat_id === 'number' ? payload.chat_id : Number(payload.chat_id);
    const entry = this.scripted.find(
      (s) =>
        s.remaining > 0 && (s.method === method || s.method === '*') && (s.chatId === undefined || s.chatId === chatId),
    );
    if (!entry) return null;
    entry.remaining--;
    return entry.error;
  }

  private respond(res: ServerResponse, result: unknown): void {
    if (res.writableEnded || res.destroyed) return;
    const failure = result instanceof ApiFailure ? result : null;
    const body = JSON.stringify(failure ? failure.body() : result);
    res.writeHead(failure ? failure.code : 200, { 'content-type': 'application/json' }).end(body);
  }

  /** Updates not yet confirmed by the bot. */
  unconfirmed(): Update[] {
    return this.updates.unconfirmed();
  }
}

async function readPayload(req: IncomingMessage): Promise<Payload> {
  const chunks: Buffer[] = [];
  for await (const chunk of req) chunks.push(chunk as Buffer);
  const body = Buffer.concat(chunks).toString('utf8');
  const query = Object.fromEntries(new URL(req.url ?? '/', 'http://x').searchParams);
  const type = req.headers['content-type'] ?? '';
  if (type.includes('multipart/form-data'))
    throw apiErrors.badRequest(
      'multipart uploads are not emulated: send the file as an HTTP URL, or as a file_id the emulator returned',
    );
  if (body === '') return query;
  if (type.includes('application/json')) return { ...query, ...(JSON.parse(body) as Payload) };
  if (type.includes('application/x-www-form-urlencoded')) {
    const form: Payload = { ...query };
    for (const [key, value] of new URLSearchParams(body)) {
      try {
        form[key] = JSON.parse(value);
      } catch {
        form[key] = value;
      }
    }
    return form;
  }
  throw new Error(`unsupported content type ${type}`);
}
