import { sql, type Kysely, type SqlBool } from 'kysely';
import type { ChatKind, Platform } from '../domain/platform.ts';
import { claimDuePostgres } from './outbox-claim-postgres.ts';
import { claimDueSqlite } from './outbox-claim-sqlite.ts';
import { claimableInOrder, sentColumns, sentOnly, unsent, type ClaimOptions } from './outbox-order.ts';
import { PAUSED_ROUTE, routesFor } from './outbox-routes.ts';
import { PAUSED_REASON } from './schedule-store.ts';
import type { Database, DeliveryStatus } from './schema.ts';

/**
 * Chats a new article reaches or skips through their saved searches, beside their tags:
 * `include` follow a search it matches, `exclude` mute a word it contains (a mute wins).
 */
export interface SearchRecipients {
  include: readonly number[];
  exclude: readonly number[];
}

/** A claimed outbox row with what the worker needs to send it. */
export { PAUSED_ROUTE } from './outbox-routes.ts';

export interface ClaimedDelivery {
  id: number;
  subscriberId: number;
  articleId: number;
  attempts: number;
  platform: Platform;
  chatId: string;
  kind: ChatKind;
  /** A Discord forum or media channel: the article becomes a post (thread) of its own. */
  forum: boolean;
  /** The subscriber's run of "only permanent when repeated" failures (see PermanentDeliveryError). */
  failureCount: number;
  /** Roles to mention with this article in this chat (per-tag follows in Discord channels). */
  mentionRoleIds: string[];
  /** The article's tags this chat follows (display names, in the article's tag order). */
  followedTags: string[];
  /**
   * The thread of the chat it goes to (a forum topic; null: the chat itself), or
   * PAUSED_ROUTE when every thread its tags route to is paused (it is then skipped).
   */
  threadId: string | null | typeof PAUSED_ROUTE;
  /** Set when the row carries a digest: that digest's due time (its rows share it). */
  digestAt: number | null;
  /** Pages of that digest already sent. */
  partsSent: number;
}

/** One outbox row as admins see it (`tagwire deliveries`, `tagwire why`). */
export interface DeliveryListing {
  id: number;
  status: DeliveryStatus;
  attempts: number;
  lastError: string | null;
  messageId: string | null;
  nextAttemptAt: number;
  leaseUntil: number | null;
  createdAt: number;
  updatedAt: number;
  sentAt: number | null;
  subscriberId: number;
  platform: Platform;
  chatId: string;
  articleId: number;
  articlePublicId: string;
  articleTitle: string;
}

export interface OutboxStore {
  /**
   * Enqueues one delivery per active subscriber that follows at least one of the
   * article's tags and mutes none of them: set-based statements, in the caller's
   * transaction or, called outside one, in a transaction of their own. Returns how many.
   * Each row starts as the chat's schedule says: skipped while it is paused, held for
   * its digest, deferred to the end of its quiet hours, else queued for now. With
   * `onlyTagIds`, only the followers of those tags (a correction's added tags); chats that
   * have a row already are left alone.
   */
  fanOut(articleId: number, now: number, searches?: SearchRecipients, onlyTagIds?: readonly number[]): Promise<number>;
  /**
   * Claims up to `limit` due rows for the given platforms: queued rows whose time has
   * come, and rows whose lease ran out (their worker died). Claimed rows are 'sending'
   * until `leaseUntil`. At most one pending row per chat is claimable, its oldest
   * article's, so a chat receives articles in the order they were enqueued. On
   * PostgreSQL any number of workers may claim at once (./outbox-claim-postgres.ts).
   */
  claimDue(options: ClaimOptions): Promise<ClaimedDelivery[]>;
  markSent(id: number, messageId: string, now: number): Promise<void>;
  /** markSent for several rows in one transaction (one commit). */
  markSentMany(rows: readonly { id: number; messageId: string }[], now: number): Promise<void>;
  /** Back to the queue for `at`; `countAttempt` false for rate limits, which are not failures; a null error keeps the last one. */
  reschedule(id: number, at: number, error: string | null, countAttempt: boolean, now: number): Promise<void>;
  markFailed(id: number, error: string, now: number): Promise<void>;
  /** Marks every pending row of a subscriber skipped (the chat is gone); returns how many. */
  skipPending(subscriberId: number, reason: string, now: number): Promise<number>;
  /** Skips claimed rows that will not be sent (every route of theirs is paused), with the reason. */
  markSkipped(ids: readonly number[], reason: string, now: number): Promise<void>;
  /** Requeues failed rows (all, or of one subscriber), attempts reset; returns how many. */
  retryFailed(now: number, subscriberId?: number): Promise<number>;
  /** Releases rows this process claimed but did not finish, so they go out at once elsewhere. */
  release(ids: readonly number[], now: number): Promise<void>;
  /**
   * Requeues every row left 'sending' by a worker that is gone. Only safe while holding
   * the database's worker lock (no other worker can be sending); returns how many.
   */
  releaseAbandoned(now: number): Promise<number>;
  countByStatus(): Promise<Record<DeliveryStatus, number>>;
  /** Rows by their chat's platform and status (metrics). */
  countByPlatformAndStatus(): Promise<{ platform: Platform; status: DeliveryStatus; count: number }[]>;
  /** When the oldest queued row of each platform was enqueued (metrics). */
  oldestQueuedByPlatform(): Promise<Map<Platform, number>>;
  /** The earliest time a queued row becomes due, or null. */
  nextDueAt(platforms: readonly Platform[]): Promise<number | null>;
  /** Deletes sent rows sent before `before` (at most `limit` of them, oldest first); returns how many. */
  pruneSent(before: number, limit?: number): Promise<number>;
  /** Rows for admins, newest change first. */
  list(options: {
    statuses?: readonly DeliveryStatus[];
    subscriberId?: number;
    articleId?: number;
    limit: number;
  }): Promise<DeliveryListing[]>;
  /** The row of one subscriber and article, if there is one. */
  find(subscriberId: number, articleId: number): Promise<DeliveryListing | undefined>;
  /** Failed rows grouped by reason, most frequent first. */
  failureReasons(limit: number): Promise<{ reason: string; count: number }[]>;
}

