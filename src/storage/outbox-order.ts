import { sql, type SqlBool } from 'kysely';
import type { ChatKind, Platform } from '../domain/platform.ts';

/**
 * The outbox's ordering rule, written once for both engines' claims and for nextDueAt:
 * a chat receives its articles one at a time, in the order they were enqueued, even
 * across retries. Queries alias the row `d` (deliveries) and its chat `s` (subscribers).
 */

/**
 * The rows that keep a chat's order: a row is claimable only when the chat has none of
 * these for an older article. 'deferred' is among them so that an article posted just
 * as quiet hours end waits for the ones deferred before it.
 */
export const ORDERED = sql`('queued', 'sending', 'deferred')`;

const statusOf = (alias?: string) => sql.ref(alias === undefined ? 'status' : `${alias}.status`);

/**
 * The conditions of the outbox's partial indexes (migrations/0024_outbox_unsent.ts): rows
 * not sent (deliveries_by_chat, deliveries_due) and sent rows (deliveries_sent,
 * deliveries_sent_by_chat). SQLite reads a partial index only when the query's WHERE holds
 * its condition as written, so every query of the outbox by chat or by status adds one of
 * these terms (true of every row it asks for); one that needs both kinds of row runs once
 * with each.
 */
export function unsent(alias?: string) {
  return sql<SqlBool>`${statusOf(alias)} <> 'sent'`;
}

/** Sent rows: see unsent(). */
export function sentOnly(alias?: string) {
  return sql<SqlBool>`${statusOf(alias)} = 'sent'`;
}

/** Row `d` is its chat's oldest pending row. */
export const OLDEST_PENDING_OF_CHAT = sql`NOT EXISTS (SELECT 1 FROM deliveries e WHERE e.subscriber_id = d.subscriber_id
  AND e.status IN ${ORDERED} AND ${unsent('e')} AND e.article_id < d.article_id)`;

/** Row `d` may be claimed now by a worker for `platforms`: its chat is active and this is its oldest pending row. */
export function claimableInOrder(platforms: readonly Platform[]) {
  return sql`s.status = 'active' AND s.platform IN (${sql.join(platforms)}) AND ${OLDEST_PENDING_OF_CHAT}`;
}

/** A claimed row as both engines' claims return it. */
export interface ClaimedRow {
  id: number;
  subscriber_id: number;
  article_id: number;
  attempts: number;
  digest_at: number | string | null;
  parts_sent: number;
}

export interface ClaimOptions {
  platforms: readonly Platform[];
  now: number;
  leaseUntil: number;
  limit: number;
  /**
   * Least time between two sends to one chat, by platform and kind. With several workers
   * a chat's next row may be claimed by another worker than the one that sent its last:
   * the claim leaves a chat alone until its interval since the last send has passed.
   */
  chatIntervalMs?: Partial<Record<Platform, Record<ChatKind, number>>> | undefined;
}

/** The columns of a row marked sent with the platform's message id. */
export function sentColumns(messageId: string, now: number) {
  return {
    status: 'sent' as const,
    message_id: messageId,
    sent_at: now,
    updated_at: now,
    lease_until: null,
    last_error: null,
  };
}
