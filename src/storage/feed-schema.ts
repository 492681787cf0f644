import type { Generated, Kysely, Selectable } from 'kysely';
import type { ArticleTagsAutoColumn } from './article-store.ts';
import type { Database } from './schema.ts';

/**
 * The tables of migrations/0004_feeds.ts as types. They extend the core schema through
 * `db.withTables<FeedTables>()`, so the core's `Database` stays as it is.
 */

export type FeedPollStatus = 'ok' | 'not_modified' | 'error';

export interface FeedsTable {
  id: Generated<number>;
  url: string;
  title: string | null;
  /** JSON array of tag display names. */
  default_tags: Generated<string>;
  auto_tag: Generated<number>;
  /** 1: an entry whose title or text changed corrects its article (`--updates`, migration 0019). */
  updates: Generated<number>;
  added_by: string;
  created_at: number;
  etag: string | null;
  last_modified: string | null;
  /** 0 until a poll stored the feed's entries; that first poll notifies nobody. */
  primed: Generated<number>;
  last_polled_at: number | null;
  last_success_at: number | null;
  last_status: FeedPollStatus | null;
  last_error: string | null;
  last_new: Generated<number>;
  last_skipped: Generated<number>;
  failure_count: Generated<number>;
  next_poll_at: number | null;
  note: string | null;
}

export interface FeedEntriesTable {
  feed_id: number;
  guid: string;
  article_id: number | null;
  seen_at: number;
  /** A hash of the entry's title and text when last read; null until read with it (migration 0019). */
  fingerprint: Generated<string | null>;
}

/** A type, not an interface: withTables wants an index-compatible record. */
export type FeedTables = {
  feeds: FeedsTable;
  feed_entries: FeedEntriesTable;
  /** 0004 adds the `auto` column to the core's article_tags. */
  article_tags: ArticleTagsAutoColumn;
};

export type FeedDatabase = Database & FeedTables;
export type FeedRow = Selectable<FeedsTable>;

export function withFeedTables(db: Kysely<Database>): Kysely<FeedDatabase> {
  return db.withTables<FeedTables>();
}
