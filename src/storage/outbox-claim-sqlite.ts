import { sql, type Kysely } from 'kysely';
import { claimableInOrder, unsent, type ClaimedRow, type ClaimOptions } from './outbox-order.ts';
import type { Database } from './schema.ts';

/**
 * The SQLite claim: one worker per file (the worker lock, src/delivery/worker-lock.ts), so
 * a plain UPDATE … RETURNING. A row is claimable when queued and due, or 'sending' with
 * its lease run out (its worker died); one row per chat, its oldest pending
 * (./outbox-order.ts).
 */
export async function claimDueSqlite(
  db: Kysely<Database>,
  { platforms, now, leaseUntil, limit }: ClaimOptions,
): Promise<ClaimedRow[]> {
  const inOrder = claimableInOrder(platforms);
  const result = await sql<ClaimedRow>`
    UPDATE deliveries SET status = 'sending', lease_until = ${leaseUntil}, updated_at = ${now}
    WHERE id IN (SELECT id FROM (
      SELECT id FROM (SELECT d.id FROM deliveries d JOIN subscribers s ON s.id = d.subscriber_id
        WHERE d.status = 'sending' AND ${unsent('d')} AND d.lease_until < ${now} AND ${inOrder} LIMIT ${limit}) AS expired
      UNION ALL
      SELECT id FROM (SELECT d.id FROM deliveries d JOIN subscribers s ON s.id = d.subscriber_id
        WHERE d.status = 'queued' AND ${unsent('d')} AND d.next_attempt_at <= ${now} AND ${inOrder}
        ORDER BY d.next_attempt_at, d.id LIMIT ${limit}) AS due
    ) AS claimable LIMIT ${limit})
    RETURNING id, subscriber_id, article_id, attempts, digest_at, parts_sent`.execute(db);
  return result.rows;
}
