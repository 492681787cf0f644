import type { User } from 'grammy/types';
import { apiErrors } from './api-errors.ts';
import type { Method, Payload } from './methods.ts';
import type { ChatRecord, StoredMessage, TopicRecord, World } from './world.ts';

/**
 * Forum topics as the Bot API serves them: where a message the bot sends goes (a topic,
 * General, or the topic of the message it replies to), who may post in a closed topic,
 * and the topic methods (createForumTopic, editForumTopic, closeForumTopic,
 * reopenForumTopic, deleteForumTopic, closeGeneralForumTopic, reopenGeneralForumTopic).
 *
 * The error wordings follow the Bot API server and TDLib under it (TDLib's
 * ForumTopicManager words the rights and title errors; the Bot API lowercases the first
 * letter): "the chat is not a forum", "not enough rights to create a topic", "not enough
 * rights to edit the topic", "not enough rights to close or open the topic", "not enough
 * rights to delete the topic", "title must be non-empty", "invalid icon color specified",
 * "invalid message thread identifier specified". TOPIC_CLOSED and TOPIC_NOT_MODIFIED are
 * Telegram's server errors, passed on as they are. Unverified, and chosen to match what
 * bots see when sending: an unknown or deleted topic answers "message thread not found"
 * in the topic methods too (Telegram's server may say TOPIC_ID_INVALID or TOPIC_DELETED
 * there).
 */

/** The icon colours a topic may have (Bot API, createForumTopic). */
export const TOPIC_ICON_COLORS: readonly number[] = [7322096, 16766590, 13338331, 9367192, 16749490, 16478047];
/** When no colour is given Telegram picks one; the emulator always picks the first. */
export const DEFAULT_TOPIC_ICON_COLOR = 7322096;
const TOPIC_NAME_MAX = 128;

const str = (value: unknown): string | undefined => (typeof value === 'string' ? value : undefined);
const num = (value: unknown): number | undefined =>
  typeof value === 'number' ? value : typeof value === 'string' && /^-?\d+$/u.test(value) ? Number(value) : undefined;
const obj = (value: unknown): Payload | undefined =>
  typeof value === 'object' && value !== null && !Array.isArray(value) ? (value as Payload) : undefined;

/**
 * A topic name as Telegram keeps it: trimmed, and cut to 128 characters. TDLib cuts a
 * longer name (clean_name) rather than refusing it; an empty one is refused.
 */
export function cleanTopicName(raw: string): string {
  return Array.from(raw.trim()).slice(0, TOPIC_NAME_MAX).join('').trim();
}

/**
 * Where a message the bot sends goes, from `message_thread_id` and `reply_parameters`,
 * or the error Telegram gives:
 * - outside a forum (private chat, group, supergroup without topics, channel) any
 *   message_thread_id: "message thread not found";
 * - in a forum, a message_thread_id that is no live topic of the chat: the same;
 * - a reply without message_thread_id goes into the replied message's topic (General
 *   if it is there); with one, a replied message in another topic counts as not found,
 *   so `allow_sending_without_reply` sends into the given topic without the reply, and
 *   otherwise "message to be replied not found";
 * - neither: General;
 * - a closed topic (or a closed General): TOPIC_CLOSED, unless the bot is the creator or
 *   an administrator with can_manage_topics.
 * A message_thread_id of 0 is none, as the Bot API reads it.
 */
export function placeMessage(
  world: World,
  record: ChatRecord,
  p: Payload,
): { threadId: number | undefined; replyToMessageId: number | undefined } {
  const given = num(p.message_thread_id) || undefined;
  const forum = world.isForum(record);
  if (given !== undefined && (!forum || !world.topic(record, given))) throw apiErrors.threadNotFound();
  const replyTo = obj(p.reply_parameters);
  const replyToId = num(replyTo?.message_id);
  let replied: StoredMessage | undefined = replyToId === undefined ? undefined : world.liveMessage(record, replyToId);
  if (replied && given !== undefined && replied.threadId !== given) replied = undefined;
  if (replyToId !== undefined && !replied && replyTo?.allow_sending_without_reply !== true)
    throw apiErrors.badRequest('message to be replied not found');
  const threadId = forum ? (given ?? replied?.threadId) : undefined;
  if (forum) checkTopicOpen(world, record, threadId);
  return { threadId, replyToMessageId: replied?.messageId };
}

/** TOPIC_CLOSED when the topic (undefined: General) is closed and the bot may not manage topics. */
export function checkTopicOpen(world: World, record: ChatRecord, threadId: number | undefined): void {
  const closed = threadId === undefined ? record.generalClosed : (world.topic(record, threadId)?.closed ?? false);
  if (closed && !world.canManageTopics(record, world.bot.id)) throw apiErrors.topicClosed();
}

/** A service message in a topic (e.g. `{ forum_topic_closed: {} }`), by the bot or a person. */
export function storeTopicService(
  world: World,
  record: ChatRecord,
  threadId: number | undefined,
  by: User,
  service: Record<string, unknown>,
): StoredMessage {
  const fromBot = by.id === world.bot.id;
  return world.storeMessage(record, {
    fromBot,
    from: fromBot ? undefined : by,
    text: '',
    html: null,
    entities: [],
    replyMarkup: undefined,
    replyToMessageId: undefined,
    threadId,
    service,
  });
}

/**
 * A new topic: its `forum_topic_created` service message takes the next message id of
 * the chat, which becomes the topic's thread id; the message is in the topic itself.
 */
export function createTopic(
  world: World,
  record: ChatRecord,
  by: User,
  name: string,
  iconColor: number,
): { topic: TopicRecord; message: StoredMessage } {
  const message = storeTopicService(world, record, undefined, by, {
    forum_topic_created: { name, icon_color: iconColor },
  });
  message.threadId = message.messageId;
  const topic: TopicRecord = {
    threadId: message.messageId,
    name,
    iconColor,
    closed: false,
    deleted: false,
    creatorId: by.id,
  };
  record.topics.set(topic.threadId, topic);
  return { topic, message };
}

