import { ApiFailure, apiErrors } from './api-errors.ts';
import type { Method, Payload } from './methods.ts';
import type { ChatRecord, StoredMessage, World } from './world.ts';

/**
 * deleteMessage and deleteMessages (Bot API 7.0), as the Bot API server and TDLib under it
 * answer a bot.
 *
 * The Bot API lists the limitations: "A message can only be deleted if it was sent less
 * than 48 hours ago"; "Service messages about a supergroup, channel, or forum topic
 * creation can't be deleted"; "Bots can delete outgoing messages in private chats, groups,
 * and supergroups"; "Bots can delete incoming messages in private chats"; "Bots granted
 * can_post_messages permissions can delete outgoing messages in channels"; "If the bot is
 * an administrator of a group, it can delete any message there"; "If the bot has
 * can_delete_messages permission in a supergroup or a channel, it can delete any message
 * there".
 *
 * The 48-hour limit is read literally: it holds for every message, the administrators'
 * deletions included (the permission bullets say whose messages, not how old). TDLib
 * agrees (MessagesManager: can_delete_channel_message, "bots can't delete messages older
 * than 2 days", checked before the rights; can_revoke_message with a 2-day limit for bots
 * in private chats and groups). Where each refusal comes from, in the order checked:
 * - the server (check_message): an empty chat_id, "chat identifier is not specified"; no
 *   message_id, "message identifier is not specified"; a chat the bot may not write to,
 *   the 403 a send gets (blocked, kicked, not a member) or the upgraded group's 400; an
 *   id that is no message of the chat (never sent, deleted, in a deleted topic), "message
 *   to delete not found";
 * - TDLib, supergroups and channels (can_delete_channel_message): 48 hours old or more,
 *   a topic's creation message, someone else's message without can_delete_messages, or in
 *   a channel the bot's own post without can_post_messages: "message can't be deleted";
 * - TDLib, private chats and groups (can_revoke_message; a bot always deletes "for
 *   everyone"): older than 48 hours, or in a group someone else's message while the bot
 *   is no administrator: "message can't be deleted for everyone".
 * Success is `true`; the message is gone (World.removeMessage).
 *
 * deleteMessages: "If some of the specified messages can't be found, they are skipped";
 * one that is found but may not be deleted fails the whole call with its error (TDLib
 * checks them all, in the order given, before deleting any), and nothing is deleted. The
 * id list's refusals are the server's (get_message_ids): none, more than 100, not a JSON
 * array, an id that is no positive integer.
 *
 * Guesses: a blocked bot gets 403 "bot was blocked by the user" (the server learns of a
 * block only from Telegram; an emulator of unknown origin answers so for other write
 * methods); the bot's own service messages in a supergroup (a topic closed or renamed)
 * may be deleted while it is an administrator (TDLib asks can_post_messages, whose value
 * for supergroup administrators is not verified here); deletions are not held to the
 * flood limits (Telegram does not count them as messages sent; it may limit them
 * otherwise, unpublished). Dice in private chats (a 24-hour rule) are not emulated.
 */

/** "less than 48 hours ago". */
export const DELETE_WINDOW_SECONDS = 48 * 60 * 60;
const MESSAGE_IDS_MAX = 100;
const INT32_MAX = 2 ** 31 - 1;

export const deletionErrors = {
  notFound: () => apiErrors.badRequest('message to delete not found'),
  cantDelete: () => apiErrors.badRequest("message can't be deleted"),
  cantDeleteForEveryone: () => apiErrors.badRequest("message can't be deleted for everyone"),
};

const num = (value: unknown): number | undefined =>
  typeof value === 'number' ? value : typeof value === 'string' && /^-?\d+$/u.test(value) ? Number(value) : undefined;

/**
 * Throws what a write to the chat gets when the bot may not act in it at all (the server's
 * check before it looks for the message): the same refusals as a send, without the rights
 * a send needs (a channel administrator without can_post_messages may still delete).
 */
export function checkCanReach(world: World, record: ChatRecord): void {
  const { chat } = record;
  if (chat.type === 'private') {
    if (record.botBlocked) throw apiErrors.blockedByUser();
    return;
  }
  if (record.migratedTo !== undefined) throw apiErrors.groupUpgraded(record.migratedTo);
  const status = world.botMember(record).status;
  if (chat.type === 'channel') {
    if (status === 'left' || status === 'kicked') throw apiErrors.notMemberOfChannel();
    return;
  }
  if (status === 'kicked') throw chat.type === 'group' ? apiErrors.kickedFromGroup() : apiErrors.kickedFromSupergroup();
  if (status === 'left')
    throw new ApiFailure(
      403,
      `Forbidden: bot is not a member of the ${chat.type === 'group' ? 'group' : 'supergroup'} chat`,
    );
}

