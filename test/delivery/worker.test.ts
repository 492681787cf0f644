import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import {
  ChatMovedError,
  PermanentDeliveryError,
  RetryLaterError,
  TransientDeliveryError,
} from '../../src/delivery/errors.ts';
import { CONFIRM_PERMANENT_AFTER } from '../../src/delivery/retry.ts';
import { createCommandRouter } from '../../src/commands/router.ts';
import type { CoreHandle } from '../../src/runtime.ts';
import { FakeClock, waitFor } from '../helpers/core.ts';
import { DIALECTS, openDialectCore, type DialectName } from '../helpers/dialects.ts';
import { RecordingSink, seedFollowers } from './sink.ts';
import { postTo, testWorker } from './worker-helpers.ts';

let handle: CoreHandle;
afterEach(async () => {
  await handle.close();
});

let dialect: DialectName = 'sqlite';

async function setup(count: number, env: Record<string, string> = {}) {
  const clock = new FakeClock();
  handle = await openDialectCore(dialect, env, clock);
  const ids = await seedFollowers(handle.storage.db, { count, tag: 'Oil', firstChatId: 100 });
  return { clock, ids, outbox: handle.deps.stores.outbox, subscribers: handle.deps.stores.subscribers };
}

describe.each(DIALECTS)('on %s', (name) => {
  beforeEach(() => {
    dialect = name;
  });

  describe('delivery worker: sending', () => {
    it('marks each row sent with the platform message id, and hands the sender the card', async () => {
      const { outbox } = await setup(2);
      const sink = new RecordingSink();
      const article = await postTo(handle, 'Oil up', ['Oil']);
      expect(await testWorker(handle, [sink]).drainDue()).toBe(2);
      const rows = await outbox.list({ limit: 10 });
      expect(rows.map((r) => [r.status, r.messageId !== null])).toEqual([
        ['sent', true],
        ['sent', true],
      ]);
      expect(sink.calls.map((c) => c.article)).toEqual([article.publicId, article.publicId]);
    });

    it('builds the same card buttons in batches as for one chat (follow toggles per chat)', async () => {
      const { ids, subscribers } = await setup(2);
      const gas = (await handle.deps.stores.tags.ensure([{ key: 'gas', display: 'Gas' }], Date.now()))[0];
      await subscribers.setFollow(ids[1] ?? 0, gas?.id ?? 0, 'follow', Date.now());
      const posted = await postTo(handle, 'Energy', ['Oil', 'Gas', 'Coal']);
      const [row] = await handle.deps.stores.articles.byIds([posted.articleId]);
      const [view] = row ? await handle.deps.stores.articles.views([row]) : [];
      if (!view) throw new Error('no article');
      const article = { id: posted.articleId, view };
      const router = createCommandRouter(handle.deps);
      const batch = await router.cardButtonsFor(article, ids);
      for (const id of ids) expect(batch.get(id)).toEqual(await router.cardButtons(article, id));
      expect(batch.get(ids[0] ?? 0)?.[1]?.map((b) => b.label)).toEqual(['✓ #Oil', '+ #Gas', '+ #Coal']);
      expect(batch.get(ids[1] ?? 0)?.[1]?.map((b) => b.label)).toEqual(['✓ #Oil', '✓ #Gas', '+ #Coal']);
    });

    it('delivers a chat its articles in the order they were posted', async () => {
      await setup(3);
      const sink = new RecordingSink();
      const posted = [];
      for (const title of ['A', 'B', 'C', 'D']) posted.push((await postTo(handle, title, ['Oil'])).publicId);
      const worker = testWorker(handle, [sink]);
      while ((await worker.drainDue()) > 0) {
        /* one row per chat per batch */
      }
      for (const received of sink.received.values()) expect(received).toEqual(posted);
      expect(sink.received.size).toBe(3);
    });
  });

  describe('delivery worker: error mapping', () => {
    it('a 429 reschedules after retry_after without counting an attempt', async () => {
      const { clock, outbox } = await setup(1);
      let first = true;
      const sink = new RecordingSink({ fault: () => (first ? ((first = false), new RetryLaterError(30_000)) : null) });
      await postTo(handle, 'A', ['Oil']);
      const worker = testWorker(handle, [sink]);
      expect(await worker.drainDue()).toBe(0);
      const [row] = await outbox.list({ limit: 1 });
      expect(row).toMatchObject({ status: 'queued', attempts: 0, nextAttemptAt: clock.now().getTime() + 30_000 });
      expect(worker.stats().rateLimited).toBe(1);
      clock.advance(30_000);
      expect(await worker.drainDue()).toBe(1);
    });

    it('transient failures back off and count; after DELIVERY_MAX_ATTEMPTS the row fails with its reason', async () => {
      const { clock, outbox } = await setup(1, { DELIVERY_MAX_ATTEMPTS: '3' });
      const sink = new RecordingSink({ fault: () => new TransientDeliveryError('502 Bad Gateway') });
      await postTo(handle, 'A', ['Oil']);
      const worker = testWorker(handle, [sink]);
      await worker.drainDue();
      let [row] = await outbox.list({ limit: 1 });
      expect(row).toMatchObject({ status: 'queued', attempts: 1, lastError: '502 Bad Gateway' });
      const firstWait = (row?.nextAttemptAt ?? 0) - clock.now().getTime();
      clock.advance(firstWait);
      await worker.drainDue();
      [row] = await outbox.list({ limit: 1 });
      expect(row?.attempts).toBe(2);
      expect((row?.nextAttemptAt ?? 0) - clock.now().getTime()).toBe(firstWait * 2);
      clock.advance(firstWait * 2);
      await worker.drainDue();
      [row] = await outbox.list({ limit: 1 });
      expect(row).toMatchObject({ status: 'failed', attempts: 3, lastError: '502 Bad Gateway' });
      expect(await outbox.failureReasons(3)).toEqual([{ reason: '502 Bad Gateway', count: 1 }]);
    });

    it('anything thrown that is not a delivery error counts as transient', async () => {
      const { outbox } = await setup(1);
      const sink = new RecordingSink({ fault: () => new Error('socket hang up') });
      await postTo(handle, 'A', ['Oil']);
      await testWorker(handle, [sink]).drainDue();
      const [row] = await outbox.list({ limit: 1 });
      expect(row).toMatchObject({ status: 'queued', attempts: 1, lastError: 'socket hang up' });
    });

    it('a blocked chat is deactivated at once, its row failed and its other pending rows skipped', async () => {
      const { ids, outbox, subscribers } = await setup(2);
      const blocked = '100';
      const sink = new RecordingSink({
        fault: (m) =>
          m.subscriber.chatId === blocked
            ? new PermanentDeliveryError('blocked', 'Forbidden: bot was blocked by the user')
            : null,
      });
      await postTo(handle, 'A', ['Oil']);
      await postTo(handle, 'B', ['Oil']);
      await testWorker(handle, [sink]).drainDue();
      const sub = await subscribers.byId(ids[0] ?? 0);
      expect(sub).toMatchObject({ status: 'deactivated', status_reason: 'blocked' });
      const rows = await outbox.list({ subscriberId: ids[0] ?? 0, limit: 10 });
      expect(rows.map((r) => r.status).sort()).toEqual(['failed', 'skipped']);
      expect(rows.find((r) => r.status === 'failed')?.lastError).toMatch(/blocked/u);
      expect(sink.received.get('101')).toHaveLength(2);
    });

    it('missing rights pause the chat and leave a notice; its rows wait', async () => {
      const { ids, outbox, subscribers } = await setup(1);
      const sink = new RecordingSink({
        fault: () =>
          new PermanentDeliveryError(
            'missing-permissions',
            'not enough rights',
            'pause',
            false,
            'Give me the right to post.',
          ),
      });
      await postTo(handle, 'A', ['Oil']);
      await postTo(handle, 'B', ['Oil']);
      await testWorker(handle, [sink]).drainDue();
      expect(await subscribers.byId(ids[0] ?? 0)).toMatchObject({
        status: 'paused',
        notice: 'Give me the right to post.',
      });
      expect((await outbox.list({ limit: 10 })).map((r) => r.status).sort()).toEqual(['failed', 'queued']);
    });

    it('"chat not found" deactivates only after repeats; a success in between resets the count', async () => {
      const { clock, ids, subscribers } = await setup(1);
      let failing = true;
      const sink = new RecordingSink({
        fault: () =>
          failing ? new PermanentDeliveryError('gone', 'Bad Request: chat not found', 'deactivate', true) : null,
      });
      await postTo(handle, 'A', ['Oil']);
      const worker = testWorker(handle, [sink]);
      for (let i = 1; i < CONFIRM_PERMANENT_AFTER; i++) {
        await worker.drainDue();
        clock.advance(60 * 60_000);
      }
      expect(await subscribers.byId(ids[0] ?? 0)).toMatchObject({
        status: 'active',
        failure_count: CONFIRM_PERMANENT_AFTER - 1,
      });
      failing = false;
      await worker.drainDue();
      expect(await subscribers.byId(ids[0] ?? 0)).toMatchObject({ status: 'active', failure_count: 0 });
      failing = true;
      await postTo(handle, 'B', ['Oil']);
      for (let i = 0; i < CONFIRM_PERMANENT_AFTER; i++) {
        await worker.drainDue();
        clock.advance(60 * 60_000);
      }
      expect(await subscribers.byId(ids[0] ?? 0)).toMatchObject({ status: 'deactivated' });
    });

    it('a chat that moved gets the article at its new id', async () => {
      const { ids, subscribers } = await setup(1);
      const sink = new RecordingSink({
        fault: (m) => (m.subscriber.chatId === '100' ? new ChatMovedError('-100200') : null),
      });
      const article = await postTo(handle, 'A', ['Oil']);
      await testWorker(handle, [sink]).drainDue();
      expect((await subscribers.byId(ids[0] ?? 0))?.chat_id).toBe('-100200');
      expect(sink.received.get('-100200')).toEqual([article.publicId]);
    });
  });

  describe('delivery worker: stopping', () => {
    it('lets sends in flight finish and puts the rest of its batch back in the queue', async () => {
      const { outbox } = await setup(40, { DELIVERY_CONCURRENCY: '2' });
      let release: () => void = () => {};
      const gate = new Promise<void>((resolve) => {
        release = resolve;
      });
      let started = 0;
      const sink = new RecordingSink();
      const slow = {
        platform: 'telegram' as const,
        async send(m: Parameters<RecordingSink['send']>[0]) {
          started++;
          await gate;
          return sink.send(m);
        },
        sendDigest: sink.sendDigest.bind(sink),
        fits: sink.fits.bind(sink),
      };
      await postTo(handle, 'A', ['Oil']);
      const worker = testWorker(handle, [slow]);
      worker.start();
      await waitFor(() => started === 2, 'two sends in flight');
      const stopping = worker.stop();
      release();
      await stopping;
      const counts = await outbox.countByStatus();
      expect(counts).toMatchObject({ sent: 2, sending: 0, queued: 38 });
      expect(started).toBe(2);
    });
  });
});
