/** Ranks the archive for a query (both stages, filters, final order) and lists filter-only queries newest first. */
import { planQuery, type QueryPlan, type SearchQuery } from '../../domain/search-query.ts';
import { SCAN_CHARS } from '../../storage/search-store.ts';
import type { Stores } from '../../storage/stores.ts';
import { bestFirst, gatherCandidates, type Candidate, type Window } from './candidates.ts';
import { scorer, type Scored, type Scorer } from './exact-score.ts';
import { expandQuery } from './feedback.ts';
import { idf } from './scoring.ts';
import { SEARCH_RANKING, type SearchRanking } from './weights.ts';

/** Results ranked exactly per query; /search pages through these (a query this vague needs more words). */
export const RANK_DEPTH = 200;
/** A tag on at most this many articles is read whole; a bigger one is checked per candidate. */
const TAG_DRIVE_LIMIT = 5_000;
/** A date range of at most this many articles narrows the index reads to its ids. */
const DATE_HINT_LIMIT = 200_000;
/** sort:date keeps results whose relevance is at least this share of the best one's. */
const SORT_DATE_MIN_SHARE = 0.4;
const DAY_MS = 86_400_000;
/** Stage 2 reads at most this many chunks of `depth` candidates (more when filters drop some). */
const ROUNDS = 4;

export interface RankedHit extends Scored {
  id: number;
}

/** What a query is filtered by: tags (every one, by id), a publication range (ms) and a language. */
export interface RankFilters {
  tagIds: number[];
  since: number | null;
  until: number | null;
  /** Only articles in this language (`lang:ru`); undefined or null for any. */
  language?: string | null;
}

/**
 * Ranks the archive for a parsed query: the best `depth` results, exactly scored, newest
 * first among similar scores (and by date alone for sort:date). Two stages: bounded index
 * reads name the candidates (every match of a rare word, the newest matches of a common
 * one, titles first), then the best few hundred are read and scored exactly (BM25F with a
 * title weight, the share of the query matched, the phrase, recency). A question (a long
 * query) normalizes body length fully and is scored again with words its best results
 * lend it (feedback.ts).
 */
