/** Ranking's stage 1: candidates and document frequencies from bounded index reads. */
import type { QueryPlan } from '../../domain/search-query.ts';
import { tokenize } from '../../domain/tokenize.ts';
import type { Stores } from '../../storage/stores.ts';

/** Newest matches read per query word, at most. Bounds the work for words found in most articles. */
export const POSTINGS_PER_TERM = 1_000;
/** Matches read per query in all (split between its words, at least MIN_POSTINGS_PER_TERM each). */
const POSTINGS_PER_QUERY = 3_000;
const MIN_POSTINGS_PER_TERM = 250;

/**
 * A word's document frequency from a bounded read of its matches, newest first: exact
 * when the read was not cut off, else extrapolated from the share of ids it covered.
 */
export function estimateDocFrequency(newestIds: readonly number[], cap: number, total: number): number {
  const last = newestIds[newestIds.length - 1];
  if (newestIds.length < cap || last === undefined) return newestIds.length;
  return Math.min(total, (cap * total) / Math.max(1, total - last + 1));
}

export interface Candidate {
  id: number;
  /** Bit i: term i occurs (as far as the bounded reads saw). */
  present: number;
  inTitle: number;
  /** Holds the query's phrase, or may: it has every word and the phrase was not read (gatherCandidates). */
  phrase: boolean;
  /** Came from a read that applied the phrases and exclusions, so needs no check. */
  verified: boolean;
}

/** The id range the reads are narrowed to (by a small tag or a date range). */
export interface Window {
  below?: number;
  above?: number;
}

/**
 * Stage 1: candidates from bounded index reads, with what each read says about them.
 * `cap` bounds each word's reads further (rank.ts: when the first `cap` are all it needs).
 */
export async function gatherCandidates(
  stores: Stores,
  plan: QueryPlan,
  window: Window,
  total: number,
  cap = Infinity,
): Promise<{ candidates: Map<number, Candidate>; docFrequency: number[] }> {
  const search = stores.search;
  const candidates = new Map<number, Candidate>();
  const touch = (id: number, verified: boolean): Candidate => {
    let c = candidates.get(id);
    if (!c) candidates.set(id, (c = { id, present: 0, inTitle: 0, phrase: false, verified }));
    else if (verified) c.verified = true;
    return c;
  };
  const constrained =
    plan.phrases.length > 0 || plan.excluded.length > 0 || window.below !== undefined || window.above !== undefined;
  const base = { phrases: plan.phrases, excluded: plan.excluded };
  const limit = Math.min(
    cap,
    Math.max(
      MIN_POSTINGS_PER_TERM,
      Math.min(POSTINGS_PER_TERM, Math.floor(POSTINGS_PER_QUERY / Math.max(1, plan.terms.length))),
    ),
  );
  // Every read is started at once (PostgreSQL runs them on several connections; SQLite
  // one after another), then applied in the query's order, so the result is the same.
  const every = (1 << plan.terms.length) - 1;
  const termReads = plan.terms.map((term) => {
    const ids = search.matchIds({ all: [term.word], ...base }, { limit, ...window });
    return Promise.all([
      ids,
      constrained ? search.matchIds({ all: [term.word], phrases: [], excluded: [] }, { limit }) : ids,
      search.matchIds(
        { all: tokenize(term.word).map((t) => t.text), phrases: [], excluded: [] },
        { limit, titleOnly: true, ...window },
      ),
    ]);
  });
  const together =
    plan.terms.length >= 2 && plan.terms.length <= 4
      ? search.matchIds({ all: plan.terms.map((t) => t.word), ...base }, { limit: POSTINGS_PER_TERM, ...window })
      : null;
  const [perTerm, allTerms] = await Promise.all([Promise.all(termReads), together]);
  // An article with the phrase has every word: when `together` read all of those, the
  // phrase's articles are among them and its read (slow in FTS5 when a word of it is in
  // most articles: 10-45 ms at 1M for a six-word headline with "for" in it) is left out;
  // they all count as holding it here, and stage 2 checks which do.
  // Else the phrase is read, loosely when it is the query's own (implicit): its words but
  // the stop words near each other, a superset read without the stop words' long posting
  // lists (FTS5 reads them at every article holding the other words). Stage 2 checks these
  // too. A phrase the reader wrote (a query of phrases only) is required: read exactly.
  const complete = allTerms !== null && allTerms.length < POSTINGS_PER_TERM;
  const asRequired = plan.implicitPhrase ? [...plan.phrases, plan.implicitPhrase] : plan.phrases;
  const phraseIds =
    (plan.implicitPhrase || plan.terms.length === 0) && !complete
      ? await search.matchIds(
          { all: [], phrases: asRequired, excluded: plan.excluded },
          { limit: POSTINGS_PER_TERM, loosePhrases: plan.implicitPhrase !== null, ...window },
        )
      : null;
  const docFrequency: number[] = [];
  for (const [i, [ids, counted, titles]] of perTerm.entries()) {
    const bit = 1 << i;
    for (const id of ids) touch(id, true).present |= bit;
    docFrequency.push(estimateDocFrequency(counted, limit, total));
    for (const id of titles) {
      const c = touch(id, false);
      c.present |= bit;
      c.inTitle |= bit;
    }
  }
  for (const id of allTerms ?? []) {
    const c = touch(id, true);
    c.present |= every;
    if (complete && plan.implicitPhrase) c.phrase = true;
  }
  for (const id of phraseIds ?? []) {
    const c = touch(id, true);
    c.phrase = true;
    c.present |= every;
  }
  return { candidates, docFrequency };
}

/**
 * Candidates by stage-1 value, best first (the newer first among equals), as far as `reach`:
 * the first `reach` are those a full sort puts first, in its order; the rest, cut, all rank
 * below them. The value is computed once per candidate (a Map lookup in the comparison cost
 * 1.4 ms at 1M), and only those valued at least the `reach`-th best are sorted.
 */
export function bestFirst(pool: readonly Candidate[], value: (c: Candidate) => number, reach: number): Candidate[] {
  const valued = pool.map((c) => ({ c, value: value(c) }));
  const floor =
    valued.length > reach ? Float64Array.from(valued, (v) => v.value).sort()[valued.length - reach] : undefined;
  return (floor === undefined ? valued : valued.filter((v) => v.value >= floor))
    .sort((a, b) => b.value - a.value || b.c.id - a.c.id)
    .map((v) => v.c);
}
