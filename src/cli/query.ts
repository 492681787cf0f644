import { findArticle } from '../app/articles.ts';
import { relatedArticles } from '../app/related.ts';
import { describeQuery, MAX_SEARCH_LIMIT, searchArticles } from '../app/search.ts';
import { collectStats } from '../app/stats.ts';
import { snippetSpans } from '../commands/format.ts';
import { asHashtag } from '../domain/tags.ts';
import type { CoreHandle } from '../runtime.ts';
import { articleJson } from '../domain/article-json.ts';
import {
  articleLine,
  parseFlags,
  parseLimit,
  parseOffset,
  MAX_OFFSET,
  UsageError,
  writeJson,
  writeLine,
  type CliIO,
} from './common.ts';

export const SEARCH_HELP = `Usage: tagwire search QUERY [--limit N] [--offset N] [--json]

Searches the archive, best match first. QUERY takes the chat's syntax: words,
"exact phrases", -excluded, #tag or tag:NAME, since:DATE, until:DATE, sort:date.

  --limit N    results to show (1-${MAX_SEARCH_LIMIT}, default 10)
  --offset N   skip the first N results (0-${MAX_OFFSET.toLocaleString('en')})
  --json       print JSON: {query, filters, unknownTags, hasMore, suggestions: [{label, query}],
               results: [{id, externalId, title, url, tags, publishedAt, source, summary,
               score, snippet, highlights}]}`;

export const RELATED_HELP = `Usage: tagwire related ID [--external] [--limit N] [--json]

Articles related to one article: similar text (its most distinctive words), shared
tags weighted by rarity, and closeness in time; never the article itself or a
near-duplicate of it.

  --external   ID is the article's import id, not its short id
  --limit N    results to show (1-50, default 5)
  --json       print JSON`;

export const ARTICLE_HELP = `Usage: tagwire article ID [--external] [--json]

Shows one article in full.

  --external   ID is the article's import id, not its short id
  --json       print JSON`;

export const STATS_HELP = `Usage: tagwire stats [--json]

Counts of articles, tags, subscribers and deliveries, and the most-followed tags.`;

export async function searchCommand(open: () => Promise<CoreHandle>, args: string[], io: CliIO): Promise<number> {
  const { values, positionals } = parseFlags(args, {
    limit: { type: 'string' },
    offset: { type: 'string' },
    json: { type: 'boolean' },
  });
  if (values.help) return (writeLine(io.stdout, SEARCH_HELP), 0);
  const query = positionals.join(' ');
  if (query.trim() === '') throw new UsageError('What should I search for? e.g. tagwire search "oil prices"');
  // Flags are checked before the database is opened: a usage mistake should not touch it.
  const limit = parseLimit(values.limit, 10, MAX_SEARCH_LIMIT);
  const offset = parseOffset(values.offset);
  const handle = await open();
  try {
    const page = await searchArticles(handle.deps.stores, query, { limit, offset });
    if (values.json) {
      writeJson(io.stdout, {
        query: describeQuery(page.query),
        filters: page.filters,
        unknownTags: page.unknownTags,
        results: page.results.map((r) => {
          const spans = snippetSpans(r.snippet);
          return {
            ...articleJson(r.article, r.score),
            snippet: spans.map((s) => s.text).join(''),
            highlights: spans.filter((s) => s.bold).map((s) => s.text),
          };
        }),
        hasMore: page.hasMore,
        suggestions: page.suggestions,
      });
      return 0;
    }
    if (page.unknownTags.length > 0)
      writeLine(io.stdout, `No article has the tag ${page.unknownTags.map(asHashtag).join(', ')}.`);
    else if (page.results.length === 0) writeLine(io.stdout, `Nothing found for ${describeQuery(page.query)}.`);
    if (page.filters.length > 0) writeLine(io.stdout, `Filters: ${page.filters.join(' · ')}`);
    for (const s of page.suggestions) writeLine(io.stdout, `${s.label} tagwire search ${JSON.stringify(s.query)}`);
    page.results.forEach((r, i) => {
      writeLine(io.stdout, articleLine(i + 1, r.article, r.score));
      writeLine(
        io.stdout,
        `    ${snippetSpans(r.snippet)
          .map((s) => (s.bold ? `*${s.text}*` : s.text))
          .join('')}`,
      );
    });
    return 0;
  } finally {
    await handle.close();
  }
}

