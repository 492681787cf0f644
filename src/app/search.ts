import { UserInputError } from '../domain/errors.ts';
import type { ArticleView } from '../domain/reply.ts';
import { describeFilters, describeWords, isEmptyQuery, parseSearchQuery, planQuery, words, type QueryPlan, type SearchQuery } from '../domain/search-query.ts';
import { hasPhrase, indexTerm, snippetFrom, termMatcher, tokenize, type Occurrence } from '../domain/tokenize.ts';
import { SCAN_CHARS, type CollectionStats, type SearchDocument } from '../storage/search-store.ts';
import type { Stores } from '../storage/stores.ts';
import { suggestAlternatives, type Suggestion } from './suggest.ts';

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
  /** The filters applied, in words (`#usa`, `since 2024-01-01`, `newest first`). */
  filters: string[];
  /** When nothing was found: other queries that find something. */
  suggestions: Suggestion[];
}

export const MAX_SEARCH_LIMIT = 100;

/**
 * The ranking's weights. BM25F: `titleWeight` is how much a title match counts against a
 * body match, `k1` the term-frequency saturation, `b*` the length normalization per field.
 * Short queries (up to `shortQueryTerms` words) put results with more of the words first;
 * longer ones may scale relevance by (share of the query's weight matched) ^
 * `coveragePower` (0, off: it lost precision on the training split).
 * The whole query found as a phrase adds `phraseBonus`; newer results gain up to
 * `recencyWeight` of their relevance, halving every `recencyHalfLifeDays`. Tuned on the
 * Reuters training split (bench/eval.ts --split train); see the README, "Search and related articles".
 */
export interface SearchRanking {
  titleWeight: number;
  k1: number;
  bBody: number;
  bTitle: number;
  shortQueryTerms: number;
  coveragePower: number;
  phraseBonus: number;
  recencyWeight: number;
  recencyHalfLifeDays: number;
}

export const SEARCH_RANKING: Readonly<SearchRanking> = Object.freeze({
  titleWeight: 2, k1: 1.2, bBody: 0.3, bTitle: 0, shortQueryTerms: 3, coveragePower: 0, phraseBonus: 0.3, recencyWeight: 0.1, recencyHalfLifeDays: 30,
});
/** How BM25F weighs a title match against a body match (also used by related articles). */
export const TITLE_WEIGHT = SEARCH_RANKING.titleWeight;
/** Results ranked exactly per query; /search pages through these (a query this vague needs more words). */
export const RANK_DEPTH = 200;
/** Newest matches read per query word, at most. Bounds the work for words found in most articles. */
export const POSTINGS_PER_TERM = 1_000;
/** Matches read per query in all (split between its words, at least MIN_POSTINGS_PER_TERM each). */
const POSTINGS_PER_QUERY = 3_000;
const MIN_POSTINGS_PER_TERM = 250;
/** A tag on at most this many articles is read whole; a bigger one is checked per candidate. */
const TAG_DRIVE_LIMIT = 5_000;
/** A date range of at most this many articles narrows the index reads to its ids. */
const DATE_HINT_LIMIT = 200_000;
/** sort:date keeps results whose relevance is at least this share of the best one's. */
const SORT_DATE_MIN_SHARE = 0.4;
const DAY_MS = 86_400_000;

/** BM25's inverse document frequency: rare words weigh more. */
export function idf(docFrequency: number, total: number): number {
  return Math.log(1 + (total - docFrequency + 0.5) / (docFrequency + 0.5));
}

/**
 * A word's document frequency from a bounded read of its matches, newest first: exact
 * when the read was not cut off, else extrapolated from the share of ids it covered.
 */
export function estimateDocFrequency(newestIds: readonly number[], cap: number, total: number): number {
  const last = newestIds[newestIds.length - 1];
  if (newestIds.length < cap || last === undefined) return newestIds.length;
  return Math.min(total, (cap * total) / Math.max(1, total - last + 1));
}

