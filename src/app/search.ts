/** /search: runs a query and assembles its page (results, snippets, filters, suggestions); the entry point to src/app/search/. */
import { msg, UserInputError } from '../domain/errors.ts';
import type { Translate } from '../i18n/index.ts';
import type { ArticleView } from '../domain/reply.ts';
import {
  describeFilters,
  describeWords,
  isEmptyQuery,
  parseSearchQuery,
  planQuery,
  words,
  type SearchQuery,
} from '../domain/search-query.ts';
import { snippetFrom } from '../domain/tokenize.ts';
import type { Stores } from '../storage/stores.ts';
import { newestWithFilters, rankArticles } from './search/rank.ts';
import { suggestionsFor } from './search/suggestions.ts';
import { resolveTags, tagFilter } from './search/tag-resolution.ts';
import type { Suggestion } from './suggest.ts';

export { rankArticles, RANK_DEPTH, type RankedHit, type RankFilters } from './search/rank.ts';
export { SEARCH_RANKING, type SearchRanking } from './search/weights.ts';

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
  /**
   * Tags named in the query that no article has — unknown ones as typed, known ones (followed,
   * aliased) by their own name — see search/tag-resolution.ts: the search stops there.
   */
  unknownTags: string[];
  /** The filters applied, in words (`#usa`, `since 2024-01-01`, `newest first`). */
  filters: string[];
  /** When nothing was found: other queries that find something. */
  suggestions: Suggestion[];
}

export const MAX_SEARCH_LIMIT = 100;

/** Runs a /search query: `offset` and `limit` page through results. */
export async function searchArticles(
  stores: Stores,
  rawQuery: string,
  options: { limit: number; offset: number },
): Promise<SearchPage> {
  const query = parseSearchQuery(rawQuery);
  if (isEmptyQuery(query)) throw new UserInputError(msg('err-search-what'), '/search oil prices #opec');
  const plan = planQuery(query);
  const onlyCommonWords = query.terms.length > 0 && plan.terms.length === 0 && plan.phrases.length === 0;
  if (
    onlyCommonWords &&
    query.tags.length === 0 &&
    query.since === null &&
    query.until === null &&
    query.language === null
  ) {
    throw new UserInputError(msg('err-search-common-words'), '/search oil prices');
  }
  const filters = describeFilters(query);
  const { tagIds, findNothing: unknownTags } = tagFilter(await resolveTags(stores, query.tags));
  const limit = Math.min(Math.max(1, options.limit), MAX_SEARCH_LIMIT);
  const offset = Math.max(0, options.offset);
  const empty = { query, results: [], hasMore: false, unknownTags, filters };
  if (unknownTags.length > 0) return { ...empty, suggestions: offset === 0 ? await suggestionsFor(stores, query) : [] };
  const since = query.since?.getTime() ?? null;
  const until = query.until?.getTime() ?? null;

  let page: { id: number; score: number; snippet: string | null }[];
  let hasMore: boolean;
  if (plan.terms.length === 0 && plan.phrases.length === 0) {
    const ids = await newestWithFilters(stores, { tagIds, since, until, language: query.language }, limit + 1, offset);
    page = ids.slice(0, limit).map((id) => ({ id, score: 0, snippet: null }));
    hasMore = ids.length > limit;
  } else {
    const ranked = await rankArticles(stores, query, { tagIds, since, until, language: query.language });
    const termCount = plan.terms.length;
    page = ranked
      .slice(offset, offset + limit)
      .map((h) => ({ id: h.id, score: h.score, snippet: snippetFrom(h.doc.body, h.bodyHits, termCount) }));
    hasMore = ranked.length > offset + limit;
  }
  const rows = await stores.articles.byIds(page.map((h) => h.id));
  const views = await stores.articles.views(rows);
  const results = page.flatMap((hit, i) => {
    const view = views[i];
    const row = rows[i];
    return view && row
      ? [{ article: view, articleId: row.id, score: hit.score, snippet: hit.snippet ?? view.summary }]
      : [];
  });
  const suggestions = results.length === 0 && offset === 0 ? await suggestionsFor(stores, query) : [];
  return { ...empty, results, hasMore, suggestions };
}

/** A short human description of what the query asked for: its words, or its filters when it has none. */
export function describeQuery(q: SearchQuery, t?: Translate): string {
  return describeWords(q) || describeFilters(q, t).join(', ');
}

export { words };
