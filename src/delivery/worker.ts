import { setTimeout as sleep } from 'node:timers/promises';
import type { CoreDeps } from '../app/deps.ts';
import type { Platform } from '../domain/platform.ts';
import type { Button } from '../domain/reply.ts';
import type { DeliveryMessage, Sender } from '../ports/sender.ts';
import { PAUSED_ROUTE, type ClaimedDelivery } from '../storage/outbox-store.ts';
import type { DeliveryPrefs } from '../storage/subscriber-store.ts';
import type { StoredArticle } from '../domain/article.ts';
import { cardText, DEFAULT_CARD_SETTINGS } from '../domain/card.ts';
import { localeOr, type Locale } from '../i18n/index.ts';
import { digestPageFor, type DigestPage } from './digest-message.ts';
import { createCardUpdater } from './card-updates.ts';
import { recordDeliveryFailure } from './failure.ts';
import { postPauseNotice } from './pause-notice.ts';
import { createPacer, type Pacer } from './shared-limiter.ts';
import { SentMarks } from './sent-marks.ts';
import { PACE_GUARD_MS, type PlatformLimits } from './limits.ts';
import { localizedView } from '../domain/region-names.ts';

/** Why a row was skipped when every thread (forum topic) its tags go to in the chat was paused. */
export const PAUSED_ROUTE_REASON = 'topic paused: every topic of this chat its tags go to is closed or deleted';

/** What one claimed row sends. */
type Outgoing = { article: DeliveryMessage } | { digest: DigestPage };

/** Rows claimed at most per batch. */
export const MAX_BATCH = 512;
/**
 * A batch holds about this many seconds of sends at the platform's overall rate. Short
 * batches mean a chat's next article (claimable only once the previous one is sent,
 * to keep the order) joins the flow within seconds, while a long fan-out keeps going.
 */
export const BATCH_SECONDS = 2;
/** A lane sleeps for the overall rate at most this long; a longer wait (a global 429) goes back to the queue. */
export const MAX_LANE_WAIT_MS = 1_000;
/** On stop, in-flight sends get this long to finish before the worker gives up on them. */
export const STOP_GRACE_MS = 3_000;

export interface DeliveryWorkerOptions {
  deps: CoreDeps;
  senders: readonly Sender[];
  limits: (platform: Platform) => PlatformLimits;
  /** The buttons under a delivered card, for many chats at once (one article), each in its chat's language. */
  cardButtons: (
    article: StoredArticle,
    subscriberIds: readonly number[],
    locales: ReadonlyMap<number, Locale>,
  ) => Promise<Map<number, Button[][]>>;
  /** Milliseconds for pacing; real time unless a test says otherwise. */
  pacingNow?: () => number;
  /**
   * Pace with every other worker on the database (PostgreSQL: shared-limiter.ts, and
   * chat intervals kept by the claim) instead of this process alone. On by default on
   * PostgreSQL, where several workers may run.
   */
  shared?: boolean;
  /**
   * The platforms' pacers, when the process shares them with the adapters' replies
   * (src/runtime.ts does: replies go ahead of deliveries); else the worker makes its own.
   */
  pacers?: (platform: Platform) => Pacer;
  random?: () => number;
}

export interface DeliveryWorker {
  /** Starts draining the outbox in the background. */
  start(): void;
  /** Stops claiming, lets in-flight sends finish (up to STOP_GRACE_MS), releases what it claimed but did not send. */
  stop(): Promise<void>;
  /** New rows were enqueued: look now instead of at the next poll. */
  wake(): void;
  /** Sends everything due now (not what waits for a later time), then resolves with how many were sent. */
  drainDue(): Promise<number>;
  /** Counters since start, for logs and benchmarks: deliveries, and edits and deletes of delivered cards. */
  stats(): {
    sent: number;
    rateLimited: number;
    failedAttempts: number;
    edited: number;
    deleted: number;
    failed: number;
  };
}

/**
 * Drains the outbox through the platforms' senders. Rows are claimed in batches under a
 * lease (DELIVERY_LEASE_SECONDS) and each is marked sent, with the platform's message
 * id, as soon as its send returns. If the process dies, its rows are claimed again, so
 * nothing is lost and at most the sends in flight at the crash (DELIVERY_CONCURRENCY)
 * are repeated. See docs/delivery.md, "Delivery guarantees".
 *
 * A message is built before its rate-limit slot is taken, so the send leaves the moment
 * the slot is granted: what the platform sees is the limiter's spacing, not the
 * database's latency.
 */
