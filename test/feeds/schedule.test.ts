import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { addFeed } from '../../src/feeds/manage.ts';
import type { FeedPollResult } from '../../src/feeds/poll.ts';
import { startFeedSchedule, type FeedSchedule } from '../../src/feeds/schedule.ts';
import type { CoreHandle } from '../../src/runtime.ts';
import { openTestCore, waitFor } from '../helpers/core.ts';
import { rssWith, SourceServer } from './helpers/source-server.ts';

let handle: CoreHandle;
let server: SourceServer;
let schedule: FeedSchedule | undefined;

beforeEach(async () => {
  handle = await openTestCore({ FEED_POLL_CRON: '* * * * * *' });
  server = await new SourceServer().start();
});
afterEach(async () => {
  await schedule?.stop();
  await server.stop();
  await handle.close();
});

describe('startFeedSchedule', () => {
  it('polls due feeds on the FEED_POLL_CRON schedule until stopped', async () => {
    expect(handle.deps.config.feeds.pollCron).toBe('* * * * * *');
    const item = (n: number) => ({ title: `Item ${n}`, guid: `g${n}`, link: `https://a.example/${n}`, categories: ['Armenia'] });
    const url = server.serve('/feed', { body: rssWith([item(1)]) });
    await addFeed(handle.deps, { url, tags: [], autoTag: false, addedBy: 'test' });
    await handle.core.handleCommand({ platform: 'telegram', chat: { id: '5', kind: 'user' }, user: { id: '5' }, canManageChat: true }, '/follow Armenia');
    server.serve('/feed', { body: rssWith([item(2), item(1)]) });

    const runs: FeedPollResult[][] = [];
    schedule = startFeedSchedule(handle.deps, { onRun: (results) => runs.push(results) });
    await waitFor(() => runs.some((r) => r.some((p) => p.created === 1)), 'a scheduled poll that finds the new entry');
    expect(await handle.deps.stores.articles.count()).toBe(2);
    expect((await handle.deps.stores.outbox.countByStatus()).queued).toBe(1);

    await schedule.stop();
    const seen = runs.length;
    const requests = server.requestsTo('/feed').length;
    await new Promise((r) => setTimeout(r, 1500));
    expect(runs.length).toBe(seen);
    expect(server.requestsTo('/feed').length).toBe(requests);
  });
});
