import { describe, expect, it } from 'vitest';
import { DEFAULT_SOAK, runSoak } from '../../bench/soak/run.ts';

/**
 * The soak (`npm run soak`, bench/soak.ts) at a small size, so it keeps working: the real
 * `tagwire start` on SQLite against the Telegram emulator, 200 subscribers, a post a
 * second for 20 s, readers' commands, 429 storms, 5xx, connection resets and two kill -9
 * with restarts. What is asserted is the accounting, never a timing: every expected
 * (subscriber, article) pair arrived, the repeats stay within the in-flight window per
 * kill, the emulator's record and the bot's outbox agree, and the faults did happen.
 */
describe('the soak, small', () => {
  it('loses nothing through storms, 5xx, resets and two kill -9, and its account adds up', async () => {
    const r = await runSoak({
      ...DEFAULT_SOAK,
      engine: 'sqlite',
      subscribers: 200,
      streamMs: 20_000,
      seed: 7,
      postIntervalMs: 1_000,
      storms: 2,
      stormMs: [1_000, 2_000],
      rates: { serverError: 0.05, reset: 0.03, poll: 0.05 },
      readers: 3,
      readerGapMs: [1_000, 2_000],
      // Slow enough that the fan-outs are still being sent when the kills come.
      maxPerSecond: 30,
      drainTimeoutMs: 120_000,
    });
    expect(r.failures).toEqual([]);
    expect(r.ok).toBe(true);

    expect(r.articles).toBeGreaterThanOrEqual(10);
    // Article 0 goes to everyone; the others to their topics' followers.
    expect(r.expected).toBeGreaterThan(r.subscribers);
    expect(r.lost).toBe(0);
    expect(r.delivered).toBe(r.expected);
    expect(r.unexpected).toBe(0);
    expect(r.outOfOrder).toBe(0);
    // Every send the emulator accepted is one expected pair, or a repeat of one.
    expect(r.sends).toBe(r.delivered + r.duplicates);
    expect(r.duplicateBound).toBe(2 * DEFAULT_SOAK.concurrency);
    expect(r.duplicates).toBeLessThanOrEqual(r.duplicateBound);
    expect(r.steady429).toBe(0);

    // The bot's own books: one row per expected pair, every one of them sent.
    expect(r.outbox.rows).toBe(r.expected);
    expect(r.outbox.sent).toBe(r.expected);

    // The faults were there.
    expect(r.injected.kills).toBe(2);
    expect(r.injected.killsMidDelivery).toBe(2);
    expect(r.restartSeconds).toHaveLength(2);
    expect(r.injected.storm429).toBeGreaterThan(0);
    expect(r.injected.serverErrors).toBeGreaterThan(0);
    expect(r.injected.resets).toBeGreaterThan(0);
    expect(r.replies.answered).toBeGreaterThan(0);
    expect(r.exitCode).toBe(0);
  }, 240_000);
});
