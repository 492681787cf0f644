/** What /search offers when it found nothing: suggest.ts's alternatives, each checked by searching with the same rules. */
import { planQuery, type SearchQuery } from '../../domain/search-query.ts';
import type { Stores } from '../../storage/stores.ts';
import { suggestAlternatives, type Suggestion } from '../suggest.ts';
import { newestWithFilters, rankArticles } from './rank.ts';
import { resolveTags, tagFilter } from './tag-resolution.ts';

/** Whether a query finds anything: how suggestions are checked before they are offered. */
async function hasResults(stores: Stores, q: SearchQuery): Promise<boolean> {
  const { tagIds, findNothing } = tagFilter(await resolveTags(stores, q.tags));
  if (findNothing.length > 0) return false;
  const filters = { tagIds, since: q.since?.getTime() ?? null, until: q.until?.getTime() ?? null };
  const plan = planQuery(q);
  if (plan.terms.length > 0 || plan.phrases.length > 0) return (await rankArticles(stores, q, filters, 20)).length > 0;
  if (tagIds.length === 0 && filters.since === null && filters.until === null) return false;
  return (await newestWithFilters(stores, filters, 1, 0)).length > 0;
}

/** Other queries that find something, for a query that found nothing. */
export async function suggestionsFor(stores: Stores, query: SearchQuery): Promise<Suggestion[]> {
  const stats = await stores.search.statistics();
  return suggestAlternatives(stores, query, (q) => hasResults(stores, q), {
    spelling: stats.spelling,
    frequency: stats.sampleFrequency,
  });
}
