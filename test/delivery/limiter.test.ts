import { describe, expect, it } from 'vitest';
import { MAX_LAG_MS, RateLimiter } from '../../src/delivery/limiter.ts';
import { PACE_GUARD_MS, SCHEDULE_SLACK_MS, type PlatformLimits } from '../../src/delivery/limits.ts';
import { backoffMs, RETRY_BASE_MS, RETRY_CAP_MS } from '../../src/delivery/retry.ts';

const limits: PlatformLimits = { overallPerSecond: 10, perChatIntervalMs: { user: 1000, group: 3000, channel: 3000 } };

function fakeTime(start = 1_000_000) {
  let t = start;
  return {
    now: () => t,
    advance: (ms: number) => {
      t += ms;
    },
  };
}

/** Drives the limiter as the worker does: try, and on a wait advance the clock by it. */
function sendTimes(limiter: RateLimiter, time: ReturnType<typeof fakeTime>, chats: string[]): number[] {
  const times: number[] = [];
  for (const chat of chats) {
    for (let wait = limiter.reserve(chat, 'user'); wait > 0; wait = limiter.reserve(chat, 'user')) time.advance(wait);
    times.push(time.now());
  }
  return times;
}

describe('RateLimiter', () => {
  it('spaces sends to many chats evenly at the overall rate, never more than the limit in any second', () => {
    const time = fakeTime();
    const limiter = new RateLimiter(limits, time.now);
    const times = sendTimes(
      limiter,
      time,
      Array.from({ length: 50 }, (_, i) => `c${i}`),
    );
    const spacing = (1000 + PACE_GUARD_MS + SCHEDULE_SLACK_MS) / limits.overallPerSecond;
    for (let i = 1; i < times.length; i++)
      expect((times[i] ?? 0) - (times[i - 1] ?? 0)).toBeGreaterThanOrEqual(Math.floor(spacing));
    for (let i = limits.overallPerSecond; i < times.length; i++) {
      expect((times[i] ?? 0) - (times[i - limits.overallPerSecond] ?? 0)).toBeGreaterThanOrEqual(1000);
    }
    // And as fast as allowed: 50 sends take 49 spacings, rounded up to whole ms.
    expect((times[49] ?? 0) - (times[0] ?? 0)).toBeLessThanOrEqual(49 * Math.ceil(spacing));
  });

  it('a late timer does not lose its slots: the next sends catch up, never more than the limit in a window', () => {
    const time = fakeTime();
    const limiter = new RateLimiter(limits, time.now);
    const times: number[] = [];
    const sendOne = (chat: string) => {
      for (let wait = limiter.reserve(chat, 'user'); wait > 0; wait = limiter.reserve(chat, 'user')) time.advance(wait);
      times.push(time.now());
    };
    for (let i = 0; i < 10; i++) sendOne(`a${i}`);
    time.advance(MAX_LAG_MS - 50); // the event loop stalled for a couple of slots
    for (let i = 0; i < 30; i++) sendOne(`b${i}`);
    const spacing = (1000 + PACE_GUARD_MS + SCHEDULE_SLACK_MS) / limits.overallPerSecond;
    // Back on the even schedule: the 40th send is where it would have been without the stall.
    expect((times[39] ?? 0) - (times[0] ?? 0)).toBeLessThanOrEqual(Math.ceil(39 * spacing) + 1);
    for (let i = limits.overallPerSecond; i < times.length; i++) {
      expect((times[i] ?? 0) - (times[i - limits.overallPerSecond] ?? 0)).toBeGreaterThanOrEqual(1000);
    }
    for (let i = 1; i < times.length; i++)
      expect((times[i] ?? 0) - (times[i - 1] ?? 0)).toBeGreaterThanOrEqual(Math.floor(spacing / 2));
  });

  it('after an idle spell it restarts the schedule instead of bursting', () => {
    const time = fakeTime();
    const limiter = new RateLimiter(limits, time.now);
    sendTimes(limiter, time, ['a', 'b']);
    time.advance(MAX_LAG_MS + 5000);
    const after = sendTimes(limiter, time, ['c', 'd', 'e']);
    const spacing = (1000 + PACE_GUARD_MS + SCHEDULE_SLACK_MS) / limits.overallPerSecond;
    expect((after[1] ?? 0) - (after[0] ?? 0)).toBeGreaterThanOrEqual(Math.floor(spacing));
    expect((after[2] ?? 0) - (after[1] ?? 0)).toBeGreaterThanOrEqual(Math.floor(spacing));
  });

  it('a waiting answer takes nothing: another chat can go at once', () => {
    const time = fakeTime();
    const limiter = new RateLimiter({ ...limits, overallPerSecond: 1000 }, time.now);
    expect(limiter.reserve('a', 'user')).toBe(0);
    time.advance(5);
    const waitA = limiter.reserve('a', 'user');
    expect(waitA).toBeGreaterThan(900);
    expect(limiter.chatWait('a')).toBe(waitA);
    expect(limiter.reserve('b', 'user')).toBe(0);
  });

  it('paces one chat by its kind: a second a private chat, three seconds a group', () => {
    const time = fakeTime();
    const limiter = new RateLimiter({ ...limits, overallPerSecond: 1000 }, time.now);
    expect(limiter.reserve('user', 'user')).toBe(0);
    time.advance(5);
    expect(limiter.reserve('group', 'group')).toBe(0);
    time.advance(1000 + PACE_GUARD_MS);
    expect(limiter.reserve('user', 'user')).toBe(0);
    expect(limiter.chatWait('group')).toBeGreaterThan(1900);
    time.advance(limiter.chatWait('group') - 1);
    expect(limiter.reserve('group', 'group')).toBe(1);
    time.advance(1);
    expect(limiter.reserve('group', 'group')).toBe(0);
  });

  it('a 429 slows only its chat, unless the platform says global', () => {
    const time = fakeTime();
    const limiter = new RateLimiter({ ...limits, overallPerSecond: 1000 }, time.now);
    limiter.penalize('a', 5000, false);
    expect(limiter.chatWait('a')).toBe(5000);
    expect(limiter.overallWait()).toBe(0);
    expect(limiter.reserve('b', 'user')).toBe(0);
    limiter.penalize('b', 7000, true);
    expect(limiter.overallWait()).toBe(7000);
    expect(limiter.reserve('c', 'user')).toBe(7000);
    time.advance(7000);
    expect(limiter.reserve('c', 'user')).toBe(0);
  });
});

describe('backoffMs', () => {
  it('doubles from the base per attempt, with jitter in [0.5, 1) of the step', () => {
    expect(backoffMs(1, () => 0)).toBe(RETRY_BASE_MS / 2);
    expect(backoffMs(1, () => 0.999999)).toBeLessThanOrEqual(RETRY_BASE_MS);
    expect(backoffMs(3, () => 0)).toBe((RETRY_BASE_MS * 4) / 2);
    const spread = new Set(Array.from({ length: 20 }, (_, i) => backoffMs(4, () => i / 20)));
    expect(spread.size).toBeGreaterThan(10);
  });

  it('never waits longer than the cap', () => {
    for (const attempt of [10, 20, 50, 1000]) {
      expect(backoffMs(attempt, () => 0.999999)).toBeLessThanOrEqual(RETRY_CAP_MS);
      expect(backoffMs(attempt, () => 0)).toBe(RETRY_CAP_MS / 2);
    }
  });
});