export async function relatedCommand(open: () => Promise<CoreHandle>, args: string[], io: CliIO): Promise<number> {
  const { values, positionals } = parseFlags(args, {
    limit: { type: 'string' },
    external: { type: 'boolean' },
    json: { type: 'boolean' },
  });
  if (values.help) return (writeLine(io.stdout, RELATED_HELP), 0);
  if (positionals.length !== 1) throw new UsageError('Give exactly one article id, e.g. tagwire related k3x9pq');
  const limit = parseLimit(values.limit, 5, 50);
  const handle = await open();
  try {
    const stores = handle.deps.stores;
    const source = await findArticle(stores, positionals[0] ?? '', values.external);
    const hits = await relatedArticles(stores, source, { limit, offset: 0 });
    const rows = await stores.articles.byIds(hits.map((h) => h.articleId));
    const views = await stores.articles.views(rows);
    const [sourceView] = await stores.articles.views([source]);
    if (values.json) {
      writeJson(io.stdout, {
        article: sourceView ? articleJson(sourceView) : null,
        results: views.map((v, i) => articleJson(v, hits[i]?.score)),
      });
      return 0;
    }
    writeLine(io.stdout, `Related to [${source.public_id}] ${source.title}:`);
    if (views.length === 0) writeLine(io.stdout, 'Nothing related yet.');
    views.forEach((v, i) => writeLine(io.stdout, articleLine(i + 1, v, hits[i]?.score)));
    return 0;
  } finally {
    await handle.close();
  }
}

export async function articleCommand(open: () => Promise<CoreHandle>, args: string[], io: CliIO): Promise<number> {
  const { values, positionals } = parseFlags(args, { external: { type: 'boolean' }, json: { type: 'boolean' } });
  if (values.help) return (writeLine(io.stdout, ARTICLE_HELP), 0);
  if (positionals.length !== 1) throw new UsageError('Give exactly one article id, e.g. tagwire article k3x9pq');
  const handle = await open();
  try {
    const row = await findArticle(handle.deps.stores, positionals[0] ?? '', values.external);
    const [view] = await handle.deps.stores.articles.views([row]);
    if (!view) throw new Error('article view missing');
    if (values.json) {
      writeJson(io.stdout, { ...articleJson(view), body: row.body });
      return 0;
    }
    writeLine(io.stdout, `[${view.publicId}] ${view.title}`);
    writeLine(
      io.stdout,
      [(view.publishedAt ?? view.createdAt).toISOString().slice(0, 10), view.source, view.url]
        .filter(Boolean)
        .join(' · '),
    );
    writeLine(io.stdout, view.tags.map(asHashtag).join(' '));
    writeLine(io.stdout);
    writeLine(io.stdout, row.body === '' ? view.summary : row.body);
    return 0;
  } finally {
    await handle.close();
  }
}

export async function statsCommand(open: () => Promise<CoreHandle>, args: string[], io: CliIO): Promise<number> {
  const { values } = parseFlags(args, { json: { type: 'boolean' } }, false);
  if (values.help) return (writeLine(io.stdout, STATS_HELP), 0);
  const handle = await open();
  try {
    const s = await collectStats(handle.deps.stores);
    if (values.json) {
      writeJson(io.stdout, s);
      return 0;
    }
    const d = s.deliveries;
    writeLine(io.stdout, `Articles:     ${s.articles}`);
    writeLine(io.stdout, `Tags:         ${s.tags}`);
    writeLine(
      io.stdout,
      `Subscribers:  ${s.subscribers.active} active, ${s.subscribers.paused} paused, ${s.subscribers.deactivated} deactivated`,
    );
    writeLine(
      io.stdout,
      `Deliveries:   ${d.sent} sent, ${d.queued} queued, ${d.sending} sending, ${d.held} held for digests, ${d.deferred} in quiet hours, ${d.failed} failed, ${d.skipped} skipped`,
    );
    const u = s.cardUpdates;
    writeLine(
      io.stdout,
      `Card updates: ${u.done} done, ${u.waiting} waiting, ${u.failed} failed (edits after corrections, deletes)`,
    );
    writeLine(
      io.stdout,
      `Top tags:     ${s.topTags.map((t) => `${asHashtag(t.name)} (${t.count})`).join(', ') || 'none followed yet'}`,
    );
    if (s.failureReasons.length > 0) {
      writeLine(io.stdout, 'Failed because:');
      for (const r of s.failureReasons) writeLine(io.stdout, `  ${String(r.count).padStart(6)} × ${r.reason}`);
      writeLine(io.stdout, 'See tagwire deliveries --failed; requeue with tagwire deliveries retry.');
    }
    return 0;
  } finally {
    await handle.close();
  }
}