interface Candidate {
  id: number;
  /** Bit i: term i occurs (as far as the bounded reads saw). */
  present: number;
  inTitle: number;
  phrase: boolean;
  /** Came from a read that applied the phrases and exclusions, so needs no check. */
  verified: boolean;
}

interface Window { below?: number; above?: number }

/** Stage 1: candidates from bounded index reads, with what each read says about them. */
async function gatherCandidates(stores: Stores, plan: QueryPlan, window: Window, total: number): Promise<{ candidates: Map<number, Candidate>; docFrequency: number[] }> {
  const search = stores.search;
  const candidates = new Map<number, Candidate>();
  const touch = (id: number, verified: boolean): Candidate => {
    let c = candidates.get(id);
    if (!c) candidates.set(id, (c = { id, present: 0, inTitle: 0, phrase: false, verified }));
    else if (verified) c.verified = true;
    return c;
  };
  const constrained = plan.phrases.length > 0 || plan.excluded.length > 0 || window.below !== undefined || window.above !== undefined;
  const base = { phrases: plan.phrases, excluded: plan.excluded };
  const limit = Math.max(MIN_POSTINGS_PER_TERM, Math.min(POSTINGS_PER_TERM, Math.floor(POSTINGS_PER_QUERY / Math.max(1, plan.terms.length))));
  const docFrequency: number[] = [];
  for (const [i, term] of plan.terms.entries()) {
    const bit = 1 << i;
    const ids = await search.matchIds({ all: [term.word], ...base }, { limit, ...window });
    for (const id of ids) touch(id, true).present |= bit;
    const counted = constrained ? await search.matchIds({ all: [term.word], phrases: [], excluded: [] }, { limit }) : ids;
    docFrequency.push(estimateDocFrequency(counted, limit, total));
    for (const id of await search.matchIds({ all: tokenize(term.word).map((t) => t.text), phrases: [], excluded: [] }, { limit, titleOnly: true, ...window })) {
      const c = touch(id, false);
      c.present |= bit;
      c.inTitle |= bit;
    }
  }
  const every = (1 << plan.terms.length) - 1;
  if (plan.terms.length >= 2 && plan.terms.length <= 4) {
    for (const id of await search.matchIds({ all: plan.terms.map((t) => t.word), ...base }, { limit: POSTINGS_PER_TERM, ...window })) touch(id, true).present |= every;
  }
  if (plan.implicitPhrase || plan.terms.length === 0) {
    const asRequired = plan.implicitPhrase ? [...plan.phrases, plan.implicitPhrase] : plan.phrases;
    for (const id of await search.matchIds({ all: [], phrases: asRequired, excluded: plan.excluded }, { limit: POSTINGS_PER_TERM, ...window })) {
      const c = touch(id, true);
      c.phrase = true;
      c.present |= every;
    }
  }
  return { candidates, docFrequency };
}

interface Scored {
  doc: SearchDocument;
  /** Relevance before recency. */
  relevance: number;
  score: number;
  matched: number;
  phrase: boolean;
  bodyHits: Occurrence[];
}

interface Scorer {
  stems: string[];
  score(doc: SearchDocument, verified: boolean): Omit<Scored, 'score'> | null;
}

