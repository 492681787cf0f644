import { parseDate } from './article.ts';
import { UserInputError } from './errors.ts';
import { parseTagName, type TagName } from './tags.ts';

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
  sort: 'relevance' | 'date';
}

/** Words as the index sees them: letters and digits of any script. */
export function words(text: string): string[] {
  return text.normalize('NFKC').toLowerCase().match(/[\p{L}\p{N}][\p{L}\p{N}\p{M}'’]*/gu)?.map((w) => w.replace(/['’]s?$/u, '')).filter((w) => w !== '') ?? [];
}

/**
 * Parses the query syntax:
 * `oil prices "opec quota" -saudi #usa tag:"New York" since:2024-01-01 until:2024-02-01 sort:date`.
 * Throws UserInputError for a malformed filter, saying how to write it.
 */
export function parseSearchQuery(raw: string): SearchQuery {
  const text = raw.normalize('NFKC').trim();
  if (text.length > MAX_QUERY_LENGTH) throw new UserInputError(`That query is too long (${text.length} characters); keep it under ${MAX_QUERY_LENGTH}.`);
  const query: SearchQuery = { terms: [], phrases: [], excluded: [], tags: [], since: null, until: null, sort: 'relevance' };
  const token = /(-?)(?:(\w+):)?(?:"([^"]*)"?|(\S+))/gu;
  for (const m of text.matchAll(token)) {
    const negated = m[1] === '-';
    const field = m[2]?.toLowerCase();
    const quoted = m[3];
    const value = quoted ?? m[4] ?? '';
    if (field === 'tag') {
      if (value.trim() === '') throw new UserInputError('tag: needs a tag name.', '/search tag:Armenia elections');
      query.tags.push(parseTagName(value));
    } else if (field === 'since' || field === 'until') {
      const date = parseDate(value);
      if (date === null) throw new UserInputError(`"${value}" after ${field}: is not a date.`, `/search oil ${field}:2024-01-31`);
      if (field === 'since') query.since = date;
      else query.until = new Date(date.getTime() + (/^\d{4}-\d{2}-\d{2}$/u.test(value) ? 86_400_000 - 1 : 0));
    } else if (field === 'sort') {
      if (value !== 'date' && value !== 'relevance') throw new UserInputError('sort: takes date or relevance.', '/search oil sort:date');
      query.sort = value;
    } else if (field === undefined && quoted === undefined && /^[#＃]./u.test(value) && !negated) {
      query.tags.push(parseTagName(value));
    } else {
      const full = field !== undefined ? `${m[2]}:${value}` : value;
      const found = words(full);
      if (found.length === 0) continue;
      if (negated) query.excluded.push(...found);
      else if (quoted !== undefined && found.length > 1) query.phrases.push(found);
      else query.terms.push(...found);
    }
  }
  if (query.since && query.until && query.since > query.until) {
    throw new UserInputError('since: is after until:, so nothing can match.', '/search oil since:2024-01-01 until:2024-03-31');
  }
  return query;
}

export function isEmptyQuery(q: SearchQuery): boolean {
  return q.terms.length === 0 && q.phrases.length === 0 && q.tags.length === 0 && q.since === null && q.until === null;
}
