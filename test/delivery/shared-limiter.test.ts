import { describe, expect, it } from 'vitest';
import { UNPAID_WINDOW_MS } from '../../src/delivery/limiter.ts';
import type { PlatformLimits } from '../../src/delivery/limits.ts';
import { SharedRateLimiter } from '../../src/delivery/shared-limiter.ts';
import type { RateSlotStore } from '../../src/storage/rate-slot-store.ts';

/**
 * SharedRateLimiter: several processes pace one platform through a shared schedule
 * (rate_slots on PostgreSQL; here an in-memory twin on the test's clock).
 */

const flush = () => new Promise((resolve) => setImmediate(resolve));

function sharedSchedule(now: () => number): RateSlotStore {
  let nextAt = 0;
  return {
    reserve(_platform, span) {
      const start = Math.max(nextAt, now());
      nextAt = start + span;
      return Promise.resolve(start - now());
    },
  };
}

const paid: PlatformLimits = {
  overallPerSecond: 1000,
  unpaidPerSecond: 30,
  perChatIntervalMs: { user: 1000, group: 3000, channel: 3000 },
};

describe('SharedRateLimiter', () => {
  it("an unpaid message during another process's paid broadcast goes in a quiet second it reserved", async () => {
    let t = 1_000_000;
    const now = () => t;
    const store = sharedSchedule(now);
    const worker = new SharedRateLimiter(store, 'telegram', paid, now);
    const replier = new SharedRateLimiter(store, 'telegram', paid, now, undefined, 1);
    const sent: number[] = [];
    let edited: number | null = null;
    let started = 0;
    for (let step = 0; step < 4000 && edited === null; step++) {
      for (let i = 0; i < 3; i++) if (worker.reserve(`d${step}-${i}`, 'user') === 0) sent.push(t);
      if (step >= 500) {
        if (step === 500) started = t;
        if (replier.reserveUnpaid('reader', 'user') === 0) edited = t;
      }
      t += 1;
      await flush();
    }
    expect(sent.filter((s) => s < started).length).toBeGreaterThan(400);
    expect(edited).not.toBeNull();
    expect(edited! - started).toBeLessThan(2500);
    expect(sent.filter((s) => s > edited! - UNPAID_WINDOW_MS && s <= edited!).length).toBeLessThan(30);
    // The broadcast goes on after it.
    const after = sent.filter((s) => s > edited!).length;
    for (let step = 0; step < 500; step++) {
      for (let i = 0; i < 3; i++) if (worker.reserve(`e${step}-${i}`, 'user') === 0) sent.push(t);
      t += 1;
      await flush();
    }
    expect(sent.filter((s) => s > edited!).length - after).toBeGreaterThan(300);
  });

  it('without a paid broadcast an unpaid message is paced like any other', async () => {
    let t = 1_000_000;
    const now = () => t;
    const free = { ...paid, overallPerSecond: 25 };
    const limiter = new SharedRateLimiter(sharedSchedule(now), 'telegram', free, now, undefined, 1);
    let sent = 0;
    for (let step = 0; step < 2000; step++) {
      if (limiter.reserveUnpaid(`r${step}`, 'user') === 0) sent++;
      t += 1;
      await flush();
    }
    expect(sent).toBeGreaterThan(40);
    expect(sent).toBeLessThanOrEqual(51);
  });
});
