/** /related: the articles about the same story as one article (distinctive words, shared tags, time), without near-duplicates. */
import { STOP_WORDS } from '../domain/stopwords.ts';
import { indexTerm, indexTerms, termMatcher, tokenWords } from '../domain/tokenize.ts';
import type { ArticleRow } from '../storage/schema.ts';
import { SCAN_CHARS, type CollectionStats, type SearchDocument } from '../storage/search-store.ts';
import type { Stores } from '../storage/stores.ts';
import { BM25F, fieldFrequency, fieldNorms, idf, saturated, termCounts } from './search/scoring.ts';

/**
 * How the three signals of relatedness are mixed, each scaled to 0..1 first: text (the
 * source's distinctive words, BM25, as a share of the source's own score), recency
 * (closeness in time), and tags (shared tags weighted by rarity, as a share of the
 * source's): score = (text·T + recency·R) × (1 + tags·G). Tags raise text-similar
 * articles rather than stand alone: on the Reuters training split (places, organisations
 * and people as tags; bench/eval.ts --split train) an additive tag weight cost precision,
 * and tag overlap alone reached P@5 0.25 against 0.79 for text. Recency 0.1 against 0.15
 * or 0 was the best on that split.
 */
export const RELATED_WEIGHTS: Readonly<RelatedWeights> = Object.freeze({ text: 0.9, recency: 0.1, tags: 0.1 });
export type RelatedWeights = { text: number; tags: number; recency: number };
/**
 * Distinctive words of the source that score candidates. More words than the 20 of the
 * first version (Reuters train P@5 +0.005 with 30): scoring them costs no index reads.
 */
export const RELATED_TERMS = 30;
/**
 * The most distinctive of those whose matches are read to find candidates (the rest only
 * score). Each costs two bounded index reads, most of the time taken: on Reuters train 14
 * → 16 gained 0.003 of P@5, 16 → 20 only 0.001 for an eighth more time at 1M articles.
 */
const CANDIDATE_TERMS = 16;
/** Matches read per word on each side of the source (older and newer): bounds the work. */
const WINDOW = 250;
/** Articles read per tag on each side of the source, when the words found fewer than RERANK candidates. */
const TAG_WINDOW = 300;
/** Candidates scored exactly. */
const RERANK = 120;
/**
 * Body length normalization of the text score (BM25's b). Related articles compare whole
 * articles, so a long body that repeats the words counts for less than in /search
 * (BM25F.bBody 0.3): on the Reuters training split 0.5 did best (0.3, 0.75, 1 tried).
 */
const B_BODY = 0.5;
/** Time scale of the recency signal: an article this many days apart scores 1/e. */
const RECENCY_DAYS = 30;
/** Word-trigram overlap (Jaccard) from which two texts are near-duplicates. */
export const NEAR_DUPLICATE = 0.5;
const DAY_MS = 86_400_000;

export interface RelatedHit {
  articleId: number;
  score: number;
}

export interface DistinctiveTerm {
  /** Folded word as found (what the index is asked for). */
  word: string;
  stem: string;
  /**
   * Its weight in the query standing for the source: √tf. Rarity chose the word and
   * ranks candidates, but does not weigh it again in the text score (see textScorer).
   */
  weight: number;
}

const useful = (token: string) => !STOP_WORDS.has(token) && !/^\d+$/u.test(token) && !/^[a-z]{1,2}$/u.test(token);

/** The source's most telling words: frequent in it, rare in the (sampled) archive: tf × idf. */
export function distinctiveTerms(
  title: string,
  body: string,
  stats: CollectionStats,
  count = RELATED_TERMS,
): DistinctiveTerm[] {
  const found = new Map<string, { word: string; tf: number }>();
  for (const word of tokenWords(`${title}\n${body.slice(0, SCAN_CHARS)}`)) {
    if (!useful(word)) continue;
    const stem = indexTerm(word);
    const entry = found.get(stem) ?? { word, tf: 0 };
    entry.tf += 1;
    found.set(stem, entry);
  }
  const sampled = Math.max(1, stats.sampleSize);
  return [...found.entries()]
    .map(([stem, { word, tf }]) => ({ word, stem, tf, rank: tf * idf(stats.sampleFrequency.get(stem) ?? 0, sampled) }))
    .sort((a, b) => b.rank - a.rank || a.stem.localeCompare(b.stem))
    .slice(0, count)
    .map(({ word, stem, tf }) => ({ word, stem, weight: Math.sqrt(tf) }));
}

