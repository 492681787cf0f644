import { parseDate } from './dates.ts';
import { UserInputError } from './errors.ts';
import { parseTagName, splitTagList, type TagName } from './tags.ts';
import { codePointLength, foldSpaces, hasLineControl, stripControls } from './text.ts';
import { isHttpUrl, normalizeUrl } from './urls.ts';

export { isHttpUrl, parseDate };

export const MAX_TITLE_LENGTH = 300;
export const MAX_TAGS_PER_ARTICLE = 20;
export const MAX_BODY_LENGTH = 100_000;
/** The longest command message accepted: a /post with a whole article in it. */
export const MAX_COMMAND_LENGTH = 110_000;
export const MAX_URL_LENGTH = 2_048;
export const MAX_SOURCE_LENGTH = 100;
export const MAX_EXTERNAL_ID_LENGTH = 200;

/** An article as submitted by a person or an import, before validation. */
export interface ArticleInput {
  title?: unknown;
  body?: unknown;
  tags?: unknown;
  url?: unknown;
  source?: unknown;
  publishedAt?: unknown;
  externalId?: unknown;
}

export interface ValidArticle {
  title: string;
  body: string;
  tags: TagName[];
  url: string | null;
  source: string | null;
  publishedAt: Date | null;
  externalId: string | null;
}

/**
 * Checks every field and returns a clean article, or throws one UserInputError that
 * lists every problem found (so a person fixes them all in one go).
 */
export function validateArticle(input: ArticleInput): ValidArticle {
  const problems: string[] = [];
  const fail = (message: string): null => {
    problems.push(message);
    return null;
  };

  const title = typeof input.title === 'string' ? foldSpaces(input.title) : '';
  if (title === '') fail('The title is missing.');
  else if (codePointLength(title) > MAX_TITLE_LENGTH)
    fail(`The title is ${codePointLength(title)} characters; the most is ${MAX_TITLE_LENGTH}.`);
  else if (hasLineControl(title)) fail('The title contains control characters.');

  let body = '';
  if (input.body !== undefined && input.body !== null) {
    if (typeof input.body !== 'string') fail('The body must be text.');
    else body = stripControls(input.body.replace(/\r\n?/gu, '\n')).trim();
    if (codePointLength(body) > MAX_BODY_LENGTH) fail(`The body is longer than ${MAX_BODY_LENGTH} characters.`);
  }

  // Each text is a tag list read by the one rule (splitTagList): `["#Armenia #CSTO"]`
  // and `"Armenia, CSTO"` are two tags each.
  const tags: TagName[] = [];
  const rawTags =
    typeof input.tags === 'string'
      ? [input.tags]
      : Array.isArray(input.tags)
        ? input.tags
        : input.tags === undefined || input.tags === null
          ? []
          : null;
  if (rawTags === null) fail('Tags must be a list.');
  for (const raw of rawTags ?? []) {
    if (typeof raw !== 'string') {
      fail('Every tag must be text.');
      continue;
    }
    for (const piece of splitTagList(raw)) {
      try {
        const tag = parseTagName(piece);
        if (!tags.some((t) => t.key === tag.key)) tags.push(tag);
      } catch (err) {
        fail(err instanceof UserInputError ? err.message : String(err));
      }
    }
  }
  if (tags.length === 0 && rawTags !== null) fail('At least one tag is needed.');
  if (tags.length > MAX_TAGS_PER_ARTICLE)
    fail(`An article can have at most ${MAX_TAGS_PER_ARTICLE} tags; this one has ${tags.length}.`);

  // One page, one spelling: the duplicate check and the stored address see the normalised URL.
  const rawUrl = optionalText(input.url, 'URL', Infinity, fail);
  let url: string | null = null;
  if (rawUrl !== null) {
    url = normalizeUrl(rawUrl);
    if (url === null) fail(`"${rawUrl.slice(0, 80)}" is not a web address; it must start with http:// or https://.`);
    else if (codePointLength(url) > MAX_URL_LENGTH) fail(`The URL is longer than ${MAX_URL_LENGTH} characters.`);
  }

  const source = optionalText(input.source, 'source', MAX_SOURCE_LENGTH, fail);
  const externalId = optionalText(input.externalId, 'id', MAX_EXTERNAL_ID_LENGTH, fail);

  let publishedAt: Date | null = null;
  if (input.publishedAt instanceof Date) publishedAt = input.publishedAt;
  else if (typeof input.publishedAt === 'string' && input.publishedAt.trim() !== '') {
    publishedAt = parseDate(input.publishedAt);
    if (publishedAt === null)
      fail(
        `"${input.publishedAt.slice(0, 40)}" is not a date; use 2024-05-01, 2024-05-01T14:30:00Z or Sat, 02 Mar 2024 10:00:00 GMT.`,
      );
  } else if (input.publishedAt !== undefined && input.publishedAt !== null && input.publishedAt !== '') {
    fail('The date must be text such as 2024-05-01.');
  }

  if (problems.length > 0) {
    throw new UserInputError(problems.join(' '));
  }
  return { title, body, tags, url, source, publishedAt, externalId };
}

function optionalText(value: unknown, name: string, max: number, fail: (m: string) => null): string | null {
  if (value === undefined || value === null) return null;
  if (typeof value !== 'string' && typeof value !== 'number') return fail(`The ${name} must be text.`);
  const text = String(value).trim();
  if (text === '') return null;
  if (hasLineControl(text)) return fail(`The ${name} contains control characters.`);
  if (codePointLength(text) > max) return fail(`The ${name} is longer than ${max} characters.`);
  return text;
}

/** A stored article as the core hands it around above storage: its internal id and what readers see of it. */
export interface StoredArticle {
  id: number;
  view: import('./reply.ts').ArticleView;
}
