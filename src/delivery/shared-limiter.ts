import type { ChatKind, Platform } from '../domain/platform.ts';
import type { Logger } from '../logger.ts';
import type { RateSlotStore } from '../storage/rate-slot-store.ts';
import { PlatformPacer, RateLimiter, UNPAID_WINDOW_MS, type Pacer } from './limiter.ts';
import { PACE_GUARD_MS, SCHEDULE_SLACK_MS, type PlatformLimits } from './limits.ts';

export type { Pacer } from './limiter.ts';

/** A worker reserves this many seconds of the platform's sends at a time. */
export const SLOT_BLOCK_SECONDS = 0.2;
/**
 * A reserved slot unused for this long after its time is dropped, not sent late. Slots of
 * all workers are at least the even spacing apart; a send at most this late keeps any
 * window of one second plus PACE_GUARD_MS within the limit while this stays below
 * SCHEDULE_SLACK_MS (the even schedule's spare time per second).
 */
export const MAX_SLOT_LATENESS_MS = SCHEDULE_SLACK_MS / 2;
/** How long a lane waits while this worker reserves more slots. */
const REFILL_WAIT_MS = 5;
/** How long after a quiet second its unpaid messages may go. */
export const QUIET_USE_MS = 50;

const monotonicNow = (): number => performance.now();

/**
 * Paces one platform's sends across every worker on a PostgreSQL database. The
 * platform's even schedule lives in one row of rate_slots (src/storage/rate-slot-store.ts):
 * its next free slot, on the database's clock. A worker reserves a block of slots by
 * moving that row forward in one atomic upsert, so the blocks of all workers never
 * overlap and together never exceed the overall rate; the worker sends one message per
 * slot, at the slot's time (converted to its own monotonic clock), and drops slots it
 * could not use within MAX_SLOT_LATENESS_MS. After an idle spell the schedule restarts
 * from now, so there is no burst. Per-chat intervals and 429 penalties are kept by a
 * local RateLimiter; across workers the claim keeps a chat's interval
 * (src/storage/outbox-claim-postgres.ts).
 *
 * A message that cannot pay for a broadcast (`reserveUnpaid`, with `unpaidPerSecond`
 * below the overall rate) needs a second in which the platform saw fewer than that many
 * messages from any process: it reserves a quiet block of the shared schedule,
 * UNPAID_WINDOW_MS long, that nobody sends in, and goes within QUIET_USE_MS after it,
 * together with the other unpaid messages waiting then (as many as the ceiling allows).
 */
export class SharedRateLimiter implements Pacer {
  private readonly local: RateLimiter;
  private readonly spacingMs: number;
  private readonly blockSize: number;
  /** No overall rate to share (an unlimited platform): only the local per-chat pacing. */
  private readonly unlimited: boolean;
  private slots: number[] = [];
  private refilling: Promise<void> | null = null;
  /** Whether unpaid messages need a quiet second (the overall rate is above their ceiling). */
  private readonly unpaidNeedsQuiet: boolean;
  /** When unpaid messages may next go, on the local clock: from the end of a quiet block for QUIET_USE_MS. */
  private quiet: { from: number; until: number } | null = null;
  private quieting: Promise<void> | null = null;

  constructor(
    private readonly slotStore: RateSlotStore,
    private readonly platform: Platform,
    limits: PlatformLimits,
    private readonly now: () => number = monotonicNow,
    private readonly onError: (err: unknown) => void = () => {},
    /** Slots reserved at a time; by default SLOT_BLOCK_SECONDS of the overall rate (a process that only replies takes 1). */
    blockSize?: number,
  ) {
    this.unlimited = !Number.isFinite(limits.overallPerSecond);
    this.unpaidNeedsQuiet =
      !this.unlimited && limits.unpaidPerSecond !== undefined && limits.unpaidPerSecond < limits.overallPerSecond;
    this.local = new RateLimiter(
      {
        overallPerSecond: Number.POSITIVE_INFINITY,
        perChatIntervalMs: limits.perChatIntervalMs,
        // Keeps the unpaid messages of this process to their ceiling.
        ...(this.unpaidNeedsQuiet ? { unpaidPerSecond: limits.unpaidPerSecond } : {}),
      },
      now,
    );
    this.spacingMs = this.unlimited ? 0 : (1000 + PACE_GUARD_MS + SCHEDULE_SLACK_MS) / limits.overallPerSecond;
    this.blockSize = this.unlimited
      ? 0
      : Math.max(1, Math.floor(blockSize ?? Math.ceil(limits.overallPerSecond * SLOT_BLOCK_SECONDS)));
  }

