/** Pseudo-relevance feedback for long queries (questions): the best results lend the query their words (RM3-style). */
import type { QueryPlan, QueryTerm } from '../../domain/search-query.ts';
import { STOP_WORDS } from '../../domain/stopwords.ts';
import { indexTerm, tokenWords } from '../../domain/tokenize.ts';
import type { CollectionStats, SearchDocument } from '../../storage/search-store.ts';
import { idf } from './scoring.ts';

export interface FeedbackParameters {
  /** Off (0) or on (1): queries below the question size never get feedback. */
  enabled: number;
  /** How many of the best results lend their words. */
  documents: number;
  /** How many words they lend. */
  terms: number;
  /** The lent words' total weight, as a share of the query's own. */
  weight: number;
  /** How many of the best results are scored again with them (the rest keep their order below). */
  rerank: number;
}

const DIGITS = /^\d+$/u;

export const FEEDBACK: Readonly<FeedbackParameters> = Object.freeze({
  enabled: 1,
  documents: 15,
  terms: 20,
  weight: 0.2,
  rerank: 50,
});

/**
 * The words the best results share beyond the query's: each result's words weighted by
 * their share of its text and by the result's share of the best results' relevance, then
 * by their rarity in the archive (estimated from the statistics sample). Returns the query
 * with the best `terms` of them added, at `weight` of its own weight in all; the document
 * frequency of each added word is the sample's estimate.
 */
export function expandQuery(
  plan: QueryPlan,
  best: readonly { doc: SearchDocument; relevance: number }[],
  stats: CollectionStats,
  total: number,
  p: FeedbackParameters,
): { plan: QueryPlan; docFrequency: number[] } | null {
  const top = best.slice(0, p.documents);
  const mass = top.reduce((sum, h) => sum + h.relevance, 0);
  if (top.length < 2 || mass <= 0) return null;
  const own = new Set(plan.terms.map((t) => t.stem));
  const weights = new Map<string, number>();
  // One pass per result: its words counted by stem, then weighed by its share at once.
  for (const hit of top) {
    const counts = new Map<string, number>();
    let words = 0;
    for (const word of tokenWords(`${hit.doc.title} ${hit.doc.body}`)) {
      if (word.length <= 2 || STOP_WORDS.has(word) || (word.charCodeAt(0) <= 0x39 && DIGITS.test(word))) continue;
      words++;
      const stem = indexTerm(word);
      if (!own.has(stem)) counts.set(stem, (counts.get(stem) ?? 0) + 1);
    }
    if (words === 0) continue;
    const share = hit.relevance / mass / words;
    for (const [stem, count] of counts) weights.set(stem, (weights.get(stem) ?? 0) + share * count);
  }
  const scale = total / Math.max(1, stats.sampleSize);
  const frequency = (stem: string) => Math.min(total, Math.max(1, (stats.sampleFrequency.get(stem) ?? 1) * scale));
  // The best `terms` by value, earlier words first among equals (as a stable sort of them all would keep them).
  const chosen: { stem: string; value: number; frequency: number }[] = [];
  for (const [stem, weight] of weights) {
    const f = frequency(stem);
    if (!(f < total / 2)) continue;
    const value = weight * idf(f, total);
    if (chosen.length === p.terms && !(value > (chosen[chosen.length - 1]?.value ?? -Infinity))) continue;
    let at = chosen.length;
    while (at > 0 && (chosen[at - 1]?.value ?? Infinity) < value) at--;
    chosen.splice(at, 0, { stem, value, frequency: f });
    if (chosen.length > p.terms) chosen.pop();
  }
  const sum = chosen.reduce((s, c) => s + c.value, 0);
  if (chosen.length === 0 || sum <= 0) return null;
  const ownWeight = plan.terms.reduce((s, t) => s + t.weight, 0);
  const added: QueryTerm[] = chosen.map((c) => ({
    word: c.stem,
    stem: c.stem,
    weight: (p.weight * ownWeight * c.value) / sum,
  }));
  return { plan: { ...plan, terms: [...plan.terms, ...added] }, docFrequency: chosen.map((c) => c.frequency) };
}
