/** The BM25F pieces /search and related articles share: idf, the field weights and parameters, the per-term score. */
import type { Occurrence } from '../../domain/tokenize.ts';
import type { CollectionStats, SearchDocument } from '../../storage/search-store.ts';

/**
 * BM25F over an article's title and body: `titleWeight` is how much a title match counts
 * against a body match, `k1` the term-frequency saturation, `bTitle`/`bBody` the length
 * normalization per field. Tuned for /search on the Reuters training split
 * (bench/eval.ts --split train); related articles use their own body `b`.
 */
export interface Bm25fParameters {
  titleWeight: number;
  k1: number;
  bBody: number;
  bTitle: number;
}

export const BM25F: Readonly<Bm25fParameters> = Object.freeze({ titleWeight: 2, k1: 1.2, bBody: 0.3, bTitle: 0 });

/** How BM25F weighs a title match against a body match. */
export const TITLE_WEIGHT = BM25F.titleWeight;

/** BM25's inverse document frequency: rare words weigh more. */
export function idf(docFrequency: number, total: number): number {
  return Math.log(1 + (total - docFrequency + 0.5) / (docFrequency + 0.5));
}

/** Occurrences per term among a matcher's hits: index i counts term i, for `terms` terms. */
export function termCounts(hits: readonly Occurrence[], terms: number): number[] {
  const n = new Array<number>(terms).fill(0);
  for (const h of hits) n[h.term] = (n[h.term] ?? 0) + 1;
  return n;
}

/** Length normalizations of a document's title and body against the collection's averages. */
export interface FieldNorms {
  title: number;
  body: number;
}

export function fieldNorms(doc: SearchDocument, stats: CollectionStats, bTitle: number, bBody: number): FieldNorms {
  return {
    title: 1 - bTitle + (bTitle * doc.title.length) / stats.avgTitleChars,
    body: 1 - bBody + (bBody * Math.max(doc.bodyLength, 1)) / stats.avgBodyChars,
  };
}

/** A term's BM25F frequency: its title and body occurrences, each normalized, the title weighted. */
export function fieldFrequency(inTitle: number, inBody: number, norms: FieldNorms, titleWeight: number): number {
  return (titleWeight * inTitle) / norms.title + inBody / norms.body;
}

/** A term's BM25 score: `weight` (its idf × query weight, or any weight) saturated by term frequency. */
export function saturated(weight: number, tf: number, k1: number): number {
  return (weight * tf * (k1 + 1)) / (tf + k1);
}
