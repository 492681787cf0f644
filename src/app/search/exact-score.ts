/** Ranking's stage 2: the exact score of one document (BM25F, coverage, phrase) and the phrase and exclusion checks. */
import type { QueryPlan } from '../../domain/search-query.ts';
import { hasPhrase, indexTerm, stemVariants, termMatcher, type Occurrence } from '../../domain/tokenize.ts';
import type { CollectionStats, SearchDocument } from '../../storage/search-store.ts';
import { fieldFrequency, fieldNorms, idf, saturated, termCounts } from './scoring.ts';
import type { SearchRanking } from './weights.ts';

export interface Scored {
  doc: SearchDocument;
  /** Relevance before recency. */
  relevance: number;
  score: number;
  matched: number;
  phrase: boolean;
  bodyHits: Occurrence[];
}

export interface Scorer {
  stems: string[];
  score(doc: SearchDocument, verified: boolean): Omit<Scored, 'score'> | null;
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
  const idfSum = plan.terms.reduce((sum, t, i) => sum + (idfs[i] ?? 0) * t.weight, 0);
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
      const norms = fieldNorms(doc, stats, r.bTitle, r.bBody);
      let bm25 = 0;
      let matchedIdf = 0;
      let matched = 0;
      plan.terms.forEach((term, i) => {
        const s = termSlots[i] ?? 0;
        const tf = fieldFrequency(inTitle[s] ?? 0, inBody[s] ?? 0, norms, r.titleWeight);
        if (tf === 0) return;
        matched++;
        matchedIdf += (idfs[i] ?? 0) * term.weight;
        bm25 += saturated((idfs[i] ?? 0) * term.weight, tf, r.k1);
      });
      const phrase =
        implicitSlots !== null &&
        (hasPhrase(doc.title, titleHits, implicitSlots) || hasPhrase(doc.body, bodyHits, implicitSlots));
      if (matched === 0 && plan.terms.length > 0) return null;
      const coverage = idfSum > 0 ? matchedIdf / idfSum : 1;
      const short = plan.terms.length <= r.shortQueryTerms;
      const relevance =
        plan.terms.length === 0
          ? 1
          : bm25 * (short ? 1 : coverage ** r.coveragePower) * (phrase ? 1 + r.phraseBonus : 1);
      return { doc, relevance, matched, phrase, bodyHits };
    },
  };
}
