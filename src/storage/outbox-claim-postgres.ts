import { sql, type Kysely, type RawBuilder } from 'kysely';
import type { ChatKind, Platform } from '../domain/platform.ts';
import { claimableInOrder, sentOnly, unsent, type ClaimedRow, type ClaimOptions } from './outbox-order.ts';
import type { Database } from './schema.ts';

function intervalCase(
  intervals: ClaimOptions['chatIntervalMs'],
  platforms: readonly Platform[],
): RawBuilder<unknown> | null {
  const arms = platforms.flatMap((platform) => {
    const byKind = intervals?.[platform];
    if (!byKind) return [];
    return (Object.entries(byKind) as [ChatKind, number][])
      .filter(([, ms]) => ms > 0)
      .map(([kind, ms]) => sql`WHEN s.platform = ${platform} AND s.kind = ${kind} THEN ${ms}::bigint`);
  });
  return arms.length === 0 ? null : sql`(CASE ${sql.join(arms, sql` `)} ELSE 0 END)`;
}

/**
 * The PostgreSQL claim, for any number of workers at once: candidate rows are locked
 * with FOR UPDATE SKIP LOCKED, so two workers claiming together take different rows
 * instead of waiting on (or double-claiming) each other's, and the UPDATE re-checks each
 * row's state, so a row another worker claimed and committed meanwhile is left alone.
 * A row is claimable when queued and due, or 'sending' with its lease run out (its
 * worker died). Same order rule as on SQLite: one row per chat, its oldest pending
 * (./outbox-order.ts).
 */
export async function claimDuePostgres(db: Kysely<Database>, options: ClaimOptions): Promise<ClaimedRow[]> {
  const { platforms, now, leaseUntil, limit } = options;
  const interval = intervalCase(options.chatIntervalMs, platforms);
  const paced =
    interval === null
      ? sql``
      : sql`AND NOT EXISTS (SELECT 1 FROM deliveries p WHERE p.subscriber_id = d.subscriber_id
    AND ${sentOnly('p')} AND p.sent_at > ${now}::bigint - ${interval})`;
  const inOrder = sql`${claimableInOrder(platforms)} ${paced}`;
  const result = await sql<ClaimedRow>`
    WITH expired AS (
      SELECT d.id FROM deliveries d JOIN subscribers s ON s.id = d.subscriber_id
      WHERE d.status = 'sending' AND ${unsent('d')} AND d.lease_until < ${now} AND ${inOrder}
      LIMIT ${limit} FOR UPDATE OF d SKIP LOCKED
    ), due AS (
      SELECT d.id FROM deliveries d JOIN subscribers s ON s.id = d.subscriber_id
      WHERE d.status = 'queued' AND ${unsent('d')} AND d.next_attempt_at <= ${now} AND ${inOrder}
      ORDER BY d.next_attempt_at, d.id LIMIT ${limit} FOR UPDATE OF d SKIP LOCKED
    ), claimable AS (
      SELECT id FROM (SELECT id FROM expired UNION ALL SELECT id FROM due) c LIMIT ${limit}
    )
    UPDATE deliveries SET status = 'sending', lease_until = ${leaseUntil}, updated_at = ${now}
    FROM claimable
    WHERE deliveries.id = claimable.id
      AND ((deliveries.status = 'queued' AND deliveries.next_attempt_at <= ${now})
           OR (deliveries.status = 'sending' AND deliveries.lease_until < ${now}))
    RETURNING deliveries.id, deliveries.subscriber_id, deliveries.article_id, deliveries.attempts, deliveries.digest_at, deliveries.parts_sent`.execute(
    db,
  );
  return result.rows;
}
