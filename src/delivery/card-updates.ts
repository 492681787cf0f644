import { setTimeout as sleep } from 'node:timers/promises';
import type { CoreDeps } from '../app/deps.ts';
import type { Platform } from '../domain/platform.ts';
import type { DeliveryMessage, Sender } from '../ports/sender.ts';
import type { ClaimedCardUpdate } from '../storage/card-update-store.ts';
import type { ClaimedDelivery } from '../storage/outbox-store.ts';
import { PermanentDeliveryError, RetryLaterError } from './errors.ts';
import { backoffMs } from './retry.ts';
import type { Pacer } from './shared-limiter.ts';

/** A lane sleeps for the platform's pace at most this long; a longer wait goes back to the queue. */
const MAX_WAIT_MS = 1_000;

export interface CardUpdaterOptions {
  deps: CoreDeps;
  senders: ReadonlyMap<Platform, Sender>;
  /** The delivery worker's pacers: edits and deletes share the platforms' pace with deliveries. */
  limiters: ReadonlyMap<Platform, Pacer>;
  /** Builds the cards of claimed rows as the delivery worker does (style, language, buttons). */
  prepare: (rows: readonly ClaimedDelivery[]) => Promise<Map<number, { article: DeliveryMessage } | object>>;
  batchSize: number;
  leaseMs: number;
  concurrency: number;
  isStopping: () => boolean;
  signal: () => AbortSignal;
  random?: (() => number) | undefined;
}

export interface CardUpdater {
  /** Claims one batch of due card updates and sends them; resolves with how many were claimed. */
  runBatch(): Promise<number>;
  nextDueAt(): Promise<number | null>;
  stats(): { edited: number; deleted: number; failed: number };
}

/**
 * Sends the card_updates outbox (migrations/0018_card_updates.ts): edits of delivered cards
 * after a correction, rendered from the article as it is now, and deletes. Claimed under a
 * lease like deliveries, so a crash loses none; one sent twice after a crash edits a card
 * to what it shows already, or deletes one deleted already (done either way). Paced with
 * deliveries by the same pacers. A 429 waits and is not an attempt; a message that is
 * gone, or a chat that refuses, fails that update only (the chat's subscription is the
 * delivery worker's business); anything else is retried with backoff up to
 * DELIVERY_MAX_ATTEMPTS.
 */
export function createCardUpdater(options: CardUpdaterOptions): CardUpdater {
  const { deps } = options;
  const store = deps.stores.cardUpdates;
  const platforms = [...options.senders.keys()];
  const now = () => deps.clock.now().getTime();
  const counters = { edited: 0, deleted: 0, failed: 0 };

  async function failed(update: ClaimedCardUpdate, err: unknown, limiter: Pacer): Promise<void> {
    const message = (err instanceof Error ? err.message : String(err)).slice(0, 500) || 'unknown error';
    const at = now();
    if (err instanceof RetryLaterError) {
      limiter.penalize(update.chatId, err.retryAfterMs, err.global);
      await store.retry(update, at + err.retryAfterMs, message, false, at);
      return;
    }
    const attempt = update.attempts + 1;
    if (err instanceof PermanentDeliveryError || attempt >= deps.config.delivery.maxAttempts) {
      counters.failed++;
      await store.fail(update, `${err instanceof PermanentDeliveryError ? `${err.reason}: ` : ''}${message}`, at);
      deps.logger.warn(
        { delivery: update.deliveryId, op: update.op, chat: update.chatId, err: message },
        'card update failed',
      );
      return;
    }
    await store.retry(update, at + backoffMs(attempt, options.random), message, true, at);
  }

  /** Waits for the platform's pace: 'go', or 'later' (back to the queue), or 'stopped' (left to be released). */
  async function paced(update: ClaimedCardUpdate, limiter: Pacer): Promise<'go' | 'later' | 'stopped'> {
    for (;;) {
      if (options.isStopping()) return 'stopped';
      const wait = Math.max(limiter.chatWait(update.chatId), limiter.overallWait());
      if (wait > MAX_WAIT_MS) {
        await store.retry(update, now() + wait, null, false, now());
        return 'later';
      }
      const reserved = limiter.reserve(update.chatId, update.kind);
      if (reserved === 0) return 'go';
      try {
        await sleep(reserved, undefined, { signal: options.signal() });
      } catch {
        return 'stopped';
      }
    }
  }

  async function send(update: ClaimedCardUpdate, card: DeliveryMessage | undefined, unsent: Set<number>) {
    const sender = options.senders.get(update.platform);
    const limiter = options.limiters.get(update.platform);
    if (!sender || !limiter) return;
    const can = update.op === 'edit' ? sender.editCard : sender.deleteCard;
    if (can === undefined) {
      unsent.delete(update.deliveryId);
      return store.fail(update, `${update.platform} cannot ${update.op} a delivered message`, now());
    }
    if (update.op === 'edit' && card === undefined) {
      // The article went meanwhile (a delete replaces the edit); nothing to show.
      unsent.delete(update.deliveryId);
      return store.fail(update, 'the article is gone', now());
    }
    const pace = await paced(update, limiter);
    if (pace === 'stopped') return;
    unsent.delete(update.deliveryId);
    if (pace === 'later') return;
    try {
      if (update.op === 'edit' && card) await sender.editCard?.(card, update.messageId, { picture: update.media });
      else await sender.deleteCard?.({ ...subscriberOf(update) }, update.messageId);
    } catch (err) {
      return failed(update, err, limiter);
    }
    await store.done(update, now());
    if (update.op === 'edit') counters.edited++;
    else counters.deleted++;
  }

  return {
    async runBatch() {
      if (platforms.length === 0) return 0;
      const at = now();
      const claimed = await store.claimDue({
        platforms,
        now: at,
        leaseUntil: at + options.leaseMs,
        limit: options.batchSize,
      });
      if (claimed.length === 0) return 0;
      const unsent = new Set(claimed.map((u) => u.deliveryId));
      try {
        const edits = claimed.filter((u) => u.op === 'edit').map(asDelivery);
        const cards = edits.length > 0 ? await options.prepare(edits) : new Map();
        let next = 0;
        const lane = async () => {
          while (!options.isStopping() && next < claimed.length) {
            const update = claimed[next++];
            if (!update) break;
            const prepared = cards.get(update.deliveryId);
            await send(update, prepared && 'article' in prepared ? prepared.article : undefined, unsent);
          }
        };
        await Promise.all(Array.from({ length: Math.min(options.concurrency, claimed.length) }, lane));
      } finally {
        if (unsent.size > 0) await store.release([...unsent], now());
      }
      return claimed.length;
    },
    nextDueAt: () => store.nextDueAt(platforms),
    stats: () => ({ ...counters }),
  };
}

function subscriberOf(update: ClaimedCardUpdate): DeliveryMessage['subscriber'] {
  return {
    id: update.subscriberId,
    platform: update.platform,
    chatId: update.chatId,
    kind: update.kind,
    ...(update.forum ? { forum: true } : {}),
  };
}

/** A card update as the delivery worker's claimed row, to build its card the same way. */
function asDelivery(update: ClaimedCardUpdate): ClaimedDelivery {
  return {
    id: update.deliveryId,
    subscriberId: update.subscriberId,
    articleId: update.articleId,
    attempts: update.attempts,
    platform: update.platform,
    chatId: update.chatId,
    kind: update.kind,
    forum: update.forum,
    failureCount: 0,
    mentionRoleIds: update.mentionRoleIds,
    followedTags: update.followedTags,
    threadId: null,
    digestAt: null,
    partsSent: 0,
  };
}
