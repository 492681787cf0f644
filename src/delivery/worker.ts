import { setTimeout as sleep } from 'node:timers/promises';
import type { CoreDeps } from '../app/deps.ts';
import { deactivateChat } from '../app/subscriptions.ts';
import type { Platform } from '../domain/platform.ts';
import type { Button } from '../domain/reply.ts';
import type { Sender } from '../ports/sender.ts';
import type { ClaimedDelivery } from '../storage/outbox-store.ts';
import type { ArticleRow } from '../storage/schema.ts';
import { ChatMovedError, PermanentDeliveryError, RetryLaterError } from './errors.ts';
import { RateLimiter } from './limiter.ts';
import type { PlatformLimits } from './limits.ts';
import { backoffMs, CONFIRM_PERMANENT_AFTER } from './retry.ts';

export interface DeliveryWorkerOptions {
  deps: CoreDeps;
  senders: readonly Sender[];
  limits: (platform: Platform) => PlatformLimits;
  cardButtons: (article: ArticleRow, subscriberId: number) => Promise<Button[][]>;
}

export interface DeliveryWorker {
  /** Starts draining the outbox in the background. */
  start(): void;
  /** Stops claiming, lets in-flight sends finish, releases what it had claimed but not sent. */
  stop(): Promise<void>;
  /** New rows were enqueued: look now instead of at the next poll. */
  wake(): void;
  /** Sends everything due now (not what waits for a later time), then resolves with how many were sent. */
  drainDue(): Promise<number>;
}

/**
 * Drains the outbox through the platforms' senders. Rows are claimed under a lease
 * (DELIVERY_LEASE_SECONDS): if this process dies, the lease runs out and the rows are
 * claimed again, so nothing is lost; at most the sends in flight at the crash are
 * repeated. See the README's "Delivery guarantees".
 */