export async function rankArticles(
  stores: Stores,
  query: SearchQuery,
  filters: RankFilters,
  depth = RANK_DEPTH,
  weights: SearchRanking = SEARCH_RANKING,
): Promise<RankedHit[]> {
  const plan = planQuery(query);
  if (plan.terms.length === 0 && plan.phrases.length === 0) return [];
  const question = plan.terms.length >= weights.question.minTerms;
  const ranking = question ? { ...weights, bBody: weights.question.bBody } : weights;
  const total = Math.max(1, await stores.search.maxId());
  const stats = await stores.search.statistics();
  const window: Window = {};
  const counts = await stores.search.tagCounts(filters.tagIds);
  const tagIds = [...filters.tagIds].sort((a, b) => (counts.get(a) ?? 0) - (counts.get(b) ?? 0));
  const smallest = tagIds[0] === undefined ? Infinity : (counts.get(tagIds[0]) ?? 0);
  let tagged: number[] | null = null;
  if (smallest <= TAG_DRIVE_LIMIT) {
    tagged = await stores.search.taggedIds(tagIds, { limit: TAG_DRIVE_LIMIT });
    if (tagged.length === 0) return [];
    window.below = (tagged[0] ?? 0) + 1;
    window.above = (tagged[tagged.length - 1] ?? 0) - 1;
  }
  if (filters.since !== null || filters.until !== null) {
    const range = await stores.search.idRangeForDates(filters.since, filters.until, DATE_HINT_LIMIT);
    if (range) {
      if (range.maxId < range.minId) return [];
      window.below = Math.min(window.below ?? Infinity, range.maxId + 1);
      window.above = Math.max(window.above ?? -Infinity, range.minId - 1);
    }
  }
  // One word, and nothing that drops a candidate once read: the best `depth` are among the
  // newest `depth` title matches and the newest `depth` matches (stage 1 puts titles
  // first, then the newest; one word's order does not depend on its rarity), so reading
  // twice that many of each is enough. Anything else reads the usual bounded amounts.
  const onlyWordOrder =
    plan.terms.length === 1 &&
    plan.phrases.length === 0 &&
    plan.excluded.length === 0 &&
    filters.tagIds.length === 0 &&
    filters.since === null &&
    filters.until === null &&
    filters.language == null;
  const { candidates, docFrequency } = await gatherCandidates(
    stores,
    plan,
    window,
    total,
    onlyWordOrder ? 2 * depth : Infinity,
  );
  const idfs = plan.terms.map((_, i) => idf(docFrequency[i] ?? 1, total));
  // Stage 1's value: the idf of each word seen (twice in a title), and 1 for the phrase.
  const termValues = plan.terms.map((t, i) => (idfs[i] ?? 0) * t.weight);
  const stage1 = (c: Candidate) => {
    let value = c.phrase ? 1 : 0;
    for (let i = 0; i < termValues.length; i++)
      if ((c.present >> i) & 1) value += (termValues[i] ?? 0) * (1 + ((c.inTitle >> i) & 1));
    return value;
  };
  let pool = [...candidates.values()];
  if (tagged) {
    const inTag = new Set(tagged);
    pool = pool.filter((c) => inTag.has(c.id));
    if (pool.length < depth) {
      const seen = new Set(pool.map((c) => c.id));
      pool.push(
        ...tagged
          .filter((id) => !seen.has(id))
          .slice(0, depth - pool.length)
          .map((id) => ({ id, present: 0, inTitle: 0, phrase: false, verified: false })),
      );
    }
  }
  const ordered = bestFirst(pool, stage1, ROUNDS * depth);

  const exact = scorer(plan, docFrequency, total, stats, ranking);
  const scored: RankedHit[] = [];
  const needsTagCheck = tagged === null && tagIds.length > 0;
  for (let cursor = 0, round = 0; cursor < ordered.length && scored.length < depth && round < ROUNDS; round++) {
    let chunk = ordered.slice(cursor, cursor + depth);
    cursor += chunk.length;
    if (needsTagCheck) {
      const keep = await stores.search.withTags(
        chunk.map((c) => c.id),
        tagIds,
      );
      chunk = chunk.filter((c) => keep.has(c.id));
    }
    const verified = new Map(chunk.map((c) => [c.id, c.verified]));
    for (const doc of await stores.search.documents(
      chunk.map((c) => c.id),
      SCAN_CHARS,
    )) {
      if (
        (filters.since !== null && doc.publishedAt < filters.since) ||
        (filters.until !== null && doc.publishedAt > filters.until) ||
        (filters.language != null && doc.language !== filters.language)
      )
        continue;
      const hit = exact.score(doc, verified.get(doc.id) ?? false);
      if (hit) scored.push({ ...hit, id: doc.id, score: hit.relevance });
    }
  }
  if (question && ranking.question.feedback.enabled > 0 && query.sort !== 'date') {
    // The best results lend the question their words; the same results are scored again.
    const best = [...scored].sort((a, b) => b.relevance - a.relevance);
    const expanded = expandQuery(plan, best, stats, total, ranking.question.feedback);
    if (expanded) {
      const allDocFrequency = [...docFrequency, ...expanded.docFrequency];
      const inFull = (again: Scorer) => (hit: Scored) => again.score(hit.doc, true)?.relevance ?? null;
      // Only the appended words are looked for in the text, where that scores as a new scorer would.
      const rescore =
        exact.extend(expanded.plan, allDocFrequency) ??
        inFull(scorer(expanded.plan, allDocFrequency, total, stats, ranking));
      // Only the best results are scored again: the rest keep their order, below them.
      const rerank = best.slice(0, ranking.question.feedback.rerank);
      const floor = Math.min(...rerank.map((h) => h.relevance));
      for (const hit of rerank) {
        const relevance = Math.max(rescore(hit) ?? hit.relevance, floor);
        Object.assign(hit, { relevance, score: relevance });
      }
    }
  }
  return order(scored, plan, query.sort, ranking).slice(0, depth);
}

function order(hits: RankedHit[], plan: QueryPlan, sort: SearchQuery['sort'], r: SearchRanking): RankedHit[] {
  const newest = Math.max(0, ...hits.map((h) => h.doc.publishedAt));
  for (const h of hits)
    h.score =
      h.relevance * (1 + r.recencyWeight * 2 ** (-(newest - h.doc.publishedAt) / (r.recencyHalfLifeDays * DAY_MS)));
  const short = plan.terms.length <= r.shortQueryTerms;
  const byDate = (a: RankedHit, b: RankedHit) => b.doc.publishedAt - a.doc.publishedAt || b.id - a.id;
  const byRank = (a: RankedHit, b: RankedHit) =>
    (short ? b.matched - a.matched || Number(b.phrase) - Number(a.phrase) : 0) || b.score - a.score || byDate(a, b);
  const ranked = hits.sort(byRank);
  if (sort !== 'date') return ranked;
  const best = ranked[0];
  if (!best) return ranked;
  return ranked
    .filter((h) => (short ? h.matched === best.matched : h.relevance >= SORT_DATE_MIN_SHARE * best.relevance))
    .sort(byDate);
}

/** Newest first among the articles with these tags and dates: a query without words. */
export async function newestWithFilters(
  stores: Stores,
  filters: RankFilters,
  limit: number,
  offset: number,
): Promise<number[]> {
  const counts = await stores.search.tagCounts(filters.tagIds);
  const sorted = [...filters.tagIds].sort((a, b) => (counts.get(a) ?? 0) - (counts.get(b) ?? 0));
  const driveByTag = sorted.length > 0 && (counts.get(sorted[0] ?? 0) ?? 0) <= TAG_DRIVE_LIMIT;
  return stores.search.newest(
    { tagIds: sorted, since: filters.since, until: filters.until, language: filters.language ?? null, driveByTag },
    limit,
    offset,
  );
}
