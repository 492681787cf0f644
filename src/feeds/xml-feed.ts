import {
  DetectError,
  ParseError,
  parseAtomFeed,
  parseRdfFeed,
  parseRssFeed,
  type AtomFeed,
  type RdfFeed,
  type RssFeed,
} from 'feedsmith';
import { parseDate } from '../domain/article.ts';
import { parseLanguageCode } from '../domain/language.ts';
import { absoluteUrl } from './dom.ts';
import { FeedParseError, type FeedEntry, type ParsedFeed } from './entry.ts';
import { entryPicture } from './feed-picture.ts';
import { htmlToLine, htmlToText, tidyText } from './html-text.ts';

/*
 * RSS 2.0 (and 0.9x), RSS 1.0 (RDF) and Atom 1.0 (and 0.3), read by feedsmith and mapped
 * to FeedEntry: feedsmith knows the formats and their namespaces (under any prefix),
 * tagwire keeps what it does with them (plain text, absolute links, the picture).
 */

type When = Date | null;
/** An RSS item, or an RSS 1.0 (RDF) one: the same elements, fewer of them, and an rdf:about. */
type RssItem = RssFeed.Item<When> & Pick<RdfFeed.Item<When>, 'rdf'>;
type AtomEntry = AtomFeed.Entry<When>;
type AtomText = AtomFeed.Text | AtomFeed.Content;

/** Dates as tagwire reads them (RFC 822 or ISO 8601, exactly), null when unreadable. */
const options = { parseDateFn: (raw: string): When => parseDate(raw) };

