/** Ranking's stage 2: the exact score of one document (BM25F, coverage, phrase) and the phrase and exclusion checks. */
import type { QueryPlan, QueryTerm } from '../../domain/search-query.ts';
import { hasPhrase, indexTerm, stemVariants, termMatcher, type Occurrence } from '../../domain/tokenize.ts';
import type { CollectionStats, SearchDocument } from '../../storage/search-store.ts';
import { fieldFrequency, fieldNorms, idf, saturated, termCounts, type FieldNorms } from './scoring.ts';
import type { SearchRanking } from './weights.ts';

export interface Scored {
  doc: SearchDocument;
  /** Relevance before recency. */
  relevance: number;
  score: number;
  matched: number;
  phrase: boolean;
  bodyHits: Occurrence[];
  /** Occurrences of each query term (in the plan's order) in the title and the body. */
  termCounts: TermCounts;
}

export interface TermCounts {
  title: number[];
  body: number[];
}

export interface Scorer {
  stems: string[];
  score(doc: SearchDocument, verified: boolean): Omit<Scored, 'score'> | null;
  /**
   * Scores hits again for the query with terms appended (feedback.ts: `expanded`, the plan
   * with the same terms, phrases and exclusions and more terms after them, and the document
   * frequencies of all its terms), finding only the appended terms' words in their
   * text: the relevance a scorer of `expanded` gives them (null where it finds no term).
   * Null itself when a scorer of `expanded` could count a word otherwise (an appended term
   * or one of its case forms that this scorer's words already hold, or a phrase to reward),
   * or when `expanded` is not this query's plan with terms appended:
   * score those with a scorer of `expanded`.
   */
  extend(expanded: QueryPlan, docFrequency: number[]): ((hit: Scored) => number | null) | null;
}

/** Relevance from each term's occurrences: BM25F, the share of the query's weight matched, the phrase. */
function relevanceOf(
  terms: readonly QueryTerm[],
  idfs: readonly number[],
  counts: TermCounts,
  norms: FieldNorms,
  phrase: boolean,
  r: SearchRanking,
): { relevance: number; matched: number } | null {
  let bm25 = 0;
  let matchedIdf = 0;
  let idfSum = 0;
  let matched = 0;
  terms.forEach((term, i) => {
    idfSum += (idfs[i] ?? 0) * term.weight;
    const tf = fieldFrequency(counts.title[i] ?? 0, counts.body[i] ?? 0, norms, r.titleWeight);
    if (tf === 0) return;
    matched++;
    matchedIdf += (idfs[i] ?? 0) * term.weight;
    bm25 += saturated((idfs[i] ?? 0) * term.weight, tf, r.k1);
  });
  if (matched === 0 && terms.length > 0) return null;
  const coverage = idfSum > 0 ? matchedIdf / idfSum : 1;
  const short = terms.length <= r.shortQueryTerms;
  const relevance =
    terms.length === 0 ? 1 : bm25 * (short ? 1 : coverage ** r.coveragePower) * (phrase ? 1 + r.phraseBonus : 1);
  return { relevance, matched };
}