  reserve(chatId: string, kind: ChatKind): number {
    const blocked = Math.max(this.local.chatWait(chatId), this.local.overallWait());
    if (blocked > 0) return blocked;
    const slotWait = this.slotWait();
    if (slotWait > 0) return slotWait;
    if (!this.unlimited) this.slots.shift();
    return this.local.reserve(chatId, kind);
  }

  reserveUnpaid(chatId: string, kind: ChatKind): number {
    if (!this.unpaidNeedsQuiet) return this.reserve(chatId, kind);
    const blocked = Math.max(this.local.chatWait(chatId), this.local.overallWait());
    if (blocked > 0) return blocked;
    const now = this.now();
    const quiet = this.quiet;
    if (quiet && now < quiet.from) return Math.ceil(quiet.from - now);
    if (quiet && now < quiet.until) {
      const wait = this.local.reserveUnpaid(chatId, kind);
      if (wait === 0 || now + wait < quiet.until) return wait;
    }
    this.reserveQuiet();
    return REFILL_WAIT_MS;
  }

  chatWait(chatId: string): number {
    return this.local.chatWait(chatId);
  }

  overallWait(): number {
    return Math.max(this.local.overallWait(), this.slotWait());
  }

  penalize(chatId: string, retryAfterMs: number, global: boolean): void {
    this.local.penalize(chatId, retryAfterMs, global);
  }

  /** Time to this worker's next slot; 0 when one is due now. Starts a refill when none is left. */
  private slotWait(): number {
    if (this.unlimited) return 0;
    const now = this.now();
    while (this.slots.length > 0 && (this.slots[0] ?? 0) < now - MAX_SLOT_LATENESS_MS) this.slots.shift();
    const next = this.slots[0];
    if (next === undefined) {
      this.refill();
      return REFILL_WAIT_MS;
    }
    return Math.max(0, Math.ceil(next - now));
  }

  private refill(): void {
    this.refilling ??= this.reserveBlock()
      .catch(this.onError)
      .finally(() => {
        this.refilling = null;
      });
  }

  /** Reserves a quiet block of the shared schedule for the unpaid messages waiting. */
  private reserveQuiet(): void {
    this.quieting ??= (async () => {
      const asked = this.now();
      const delay = await this.slotStore.reserve(this.platform, UNPAID_WINDOW_MS + QUIET_USE_MS);
      if (delay === undefined) return;
      const end = asked + (this.now() - asked) + delay + UNPAID_WINDOW_MS;
      this.quiet = { from: end, until: end + QUIET_USE_MS };
    })()
      .catch(this.onError)
      .finally(() => {
        this.quieting = null;
      });
  }

  /** Takes the next `blockSize` slots of the shared schedule. */
  private async reserveBlock(): Promise<void> {
    const span = this.blockSize * this.spacingMs;
    const asked = this.now();
    const delay = await this.slotStore.reserve(this.platform, span);
    if (delay === undefined) return;
    // The database's "now" falls between asking and the answer: place it at the answer,
    // the later end, so a slot never comes early (it may come a round trip late).
    const start = asked + (this.now() - asked) + delay;
    for (let i = 0; i < this.blockSize; i++) this.slots.push(start + i * this.spacingMs);
  }
}

export interface PacerOptions {
  platform: Platform;
  limits: PlatformLimits;
  /** Pace with every process on the database (PostgreSQL's rate_slots) rather than this process alone. */
  shared: boolean;
  /** Needed when shared. */
  slotStore?: RateSlotStore;
  /** Shared only: slots reserved at a time (1 for a process that only replies, so none go to waste). */
  blockSize?: number;
  logger?: Logger;
  /** Milliseconds for pacing; monotonic real time unless a test says otherwise. */
  now?: () => number;
}

/**
 * One platform's pacer, for everything in the process that sends to it: the delivery
 * worker and the adapter's replies (PlatformPacer gives replies priority) over the local
 * RateLimiter, or over the SharedRateLimiter when several processes share the database.
 */
export function createPacer(options: PacerOptions): PlatformPacer {
  const { platform, limits, logger } = options;
  const onError = (err: unknown) => logger?.error({ err, platform }, 'could not reserve sending slots; retrying');
  let base: Pacer;
  if (options.shared) {
    if (!options.slotStore) throw new Error('a shared pacer needs the rate slot store');
    base = new SharedRateLimiter(options.slotStore, platform, limits, options.now, onError, options.blockSize);
  } else {
    base = new RateLimiter(limits, options.now);
  }
  return new PlatformPacer(base, { logger, label: platform });
}
