import type { Api, Context } from 'grammy';
import type { Chat, ChatMember, User } from 'grammy/types';
import type { ChatKind, CommandContext, Logger } from '../../src/index.ts';

/**
 * Who is speaking, from where, and whether they may change what the chat follows.
 * In a private chat the reader may; in a group or channel only its administrators,
 * which Telegram tells us through getChatMember. Those answers are cached for
 * ADMIN_RIGHTS_CACHE_MS so a busy group costs one call per person, not one per command.
 */

/** How long a getChatMember answer about admin rights is trusted. */
export const ADMIN_RIGHTS_CACHE_MS = 60_000;
/** Entries kept at most; past this the expired ones are dropped, then the oldest. */
const ADMIN_RIGHTS_CACHE_SIZE = 10_000;

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
}

export function createAdminRights(api: Api, logger: Logger, now: () => number = Date.now): AdminRights {
  const cache = new Map<string, { admin: boolean; until: number }>();

  function remember(key: string, admin: boolean): void {
    if (cache.size >= ADMIN_RIGHTS_CACHE_SIZE) {
      const at = now();
      for (const [k, v] of cache) if (v.until <= at) cache.delete(k);
      if (cache.size >= ADMIN_RIGHTS_CACHE_SIZE) {
        const oldest = cache.keys().next();
        if (oldest.done !== true) cache.delete(oldest.value);
      }
    }
    cache.set(key, { admin, until: now() + ADMIN_RIGHTS_CACHE_MS });
  }

  return {
    async isChatAdmin(chatId, userId) {
      const key = `${chatId}:${userId}`;
      const cached = cache.get(key);
      if (cached && cached.until > now()) return cached.admin;
      try {
        const admin = isAdminStatus(await api.getChatMember(chatId, userId));
        remember(key, admin);
        return admin;
      } catch (err) {
        // Not cached: the next command asks again.
        logger.warn({ err, chatId, userId }, 'telegram: could not check admin rights; treating as not an admin');
        return false;
      }
    },
  };
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
  return {
    platform: 'telegram',
    chat: { id: String(chat.id), kind, title: chatTitle(chat) },
    user: { id: String(user.id), name: userName(user) },
    canManageChat,
  };
}

/** The context for a private chat with the user, whatever the update. */
export function privateContext(user: User): CommandContext {
  return {
    platform: 'telegram',
    chat: { id: String(user.id), kind: 'user', title: userName(user) || undefined },
    user: { id: String(user.id), name: userName(user) },
    canManageChat: true,
  };
}
