import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { addFeed } from '../../src/feeds/manage.ts';
import { feedPollJob } from '../../src/jobs/feed-poll.ts';
import type { CoreHandle } from '../../src/runtime.ts';
import { scheduledJobs, startSchedules, type Schedules } from '../../src/jobs/index.ts';
import { waitFor } from '../helpers/core.ts';
import { DIALECTS, openDialectCore } from '../helpers/dialects.ts';
import { rssWith, SourceServer } from './helpers/source-server.ts';

describe.each(DIALECTS)('on %s', (dialect) => {
  let handle: CoreHandle;
  let server: SourceServer;
  let schedules: Schedules | undefined;

  beforeEach(async () => {
    handle = await openDialectCore(dialect, { FEED_POLL_CRON: '* * * * * *' });
    server = await new SourceServer().start();
  });
  afterEach(async () => {
    await schedules?.stop();
    await server.stop();
    await handle.close();
  });

  describe('the feed-poll job', () => {
    it('is scheduled by the running bot on FEED_POLL_CRON', () => {
      const job = scheduledJobs(handle.deps.config).find((j) => j.name === 'feed-poll');
      expect(job?.cron).toBe('* * * * * *');
    });

    it('polls due feeds on its schedule until stopped', async () => {
      const item = (n: number) => ({
        title: `Item ${n}`,
        guid: `g${n}`,
        link: `https://a.example/${n}`,
        categories: ['Armenia'],
      });
      const url = server.serve('/feed', { body: rssWith([item(1)]) });
      await addFeed(handle.deps, { url, tags: [], autoTag: false, addedBy: 'test' });
      await handle.core.handleCommand(
        { platform: 'telegram', chat: { id: '5', kind: 'user' }, user: { id: '5' }, canManageChat: true },
        '/follow Armenia',
      );
      server.serve('/feed', { body: rssWith([item(2), item(1)]) });

      schedules = startSchedules(handle.deps, [feedPollJob(handle.deps.config)]);
      await waitFor(
        async () => (await handle.deps.stores.articles.count()) === 2,
        'a scheduled poll that finds the new entry',
      );
      expect((await handle.deps.stores.outbox.countByStatus()).queued).toBe(1);

      await schedules.stop();
      schedules = undefined;
      const requests = server.requestsTo('/feed').length;
      await new Promise((r) => setTimeout(r, 1500));
      expect(server.requestsTo('/feed').length).toBe(requests);
    });
  });
});