/** Stage 2: exact BM25F over title and body (the first SCAN_CHARS), coverage, phrases, filters. */
function scorer(plan: QueryPlan, docFrequency: number[], total: number, stats: CollectionStats, r: SearchRanking): Scorer {
  const stems: string[] = [];
  const slot = (stem: string) => {
    const at = stems.indexOf(stem);
    return at >= 0 ? at : stems.push(stem) - 1;
  };
  const termSlots = plan.terms.map((t) => slot(t.stem));
  const phraseSlots = plan.phrases.map((p) => p.map((w) => slot(indexTerm(w))));
  const implicitSlots = plan.implicitPhrase?.map((w) => slot(indexTerm(w))) ?? null;
  const excludedSlots = new Set(plan.excluded.map((w) => slot(indexTerm(w))));
  const matcher = termMatcher(stems);
  const idfs = plan.terms.map((_, i) => idf(docFrequency[i] ?? 1, total));
  const idfSum = plan.terms.reduce((sum, t, i) => sum + (idfs[i] ?? 0) * t.weight, 0);
  return {
    stems,
    score(doc, verified) {
      const titleHits = matcher.find(doc.title);
      const bodyHits = matcher.find(doc.body);
      const counts = (hits: Occurrence[]) => {
        const n = new Array<number>(stems.length).fill(0);
        for (const h of hits) n[h.term] = (n[h.term] ?? 0) + 1;
        return n;
      };
      const inTitle = counts(titleHits);
      const inBody = counts(bodyHits);
      if (!verified) {
        if ([...excludedSlots].some((s) => (inTitle[s] ?? 0) + (inBody[s] ?? 0) > 0)) return null;
        if (!phraseSlots.every((p) => hasPhrase(doc.title, titleHits, p) || hasPhrase(doc.body, bodyHits, p))) return null;
      }
      const titleNorm = 1 - r.bTitle + (r.bTitle * doc.title.length) / stats.avgTitleChars;
      const bodyNorm = 1 - r.bBody + (r.bBody * Math.max(doc.bodyLength, 1)) / stats.avgBodyChars;
      let bm25 = 0;
      let matchedIdf = 0;
      let matched = 0;
      plan.terms.forEach((term, i) => {
        const s = termSlots[i] ?? 0;
        const tf = (r.titleWeight * (inTitle[s] ?? 0)) / titleNorm + (inBody[s] ?? 0) / bodyNorm;
        if (tf === 0) return;
        matched++;
        matchedIdf += (idfs[i] ?? 0) * term.weight;
        bm25 += ((idfs[i] ?? 0) * term.weight * tf * (r.k1 + 1)) / (tf + r.k1);
      });
      const phrase = implicitSlots !== null && (hasPhrase(doc.title, titleHits, implicitSlots) || hasPhrase(doc.body, bodyHits, implicitSlots));
      if (matched === 0 && plan.terms.length > 0) return null;
      const coverage = idfSum > 0 ? matchedIdf / idfSum : 1;
      const short = plan.terms.length <= r.shortQueryTerms;
      const relevance = plan.terms.length === 0 ? 1 : bm25 * (short ? 1 : coverage ** r.coveragePower) * (phrase ? 1 + r.phraseBonus : 1);
      return { doc, relevance, matched, phrase, bodyHits };
    },
  };
}

export interface RankedHit extends Scored {
  id: number;
}

interface Filters {
  tagIds: number[];
  since: number | null;
  until: number | null;
}

/**
 * Ranks the archive for a parsed query: the best `depth` results, exactly scored, newest
 * first among similar scores (and by date alone for sort:date). Two stages: bounded index
 * reads name the candidates (every match of a rare word, the newest matches of a common
 * one, titles first), then the best few hundred are read and scored exactly (BM25F with a
 * title weight, the share of the query matched, the phrase, recency).
 */
