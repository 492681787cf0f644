/** @jsxImportSource hono/jsx */
import type { Hono } from 'hono';
import type { FC } from 'hono/jsx';
import { removeArticle } from '../../app/article-edit.ts';
import { findArticle } from '../../app/articles.ts';
import { relatedArticles } from '../../app/related.ts';
import { searchArticles, type SearchPage } from '../../app/search.ts';
import { explainDelivery, parseSubscriberRef, type DeliveryExplanation } from '../../app/why.ts';
import type { ArticleView } from '../../domain/reply.ts';
import { localizedMessage, NotFoundError, UserInputError } from '../../domain/errors.ts';
import type { ArticleRow, DeliveryStatus } from '../../storage/schema.ts';
import type { DeliveryListing } from '../../storage/outbox-store.ts';
import { audit, pageNumber, render, type Newsroom, type NewsroomContext, type NewsroomEnv } from '../env.ts';
import { Form, Notice, Page, Pager, utc, type PageContext } from '../layout.tsx';
import { ArticleLine, Tags } from '../reply-view.tsx';

export const ARCHIVE_PAGE_SIZE = 20;

const SearchForm: FC<{ q: string }> = ({ q }) => (
  <form method="get" action="/admin/archive" class="search" role="search">
    <label for="q">Search the archive</label>
    <div class="row">
      <input id="q" name="q" value={q} placeholder='oil prices "opec quota" -saudi #usa since:2024-03-01' />
      <button type="submit">Search</button>
    </div>
    <p class="help">
      The chat's syntax: words, <code>"a phrase"</code>, <code>-word</code>, <code>#tag</code> or <code>tag:NAME</code>,{' '}
      <code>since:DATE</code>, <code>until:DATE</code>, <code>sort:date</code>.
    </p>
  </form>
);

const ArchiveView: FC<{
  ctx: PageContext;
  q: string;
  page: number;
  articles: { view: ArticleView; snippet?: string }[];
  hasMore: boolean;
  total?: number;
  search?: SearchPage;
  error?: string;
  notice?: string;
}> = (p) => {
  const href = (page: number) =>
    `/admin/archive?${new URLSearchParams({ ...(p.q ? { q: p.q } : {}), page: String(page) })}`;
  return (
    <Page title="Archive" ctx={p.ctx} current="archive">
      {p.notice ? <Notice kind="ok">{p.notice}</Notice> : null}
      <SearchForm q={p.q} />
      {p.error ? <Notice kind="error">{p.error}</Notice> : null}
      {p.search && p.search.filters.length > 0 ? <p class="muted">Filters: {p.search.filters.join(', ')}</p> : null}
      {p.search && p.search.unknownTags.length > 0 ? (
        <Notice kind="error">No article has {p.search.unknownTags.map((t) => `#${t}`).join(', ')}.</Notice>
      ) : null}
      {p.articles.length === 0 && !p.error ? <p>Nothing found.</p> : null}
      {p.search && p.search.suggestions.length > 0 ? (
        <p>
          Try:{' '}
          {p.search.suggestions.map((s) => (
            <>
              <a href={`/admin/archive?q=${encodeURIComponent(s.query)}`}>{s.label}</a>{' '}
            </>
          ))}
        </p>
      ) : null}
      <ul class="articles">
        {p.articles.map((a) => (
          <ArticleLine article={a.view} snippet={a.snippet} />
        ))}
      </ul>
      <Pager
        page={p.page}
        hasMore={p.hasMore}
        href={href}
        total={p.total === undefined ? undefined : Math.ceil(p.total / ARCHIVE_PAGE_SIZE)}
      />
    </Page>
  );
};

const STATUS_LABELS: Record<DeliveryStatus, string> = {
  sent: 'sent',
  queued: 'waiting',
  sending: 'sending',
  held: 'held for a digest',
  deferred: 'waiting for quiet hours to end',
  failed: 'failed',
  skipped: 'skipped',
};

