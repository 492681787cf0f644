/** @jsxImportSource hono/jsx */
import type { Hono } from 'hono';
import type { FC } from 'hono/jsx';
import { localizedMessage, NotFoundError, UserInputError } from '../../domain/errors.ts';
import { splitTagList } from '../../domain/tags.ts';
import {
  addFeed,
  feedStatusLine,
  findFeed,
  listFeeds,
  parseFeedId,
  pollResultLine,
  removeFeed,
} from '../../feeds/manage.ts';
import { importOpml, MAX_OPML_FEEDS, writeOpml } from '../../feeds/opml.ts';
import { pollFeed } from '../../feeds/poll.ts';
import type { FeedRow } from '../../storage/feed-schema.ts';
import { defaultTagsOf } from '../../storage/feed-store.ts';
import { actorOf, audit, field, render, type Newsroom, type NewsroomContext, type NewsroomEnv } from '../env.ts';
import { Form, Notice, Page, utc, type PageContext } from '../layout.tsx';

const FeedsView: FC<{ ctx: PageContext; feeds: FeedRow[]; notice?: { kind: 'ok' | 'error'; text: string } }> = (p) => (
  <Page title="Feeds" ctx={p.ctx} current="feeds">
    {p.notice ? <Notice kind={p.notice.kind}>{p.notice.text}</Notice> : null}
    <Form action="/admin/feeds" ctx={p.ctx} class="add-feed">
      <h2>Add a feed</h2>
      <label for="feed-url">Address of an RSS, Atom or JSON feed</label>
      <input id="feed-url" name="url" type="url" required placeholder="https://example.com/rss.xml" />
      <label for="feed-tags">Tags every entry gets (optional)</label>
      <input id="feed-tags" name="tags" placeholder="Armenia, CSTO" />
      <div class="check">
        <input id="feed-auto" name="auto" type="checkbox" value="yes" />
        <label for="feed-auto">Also tag entries with the known tags their text names</label>
      </div>
      <button type="submit">Add</button>
      <p class="help">The feed is read once now; what it holds today is stored without notifying anyone.</p>
    </Form>
    <Form action="/admin/feeds/import" ctx={p.ctx} class="import-opml" enctype="multipart/form-data">
      <h2>Import feeds from OPML</h2>
      <label for="opml-file">An OPML file (a feed reader's export of its subscriptions)</label>
      <input id="opml-file" name="opml" type="file" accept=".opml,.xml,text/x-opml,application/xml,text/xml" />
      <label for="opml-text">Or its text</label>
      <textarea id="opml-text" name="opml_text" rows={4}></textarea>
      <button type="submit">Import</button>
      <p class="help">
        Each feed is added as above, read once, nothing notified; its folders and categories become its tags. At most{' '}
        {MAX_OPML_FEEDS} feeds at a time. <a href="/admin/feeds.opml">Export these feeds as OPML</a>.
      </p>
    </Form>
    <h2>Feeds</h2>
    {p.feeds.length === 0 ? <p class="muted">No feeds yet.</p> : null}
    <ul class="feeds">
      {p.feeds.map((f) => (
        <li class={f.last_status === 'error' ? 'feed failing' : 'feed'}>
          <p>
            <strong>#{f.id}</strong> {f.title ? <>{f.title} · </> : null}
            <a href={f.url} rel="noopener noreferrer">
              {f.url}
            </a>
          </p>
          <p class="muted">
            Tags: {defaultTagsOf(f).join(', ') || 'none'}
            {f.auto_tag ? ' · auto-tagged' : ''} · last success {utc(f.last_success_at)}
          </p>
          <p>{feedStatusLine(f)}</p>
          {f.note ? <p class="muted">{f.note}</p> : null}
          <div class="row">
            <Form action={`/admin/feeds/${f.id}/poll`} ctx={p.ctx}>
              <button type="submit">Poll now</button>
            </Form>
            <Form action={`/admin/feeds/${f.id}/remove`} ctx={p.ctx}>
              <button type="submit" class="danger">
                Remove
              </button>
            </Form>
          </div>
        </li>
      ))}
    </ul>
  </Page>
);

export function feedsRoutes(app: Hono<NewsroomEnv>, n: Newsroom): void {
  const page = async (
    c: NewsroomContext,
    notice?: { kind: 'ok' | 'error'; text: string },
    status: 200 | 404 | 422 = 200,
  ) => render(c, <FeedsView ctx={c.get('page')} feeds={await listFeeds(n.deps)} notice={notice} />, status);
  const failed = (c: NewsroomContext, err: unknown) => {
    if (err instanceof UserInputError) return page(c, { kind: 'error', text: localizedMessage(err, 'en') }, 422);
    if (err instanceof NotFoundError) return page(c, { kind: 'error', text: localizedMessage(err, 'en') }, 404);
    throw err;
  };

  app.get('/admin/feeds', (c) => page(c));

  app.post('/admin/feeds', async (c) => {
    try {
      const added = await addFeed(n.deps, {
        url: await field(c, 'url'),
        tags: splitTagList(await field(c, 'tags')),
        autoTag: (await field(c, 'auto')) === 'yes',
        addedBy: actorOf(c),
      });
      await audit(n, c, 'feed add', `#${added.feed.id} ${added.feed.url}`);
      return page(c, {
        kind: 'ok',
        text: `Added feed #${added.feed.id}: ${added.firstPoll.created} entries stored, no one notified.`,
      });
    } catch (err) {
      return failed(c, err);
    }
  });

  app.get('/admin/feeds.opml', async (c) => {
    const opml = writeOpml(await listFeeds(n.deps), 'tagwire feeds', n.deps.clock.now());
    return c.body(opml, 200, {
      'Content-Type': 'text/x-opml; charset=utf-8',
      'Content-Disposition': 'attachment; filename="tagwire-feeds.opml"',
    });
  });

  app.post('/admin/feeds/import', async (c) => {
    const body = await c.req.parseBody();
    const file = body['opml'];
    const text = file instanceof File && file.size > 0 ? await file.text() : await field(c, 'opml_text');
    try {
      const result = await importOpml(n.deps, text, actorOf(c));
      const lines = [
        `Imported ${result.added.length} of ${result.added.length + result.existing.length + result.failed.length} feeds.`,
        result.existing.length > 0 ? `${result.existing.length} already polled.` : '',
        ...result.failed.map((f) => `Not added: ${f.url}: ${f.error}`),
      ].filter((l) => l !== '');
      await audit(
        n,
        c,
        'feed import',
        `${result.added.length} added, ${result.existing.length} already there, ${result.failed.length} failed`,
      );
      return page(c, { kind: result.failed.length > 0 ? 'error' : 'ok', text: lines.join(' ') });
    } catch (err) {
      return failed(c, err);
    }
  });

  app.post('/admin/feeds/:id/remove', async (c) => {
    try {
      const feed = await removeFeed(n.deps, parseFeedId(c.req.param('id'), '/feed remove 3'));
      await audit(n, c, 'feed remove', `#${feed.id} ${feed.url}`);
      return page(c, { kind: 'ok', text: `Removed feed #${feed.id}. Its articles stay in the archive.` });
    } catch (err) {
      return failed(c, err);
    }
  });

  app.post('/admin/feeds/:id/poll', async (c) => {
    try {
      const feed = await findFeed(n.deps, parseFeedId(c.req.param('id'), '/feed poll 3'));
      const result = await pollFeed(n.deps, feed);
      await audit(n, c, 'feed poll', `#${feed.id}: ${result.status}`);
      return page(c, { kind: result.status === 'error' ? 'error' : 'ok', text: pollResultLine(result) });
    } catch (err) {
      return failed(c, err);
    }
  });
}
