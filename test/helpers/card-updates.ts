import type { Stores } from '../../src/storage/stores.ts';
import { waitFor } from './core.ts';

/** Waits until no card update (an edit or delete of a delivered card) is queued or being sent; returns the counts by status. */
export async function cardUpdatesSettled(stores: Pick<Stores, 'cardUpdates'>): Promise<Record<string, number>> {
  let counts: Record<string, number> = {};
  await waitFor(async () => {
    counts = await stores.cardUpdates.countByStatus();
    return (counts.queued ?? 0) + (counts.sending ?? 0) === 0;
  }, 'card updates to settle');
  return counts;
}
