/**
 * Saved searches: a query a chat follows (`/watch nuclear power -drill`) or words it mutes
 * (`/mute "oil spill"`), and the rule that decides, when an article is posted, whether it
 * matches. The rule is one readers can predict, not a score: every word and phrase of
 * the query occurs in the article's title or body (words as the index stems them, so
 * `plant` finds `plants`; a phrase's words in a row), no excluded word does, and the
 * article has every `#tag` of the query. The same rule, applied to /search's results,
 * is what /search shows for the query with "all the words" (see app/saved-searches.ts).
 */
import { msg, UserInputError } from './errors.ts';
import { formatQuery, parseSearchQuery } from './search-query.ts';
import { snowballStem } from './stop-stems.ts';
import { STOP_WORDS } from './stopwords.ts';
import { tagKey } from './tags.ts';
import { indexTerm, tokenize } from './tokenize.ts';

/** Searches and word mutes a chat may keep, together. */
export const MAX_SAVED_SEARCHES = 20;
/** The longest saved query, in characters. */
export const MAX_SAVED_QUERY_LENGTH = 200;

export interface SavedSearch {
  /** The query in the search syntax, normalized: what the chat sees and how it is stored. */
  text: string;
  /** Stems that must all occur (stop words left out). */
  words: string[];
  /** Phrases whose stems must occur in a row. */
  phrases: string[][];
  /** Stems that must not occur. */
  excluded: string[];
  /** Tag keys the article must carry. */
  tags: string[];
}

/** What an article offers the rule: its stems in order (title, then body) and its tag keys. */
export interface ArticleTerms {
  stems: ReadonlySet<string>;
  sequence: readonly string[];
  tags: ReadonlySet<string>;
}

const stem = (word: string) => indexTerm(tokenize(word)[0]?.text ?? word);
const stems = (words: readonly string[]) => words.flatMap((w) => tokenize(w).map((t) => indexTerm(t.text)));

/**
 * A query to follow, in the search syntax: words, "phrases", -exclusions, #tags. Refuses
 * filters that make no sense for articles still to come (since:, until:, sort:), a query
 * with nothing to look for, and one over MAX_SAVED_QUERY_LENGTH.
 */
export function parseSavedSearch(raw: string, command = 'watch'): SavedSearch {
  const trimmed = raw.normalize('NFKC').trim();
  if (trimmed.length > MAX_SAVED_QUERY_LENGTH)
    throw new UserInputError(msg('err-saved-search-too-long', { length: trimmed.length, max: MAX_SAVED_QUERY_LENGTH }));
  const q = parseSearchQuery(trimmed);
  if (q.since || q.until || q.language || q.sort === 'date')
    throw new UserInputError(msg('err-saved-search-filters'), `/${command} "nuclear power" armenia -drill`);
  const words = [...new Set(q.terms.filter((w) => !STOP_WORDS.has(w)).map(stem))];
  const phrases = q.phrases.map(stems).filter((p) => p.length > 0);
  if (words.length === 0 && phrases.length === 0 && q.tags.length === 0)
    throw new UserInputError(msg('err-saved-search-which'), `/${command} "nuclear power" armenia -drill`);
  return {
    text: formatQuery(q),
    words,
    phrases,
    excluded: [...new Set(q.excluded.map(stem))],
    tags: [...new Set(q.tags.map((t) => t.key))],
  };
}

/** Word mutes: each word or "phrase" given is a mute of its own. */
export function parseWordMutes(raw: string): SavedSearch[] {
  const q = parseSearchQuery(raw.normalize('NFKC').trim());
  const parts = [...q.terms.filter((w) => !STOP_WORDS.has(w)), ...q.phrases.map((p) => `"${p.join(' ')}"`)];
  if (parts.length === 0) throw new UserInputError(msg('err-mute-which'), '/mute "oil spill" "drill"');
  return parts.map((part) => parseSavedSearch(part, 'mute'));
}

/** The terms a saved search can be filed under: its required stems and `#tag` keys. */
export function requiredTerms(search: SavedSearch): string[] {
  return [...search.words, ...search.phrases.flat(), ...search.tags.map((t) => `#${t}`)];
}

/**
 * The term to file a search under: its rarest required term by `frequency` (articles
 * in a sample that have it; unknown terms count as rarest), the longer on a tie.
 */
export function keyTermOf(search: SavedSearch, frequency: (term: string) => number): string {
  const terms = requiredTerms(search);
  let best = terms[0] ?? '';
  for (const term of terms.slice(1)) {
    const a = frequency(term);
    const b = frequency(best);
    if (a < b || (a === b && term.length > best.length)) best = term;
  }
  return best;
}

/** An article's terms for matching: stems of title and body in order, and its tags' keys. */
export function articleTerms(title: string, body: string, tags: readonly string[]): ArticleTerms {
  const sequence = tokenize(`${title}\n${body}`).map((t) => indexTerm(t.text));
  return { stems: new Set(sequence), sequence, tags: new Set(tags.map(tagKey)) };
}

/**
 * The terms an article can be looked up by (see keyTermOf): its stems and `#tag` keys. A
 * stem kept apart from the stop words' (stop-stems.ts) is also looked up without its
 * mark: a search saved before the mark was filed under the bare stem (it is matched by
 * its query, parsed again, so only its filing is old).
 */
export function lookupTerms(terms: ArticleTerms): string[] {
  const stems = new Set(terms.stems);
  for (const stem of terms.stems) stems.add(snowballStem(stem));
  return [...stems, ...[...terms.tags].map((t) => `#${t}`)];
}

function hasRun(sequence: readonly string[], phrase: readonly string[]): boolean {
  outer: for (let i = 0; i + phrase.length <= sequence.length; i++) {
    for (let k = 0; k < phrase.length; k++) if (sequence[i + k] !== phrase[k]) continue outer;
    return true;
  }
  return false;
}

/** The rule: every word and phrase occurs, no excluded word does, every tag is on the article. */
export function matchesSavedSearch(search: SavedSearch, article: ArticleTerms): boolean {
  return (
    search.words.every((w) => article.stems.has(w)) &&
    search.tags.every((t) => article.tags.has(t)) &&
    !search.excluded.some((w) => article.stems.has(w)) &&
    search.phrases.every((p) => hasRun(article.sequence, p))
  );
}