export function createDeliveryWorker(options: DeliveryWorkerOptions): DeliveryWorker {
  const { deps } = options;
  const { outbox } = deps.stores;
  const { concurrency, maxAttempts, leaseMs, pollMs } = deps.config.delivery;
  const senders = new Map(options.senders.map((s) => [s.platform, s]));
  const platforms = [...senders.keys()];
  const limiters = new Map(platforms.map((p) => [p, new RateLimiter(options.limits(p))]));
  const now = () => deps.clock.now().getTime();
  const batchSize = Math.max(16, concurrency * 8);

  let stopping = false;
  let running: Promise<void> | null = null;
  let wakeUp: (() => void) | null = null;
  let sent = 0;
  const unsent = new Set<number>();

  async function send(row: ClaimedDelivery, article: ArticleRow): Promise<void> {
    const sender = senders.get(row.platform);
    const limiter = limiters.get(row.platform);
    if (!sender || !limiter) return;
    for (;;) {
      const chatWait = limiter.chatWait(row.chatId);
      if (chatWait > 0) {
        // This chat must wait; free the slot for other chats and come back then.
        await outbox.reschedule(row.id, now() + chatWait, null, false, now());
        return;
      }
      const wait = limiter.reserve(row.chatId, row.kind);
      if (wait === 0) break;
      if (stopping) return;
      await sleep(wait);
    }
    unsent.delete(row.id);
    try {
      const [view] = await deps.stores.articles.views([article]);
      if (!view) return;
      const result = await sender.send({
        deliveryId: row.id,
        subscriber: { id: row.subscriberId, platform: row.platform, chatId: row.chatId, kind: row.kind },
        article: view,
        mentionRoleIds: await deps.stores.subscribers.mentionRoles(row.subscriberId, row.articleId),
        buttons: await options.cardButtons(article, row.subscriberId),
      });
      await outbox.markSent(row.id, result.messageId, now());
      sent++;
    } catch (err) {
      await recordFailure(row, err, limiter);
    }
  }

  async function recordFailure(row: ClaimedDelivery, err: unknown, limiter: RateLimiter): Promise<void> {
    const message = err instanceof Error ? err.message : String(err);
    const at = now();
    if (err instanceof RetryLaterError) {
      limiter.penalize(row.chatId, err.retryAfterMs, err.global);
      await outbox.reschedule(row.id, at + err.retryAfterMs, message, false, at);
      deps.logger.warn({ delivery: row.id, chat: row.chatId, retryAfterMs: err.retryAfterMs, global: err.global }, 'rate limited by platform');
      return;
    }
    if (err instanceof ChatMovedError) {
      await deps.stores.subscribers.moveChat(row.platform, row.chatId, err.newChatId, at);
      await outbox.reschedule(row.id, at, message, false, at);
      deps.logger.info({ from: row.chatId, to: err.newChatId }, 'chat moved; resending there');
      return;
    }
    if (err instanceof PermanentDeliveryError) {
      if (err.confirmAfterRepeats && (await deps.stores.subscribers.addFailure(row.subscriberId)) < CONFIRM_PERMANENT_AFTER) {
        await outbox.reschedule(row.id, at + backoffMs(row.attempts + 1), message, true, at);
        return;
      }
      await outbox.markFailed(row.id, message, at);
      if (err.notice !== null) await deps.stores.subscribers.setNotice(row.subscriberId, err.notice);
      if (err.effect === 'pause') {
        await deps.stores.subscribers.setStatus(row.subscriberId, 'paused', message, at);
      } else {
        await deactivateChat(deps, row.platform, row.chatId, err.reason);
      }
      deps.logger.warn({ delivery: row.id, chat: row.chatId, reason: err.reason, effect: err.effect }, 'permanent delivery failure');
      return;
    }
    if (row.attempts + 1 >= maxAttempts) {
      await outbox.markFailed(row.id, message, at);
      deps.logger.error({ delivery: row.id, chat: row.chatId, attempts: row.attempts + 1, err: message }, 'delivery failed for good');
      return;
    }
    await outbox.reschedule(row.id, at + backoffMs(row.attempts + 1), message, true, at);
    deps.logger.warn({ delivery: row.id, chat: row.chatId, attempt: row.attempts + 1, err: message }, 'delivery failed; will retry');
  }

  /** Claims one batch and sends it; resolves with how many rows were claimed. */
  async function runBatch(): Promise<number> {
    const at = now();
    const claimed = await outbox.claimDue({ platforms, now: at, leaseUntil: at + leaseMs, limit: batchSize });
    if (claimed.length === 0) return 0;
    for (const row of claimed) unsent.add(row.id);
    const articles = new Map((await deps.stores.articles.byIds([...new Set(claimed.map((c) => c.articleId))])).map((a) => [a.id, a]));
    let next = 0;
    const lane = async () => {
      while (!stopping && next < claimed.length) {
        const row = claimed[next++];
        if (!row) break;
        const article = articles.get(row.articleId);
        if (article) await send(row, article);
        else unsent.delete(row.id);
      }
    };
    await Promise.all(Array.from({ length: Math.min(concurrency, claimed.length) }, lane));
    if (unsent.size > 0) {
      await outbox.release([...unsent], now());
      unsent.clear();
    }
    return claimed.length;
  }

  async function loop(): Promise<void> {
    while (!stopping) {
      try {
        if ((await runBatch()) > 0) continue;
        const due = await outbox.nextDueAt(platforms);
        const delay = due === null ? pollMs : Math.min(pollMs, Math.max(10, due - now()));
        await new Promise<void>((resolve) => {
          const timer = setTimeout(resolve, delay);
          wakeUp = () => { clearTimeout(timer); resolve(); };
        });
        wakeUp = null;
      } catch (err) {
        deps.logger.error({ err }, 'delivery worker error; retrying shortly');
        await sleep(pollMs);
      }
    }
  }

  return {
    start() {
      if (running || platforms.length === 0) return;
      stopping = false;
      running = loop();
    },
    async stop() {
      stopping = true;
      wakeUp?.();
      await running;
      running = null;
    },
    wake() {
      wakeUp?.();
    },
    async drainDue() {
      const before = sent;
      while ((await runBatch()) > 0) { /* keep going while rows are due */ }
      return sent - before;
    },
  };
}
