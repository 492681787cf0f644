import { parseSearchQuery, isEmptyQuery, words, type SearchQuery } from '../domain/search-query.ts';
import { UserInputError } from '../domain/errors.ts';
import type { ArticleView } from '../domain/reply.ts';
import { STOP_WORDS } from '../domain/stopwords.ts';
import type { Stores } from '../storage/stores.ts';

export interface SearchResult {
  article: ArticleView;
  articleId: number;
  score: number;
  /** Text around the match; matched words are wrapped in HIT_START/HIT_END. Falls back to the summary. */
  snippet: string;
}

export interface SearchPage {
  query: SearchQuery;
  results: SearchResult[];
  /** Whether a next page exists. */
  hasMore: boolean;
  /** Tags named in the query that no article has: the search stops there. */
  unknownTags: string[];
}

export const MAX_SEARCH_LIMIT = 100;

/** Runs a /search query: `offset` and `limit` page through results. */
export async function searchArticles(stores: Stores, rawQuery: string, options: { limit: number; offset: number }): Promise<SearchPage> {
  const query = parseSearchQuery(rawQuery);
  if (isEmptyQuery(query)) {
    throw new UserInputError('What should I search for?', '/search oil prices #opec');
  }
  if (query.terms.length > 0 && query.phrases.length === 0 && query.terms.every((t) => STOP_WORDS.has(t)) && query.tags.length === 0) {
    // Only filler words: BM25 over them finds noise, so say so instead.
    throw new UserInputError('That query has only common words. Add a word that names the topic.', '/search oil prices');
  }
  const tagIds: number[] = [];
  const unknownTags: string[] = [];
  for (const tag of query.tags) {
    const row = await stores.tags.find(tag.key);
    if (row) tagIds.push(row.id);
    else unknownTags.push(tag.display);
  }
  if (unknownTags.length > 0) return { query, results: [], hasMore: false, unknownTags };
  const limit = Math.min(Math.max(1, options.limit), MAX_SEARCH_LIMIT);
  const hits = await stores.search.search({ query, tagIds, limit: limit + 1, offset: Math.max(0, options.offset) });
  const page = hits.slice(0, limit);
  const rows = await stores.articles.byIds(page.map((h) => h.id));
  const views = await stores.articles.views(rows);
  const results = page.flatMap((hit, i) => {
    const view = views[i];
    const row = rows[i];
    return view && row ? [{ article: view, articleId: row.id, score: hit.score, snippet: hit.snippet ?? view.summary }] : [];
  });
  return { query, results, hasMore: hits.length > limit, unknownTags };
}

/** A short human description of what the query asked for, e.g. `oil prices, tag #usa, since 2024-01-01`. */
export function describeQuery(q: SearchQuery): string {
  const parts: string[] = [];
  if (q.terms.length > 0) parts.push(q.terms.join(' '));
  for (const p of q.phrases) parts.push(`"${p.join(' ')}"`);
  for (const t of q.tags) parts.push(`tag ${t.display}`);
  if (q.excluded.length > 0) parts.push(`without ${q.excluded.join(', ')}`);
  if (q.since) parts.push(`since ${q.since.toISOString().slice(0, 10)}`);
  if (q.until) parts.push(`until ${q.until.toISOString().slice(0, 10)}`);
  if (q.sort === 'date') parts.push('newest first');
  return parts.join(', ');
}

export { words };
