import type {
  BotCommand,
  Chat,
  ChatFullInfo,
  ChatMember,
  InlineKeyboardMarkup,
  LinkPreviewOptions,
  Message,
  MessageEntity,
  PhotoSize,
  User,
  UserFromGetMe,
} from 'grammy/types';
import { ApiFailure, apiErrors } from './api-errors.ts';
import { shownLinkPreviewOptions } from './link-preview.ts';

/**
 * What the emulated Telegram knows: people, chats and who is in them, every message,
 * open callback and inline queries, command menus, the webhook. Methods (methods.ts)
 * read and change it; tests arrange it through TelegramEmulator.
 */

export type MemberStatus = 'creator' | 'administrator' | 'member' | 'restricted' | 'left' | 'kicked';

export interface MemberRecord {
  status: MemberStatus;
  /** Channel administrators: may post (default true). */
  canPostMessages?: boolean;
  /** Restricted members: may send messages (default false). */
  canSendMessages?: boolean;
  /** Restricted members: may send photos (default false). */
  canSendPhotos?: boolean;
  /** Supergroup administrators: may create, rename, close and reopen forum topics (default false). */
  canManageTopics?: boolean;
  /** Administrators: may delete others' messages, and forum topics (default true). */
  canDeleteMessages?: boolean;
}

/**
 * A forum topic. Its thread id is the message id of its `forum_topic_created` service
 * message, as in Telegram. A deleted topic stays here, marked, so that its id keeps
 * answering "message thread not found" and its messages stay gone.
 */
export interface TopicRecord {
  threadId: number;
  name: string;
  iconColor: number;
  closed: boolean;
  deleted: boolean;
  /** Who created it: Telegram lets the creator of a topic edit, close and reopen it without can_manage_topics. */
  creatorId: number;
}

export interface ChatRecord {
  chat: Chat;
  members: Map<number, MemberRecord>;
  /** Set once a group was upgraded: sends to it fail with migrate_to_chat_id. */
  migratedTo?: number;
  /** A private chat whose user blocked the bot. */
  botBlocked: boolean;
  nextMessageId: number;
  messages: Map<number, StoredMessage>;
  /** Forum topics by thread id (forum supergroups only; the General topic is not here: it has no thread id). */
  topics: Map<number, TopicRecord>;
  /** The General topic of a forum is closed: only those who may manage topics post there. */
  generalClosed: boolean;
}

/**
 * A message in a chat, as sent (by the bot or injected as a person's) and as edited since.
 * A photo message (sendPhoto) has `photo` set, its caption in `caption`, `captionHtml` and
 * `captionEntities`, and an empty `text` (html null, no entities): code that reads `text`
 * sees no words in it.
 */
export interface StoredMessage {
  chatId: number;
  messageId: number;
  fromBot: boolean;
  from: User | undefined;
  /** The text after entity parsing: what a reader sees. '' for a photo message. */
  text: string;
  /** The HTML the bot sent (parse_mode HTML), as last edited. null for a photo message. */
  html: string | null;
  entities: MessageEntity[];
  /** Sent with `disable_notification`: delivered silently. */
  silent: boolean;
  /**
   * The `link_preview_options` the bot gave (sendMessage, or the last editMessageText;
   * `disable_web_page_preview` as `{ is_disabled: true }`), true flags and url only;
   * undefined when none. The Message object shows them as Telegram does (link-preview.ts).
   */
  linkPreviewOptions?: LinkPreviewOptions;
  /** A photo message: its sizes, smallest first, as Message.photo shows them. Undefined for other messages. */
  photo?: PhotoSize[];
  /** A photo message: the URL the picture was downloaded from (sent by file_id: the URL that photo first came from). */
  photoUrl?: string;
  /** A photo message: the caption after entity parsing, '' when it has none (as last edited). */
  caption?: string;
  /** A photo message: the caption's HTML as sent (parse_mode HTML), else null. */
  captionHtml?: string | null;
  captionEntities?: MessageEntity[];
  /** A photo message: sent or last edited with show_caption_above_media. */
  showCaptionAboveMedia?: boolean;
  replyMarkup: InlineKeyboardMarkup | undefined;
  /** How many times the bot edited it (text, caption, media or keyboard): a test can tell "edited once" from "twice". */
  editCount: number;
  /** When it was last edited (Unix seconds, the emulator's clock); Message.edit_date shows it. Undefined until edited. */
  editedAt?: number;
  replyToMessageId: number | undefined;
  /** The forum topic it is in (its thread id); undefined: General, or a chat without topics. */
  threadId: number | undefined;
  /**
   * A service message's own fields (e.g. `{ forum_topic_created: { name, icon_color } }`),
   * shown instead of text. Service messages are never in `botMessages` and can't be edited.
   */
  service?: Record<string, unknown>;
  /** When it was sent (Unix seconds, the emulator's clock), as Message.date shows it. */
  date: number;
  /** Order among all messages the bot sent, across chats. */
  sequence: number;
  /**
   * Set once it is deleted (Unix seconds): by the bot (deleteMessage, deleteMessages) or by a
   * person (TelegramEmulator.deleteMessage). A deleted message is gone from its chat, from
   * `botMessages` and `sent()`; it is kept in `deletedMessages`.
   */
  deletedAt?: number;
  deletedBy?: 'bot' | 'person';
}

