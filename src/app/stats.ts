import type { DeliveryStatus } from '../storage/schema.ts';
import type { Stores } from '../storage/stores.ts';
import type { TagWithCount } from '../storage/tag-store.ts';

export interface Stats {
  articles: number;
  tags: number;
  subscribers: { active: number; paused: number; deactivated: number };
  deliveries: Record<DeliveryStatus, number>;
  /** Edits and deletes of delivered cards (corrections, `/delete … everywhere`): waiting (queued or sending), done, failed. */
  cardUpdates: { waiting: number; done: number; failed: number };
  topTags: TagWithCount[];
  /** Failed deliveries grouped by reason, most frequent first (at most STATS_FAILURE_REASONS). */
  failureReasons: { reason: string; count: number }[];
}

/** Failure reasons /stats and `tagwire stats` list. */
export const STATS_FAILURE_REASONS = 5;

function cardUpdateCounts(counts: Partial<Record<string, number>>): Stats['cardUpdates'] {
  return {
    waiting: (counts.queued ?? 0) + (counts.sending ?? 0),
    done: counts.done ?? 0,
    failed: counts.failed ?? 0,
  };
}

export async function collectStats(stores: Stores): Promise<Stats> {
  const subs = await stores.subscribers.countByStatus();
  return {
    articles: await stores.articles.count(),
    tags: await stores.tags.count(),
    subscribers: { active: subs.active ?? 0, paused: subs.paused ?? 0, deactivated: subs.deactivated ?? 0 },
    deliveries: await stores.outbox.countByStatus(),
    cardUpdates: cardUpdateCounts(await stores.cardUpdates.countByStatus()),
    topTags: await stores.tags.topFollowed(5),
    failureReasons: await stores.outbox.failureReasons(STATS_FAILURE_REASONS),
  };
}
