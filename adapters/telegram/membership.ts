import type { Chat, ChatMember, ChatMemberUpdated, Message } from 'grammy/types';
import type { Core, Logger } from '../../src/index.ts';

/**
 * The bot's own membership, as Telegram reports it in `my_chat_member` updates, and
 * group upgrades, as service messages. These keep the core's view of a chat in step
 * with Telegram's without waiting for a delivery to fail.
 */

/**
 * What a membership change means for deliveries to the chat. In a channel the bot
 * posts only as an administrator with the right to post; elsewhere being a member is
 * enough (a restricted member, only if still allowed to send messages).
 */
export function membershipEffect(member: ChatMember, chatType: Chat['type']): 'deactivate' | 'reactivate' {
  if (chatType === 'channel') {
    const canPost =
      member.status === 'creator' || (member.status === 'administrator' && member.can_post_messages === true);
    return canPost ? 'reactivate' : 'deactivate';
  }
  switch (member.status) {
    case 'kicked':
    case 'left':
      return 'deactivate';
    case 'restricted':
      return member.is_member && member.can_send_messages ? 'reactivate' : 'deactivate';
    case 'member':
    case 'administrator':
    case 'creator':
      return 'reactivate';
  }
}

function reasonFor(update: ChatMemberUpdated): string {
  const status = update.new_chat_member.status;
  if (update.chat.type === 'private') return 'blocked';
  if (status === 'kicked') return 'kicked';
  if (status === 'restricted') return 'restricted';
  if (status === 'left') return 'left';
  return 'not allowed to post';
}

export async function applyMyChatMember(core: Core, logger: Logger, update: ChatMemberUpdated): Promise<void> {
  const chatId = String(update.chat.id);
  if (membershipEffect(update.new_chat_member, update.chat.type) === 'deactivate') {
    const reason = reasonFor(update);
    if (await core.chats.deactivate('telegram', chatId, reason))
      logger.info({ chatId, reason }, 'telegram: bot removed or blocked; chat deactivated');
  } else if (await core.chats.reactivate('telegram', chatId)) {
    logger.info({ chatId, status: update.new_chat_member.status }, 'telegram: bot is back; chat reactivated');
  }
}

/**
 * A group became a supergroup and got a new id. Telegram sends a service message
 * to each: `migrate_to_chat_id` in the old group, `migrate_from_chat_id` in the new
 * one. Either moves the subscriber (its follows and pending deliveries) to the new id;
 * the second finds nothing left to move.
 */
export async function applyMigration(core: Core, logger: Logger, message: Message): Promise<void> {
  let from: number | undefined;
  let to: number | undefined;
  if (message.migrate_to_chat_id !== undefined) {
    from = message.chat.id;
    to = message.migrate_to_chat_id;
  } else if (message.migrate_from_chat_id !== undefined) {
    from = message.migrate_from_chat_id;
    to = message.chat.id;
  }
  if (from === undefined || to === undefined) return;
  await core.chats.move('telegram', String(from), String(to));
  logger.info({ from, to }, 'telegram: group upgraded to a supergroup; subscriber moved');
}
