import { sql, type Kysely } from 'kysely';
import { sentColumns, unsent } from './outbox-order.ts';
import type { Database, SubscriberUpdate } from './schema.ts';

/**
 * The outbox side of reader schedules: digests, quiet hours and pause (see
 * migrations/0006_reader_schedules.ts). Times are epoch ms; the time-zone arithmetic is
 * done by the caller (src/app/schedules.ts), which hands in instants.
 */

/** Why a row was skipped while its chat was paused: `/resume` counts rows with this reason. */
export const PAUSED_REASON = 'the chat had paused deliveries (/pause)';

export interface DueDigest {
  subscriberId: number;
  dueAt: number;
  timezone: string;
  cadence: 'daily' | 'weekly';
  minute: number;
  weekday: number | null;
}

export interface EndedQuiet {
  subscriberId: number;
  timezone: string;
  start: number;
  end: number;
}

export interface DigestRow {
  id: number;
  articleId: number;
}

export interface ScheduleStore {
  /** Writes a subscriber's schedule columns (timezone, digest_*, quiet_*, paused_at). */
  update(subscriberId: number, patch: SubscriberUpdate): Promise<void>;
  /** Subscribers whose digest is due at `now`: one query. */
  dueDigests(now: number, limit: number): Promise<DueDigest[]>;
  /**
   * Releases the held rows of each due subscriber into its digest (status queued,
   * digest_at = the due time) and moves its next digest time on, in one transaction;
   * a subscriber whose due time changed meanwhile is left alone. Returns the rows
   * released and the digests they make (subscribers with at least one row).
   */
  releaseDigests(
    due: readonly { subscriberId: number; dueAt: number; nextAt: number }[],
    now: number,
  ): Promise<{ rows: number; digests: number }>;
  /** Every deferred row whose quiet window has ended goes back to the queue: one query. Returns how many. */
  releaseDeferred(now: number): Promise<number>;
  /** Subscribers whose stored quiet window has ended (it must move to the next one). */
  endedQuietWindows(now: number, limit: number): Promise<EndedQuiet[]>;
  setQuietWindows(windows: readonly { subscriberId: number; from: number; until: number }[]): Promise<void>;
  /** The rows of one digest, oldest article first. */
  digestRows(subscriberId: number, digestAt: number): Promise<DigestRow[]>;
  /** Marks a digest's rows sent with the message id of its first page: one statement. */
  markDigestSent(ids: readonly number[], messageId: string, now: number): Promise<void>;
  /** A page of a long digest went out: back to the queue to send the next one (not an attempt). */
  digestPageSent(id: number, partsSent: number, now: number): Promise<void>;
  /** The digest carried by row `carrierId` failed for good: its other rows fail with the same reason. */
  failDigest(carrierId: number, rowIds: readonly number[], now: number): Promise<void>;
  /** A subscriber's held rows go out now as one digest (digests were turned off). Returns how many. */
  flushHeld(subscriberId: number, now: number): Promise<number>;
  /** After quiet hours or the time zone changed: deferred rows wait for `until`, or go now when null. */
  redefer(subscriberId: number, until: number | null, now: number): Promise<number>;
  /** Skips every row of the subscriber not yet sent (queued, deferred, held). Returns how many. */
  skipUnsent(subscriberId: number, reason: string, now: number): Promise<number>;
  /** Rows skipped because of a pause since `since`: how many, and the newest few articles. */
  skippedWhilePaused(
    subscriberId: number,
    since: number,
    sample: number,
  ): Promise<{ count: number; articleIds: number[] }>;
}

const IN_CHUNKS = 500;

