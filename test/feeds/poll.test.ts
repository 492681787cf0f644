import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { postArticle } from '../../src/app/articles.ts';
import { parseTagName } from '../../src/domain/tags.ts';
import { addFeed, listFeeds } from '../../src/feeds/manage.ts';
import { BACKOFF_BASE_MS, MAX_ARTICLES_PER_POLL, NOTE_AFTER_FAILURES, pollFeeds } from '../../src/feeds/poll.ts';
import { withFeedTables } from '../../src/storage/feed-schema.ts';
import { counterSnapshot } from '../../src/metrics.ts';
import type { CoreHandle } from '../../src/runtime.ts';
import { FakeClock } from '../helpers/core.ts';
import { DIALECTS, openDialectCore } from '../helpers/dialects.ts';
import { telegramUser } from '../helpers/reply.ts';
import { fixture, rssWith, SourceServer } from './helpers/source-server.ts';

describe.each(DIALECTS)('on %s', (dialect) => {
  let handle: CoreHandle;
  let server: SourceServer;
  let clock: FakeClock;

  beforeEach(async () => {
    clock = new FakeClock();
    handle = await openDialectCore(dialect, { FEED_TIMEOUT_MS: '1000', FEED_MAX_BYTES: '50000' }, clock);
    server = await new SourceServer().start();
  });
  afterEach(async () => {
    await server.stop();
    await handle.close();
  });

  const follow = (user: string, tags: string) => handle.core.handleCommand(telegramUser(user), `/follow ${tags}`);
  const queued = async () => (await handle.deps.stores.outbox.countByStatus()).queued;
  const add = (url: string, tags: string[] = [], autoTag = false) =>
    addFeed(handle.deps, { url, tags, autoTag, addedBy: 'test' });
  const pollAll = () => pollFeeds(handle.deps, { force: false });
  const articleByUrl = async (url: string) => {
    const row = await handle.deps.stores.articles.byUrl(url);
    if (!row) throw new Error(`no article for ${url}`);
    const [view] = await handle.deps.stores.articles.views([row]);
    return { row, view, auto: await handle.deps.stores.articles.autoTagNames(row.id) };
  };

  describe('feed polling', () => {
    it('imports RSS entries once, silently on the first poll, and fans out later ones', async () => {
      await follow('5', 'Armenia');
      await follow('6', 'Caucasus');
      const url = server.serve('/rss.xml', { body: fixture('rss.xml') });
      const { feed, firstPoll } = await add(url, ['Caucasus']);
      expect(firstPoll).toMatchObject({ status: 'ok', created: 3, notified: false, recipients: 0 });
      expect(feed.title).toBe('Caucasus Wire');
      expect(await handle.deps.stores.articles.count()).toBe(3);
      expect(await queued()).toBe(0);

      const again = await pollAll();
      expect(again).toMatchObject([{ status: 'ok', created: 0, notified: true }]);
      expect(await handle.deps.stores.articles.count()).toBe(3);

      server.serve('/rss.xml', {
        body: fixture('rss.xml').replace(
          '<item>',
          `<item><title>Armenia joins talks</title><guid>cw-1004</guid><link>https://news.example/2024/05/new</link><category>Armenia</category></item><item>`,
        ),
      });
      const later = await pollAll();
      expect(later).toMatchObject([{ status: 'ok', created: 1, notified: true, recipients: 2 }]);
      expect(await queued()).toBe(2);
      const fresh = await articleByUrl('https://news.example/2024/05/new');
      expect(fresh.view?.tags).toEqual(['Caucasus', 'Armenia']);
      expect(fresh.row).toMatchObject({ posted_by: `feed:${feed.id}`, source: 'Caucasus Wire' });
    });

    it('tags entries with the feed defaults and their categories, and stores them oldest first', async () => {
      const url = server.serve('/rss.xml', { body: fixture('rss.xml') });
      await add(url, ['Caucasus']);
      const talks = await articleByUrl('https://news.example/2024/04/talks');
      expect(talks.view?.tags).toEqual(['Caucasus', 'Armenia', 'Russia', 'Diplomacy']);
      expect(talks.view?.publishedAt?.toISOString()).toBe('2024-04-30T13:00:00.000Z');
      expect(talks.auto).toEqual([]);
      const weekly = await articleByUrl('https://news.example/2024/04/weekly');
      const drills = await articleByUrl('https://news.example/2024/05/drills');
      expect(weekly.row.id).toBeLessThan(talks.row.id);
      expect(talks.row.id).toBeLessThan(drills.row.id);
    });

    it('auto-tags entries that name known tags or aliases, marking the tags it added', async () => {
      const tags = handle.deps.stores.tags;
      await postArticle(
        handle.deps,
        { title: 'Seed', tags: ['Azerbaijan', 'CSTO', 'Military', 'Armenia'] },
        { postedBy: 'test', notify: false },
      );
      await tags.addAlias(parseTagName('Defence Ministry'), (await tags.find('military'))?.id ?? 0, 0);
      await tags.addAlias(parseTagName('Yerevan'), (await tags.find('armenia'))?.id ?? 0, 0);
      await follow('7', 'Military');
      const url = server.serve('/rss.xml', { body: fixture('rss.xml') });
      await add(url, ['Caucasus'], true);
      const drills = await articleByUrl('https://news.example/2024/05/drills');
      expect(drills.view?.tags).toEqual(['Caucasus', 'Defence', 'Azerbaijan', 'Military', 'CSTO']);
      expect(drills.auto).toEqual(['Azerbaijan', 'Military', 'CSTO']);
      // "Yerevan" in the title is an alias of Armenia, which the entry's categories already give.
      const talks = await articleByUrl('https://news.example/2024/04/talks');
      expect(talks.view?.tags).toEqual(['Caucasus', 'Armenia', 'Russia', 'Diplomacy']);
      expect(talks.auto).toEqual([]);
      expect((await articleByUrl('https://news.example/2024/04/weekly')).auto).toEqual([]);

      // Later entries reach the followers of tags that only auto-tagging gave them.
      server.serve('/rss.xml', {
        body: fixture('rss.xml').replace(
          '<item>',
          '<item><title>The defence ministry denies it</title><guid>cw-2000</guid><link>https://news.example/x</link></item><item>',
        ),
      });
      expect(await pollAll()).toMatchObject([{ created: 1, recipients: 1 }]);
      // "Defence" is a known tag by now (a category of the first poll): named, so added too.
      expect((await articleByUrl('https://news.example/x')).auto).toEqual(['Defence', 'Military']);
    });

    it('leaves auto-tagging off unless the feed turns it on', async () => {
      await postArticle(handle.deps, { title: 'Seed', tags: ['Azerbaijan'] }, { postedBy: 'test', notify: false });
      await add(server.serve('/rss.xml', { body: fixture('rss.xml') }), ['Caucasus']);
      const drills = await articleByUrl('https://news.example/2024/05/drills');
      expect(drills.view?.tags).toEqual(['Caucasus', 'Defence']);
      expect(drills.auto).toEqual([]);
    });

    it('reads Atom and JSON Feed sources too', async () => {
      await add(server.serve('/atom.xml', { body: fixture('atom.xml'), type: 'application/atom+xml' }), ['World']);
      await add(server.serve('/feed.json', { body: fixture('feed.json'), type: 'application/feed+json' }));
      const bill = await articleByUrl(server.url('/georgia/bill'));
      expect(bill.view).toMatchObject({
        title: 'Georgia votes on the bill',
        tags: ['World', 'Georgia'],
        source: 'Atom Daily',
      });
      expect(bill.row.body).toBe('Parliament voted.\n\nProtests & debate continue.');
      const deal = await articleByUrl('https://json.example/2');
      expect(deal.view).toMatchObject({ tags: ['Iran', 'Armenia'], source: 'JSON Times' });
      expect((await listFeeds(handle.deps)).map((f) => f.title)).toEqual(['Atom Daily', 'JSON Times']);
    });

    it('deduplicates by GUID (a retitled entry is not posted again) and by URL (an article already in the archive)', async () => {
      await postArticle(
        handle.deps,
        { title: 'Posted by hand', tags: ['X'], url: 'https://a.example/2' },
        { postedBy: 'test', notify: false },
      );
      const items = [
        { title: 'One', guid: 'g1', link: 'https://a.example/1', categories: ['X'] },
        { title: 'Two', guid: 'g2', link: 'https://a.example/2', categories: ['X'] },
      ];
      const url = server.serve('/feed', { body: rssWith(items) });
      const { firstPoll } = await add(url);
      expect(firstPoll).toMatchObject({ created: 1, known: 1 });
      server.serve('/feed', {
        body: rssWith([
          { ...items[0], title: 'One, corrected', guid: 'g1', link: 'https://a.example/1' },
          ...items.slice(1),
        ]),
      });
      expect(await pollAll()).toMatchObject([{ created: 0, known: 0, skipped: 0 }]);
      expect(await handle.deps.stores.articles.count()).toBe(2);
      const entries = await withFeedTables(handle.storage.db)
        .selectFrom('feed_entries')
        .select(['guid', 'article_id'])
        .orderBy('guid')
        .execute();
      expect(entries.map((e) => e.guid)).toEqual(['g1', 'g2']);
      expect(entries.every((e) => e.article_id !== null)).toBe(true);
    });

    it('skips entries without tags, says why, and does not retry them', async () => {
      const url = server.serve('/feed', {
        body: rssWith([{ title: 'No tags here', guid: 'n1', link: 'https://a.example/n1' }]),
      });
      const { firstPoll } = await add(url);
      expect(firstPoll).toMatchObject({ created: 0, skipped: 1, skipReason: 'At least one tag is needed.' });
      expect(await pollAll()).toMatchObject([{ created: 0, skipped: 0 }]);
    });

    it('sends ETag and Last-Modified back and treats 304 as unchanged', async () => {
      const url = server.serve('/rss.xml', { body: fixture('rss.xml'), etag: '"v1"' });
      await add(url, ['Caucasus']);
      const [result] = await pollAll();
      expect(result?.status).toBe('not_modified');
      const requests = server.requestsTo('/rss.xml');
      expect(requests[0]?.headers['if-none-match']).toBeUndefined();
      expect(requests[1]?.headers['if-none-match']).toBe('"v1"');
      expect((await listFeeds(handle.deps))[0]).toMatchObject({ last_status: 'not_modified', failure_count: 0 });
    });

    it('reports a malformed, a huge, a slow and a missing feed without disturbing the others', async () => {
      const good = server.serve('/good.xml', {
        body: rssWith([{ title: 'Fine', guid: 'f1', link: 'https://a.example/f1', categories: ['Ok'] }]),
      });
      const { feed: goodFeed } = await add(good);
      const broken = server.serve('/broken.xml', { body: fixture('rss.xml') });
      const huge = server.serve('/huge.xml', { body: fixture('rss.xml') });
      const slow = server.serve('/slow.xml', { body: fixture('rss.xml') });
      const gone = server.serve('/gone.xml', { body: fixture('rss.xml') });
      for (const u of [broken, huge, slow, gone]) await add(u, ['T']);

      server.serve('/broken.xml', { body: fixture('malformed.xml') });
      server.route('/huge.xml', (_req, res) => {
        res.writeHead(200, { 'content-type': 'application/rss+xml' }); // streamed: no Content-Length to refuse early
        const item = rssWith([{ title: 'x'.repeat(1000), guid: 'h', link: 'https://a.example/h' }]);
        for (let i = 0; i < 80; i++) res.write(item);
        res.end();
      });
      server.route('/slow.xml', (_req, res) => {
        res.writeHead(200, { 'content-type': 'application/rss+xml' });
        res.write('<?xml version="1.0"?><rss><channel>'); // and never finishes
      });
      server.serve('/gone.xml', { body: 'gone', status: 404 });
      server.serve('/good.xml', {
        body: rssWith([
          { title: 'Fine', guid: 'f1', link: 'https://a.example/f1', categories: ['Ok'] },
          { title: 'Fresh', guid: 'f2', link: 'https://a.example/f2', categories: ['Ok'] },
        ]),
      });

      const results = await pollAll();
      const byUrl = new Map(results.map((r) => [r.url, r]));
      expect(byUrl.get(good)).toMatchObject({ status: 'ok', created: 1, feedId: goodFeed.id });
      expect(byUrl.get(broken)?.error).toMatch(/^It is not a feed I can read: the XML is cut off or malformed/);
      expect(byUrl.get(huge)?.error).toBe('The answer is larger than 50 kB, the most read (FEED_MAX_BYTES).');
      expect(byUrl.get(slow)?.error).toBe('No complete answer within 1 s (FEED_TIMEOUT_MS).');
      expect(byUrl.get(gone)?.error).toBe('The server answered 404 Not Found.');
      const feeds = await listFeeds(handle.deps);
      expect(feeds.filter((f) => f.last_status === 'error')).toHaveLength(4);
      expect(feeds.find((f) => f.url === broken)).toMatchObject({ failure_count: 1, last_status: 'error' });
      expect(counterSnapshot().feedPolls.get('error')).toBeGreaterThanOrEqual(4);
    });

    it('follows a few redirects, and no more', async () => {
      server.serve('/rss.xml', { body: fixture('rss.xml') });
      const moved = server.route('/old-feed', (_req, res) => {
        res.writeHead(301, { location: '/rss.xml' });
        res.end();
      });
      expect((await add(moved, ['A'])).firstPoll).toMatchObject({ status: 'ok', created: 3 });
      const loop = server.route('/loop', (_req, res) => {
        res.writeHead(302, { location: '/loop' });
        res.end();
      });
      await expect(add(loop)).rejects.toThrow('Nothing was added. It redirects more than 5 times.');
      const away = server.route('/away', (_req, res) => {
        res.writeHead(302, { location: 'file:///etc/passwd' });
        res.end();
      });
      await expect(add(away)).rejects.toThrow(/It redirects to "file:\/\/\/etc\/passwd", which is not a web address/);
    });

    it('refuses to add an address that gives no feed, and adds nothing', async () => {
      const page = server.serve('/page', {
        body: '<!doctype html><html><head><link rel="alternate" type="application/atom+xml" href="/atom.xml"></head></html>',
        type: 'text/html',
      });
      await expect(add(page)).rejects.toThrow(
        `Nothing was added. It is not a feed I can read: it is a web page, not a feed; the page names its feed: ${server.url('/atom.xml')}`,
      );
      await expect(add('ftp://example.com/feed')).rejects.toThrow(/not a web address/);
      await expect(add(server.url('/missing'))).rejects.toThrow(
        'Nothing was added. The server answered 404 Not Found.',
      );
      expect(await listFeeds(handle.deps)).toEqual([]);
      const url = server.serve('/rss.xml', { body: fixture('rss.xml') });
      await add(url, ['A']);
      await expect(add(url)).rejects.toThrow(/already polls that address/);
    });

    it('backs off a failing feed, leaves a note after repeated failures, and clears it on success', async () => {
      const url = server.serve('/rss.xml', { body: fixture('rss.xml') });
      const { feed } = await add(url, ['A']);
      server.serve('/rss.xml', { body: 'oops', status: 500 });

      expect(await pollAll()).toMatchObject([{ status: 'error' }]);
      expect(await pollAll()).toEqual([]); // backing off: the schedule skips it
      clock.advance(BACKOFF_BASE_MS);
      expect(await pollAll()).toMatchObject([{ status: 'error' }]);
      clock.advance(BACKOFF_BASE_MS);
      expect(await pollAll()).toEqual([]); // the second wait is twice as long
      clock.advance(BACKOFF_BASE_MS);
      for (let i = 2; i < NOTE_AFTER_FAILURES; i++) {
        expect(await pollAll()).toMatchObject([{ status: 'error' }]);
        clock.advance(BACKOFF_BASE_MS * 2 ** i);
      }
      const [failing] = await listFeeds(handle.deps);
      expect(failing?.failure_count).toBe(NOTE_AFTER_FAILURES);
      expect(failing?.note).toMatch(
        new RegExp(
          `^Failed ${NOTE_AFTER_FAILURES} polls in a row, the last at .*: The server answered 500 Internal Server Error\\. Next try after`,
        ),
      );

      server.serve('/rss.xml', { body: fixture('rss.xml') });
      expect(await pollFeeds(handle.deps, { ids: [feed.id], force: true })).toMatchObject([{ status: 'ok' }]);
      expect((await listFeeds(handle.deps))[0]).toMatchObject({
        failure_count: 0,
        note: null,
        next_poll_at: null,
        last_status: 'ok',
      });
    });

    it("stores an entry's picture with its article", async () => {
      const url = server.serve('/media.xml', { body: fixture('media-rss.xml') });
      await add(url, ['Pictures']);
      const large = await articleByUrl('https://pics.example/news/two-sizes');
      expect(large.row.image_url).toBe('https://cdn.pics.example/large-1.jpg');
      expect(large.view?.imageUrl).toBe('https://cdn.pics.example/large-1.jpg');
      expect((await articleByUrl('https://pics.example/news/thumb')).row.image_url).toBe(server.url('/thumbs/2.jpg'));
      expect((await articleByUrl('https://pics.example/news/audio')).row.image_url).toBeNull();
    });

    it('keeps a flood in check: at most MAX_ARTICLES_PER_POLL articles a poll, the older rest marked seen', async () => {
      const items = Array.from({ length: MAX_ARTICLES_PER_POLL + 5 }, (_, i) => ({
        title: `Item ${i}`,
        guid: `i${i}`,
        link: `https://a.example/${i}`,
        categories: ['Flood'],
      }));
      const { firstPoll } = await add(server.serve('/flood', { body: rssWith(items) }));
      expect(firstPoll).toMatchObject({ created: MAX_ARTICLES_PER_POLL, skipped: 5 });
      expect(await handle.deps.stores.articles.byUrl('https://a.example/0')).toBeDefined();
      expect(await handle.deps.stores.articles.byUrl(`https://a.example/${MAX_ARTICLES_PER_POLL}`)).toBeUndefined();
      expect(await pollAll()).toMatchObject([{ created: 0, skipped: 0 }]);
    });
  });
});