export interface InlineAnswer {
  results: unknown[];
  nextOffset: string;
  button: unknown;
  cacheTime: number | undefined;
}

/** The wall clock by default: Unix seconds. */
const systemUnixTime = () => Math.floor(Date.now() / 1000);

export class World {
  readonly users = new Map<number, User>();
  readonly chats = new Map<number, ChatRecord>();
  readonly botMessages: StoredMessage[] = [];
  /** Deleted messages (the bot's and people's), in the order they were deleted. */
  readonly deletedMessages: StoredMessage[] = [];
  /** Open queries, with when they were asked (the emulator's clock): Telegram refuses late answers. */
  readonly callbackQueries = new Map<string, { answer: { text?: string; show_alert?: boolean } | null; at: number }>();
  readonly inlineQueries = new Map<string, { answer: InlineAnswer | null; at: number }>();
  readonly commandMenus = new Map<string, BotCommand[]>();
  /**
   * Every photo file id the emulator gave out: the photo's sizes, which of them the id
   * names, the URL it came from. sendPhoto takes these back as `photo`.
   */
  readonly photoFiles = new Map<string, { sizes: PhotoSize[]; index: number; url: string }>();
  private photoSerial = 0;
  webhook: { url: string; secretToken: string | undefined; allowedUpdates: string[] | undefined } | null = null;
  /** The last allowed_updates a bot asked for (Telegram remembers it); null: the default set. */
  allowedUpdates: string[] | null = null;
  private sequence = 0;

  /**
   * `unixTime`: the emulator's clock for message dates, edit dates and the 48-hour deletion
   * limit, in Unix seconds (the system clock by default).
   */
  constructor(
    readonly bot: UserFromGetMe,
    readonly unixTime: () => number = systemUnixTime,
  ) {
    this.users.set(bot.id, { id: bot.id, is_bot: true, first_name: bot.first_name, username: bot.username });
  }

  addChat(chat: Chat, members: Record<number, MemberRecord> = {}): ChatRecord {
    const record: ChatRecord = {
      chat,
      members: new Map(Object.entries(members).map(([id, m]) => [Number(id), m])),
      botBlocked: false,
      // In a forum, message 1 is the root of the General topic (its internal thread id, which
      // the Bot API never shows): no topic gets id 1.
      nextMessageId: this.isForumChat(chat) ? 2 : 1,
      messages: new Map(),
      topics: new Map(),
      generalClosed: false,
    };
    this.chats.set(chat.id, record);
    return record;
  }

  /**
   * Resolves a chat_id as the API takes it: a number, a numeric string, or "@username" of
   * a group, supergroup or channel. A person's @username names no chat for a bot: the Bot
   * API takes "username of the target supergroup or channel" only, and answers "chat not
   * found" for a user's.
   */
  resolve(chatId: unknown): ChatRecord {
    if (typeof chatId === 'string' && chatId.startsWith('@')) {
      const name = chatId.slice(1).toLowerCase();
      for (const record of this.chats.values()) {
        if (record.chat.type === 'private') continue;
        if ('username' in record.chat && record.chat.username?.toLowerCase() === name) return record;
      }
      throw apiErrors.chatNotFound();
    }
    const id =
      typeof chatId === 'number'
        ? chatId
        : typeof chatId === 'string' && /^-?\d+$/u.test(chatId)
          ? Number(chatId)
          : NaN;
    const record = this.chats.get(id);
    if (!record) throw apiErrors.chatNotFound();
    // A private channel or group the bot is not in is invisible to it.
    if (record.chat.type !== 'private' && !('username' in record.chat && record.chat.username) && !this.botIsIn(record))
      throw apiErrors.chatNotFound();
    return record;
  }

  botMember(record: ChatRecord): MemberRecord {
    return record.members.get(this.bot.id) ?? { status: 'left' };
  }

  botIsAdmin(record: ChatRecord): boolean {
    const status = this.botMember(record).status;
    return status === 'administrator' || status === 'creator';
  }