export function createScheduleStore(db: Kysely<Database>): ScheduleStore {
  return {
    async update(subscriberId, patch) {
      await db.updateTable('subscribers').set(patch).where('id', '=', subscriberId).execute();
    },
    async dueDigests(now, limit) {
      const rows = await db
        .selectFrom('subscribers')
        .select(['id', 'digest_next_at', 'timezone', 'digest_cadence', 'digest_minute', 'digest_weekday'])
        .where('digest_next_at', '<=', now)
        .orderBy('digest_next_at')
        .limit(limit)
        .execute();
      return rows.flatMap((r) =>
        r.digest_next_at === null || r.digest_cadence === null || r.digest_minute === null
          ? []
          : [
              {
                subscriberId: r.id,
                dueAt: Number(r.digest_next_at),
                timezone: r.timezone,
                cadence: r.digest_cadence,
                minute: r.digest_minute,
                weekday: r.digest_weekday,
              },
            ],
      );
    },
    async releaseDigests(due, now) {
      const released = { rows: 0, digests: 0 };
      for (let i = 0; i < due.length; i += IN_CHUNKS) {
        const chunk = due.slice(i, i + IN_CHUNKS);
        const ids = chunk.map((d) => d.subscriberId);
        const moved = await db.transaction().execute(async (trx) => {
          // Only subscribers still due at the time read: a /digest change meanwhile wins.
          const dueCase = sql.join(
            chunk.map((d) => sql`WHEN ${d.subscriberId} THEN CAST(${d.dueAt} AS bigint)`),
            sql` `,
          );
          const nextCase = sql.join(
            chunk.map((d) => sql`WHEN ${d.subscriberId} THEN CAST(${d.nextAt} AS bigint)`),
            sql` `,
          );
          const rows = await sql<{
            subscriber_id: number;
          }>`UPDATE deliveries SET status = 'queued', next_attempt_at = ${now}, updated_at = ${now},
              digest_at = (SELECT s.digest_next_at FROM subscribers s WHERE s.id = deliveries.subscriber_id)
            WHERE status = 'held' AND ${unsent()} AND subscriber_id IN (
              SELECT s.id FROM subscribers s WHERE s.id IN (${sql.join(ids)}) AND s.digest_next_at = CASE s.id ${dueCase} END)
            RETURNING subscriber_id`.execute(trx);
          await sql`UPDATE subscribers SET digest_next_at = CASE id ${nextCase} END
            WHERE id IN (${sql.join(ids)}) AND digest_next_at = CASE id ${dueCase} END`.execute(trx);
          return rows.rows;
        });
        released.rows += moved.length;
        released.digests += new Set(moved.map((r) => r.subscriber_id)).size;
      }
      return released;
    },
    async releaseDeferred(now) {
      const result = await db
        .updateTable('deliveries')
        .set({ status: 'queued', next_attempt_at: now, updated_at: now })
        .where('status', '=', 'deferred')
        .where(unsent())
        .where('next_attempt_at', '<=', now)
        .executeTakeFirst();
      return Number(result.numUpdatedRows);
    },
    async endedQuietWindows(now, limit) {
      const rows = await db
        .selectFrom('subscribers')
        .select(['id', 'timezone', 'quiet_start', 'quiet_end'])
        .where('quiet_until', '<=', now)
        .orderBy('quiet_until')
        .limit(limit)
        .execute();
      return rows.flatMap((r) =>
        r.quiet_start === null || r.quiet_end === null
          ? []
          : [{ subscriberId: r.id, timezone: r.timezone, start: r.quiet_start, end: r.quiet_end }],
      );
    },
    async setQuietWindows(windows) {
      for (let i = 0; i < windows.length; i += IN_CHUNKS) {
        const chunk = windows.slice(i, i + IN_CHUNKS);
        const from = sql.join(
          chunk.map((w) => sql`WHEN ${w.subscriberId} THEN CAST(${w.from} AS bigint)`),
          sql` `,
        );
        const until = sql.join(
          chunk.map((w) => sql`WHEN ${w.subscriberId} THEN CAST(${w.until} AS bigint)`),
          sql` `,
        );
        await sql`UPDATE subscribers SET quiet_from = CASE id ${from} END, quiet_until = CASE id ${until} END
          WHERE id IN (${sql.join(chunk.map((w) => w.subscriberId))})`.execute(db);
      }
    },
    async digestRows(subscriberId, digestAt) {
      const rows = await db
        .selectFrom('deliveries')
        .select(['id', 'article_id'])
        .where('subscriber_id', '=', subscriberId)
        .where('status', 'in', ['queued', 'sending'])
        .where(unsent())
        .where('digest_at', '=', digestAt)
        .orderBy('article_id')
        .execute();
      return rows.map((r) => ({ id: Number(r.id), articleId: r.article_id }));
    },
    async markDigestSent(ids, messageId, now) {
      if (ids.length === 0) return;
      await db
        .updateTable('deliveries')
        .set(sentColumns(messageId, now))
        .where('id', 'in', [...ids])
        .where('status', 'in', ['queued', 'sending'])
        .execute();
    },
    async digestPageSent(id, partsSent, now) {
      await db
        .updateTable('deliveries')
        .set({ status: 'queued', parts_sent: partsSent, next_attempt_at: now, lease_until: null, updated_at: now })
        .where('id', '=', id)
        .where('status', '=', 'sending')
        .execute();
    },
    async failDigest(carrierId, rowIds, now) {
      const others = rowIds.filter((id) => id !== carrierId);
      if (others.length === 0) return;
      await db
        .updateTable('deliveries')
        .set((eb) => ({
          status: 'failed',
          lease_until: null,
          updated_at: now,
          last_error: eb.selectFrom('deliveries as c').select('c.last_error').where('c.id', '=', carrierId),
        }))
        .where('id', 'in', others)
        .where('status', '=', 'queued')
        .execute();
    },
    async flushHeld(subscriberId, now) {
      const result = await db
        .updateTable('deliveries')
        .set({ status: 'queued', digest_at: now, next_attempt_at: now, updated_at: now })
        .where('subscriber_id', '=', subscriberId)
        .where('status', '=', 'held')
        .where(unsent())
        .executeTakeFirst();
      return Number(result.numUpdatedRows);
    },
    async redefer(subscriberId, until, now) {
      const result = await db
        .updateTable('deliveries')
        .set(
          until === null
            ? { status: 'queued', next_attempt_at: now, updated_at: now }
            : { status: 'deferred', next_attempt_at: until, updated_at: now },
        )
        .where('subscriber_id', '=', subscriberId)
        .where('status', '=', 'deferred')
        .where(unsent())
        .executeTakeFirst();
      return Number(result.numUpdatedRows);
    },
    async skipUnsent(subscriberId, reason, now) {
      const result = await db
        .updateTable('deliveries')
        .set({ status: 'skipped', last_error: reason, lease_until: null, updated_at: now })
        .where('subscriber_id', '=', subscriberId)
        .where('status', 'in', ['queued', 'deferred', 'held'])
        .where(unsent())
        .executeTakeFirst();
      return Number(result.numUpdatedRows);
    },
    async skippedWhilePaused(subscriberId, since, sample) {
      const base = db
        .selectFrom('deliveries')
        .where('subscriber_id', '=', subscriberId)
        .where('status', '=', 'skipped')
        .where(unsent())
        .where('last_error', '=', PAUSED_REASON)
        .where('updated_at', '>=', since);
      const count = await base.select((eb) => eb.fn.countAll<number>().as('n')).executeTakeFirst();
      const newest = await base.select('article_id').orderBy('article_id', 'desc').limit(sample).execute();
      return { count: Number(count?.n ?? 0), articleIds: newest.map((r) => r.article_id) };
    },
  };
}
