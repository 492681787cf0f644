import { GLOBAL_WINDOW_GUARD_MS } from './limits.ts';

/** How long to wait when the requests in the way are still waiting for their answers. */
const IN_FLIGHT_WAIT_MS = 100;

/** One request counted by the window: `done` when its answer (or its failure) came back. */
export interface CountedRequest {
  done(): void;
}

/**
 * The sender's count of its own requests, for Discord's global limit (50 requests a
 * second per bot, every route counted). The worker paces messages, one slot each; but a
 * member's first DM takes two requests (opening the DM channel, then the message), and
 * what the worker spaced out can reach Discord closer together (the REST client's
 * queue, an event loop busy with synchronous SQLite work, the network).
 *
 * So a request occupies the window from the moment it is counted until a second after
 * its answer came back. Discord counts a request when it arrives, which is after it was
 * counted here and before its answer reached us, whatever happened in between; so if
 * a request is only sent when fewer than `limit` others are still in flight or were
 * answered less than a second ago, no second of Discord's holds more than `limit` of
 * them. A send that does not fit is handed back to the worker (a global retry-later for
 * as long as the window needs), never queued here.
 */
export class RequestWindow {
  /** When each counted request's answer came back (Infinity: still in flight). */
  private live: { end: number }[] = [];
  private readonly limit: number;
  private readonly windowMs: number;

  constructor(
    perSecond: number,
    private readonly now: () => number = () => performance.now(),
  ) {
    // As the worker's limiter: whole requests per window, the window stretched for a fractional rate.
    this.limit = Math.max(1, Math.floor(perSecond));
    this.windowMs = (1000 * this.limit) / perSecond + GLOBAL_WINDOW_GUARD_MS;
  }

  /** Counts `count` requests now, or says how many ms until they would fit (counting nothing). */
  take(count: number): { wait: number } | { requests: CountedRequest[] } {
    const now = this.now();
    this.live = this.live.filter((r) => r.end + this.windowMs > now);
    const over = this.live.length + count - this.limit;
    if (over > 0) {
      const end = this.live.map((r) => r.end).sort((a, b) => a - b)[over - 1] ?? Number.POSITIVE_INFINITY;
      return { wait: Number.isFinite(end) ? Math.max(1, Math.ceil(end + this.windowMs - now)) : IN_FLIGHT_WAIT_MS };
    }
    return { requests: Array.from({ length: count }, () => this.count()) };
  }

  /** Counts one request whether it fits or not (a rare clean-up that cannot wait). */
  count(): CountedRequest {
    const request = { end: Number.POSITIVE_INFINITY };
    this.live.push(request);
    return {
      done: () => {
        if (request.end === Number.POSITIVE_INFINITY) request.end = this.now();
      },
    };
  }
}
