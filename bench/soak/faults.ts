/**
 * The faults the soak injects through the Telegram emulator's fault hook
 * (TelegramEmulator.injectFaults). Each takes effect before the call does, so an injected
 * fault never delivers anything by itself:
 *
 * - 429 storms: for a stretch of a few seconds every message call (sends, edits, to
 *   anyone: deliveries and replies alike) is answered 429 with a retry_after of 1-3 s,
 *   as when Telegram throttles a bot as a whole;
 * - 5xx: a share of the deliveries' sendMessage calls is answered 500 or 502, and a
 *   share of the getUpdates long polls 502;
 * - connection resets: a share of the deliveries' sendMessage calls, and of the long
 *   polls, get their socket destroyed without an answer.
 *
 * Replies to readers get the storms but not the 5xx and resets: Telegram's 429 is
 * waited out and sent again by the bot (docs/delivery.md), whereas a reply that met a 5xx
 * is not retried by design (the reader asks again), which would only show up as a lost
 * reply in the latency figures.
 */
import { apiErrors } from '../../test/emulators/telegram/api-errors.ts';
import type { FaultHook } from '../../test/emulators/telegram/emulator.ts';
import { MESSAGE_METHODS } from '../../test/emulators/telegram/flood.ts';

export interface Storm {
  /** Milliseconds after the stream began. */
  startMs: number;
  endMs: number;
  retryAfterSeconds: number;
}

export interface FaultRates {
  /** Of the deliveries' sendMessage calls, answered 5xx. */
  serverError: number;
  /** Of the deliveries' sendMessage calls, dropped unanswered. */
  reset: number;
  /** Of the getUpdates calls, answered 502 or dropped (half each). */
  poll: number;
}

export interface FaultCounts {
  /** 429s answered by an injected storm. */
  storm429: number;
  /** 5xx answered to deliveries. */
  serverErrors: number;
  /** Deliveries whose connection was dropped. */
  resets: number;
  /** Long polls answered 502 or dropped. */
  pollFaults: number;
}

/** `count` storms at random times inside [0, streamMs), lasting `minMs`-`maxMs`, never overlapping. */
export function planStorms(
  count: number,
  streamMs: number,
  durationMs: readonly [number, number],
  random: () => number,
): Storm[] {
  const storms: Storm[] = [];
  const slot = streamMs / Math.max(1, count);
  for (let i = 0; i < count; i++) {
    const length = Math.round(durationMs[0] + random() * (durationMs[1] - durationMs[0]));
    const room = Math.max(0, slot - length);
    const startMs = Math.round(i * slot + random() * room);
    storms.push({ startMs, endMs: startMs + length, retryAfterSeconds: 1 + Math.floor(random() * 3) });
  }
  return storms;
}

export class FaultInjector {
  readonly counts: FaultCounts = { storm429: 0, serverErrors: 0, resets: 0, pollFaults: 0 };
  private origin: number | null = null;
  private stormsOn = true;

  constructor(
    private readonly storms: readonly Storm[],
    private readonly rates: FaultRates,
    private readonly random: () => number,
    /** Whether a chat id is one of the subscribers (a delivery), not a reader. */
    private readonly isDeliveryChat: (chatId: number) => boolean,
    private readonly now: () => number,
  ) {}

  /** Faults start now; storm times count from here. */
  start(): void {
    this.origin = this.now();
  }

  /** No storm after this (the drain after the stream); 5xx and resets go on. */
  endStorms(): void {
    this.stormsOn = false;
  }

  /** The storm in force at `at` (emulator clock), if any. */
  stormAt(at: number): Storm | undefined {
    if (this.origin === null || !this.stormsOn) return undefined;
    const t = at - this.origin;
    return this.storms.find((s) => t >= s.startMs && t < s.endMs);
  }

  /** Storm windows as [from, to) on the emulator clock, for telling replies apart. */
  stormWindows(): [number, number][] {
    const origin = this.origin ?? 0;
    return this.storms.map((s) => [origin + s.startMs, origin + s.endMs]);
  }

  readonly hook: FaultHook = (method, payload) => {
    if (this.origin === null) return null;
    if (method === 'getUpdates') {
      if (this.random() >= this.rates.poll) return null;
      this.counts.pollFaults++;
      return this.random() < 0.5 ? 'reset' : apiErrors.badGateway();
    }
    if (!MESSAGE_METHODS.has(method)) return null;
    const storm = this.stormAt(this.now());
    if (storm) {
      this.counts.storm429++;
      return apiErrors.tooManyRequests(storm.retryAfterSeconds);
    }
    if (method !== 'sendMessage' || !this.isDeliveryChat(Number(payload.chat_id))) return null;
    const roll = this.random();
    if (roll < this.rates.serverError) {
      this.counts.serverErrors++;
      return roll < this.rates.serverError / 2 ? apiErrors.internalServerError() : apiErrors.badGateway();
    }
    if (roll < this.rates.serverError + this.rates.reset) {
      this.counts.resets++;
      return 'reset';
    }
    return null;
  };
}
