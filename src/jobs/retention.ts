import type { CoreDeps } from '../app/deps.ts';

/** Sent rows deleted per statement, so that pruning never holds the database for long. */
export const PRUNE_CHUNK = 10_000;
const DAY_MS = 24 * 60 * 60 * 1000;

/**
 * Deletes sent deliveries older than DELIVERY_RETENTION_DAYS, in chunks. Failed and
 * skipped rows stay: they are what `tagwire why` and `tagwire deliveries --failed`
 * explain. Returns how many rows went.
 */
export async function pruneDeliveredOutbox(deps: CoreDeps): Promise<number> {
  const before = deps.clock.now().getTime() - deps.config.delivery.retentionDays * DAY_MS;
  let total = 0;
  for (;;) {
    const pruned = await deps.stores.outbox.pruneSent(before, PRUNE_CHUNK);
    total += pruned;
    if (pruned < PRUNE_CHUNK) return total;
  }
}
