import { afterEach, describe, expect, it } from 'vitest';
import { PermanentDeliveryError, RetryLaterError, TransientDeliveryError } from '../../src/delivery/errors.ts';
import type { PlatformLimits } from '../../src/delivery/limits.ts';
import type { CoreHandle } from '../../src/runtime.ts';
import { FakeClock, waitFor } from '../helpers/core.ts';
import { DIALECTS, openDialectCore } from '../helpers/dialects.ts';
import { RecordingSink, seedFollowers } from './sink.ts';
import { postTo, testWorker } from './worker-helpers.ts';

/**
 * Fault tests at the sender port, in process: a platform stand-in (RecordingSink) that
 * enforces a rate and scripts failures. The kill -9 test, through a real `tagwire`
 * process and HTTP, is crash.test.ts.
 */
let handle: CoreHandle;
afterEach(async () => {
  await handle.close();
});

/** Every recipient got the article exactly once. */
function expectEachOnce(sink: RecordingSink, chats: number, publicId: string): void {
  expect(sink.received.size).toBe(chats);
  for (const [chat, articles] of sink.received) expect(articles, `chat ${chat}`).toEqual([publicId]);
}

describe.each(DIALECTS)('on %s', (dialect) => {
  describe('a 429 storm on 1,000 recipients', () => {
    it('delivers to all, loses none, never counts a 429 as an attempt, and never goes above the overall limit', async () => {
      const LIMIT = 200;
      handle = await openDialectCore(dialect, { DELIVERY_CONCURRENCY: '8' });
      await seedFollowers(handle.storage.db, { count: 1000, tag: 'Oil' });
      // Every 7th send is refused with retry_after, on top of the sink's own rate check.
      const sink = new RecordingSink({
        overallPerSecond: LIMIT,
        fault: (_m, n) => (n % 7 === 0 ? new RetryLaterError(300) : null),
      });
      const limits: PlatformLimits = {
        overallPerSecond: LIMIT,
        perChatIntervalMs: { user: 1000, group: 3000, channel: 3000 },
      };
      const article = await postTo(handle, 'Storm', ['Oil']);
      const worker = testWorker(handle, [sink], limits, 'real');
      worker.start();
      await waitFor(() => sink.received.size === 1000, 'all 1,000 delivered', 60_000);
      await worker.stop();

      expectEachOnce(sink, 1000, article.publicId);
      const scripted = sink.calls.filter((c) => c.outcome === 'rate-limited').length;
      expect(scripted).toBeGreaterThanOrEqual(Math.floor(1000 / 7));
      expect(worker.stats().rateLimited).toBe(scripted);
      // The sink's own limit never tripped: every 429 was a scripted one (every 7th call).
      expect(scripted).toBe(Math.floor(sink.calls.length / 7));
      // What the platform saw, from its own log: never more than the limit in any second
      // (a 1% tolerance for timer and clock granularity).
      expect(sink.maxInWindow(1000)).toBeLessThanOrEqual(Math.ceil(LIMIT * 1.01));
      const counts = await handle.deps.stores.outbox.countByStatus();
      expect(counts).toMatchObject({ sent: 1000, queued: 0, sending: 0, failed: 0 });
      const attempts = await handle.storage.db
        .selectFrom('deliveries')
        .select('attempts')
        .where('attempts', '>', 0)
        .execute();
      expect(attempts).toHaveLength(0);
    });
  });

  describe('a platform that fails with 5xx for a while, then recovers', () => {
    it('delivers everything once it is back, with the failed attempts counted and none failed for good', async () => {
      const clock = new FakeClock();
      handle = await openDialectCore(dialect, { DELIVERY_MAX_ATTEMPTS: '8' }, clock);
      await seedFollowers(handle.storage.db, { count: 200, tag: 'Oil' });
      const outageEnds = clock.now().getTime() + 3 * 60_000;
      const sink = new RecordingSink({
        fault: () => (clock.now().getTime() < outageEnds ? new TransientDeliveryError('502 Bad Gateway') : null),
      });
      const article = await postTo(handle, 'Outage', ['Oil']);
      const worker = testWorker(handle, [sink]);
      for (let step = 0; step < 100 && sink.received.size < 200; step++) {
        await worker.drainDue();
        clock.advance(15_000);
      }
      expectEachOnce(sink, 200, article.publicId);
      expect(sink.count('fault')).toBeGreaterThanOrEqual(200 * 4);
      const rows = await handle.deps.stores.outbox.list({ limit: 500 });
      expect(rows.every((r) => r.status === 'sent' && r.attempts >= 4)).toBe(true);
    });
  });

  describe('permanent errors in the middle of a fan-out', () => {
    it('deactivates those chats, delivers to the rest, and leaves them out of the next fan-out', async () => {
      handle = await openDialectCore(dialect, { DELIVERY_CONCURRENCY: '8' });
      const ids = await seedFollowers(handle.storage.db, { count: 300, tag: 'Oil', firstChatId: 5000 });
      const isBlocked = (chatId: string) => Number(chatId) % 10 === 3;
      const sink = new RecordingSink({
        fault: (m) =>
          isBlocked(m.subscriber.chatId)
            ? new PermanentDeliveryError('blocked', 'Forbidden: bot was blocked by the user')
            : null,
      });
      const article = await postTo(handle, 'Mid', ['Oil']);
      await testWorker(handle, [sink]).drainDue();
      expect(sink.received.size).toBe(270);
      for (const [chat, articles] of sink.received) {
        expect(isBlocked(chat)).toBe(false);
        expect(articles).toEqual([article.publicId]);
      }
      const subs = await handle.storage.db
        .selectFrom('subscribers')
        .select(['chat_id', 'status', 'status_reason'])
        .where('id', 'in', ids)
        .execute();
      for (const s of subs) expect(s.status).toBe(isBlocked(s.chat_id) ? 'deactivated' : 'active');
      const failed = await handle.deps.stores.outbox.list({ statuses: ['failed'], limit: 100 });
      expect(failed).toHaveLength(30);
      expect(failed.every((f) => /blocked/u.test(f.lastError ?? ''))).toBe(true);
      expect((await postTo(handle, 'Next', ['Oil'])).recipients).toBe(270);
    });
  });
});
