import { parseDate } from './dates.ts';
import { msg, UserInputError } from './errors.ts';
import type { Message } from '../i18n/index.ts';
import { parseTagName, splitTagList, type TagName } from './tags.ts';
import { codePointLength, foldSpaces, hasLineControl, stripControls } from './text.ts';
import { isHttpUrl, normalizeUrl } from './urls.ts';
import { parseLanguageCode } from './language.ts';

export { isHttpUrl, parseDate };

export const MAX_TITLE_LENGTH = 300;
export const MAX_TAGS_PER_ARTICLE = 20;
export const MAX_BODY_LENGTH = 100_000;
/** The longest command message accepted: a /post with a whole article in it. */
export const MAX_COMMAND_LENGTH = 110_000;
export const MAX_URL_LENGTH = 2_048;
export const MAX_SOURCE_LENGTH = 100;
export const MAX_EXTERNAL_ID_LENGTH = 200;
/** An image address may be as long as a page address. */
export const MAX_IMAGE_URL_LENGTH = MAX_URL_LENGTH;

/** An article as submitted by a person or an import, before validation. */
export interface ArticleInput {
  title?: unknown;
  body?: unknown;
  tags?: unknown;
  url?: unknown;
  source?: unknown;
  publishedAt?: unknown;
  externalId?: unknown;
  /** The language, as an ISO 639-1 code (`ru`, `hy`, `en-GB`); detected from the text when absent. */
  language?: unknown;
  /** The address of the article's picture (an http(s) URL), shown on its cards. */
  image?: unknown;
}

export interface ValidArticle {
  title: string;
  body: string;
  tags: TagName[];
  url: string | null;
  source: string | null;
  publishedAt: Date | null;
  externalId: string | null;
  /** The language given (ISO 639-1), or null: then it is detected when the article is stored. */
  language: string | null;
  /** The picture's address (normalised http(s) URL), or null. */
  imageUrl: string | null;
}

/** The optional text fields, as the messages name them (`err-article-field-…`). */
type OptionalField = 'url' | 'image' | 'source' | 'id';

/**
 * Checks every field and returns a clean article, or throws one UserInputError that
 * lists every problem found (so a person fixes them all in one go): each problem is a
 * message, shown in the chat's language by /post, in English by the CLI and the HTTP API.
 */
export function validateArticle(input: ArticleInput): ValidArticle {
  const problems: Message[] = [];
  const fail = (...messages: Message[]): null => {
    problems.push(...messages);
    return null;
  };

  const title = typeof input.title === 'string' ? foldSpaces(input.title) : '';
  if (title === '') fail(msg('err-article-no-title'));
  else if (codePointLength(title) > MAX_TITLE_LENGTH)
    fail(msg('err-article-title-too-long', { length: codePointLength(title), max: MAX_TITLE_LENGTH }));
  else if (hasLineControl(title)) fail(msg('err-article-title-control'));

  let body = '';
  if (input.body !== undefined && input.body !== null) {
    if (typeof input.body !== 'string') fail(msg('err-article-body-not-text'));
    else body = stripControls(input.body.replace(/\r\n?/gu, '\n')).trim();
    if (codePointLength(body) > MAX_BODY_LENGTH) fail(msg('err-article-body-too-long', { max: MAX_BODY_LENGTH }));
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
  if (rawTags === null) fail(msg('err-article-tags-not-list'));
  for (const raw of rawTags ?? []) {
    if (typeof raw !== 'string') {
      fail(msg('err-article-tag-not-text'));
      continue;
    }
    for (const piece of splitTagList(raw)) {
      try {
        const tag = parseTagName(piece);
        if (!tags.some((t) => t.key === tag.key)) tags.push(tag);
      } catch (err) {
        // parseTagName refuses a tag with a message (err-tag-…); anything else is a bug, not the reader's.
        if (!(err instanceof UserInputError) || err.text === undefined) throw err;
        fail(...(Array.isArray(err.text) ? err.text : [err.text as Message]));
      }
    }
  }
  if (tags.length === 0 && rawTags !== null) fail(msg('err-article-no-tags'));
  if (tags.length > MAX_TAGS_PER_ARTICLE)
    fail(msg('err-article-too-many-tags', { max: MAX_TAGS_PER_ARTICLE, count: tags.length }));

  // One page, one spelling: the duplicate check and the stored address see the normalised URL.
  const url = urlField(input.url, 'url', fail);

  const imageUrl = urlField(input.image, 'image', fail);

  const source = optionalText(input.source, 'source', MAX_SOURCE_LENGTH, fail);
  const externalId = optionalText(input.externalId, 'id', MAX_EXTERNAL_ID_LENGTH, fail);

  let publishedAt: Date | null = null;
  if (input.publishedAt instanceof Date) publishedAt = input.publishedAt;
  else if (typeof input.publishedAt === 'string' && input.publishedAt.trim() !== '') {
    publishedAt = parseDate(input.publishedAt);
    if (publishedAt === null) fail(msg('err-article-not-a-date', { text: input.publishedAt.slice(0, 40) }));
  } else if (input.publishedAt !== undefined && input.publishedAt !== null && input.publishedAt !== '') {
    fail(msg('err-article-date-not-text'));
  }

  let language: string | null = null;
  if (typeof input.language === 'string' && input.language.trim() !== '') {
    language = parseLanguageCode(input.language);
    if (language === null) fail(msg('err-lang-code', { text: input.language.slice(0, 20) }));
  } else if (input.language !== undefined && input.language !== null && input.language !== '') {
    fail(msg('err-article-field-not-text', { field: 'lang' }));
  }

  if (problems.length > 0) {
    throw new UserInputError(problems);
  }
  return { title, body, tags, url, source, publishedAt, externalId, language, imageUrl };
}

/** An optional http(s) address, normalised; a problem is reported through `fail`. */
function urlField(value: unknown, field: 'url' | 'image', fail: (message: Message) => null): string | null {
  const raw = optionalText(value, field, Infinity, fail);
  if (raw === null) return null;
  const url = normalizeUrl(raw);
  if (url === null) return fail(msg('err-article-not-a-url', { text: raw.slice(0, 80) }));
  if (codePointLength(url) > MAX_URL_LENGTH)
    return fail(msg('err-article-field-too-long', { field, max: MAX_URL_LENGTH }));
  return url;
}

function optionalText(
  value: unknown,
  field: OptionalField,
  max: number,
  fail: (message: Message) => null,
): string | null {
  if (value === undefined || value === null) return null;
  if (typeof value !== 'string' && typeof value !== 'number') return fail(msg('err-article-field-not-text', { field }));
  const text = String(value).trim();
  if (text === '') return null;
  if (hasLineControl(text)) return fail(msg('err-article-field-control', { field }));
  if (codePointLength(text) > max) return fail(msg('err-article-field-too-long', { field, max }));
  return text;
}

/** A stored article as the core hands it around above storage: its internal id and what readers see of it. */
export interface StoredArticle {
  id: number;
  view: import('./reply.ts').ArticleView;
}