export async function rankArticles(stores: Stores, query: SearchQuery, filters: Filters, depth = RANK_DEPTH, ranking: SearchRanking = SEARCH_RANKING): Promise<RankedHit[]> {
  const plan = planQuery(query);
  if (plan.terms.length === 0 && plan.phrases.length === 0) return [];
  const total = Math.max(1, await stores.search.maxId());
  const stats = await stores.search.statistics();
  const window: Window = {};
  const counts = await stores.search.tagCounts(filters.tagIds);
  const tagIds = [...filters.tagIds].sort((a, b) => (counts.get(a) ?? 0) - (counts.get(b) ?? 0));
  const smallest = tagIds[0] === undefined ? Infinity : counts.get(tagIds[0]) ?? 0;
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
  const { candidates, docFrequency } = await gatherCandidates(stores, plan, window, total);
  const idfs = plan.terms.map((_, i) => idf(docFrequency[i] ?? 1, total));
  const stage1 = new Map<number, number>();
  for (const c of candidates.values()) {
    let value = c.phrase ? 1 : 0;
    plan.terms.forEach((t, i) => { if ((c.present >> i) & 1) value += (idfs[i] ?? 0) * t.weight * (1 + ((c.inTitle >> i) & 1)); });
    stage1.set(c.id, value);
  }
  let ordered = [...candidates.values()];
  if (tagged) {
    const inTag = new Set(tagged);
    ordered = ordered.filter((c) => inTag.has(c.id));
    if (ordered.length < depth) {
      const seen = new Set(ordered.map((c) => c.id));
      ordered.push(...tagged.filter((id) => !seen.has(id)).slice(0, depth - ordered.length).map((id) => ({ id, present: 0, inTitle: 0, phrase: false, verified: false })));
    }
  }
  ordered.sort((a, b) => (stage1.get(b.id) ?? 0) - (stage1.get(a.id) ?? 0) || b.id - a.id);

  const exact = scorer(plan, docFrequency, total, stats, ranking);
  const scored: RankedHit[] = [];
  const needsTagCheck = tagged === null && tagIds.length > 0;
  for (let cursor = 0, round = 0; cursor < ordered.length && scored.length < depth && round < 4; round++) {
    let chunk = ordered.slice(cursor, cursor + depth);
    cursor += chunk.length;
    if (needsTagCheck) {
      const keep = await stores.search.withTags(chunk.map((c) => c.id), tagIds);
      chunk = chunk.filter((c) => keep.has(c.id));
    }
    const verified = new Map(chunk.map((c) => [c.id, c.verified]));
    for (const doc of await stores.search.documents(chunk.map((c) => c.id), SCAN_CHARS)) {
      if ((filters.since !== null && doc.publishedAt < filters.since) || (filters.until !== null && doc.publishedAt > filters.until)) continue;
      const hit = exact.score(doc, verified.get(doc.id) ?? false);
      if (hit) scored.push({ ...hit, id: doc.id, score: hit.relevance });
    }
  }
  return order(scored, plan, query.sort, ranking).slice(0, depth);
}

function order(hits: RankedHit[], plan: QueryPlan, sort: SearchQuery['sort'], r: SearchRanking): RankedHit[] {
  const newest = Math.max(0, ...hits.map((h) => h.doc.publishedAt));
  for (const h of hits) h.score = h.relevance * (1 + r.recencyWeight * 2 ** (-(newest - h.doc.publishedAt) / (r.recencyHalfLifeDays * DAY_MS)));
  const short = plan.terms.length <= r.shortQueryTerms;
  const byDate = (a: RankedHit, b: RankedHit) => b.doc.publishedAt - a.doc.publishedAt || b.id - a.id;
  const byRank = (a: RankedHit, b: RankedHit) => (short ? b.matched - a.matched || Number(b.phrase) - Number(a.phrase) : 0) || b.score - a.score || byDate(a, b);
  const ranked = hits.sort(byRank);
  if (sort !== 'date') return ranked;
  const best = ranked[0];
  if (!best) return ranked;
  return ranked.filter((h) => (short ? h.matched === best.matched : h.relevance >= SORT_DATE_MIN_SHARE * best.relevance)).sort(byDate);
}

