import { parseDate } from './article.ts';
import { msg, UserInputError } from './errors.ts';
import { translator, type Translate } from '../i18n/index.ts';
import { STOP_WORDS } from './stopwords.ts';
import { parseTagName, type TagName } from './tags.ts';
import { indexTerm, tokenize } from './tokenize.ts';
import { parseLanguageCode } from './language.ts';

export const MAX_QUERY_LENGTH = 500;

/** A /search query taken apart: free words, phrases, exclusions and filters. */
export interface SearchQuery {
  /** Free words, lower case, in order (stop words kept; the ranker decides). */
  terms: string[];
  /** `"exact phrases"`, each as its words. */
  phrases: string[][];
  /** `-word`: articles containing it are left out. */
  excluded: string[];
  /** `#tag` or `tag:NAME` (`tag:"New York"`): every one must be on the article. */
  tags: TagName[];
  since: Date | null;
  until: Date | null;
  /** `lang:ru`: only articles in this language (ISO 639-1). */
  language: string | null;
  sort: 'relevance' | 'date';
}

/** Words as the index sees them: letters and digits of any script. */
export function words(text: string): string[] {
  return (
    text
      .normalize('NFKC')
      .toLowerCase()
      .match(/[\p{L}\p{N}][\p{L}\p{N}\p{M}'’\u055B\u055C\u055E]*/gu)
      ?.map((w) => w.replace(/['’]s?$/u, ''))
      .filter((w) => w !== '') ?? []
  );
}

/**
 * Parses the query syntax:
 * `oil prices "opec quota" -saudi #usa tag:"New York" since:2024-01-01 until:2024-02-01 lang:en sort:date`.
 * Throws UserInputError for a malformed filter, saying how to write it.
 */
export function parseSearchQuery(raw: string): SearchQuery {
  const text = raw.normalize('NFKC').trim();
  if (text.length > MAX_QUERY_LENGTH)
    throw new UserInputError(msg('err-query-too-long', { length: text.length, max: MAX_QUERY_LENGTH }));
  const query: SearchQuery = {
    terms: [],
    phrases: [],
    excluded: [],
    tags: [],
    since: null,
    until: null,
    language: null,
    sort: 'relevance',
  };
  const token = /(-?)(?:(\w+):)?(?:"([^"]*)"?|(\S+))/gu;
  for (const m of text.matchAll(token)) {
    const negated = m[1] === '-';
    const field = m[2]?.toLowerCase();
    const quoted = m[3];
    const value = quoted ?? m[4] ?? '';
    if (field === 'tag') {
      if (value.trim() === '') throw new UserInputError(msg('err-tag-needs-name'), '/search tag:Armenia elections');
      query.tags.push(parseTagName(value));
    } else if (field === 'since' || field === 'until') {
      const date = parseDate(value);
      if (date === null)
        throw new UserInputError(
          msg('err-not-a-date-after', { text: value, field }),
          `/search oil ${field}:2024-01-31`,
        );
      if (field === 'since') query.since = date;
      else query.until = new Date(date.getTime() + (/^\d{4}-\d{2}-\d{2}$/u.test(value) ? 86_400_000 - 1 : 0));
    } else if (field === 'lang') {
      const language = parseLanguageCode(value);
      if (language === null)
        throw new UserInputError(msg('err-lang-code', { text: value.slice(0, 20) }), '/search нефть lang:ru');
      query.language = language;
    } else if (field === 'sort') {
      if (value !== 'date' && value !== 'relevance')
        throw new UserInputError(msg('err-sort-values'), '/search oil sort:date');
      query.sort = value;
    } else if (field === undefined && quoted === undefined && /^[#＃]./u.test(value) && !negated) {
      query.tags.push(parseTagName(value));
    } else {
      const bare = /^(tag|since|until|sort|lang):$/iu.exec(value)?.[1]?.toLowerCase();
      if (bare !== undefined && quoted === undefined) {
        throw new UserInputError(
          msg('err-field-needs-value', { field: bare }),
          bare === 'tag'
            ? '/search tag:Armenia elections'
            : bare === 'sort'
              ? '/search oil sort:date'
              : bare === 'lang'
                ? '/search нефть lang:ru'
                : `/search oil ${bare}:2024-01-31`,
        );
      }
      const full = field !== undefined ? `${m[2]}:${value}` : value;
      const found = words(full);
      if (found.length === 0) continue;
      if (negated) query.excluded.push(...found);
      else if (quoted !== undefined && found.length > 1) query.phrases.push(found);
      else query.terms.push(...found);
    }
  }
  if (query.since && query.until && query.since > query.until) {
    throw new UserInputError(msg('err-since-after-until'), '/search oil since:2024-01-01 until:2024-03-31');
  }
  return query;
}

export function isEmptyQuery(q: SearchQuery): boolean {
  return (
    q.terms.length === 0 &&
    q.phrases.length === 0 &&
    q.tags.length === 0 &&
    q.since === null &&
    q.until === null &&
    q.language === null
  );
}

const day = (date: Date) => date.toISOString().slice(0, 10);

/** The query written back in the query syntax, e.g. for a "search again without…" button. */
export function formatQuery(q: SearchQuery): string {
  const parts: string[] = [...q.terms];
  for (const p of q.phrases) parts.push(`"${p.join(' ')}"`);
  for (const w of q.excluded) parts.push(`-${w}`);
  for (const t of q.tags)
    parts.push(/\s|"/u.test(t.display) ? `tag:"${t.display.replace(/"/gu, '')}"` : `#${t.display}`);
  if (q.since) parts.push(`since:${day(q.since)}`);
  if (q.until) parts.push(`until:${day(q.until)}`);
  if (q.language) parts.push(`lang:${q.language}`);
  if (q.sort === 'date') parts.push('sort:date');
  return parts.join(' ');
}

/** What the query asked for in words and phrases, e.g. `oil prices "opec quota"`; empty for filters only. */
export function describeWords(q: SearchQuery): string {
  return [...q.terms, ...q.phrases.map((p) => `"${p.join(' ')}"`)].join(' ');
}

/** Each filter the query applied, in words: `#usa`, `since 2024-01-01`, `without saudi`, `newest first`. */
export function describeFilters(q: SearchQuery, t: Translate = translator('en')): string[] {
  const filters: string[] = q.tags.map((tag) => `#${tag.display.replace(/\s+/gu, '_')}`);
  if (q.since) filters.push(t('filter-since', { date: day(q.since) }));
  if (q.until) filters.push(t('filter-until', { date: day(q.until) }));
  if (q.language) filters.push(t('filter-language', { language: q.language }));
  if (q.excluded.length > 0) filters.push(t('filter-without', { words: q.excluded.join(', ') }));
  if (q.phrases.length > 0)
    filters.push(t('filter-exact', { phrases: q.phrases.map((p) => `"${p.join(' ')}"`).join(', ') }));
  if (q.sort === 'date') filters.push(t('filter-newest-first'));
  return filters;
}

/**
 * Query words used at most: a question of 20-30 words keeps them all (cutting at 12 lost a
 * tenth of nDCG@10 on the IR collections); the candidate stage's bit sets hold 31.
 */
export const MAX_QUERY_TERMS = 30;

export interface QueryTerm {
  /** Folded token as typed: what the index is asked for (it stems it). */
  word: string;
  stem: string;
  weight: number;
}

/** A query turned into index terms. */
export interface QueryPlan {
  terms: QueryTerm[];
  phrases: string[][];
  excluded: string[];
  /** The free words in order, as a phrase to reward (2 to 4 terms), or null. */
  implicitPhrase: string[] | null;
}

const tokensOf = (texts: readonly string[]) => texts.flatMap((t) => tokenize(t).map((k) => k.text));
/** A query word that counts: not a stop word or a single Latin letter. */
export const meaningful = (token: string): boolean => !STOP_WORDS.has(token) && !/^[a-z]$/u.test(token);

/**
 * The query's words as index terms: tokenized and stemmed as the index does, stop words
 * and single letters left out, at most MAX_QUERY_TERMS. A word said n times weighs √n: a
 * question repeats words as it lists cases ("bone, bone cells, bone diseases"), and full
 * weight for each repeat let one word drown the rest (tuned on the IR collections' odd
 * query ids: nDCG@10 0.537 → 0.540 on average, the best of n, 1 + ln n, √n and 1). A
 * 2-to-4-word query (counting its stop words: `bank of england`) is also kept as a
 * phrase, to put articles with the words together first.
 */
export function planQuery(q: SearchQuery): QueryPlan {
  const tokens = tokensOf(q.terms);
  const phrases = q.phrases.map((p) => tokensOf(p)).filter((p) => p.length > 0);
  const byStem = new Map<string, QueryTerm>();
  // A query of phrases only ranks by the phrases' words.
  for (const word of (tokens.length > 0 ? tokens : phrases.flat()).filter(meaningful)) {
    const stem = indexTerm(word);
    const known = byStem.get(stem);
    if (known) known.weight += 1;
    else if (byStem.size < MAX_QUERY_TERMS) byStem.set(stem, { word, stem, weight: 1 });
  }
  // Counted above; weighed by the square root of the count.
  const terms = [...byStem.values()].map((t) => ({ ...t, weight: Math.sqrt(t.weight) }));
  const implicit = terms.length >= 2 && terms.length <= 4 && phrases.length === 0 && tokens.length <= 6 ? tokens : null;
  return { terms, phrases, excluded: tokensOf(q.excluded), implicitPhrase: implicit };
}
