import { sql, type Kysely } from 'kysely';
import type { ChatKind, Platform } from '../domain/platform.ts';
import type { Database, DeliveryStatus } from './schema.ts';

/** A claimed outbox row with what the worker needs to send it. */
export interface ClaimedDelivery {
  id: number;
  subscriberId: number;
  articleId: number;
  attempts: number;
  platform: Platform;
  chatId: string;
  kind: ChatKind;
}

export interface OutboxStore {
  /**
   * Enqueues one delivery per active subscriber that follows at least one of the
   * article's tags and mutes none of them: one set-based statement. Returns how many.
   */
  fanOut(articleId: number, now: number): Promise<number>;
  /**
   * Claims up to `limit` due rows for the given platforms: queued rows whose time has
   * come, and rows whose lease ran out (their worker died). Claimed rows are 'sending'
   * until `leaseUntil`. Oldest first.
   */
  claimDue(options: { platforms: readonly Platform[]; now: number; leaseUntil: number; limit: number }): Promise<ClaimedDelivery[]>;
  markSent(id: number, messageId: string, now: number): Promise<void>;
  /** Back to the queue for `at`; `countAttempt` false for rate limits, which are not failures. */
  reschedule(id: number, at: number, error: string | null, countAttempt: boolean, now: number): Promise<void>;
  markFailed(id: number, error: string, now: number): Promise<void>;
  /** Marks every pending row of a subscriber skipped (the chat is gone); returns how many. */
  skipPending(subscriberId: number, reason: string, now: number): Promise<number>;
  /** Requeues failed rows (all, or of one subscriber); returns how many. */
  retryFailed(now: number, subscriberId?: number): Promise<number>;
  /** Releases rows this process claimed but did not finish, so they go out at once elsewhere. */
  release(ids: readonly number[], now: number): Promise<void>;
  countByStatus(): Promise<Record<DeliveryStatus, number>>;
  /** The earliest time a queued row becomes due, or null. */
  nextDueAt(platforms: readonly Platform[]): Promise<number | null>;
  pruneSent(before: number): Promise<number>;
}

