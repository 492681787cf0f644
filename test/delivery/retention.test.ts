import cron from 'node-cron';
import { afterEach, describe, expect, it } from 'vitest';
import { loadConfig } from '../../src/config.ts';
import type { CoreHandle } from '../../src/runtime.ts';
import { RETENTION_CRON, scheduledJobs, startSchedules } from '../../src/jobs/index.ts';
import { FakeClock } from '../helpers/core.ts';
import { DIALECTS, openDialectCore } from '../helpers/dialects.ts';
import { RecordingSink, seedFollowers } from './sink.ts';
import { postTo, testWorker } from './worker-helpers.ts';

const DAY = 24 * 60 * 60 * 1000;
describe.each(DIALECTS)('on %s', (dialect) => {
  let handle: CoreHandle | undefined;
  afterEach(async () => {
    await handle?.close();
    handle = undefined;
  });

  describe('outbox retention job', () => {
    it('is a valid node-cron schedule', () => {
      expect(cron.validate(RETENTION_CRON)).toBe(true);
      expect(scheduledJobs(loadConfig({})).map((j) => j.name)).toContain('outbox-retention');
    });

    it('prunes sent rows older than DELIVERY_RETENTION_DAYS, keeps newer ones and failed ones', async () => {
      const clock = new FakeClock();
      const core = await openDialectCore(dialect, { DELIVERY_RETENTION_DAYS: '7', DELIVERY_MAX_ATTEMPTS: '1' }, clock);
      handle = core;
      await seedFollowers(core.storage.db, { count: 3, tag: 'Oil', firstChatId: 10 });
      const sink = new RecordingSink({ fault: (m) => (m.subscriber.chatId === '10' ? new Error('boom') : null) });
      const worker = testWorker(core, [sink]);
      await postTo(core, 'Old', ['Oil']);
      await worker.drainDue();
      clock.advance(5 * DAY);
      const recent = await postTo(core, 'Recent', ['Oil']);
      await worker.drainDue();
      clock.advance(3 * DAY);

      const schedules = startSchedules(core.deps);
      try {
        expect(await schedules.runNow('outbox-retention')).toBe(2);
      } finally {
        await schedules.stop();
      }
      const left = await core.deps.stores.outbox.list({ limit: 20 });
      expect(left.filter((r) => r.status === 'sent').every((r) => r.articleId === recent.articleId)).toBe(true);
      expect(left.filter((r) => r.status === 'failed')).toHaveLength(2);
      expect(left.filter((r) => r.status === 'sent')).toHaveLength(2);
    });
  });
});
