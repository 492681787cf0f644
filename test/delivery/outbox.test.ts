import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { CoreHandle } from '../../src/runtime.ts';
import { FakeClock } from '../helpers/core.ts';
import { DIALECTS, openDialectCore } from '../helpers/dialects.ts';
import { seedFollowers } from './sink.ts';

let clock: FakeClock;
let handle: CoreHandle;
const LEASE = 60_000;

describe.each(DIALECTS)('outbox on %s', (dialect) => {
  beforeEach(async () => {
    clock = new FakeClock();
    handle = await openDialectCore(dialect, {}, clock);
  });
  afterEach(async () => {
    await handle.close();
  });

  const now = () => clock.now().getTime();
  const outbox = () => handle.deps.stores.outbox;
  const post = (title: string, tags: string[]) =>
    handle.core.postArticle({ title, tags, body: 'Body.' }, { postedBy: 'cli', notify: true });
  const claim = (limit = 100) =>
    outbox().claimDue({ platforms: ['telegram'], now: now(), leaseUntil: now() + LEASE, limit });

  describe('fan-out', () => {
    it('enqueues each active follower once, however many of its tags match, and skips muters and deactivated chats', async () => {
      const db = handle.storage.db;
      const ids = await seedFollowers(db, { count: 5, tag: 'Oil' });
      await seedFollowers(db, { count: 0, tag: 'Gas' });
      const gas = await handle.deps.stores.tags.find('gas');
      await handle.deps.stores.subscribers.setFollow(ids[0] ?? 0, gas?.id ?? 0, 'follow', now());
      await handle.deps.stores.subscribers.setFollow(ids[1] ?? 0, gas?.id ?? 0, 'mute', now());
      await handle.deps.stores.subscribers.setStatus(ids[2] ?? 0, 'deactivated', 'blocked', now());
      const result = await post('Prices', ['Oil', 'Gas']);
      expect(result.recipients).toBe(3);
      const rows = await outbox().list({ limit: 10 });
      expect(rows.map((r) => r.subscriberId).sort()).toEqual([ids[0], ids[3], ids[4]].sort());
      expect(await outbox().fanOut(result.articleId, now())).toBe(0);
    });
  });

  describe('claim and lease', () => {
    it('claims due rows once; a row whose lease ran out is claimed again', async () => {
      await seedFollowers(handle.storage.db, { count: 3, tag: 'Oil' });
      await post('One', ['Oil']);
      const first = await claim();
      expect(first).toHaveLength(3);
      expect(await claim()).toHaveLength(0);
      clock.advance(LEASE - 1);
      expect(await claim()).toHaveLength(0);
      clock.advance(2);
      const again = await claim();
      expect(again.map((r) => r.id).sort()).toEqual(first.map((r) => r.id).sort());
    });

    it('release and releaseAbandoned put claimed rows back in the queue at once', async () => {
      await seedFollowers(handle.storage.db, { count: 4, tag: 'Oil' });
      await post('One', ['Oil']);
      const claimed = await claim();
      await outbox().release(
        claimed.slice(0, 1).map((r) => r.id),
        now(),
      );
      expect(await claim()).toHaveLength(1);
      expect(await outbox().releaseAbandoned(now())).toBe(4);
      expect((await outbox().countByStatus()).queued).toBe(4);
    });

    it('a row rescheduled for later is not due before then, and a rate limit is not an attempt', async () => {
      await seedFollowers(handle.storage.db, { count: 1, tag: 'Oil' });
      await post('One', ['Oil']);
      const [row] = await claim();
      await outbox().reschedule(row?.id ?? 0, now() + 5000, 'rate limited', false, now());
      expect(await claim()).toHaveLength(0);
      expect(await outbox().nextDueAt(['telegram'])).toBe(now() + 5000);
      clock.advance(5000);
      const [again] = await claim();
      expect(again?.attempts).toBe(0);
    });

    it('failed rows are listed with their reason and requeued by retryFailed', async () => {
      await seedFollowers(handle.storage.db, { count: 2, tag: 'Oil' });
      await post('One', ['Oil']);
      const [a] = await claim();
      await outbox().markFailed(a?.id ?? 0, '502 Bad Gateway', now());
      expect(await outbox().failureReasons(5)).toEqual([{ reason: '502 Bad Gateway', count: 1 }]);
      const failed = await outbox().list({ statuses: ['failed'], limit: 10 });
      expect(failed.map((f) => [f.id, f.lastError])).toEqual([[a?.id, '502 Bad Gateway']]);
      expect(await outbox().retryFailed(now())).toBe(1);
      expect(await outbox().list({ statuses: ['failed'], limit: 10 })).toHaveLength(0);
    });
  });

  describe('ordering', () => {
    it('claims one row per chat at a time, the oldest article first, even across retries', async () => {
      const [chat] = await seedFollowers(handle.storage.db, { count: 1, tag: 'Oil' });
      const first = await post('First', ['Oil']);
      const second = await post('Second', ['Oil']);
      const third = await post('Third', ['Oil']);
      const [row] = await claim();
      expect(row?.articleId).toBe(first.articleId);
      expect(await claim()).toHaveLength(0); // the chat has a row in flight
      // The first fails and waits; nothing of this chat may overtake it.
      await outbox().reschedule(row?.id ?? 0, now() + 10_000, '502', true, now());
      expect(await claim()).toHaveLength(0);
      clock.advance(10_000);
      const [retried] = await claim();
      expect(retried?.articleId).toBe(first.articleId);
      await outbox().markSent(retried?.id ?? 0, 'm1', now());
      expect((await claim()).map((r) => r.articleId)).toEqual([second.articleId]);
      expect(third.articleId).toBeGreaterThan(second.articleId);
      expect(chat).toBeDefined();
    });

    it('different chats do not wait for each other', async () => {
      await seedFollowers(handle.storage.db, { count: 3, tag: 'Oil' });
      await post('First', ['Oil']);
      await post('Second', ['Oil']);
      const claimed = await claim();
      expect(claimed).toHaveLength(3);
      expect(new Set(claimed.map((r) => r.subscriberId)).size).toBe(3);
    });
  });

  describe('retention', () => {
    it('prunes sent rows older than the cut-off and keeps failed ones', async () => {
      await seedFollowers(handle.storage.db, { count: 3, tag: 'Oil' });
      await post('One', ['Oil']);
      const [a, b, c] = await claim();
      await outbox().markSent(a?.id ?? 0, 'm1', now());
      await outbox().markFailed(b?.id ?? 0, 'gone', now());
      clock.advance(1000);
      await outbox().markSent(c?.id ?? 0, 'm2', now());
      expect(await outbox().pruneSent(now())).toBe(1);
      const left = await outbox().list({ limit: 10 });
      expect(left.map((r) => r.id).sort()).toEqual([b?.id, c?.id].sort());
    });
  });
});
