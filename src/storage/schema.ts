import type { Generated, Insertable, Selectable, Updateable } from 'kysely';
import type { ChatKind, Platform, SubscriberStatus } from '../domain/platform.ts';

/** The schema as types: one interface per table (see migrations/). Times are epoch ms. */

export interface TagsTable {
  id: Generated<number>;
  key: string;
  name: string;
  created_at: number;
}

export interface TagAliasesTable {
  key: string;
  name: string;
  tag_id: number;
  created_at: number;
}

export interface ArticlesTable {
  id: Generated<number>;
  public_id: string;
  external_id: string | null;
  title: string;
  body: string;
  summary: string;
  url: string | null;
  source: string | null;
  /** The publication time given, or the posting time when none was. */
  published_at: number;
  /** 1 when published_at came from the input, 0 when it is the posting time. */
  date_given: Generated<number>;
  created_at: number;
  /** Who posted: "telegram:12345", "cli", "import". */
  posted_by: string;
  /** The article's language, ISO 639-1 ('en', 'ru', 'hy'), given or detected; null when not known (src/domain/language.ts). */
  language: Generated<string | null>;
  /** The article's picture, an http(s) address; null: none (migration 0016). */
  image_url: Generated<string | null>;
}

export interface ArticleTagsTable {
  article_id: number;
  tag_id: number;
  position: number;
}

export interface SubscribersTable {
  id: Generated<number>;
  platform: Platform;
  chat_id: string;
  kind: ChatKind;
  title: string | null;
  /** The space the chat belongs to, when the platform has one (a Discord server's id). */
  parent_id: string | null;
  status: Generated<SubscriberStatus>;
  status_reason: string | null;
  status_changed_at: number | null;
  failure_count: Generated<number>;
  /** A message to show the next time someone uses a command in this chat. */
  notice: string | null;
  /** The chat's language ('en', 'ru', 'hy'; src/i18n); null until /language or the first command with a known app language. */
  language: Generated<string | null>;
  /** 1 after `/topics auto`: the bot makes a forum topic for each tag the chat follows. */
  topics_auto: Generated<number>;
  /** The thread `/digest` was set in (a forum topic), where the digests go; null: the chat itself. */
  digest_thread_id: Generated<string | null>;
  /** How the chat's cards look ('headline', 'compact', 'full'; src/domain/card.ts); null: 'compact'. */
  card_style: Generated<string | null>;
  /** 1: a card without a picture shows the article page's link preview. */
  link_previews: Generated<number>;
  /** 1: cards and digests arrive without a notification sound. */
  silent: Generated<number>;
  /** 1: a Discord forum or media channel: each article is a post (thread) of its own. */
  forum: Generated<number>;
  /** The name the chat's cards are posted under (`/identity`: a Discord channel's webhook); null: the bot's own. */
  identity_name: Generated<string | null>;
  /** The picture they are posted with, an http(s) address; null: the default. */
  identity_avatar: Generated<string | null>;
  created_at: number;
  updated_at: number;
  /** IANA time zone for digests and quiet hours. */
  timezone: Generated<string>;
  digest_cadence: 'daily' | 'weekly' | null;
  /** Local minutes after midnight. */
  digest_minute: number | null;
  /** ISO weekday (1 = Monday) of a weekly digest. */
  digest_weekday: number | null;
  /** When the next digest is due; null means instant deliveries. */
  digest_next_at: number | null;
  quiet_start: number | null;
  quiet_end: number | null;
  /** The current or next quiet window, as instants. */
  quiet_from: number | null;
  quiet_until: number | null;
  /** Set while the reader has paused deliveries (/pause). */
  paused_at: number | null;
}

export interface SubscriberManagersTable {
  subscriber_id: number;
  user_id: string;
  created_at: number;
}

export type FollowMode = 'follow' | 'mute';

export interface FollowsTable {
  subscriber_id: number;
  tag_id: number;
  mode: FollowMode;
  mention_role_id: string | null;
  /** The thread of the chat this tag's articles go to (a Telegram forum topic); null: the chat itself. */
  thread_id: Generated<string | null>;
  created_at: number;
}

/** A thread of a chat the bot routes to (a Telegram forum topic): its name, and whether its route is paused. */
export interface ChatThreadsTable {
  subscriber_id: number;
  thread_id: string;
  name: string | null;
  /** Set while the thread cannot take messages (closed or deleted): its articles are skipped, the rest of the chat goes on. */
  paused_at: number | null;
  paused_reason: string | null;
  updated_at: number;
}

/**
 * queued → sending → sent | failed; 'held' waits for the chat's digest, 'deferred' for
 * its quiet hours to end; 'skipped' was never sent (the chat is gone or paused).
 */
