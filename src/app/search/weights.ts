/** The /search ranking's tuned weights (SEARCH_RANKING): BM25F's and those of coverage, phrase and recency. */
import { FEEDBACK, type FeedbackParameters } from './feedback.ts';
import { BM25F, type Bm25fParameters } from './scoring.ts';

/**
 * The ranking's weights. BM25F (see scoring.ts): `titleWeight` is how much a title match
 * counts against a body match, `k1` the term-frequency saturation, `b*` the length
 * normalization per field. Short queries (up to `shortQueryTerms` words) put results with
 * more of the words first; longer ones may scale relevance by (share of the query's weight
 * matched) ^ `coveragePower` (0, off: it lost precision on the training split).
 * The whole query found as a phrase adds `phraseBonus`; newer results gain up to
 * `recencyWeight` of their relevance, halving every `recencyHalfLifeDays`. Tuned on the
 * Reuters training split (bench/eval.ts --split train); see docs/search.md, "How ranking works".
 */
export interface SearchRanking extends Bm25fParameters {
  shortQueryTerms: number;
  /**
   * A question: a query of at least `minTerms` words (after stop words). Tuned on the odd
   * query ids of the IR collections (bench/eval-ir.ts): textbook length normalization of
   * the body (`bBody`), and pseudo-relevance feedback from the best results (feedback.ts).
   */
  question: { minTerms: number; bBody: number; feedback: FeedbackParameters };
  coveragePower: number;
  phraseBonus: number;
  recencyWeight: number;
  recencyHalfLifeDays: number;
}

export const SEARCH_RANKING: Readonly<SearchRanking> = Object.freeze({
  ...BM25F,
  shortQueryTerms: 3,
  question: { minTerms: 5, bBody: 0.75, feedback: FEEDBACK },
  coveragePower: 0,
  phraseBonus: 0.3,
  recencyWeight: 0.1,
  recencyHalfLifeDays: 30,
});