  isForum(record: ChatRecord): boolean {
    return this.isForumChat(record.chat);
  }

  private isForumChat(chat: Chat): boolean {
    return chat.type === 'supergroup' && 'is_forum' in chat && chat.is_forum === true;
  }

  /**
   * May this person (or the bot) create, rename, close and reopen topics, and post in closed
   * ones: the creator, or an administrator with can_manage_topics.
   */
  canManageTopics(record: ChatRecord, userId: number): boolean {
    const m = record.members.get(userId);
    return m?.status === 'creator' || (m?.status === 'administrator' && m.canManageTopics === true);
  }

  /** A live topic of the chat, or undefined (none with this id, or deleted). */
  topic(record: ChatRecord, threadId: number): TopicRecord | undefined {
    const topic = record.topics.get(threadId);
    return topic && !topic.deleted ? topic : undefined;
  }

  /** A message as people can still see it: not one of a deleted topic (deleting a topic deletes its messages). */
  liveMessage(record: ChatRecord, messageId: number): StoredMessage | undefined {
    const message = record.messages.get(messageId);
    if (!message) return undefined;
    if (message.threadId !== undefined && record.topics.get(message.threadId)?.deleted) return undefined;
    return message;
  }

  botIsIn(record: ChatRecord): boolean {
    const status = this.botMember(record).status;
    return status !== 'left' && status !== 'kicked';
  }

  /** A new photo's serial number, for its file ids. */
  nextPhotoSerial(): number {
    return ++this.photoSerial;
  }

  /** Throws what Telegram answers when the bot may not post (this kind of message) in the chat. */
  checkCanSend(record: ChatRecord, kind: 'text' | 'photo' = 'text'): void {
    const { chat } = record;
    if (chat.type === 'private') {
      if (record.botBlocked) throw apiErrors.blockedByUser();
      return;
    }
    if (record.migratedTo !== undefined) throw apiErrors.groupUpgraded(record.migratedTo);
    const bot = this.botMember(record);
    if (chat.type === 'channel') {
      if (bot.status === 'left' || bot.status === 'kicked') throw apiErrors.notMemberOfChannel();
      if (bot.status === 'creator') return;
      if (bot.status !== 'administrator' || bot.canPostMessages === false) throw apiErrors.needAdminRights();
      return;
    }
    if (bot.status === 'kicked')
      throw chat.type === 'group' ? apiErrors.kickedFromGroup() : apiErrors.kickedFromSupergroup();
    if (bot.status === 'left')
      throw new ApiFailure(
        403,
        `Forbidden: bot is not a member of the ${chat.type === 'group' ? 'group' : 'supergroup'} chat`,
      );
    if (bot.status === 'restricted' && bot.canSendMessages !== true)
      throw apiErrors.badRequest('not enough rights to send text messages to the chat');
    if (kind === 'photo' && bot.status === 'restricted' && bot.canSendPhotos !== true)
      throw apiErrors.badRequest('not enough rights to send photos to the chat');
  }

  /** Stores a message; `silent` is false unless given. */
  storeMessage(
    record: ChatRecord,
    message: Omit<
      StoredMessage,
      'messageId' | 'chatId' | 'date' | 'sequence' | 'editCount' | 'silent' | 'editedAt' | 'deletedAt' | 'deletedBy'
    > & {
      silent?: boolean;
    },
  ): StoredMessage {
    const stored: StoredMessage = {
      ...message,
      silent: message.silent ?? false,
      chatId: record.chat.id,
      messageId: record.nextMessageId++,
      date: this.unixTime(),
      sequence: message.fromBot ? ++this.sequence : 0,
      editCount: 0,
    };
    record.messages.set(stored.messageId, stored);
    if (stored.fromBot && !stored.service) this.botMessages.push(stored);
    return stored;
  }

  /** The bot edited the message just now: counted, and dated for Message.edit_date. */
  markEdited(message: StoredMessage): void {
    message.editCount += 1;
    message.editedAt = this.unixTime();
  }

  /**
   * Deletes a message: it leaves its chat (no longer found, replied to or edited) and
   * `botMessages`, and is kept in `deletedMessages`, marked with when and by whom.
   */
  removeMessage(record: ChatRecord, message: StoredMessage, by: 'bot' | 'person'): void {
    record.messages.delete(message.messageId);
    const index = this.botMessages.indexOf(message);
    if (index >= 0) this.botMessages.splice(index, 1);
    message.deletedAt = this.unixTime();
    message.deletedBy = by;
    this.deletedMessages.push(message);
  }

