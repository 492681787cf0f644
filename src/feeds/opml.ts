import { generateOpml, parseOpml } from 'feedsmith';
import type { CoreDeps } from '../app/deps.ts';
import { localizedMessage, msg, UserInputError } from '../domain/errors.ts';
import { parseTagName } from '../domain/tags.ts';
import { normalizeUrl } from '../domain/urls.ts';
import type { FeedRow } from '../storage/feed-schema.ts';
import { defaultTagsOf } from '../storage/feed-store.ts';
import { addFeed } from './manage.ts';
import { checkXml } from './xml-check.ts';

/*
 * OPML, the feed readers' exchange format: feedsmith reads and writes it. A file's feeds
 * are its outlines with an `xmlUrl`; their tags come from the outline's `category`
 * (comma-separated; a "/News/Armenia" path gives its last part) and from the folders
 * (outlines without an address) they sit in, so a reader's folders become tags. Export
 * writes each feed with its tags as its category, so a file exported reads back the same.
 */

/** Feeds one import may add: each is read once as it is added. */
export const MAX_OPML_FEEDS = 200;
/** The largest OPML file read, in characters. */
export const MAX_OPML_CHARS = 1_000_000;
/** Tags a feed takes from its outline and folders; the rest are left out. */
const MAX_FEED_TAGS = 10;

export interface OpmlFeed {
  url: string;
  title: string | null;
  tags: string[];
}

type Outline = { text?: string; title?: string; xmlUrl?: string; category?: string; outlines?: Outline[] };

/** A tag's name, or null for one tagwire would refuse (empty, too long, mixed alphabets): an import skips it. */
function tagOrNull(raw: string): string | null {
  try {
    return parseTagName(raw).display;
  } catch (err) {
    if (err instanceof UserInputError) return null;
    throw err;
  }
}

function categoryTags(category: string | undefined): string[] {
  if (category === undefined) return [];
  return category
    .split(',')
    .map((c) => c.trim().split('/').filter(Boolean).at(-1) ?? '')
    .filter((c) => c !== '');
}

/** The feeds an OPML file lists, each address once. Throws UserInputError for a file that is not OPML or lists none. */
export function readOpml(text: string): OpmlFeed[] {
  if (text.length > MAX_OPML_CHARS) throw new UserInputError(msg('err-opml-too-large', { max: MAX_OPML_CHARS }));
  let outlines: Outline[];
  try {
    const checked = checkXml(text.replace(/^\uFEFF/u, ''));
    if (checked.root?.toLowerCase() !== 'opml') throw new UserInputError(msg('err-opml-not-opml'));
    outlines = (parseOpml(checked.text).body?.outlines ?? []) as Outline[];
  } catch (err) {
    // Broken XML (MalformedXmlError) or an OPML feedsmith cannot read: the same answer.
    if (err instanceof UserInputError) throw err;
    throw new UserInputError(msg('err-opml-not-opml'));
  }
  const feeds = new Map<string, OpmlFeed>();
  const walk = (list: readonly Outline[], folders: readonly string[]) => {
    for (const outline of list) {
      const name = (outline.title ?? outline.text ?? '').trim();
      if (outline.xmlUrl === undefined) {
        walk(outline.outlines ?? [], name === '' ? folders : [...folders, name]);
        continue;
      }
      const url = normalizeUrl(outline.xmlUrl.trim());
      if (url === null || feeds.has(url)) continue;
      const tags = [
        ...new Set([...folders, ...categoryTags(outline.category)].map(tagOrNull).filter((t) => t !== null)),
      ];
      feeds.set(url, { url, title: name === '' ? null : name, tags: tags.slice(0, MAX_FEED_TAGS) });
      walk(outline.outlines ?? [], folders);
    }
  };
  walk(outlines, []);
  if (feeds.size === 0) throw new UserInputError(msg('err-opml-no-feeds'));
  if (feeds.size > MAX_OPML_FEEDS)
    throw new UserInputError(msg('err-opml-too-many', { count: feeds.size, max: MAX_OPML_FEEDS }));
  return [...feeds.values()];
}

/** The feeds as an OPML file, each with its tags as its category. */
export function writeOpml(feeds: readonly FeedRow[], title: string, now: Date): string {
  return generateOpml({
    head: { title, dateCreated: now },
    body: {
      outlines: feeds.map((f) => {
        const tags = defaultTagsOf(f);
        return {
          text: f.title ?? f.url,
          ...(f.title ? { title: f.title } : {}),
          type: 'rss',
          xmlUrl: f.url,
          ...(tags.length > 0 ? { category: tags.join(',') } : {}),
        };
      }),
    },
  });
}

export interface OpmlImport {
  added: { url: string; id: number; entries: number }[];
  /** Addresses tagwire polls already. */
  existing: string[];
  /** Feeds that could not be added, and why (in English, as the feed list says it). */
  failed: { url: string; error: string }[];
}

/**
 * Adds the feeds of an OPML file, one by one as `/feed add` does (each read once, its
 * entries stored without notifying anyone). A feed already polled, or one that cannot
 * be read, is reported and the import goes on.
 */
export async function importOpml(deps: CoreDeps, text: string, addedBy: string): Promise<OpmlImport> {
  const result: OpmlImport = { added: [], existing: [], failed: [] };
  for (const feed of readOpml(text)) {
    if (await deps.stores.feeds.byUrl(feed.url)) {
      result.existing.push(feed.url);
      continue;
    }
    try {
      const added = await addFeed(deps, { url: feed.url, tags: feed.tags, autoTag: false, addedBy });
      result.added.push({ url: feed.url, id: added.feed.id, entries: added.firstPoll.created });
    } catch (err) {
      if (!(err instanceof UserInputError)) throw err;
      result.failed.push({ url: feed.url, error: localizedMessage(err, 'en') });
    }
  }
  deps.logger.info(
    { added: result.added.length, existing: result.existing.length, failed: result.failed.length },
    'OPML imported',
  );
  return result;
}
