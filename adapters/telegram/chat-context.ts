import { GrammyError, type Api, type Context } from 'grammy';
import type { Chat, ChatMember, MaybeInaccessibleMessage, Message, User } from 'grammy/types';
import {
  ThreadCreationError,
  truncateAtWord,
  type ChatKind,
  type CommandContext,
  type Logger,
} from '../../src/index.ts';

/**
 * Who is speaking, from where, and whether they may change what the chat follows.
 * In a private chat the reader may; in a group or channel only its administrators.
 * Telegram tells us who they are with getChatAdministrators, which works for any member
 * of a group (getChatMember about another person works only where the bot is an
 * administrator). The list is kept per chat and read again when Telegram says it changed
 * (a `chat_member` update about an administrator, or `my_chat_member` about the bot),
 * when someone not on it asks for an admin's command (they may just have been promoted)
 * at most every ADMIN_RECHECK_MS, and in any case after ADMIN_LIST_MAX_AGE_MS: Telegram
 * sends chat_member updates only where the bot is an administrator, and with several
 * webhook processes each update reaches only one of them.
 */

/** A chat's list of administrators is read again after this long, whatever the updates said. */
export const ADMIN_LIST_MAX_AGE_MS = 10 * 60_000;
/** Someone not on the list asking for an admin's command has it read again, at most this often per chat. */
export const ADMIN_RECHECK_MS = 30_000;
/** Chats whose lists are kept at most; past this the least recently read go. */
const ADMIN_LISTS_KEPT = 10_000;

export function chatKind(chat: Pick<Chat, 'type'>): ChatKind {
  switch (chat.type) {
    case 'private':
      return 'user';
    case 'group':
    case 'supergroup':
      return 'group';
    case 'channel':
      return 'channel';
  }
}

export function userName(user: Pick<User, 'first_name' | 'last_name' | 'username'>): string {
  const full = [user.first_name, user.last_name].filter((p) => p !== undefined && p !== '').join(' ');
  return full !== '' ? full : (user.username ?? '');
}

export function chatTitle(chat: Chat): string | undefined {
  if (chat.type === 'private') return userName(chat) || undefined;
  return chat.title;
}

export function isAdminStatus(member: Pick<ChatMember, 'status'>): boolean {
  return member.status === 'creator' || member.status === 'administrator';
}

export interface AdminRights {
  /** Whether the user is a creator or administrator of the chat; false when Telegram cannot tell us. */
  isChatAdmin(chatId: number | string, userId: number): Promise<boolean>;
  /** Telegram said the chat's administrators (or the bot's own rights there) changed: read them again next time. */
  forget(chatId: number | string): void;
}

interface AdminList {
  admins: ReadonlySet<number>;
  readAt: number;
}

export function createAdminRights(api: Api, logger: Logger, now: () => number = Date.now): AdminRights {
  const lists = new Map<string, AdminList>();
  const reading = new Map<string, Promise<AdminList | null>>();

  /** One getChatAdministrators per chat at a time; null (nothing kept) when Telegram could not tell. */
  function read(chatId: number | string): Promise<AdminList | null> {
    const key = String(chatId);
    const pending = reading.get(key);
    if (pending) return pending;
    const started = fetchList(key, chatId);
    reading.set(key, started);
    return started;
  }

  async function fetchList(key: string, chatId: number | string): Promise<AdminList | null> {
    // Let read() register this call before it can finish.
    await Promise.resolve();
    const mine = reading.get(key);
    try {
      const members = await api.getChatAdministrators(chatId);
      const list = { admins: new Set(members.map((m) => m.user.id)), readAt: now() };
      // Forgotten meanwhile (an update said it changed): this answer may be older than that.
      if (reading.get(key) !== mine) return list;
      lists.delete(key);
      lists.set(key, list);
      if (lists.size > ADMIN_LISTS_KEPT) {
        const oldest = lists.keys().next();
        if (oldest.done !== true) lists.delete(oldest.value);
      }
      return list;
    } catch (err) {
      logger.warn(
        { err, chatId },
        'telegram: could not read the chat administrators; treating everyone as not an admin',
      );
      return null;
    } finally {
      if (reading.get(key) === mine) reading.delete(key);
    }
  }

  return {
    async isChatAdmin(chatId, userId) {
      const key = String(chatId);
      let list = lists.get(key);
      if (list && now() - list.readAt > ADMIN_LIST_MAX_AGE_MS) list = undefined;
      list ??= (await read(chatId)) ?? undefined;
      if (!list) return false;
      if (list.admins.has(userId)) return true;
      if (now() - list.readAt <= ADMIN_RECHECK_MS) return false;
      return (await read(chatId))?.admins.has(userId) ?? false;
    },
    forget(chatId) {
      const key = String(chatId);
      lists.delete(key);
      reading.delete(key);
    },
  };
}

