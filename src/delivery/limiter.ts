import type { ChatKind } from '../domain/platform.ts';
import type { PlatformLimits } from './limits.ts';

/**
 * Paces one platform's sends: all sends are spaced 1/overallPerSecond apart, and sends
 * to one chat by its kind's interval. A 429 pushes a chat's (or, when global, the whole
 * platform's) next slot out by the time the platform asked for.
 *
 * `reserve` answers at once: 0 means "go now" and takes the slot; otherwise it is how
 * many milliseconds to wait, and nothing was taken, so a worker can serve another chat
 * meanwhile instead of holding a slot while it waits.
 */
export class RateLimiter {
  private nextOverallAt = 0;
  private readonly nextChatAt = new Map<string, number>();
  private readonly spacingMs: number;

  constructor(private readonly limits: PlatformLimits, private readonly now: () => number = Date.now) {
    this.spacingMs = 1000 / limits.overallPerSecond;
  }

  /** Time to wait before a send to this chat; 0 means the slot is now taken. */
  reserve(chatId: string, kind: ChatKind): number {
    const now = this.now();
    const chatAt = this.nextChatAt.get(chatId) ?? 0;
    const wait = Math.max(0, chatAt - now, this.nextOverallAt - now);
    if (wait > 0) return Math.ceil(wait);
    this.nextOverallAt = Math.max(now, this.nextOverallAt) + this.spacingMs;
    this.nextChatAt.set(chatId, now + this.limits.perChatIntervalMs[kind]);
    if (this.nextChatAt.size > 100_000) this.forgetPast(now);
    return 0;
  }

  /** Wait only for the chat, not the overall rate: whether this chat could go soon. */
  chatWait(chatId: string): number {
    return Math.max(0, (this.nextChatAt.get(chatId) ?? 0) - this.now());
  }

  /** The platform said "retry after": nothing to this chat (or anywhere, when global) until then. */
  penalize(chatId: string, retryAfterMs: number, global: boolean): void {
    const until = this.now() + retryAfterMs;
    if (global) this.nextOverallAt = Math.max(this.nextOverallAt, until);
    this.nextChatAt.set(chatId, Math.max(this.nextChatAt.get(chatId) ?? 0, until));
  }

  private forgetPast(now: number): void {
    for (const [chat, at] of this.nextChatAt) if (at <= now) this.nextChatAt.delete(chat);
  }
}
