import { afterEach, describe, expect, it } from 'vitest';
import { PACE_GUARD_MS, type PlatformLimits } from '../../src/delivery/limits.ts';
import type { DeliveryWorker } from '../../src/delivery/worker.ts';
import { startSchedules, type ScheduledJob } from '../../src/jobs/index.ts';
import { RecordingSink, seedFollowers } from '../delivery/sink.ts';
import { postTo, testWorker } from '../delivery/worker-helpers.ts';
import { FakeClock, waitFor } from '../helpers/core.ts';
import { TEST_DATABASE_URL } from '../helpers/dialects.ts';
import { sharedSchema } from './helpers.ts';

/**
 * Several workers and schedulers on one PostgreSQL database, in this process, each over
 * its own connection pool (as separate processes would be): the outbox is shared, the
 * platform's overall rate and each chat's interval hold across all of them together, and
 * each cron tick runs once. test/scale/processes.test.ts does the same with real processes.
 */
let close: (() => Promise<void>) | null = null;
afterEach(async () => {
  await close?.();
  close = null;
});

describe.runIf(TEST_DATABASE_URL)('workers sharing one PostgreSQL outbox', () => {
  it("deliver each row once, keep the combined overall rate and each chat's interval", async () => {
    const LIMIT = 20;
    const limits: PlatformLimits = {
      overallPerSecond: LIMIT,
      perChatIntervalMs: { user: 1000, group: 3000, channel: 3000 },
    };
    const shared = await sharedSchema(3);
    close = shared.close;
    const [first] = shared.handles;
    if (!first) throw new Error('no core');
    const chats = 40;
    await seedFollowers(first.storage.db, { count: chats, tag: 'Rate', firstChatId: 500 });
    const one = await postTo(first, 'Rate one', ['Rate']);
    const two = await postTo(first, 'Rate two', ['Rate']);
    // One sink: the platform, as all workers see it; it refuses (429) anything over the limits.
    // Its windows are JITTER_MS short of the limits': on a loaded CI machine a send can reach
    // it tens of ms after its slot (a slow round trip, a busy event loop), and Telegram itself
    // is not that exact. Three workers that did not share the rate would send 60 a second,
    // and two that did not share a chat's interval would send to it at once: both are refused.
    const JITTER_MS = 50;
    const sink = new RecordingSink({
      overallPerSecond: LIMIT,
      overallWindowMs: 1000 - JITTER_MS,
      perChatIntervalMs: 1000 - JITTER_MS,
    });
    const workers: DeliveryWorker[] = shared.handles.map((h) => testWorker(h, [sink], limits, 'real'));
    for (const worker of workers) worker.start();
    try {
      await waitFor(() => sink.count('sent') >= chats * 2, `${chats * 2} sends (got ${sink.count('sent')})`, 30_000);
    } finally {
      for (const worker of workers) await worker.stop();
    }
    expect(sink.count('rate-limited')).toBe(0);
    expect(sink.maxInWindow(1000 - JITTER_MS)).toBeLessThanOrEqual(LIMIT);
    for (let i = 0; i < chats; i++) expect(sink.received.get(String(500 + i))).toEqual([one.publicId, two.publicId]);
    // More than one worker did the work.
    expect(workers.filter((w) => w.stats().sent > 0).length).toBeGreaterThan(1);
    expect(await first.deps.stores.outbox.countByStatus()).toMatchObject({ sent: chats * 2, queued: 0, sending: 0 });
  });

  it("keep a chat's interval across workers with the same guard a worker keeps alone", async () => {
    // Worker A's send is stamped when it is marked sent; worker B must not claim the chat's
    // next row until the interval and PACE_GUARD_MS have passed, as A's own limiter would
    // wait: the latency of two sends differs, and stamps are whole milliseconds.
    const clock = new FakeClock();
    const shared = await sharedSchema(2, {}, clock);
    close = shared.close;
    const [a, b] = shared.handles;
    if (!a || !b) throw new Error('no core');
    await seedFollowers(a.storage.db, { count: 1, tag: 'Gap', firstChatId: 900 });
    const one = await postTo(a, 'Gap one', ['Gap']);
    const two = await postTo(a, 'Gap two', ['Gap']);
    const sink = new RecordingSink();
    const limits: PlatformLimits = {
      overallPerSecond: Infinity,
      perChatIntervalMs: { user: 1000, group: 0, channel: 0 },
    };
    const workerA = testWorker(a, [sink], limits);
    const workerB = testWorker(b, [sink], limits);
    expect(await workerA.drainDue()).toBe(1);
    clock.advance(1000);
    expect(await workerB.drainDue()).toBe(0);
    clock.advance(PACE_GUARD_MS);
    expect(await workerB.drainDue()).toBe(1);
    expect(sink.received.get('900')).toEqual([one.publicId, two.publicId]);
  });

  it('claim disjoint rows when claiming at the same moment (FOR UPDATE SKIP LOCKED)', async () => {
    const shared = await sharedSchema(4);
    close = shared.close;
    const [first] = shared.handles;
    if (!first) throw new Error('no core');
    await seedFollowers(first.storage.db, { count: 400, tag: 'Claim', firstChatId: 1 });
    await postTo(first, 'Claim', ['Claim']);
    const now = Date.now();
    const batches = await Promise.all(
      shared.handles.map((h) =>
        h.deps.stores.outbox.claimDue({ platforms: ['telegram'], now, leaseUntil: now + 60_000, limit: 150 }),
      ),
    );
    const ids = batches.flat().map((r) => r.id);
    expect(new Set(ids).size).toBe(ids.length);
    expect(ids.length).toBe(400);
    // A lease that runs out makes the rows claimable again (their worker died), and only then.
    expect(
      await first.deps.stores.outbox.claimDue({
        platforms: ['telegram'],
        now: now + 1,
        leaseUntil: now + 2,
        limit: 500,
      }),
    ).toEqual([]);
    const reclaimed = await first.deps.stores.outbox.claimDue({
      platforms: ['telegram'],
      now: now + 60_001,
      leaseUntil: now + 120_000,
      limit: 500,
    });
    expect(reclaimed.length).toBe(400);
  });
});

describe.runIf(TEST_DATABASE_URL)('schedulers sharing one PostgreSQL database', () => {
  it('run each cron job once per tick', async () => {
    const shared = await sharedSchema(2);
    close = shared.close;
    const runs: { job: string; tick: number; by: number }[] = [];
    const jobs = (by: number): ScheduledJob[] =>
      ['a', 'b'].map((name) => ({
        name,
        cron: '* * * * * *',
        run: async () => {
          runs.push({ job: name, tick: Math.floor(Date.now() / 1000), by });
        },
      }));
    const schedules = shared.handles.map((h, i) => startSchedules(h.deps, jobs(i)));
    try {
      await waitFor(
        () => runs.filter((r) => r.job === 'a').length >= 3 && runs.filter((r) => r.job === 'b').length >= 3,
        'three ticks of each job',
        10_000,
      );
    } finally {
      for (const s of schedules) await s.stop();
    }
    for (const job of ['a', 'b']) {
      const ticks = runs.filter((r) => r.job === job).map((r) => r.tick);
      expect(new Set(ticks).size, `${job} ran twice in a tick: ${ticks.join(', ')}`).toBe(ticks.length);
    }
    const rows = await shared.handles[0]?.deps.stores.jobRuns.list();
    expect(rows).toHaveLength(2);
  });
});
