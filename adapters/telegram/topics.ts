import type { Api } from 'grammy';
import type { Message } from 'grammy/types';
import type { Core, Logger, ThreadEvent } from '../../src/index.ts';
import { answer } from './replies.ts';

/**
 * What Telegram says of a forum's topics, as service messages inside them: created or
 * renamed (its name, for /tags), closed (its route pauses at once, before a send is
 * refused, and the core's notice of it goes to the General topic, where the group's
 * admins see it) and reopened (its route resumes). A deleted topic sends nothing: the
 * next delivery there is refused, and the worker pauses the route and posts the notice then.
 */
export async function applyTopicEvent(api: Api, core: Core, logger: Logger, message: Message): Promise<void> {
  if (message.message_thread_id === undefined || message.is_topic_message !== true) return;
  const event: ThreadEvent | null = message.forum_topic_created
    ? { kind: 'named', name: message.forum_topic_created.name }
    : message.forum_topic_edited?.name !== undefined
      ? { kind: 'named', name: message.forum_topic_edited.name }
      : message.forum_topic_closed
        ? { kind: 'closed' }
        : message.forum_topic_reopened
          ? { kind: 'reopened' }
          : null;
  if (!event) return;
  try {
    const notice = await core.chats.threadChanged(
      'telegram',
      String(message.chat.id),
      String(message.message_thread_id),
      event,
    );
    if (notice) await answer(api, logger, message.chat.id, notice);
  } catch (err) {
    logger.warn(
      { err, chatId: message.chat.id, thread: message.message_thread_id },
      'telegram: could not apply a topic change',
    );
  }
}