/** Why the bot may not delete this message of the chat now (see above), or null when it may. */
export function deletionRefusal(world: World, record: ChatRecord, message: StoredMessage): ApiFailure | null {
  const age = world.unixTime() - message.date;
  const bot = world.botMember(record);
  const admin = bot.status === 'creator' || bot.status === 'administrator';
  const own = message.fromBot;
  const service = message.service !== undefined;
  switch (record.chat.type) {
    case 'private':
      // Any message, the bot's or the person's, within the limit (TDLib: revoke_pm_inbox, age <= limit).
      return age > DELETE_WINDOW_SECONDS ? deletionErrors.cantDeleteForEveryone() : null;
    case 'group':
      // "If the bot is an administrator of a group, it can delete any message there."
      if (!(own && !service) && !admin) return deletionErrors.cantDeleteForEveryone();
      return age > DELETE_WINDOW_SECONDS ? deletionErrors.cantDeleteForEveryone() : null;
    case 'supergroup':
    case 'channel': {
      // TDLib: unix_time >= date + 2 days, before anything else.
      if (age >= DELETE_WINDOW_SECONDS) return deletionErrors.cantDelete();
      if (message.service?.forum_topic_created !== undefined) return deletionErrors.cantDelete();
      const canDelete = bot.status === 'creator' || (bot.status === 'administrator' && bot.canDeleteMessages !== false);
      if (canDelete) return null;
      if (!own) return deletionErrors.cantDelete();
      if (record.chat.type === 'channel') {
        const canPost = bot.status === 'creator' || (bot.status === 'administrator' && bot.canPostMessages !== false);
        return canPost ? null : deletionErrors.cantDelete();
      }
      if (service) return admin ? null : deletionErrors.cantDelete();
      return null;
    }
  }
}

/** message_ids as the server reads them (get_message_ids), or its refusal. */
function messageIds(value: unknown): number[] {
  if (value === undefined || value === null || value === '')
    throw apiErrors.badRequest('message identifiers are not specified');
  let list: unknown = value;
  if (typeof list === 'string') {
    try {
      list = JSON.parse(list) as unknown;
    } catch {
      throw apiErrors.badRequest("can't parse message_ids JSON object");
    }
  }
  if (!Array.isArray(list)) throw apiErrors.badRequest('expected an Array of message identifiers');
  if (list.length > MESSAGE_IDS_MAX) throw apiErrors.badRequest('too many message identifiers specified');
  const ids = list.map((raw: unknown) => {
    if (typeof raw !== 'number' && typeof raw !== 'string')
      throw apiErrors.badRequest('message identifier must be a Number');
    const id = Number(raw);
    if (!Number.isInteger(id) || Math.abs(id) > INT32_MAX || String(raw).trim() === '')
      throw apiErrors.badRequest("can't parse message identifier as Number");
    if (id <= 0) throw apiErrors.badRequest('invalid message identifier specified');
    return id;
  });
  if (ids.length === 0) throw apiErrors.badRequest('message identifiers are not specified');
  return ids;
}

export function createDeletionMethods(world: World): Record<string, Method> {
  return {
    deleteMessage(p: Payload) {
      if (p.chat_id === undefined || p.chat_id === null || p.chat_id === '')
        throw apiErrors.badRequest('chat identifier is not specified');
      const messageId = num(p.message_id) ?? 0;
      if (messageId <= 0) throw apiErrors.badRequest('message identifier is not specified');
      const record = world.resolve(p.chat_id);
      checkCanReach(world, record);
      const message = world.liveMessage(record, messageId);
      if (!message) throw deletionErrors.notFound();
      const refusal = deletionRefusal(world, record, message);
      if (refusal) throw refusal;
      world.removeMessage(record, message, 'bot');
      return true;
    },

    deleteMessages(p: Payload) {
      const ids = messageIds(p.message_ids);
      const record = world.resolve(p.chat_id);
      checkCanReach(world, record);
      const found = [...new Set(ids)]
        .map((id) => world.liveMessage(record, id))
        .filter((m): m is StoredMessage => m !== undefined);
      for (const message of found) {
        const refusal = deletionRefusal(world, record, message);
        if (refusal) throw refusal;
      }
      for (const message of found) world.removeMessage(record, message, 'bot');
      return true;
    },
  };
}
