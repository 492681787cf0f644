import { setTimeout as sleepFor } from 'node:timers/promises';
import type { ChatKind } from '../domain/platform.ts';
import type { Logger } from '../logger.ts';
import { RetryLaterError } from './errors.ts';
import { PACE_GUARD_MS, SCHEDULE_SLACK_MS, type PlatformLimits } from './limits.ts';

/** Forget chats whose next slot has passed once this many are remembered. */
const FORGET_AFTER_CHATS = 100_000;

/** Pacing runs on the monotonic clock: a wall-clock adjustment must not open or close a window. */
const monotonicNow = (): number => performance.now();

/** How far behind its even schedule the limiter may fall and still catch up; more is idleness, not lateness. */
export const MAX_LAG_MS = 250;

/**
 * Paces one platform's sends on an even schedule at the overall rate (slowed by
 * PACE_GUARD_MS + SCHEDULE_SLACK_MS per second), with two hard caps: at most
 * `overallPerSecond` sends in any window of one second plus PACE_GUARD_MS, and no two
 * closer than half the even spacing. Sends to one chat are
 * kept apart by its kind's interval. A 429 pushes a chat's (or, when global, the whole
 * platform's) next slot out by the time the platform asked for.
 *
 * The schedule does not slip when a timer fires late (a busy event loop, a slow
 * database write): the next sends catch up, a little faster, so the rate stays at the
 * limit rather than below it, and the window cap keeps any second from holding more
 * than the limit. After an idle spell (behind by more than MAX_LAG_MS) the schedule
 * restarts from now instead of banking slots, so there is no burst, unlike a token bucket.
 *
 * `reserve` answers at once: 0 means "go now" and the slot is taken; otherwise it is how
 * many milliseconds to wait, and nothing was taken, so a worker can serve another chat
 * meanwhile instead of holding a slot while it waits.
 *
 * With `unpaidPerSecond` below the overall rate (Telegram's paid broadcasts), a message
 * that cannot pay (an edit) asks `reserveUnpaid`: it goes only when the last second plus
 * PACE_GUARD_MS holds fewer than that many sends of any kind, and no more than that many
 * unpaid ones go in any such window. Someone must make room for it: PlatformPacer holds
 * deliveries back while one waits.
 */
export class RateLimiter implements Pacer {
  /** Times of the last `perWindow` sends, oldest first (a ring). */
  private readonly recent: number[] = [];
  private next = 0;
  private lastAt = -Infinity;
  private nextSlot = 0;
  private readonly spacingMs: number;
  private blockedUntil = 0;
  private readonly nextChatAt = new Map<string, number>();
  private readonly perWindow: number;
  private readonly windowMs: number;
  private readonly minSpacingMs: number;
  /** How many sends `recent` remembers: enough for the overall window and the unpaid one. */
  private readonly ringSize: number;
  /** Unpaid sends allowed in a window of UNPAID_WINDOW_MS; 0 when unpaid messages need no class of their own. */
  private readonly unpaidPerWindow: number;
  /** Times of the last `unpaidPerWindow` unpaid sends, oldest first (a ring). */
  private readonly unpaidRecent: number[] = [];
  private unpaidNext = 0;

  constructor(
    private readonly limits: PlatformLimits,
    private readonly now: () => number = monotonicNow,
  ) {
    const rate = limits.overallPerSecond;
    this.perWindow = Number.isFinite(rate) ? Math.max(1, Math.floor(rate)) : 0;
    this.windowMs = Number.isFinite(rate) ? (1000 * this.perWindow) / rate + PACE_GUARD_MS : 0;
    this.spacingMs = Number.isFinite(rate) ? (1000 + PACE_GUARD_MS + SCHEDULE_SLACK_MS) / rate : 0;
    this.minSpacingMs = this.spacingMs / 2;
    const unpaid = limits.unpaidPerSecond;
    this.unpaidPerWindow =
      unpaid !== undefined && Number.isFinite(unpaid) && unpaid < rate ? Math.max(1, Math.floor(unpaid)) : 0;
    this.ringSize = Math.max(this.perWindow, this.unpaidPerWindow);
  }

  /** Time to wait before a send to this chat; 0 means the slot is now taken. */
  reserve(chatId: string, kind: ChatKind): number {
    const now = this.now();
    const wait = Math.max(0, (this.nextChatAt.get(chatId) ?? 0) - now, this.overallWaitAt(now));
    if (wait > 0) return Math.ceil(wait);
    // Behind by more than MAX_LAG_MS is idleness: restart the schedule from now.
    this.nextSlot = (now - this.nextSlot > MAX_LAG_MS ? now : this.nextSlot) + this.spacingMs;
    if (this.ringSize > 0) {
      if (this.recent.length < this.ringSize) this.recent.push(now);
      else this.recent[this.next] = now;
      this.next = (this.next + 1) % this.ringSize;
    }
    this.lastAt = now;
    const interval = this.limits.perChatIntervalMs[kind];
    if (interval > 0) this.nextChatAt.set(chatId, now + interval + PACE_GUARD_MS);
    if (this.nextChatAt.size > FORGET_AFTER_CHATS) this.forgetPast(now);
    return 0;
  }

