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
  created_at: number;
  updated_at: number;
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
  created_at: number;
}

export type DeliveryStatus = 'queued' | 'sending' | 'sent' | 'failed' | 'skipped';

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
  deliveries: DeliveriesTable;
  button_actions: ButtonActionsTable;
}

export type TagRow = Selectable<TagsTable>;
export type ArticleRow = Selectable<ArticlesTable>;
export type NewArticleRow = Insertable<ArticlesTable>;
export type SubscriberRow = Selectable<SubscribersTable>;
export type SubscriberUpdate = Updateable<SubscribersTable>;
export type DeliveryRow = Selectable<DeliveriesTable>;