const MARKUP = /&(?:#\d+|#x[\da-f]+|[a-z][\da-z]*);|<\/?[a-z][^>]*>/iu;

/** RSS titles are plain text by the spec, but feeds often put markup or entities in them. */
function plainLine(value: string | undefined): string {
  if (value === undefined) return '';
  return MARKUP.test(value) ? htmlToLine(value) : value.replace(/\s+/gu, ' ').trim();
}

function firstDate(...dates: (When | undefined)[]): Date | null {
  return dates.find((d): d is Date => d instanceof Date) ?? null;
}

/** `base` moved by an xml:base, when there is a usable one. */
function rebase(xmlBase: string | undefined, base: string): string {
  return absoluteUrl(xmlBase, base) ?? base;
}

function rssItem(item: RssItem, base: string): FeedEntry {
  const guid = item.guid?.value || item.rdf?.about || null;
  const link =
    absoluteUrl(item.link, base) ??
    absoluteUrl(item.atom?.links?.find((l) => (l.rel ?? 'alternate') === 'alternate')?.href, base) ??
    (item.guid?.isPermaLink !== false ? absoluteUrl(guid ?? undefined, base) : null);
  const html = item.content?.encoded ?? item.description ?? item.dc?.descriptions?.[0];
  return {
    guid,
    title: plainLine(item.title),
    url: link,
    body: html === undefined ? '' : htmlToText(html),
    image: entryPicture(
      { media: item.media, enclosures: item.enclosures, links: item.atom?.links, itunesImage: item.itunes?.image },
      base,
      html ?? null,
      link ?? base,
    ),
    publishedAt: firstDate(
      item.pubDate,
      ...(item.dc?.dates ?? []),
      ...(item.dcterms?.issued ?? []),
      ...(item.dcterms?.created ?? []),
      item.atom?.published,
      item.atom?.updated,
      ...(item.dcterms?.modified ?? []),
    ),
    categories: [...(item.categories ?? []).map((c) => c.name), ...(item.dc?.subjects ?? [])]
      .map(plainLine)
      .filter((c) => c !== ''),
  };
}

/** The HTML an Atom text construct holds (type html, or xhtml); null for plain text. */
function atomHtml(construct: AtomText | undefined): string | null {
  const type = (construct?.type ?? 'text').toLowerCase();
  return construct?.value !== undefined && /^(?:x?html|text\/html|application\/xhtml\+xml)$/u.test(type)
    ? construct.value
    : null;
}

/** An Atom text construct as plain text: type="text" (the default), "html" (escaped markup) or "xhtml" (inline markup). */
function atomText(construct: AtomText | undefined, oneLine: boolean): string {
  const html = atomHtml(construct);
  const value = html === null ? tidyText(construct?.value ?? '') : htmlToText(html);
  return oneLine ? value.replace(/\s+/gu, ' ').trim() : value;
}

function atomEntry(entry: AtomEntry, feedBase: string): FeedEntry {
  const base = rebase(entry.xml?.base, feedBase);
  const links = entry.links ?? [];
  const isAlternate = (l: (typeof links)[number]) => (l.rel ?? 'alternate') === 'alternate';
  const alternate =
    links.find((l) => isAlternate(l) && /html/iu.test(l.type ?? 'html')) ?? links.find((l) => isAlternate(l));
  const url = absoluteUrl(alternate?.href, base);
  const content = entry.content?.value !== undefined ? entry.content : entry.summary;
  return {
    guid: entry.id?.trim() || null,
    title: atomText(entry.title, true),
    url,
    body: atomText(content, false),
    image: entryPicture(
      { media: entry.media, links, itunesImage: entry.itunes?.image },
      base,
      atomHtml(content),
      url ?? base,
    ),
    publishedAt: firstDate(entry.published, entry.updated, ...(entry.dc?.dates ?? [])),
    categories: (entry.categories ?? []).map((c) => (c.label ?? c.term ?? '').trim()).filter((c) => c !== ''),
  };
}

/**
 * Runs a feedsmith parser: null when the document holds nothing of the feed (an empty
 * root element, which feedsmith refuses), other failures told as FeedParseError.
 */
function read<T>(parse: (text: string, opts: typeof options) => T, text: string, what: string): T | null {
  try {
    return parse(text, options);
  } catch (err) {
    if (err instanceof ParseError || err instanceof DetectError) return null;
    const cause = err instanceof Error && err.cause instanceof Error ? err.cause : err;
    const reason = cause instanceof Error ? cause.message.slice(0, 120) : String(cause);
    throw new FeedParseError(`it looks like ${what}, but it could not be read (${reason}).`);
  }
}

/**
 * Reads RSS, RDF or Atom; `root` is the name of the document's root element, which says
 * which. Throws FeedParseError when it is none of them.
 */
export function readXmlFeed(text: string, root: string, base: string): ParsedFeed {
  const rootName = root.toLowerCase().replace(/^[^:]*:/u, '');
  if (rootName === 'rss') {
    const feed = read(parseRssFeed<When>, text, 'RSS');
    if (feed === null) throw new FeedParseError('it is RSS without a <channel>.');
    return {
      format: 'rss',
      title: plainLine(feed.title) || null,
      language: parseLanguageCode(feed.language ?? feed.dc?.languages?.[0] ?? ''),
      entries: (feed.items ?? []).map((i) => rssItem(i, base)),
    };
  }
  if (rootName === 'rdf') {
    const feed = read(parseRdfFeed<When>, text, 'RSS 1.0 (RDF)');
    return {
      format: 'rdf',
      title: plainLine(feed?.title) || null,
      language: parseLanguageCode(feed?.dc?.languages?.[0] ?? ''),
      entries: (feed?.items ?? []).map((i) => rssItem(i, base)),
    };
  }
  if (rootName === 'feed') {
    const feed = read(parseAtomFeed<When>, text, 'Atom');
    const feedBase = rebase(feed?.xml?.base, base);
    return {
      format: 'atom',
      title: atomText(feed?.title, true) || null,
      language: parseLanguageCode(feed?.xml?.lang ?? ''),
      entries: (feed?.entries ?? []).map((e) => atomEntry(e, feedBase)),
    };
  }
  if (rootName === 'html') throw new FeedParseError('it is a web page, not a feed.');
  throw new FeedParseError(`its root element is <${root.slice(0, 40)}>, not <rss> or <feed>.`);
}