/** Words of a text in order (stems), for near-duplicate checks. */
const stemsOf = indexTerms;

function trigrams(text: string): Set<string> {
  const stems = stemsOf(text);
  const grams = new Set<string>();
  for (let i = 0; i + 2 < stems.length; i++) grams.add(`${stems[i]} ${stems[i + 1]} ${stems[i + 2]}`);
  if (grams.size === 0 && stems.length > 0) grams.add(stems.join(' '));
  return grams;
}

/** Same title (as words), or almost the same text (word-trigram Jaccard ≥ NEAR_DUPLICATE). */
export function isNearDuplicate(
  a: { title: string; body: string },
  b: { title: string; body: string },
  aGrams = trigrams(`${a.title}\n${a.body}`),
  aTitle = stemsOf(a.title).join(' '),
): boolean {
  if (aTitle === stemsOf(b.title).join(' ')) return true;
  const bGrams = trigrams(`${b.title}\n${b.body}`);
  let shared = 0;
  for (const g of bGrams) if (aGrams.has(g)) shared++;
  return shared / Math.max(1, aGrams.size + bGrams.size - shared) >= NEAR_DUPLICATE;
}

/** Document frequency from the matches read on both sides of `center`, extrapolated when cut off. */
function frequencyAround(below: readonly number[], above: readonly number[], center: number, total: number): number {
  const belowCut = below.length >= WINDOW;
  const aboveCut = above.length >= WINDOW;
  const found = below.length + above.length + 1;
  if (!belowCut && !aboveCut) return found;
  const covered =
    (belowCut ? center - (below[below.length - 1] ?? center) : center) +
    (aboveCut ? (above[above.length - 1] ?? center) - center : Math.max(0, total - center));
  return Math.min(total, (found * total) / Math.max(1, covered));
}

/**
 * Articles related to `source`: text similarity (its distinctive words, BM25 with the
 * title weighted), shared tags weighted by rarity (inverse document frequency), and
 * closeness in time. Never the article itself, nor a near-duplicate of it (the same title,
 * or almost the same text). Bounded work: each word and tag is read only around the
 * source, and only the best RERANK candidates are read in full.
 */