  /** `reserve` for a message that cannot pay for a broadcast (see the class comment). */
  reserveUnpaid(chatId: string, kind: ChatKind): number {
    if (this.unpaidPerWindow === 0) return this.reserve(chatId, kind);
    const now = this.now();
    const wait = Math.max(
      0,
      this.overallWaitAt(now),
      (this.nextChatAt.get(chatId) ?? 0) - now,
      // The send that would be the `unpaidPerWindow`-th in the window must have left it.
      (fromEnd(this.recent, this.next, this.unpaidPerWindow - 1) ?? -Infinity) + UNPAID_WINDOW_MS - now,
      (fromEnd(this.unpaidRecent, this.unpaidNext, this.unpaidPerWindow - 1) ?? -Infinity) + UNPAID_WINDOW_MS - now,
    );
    if (wait > 0) return Math.ceil(wait);
    const taken = this.reserve(chatId, kind);
    if (taken === 0) {
      if (this.unpaidRecent.length < this.unpaidPerWindow) this.unpaidRecent.push(now);
      else this.unpaidRecent[this.unpaidNext] = now;
      this.unpaidNext = (this.unpaidNext + 1) % this.unpaidPerWindow;
    }
    return taken;
  }

  /** How long this chat must wait, whatever the overall rate: whether it could go soon. */
  chatWait(chatId: string): number {
    return Math.max(0, Math.ceil((this.nextChatAt.get(chatId) ?? 0) - this.now()));
  }

  /** How long any send must wait for the overall rate (a global 429 included). */
  overallWait(): number {
    return Math.ceil(this.overallWaitAt(this.now()));
  }

  /** The platform said "retry after": nothing to this chat (or anywhere, when global) until then. */
  penalize(chatId: string, retryAfterMs: number, global: boolean): void {
    const until = this.now() + retryAfterMs;
    if (global) this.blockedUntil = Math.max(this.blockedUntil, until);
    this.nextChatAt.set(chatId, Math.max(this.nextChatAt.get(chatId) ?? 0, until));
  }

  private overallWaitAt(now: number): number {
    const oldest =
      this.perWindow === 0 ? -Infinity : (fromEnd(this.recent, this.next, this.perWindow - 1) ?? -Infinity);
    const scheduled = now - this.nextSlot > MAX_LAG_MS ? now : this.nextSlot;
    return Math.max(
      0,
      this.blockedUntil - now,
      scheduled - now,
      this.lastAt + this.minSpacingMs - now,
      oldest + this.windowMs - now,
    );
  }

  private forgetPast(now: number): void {
    for (const [chat, at] of this.nextChatAt) if (at <= now) this.nextChatAt.delete(chat);
  }
}

/** The window in which unpaid messages count every send: Telegram's second, plus the guard. */
export const UNPAID_WINDOW_MS = 1000 + PACE_GUARD_MS;

/** The `k`-th latest time of a ring (0: the latest) whose next write goes to `next`; undefined when it holds fewer. */
function fromEnd(ring: readonly number[], next: number, k: number): number | undefined {
  if (k >= ring.length) return undefined;
  return ring[(((next - 1 - k) % ring.length) + ring.length) % ring.length];
}

/**
 * What the delivery worker asks of a pacer (the local RateLimiter, the SharedRateLimiter
 * of several workers, or either behind a PlatformPacer): `reserve` answers at once, 0
 * meaning the slot is taken, else how long to wait (nothing taken).
 */
export interface Pacer {
  reserve(chatId: string, kind: ChatKind): number;
  /** `reserve` for a message that cannot pay for a broadcast: it keeps to the platform's unpaid ceiling. */
  reserveUnpaid(chatId: string, kind: ChatKind): number;
  chatWait(chatId: string): number;
  overallWait(): number;
  penalize(chatId: string, retryAfterMs: number, global: boolean): void;
}

/**
 * Who is sending: a reply answers a person (a command, a button press, paging) and goes
 * ahead of queued deliveries; a delivery waits for the slots replies leave.
 */
export type SendPriority = 'reply' | 'delivery';

/**
 * A reply told to wait by the platform (429s) for longer than this in all is given up:
 * the person has moved on, and the updates behind it in that chat should not wait more.
 */
export const REPLY_GIVE_UP_MS = 5 * 60_000;
/** While a reply waits for its chat, deliveries to that chat step aside for at least this long. */
export const REPLY_HOLD_MS = 1_000;

type Sleep = (ms: number, signal?: AbortSignal) => Promise<void>;
const realSleep: Sleep = async (ms, signal) => {
  await sleepFor(ms, undefined, signal ? { signal } : undefined);
};