/** Stage 2: exact BM25F over title and body (the first SCAN_CHARS), coverage, phrases, filters. */
export function scorer(
  plan: QueryPlan,
  docFrequency: number[],
  total: number,
  stats: CollectionStats,
  r: SearchRanking,
): Scorer {
  const stems: string[] = [];
  const slot = (stem: string) => {
    const at = stems.indexOf(stem);
    return at >= 0 ? at : stems.push(stem) - 1;
  };
  const termSlots = plan.terms.map((t) => slot(t.stem));
  const phraseSlots = plan.phrases.map((p) => p.map((w) => slot(indexTerm(w))));
  const implicitSlots = plan.implicitPhrase?.map((w) => slot(indexTerm(w))) ?? null;
  const excludedSlots = new Set(plan.excluded.map((w) => slot(indexTerm(w))));
  // A Russian word also matches its other cases' stems (stemVariants), as the index is asked for them.
  const variants = new Map<string, number>();
  const addVariants = (word: string, at: number) => {
    for (const stem of stemVariants(word).slice(1)) if (!variants.has(stem)) variants.set(stem, at);
  };
  plan.terms.forEach((t, i) => addVariants(t.word, termSlots[i] ?? 0));
  plan.excluded.forEach((w) => addVariants(w, slot(indexTerm(w))));
  const matcher = termMatcher(stems, variants);
  // A stem only phrases use (mostly a stop word inside one, "на", "of") is found in a field only
  // when that field has every other stem of one of the phrases; the rest read without it.
  const required = new Set([...termSlots, ...excludedSlots]);
  const phrases = implicitSlots ? [...phraseSlots, implicitSlots] : phraseSlots;
  const onlyInPhrases = new Set(stems.filter((_, slot) => !required.has(slot)));
  // A case form that is itself such a stem stays that stem's, as in the full matcher.
  const leanVariants = new Map([...variants].filter(([stem]) => !onlyInPhrases.has(stem)));
  const leanStems = stems.map((stem) => (onlyInPhrases.has(stem) ? '' : stem));
  const lean = onlyInPhrases.size > 0 ? termMatcher(leanStems, leanVariants) : null;
  const find = (text: string): Occurrence[] => {
    if (!lean) return matcher.find(text);
    const hits = lean.find(text);
    const present = new Set(hits.map((h) => h.term));
    const mayHold = (phrase: readonly number[]) => phrase.every((slot) => !required.has(slot) || present.has(slot));
    return phrases.some(mayHold) ? matcher.find(text) : hits;
  };
  const idfs = plan.terms.map((_, i) => idf(docFrequency[i] ?? 1, total));
  const known = (stem: string) => stems.includes(stem) || variants.has(stem);
  return {
    stems,
    score(doc, verified) {
      const titleHits = find(doc.title);
      const bodyHits = find(doc.body);
      const inTitle = termCounts(titleHits, stems.length);
      const inBody = termCounts(bodyHits, stems.length);
      if (!verified) {
        if ([...excludedSlots].some((s) => (inTitle[s] ?? 0) + (inBody[s] ?? 0) > 0)) return null;
        if (!phraseSlots.every((p) => hasPhrase(doc.title, titleHits, p) || hasPhrase(doc.body, bodyHits, p)))
          return null;
      }
      const counts = { title: termSlots.map((s) => inTitle[s] ?? 0), body: termSlots.map((s) => inBody[s] ?? 0) };
      const phrase =
        implicitSlots !== null &&
        (hasPhrase(doc.title, titleHits, implicitSlots) || hasPhrase(doc.body, bodyHits, implicitSlots));
      const norms = fieldNorms(doc, stats, r.bTitle, r.bBody);
      const scored = relevanceOf(plan.terms, idfs, counts, norms, phrase, r);
      return scored && { doc, ...scored, phrase, bodyHits, termCounts: counts };
    },
    extend(expanded, allDocFrequency) {
      const added = expanded.terms.slice(plan.terms.length);
      // A scorer of `expanded` lists the appended terms' case forms after the query's own (first come).
      const addedVariants = new Map<string, number>();
      added.forEach((t, i) => {
        for (const stem of stemVariants(t.word).slice(1)) if (!addedVariants.has(stem)) addedVariants.set(stem, i);
      });
      if (
        plan.terms.some((t, i) => expanded.terms[i] !== t) ||
        expanded.phrases !== plan.phrases ||
        expanded.excluded !== plan.excluded ||
        plan.implicitPhrase !== null ||
        expanded.implicitPhrase !== null ||
        added.some((t) => known(t.stem)) ||
        [...addedVariants.keys()].some(known)
      )
        return null;
      const addedMatcher = termMatcher(
        added.map((t) => t.stem),
        addedVariants,
      );
      const allIdfs = expanded.terms.map((_, i) => idf(allDocFrequency[i] ?? 1, total));
      return (hit) => {
        const inTitle = termCounts(addedMatcher.find(hit.doc.title), added.length);
        const inBody = termCounts(addedMatcher.find(hit.doc.body), added.length);
        const counts = { title: [...hit.termCounts.title, ...inTitle], body: [...hit.termCounts.body, ...inBody] };
        const norms = fieldNorms(hit.doc, stats, r.bTitle, r.bBody);
        return relevanceOf(expanded.terms, allIdfs, counts, norms, false, r)?.relevance ?? null;
      };
    },
  };
}
