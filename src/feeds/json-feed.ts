import { parseJsonFeed, type JsonFeed } from 'feedsmith';
import { parseDate } from '../domain/article.ts';
import { parseLanguageCode } from '../domain/language.ts';
import { absoluteUrl, pictureUrl } from './dom.ts';
import { FeedParseError, type FeedEntry, type ParsedFeed } from './entry.ts';
import { firstPicture, htmlToText, tidyText } from './html-text.ts';

/* JSON Feed 1.0 and 1.1 (https://jsonfeed.org/version/1.1), read by feedsmith once the JSON is known to be one. */

type Json = Record<string, unknown>;
type Item = JsonFeed.Item<Date | null>;

const isObject = (v: unknown): v is Json => typeof v === 'object' && v !== null && !Array.isArray(v);
const str = (v: string | undefined): string => v?.trim() ?? '';

/** Item fields that hold an address: feedsmith would turn a number there into text, and so into a relative address. */
const ADDRESS_FIELDS = ['url', 'external_url', 'image', 'banner_image'];

function withAddressesOnly(item: Json): Json {
  return Object.fromEntries(
    Object.entries(item).filter(([key, value]) => !ADDRESS_FIELDS.includes(key) || typeof value === 'string'),
  );
}

/**
 * An item's picture: `image`, then `banner_image`, then an image attachment, then the
 * first picture in its content_html (resolved against the item's link).
 */
function itemPicture(item: Item, base: string, html: string, link: string | null): string | null {
  const attachment = item.attachments?.find(
    (a) => str(a.mime_type).toLowerCase().startsWith('image/') && pictureUrl(str(a.url), base) !== null,
  );
  return (
    pictureUrl(str(item.image), base) ??
    pictureUrl(str(item.banner_image), base) ??
    (attachment ? pictureUrl(str(attachment.url), base) : null) ??
    (html !== '' ? firstPicture(html, link ?? base) : null)
  );
}

function jsonItem(item: Item, base: string): FeedEntry {
  const id = str(item.id);
  const html = str(item.content_html);
  const url = absoluteUrl(str(item.url), base) ?? absoluteUrl(str(item.external_url), base);
  return {
    guid: id === '' ? null : id,
    title: str(item.title).replace(/\s+/gu, ' '),
    url,
    body: html !== '' ? htmlToText(html) : tidyText(str(item.content_text) || str(item.summary)),
    publishedAt: item.date_published ?? item.date_modified ?? null,
    image: itemPicture(item, base, html, url),
    categories: (item.tags ?? []).map((t) => t.trim()).filter((t) => t !== ''),
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
  if (typeof value.version !== 'string' || !/^https?:\/\/jsonfeed\.org\/version\//u.test(value.version.trim())) {
    throw new FeedParseError('it is JSON, but not a JSON Feed (no "version": "https://jsonfeed.org/version/1.1").');
  }
  if (!Array.isArray(value.items)) throw new FeedParseError('it is a JSON Feed without an "items" list.');
  let feed: JsonFeed.Feed<Date | null>;
  try {
    const items = value.items.filter(isObject).map(withAddressesOnly);
    feed = parseJsonFeed({ ...value, items }, { parseDateFn: (raw: string) => parseDate(raw) });
  } catch (err) {
    throw new FeedParseError(
      `it is a JSON Feed that could not be read (${err instanceof Error ? err.message.slice(0, 120) : String(err)}).`,
    );
  }
  return {
    format: 'json',
    title: str(feed.title) || null,
    language: parseLanguageCode(str(feed.language)),
    entries: (feed.items ?? []).map((item) => jsonItem(item, base)),
  };
}