  /**
   * The Message object the Bot API shows. In a forum topic it carries `message_thread_id`
   * and `is_topic_message`; and, as Telegram does, a message that is not an explicit reply
   * carries the topic's `forum_topic_created` service message as `reply_to_message` (so a
   * bot learns the topic's name from any message in it: the name it was created with, as
   * that service message shows it). A `reply_to_message` holds no further reply_to_message.
   */
  toMessage(stored: StoredMessage, withReply = true): Message {
    const record = this.chats.get(stored.chatId);
    if (!record) throw new Error(`no chat ${stored.chatId}`);
    const inChannel = record.chat.type === 'channel';
    const message: Record<string, unknown> = {
      message_id: stored.messageId,
      ...(inChannel
        ? { sender_chat: record.chat }
        : { from: stored.fromBot ? this.users.get(this.bot.id) : stored.from }),
      chat: record.chat,
      date: stored.date,
    };
    if (stored.threadId !== undefined) {
      message.message_thread_id = stored.threadId;
      message.is_topic_message = true;
    }
    if (stored.service) {
      Object.assign(message, stored.service);
    } else if (stored.photo) {
      // Bot API: photo, then caption and caption_entities when there is a caption, and
      // show_caption_above_media only when true.
      message.photo = stored.photo;
      if (stored.caption) {
        message.caption = stored.caption;
        if (stored.captionEntities && stored.captionEntities.length > 0)
          message.caption_entities = stored.captionEntities;
      }
      if (stored.showCaptionAboveMedia === true) message.show_caption_above_media = true;
    } else {
      message.text = stored.text;
      if (stored.entities.length > 0) message.entities = stored.entities;
      const preview = shownLinkPreviewOptions(stored.linkPreviewOptions, stored.text, stored.entities);
      if (preview) message.link_preview_options = preview;
    }
    if (withReply) {
      const replied =
        stored.replyToMessageId !== undefined
          ? this.liveMessage(record, stored.replyToMessageId)
          : stored.threadId !== undefined && stored.threadId !== stored.messageId
            ? record.messages.get(stored.threadId)
            : undefined;
      if (replied) message.reply_to_message = this.toMessage(replied, false);
    }
    if (stored.replyMarkup) message.reply_markup = stored.replyMarkup;
    if (stored.editCount > 0) message.edit_date = stored.editedAt ?? stored.date;
    return message as unknown as Message;
  }

  member(record: ChatRecord, userId: number): ChatMember {
    const user = this.users.get(userId);
    if (!user) throw apiErrors.badRequest('user not found');
    const m =
      record.members.get(userId) ??
      (record.chat.type === 'private' && record.chat.id === userId
        ? { status: 'member' as const }
        : { status: 'left' as const });
    const channel = record.chat.type === 'channel';
    switch (m.status) {
      case 'creator':
        return { status: 'creator', user, is_anonymous: false };
      case 'administrator':
        return {
          status: 'administrator',
          user,
          can_be_edited: false,
          is_anonymous: false,
          can_manage_chat: true,
          can_delete_messages: m.canDeleteMessages !== false,
          can_manage_video_chats: true,
          can_restrict_members: true,
          can_promote_members: false,
          can_change_info: true,
          can_invite_users: true,
          can_post_stories: true,
          can_edit_stories: true,
          can_delete_stories: true,
          can_send_welcome_messages: false,
          ...(channel
            ? { can_post_messages: m.canPostMessages !== false, can_edit_messages: true }
            : { can_pin_messages: true }),
          // "for supergroups only" (Bot API)
          ...(record.chat.type === 'supergroup' ? { can_manage_topics: m.canManageTopics === true } : {}),
        };
      case 'member':
        return { status: 'member', user };
      case 'restricted':
        return {
          status: 'restricted',
          user,
          is_member: true,
          can_send_messages: m.canSendMessages === true,
          can_send_audios: false,
          can_send_documents: false,
          can_send_photos: m.canSendPhotos === true,
          can_send_videos: false,
          can_send_video_notes: false,
          can_send_voice_notes: false,
          can_send_polls: false,
          can_send_other_messages: false,
          can_add_web_page_previews: false,
          can_change_info: false,
          can_invite_users: false,
          can_pin_messages: false,
          can_manage_topics: false,
          until_date: 0,
        } as ChatMember;
      case 'left':
        return { status: 'left', user };
      case 'kicked':
        return { status: 'kicked', user, until_date: 0 };
    }
  }

  fullInfo(record: ChatRecord): ChatFullInfo {
    return {
      ...record.chat,
      accent_color_id: 0,
      max_reaction_count: 11,
      accepted_gift_types: {
        unlimited_gifts: false,
        limited_gifts: false,
        unique_gifts: false,
        premium_subscription: false,
        gifts_from_channels: false,
      },
    } as ChatFullInfo;
  }
}
