import type { Config } from '../config.ts';
import type { ArticleInput, StoredArticle } from '../domain/article.ts';
import type { Platform } from '../domain/platform.ts';
import { noticeReply, type Button, type Reply } from '../domain/reply.ts';
import type { Locale } from '../i18n/index.ts';
import type { Logger } from '../logger.ts';
import type { CommandContext } from '../commands/context.ts';
import { isBotAdmin } from '../commands/context.ts';
import { createCommandRouter } from '../commands/router.ts';
import type { CommandInfo } from '../commands/spec.ts';
import { conversationsOver, type Conversations } from '../storage/conversation-store.ts';
import { findArticle, postArticle, type PostOptions, type PostResult } from '../app/articles.ts';
import type { CoreDeps } from '../app/deps.ts';
import { deactivateChat, reactivateChat } from '../app/subscriptions.ts';
import { threadChanged, type ThreadEvent } from '../app/threads.ts';

/** An article's fields as the /edit form writes them (tags comma-separated; '' for none). */
export interface EditFormFields {
  publicId: string;
  title: string;
  tags: string;
  url: string;
  image: string;
  source: string;
  body: string;
}

/**
 * The core as adapters see it: text commands and button presses in, Replies out, and
 * the few platform events that change a chat's state. Adapters hold no business rule;
 * everything they decide goes through here.
 */
export interface Core {
  readonly config: Config;
  readonly logger: Logger;
  /** Every command with its arguments, summary and access: for setMyCommands and slash-command builders. */
  readonly commands: readonly CommandInfo[];
  /** Runs one command line (`/follow Armenia`). Never throws for bad input: the Reply says what was wrong. */
  handleCommand(ctx: CommandContext, text: string): Promise<Reply>;
  /** A button from a Reply was pressed; `data` is its Button.data. */
  pressButton(ctx: CommandContext, data: string): Promise<Reply>;
  /**
   * The language to answer in, in this chat: the chat's (/language, or set up with the
   * app language of whoever set it up), else this user's app language, else English.
   * For the few texts an adapter writes itself.
   */
  localeFor(ctx: Pick<CommandContext, 'platform' | 'chat' | 'languageTag'>): Promise<Locale>;
  /** /follow TAGS, mentioning a role whenever they are delivered here (Discord channel subscriptions). */
  followMentioning(ctx: CommandContext, tags: string, mentionRoleId: string | null): Promise<Reply>;
  /** An article's fields as /edit takes them, to prefill a form (a Discord modal); null when there is no such article. */
  editForm(id: string): Promise<EditFormFields | null>;
  /** Posts an article (e.g. from a Discord modal). Throws UserInputError / DuplicateArticleError. */
  postArticle(input: ArticleInput, options: PostOptions): Promise<PostResult>;
  isBotAdmin(ctx: Pick<CommandContext, 'platform' | 'user'>): boolean;
  /** Known tags matching typed text, most-followed first (autocomplete). */
  completeTags(prefix: string, limit: number): Promise<{ name: string; followers: number }[]>;
  /** Buttons for a delivered article card in a chat, in its language. */
  cardButtons(article: StoredArticle, subscriberId: number, locale?: Locale): Promise<Button[][]>;
  /** The same for many chats at once (the delivery worker builds a batch's cards together). */
  cardButtonsFor(
    article: StoredArticle,
    subscriberIds: readonly number[],
    locales?: ReadonlyMap<number, Locale>,
  ): Promise<Map<number, Button[][]>>;
  /** State of a conversation spread over several messages (a guided /post), in the database: any bot process can take the next message. */
  conversations: Conversations;
  chats: {
    /** The chat blocked or removed the bot: stop delivering, keep its follows. */
    deactivate(platform: Platform, chatId: string, reason: string): Promise<boolean>;
    /** Deactivates every chat inside a parent space (the bot left a Discord server); returns how many. */
    deactivateAll(platform: Platform, parentId: string, reason: string): Promise<number>;
    /** The chat is reachable again (unblocked, re-added). */
    reactivate(platform: Platform, chatId: string): Promise<boolean>;
    /** The chat has a new id (a Telegram group became a supergroup). */
    move(platform: Platform, fromChatId: string, toChatId: string): Promise<void>;
    /** Leaves a message for the next time someone uses a command in that chat. */
    setNotice(platform: Platform, chatId: string, notice: string): Promise<void>;
    /**
     * A thread of the chat (a forum topic) was named, closed, reopened or deleted: its
     * name is kept for /tags, its route paused or resumed. Returns the notice to post in
     * the chat itself (not in the thread: a Telegram forum's General topic) when a route
     * paused, else null.
     */
    threadChanged(platform: Platform, chatId: string, threadId: string, event: ThreadEvent): Promise<Reply | null>;
    /** Records that a user manages a chat (a channel they connected); creates the chat if new. */
    connect(
      chat: {
        platform: Platform;
        chatId: string;
        kind: 'group' | 'channel';
        title?: string;
        parentId?: string;
        forum?: boolean;
      },
      userId: string,
    ): Promise<void>;
    disconnect(platform: Platform, chatId: string, userId: string): Promise<boolean>;
    /** Chats (channels) this user connected. */
    managedBy(
      platform: Platform,
      userId: string,
    ): Promise<{ chatId: string; title: string | null; kind: string; status: string }[]>;
  };
}

