import type { ChatKind } from '../domain/platform.ts';
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
 */
export class RateLimiter {
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

  constructor(
    private readonly limits: PlatformLimits,
    private readonly now: () => number = monotonicNow,
  ) {
    const rate = limits.overallPerSecond;
    this.perWindow = Number.isFinite(rate) ? Math.max(1, Math.floor(rate)) : 0;
    this.windowMs = Number.isFinite(rate) ? (1000 * this.perWindow) / rate + PACE_GUARD_MS : 0;
    this.spacingMs = Number.isFinite(rate) ? (1000 + PACE_GUARD_MS + SCHEDULE_SLACK_MS) / rate : 0;
    this.minSpacingMs = this.spacingMs / 2;
  }

  /** Time to wait before a send to this chat; 0 means the slot is now taken. */
  reserve(chatId: string, kind: ChatKind): number {
    const now = this.now();
    const wait = Math.max(0, (this.nextChatAt.get(chatId) ?? 0) - now, this.overallWaitAt(now));
    if (wait > 0) return Math.ceil(wait);
    // Behind by more than MAX_LAG_MS is idleness: restart the schedule from now.
    this.nextSlot = (now - this.nextSlot > MAX_LAG_MS ? now : this.nextSlot) + this.spacingMs;
    if (this.perWindow > 0) {
      if (this.recent.length < this.perWindow) this.recent.push(now);
      else this.recent[this.next] = now;
      this.next = (this.next + 1) % this.perWindow;
    }
    this.lastAt = now;
    const interval = this.limits.perChatIntervalMs[kind];
    if (interval > 0) this.nextChatAt.set(chatId, now + interval + PACE_GUARD_MS);
    if (this.nextChatAt.size > FORGET_AFTER_CHATS) this.forgetPast(now);
    return 0;
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
    const oldest = this.recent.length < this.perWindow ? -Infinity : (this.recent[this.next] ?? -Infinity);
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
