import { parseDate } from '../domain/article.ts';
import { parseLanguageCode } from '../domain/language.ts';
import { absoluteUrl, pictureUrl } from './dom.ts';
import { FeedParseError, type FeedEntry, type ParsedFeed } from './entry.ts';
import { firstPicture, htmlToText, tidyText } from './html-text.ts';

/* JSON Feed 1.0 and 1.1 (https://jsonfeed.org/version/1.1). */

type Json = Record<string, unknown>;

const isObject = (v: unknown): v is Json => typeof v === 'object' && v !== null && !Array.isArray(v);
const str = (v: unknown): string => (typeof v === 'string' ? v.trim() : '');

/**
 * An item's picture: `image`, then `banner_image`, then an image attachment, then the
 * first picture in its content_html (resolved against the item's link).
 */
function itemPicture(item: Json, base: string, html: string, link: string | null): string | null {
  const attachment = Array.isArray(item.attachments)
    ? item.attachments.find(
        (a): a is Json =>
          isObject(a) && str(a.mime_type).toLowerCase().startsWith('image/') && pictureUrl(str(a.url), base) !== null,
      )
    : undefined;
  return (
    pictureUrl(str(item.image), base) ??
    pictureUrl(str(item.banner_image), base) ??
    (attachment ? pictureUrl(str(attachment.url), base) : null) ??
    (html !== '' ? firstPicture(html, link ?? base) : null)
  );
}

function jsonItem(item: Json, base: string): FeedEntry {
  const id = typeof item.id === 'number' ? String(item.id) : str(item.id);
  const html = str(item.content_html);
  const body = html !== '' ? htmlToText(html) : tidyText(str(item.content_text) || str(item.summary));
  const published = parseDate(str(item.date_published)) ?? parseDate(str(item.date_modified));
  const url = absoluteUrl(str(item.url), base) ?? absoluteUrl(str(item.external_url), base);
  return {
    guid: id === '' ? null : id,
    title: str(item.title).replace(/\s+/gu, ' '),
    url,
    body,
    publishedAt: published,
    image: itemPicture(item, base, html, url),
    categories: Array.isArray(item.tags) ? item.tags.map(str).filter((t) => t !== '') : [],
  };
}

/** Reads a JSON Feed; throws FeedParseError for bad JSON or JSON that is not a feed. */
export function readJsonFeed(textValue: string, base: string): ParsedFeed {
  let value: unknown;
  try {
    value = JSON.parse(textValue);
  } catch (err) {
    throw new FeedParseError(
      `it is not valid JSON (${err instanceof Error ? err.message.slice(0, 120) : 'parse error'}).`,
    );
  }
  if (!isObject(value)) throw new FeedParseError('it is JSON, but not a JSON Feed object.');
  const version = str(value.version);
  if (!version.startsWith('https://jsonfeed.org/version/')) {
    throw new FeedParseError('it is JSON, but not a JSON Feed (no "version": "https://jsonfeed.org/version/1.1").');
  }
  if (!Array.isArray(value.items)) throw new FeedParseError('it is a JSON Feed without an "items" list.');
  return {
    format: 'json',
    title: str(value.title) || null,
    language: parseLanguageCode(str(value.language)),
    entries: value.items.filter(isObject).map((item) => jsonItem(item, base)),
  };
}