export function createForumMethods(world: World): Record<string, Method> {
  const botUser = (): User => world.users.get(world.bot.id) ?? { id: world.bot.id, is_bot: true, first_name: 'bot' };

  /** The chat, which must be a forum ("the chat is not a forum"). */
  const forumOf = (p: Payload): ChatRecord => {
    const record = world.resolve(p.chat_id);
    if (!world.isForum(record)) throw apiErrors.notAForum();
    return record;
  };

  /** message_thread_id of a topic method: a positive message id, else TDLib's error. */
  const threadIdOf = (p: Payload): number => {
    const threadId = num(p.message_thread_id) ?? 0;
    if (threadId <= 0) throw apiErrors.badRequest('invalid message thread identifier specified');
    return threadId;
  };

  /**
   * editForumTopic, closeForumTopic and reopenForumTopic: "the bot must be an
   * administrator in the chat for this to work and must have the can_manage_topics
   * administrator rights, unless it is the creator of the topic" (Bot API).
   */
  const manageable = (record: ChatRecord, threadId: number, refusal: string): TopicRecord => {
    const topic = world.topic(record, threadId);
    if (!world.canManageTopics(record, world.bot.id) && topic?.creatorId !== world.bot.id)
      throw apiErrors.badRequest(refusal);
    if (!topic) throw apiErrors.threadNotFound();
    return topic;
  };

  const toggle = (p: Payload, closed: boolean): true => {
    const record = forumOf(p);
    const topic = manageable(record, threadIdOf(p), 'not enough rights to close or open the topic');
    if (topic.closed === closed) throw apiErrors.topicNotModified();
    topic.closed = closed;
    storeTopicService(world, record, topic.threadId, botUser(), {
      [closed ? 'forum_topic_closed' : 'forum_topic_reopened']: {},
    });
    return true;
  };

  /**
   * The General topic. Telegram's service message for closing or reopening it is not
   * verified here, so none is stored: the state changes, nothing else.
   */
  const toggleGeneral = (p: Payload, closed: boolean): true => {
    const record = forumOf(p);
    if (!world.canManageTopics(record, world.bot.id))
      throw apiErrors.badRequest('not enough rights to close or open the topic');
    if (record.generalClosed === closed) throw apiErrors.topicNotModified();
    record.generalClosed = closed;
    return true;
  };

  return {
    /**
     * "The bot must be an administrator in the chat for this to work and must have the
     * can_manage_topics administrator rights" (Bot API). Answers a ForumTopic; the
     * `forum_topic_created` service message stays in the chat (the bot gets no update
     * for its own message).
     */
    createForumTopic(p) {
      const record = forumOf(p);
      if (!world.canManageTopics(record, world.bot.id))
        throw apiErrors.badRequest('not enough rights to create a topic');
      const name = cleanTopicName(str(p.name) ?? '');
      if (name === '') throw apiErrors.badRequest('title must be non-empty');
      // The Bot API reads a missing colour as 0, "none": Telegram picks one. TDLib refuses
      // colours outside 0..0xFFFFFF with this wording; for one inside that range but not
      // among the six the Bot API lists, the emulator answers the same (Telegram's own
      // answer for those is unverified).
      const color = num(p.icon_color) ?? 0;
      if (color !== 0 && !TOPIC_ICON_COLORS.includes(color)) throw apiErrors.badRequest('invalid icon color specified');
      const { topic } = createTopic(world, record, botUser(), name, color || DEFAULT_TOPIC_ICON_COLOR);
      return { message_thread_id: topic.threadId, name: topic.name, icon_color: topic.iconColor };
    },

    /**
     * Renames a topic: "if not specified or empty, the current name of the topic will be
     * kept" (Bot API), and then nothing changes. Telegram posts a `forum_topic_edited`
     * service message in the topic. Custom emoji icons are not emulated.
     */
    editForumTopic(p) {
      const record = forumOf(p);
      const threadId = threadIdOf(p);
      const raw = str(p.name) ?? '';
      const topic = world.topic(record, threadId);
      if (!world.canManageTopics(record, world.bot.id) && topic?.creatorId !== world.bot.id)
        throw apiErrors.badRequest('not enough rights to edit the topic');
      const name = cleanTopicName(raw);
      if (raw !== '' && name === '') throw apiErrors.badRequest('title must be non-empty');
      if (raw === '') return true;
      if (!topic) throw apiErrors.threadNotFound();
      if (topic.name === name) throw apiErrors.topicNotModified();
      topic.name = name;
      storeTopicService(world, record, topic.threadId, botUser(), { forum_topic_edited: { name } });
      return true;
    },

    closeForumTopic: (p) => toggle(p, true),
    reopenForumTopic: (p) => toggle(p, false),

    /**
     * Deletes a topic with all its messages. "The bot must be an administrator in the chat
     * for this to work and must have the can_delete_messages administrator rights" (Bot
     * API).
     */
    deleteForumTopic(p) {
      const record = forumOf(p);
      const threadId = threadIdOf(p);
      const bot = world.botMember(record);
      if (bot.status !== 'creator' && (bot.status !== 'administrator' || bot.canDeleteMessages === false))
        throw apiErrors.badRequest('not enough rights to delete the topic');
      const topic = world.topic(record, threadId);
      if (!topic) throw apiErrors.threadNotFound();
      topic.deleted = true;
      return true;
    },

    closeGeneralForumTopic: (p) => toggleGeneral(p, true),
    reopenGeneralForumTopic: (p) => toggleGeneral(p, false),
  };
}