/** Runs a /search query: `offset` and `limit` page through results. */
export async function searchArticles(stores: Stores, rawQuery: string, options: { limit: number; offset: number }): Promise<SearchPage> {
  const query = parseSearchQuery(rawQuery);
  if (isEmptyQuery(query)) throw new UserInputError('What should I search for?', '/search oil prices #opec');
  const plan = planQuery(query);
  const onlyCommonWords = query.terms.length > 0 && plan.terms.length === 0 && plan.phrases.length === 0;
  if (onlyCommonWords && query.tags.length === 0 && query.since === null && query.until === null) {
    throw new UserInputError('That query has only common words. Add a word that names the topic.', '/search oil prices');
  }
  const filters = describeFilters(query);
  const tagIds: number[] = [];
  const unknownTags: string[] = [];
  for (const tag of query.tags) {
    const row = await stores.tags.find(tag.key);
    // A tag someone follows but no article has yet is as good as unknown here.
    if (row && ((await stores.search.tagCounts([row.id])).get(row.id) ?? 0) > 0) tagIds.push(row.id);
    else unknownTags.push(row?.name ?? tag.display);
  }
  const limit = Math.min(Math.max(1, options.limit), MAX_SEARCH_LIMIT);
  const offset = Math.max(0, options.offset);
  const empty = { query, results: [], hasMore: false, unknownTags, filters };
  if (unknownTags.length > 0) return { ...empty, suggestions: offset === 0 ? await suggestionsFor(stores, query) : [] };
  const since = query.since?.getTime() ?? null;
  const until = query.until?.getTime() ?? null;

  let page: { id: number; score: number; snippet: string | null }[];
  let hasMore: boolean;
  if (plan.terms.length === 0 && plan.phrases.length === 0) {
    const ids = await newestWithFilters(stores, { tagIds, since, until }, limit + 1, offset);
    page = ids.slice(0, limit).map((id) => ({ id, score: 0, snippet: null }));
    hasMore = ids.length > limit;
  } else {
    const ranked = await rankArticles(stores, query, { tagIds, since, until });
    const termCount = plan.terms.length;
    page = ranked.slice(offset, offset + limit).map((h) => ({ id: h.id, score: h.score, snippet: snippetFrom(h.doc.body, h.bodyHits, termCount) }));
    hasMore = ranked.length > offset + limit;
  }
  const rows = await stores.articles.byIds(page.map((h) => h.id));
  const views = await stores.articles.views(rows);
  const results = page.flatMap((hit, i) => {
    const view = views[i];
    const row = rows[i];
    return view && row ? [{ article: view, articleId: row.id, score: hit.score, snippet: hit.snippet ?? view.summary }] : [];
  });
  const suggestions = results.length === 0 && offset === 0 ? await suggestionsFor(stores, query) : [];
  return { ...empty, results, hasMore, suggestions };
}

/** Newest first among the articles with these tags and dates: a query without words. */
async function newestWithFilters(stores: Stores, filters: Filters, limit: number, offset: number): Promise<number[]> {
  const counts = await stores.search.tagCounts(filters.tagIds);
  const sorted = [...filters.tagIds].sort((a, b) => (counts.get(a) ?? 0) - (counts.get(b) ?? 0));
  const driveByTag = sorted.length > 0 && (counts.get(sorted[0] ?? 0) ?? 0) <= TAG_DRIVE_LIMIT;
  return stores.search.newest({ tagIds: sorted, since: filters.since, until: filters.until, driveByTag }, limit, offset);
}

/** Whether a query finds anything: how suggestions are checked before they are offered. */
async function hasResults(stores: Stores, q: SearchQuery): Promise<boolean> {
  const tagIds: number[] = [];
  for (const tag of q.tags) {
    const row = await stores.tags.find(tag.key);
    if (!row) return false;
    tagIds.push(row.id);
  }
  const filters = { tagIds, since: q.since?.getTime() ?? null, until: q.until?.getTime() ?? null };
  const plan = planQuery(q);
  if (plan.terms.length > 0 || plan.phrases.length > 0) return (await rankArticles(stores, q, filters, 20)).length > 0;
  if (tagIds.length === 0 && filters.since === null && filters.until === null) return false;
  return (await newestWithFilters(stores, filters, 1, 0)).length > 0;
}

async function suggestionsFor(stores: Stores, query: SearchQuery) {
  const stats = await stores.search.statistics();
  return suggestAlternatives(stores, query, (q) => hasResults(stores, q), { spelling: stats.spelling, frequency: stats.sampleFrequency });
}

/** A short human description of what the query asked for: its words, or its filters when it has none. */
export function describeQuery(q: SearchQuery): string {
  return describeWords(q) || describeFilters(q).join(', ');
}

export { words };
