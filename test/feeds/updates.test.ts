import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { addFeed } from '../../src/feeds/manage.ts';
import { pollFeeds } from '../../src/feeds/poll.ts';
import type { CoreHandle } from '../../src/runtime.ts';
import { FakeClock } from '../helpers/core.ts';
import { DIALECTS, openDialectCore } from '../helpers/dialects.ts';
import { consoleCtx, replyText } from '../helpers/reply.ts';
import { fixture, SourceServer } from './helpers/source-server.ts';

/** `/feed add URL --updates`: an entry that changes corrects its article and so its delivered cards. */
describe.each(DIALECTS)('on %s', (dialect) => {
  let handle: CoreHandle;
  let server: SourceServer;

  beforeEach(async () => {
    handle = await openDialectCore(dialect, { FEED_TIMEOUT_MS: '1000' }, new FakeClock());
    server = await new SourceServer().start();
  });
  afterEach(async () => {
    await server.stop();
    await handle.close();
  });

  const DRILLS = 'https://news.example/2024/05/drills';
  const corrected = () =>
    fixture('rss.xml')
      .replace(
        'Azerbaijan&apos;s army holds drills near the border',
        'Azerbaijan holds drills near the border, corrected',
      )
      .replace('Observers from the CSTO were not invited.', 'Observers from the CSTO were invited after all.');

  /** The drills article, delivered to a follower as message m1 (as if the worker had sent it). */
  async function delivered(): Promise<number> {
    const row = await handle.deps.stores.articles.byUrl(DRILLS);
    if (!row) throw new Error('no drills article');
    await handle.storage.db
      .insertInto('deliveries')
      .values({
        subscriber_id: (
          await handle.deps.stores.subscribers.upsert({ platform: 'telegram', chatId: '5', kind: 'user' }, 0)
        ).id,
        article_id: row.id,
        status: 'sent',
        attempts: 1,
        next_attempt_at: 0,
        message_id: 'm1',
        created_at: 0,
        updated_at: 0,
        sent_at: 0,
      })
      .execute();
    return row.id;
  }

  it('corrects the article of an entry whose title or text changed, and queues its cards to be edited', async () => {
    const url = server.serve('/rss.xml', { body: fixture('rss.xml') });
    const reply = await handle.core.handleCommand(consoleCtx, `/feed add --updates ${url} Caucasus`);
    expect(replyText(reply)).toMatch(/Updates are on: when an entry's title or text changes/u);
    const articleId = await delivered();
    expect(await pollFeeds(handle.deps, { force: true })).toMatchObject([{ status: 'ok', created: 0, updated: 0 }]);

    server.serve('/rss.xml', { body: corrected() });
    expect(await pollFeeds(handle.deps, { force: true })).toMatchObject([{ status: 'ok', created: 0, updated: 1 }]);
    const [row] = await handle.deps.stores.articles.byIds([articleId]);
    expect(row?.title).toBe('Azerbaijan holds drills near the border, corrected');
    expect(row?.body).toContain('were invited after all');
    const updates = await handle.storage.db.selectFrom('card_updates').select(['op', 'status']).execute();
    expect(updates).toEqual([{ op: 'edit', status: 'queued' }]);
    // Read again unchanged: nothing more.
    expect(await pollFeeds(handle.deps, { force: true })).toMatchObject([{ updated: 0 }]);
    expect(replyText(await handle.core.handleCommand(consoleCtx, '/feed list'))).toMatch(/updates on/u);
  });

  it('leaves the articles of a feed without --updates as they were first read', async () => {
    const url = server.serve('/rss.xml', { body: fixture('rss.xml') });
    await addFeed(handle.deps, { url, tags: ['Caucasus'], autoTag: false, addedBy: 'test' });
    const articleId = await delivered();
    server.serve('/rss.xml', { body: corrected() });
    expect(await pollFeeds(handle.deps, { force: true })).toMatchObject([{ status: 'ok', updated: 0 }]);
    const [row] = await handle.deps.stores.articles.byIds([articleId]);
    expect(row?.title).toBe("Azerbaijan's army holds drills near the border");
    expect(await handle.storage.db.selectFrom('card_updates').selectAll().execute()).toEqual([]);
  });
});
