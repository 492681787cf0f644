import { STOP_WORDS } from './stopwords.ts';

/**
 * A Russian or Armenian word whose Snowball stem is a stop word's stem, kept apart from
 * the stop words in the index. Snowball cuts some words down to a stop word's stem:
 * `тема` (a topic) stems as the pronoun `тем` does, `պետական` (state) as `պետք` (need),
 * `ось` (an axis) as `о`. Indexed alike, a search for "тема" found every "тем не менее",
 * one for "պետական" every "պետք է", and reading such a word cost as much as reading the
 * stop word. A word that is not a stop word itself now has its stem followed by
 * STEM_APART, so `тема`, `темы`, `теме` share one term, and the stop word another.
 * English (Porter, as FTS5 applies it) is left as it was.
 */

/** Follows the stem of a word kept apart from the stop words: a private-use character, a word character to FTS5 and to word-scan.ts. */
export const STEM_APART = '\uE000';

const stopStems = new Map<(word: string) => string, ReadonlySet<string>>();

/**
 * The stemmer's stem of the folded `token`, followed by STEM_APART when a stop word of
 * the same script has the same stem and `token` is not a stop word.
 */
export function apartFromStopWords(token: string, stemmer: (word: string) => string, script: RegExp): string {
  const stem = stemmer(token);
  let stems = stopStems.get(stemmer);
  if (!stems)
    stopStems.set(stemmer, (stems = new Set([...STOP_WORDS].filter((w) => script.test(w)).map((w) => stemmer(w)))));
  return stems.has(stem) && !STOP_WORDS.has(token) ? stem + STEM_APART : stem;
}

/** A term without STEM_APART: the stem as Snowball gives it (PostgreSQL's lexeme). */
export const snowballStem = (term: string): string =>
  term.endsWith(STEM_APART) ? term.slice(0, -STEM_APART.length) : term;