export type DeliveryStatus = 'queued' | 'sending' | 'sent' | 'failed' | 'skipped' | 'held' | 'deferred';

export interface DeliveriesTable {
  id: Generated<number>;
  subscriber_id: number;
  article_id: number;
  status: DeliveryStatus;
  attempts: Generated<number>;
  next_attempt_at: number;
  lease_until: number | null;
  last_error: string | null;
  message_id: string | null;
  created_at: number;
  updated_at: number;
  sent_at: number | null;
  /** The due time of the digest this row goes out in; null for an instant delivery. */
  digest_at: number | null;
  /** Pages of a long digest already sent (see parts of src/domain/digest.ts). */
  parts_sent: Generated<number>;
}

/** What a card update does: edit the delivered card in place, or delete it. */
export type CardUpdateOp = 'edit' | 'delete';
/** queued → sending → done | failed. */
export type CardUpdateStatus = 'queued' | 'sending' | 'done' | 'failed';

/** A change to a delivered card (migrations/0018_card_updates.ts). */
export interface CardUpdatesTable {
  delivery_id: number;
  op: CardUpdateOp;
  subscriber_id: number;
  article_id: number;
  message_id: string;
  /** 1: the article's picture changed since the card was last edited. */
  media: Generated<number>;
  sent_at: number;
  status: CardUpdateStatus;
  attempts: Generated<number>;
  next_attempt_at: number;
  lease_until: number | null;
  last_error: string | null;
  updated_at: number;
}

export type SavedSearchMode = 'follow' | 'mute';

export interface SavedSearchesTable {
  subscriber_id: number;
  mode: SavedSearchMode;
  query: string;
  key_term: string;
  created_at: number;
}

export interface ButtonActionsTable {
  id: Generated<number>;
  data: string;
  created_at: number;
}

export interface Database {
  tags: TagsTable;
  tag_aliases: TagAliasesTable;
  articles: ArticlesTable;
  article_tags: ArticleTagsTable;
  subscribers: SubscribersTable;
  subscriber_managers: SubscriberManagersTable;
  follows: FollowsTable;
  chat_threads: ChatThreadsTable;
  deliveries: DeliveriesTable;
  card_updates: CardUpdatesTable;
  button_actions: ButtonActionsTable;
  conversations: ConversationsTable;
  saved_searches: SavedSearchesTable;
  web_login_links: WebLoginLinksTable;
  web_sessions: WebSessionsTable;
  web_audit: WebAuditTable;
  signin_attempts: SigninAttemptsTable;
}

export type TagRow = Selectable<TagsTable>;
export type ArticleRow = Selectable<ArticlesTable>;
export type NewArticleRow = Insertable<ArticlesTable>;
export type SubscriberRow = Selectable<SubscribersTable>;
export type SubscriberUpdate = Updateable<SubscribersTable>;
export type DeliveryRow = Selectable<DeliveriesTable>;

/** A conversation's state between messages (src/storage/conversation-store.ts). */
export interface ConversationsTable {
  /** Named by the adapter, e.g. "telegram:CHAT:USER". */
  key: string;
  /** The adapter's state, as text (JSON). */
  data: string;
  /** Epoch ms after which the row is ignored and pruned. */
  expires_at: number;
}

/** A one-time newsroom sign-in link (src/storage/session-store.ts); only its token's hash is kept. */
export interface WebLoginLinksTable {
  token_hash: string;
  platform: Platform;
  user_id: string;
  user_name: string | null;
  /** JSON array of the Discord roles the user had when the link was made. */
  role_ids: Generated<string>;
  created_at: number;
  expires_at: number;
  used_at: number | null;
}

/** A signed-in newsroom browser; only its cookie token's hash is kept. */
export interface WebSessionsTable {
  token_hash: string;
  csrf_token: string;
  platform: Platform;
  user_id: string;
  user_name: string | null;
  role_ids: Generated<string>;
  created_at: number;
  last_seen_at: number;
  expires_at: number;
}

/** A change made through the newsroom. */
export interface WebAuditTable {
  id: Generated<number>;
  at: number;
  /** "telegram:123 (Ann)". */
  actor: string;
  action: string;
  detail: Generated<string>;
}

/** One client address's newsroom sign-in window (migrations/0021_signin_attempts.ts), shared by every process. */
export interface SigninAttemptsTable {
  address: string;
  /** Sign-in attempts made in the window, the latest included. */
  attempts: number;
  /** Epoch ms the window ends at; then the next attempt starts a new one, and the row may be pruned. */
  expires_at: number;
}