/**
 * The forum topic a message is in, with its name when the message tells it (the topic's
 * creation, or Telegram's link to it on a message inside); undefined for a chat that is
 * not a forum and for a forum's General topic.
 */
export function topicOf(
  message: Message | MaybeInaccessibleMessage | undefined,
): { id: string; name?: string } | undefined {
  if (!message || !('is_topic_message' in message) || message.is_topic_message !== true) return undefined;
  if (message.message_thread_id === undefined) return undefined;
  const name = message.forum_topic_created?.name ?? message.reply_to_message?.forum_topic_created?.name;
  return { id: String(message.message_thread_id), ...(name !== undefined ? { name } : {}) };
}

/** A CommandContext for the chat a command or button press came from; null when the update has no chat or sender. */
export async function commandContextFor(ctx: Context, rights: AdminRights): Promise<CommandContext | null> {
  const chat = ctx.chat;
  const user = ctx.from;
  if (!chat || !user) return null;
  const kind = chatKind(chat);
  // An anonymous group admin writes as the group itself (sender_chat): only admins can.
  // (Only an incoming message counts: the bot's own posts in a channel carry the channel too.)
  const asTheChat = kind === 'group' && ctx.message?.sender_chat?.id === chat.id;
  const canManageChat = kind === 'user' || asTheChat || (await rights.isChatAdmin(chat.id, user.id));
  const thread = topicOf(ctx.msg);
  const forum = chat.type === 'supergroup' && chat.is_forum === true;
  return {
    platform: 'telegram',
    chat: { id: String(chat.id), kind, title: chatTitle(chat), ...(thread ? { thread } : {}) },
    user: { id: String(user.id), name: userName(user) },
    canManageChat,
    languageTag: user.language_code,
    ...(forum ? { createThread: (name: string) => createTopic(ctx.api, chat.id, name) } : {}),
  };
}

/** Telegram's longest topic name. */
const TOPIC_NAME_MAX = 128;

/** Creates a forum topic (the bot needs the right to manage topics); Telegram's refusals become ThreadCreationError. */
async function createTopic(api: Api, chatId: number, name: string): Promise<{ id: string; name: string }> {
  try {
    const topic = await api.createForumTopic(chatId, truncateAtWord(name, TOPIC_NAME_MAX));
    return { id: String(topic.message_thread_id), name: topic.name };
  } catch (err) {
    if (err instanceof GrammyError) {
      if (/not enough rights|need administrator rights|chat_admin_required/iu.test(err.description))
        throw new ThreadCreationError('rights', err.description);
      if (/not a forum|chat_not_forum/iu.test(err.description))
        throw new ThreadCreationError('not-forum', err.description);
      throw new ThreadCreationError('other', err.description);
    }
    throw err;
  }
}

/** The context for a private chat with the user, whatever the update. */
export function privateContext(user: User): CommandContext {
  return {
    platform: 'telegram',
    chat: { id: String(user.id), kind: 'user', title: userName(user) || undefined },
    user: { id: String(user.id), name: userName(user) },
    canManageChat: true,
    languageTag: user.language_code,
  };
}