export const DeliveryTable: FC<{ rows: DeliveryListing[]; showArticle?: boolean }> = ({ rows, showArticle }) =>
  rows.length === 0 ? (
    <p class="muted">No deliveries.</p>
  ) : (
    <div class="table-wrap">
      <table>
        <thead>
          <tr>
            <th scope="col">Chat</th>
            {showArticle ? <th scope="col">Article</th> : null}
            <th scope="col">Status</th>
            <th scope="col">Attempts</th>
            <th scope="col">Last error</th>
            <th scope="col">Updated</th>
          </tr>
        </thead>
        <tbody>
          {rows.map((d) => (
            <tr>
              <td>
                <code>{`${d.platform}:${d.chatId}`}</code>
              </td>
              {showArticle ? (
                <td>
                  <a href={`/admin/articles/${d.articlePublicId}`}>{d.articleTitle}</a>
                </td>
              ) : null}
              <td>
                <span class={`status status-${d.status}`}>{STATUS_LABELS[d.status]}</span>
              </td>
              <td>{d.attempts}</td>
              <td>{d.lastError ?? ''}</td>
              <td>{utc(d.updatedAt)}</td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );

const ArticlePageView: FC<{
  ctx: PageContext;
  row: ArticleRow;
  view: ArticleView;
  counts: Partial<Record<DeliveryStatus, number>>;
  deliveries: DeliveryListing[];
  related: ArticleView[];
  posted?: string;
  /** After a correction: how many delivered cards are being edited. */
  edited?: string;
  why?: { chat: string; explanation?: DeliveryExplanation; error?: string };
  confirmDelete?: boolean;
}> = (p) => (
  <Page title={p.view.title} ctx={p.ctx} current="archive">
    {p.posted !== undefined ? <Notice kind="ok">Posted. It reaches {p.posted} chats.</Notice> : null}
    {p.edited !== undefined ? (
      <Notice kind="ok">
        Corrected. {p.edited === '1' ? 'Its 1 delivered card is' : `Its ${p.edited} delivered cards are`} being edited.
      </Notice>
    ) : null}
    <p>
      <a href={`/admin/articles/${p.view.publicId}/edit`} class="button">
        Edit
      </a>
    </p>
    <p class="meta">
      <code>{p.view.publicId}</code> · {utc(p.view.publishedAt ?? p.view.createdAt)}
      {p.view.source ? ` · ${p.view.source}` : ''} · posted by {p.row.posted_by ?? 'unknown'}{' '}
      <Tags tags={p.view.tags} />
    </p>
    {p.view.url ? (
      <p>
        <a href={p.view.url} rel="noopener noreferrer">
          {p.view.url}
        </a>
      </p>
    ) : null}
    <div class="body">
      {(p.row.body || p.view.summary).split(/\n{2,}/u).map((para) => (
        <p>{para}</p>
      ))}
    </div>

    <h2>Deliveries</h2>
    <p>
      {(Object.entries(p.counts) as [DeliveryStatus, number][]).length === 0
        ? 'It was delivered to no chat.'
        : (Object.entries(p.counts) as [DeliveryStatus, number][])
            .map(([status, count]) => `${count} ${STATUS_LABELS[status]}`)
            .join(' · ')}
    </p>
    <DeliveryTable rows={p.deliveries} />
    <form method="get" action={`/admin/articles/${p.view.publicId}`} class="why">
      <label for="why-chat">Why did it (not) reach a chat?</label>
      <div class="row">
        <input id="why-chat" name="why" placeholder="telegram:12345" value={p.why?.chat ?? ''} />
        <button type="submit">Explain</button>
      </div>
    </form>
    {p.why?.error ? <Notice kind="error">{p.why.error}</Notice> : null}
    {p.why?.explanation ? (
      <div class="notice notice-ok" role="status">
        <p>
          <strong>{p.why.explanation.verdict}</strong>: {p.why.explanation.summary}
        </p>
        <ul>
          {p.why.explanation.details.map((d) => (
            <li>{d}</li>
          ))}
        </ul>
      </div>
    ) : null}

    <h2>Related articles</h2>
    {p.related.length === 0 ? <p class="muted">None found.</p> : null}
    <ul class="articles">
      {p.related.map((a) => (
        <ArticleLine article={a} />
      ))}
    </ul>

    <h2>Delete</h2>
    {p.confirmDelete ? (
      <Form action={`/admin/articles/${p.view.publicId}/delete`} ctx={p.ctx} class="danger">
        <p>Delete this article? It leaves the archive, and copies not yet delivered are cancelled.</p>
        <input type="hidden" name="confirm" value="yes" />
        <p>
          <input type="checkbox" id="everywhere" name="everywhere" value="yes" />{' '}
          <label for="everywhere">
            Also delete the cards already delivered (Telegram deletes only messages under 48 hours old)
          </label>
        </p>
        <button type="submit" class="danger">
          Yes, delete it
        </button>{' '}
        <a href={`/admin/articles/${p.view.publicId}`}>Keep it</a>
      </Form>
    ) : (
      <Form action={`/admin/articles/${p.view.publicId}/delete`} ctx={p.ctx}>
        <button type="submit" class="danger">
          Delete…
        </button>
      </Form>
    )}
  </Page>
);

export function archiveRoutes(app: Hono<NewsroomEnv>, n: Newsroom): void {
  const stores = n.deps.stores;
  const views = async (rows: ArticleRow[]) => stores.articles.views(rows);

  app.get('/admin/archive', async (c) => {
    const q = (c.req.query('q') ?? '').trim().slice(0, 500);
    const page = pageNumber(c, 5_000);
    const offset = (page - 1) * ARCHIVE_PAGE_SIZE;
    const ctx = c.get('page');
    const notice = c.req.query('deleted') ? `Deleted ${c.req.query('deleted')?.slice(0, 10)}.` : undefined;
    if (q === '') {
      const rows = await stores.articles.latest({ limit: ARCHIVE_PAGE_SIZE + 1, offset });
      const shown = await views(rows.slice(0, ARCHIVE_PAGE_SIZE));
      return render(
        c,
        <ArchiveView
          ctx={ctx}
          q=""
          page={page}
          articles={shown.map((view) => ({ view }))}
          hasMore={rows.length > ARCHIVE_PAGE_SIZE}
          total={await stores.articles.count()}
          notice={notice}
        />,
      );
    }
    try {
      const search = await searchArticles(stores, q, { limit: ARCHIVE_PAGE_SIZE, offset });
      return render(
        c,
        <ArchiveView
          ctx={ctx}
          q={q}
          page={page}
          articles={search.results.map((r) => ({ view: r.article, snippet: r.snippet }))}
          hasMore={search.hasMore}
          search={search}
        />,
      );
    } catch (err) {
      if (!(err instanceof UserInputError)) throw err;
      const message = localizedMessage(err, 'en');
      return render(
        c,
        <ArchiveView
          ctx={ctx}
          q={q}
          page={1}
          articles={[]}
          hasMore={false}
          error={err.hint ? `${message} Example: ${err.hint.replace(/^\/search /u, '')}` : message}
        />,
        400,
      );
    }
  });

  const articlePage = async (c: NewsroomContext, confirmDelete: boolean) => {
    let row: ArticleRow;
    try {
      row = await findArticle(stores, c.req.param('id') ?? '');
    } catch (err) {
      if (!(err instanceof NotFoundError || err instanceof UserInputError)) throw err;
      return render(
        c,
        <Page title="No such article" ctx={c.get('page')} current="archive">
          <Notice kind="error">{localizedMessage(err, 'en')}</Notice>
          <p>
            <a href="/admin/archive">Back to the archive</a>
          </p>
        </Page>,
        404,
      );
    }
    const [view] = await views([row]);
    if (!view) throw new Error('article view missing');
    const related = await relatedArticles(stores, row, { limit: 5, offset: 0 });
    const relatedRows = await stores.articles.byIds(related.map((r) => r.articleId));
    const whyChat = (c.req.query('why') ?? '').trim().slice(0, 100);
    let why: { chat: string; explanation?: DeliveryExplanation; error?: string } | undefined;
    if (whyChat !== '') {
      try {
        why = {
          chat: whyChat,
          explanation: await explainDelivery(stores, parseSubscriberRef(whyChat), row, {
            retentionDays: n.deps.config.delivery.retentionDays,
            now: n.deps.clock.now().getTime(),
          }),
        };
      } catch (err) {
        if (!(err instanceof UserInputError || err instanceof NotFoundError)) throw err;
        why = { chat: whyChat, error: localizedMessage(err, 'en') };
      }
    }
    return render(
      c,
      <ArticlePageView
        ctx={c.get('page')}
        row={row}
        view={view}
        counts={await stores.newsroom.articleDeliveryCounts(row.id)}
        deliveries={await stores.outbox.list({ articleId: row.id, limit: 100 })}
        related={await views(relatedRows)}
        posted={c.req.query('posted')?.replace(/\D/gu, '').slice(0, 9)}
        edited={c.req.query('edited')?.replace(/\D/gu, '').slice(0, 9)}
        why={why}
        confirmDelete={confirmDelete}
      />,
    );
  };

  app.get('/admin/articles/:id', (c) => articlePage(c, false));
  app.post('/admin/articles/:id/delete', async (c) => {
    const body = await c.req.parseBody();
    if (body['confirm'] !== 'yes') return articlePage(c, true);
    try {
      const row = await findArticle(stores, c.req.param('id'));
      const everywhere = body['everywhere'] === 'yes';
      const result = await removeArticle(n.deps, row, everywhere);
      await audit(
        n,
        c,
        'delete',
        `${row.public_id}: ${row.title}${everywhere ? ` (everywhere: ${result.cards} cards, ${result.tooOld} too old)` : ''}`,
      );
      return c.redirect(`/admin/archive?deleted=${row.public_id}`, 303);
    } catch (err) {
      if (!(err instanceof NotFoundError || err instanceof UserInputError)) throw err;
      return articlePage(c, false);
    }
  });
}