export function createCore(deps: CoreDeps): Core {
  const router = createCommandRouter(deps);
  const now = () => deps.clock.now().getTime();
  const subscribers = deps.stores.subscribers;
  return {
    config: deps.config,
    logger: deps.logger,
    commands: router.commands,
    handleCommand: router.handleCommand,
    pressButton: router.pressButton,
    localeFor: router.localeFor,
    followMentioning: router.followMentioning,
    postArticle: (input, options) => postArticle(deps, input, options),
    async editForm(id) {
      const row = await findArticle(deps.stores, id).catch(() => null);
      if (!row) return null;
      const [view] = await deps.stores.articles.views([row]);
      return {
        publicId: row.public_id,
        title: row.title,
        tags: (view?.tags ?? []).join(', '),
        url: row.url ?? '',
        image: row.image_url ?? '',
        source: row.source ?? '',
        body: row.body,
      };
    },
    isBotAdmin: (ctx) => isBotAdmin(deps.config, ctx),
    async completeTags(prefix, limit) {
      const rows =
        prefix.trim() === ''
          ? await deps.stores.tags.topFollowed(limit)
          : await deps.stores.tags.complete(prefix, limit);
      return rows.map((r) => ({ name: r.name, followers: r.count }));
    },
    cardButtons: router.cardButtons,
    cardButtonsFor: router.cardButtonsFor,
    conversations: conversationsOver(deps.stores.conversations, now),
    chats: {
      deactivate: (platform, chatId, reason) => deactivateChat(deps, platform, chatId, reason),
      reactivate: (platform, chatId) => reactivateChat(deps, platform, chatId),
      async deactivateAll(platform, parentId, reason) {
        let count = 0;
        for (const sub of await subscribers.inParent(platform, parentId)) {
          if (await deactivateChat(deps, platform, sub.chat_id, reason)) count++;
        }
        return count;
      },
      async move(platform, from, to) {
        await subscribers.moveChat(platform, from, to, now());
      },
      async threadChanged(platform, chatId, threadId, event) {
        const notice = await threadChanged(deps, platform, chatId, threadId, event);
        return notice === null ? null : noticeReply(notice);
      },
      async setNotice(platform, chatId, notice) {
        const sub = await subscribers.find(platform, chatId);
        if (sub) await subscribers.setNotice(sub.id, notice);
      },
      async connect(chat, userId) {
        const sub = await subscribers.upsert(
          {
            platform: chat.platform,
            chatId: chat.chatId,
            kind: chat.kind,
            title: chat.title,
            parentId: chat.parentId,
            forum: chat.forum,
          },
          now(),
        );
        await subscribers.addManager(sub.id, userId, now());
      },
      async disconnect(platform, chatId, userId) {
        const sub = await subscribers.find(platform, chatId);
        if (!sub || !(await subscribers.managers(sub.id)).includes(userId)) return false;
        await subscribers.removeManager(sub.id, userId);
        return true;
      },
      async managedBy(platform, userId) {
        const rows = await subscribers.managedBy(platform, userId);
        return rows.map((r) => ({ chatId: r.chat_id, title: r.title, kind: r.kind, status: r.status }));
      },
    },
  };
}
