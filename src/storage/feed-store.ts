import type { Kysely } from 'kysely';
import type { Database } from './schema.ts';
import { withFeedTables, type FeedPollStatus, type FeedRow } from './feed-schema.ts';

export interface NewFeed {
  url: string;
  title: string | null;
  defaultTags: readonly string[];
  autoTag: boolean;
  /** Corrections of an entry update its article (`--updates`). */
  updates?: boolean;
  addedBy: string;
}

/** What a feed remembers of an entry it has read. */
export interface KnownEntry {
  articleId: number | null;
  fingerprint: string | null;
}

export interface FeedSuccess {
  title: string | null;
  etag: string | null;
  lastModified: string | null;
  created: number;
  skipped: number;
}

export interface FeedFailure {
  error: string;
  /** Not polled by the schedule before this time. */
  nextPollAt: number;
  /** For the admins, when it keeps failing; null leaves the current note. */
  note: string | null;
}

/** Feeds and the entries already taken from them. */
export interface FeedStore {
  add(feed: NewFeed, now: number): Promise<FeedRow>;
  byId(id: number): Promise<FeedRow | undefined>;
  byUrl(url: string): Promise<FeedRow | undefined>;
  list(): Promise<FeedRow[]>;
  remove(id: number): Promise<boolean>;
  /** Feeds the schedule should poll now: not backing off. */
  due(now: number): Promise<FeedRow[]>;
  /** Which of these entry keys the feed has already seen, with what it remembers of each. */
  knownEntries(feedId: number, keys: readonly string[]): Promise<Map<string, KnownEntry>>;
  /** Remembers entries (with the article each became, or null when skipped, and what each said). */
  rememberEntries(
    feedId: number,
    entries: readonly { key: string; articleId: number | null; fingerprint?: string | null }[],
    now: number,
  ): Promise<void>;
  /** What known entries say now (`--updates`: read again, and changed or first fingerprinted). */
  setFingerprints(feedId: number, entries: readonly { key: string; fingerprint: string }[]): Promise<void>;
  recordSuccess(id: number, result: FeedSuccess, now: number): Promise<void>;
  recordNotModified(id: number, now: number): Promise<void>;
  /** Counts the failure; returns the failures in a row, this one included. */
  recordFailure(id: number, failure: FeedFailure, now: number): Promise<number>;
  countByStatus(): Promise<{ status: FeedPollStatus | 'new'; failing: boolean; n: number }[]>;
}

/** The default tags column holds a JSON array; anything else reads as none. */
export function defaultTagsOf(feed: Pick<FeedRow, 'default_tags'>): string[] {
  try {
    const value: unknown = JSON.parse(feed.default_tags);
    return Array.isArray(value) ? value.filter((t): t is string => typeof t === 'string') : [];
  } catch {
    return [];
  }
}

/** Rows per statement when remembering entries: well under every dialect's parameter limit. */
const ENTRY_CHUNK = 200;

export function createFeedStore(base: Kysely<Database>): FeedStore {
  const db = withFeedTables(base);
  return {
    add(feed, now) {
      return db
        .insertInto('feeds')
        .values({
          url: feed.url,
          title: feed.title,
          default_tags: JSON.stringify(feed.defaultTags),
          auto_tag: feed.autoTag ? 1 : 0,
          updates: feed.updates === true ? 1 : 0,
          added_by: feed.addedBy,
          created_at: now,
        })
        .returningAll()
        .executeTakeFirstOrThrow();
    },
    byId: (id) => db.selectFrom('feeds').selectAll().where('id', '=', id).executeTakeFirst(),
    byUrl: (url) => db.selectFrom('feeds').selectAll().where('url', '=', url).executeTakeFirst(),
    list: () => db.selectFrom('feeds').selectAll().orderBy('id').execute(),
    async remove(id) {
      const result = await db.deleteFrom('feeds').where('id', '=', id).executeTakeFirst();
      return Number(result.numDeletedRows) > 0;
    },
    due: (now) =>
      db
        .selectFrom('feeds')
        .selectAll()
        .where((eb) => eb.or([eb('next_poll_at', 'is', null), eb('next_poll_at', '<=', now)]))
        .orderBy('id')
        .execute(),
    async knownEntries(feedId, keys) {
      const known = new Map<string, KnownEntry>();
      for (let i = 0; i < keys.length; i += ENTRY_CHUNK) {
        const rows = await db
          .selectFrom('feed_entries')
          .select(['guid', 'article_id', 'fingerprint'])
          .where('feed_id', '=', feedId)
          .where('guid', 'in', keys.slice(i, i + ENTRY_CHUNK))
          .execute();
        for (const r of rows) known.set(r.guid, { articleId: r.article_id, fingerprint: r.fingerprint });
      }
      return known;
    },
    async setFingerprints(feedId, entries) {
      for (const e of entries) {
        await db
          .updateTable('feed_entries')
          .set({ fingerprint: e.fingerprint })
          .where('feed_id', '=', feedId)
          .where('guid', '=', e.key)
          .execute();
      }
    },
    async rememberEntries(feedId, entries, now) {
      for (let i = 0; i < entries.length; i += ENTRY_CHUNK) {
        await db
          .insertInto('feed_entries')
          .values(
            entries.slice(i, i + ENTRY_CHUNK).map((e) => ({
              feed_id: feedId,
              guid: e.key,
              article_id: e.articleId,
              seen_at: now,
              fingerprint: e.fingerprint ?? null,
            })),
          )
          .onConflict((oc) => oc.columns(['feed_id', 'guid']).doNothing())
          .execute();
      }
    },
    async recordSuccess(id, result, now) {
      await db
        .updateTable('feeds')
        .set((eb) => ({
          title: result.title ?? eb.ref('title'),
          etag: result.etag,
          last_modified: result.lastModified,
          primed: 1,
          last_polled_at: now,
          last_success_at: now,
          last_status: 'ok',
          last_error: null,
          last_new: result.created,
          last_skipped: result.skipped,
          failure_count: 0,
          next_poll_at: null,
          note: null,
        }))
        .where('id', '=', id)
        .execute();
    },
    async recordNotModified(id, now) {
      await db
        .updateTable('feeds')
        .set({
          last_polled_at: now,
          last_success_at: now,
          last_status: 'not_modified',
          last_error: null,
          last_new: 0,
          last_skipped: 0,
          failure_count: 0,
          next_poll_at: null,
          note: null,
        })
        .where('id', '=', id)
        .execute();
    },
    async recordFailure(id, failure, now) {
      const row = await db
        .updateTable('feeds')
        .set((eb) => ({
          last_polled_at: now,
          last_status: 'error',
          last_error: failure.error,
          failure_count: eb('failure_count', '+', 1),
          next_poll_at: failure.nextPollAt,
          note: failure.note ?? eb.ref('note'),
        }))
        .where('id', '=', id)
        .returning('failure_count')
        .executeTakeFirst();
      return Number(row?.failure_count ?? 0);
    },
    async countByStatus() {
      const rows = await db
        .selectFrom('feeds')
        .select([
          'last_status',
          (eb) => eb.fn.countAll<number>().as('n'),
          (eb) => eb('failure_count', '>', 0).as('failing'),
        ])
        .groupBy(['last_status', 'failing'])
        .execute();
      return rows.map((r) => ({ status: r.last_status ?? 'new', failing: Boolean(r.failing), n: Number(r.n) }));
    },
  };
}
