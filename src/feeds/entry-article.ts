import { createHash } from 'node:crypto';
import {
  MAX_BODY_LENGTH,
  MAX_SOURCE_LENGTH,
  MAX_TAGS_PER_ARTICLE,
  MAX_TITLE_LENGTH,
  MAX_URL_LENGTH,
  type ArticleInput,
} from '../domain/article.ts';
import { parseTagName, type TagName } from '../domain/tags.ts';
import { stripControls, truncateAtWord } from '../domain/text.ts';
import { isHttpUrl } from '../domain/urls.ts';
import type { FeedEntry } from './entry.ts';

/** Entry keys longer than this are stored as a hash. */
const MAX_ENTRY_KEY_LENGTH = 300;
/** A title made from the body when the entry has none, in code points. */
const DERIVED_TITLE_LENGTH = 120;

const sha256 = (text: string) => createHash('sha256').update(text).digest('hex');

/**
 * What identifies an entry across polls: its GUID, else its link, else a hash of its
 * title, date and text.
 */
export function entryKey(entry: FeedEntry): string {
  const key =
    entry.guid ??
    entry.url ??
    `sha256:${sha256(`${entry.title}\n${entry.publishedAt?.toISOString() ?? ''}\n${entry.body.slice(0, 2000)}`)}`;
  return key.length > MAX_ENTRY_KEY_LENGTH ? `sha256:${sha256(key)}` : key;
}

/**
 * The feed's default tags, then the entry's categories ("Armenia, Azerbaijan" counts
 * as two), each once; names that cannot be tags (too long) are left out.
 */
export function entryTags(defaultTags: readonly string[], categories: readonly string[]): string[] {
  const tags = new Map<string, TagName>();
  for (const raw of [...defaultTags, ...categories.flatMap((c) => c.split(/[,，]/u))]) {
    if (raw.trim() === '') continue;
    try {
      const tag = parseTagName(raw);
      if (!tags.has(tag.key)) tags.set(tag.key, tag);
    } catch {
      // Not usable as a tag: skip it, keep the rest.
    }
  }
  return [...tags.values()].slice(0, MAX_TAGS_PER_ARTICLE).map((t) => t.display);
}

function cut(text: string, max: number): string {
  return Array.from(text).length > max ? Array.from(text).slice(0, max).join('') : text;
}

/**
 * An entry as an article to post: fitted to the article limits (a long title is
 * shortened, not refused), with the feed's name as source. validateArticle still has
 * the last word.
 */
export function entryToArticle(
  entry: FeedEntry,
  feed: { title: string | null; url: string; defaultTags: readonly string[]; language?: string | null },
): ArticleInput {
  const firstLine = entry.body.split('\n').find((l) => l.trim() !== '') ?? '';
  const title = stripControls(
    entry.title !== '' ? entry.title : truncateAtWord(firstLine.trim(), DERIVED_TITLE_LENGTH),
  );
  const source = stripControls(feed.title ?? new URL(feed.url).hostname);
  return {
    title: truncateAtWord(title, MAX_TITLE_LENGTH),
    body: cut(entry.body, MAX_BODY_LENGTH),
    tags: entryTags(feed.defaultTags, entry.categories),
    url: entry.url !== null && entry.url.length <= MAX_URL_LENGTH ? entry.url : null,
    // validateArticle refuses a bad picture address, and with it the article: pass only a usable one.
    image: entry.image !== null && entry.image.length <= MAX_URL_LENGTH && isHttpUrl(entry.image) ? entry.image : null,
    source: truncateAtWord(source.replace(/\s+/gu, ' ').trim(), MAX_SOURCE_LENGTH),
    publishedAt: entry.publishedAt,
    language: feed.language ?? null,
  };
}