/** Rows not yet sent nor given up on. */
const PENDING = ['queued', 'sending', 'deferred', 'held'] as const;

/** The outbox over `db`; `postgres` picks the engine's claim and planner hints (see connect.ts). */
export function createOutboxStore(db: Kysely<Database>, postgres: boolean): OutboxStore {
  /** A list of ids as a subquery: one parameter whatever its length (json_each, unnest). */
  const idList = (ids: readonly number[]) =>
    postgres ? sql`(SELECT unnest(${[...ids]}::int[]))` : sql`(SELECT value FROM json_each(${JSON.stringify(ids)}))`;
  const orIn = (ids: readonly number[] | undefined) => (ids && ids.length > 0 ? sql`OR s.id IN ${idList(ids)}` : sql``);
  const andNotIn = (ids: readonly number[] | undefined) =>
    ids && ids.length > 0 ? sql`AND s.id NOT IN ${idList(ids)}` : sql``;
  const listing = () =>
    db
      .selectFrom('deliveries as d')
      .innerJoin('subscribers as s', 's.id', 'd.subscriber_id')
      .innerJoin('articles as a', 'a.id', 'd.article_id')
      .select([
        'd.id',
        'd.status',
        'd.attempts',
        'd.last_error',
        'd.message_id',
        'd.next_attempt_at',
        'd.lease_until',
        'd.created_at',
        'd.updated_at',
        'd.sent_at',
        'd.subscriber_id',
        's.platform',
        's.chat_id',
        'd.article_id',
        'a.public_id',
        'a.title',
      ]);
  type ListingRow = Awaited<ReturnType<ReturnType<typeof listing>['execute']>>[number];
  const toListing = (r: ListingRow): DeliveryListing => ({
    id: Number(r.id),
    status: r.status,
    attempts: r.attempts,
    lastError: r.last_error,
    messageId: r.message_id,
    nextAttemptAt: Number(r.next_attempt_at),
    leaseUntil: r.lease_until === null ? null : Number(r.lease_until),
    createdAt: Number(r.created_at),
    updatedAt: Number(r.updated_at),
    sentAt: r.sent_at === null ? null : Number(r.sent_at),
    subscriberId: r.subscriber_id,
    platform: r.platform,
    chatId: r.chat_id,
    articleId: r.article_id,
    articlePublicId: r.public_id,
    articleTitle: r.title,
  });

  return {
    async fanOut(articleId, now, searches, onlyTagIds) {
      // Its statements are one change (no worker may claim a row the second deletes).
      if (!db.isTransaction)
        return db
          .transaction()
          .execute((trx) => createOutboxStore(trx, postgres).fanOut(articleId, now, searches, onlyTagIds));
      // Rows come out in subscriber order and, for a new article, land at the end of the
      // (article_id, subscriber_id) unique index: see migrations/0003_delivery.ts.
      const quiet = sql`s.quiet_from <= ${now} AND s.quiet_until > ${now}`;
      // A new article (the posting path) has no rows yet: no conflict to check row by row
      // (on PostgreSQL a fifth of a million-row fan-out); the unique key still holds. A
      // repeated fan-out adds only the rows missing.
      const repeated = await db
        .selectFrom('deliveries')
        .select('id')
        .where('article_id', '=', articleId)
        .limit(1)
        .executeTakeFirst();
      const onConflict = repeated ? sql`ON CONFLICT (article_id, subscriber_id) DO NOTHING` : sql``;
      // Only the followers of some of its tags (the tags a correction added).
      const onlyTags =
        onlyTagIds === undefined ? sql`` : sql`AND t.tag_id IN ${idList(onlyTagIds.length > 0 ? onlyTagIds : [0])}`;
      // Room for the recipients' hash table in memory (about 77 MB for a million): with
      // PostgreSQL's default 4 MB it spills to 16 batches on disk. Local to this transaction.
      if (postgres) await sql`SELECT set_config('work_mem', '64MB', true)`.execute(db);
      const muted = sql`SELECT f.subscriber_id FROM follows f JOIN article_tags t ON t.tag_id = f.tag_id
        WHERE t.article_id = ${articleId} AND f.mode = 'mute'`;
      // SQLite tests NOT IN for each of up to a million chats (a tenth of a large fan-out's
      // statement) to leave out the few that mute a tag: a new article's rows are inserted
      // without that test, and the muting chats' rows deleted after, in the same
      // transaction. A repeated fan-out tests it, as rows it did not insert must stay; so
      // does PostgreSQL, whose hashed NOT IN is cheap and whose deleted rows would be dead tuples.
      const mutesAfter = !postgres && !repeated;
      const result = await sql`
        INSERT INTO deliveries (subscriber_id, article_id, status, attempts, next_attempt_at, last_error, created_at, updated_at)
        SELECT s.id, ${articleId},
          CASE WHEN s.paused_at IS NOT NULL THEN 'skipped' WHEN s.digest_next_at IS NOT NULL THEN 'held' WHEN ${quiet} THEN 'deferred' ELSE 'queued' END,
          0,
          CASE WHEN s.paused_at IS NOT NULL THEN ${now} WHEN s.digest_next_at IS NOT NULL THEN s.digest_next_at WHEN ${quiet} THEN s.quiet_until ELSE ${now} END,
          CASE WHEN s.paused_at IS NOT NULL THEN ${PAUSED_REASON} END,
          ${now}, ${now}
        FROM subscribers s
        WHERE s.status = 'active'
          AND (s.id IN (SELECT f.subscriber_id FROM follows f JOIN article_tags t ON t.tag_id = f.tag_id
                       WHERE t.article_id = ${articleId} AND f.mode = 'follow' ${onlyTags}) ${orIn(searches?.include)})
          ${mutesAfter ? sql`` : sql`AND s.id NOT IN (${muted})`} ${andNotIn(searches?.exclude)}
        ${onConflict}`.execute(db);
      const inserted = Number(result.numAffectedRows ?? 0);
      if (!mutesAfter || inserted === 0) return inserted;
      const removed =
        await sql`DELETE FROM deliveries WHERE article_id = ${articleId} AND subscriber_id IN (${muted})`.execute(db);
      return inserted - Number(removed.numAffectedRows ?? 0);
    },
    async claimDue(options) {
      if (options.platforms.length === 0) return [];
      const result = { rows: await (postgres ? claimDuePostgres(db, options) : claimDueSqlite(db, options)) };
      if (result.rows.length === 0) return [];
      const subscriberIds = [...new Set(result.rows.map((r) => r.subscriber_id))];
      const subs = await db
        .selectFrom('subscribers')
        .select(['id', 'platform', 'chat_id', 'kind', 'forum', 'failure_count'])
        .where('id', 'in', subscriberIds)
        .execute();
      const byId = new Map(subs.map((s) => [s.id, s]));
      const routes = await routesFor(db, result.rows);
      return result.rows
        .map((r): ClaimedDelivery | null => {
          const s = byId.get(r.subscriber_id);
          const route = routes.get(`${r.subscriber_id}:${r.article_id}`);
          return s
            ? {
                id: Number(r.id),
                subscriberId: r.subscriber_id,
                articleId: r.article_id,
                attempts: r.attempts,
                platform: s.platform,
                chatId: s.chat_id,
                kind: s.kind,
                forum: Number(s.forum) === 1,
                failureCount: s.failure_count,
                mentionRoleIds: route?.roles ?? [],
                followedTags: route?.tags ?? [],
                threadId: route?.threadId ?? null,
                digestAt: r.digest_at === null ? null : Number(r.digest_at),
                partsSent: r.parts_sent,
              }
            : null;
        })
        .filter((r): r is ClaimedDelivery => r !== null)
        .sort((a, b) => a.id - b.id);
    },
    async markSent(id, messageId, now) {
      await db.updateTable('deliveries').set(sentColumns(messageId, now)).where('id', '=', id).execute();
    },
    async markSentMany(rows, now) {
      // One statement per chunk: a message id per row through CASE, one commit for all.
      for (let i = 0; i < rows.length; i += 200) {
        const chunk = rows.slice(i, i + 200);
        const messageIds = sql.join(
          chunk.map((r) => sql`WHEN ${r.id} THEN ${r.messageId}`),
          sql` `,
        );
        await sql`UPDATE deliveries SET status = 'sent', message_id = CASE id ${messageIds} END, sent_at = ${now}, updated_at = ${now},
          lease_until = NULL, last_error = NULL WHERE id IN (${sql.join(chunk.map((r) => r.id))})`.execute(db);
      }
    },
    async reschedule(id, at, error, countAttempt, now) {
      await db
        .updateTable('deliveries')
        .set((eb) => ({
          status: 'queued',
          next_attempt_at: at,
          last_error: error ?? eb.ref('last_error'),
          lease_until: null,
          updated_at: now,
          attempts: countAttempt ? eb('attempts', '+', 1) : eb.ref('attempts'),
        }))
        .where('id', '=', id)
        .where('status', '=', 'sending')
        .execute();
    },
    async markFailed(id, error, now) {
      await db
        .updateTable('deliveries')
        .set((eb) => ({
          status: 'failed',
          last_error: error,
          lease_until: null,
          updated_at: now,
          attempts: eb('attempts', '+', 1),
        }))
        .where('id', '=', id)
        .execute();
    },
    async skipPending(subscriberId, reason, now) {
      const result = await db
        .updateTable('deliveries')
        .set({ status: 'skipped', last_error: reason, lease_until: null, updated_at: now })
        .where('subscriber_id', '=', subscriberId)
        .where('status', 'in', PENDING)
        .where(unsent())
        .executeTakeFirst();
      return Number(result.numUpdatedRows);
    },
    async markSkipped(ids, reason, now) {
      if (ids.length === 0) return;
      await db
        .updateTable('deliveries')
        .set({ status: 'skipped', last_error: reason, lease_until: null, updated_at: now })
        .where('id', 'in', ids)
        .where('status', '=', 'sending')
        .execute();
    },
    async retryFailed(now, subscriberId) {
      let query = db
        .updateTable('deliveries')
        .set({ status: 'queued', attempts: 0, next_attempt_at: now, lease_until: null, updated_at: now })
        .where('status', '=', 'failed')
        .where(unsent());
      if (subscriberId !== undefined) query = query.where('subscriber_id', '=', subscriberId);
      const result = await query.executeTakeFirst();
      return Number(result.numUpdatedRows);
    },
    async release(ids, now) {
      for (let i = 0; i < ids.length; i += 500) {
        await db
          .updateTable('deliveries')
          .set({ status: 'queued', lease_until: null, next_attempt_at: now, updated_at: now })
          .where('id', 'in', ids.slice(i, i + 500))
          .where('status', '=', 'sending')
          .execute();
      }
    },
    async releaseAbandoned(now) {
      const result = await db
        .updateTable('deliveries')
        .set({ status: 'queued', lease_until: null, next_attempt_at: now, updated_at: now })
        .where('status', '=', 'sending')
        .where(unsent())
        .executeTakeFirst();
      return Number(result.numUpdatedRows);
    },
    async countByStatus() {
      // Each half through its own partial index (unsent by status; sent).
      const count = db.selectFrom('deliveries').select(['status', (eb) => eb.fn.countAll<number>().as('n')]);
      const rows = [
        ...(await count.where(unsent()).groupBy('status').execute()),
        ...(await count.where(sentOnly()).groupBy('status').execute()),
      ];
      const counts: Record<DeliveryStatus, number> = {
        queued: 0,
        sending: 0,
        sent: 0,
        failed: 0,
        skipped: 0,
        held: 0,
        deferred: 0,
      };
      for (const r of rows) counts[r.status] = Number(r.n);
      return counts;
    },
    async countByPlatformAndStatus() {
      const count = db
        .selectFrom('deliveries')
        .innerJoin('subscribers', 'subscribers.id', 'deliveries.subscriber_id')
        .select(['subscribers.platform', 'deliveries.status', (eb) => eb.fn.countAll<number>().as('n')])
        .groupBy(['subscribers.platform', 'deliveries.status']);
      const rows = [
        ...(await count.where(unsent('deliveries')).execute()),
        ...(await count.where(sentOnly('deliveries')).execute()),
      ];
      return rows.map((r) => ({ platform: r.platform, status: r.status, count: Number(r.n) }));
    },
    async oldestQueuedByPlatform() {
      const rows = await db
        .selectFrom('deliveries')
        .innerJoin('subscribers', 'subscribers.id', 'deliveries.subscriber_id')
        .select(['subscribers.platform', (eb) => eb.fn.min('deliveries.created_at').as('oldest')])
        .where('deliveries.status', '=', 'queued')
        .where(unsent('deliveries'))
        .groupBy('subscribers.platform')
        .execute();
      return new Map(rows.map((r) => [r.platform, Number(r.oldest)]));
    },
    async nextDueAt(platforms) {
      if (platforms.length === 0) return null;
      // Only rows that could be claimed: a chat's later rows wait for its oldest, whatever their time.
      const row = await sql<{
        at: number;
      }>`SELECT d.next_attempt_at AS at FROM deliveries d JOIN subscribers s ON s.id = d.subscriber_id
        WHERE d.status = 'queued' AND ${unsent('d')} AND ${claimableInOrder(platforms)}
        ORDER BY d.next_attempt_at LIMIT 1`.execute(db);
      const at = row.rows[0]?.at;
      return at === undefined || at === null ? null : Number(at);
    },
    async pruneSent(before, limit = Number.MAX_SAFE_INTEGER) {
      // Oldest first, through deliveries_sent (sent_at) WHERE status = 'sent'. PostgreSQL
      // gets the chunk's ids as an array: with `IN (subquery)` it hash-joined a scan of the
      // whole outbox against them (650 ms a chunk at 1M sent rows, 14 ms by id).
      const chunk = db
        .selectFrom('deliveries')
        .select('id')
        .where(sentOnly())
        .where('sent_at', '<', before)
        .orderBy('sent_at')
        .limit(limit);
      const result = await db
        .deleteFrom('deliveries')
        .where(postgres ? sql<SqlBool>`id = ANY(ARRAY(${chunk}))` : sql<SqlBool>`id IN (${chunk})`)
        .executeTakeFirst();
      return Number(result.numDeletedRows);
    },
    async list({ statuses, subscriberId, articleId, limit }) {
      let query = listing();
      const wanted = statuses !== undefined && statuses.length > 0 ? statuses : undefined;
      if (wanted) query = query.where('d.status', 'in', wanted);
      if (subscriberId !== undefined) query = query.where('d.subscriber_id', '=', subscriberId);
      if (articleId !== undefined) query = query.where('d.article_id', '=', articleId);
      // Unsent and sent rows apart, each through its own indexes (a chat's rows are in two),
      // then the newest of both.
      const newest = (q: typeof query) =>
        q.orderBy('d.updated_at', 'desc').orderBy('d.id', 'desc').limit(limit).execute();
      const rows = [
        ...(!wanted || wanted.some((s) => s !== 'sent') ? await newest(query.where(unsent('d'))) : []),
        ...(!wanted || wanted.includes('sent') ? await newest(query.where(sentOnly('d'))) : []),
      ];
      return rows
        .map(toListing)
        .sort((a, b) => b.updatedAt - a.updatedAt || b.id - a.id)
        .slice(0, limit);
    },
    async find(subscriberId, articleId) {
      const row = await listing()
        .where('d.article_id', '=', articleId)
        .where('d.subscriber_id', '=', subscriberId)
        .executeTakeFirst();
      return row === undefined ? undefined : toListing(row);
    },
    async failureReasons(limit) {
      const rows = await db
        .selectFrom('deliveries')
        .select(['last_error', (eb) => eb.fn.countAll<number>().as('n')])
        .where('status', '=', 'failed')
        .where(unsent())
        .groupBy('last_error')
        .orderBy('n', 'desc')
        .limit(limit)
        .execute();
      return rows.map((r) => ({ reason: r.last_error ?? 'unknown', count: Number(r.n) }));
    },
  };
}