export function createOutboxStore(db: Kysely<Database>): OutboxStore {
  return {
    async fanOut(articleId, now) {
      const result = await sql`
        INSERT INTO deliveries (subscriber_id, article_id, status, attempts, next_attempt_at, created_at, updated_at)
        SELECT s.id, ${articleId}, 'queued', 0, ${now}, ${now}, ${now}
        FROM subscribers s
        WHERE s.status = 'active'
          AND s.id IN (SELECT f.subscriber_id FROM follows f JOIN article_tags t ON t.tag_id = f.tag_id
                       WHERE t.article_id = ${articleId} AND f.mode = 'follow')
          AND s.id NOT IN (SELECT f.subscriber_id FROM follows f JOIN article_tags t ON t.tag_id = f.tag_id
                           WHERE t.article_id = ${articleId} AND f.mode = 'mute')
        ON CONFLICT (subscriber_id, article_id) DO NOTHING`.execute(db);
      return Number(result.numAffectedRows ?? 0);
    },
    async claimDue({ platforms, now, leaseUntil, limit }) {
      if (platforms.length === 0) return [];
      // One row per chat at a time, its oldest pending article first: a chat's
      // deliveries go out in the order the articles were posted, even across retries.
      const inOrder = sql`s.status = 'active' AND s.platform IN (${sql.join(platforms)})
        AND NOT EXISTS (SELECT 1 FROM deliveries e WHERE e.subscriber_id = d.subscriber_id
                        AND e.article_id < d.article_id AND e.status IN ('queued', 'sending'))`;
      const result = await sql<{ id: number; subscriber_id: number; article_id: number; attempts: number }>`
        UPDATE deliveries SET status = 'sending', lease_until = ${leaseUntil}, updated_at = ${now}
        WHERE id IN (SELECT id FROM (
          SELECT id FROM (SELECT d.id FROM deliveries d JOIN subscribers s ON s.id = d.subscriber_id
            WHERE d.status = 'sending' AND d.lease_until < ${now} AND ${inOrder} LIMIT ${limit}) AS expired
          UNION ALL
          SELECT id FROM (SELECT d.id FROM deliveries d JOIN subscribers s ON s.id = d.subscriber_id
            WHERE d.status = 'queued' AND d.next_attempt_at <= ${now} AND ${inOrder}
            ORDER BY d.next_attempt_at, d.id LIMIT ${limit}) AS due
        ) AS claimable LIMIT ${limit})
        RETURNING id, subscriber_id, article_id, attempts`.execute(db);
      if (result.rows.length === 0) return [];
      const subscriberIds = [...new Set(result.rows.map((r) => r.subscriber_id))];
      const subs = await db.selectFrom('subscribers').select(['id', 'platform', 'chat_id', 'kind']).where('id', 'in', subscriberIds).execute();
      const byId = new Map(subs.map((s) => [s.id, s]));
      return result.rows
        .map((r) => {
          const s = byId.get(r.subscriber_id);
          return s ? { id: r.id, subscriberId: r.subscriber_id, articleId: r.article_id, attempts: r.attempts, platform: s.platform, chatId: s.chat_id, kind: s.kind } : null;
        })
        .filter((r): r is ClaimedDelivery => r !== null)
        .sort((a, b) => a.id - b.id);
    },
    async markSent(id, messageId, now) {
      await db.updateTable('deliveries')
        .set({ status: 'sent', message_id: messageId, sent_at: now, updated_at: now, lease_until: null, last_error: null })
        .where('id', '=', id).execute();
    },
    async reschedule(id, at, error, countAttempt, now) {
      await db.updateTable('deliveries')
        .set((eb) => ({
          status: 'queued', next_attempt_at: at, last_error: error, lease_until: null, updated_at: now,
          attempts: countAttempt ? eb('attempts', '+', 1) : eb.ref('attempts'),
        }))
        .where('id', '=', id).execute();
    },
    async markFailed(id, error, now) {
      await db.updateTable('deliveries')
        .set((eb) => ({ status: 'failed', last_error: error, lease_until: null, updated_at: now, attempts: eb('attempts', '+', 1) }))
        .where('id', '=', id).execute();
    },
    async skipPending(subscriberId, reason, now) {
      const result = await db.updateTable('deliveries').set({ status: 'skipped', last_error: reason, lease_until: null, updated_at: now })
        .where('subscriber_id', '=', subscriberId).where('status', 'in', ['queued', 'sending']).executeTakeFirst();
      return Number(result.numUpdatedRows);
    },
    async retryFailed(now, subscriberId) {
      let query = db.updateTable('deliveries').set({ status: 'queued', attempts: 0, next_attempt_at: now, updated_at: now })
        .where('status', '=', 'failed');
      if (subscriberId !== undefined) query = query.where('subscriber_id', '=', subscriberId);
      const result = await query.executeTakeFirst();
      return Number(result.numUpdatedRows);
    },
    async release(ids, now) {
      if (ids.length === 0) return;
      await db.updateTable('deliveries').set({ status: 'queued', lease_until: null, next_attempt_at: now, updated_at: now })
        .where('id', 'in', ids).where('status', '=', 'sending').execute();
    },
    async countByStatus() {
      const rows = await db.selectFrom('deliveries').select(['status', (eb) => eb.fn.countAll<number>().as('n')]).groupBy('status').execute();
      const counts: Record<DeliveryStatus, number> = { queued: 0, sending: 0, sent: 0, failed: 0, skipped: 0 };
      for (const r of rows) counts[r.status] = Number(r.n);
      return counts;
    },
    async nextDueAt(platforms) {
      if (platforms.length === 0) return null;
      const row = await db.selectFrom('deliveries').innerJoin('subscribers', 'subscribers.id', 'deliveries.subscriber_id')
        .select((eb) => eb.fn.min('deliveries.next_attempt_at').as('at'))
        .where('deliveries.status', '=', 'queued').where('subscribers.platform', 'in', platforms).executeTakeFirst();
      return row?.at === null || row?.at === undefined ? null : Number(row.at);
    },
    async pruneSent(before) {
      const result = await db.deleteFrom('deliveries').where('status', '=', 'sent').where('sent_at', '<', before).executeTakeFirst();
      return Number(result.numDeletedRows);
    },
  };
}