export async function relatedArticles(
  stores: Stores,
  source: ArticleRow,
  options: { limit: number; offset: number; weights?: RelatedWeights },
): Promise<RelatedHit[]> {
  const weights = options.weights ?? RELATED_WEIGHTS;
  const search = stores.search;
  const total = Math.max(1, await search.maxId());
  const stats = await search.statistics();
  const terms = weights.text > 0 ? distinctiveTerms(source.title, source.body, stats) : [];
  // Candidates: the matches of the most distinctive words around the source, each credited
  // with the word's weight and rarity in that stretch of the archive.
  // The reads start at once (PostgreSQL runs them on several connections) and are applied in order.
  const textCredit = new Map<number, number>();
  const reads = await Promise.all(
    terms.slice(0, CANDIDATE_TERMS).map(async (term) => {
      const match = { all: [term.word], phrases: [], excluded: [] };
      const [below, above] = await Promise.all([
        search.matchIds(match, { limit: WINDOW, below: source.id }),
        search.matchIds(match, { limit: WINDOW, above: source.id, order: 'oldest' }),
      ]);
      return { term, below, above };
    }),
  );
  for (const { term, below, above } of reads) {
    const credit = term.weight * idf(frequencyAround(below, above, source.id, total), total);
    for (const id of [...below, ...above]) if (id !== source.id) textCredit.set(id, (textCredit.get(id) ?? 0) + credit);
  }
  const byCredit = (credits: Map<number, number>) =>
    [...credits]
      .sort((a, b) => b[1] - a[1] || Math.abs(a[0] - source.id) - Math.abs(b[0] - source.id))
      .map(([id]) => id);
  const shortlist = byCredit(textCredit).slice(0, RERANK);

  const tagIds = weights.tags > 0 ? await stores.articles.tagIds(source.id) : [];
  const tagCounts = await search.tagCounts(tagIds);
  const tagIdf = new Map(tagIds.map((id) => [id, Math.log(1 + total / Math.max(1, tagCounts.get(id) ?? 1))]));
  const tagTotal = [...tagIdf.values()].reduce((a, b) => a + b, 0) || 1;
  if (shortlist.length < RERANK && tagIds.length > 0) {
    // Too few articles share the words: fill up with the articles nearest in time that
    // share the rarest tags. They never displace an article found by its words (on
    // Reuters that cost precision).
    const tagCredit = new Map<number, number>();
    const credit = (id: number, share: number) => {
      if (id !== source.id && !textCredit.has(id)) tagCredit.set(id, (tagCredit.get(id) ?? 0) + share);
    };
    const tagged = await Promise.all(
      tagIds.map(async (tagId) => {
        const [below, above] = await Promise.all([
          search.taggedIds([tagId], { limit: TAG_WINDOW, below: source.id }),
          search.taggedIds([tagId], { limit: TAG_WINDOW, above: source.id, order: 'oldest' }),
        ]);
        return { share: tagIdf.get(tagId) ?? 0, ids: [...below, ...above] };
      }),
    );
    for (const { share, ids } of tagged) for (const id of ids) credit(id, share);
    shortlist.push(...byCredit(tagCredit).slice(0, RERANK - shortlist.length));
  }

  const docs = await search.documents(shortlist, SCAN_CHARS);
  const links = await search.tagLinks(
    docs.map((d) => d.id),
    tagIds,
  );
  const sharedTags = new Map<number, number>();
  for (const link of links)
    sharedTags.set(link.articleId, (sharedTags.get(link.articleId) ?? 0) + (tagIdf.get(link.tagId) ?? 0));

  const textScore = textScorer(terms, stats);
  const sourceDoc: SearchDocument = {
    id: source.id,
    title: source.title,
    body: source.body.slice(0, SCAN_CHARS),
    bodyLength: source.body.length,
    publishedAt: Number(source.published_at),
    language: source.language,
  };
  const selfScore = textScore(sourceDoc) || 1;
  const ranked = docs
    .map((doc) => {
      const days = Math.abs(doc.publishedAt - sourceDoc.publishedAt) / DAY_MS;
      const text = Math.min(1, textScore(doc) / selfScore);
      const tags = (sharedTags.get(doc.id) ?? 0) / tagTotal;
      const score =
        (weights.text * text + weights.recency * Math.exp(-days / RECENCY_DAYS)) * (1 + weights.tags * tags);
      return { doc, score };
    })
    .sort((a, b) => b.score - a.score || b.doc.publishedAt - a.doc.publishedAt || b.doc.id - a.doc.id);

  const wanted = options.offset + options.limit;
  const sourceGrams = trigrams(`${sourceDoc.title}\n${sourceDoc.body}`);
  const sourceTitle = stemsOf(sourceDoc.title).join(' ');
  const kept: RelatedHit[] = [];
  for (const { doc, score } of ranked) {
    if (kept.length >= wanted) break;
    if (doc.id === source.id || isNearDuplicate(sourceDoc, doc, sourceGrams, sourceTitle)) continue;
    kept.push({ articleId: doc.id, score });
  }
  return kept.slice(options.offset, wanted);
}

/**
 * BM25F of a document against the source's distinctive terms (title weight, k1 and title
 * b as in search: BM25F of search/scoring.ts; body b B_BODY), each term weighing √tf. Not
 * weighted by rarity again: the terms were chosen for it (tf × idf), and weighing them by
 * idf once more let one shared rare word (a name) outrank articles sharing many of the
 * source's words. On the Reuters training split that double weighting cost 0.04 of P@5
 * (idf^0.5 still 0.014, idf^0.25 0.006).
 */
function textScorer(terms: readonly DistinctiveTerm[], stats: CollectionStats): (doc: SearchDocument) => number {
  const matcher = termMatcher(terms.map((t) => t.stem));
  return (doc) => {
    const inTitle = termCounts(matcher.find(doc.title), terms.length);
    const inBody = termCounts(matcher.find(doc.body), terms.length);
    const norms = fieldNorms(doc, stats, BM25F.bTitle, B_BODY);
    let score = 0;
    terms.forEach((term, i) => {
      const tf = fieldFrequency(inTitle[i] ?? 0, inBody[i] ?? 0, norms, BM25F.titleWeight);
      if (tf > 0) score += saturated(term.weight, tf, BM25F.k1);
    });
    return score;
  };
}