/**
 * One platform's pacing, shared by everything in the process that sends to it: the
 * delivery worker (through the synchronous Pacer methods) and the adapter's replies
 * (through `acquire` and `send`). Replies take priority: while one waits for the
 * platform's next slot, deliveries step aside (their `reserve` answers "wait"), so the
 * reply gets that slot; while one waits for its chat (the chat's interval since the last
 * message), deliveries to that chat step aside too. A reply answered with RetryLaterError
 * (a 429) slows its chat, or the platform, for the time given and is sent again then.
 */
export class PlatformPacer implements Pacer {
  private waitingReplies = 0;
  /** Chats with a reply waiting, and how many. */
  private readonly replyChats = new Map<string, number>();
  private readonly counters = { replies: 0, replyRetries: 0, repliesGivenUp: 0 };

  constructor(
    private readonly base: Pacer,
    private readonly options: { logger?: Logger; label?: string; sleep?: Sleep } = {},
  ) {}

  // ---- deliveries (the worker): step aside for waiting replies ----

  reserve(chatId: string, kind: ChatKind): number {
    if (this.replyChats.has(chatId)) return this.chatWait(chatId);
    if (this.waitingReplies > 0) return this.overallWait();
    return this.base.reserve(chatId, kind);
  }

  reserveUnpaid(chatId: string, kind: ChatKind): number {
    if (this.replyChats.has(chatId)) return this.chatWait(chatId);
    if (this.waitingReplies > 0) return this.overallWait();
    return this.base.reserveUnpaid(chatId, kind);
  }

  chatWait(chatId: string): number {
    const wait = this.base.chatWait(chatId);
    return this.replyChats.has(chatId) ? Math.max(wait, REPLY_HOLD_MS) : wait;
  }

  overallWait(): number {
    const wait = this.base.overallWait();
    return this.waitingReplies > 0 ? Math.max(1, wait) : wait;
  }

  penalize(chatId: string, retryAfterMs: number, global: boolean): void {
    this.base.penalize(chatId, retryAfterMs, global);
  }

  // ---- replies (adapters) ----

  /**
   * Waits for, and takes, a slot for one message to the chat. `unpaid`: the message
   * cannot pay for a broadcast (an edit); while it waits for a second quiet enough,
   * deliveries step aside as for any waiting reply, which is what makes that second.
   */
  async acquire(
    chatId: string,
    kind: ChatKind,
    priority: SendPriority = 'reply',
    signal?: AbortSignal,
    options: { unpaid?: boolean } = {},
  ): Promise<void> {
    const sleep = this.options.sleep ?? realSleep;
    const take = options.unpaid === true ? 'reserveUnpaid' : 'reserve';
    if (priority === 'delivery') {
      for (let wait = this[take](chatId, kind); wait > 0; wait = this[take](chatId, kind)) await sleep(wait, signal);
      return;
    }
    this.replyChats.set(chatId, (this.replyChats.get(chatId) ?? 0) + 1);
    try {
      for (;;) {
        // Waiting for the chat alone holds back only that chat's deliveries.
        const chatWait = this.base.chatWait(chatId);
        if (chatWait > 0) {
          await sleep(chatWait, signal);
          continue;
        }
        this.waitingReplies++;
        try {
          const wait = this.base[take](chatId, kind);
          if (wait === 0) return;
          await sleep(wait, signal);
        } finally {
          this.waitingReplies--;
        }
      }
    } finally {
      const left = (this.replyChats.get(chatId) ?? 1) - 1;
      if (left > 0) this.replyChats.set(chatId, left);
      else this.replyChats.delete(chatId);
    }
  }

  /**
   * Sends one message in a slot (`acquire`), and again after the wait a RetryLaterError
   * asks for, until it is accepted or REPLY_GIVE_UP_MS of waiting has been asked for;
   * then, or on any other error, it throws.
   */
  async send<T>(
    chatId: string,
    kind: ChatKind,
    attempt: () => Promise<T>,
    options: { priority?: SendPriority; signal?: AbortSignal; unpaid?: boolean } = {},
  ): Promise<T> {
    let waited = 0;
    for (;;) {
      await this.acquire(chatId, kind, options.priority ?? 'reply', options.signal, { unpaid: options.unpaid });
      try {
        const result = await attempt();
        this.counters.replies++;
        return result;
      } catch (err) {
        if (!(err instanceof RetryLaterError)) throw err;
        this.penalize(chatId, err.retryAfterMs, err.global);
        waited += err.retryAfterMs;
        if (waited > REPLY_GIVE_UP_MS) {
          this.counters.repliesGivenUp++;
          this.options.logger?.warn(
            { platform: this.options.label, chatId, waitedMs: waited },
            'rate limited for too long; reply given up',
          );
          throw err;
        }
        this.counters.replyRetries++;
        this.options.logger?.warn(
          { platform: this.options.label, chatId, retryAfterMs: err.retryAfterMs, global: err.global },
          'reply rate limited by platform; sending it again after the wait',
        );
      }
    }
  }

  /** Counters since start: replies sent, resent after a 429, given up. */
  stats(): { replies: number; replyRetries: number; repliesGivenUp: number } {
    return { ...this.counters };
  }
}
