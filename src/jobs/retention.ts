import type { CoreDeps } from '../app/deps.ts';

/** Sent rows deleted per statement, so that pruning never holds the database for long. */
export const PRUNE_CHUNK = 10_000;
const DAY_MS = 24 * 60 * 60 * 1000;

/**
 * Deletes sent deliveries older than DELIVERY_RETENTION_DAYS, in chunks, and the card
 * updates (edits, deletes) done or failed before then. Failed and skipped deliveries
 * stay: they are what `tagwire why` and `tagwire deliveries --failed` explain. A card
 * can be corrected as long as its delivery is kept. Returns how many deliveries went.
 */
export async function pruneDeliveredOutbox(deps: CoreDeps): Promise<number> {
  const before = deps.clock.now().getTime() - deps.config.delivery.retentionDays * DAY_MS;
  await deps.stores.cardUpdates.prune(before);
  let total = 0;
  for (;;) {
    const pruned = await deps.stores.outbox.pruneSent(before, PRUNE_CHUNK);
    total += pruned;
    if (pruned < PRUNE_CHUNK) return total;
  }
}