export function createDeliveryWorker(options: DeliveryWorkerOptions): DeliveryWorker {
  const { deps } = options;
  const { outbox } = deps.stores;
  const { concurrency, leaseMs, pollMs } = deps.config.delivery;
  const senders = new Map(options.senders.map((s) => [s.platform, s]));
  const platforms = [...senders.keys()];
  const shared = options.shared ?? deps.stores.capabilities.sharedByProcesses;
  const limiters = new Map<Platform, Pacer>(
    platforms.map((p) => [
      p,
      options.pacers?.(p) ??
        createPacer({
          platform: p,
          limits: options.limits(p),
          shared,
          slotStore: deps.stores.rateSlots,
          logger: deps.logger,
          now: options.pacingNow,
        }),
    ]),
  );
  // Across processes the claim keeps a chat's interval from the stamp of its last send,
  // with the guard a process's own limiter adds (sends' latencies differ; stamps are whole ms).
  const guarded = (byKind: PlatformLimits['perChatIntervalMs']) =>
    Object.fromEntries(
      Object.entries(byKind).map(([kind, ms]) => [kind, ms > 0 ? ms + PACE_GUARD_MS : 0]),
    ) as PlatformLimits['perChatIntervalMs'];
  const chatIntervalMs = shared
    ? Object.fromEntries(platforms.map((p) => [p, guarded(options.limits(p).perChatIntervalMs)]))
    : undefined;
  const now = () => deps.clock.now().getTime();
  const slowest = Math.min(...platforms.map((p) => options.limits(p).overallPerSecond));
  // A batch must also be sendable well within its lease, at the slowest platform's rate.
  const batchSize = Math.max(
    concurrency * 2,
    Math.min(MAX_BATCH, Math.ceil(slowest * BATCH_SECONDS), Math.floor((slowest * leaseMs) / 2000)),
  );
  const counters = { sent: 0, rateLimited: 0, failedAttempts: 0 };
  // Edits and deletes of delivered cards, paced with the deliveries (card-updates.ts).
  const updater = createCardUpdater({
    deps,
    senders,
    limiters,
    prepare: (rows) => prepare(rows),
    batchSize,
    leaseMs,
    concurrency,
    isStopping: () => stopping,
    signal: () => abort.signal,
    random: options.random,
  });
  const sentMarks = new SentMarks(outbox, now);

  let stopping = false;
  let abort = new AbortController();
  let running: Promise<void> | null = null;
  let wakeUp: (() => void) | null = null;
  /** Per running batch: rows claimed and not yet handed to a sender, released at the batch's end (or on a stop that times out). */
  const openBatches = new Set<Set<number>>();

  /** What each claimed row sends: an article card, or a page of the chat's digest. */
  async function prepare(claimed: readonly ClaimedDelivery[]): Promise<Map<number, Outgoing>> {
    const messages = new Map<number, Outgoing>();
    for (const row of claimed) {
      const sender = senders.get(row.platform);
      if (row.digestAt === null || !sender) continue;
      const page = await digestPageFor(deps, row, sender);
      if (page) messages.set(row.id, { digest: page });
    }
    const single = claimed.filter((c) => c.digestAt === null);
    const articles = await deps.stores.articles.byIds([...new Set(single.map((c) => c.articleId))]);
    const views = await deps.stores.articles.views(articles);
    const prefs =
      single.length === 0
        ? new Map<number, DeliveryPrefs>()
        : await deps.stores.subscribers.deliveryPrefs([...new Set(single.map((c) => c.subscriberId))]);
    const locales = new Map([...prefs].map(([id, p]) => [id, localeOr(p.language)]));
    for (const [i, article] of articles.entries()) {
      const view = views[i];
      if (!view) continue;
      const rows = single.filter((c) => c.articleId === article.id);
      const buttons = await options.cardButtons(
        { id: article.id, view },
        [...new Set(rows.map((r) => r.subscriberId))],
        locales,
      );
      for (const row of rows) {
        const card = prefs.get(row.subscriberId)?.card ?? DEFAULT_CARD_SETTINGS;
        const identity = prefs.get(row.subscriberId)?.identity ?? null;
        messages.set(row.id, {
          article: {
            deliveryId: row.id,
            subscriber: {
              id: row.subscriberId,
              platform: row.platform,
              chatId: row.chatId,
              kind: row.kind,
              ...(row.forum ? { forum: true } : {}),
            },
            // The card's text is the chat's style's (/card): none, the summary, or the first paragraphs.
            article: {
              ...localizedView(view, locales.get(row.subscriberId) ?? localeOr(null)),
              summary: cardText({ title: article.title, summary: article.summary, body: article.body }, card.style),
            },
            linkPreviews: card.linkPreviews,
            silent: card.silent,
            ...(identity ? { identity } : {}),
            mentionRoleIds: row.mentionRoleIds,
            followedTags: row.followedTags,
            ...(typeof row.threadId === 'string' ? { threadId: row.threadId } : {}),
            buttons: buttons.get(row.subscriberId) ?? [],
            locale: locales.get(row.subscriberId) ?? localeOr(null),
          },
        });
      }
    }
    return messages;
  }

  /** Back to the queue for later, not counted as an attempt (pacing, not failure). */
  async function later(row: ClaimedDelivery, waitMs: number, unsent: Set<number>): Promise<void> {
    unsent.delete(row.id);
    const at = now();
    await outbox.reschedule(row.id, at + waitMs, null, false, at);
  }

  /** After a digest page is accepted: the next page later, or the whole digest sent. */
  async function digestSent(row: ClaimedDelivery, page: DigestPage, messageId: string): Promise<void> {
    const { schedules } = deps.stores;
    if (page.last) await schedules.markDigestSent(page.rowIds, messageId, now());
    else await schedules.digestPageSent(row.id, row.partsSent + 1, now());
  }

  async function deliver(
    row: ClaimedDelivery,
    message: Outgoing,
    deadline: number,
    unsent: Set<number>,
  ): Promise<void> {
    const sender = senders.get(row.platform);
    const limiter = limiters.get(row.platform);
    if (!sender || !limiter) return;
    for (;;) {
      if (stopping || now() > deadline) return; // left in `unsent`: released at once
      const chatWait = limiter.chatWait(row.chatId);
      // This chat must wait: free the lane for other chats and come back then.
      if (chatWait > 0) return later(row, chatWait, unsent);
      const overallWait = limiter.overallWait();
      if (overallWait > MAX_LANE_WAIT_MS) return later(row, overallWait, unsent);
      const wait = limiter.reserve(row.chatId, row.kind);
      if (wait === 0) break;
      try {
        await sleep(wait, undefined, { signal: abort.signal });
      } catch {
        return; // stopping
      }
    }
    unsent.delete(row.id);
    let messageId: string;
    try {
      messageId = (
        await ('digest' in message ? sender.sendDigest(message.digest.message) : sender.send(message.article))
      ).messageId;
    } catch (err) {
      const outcome = await recordDeliveryFailure({ deps, row, err, limiter, random: options.random });
      if (outcome === 'rate-limited') counters.rateLimited++;
      else counters.failedAttempts++;
      if (outcome === 'route-paused') await postPauseNotice({ deps, row, sender, limiter, signal: abort.signal });
      // A digest that failed for good fails as a whole: its other rows would otherwise go out as a new one.
      if (outcome === 'failed' && 'digest' in message)
        await deps.stores.schedules.failDigest(row.id, message.digest.rowIds, now());
      return;
    }
    if ('digest' in message) await digestSent(row, message.digest, messageId);
    else await sentMarks.mark(row.id, messageId);
    counters.sent++;
    if (row.failureCount > 0) await deps.stores.subscribers.resetFailures(row.subscriberId);
  }

  /** Claims one batch and sends it; resolves with how many rows were claimed. */
  async function runBatch(): Promise<number> {
    const at = now();
    let claimed = await outbox.claimDue({
      platforms,
      now: at,
      leaseUntil: at + leaseMs,
      limit: batchSize,
      chatIntervalMs,
    });
    if (claimed.length === 0) return 0;
    // Every thread this article would go to in the chat is paused (closed topics): not sent.
    const nowhere = claimed.filter((row) => row.digestAt === null && row.threadId === PAUSED_ROUTE);
    if (nowhere.length > 0) {
      await outbox.markSkipped(
        nowhere.map((row) => row.id),
        PAUSED_ROUTE_REASON,
        now(),
      );
      const skipped = new Set(nowhere.map((row) => row.id));
      claimed = claimed.filter((row) => !skipped.has(row.id));
      if (claimed.length === 0) return nowhere.length;
    }
    const unsent = new Set(claimed.map((row) => row.id));
    openBatches.add(unsent);
    const deadline = at + leaseMs / 2;
    try {
      const messages = await prepare(claimed);
      let next = 0;
      const lane = async () => {
        while (!stopping && next < claimed.length) {
          const row = claimed[next++];
          const message = row && messages.get(row.id);
          if (!row) break;
          if (!message) {
            unsent.delete(row.id);
            continue;
          } // its article was deleted meanwhile
          await deliver(row, message, deadline, unsent);
        }
      };
      await Promise.all(Array.from({ length: Math.min(concurrency, claimed.length) }, lane));
    } finally {
      openBatches.delete(unsent);
      if (unsent.size > 0) {
        const ids = [...unsent];
        unsent.clear();
        await outbox.release(ids, now());
      }
    }
    return claimed.length + nowhere.length;
  }

  async function loop(): Promise<void> {
    while (!stopping) {
      try {
        if ((await runBatch()) > 0) continue;
        if ((await updater.runBatch()) > 0) continue;
        const due = earliest(await outbox.nextDueAt(platforms), await updater.nextDueAt());
        const delay = due === null ? pollMs : Math.min(pollMs, Math.max(10, due - now()));
        await new Promise<void>((resolve) => {
          const timer = setTimeout(resolve, delay);
          wakeUp = () => {
            clearTimeout(timer);
            resolve();
          };
        });
        wakeUp = null;
      } catch (err) {
        if (stopping) break;
        deps.logger.error({ err }, 'delivery worker error; retrying shortly');
        await sleep(pollMs, undefined, { signal: abort.signal }).catch(() => undefined);
      }
    }
  }

  return {
    start() {
      if (running || platforms.length === 0) return;
      stopping = false;
      abort = new AbortController();
      running = loop();
    },
    async stop() {
      stopping = true;
      abort.abort();
      wakeUp?.();
      const current = running;
      running = null;
      if (!current) return;
      let timer: NodeJS.Timeout | undefined;
      const graceOver = new Promise<'timeout'>((resolve) => {
        timer = setTimeout(() => resolve('timeout'), STOP_GRACE_MS);
      });
      const result = await Promise.race([current.then(() => 'done' as const), graceOver]);
      clearTimeout(timer);
      if (result === 'timeout') {
        deps.logger.warn(
          { graceMs: STOP_GRACE_MS },
          'delivery: sends still in flight at stop; they will be retried after a restart',
        );
        const ids = [...openBatches].flatMap((batch) => [...batch]);
        for (const batch of openBatches) batch.clear();
        await outbox.release(ids, now());
      }
    },
    wake() {
      wakeUp?.();
    },
    async drainDue() {
      const before = counters.sent;
      for (;;) {
        if ((await runBatch()) > 0) continue; // keep going while rows are due
        if ((await updater.runBatch()) > 0) continue;
        // Nothing claimable here does not mean nothing is due: the background loop, when
        // started, may hold rows (claimed, being prepared or paced), and a chat's next row
        // is claimable only once its current one is sent. Wait until the loop is idle
        // (asleep until its next poll: wakeUp is set) with no batch open, then look again.
        // Without this, stop({ drain: true }) right after start (a console session whose
        // input ends at once) found nothing and stop() cut the loop's first batch short.
        const loopBusy = running !== null && !stopping && wakeUp === null;
        if (!loopBusy && openBatches.size === 0) break;
        await sleep(10);
      }
      return counters.sent - before;
    },
    stats: () => ({ ...counters, ...updater.stats() }),
  };
}

function earliest(a: number | null, b: number | null): number | null {
  if (a === null) return b;
  return b === null ? a : Math.min(a, b);
}
