import { parseDate } from '../domain/article.ts';
import { parseLanguageCode } from '../domain/language.ts';
import {
  absoluteUrl,
  attr,
  childNamed,
  childrenLocal,
  childrenNamed,
  elements,
  innerXml,
  localName,
  text,
  type DomDocument,
  type DomElement,
} from './dom.ts';
import { FeedParseError, type FeedEntry, type ParsedFeed } from './entry.ts';
import { htmlToLine, htmlToText, tidyText } from './html-text.ts';

/*
 * RSS 2.0 (and 0.9x), RSS 1.0 (RDF) and Atom 1.0, read from a parsed XML document.
 * Lenient where feeds commonly stray (HTML in RSS titles, a missing guid, dates in
 * either RFC 822 or ISO 8601), strict only where nothing sensible can be read.
 */

const MARKUP = /&(?:#\d+|#x[\da-f]+|[a-z][\da-z]*);|<\/?[a-z][^>]*>/iu;

/** RSS titles are plain text by the spec, but feeds often put markup or entities in them. */
function plainLine(value: string): string {
  return MARKUP.test(value) ? htmlToLine(value) : value.replace(/\s+/gu, ' ').trim();
}

function date(...values: (string | undefined)[]): Date | null {
  for (const value of values) {
    if (value === undefined || value.trim() === '') continue;
    const parsed = parseDate(value);
    if (parsed) return parsed;
  }
  return null;
}

function categoryNames(item: DomElement): string[] {
  return childrenNamed(item, 'category', 'dc:subject')
    .map((c) => plainLine(text(c)))
    .filter((c) => c !== '');
}

function rssItem(item: DomElement, base: string): FeedEntry {
  const guidEl = childNamed(item, 'guid');
  const guid = text(guidEl) || attr(item, 'rdf:about') || null;
  const link =
    absoluteUrl(text(childNamed(item, 'link')), base) ??
    absoluteUrl(
      attr(
        childrenLocal(item, 'link').find(
          (l) => attr(l, 'href') !== undefined && (attr(l, 'rel') ?? 'alternate') === 'alternate',
        ),
        'href',
      ),
      base,
    ) ??
    (attr(guidEl, 'ispermalink') !== 'false' && attr(guidEl, 'isPermaLink') !== 'false'
      ? absoluteUrl(guid ?? undefined, base)
      : null);
  const content = childNamed(item, 'content:encoded', 'description', 'dc:description');
  return {
    guid,
    title: plainLine(text(childNamed(item, 'title'))),
    url: link,
    body: content ? htmlToText(text(content)) : '',
    publishedAt: date(
      text(childNamed(item, 'pubdate')),
      text(childNamed(item, 'dc:date')),
      text(childNamed(item, 'a10:updated')),
    ),
    categories: categoryNames(item),
  };
}

/** Atom text constructs: type="text" (default), "html" (escaped markup) or "xhtml" (inline markup). */
function atomText(el: DomElement | undefined, oneLine: boolean): string {
  if (el === undefined) return '';
  const type = (attr(el, 'type') ?? 'text').toLowerCase();
  let value: string;
  if (type === 'html' || type === 'text/html') value = htmlToText(text(el));
  else if (type === 'xhtml' || type === 'application/xhtml+xml') value = htmlToText(innerXml(el));
  else value = tidyText(text(el));
  return oneLine ? value.replace(/\s+/gu, ' ').trim() : value;
}

function atomEntry(entry: DomElement, base: string): FeedEntry {
  const links = childrenLocal(entry, 'link');
  const alternate =
    links.find((l) => (attr(l, 'rel') ?? 'alternate') === 'alternate' && /html/iu.test(attr(l, 'type') ?? 'html')) ??
    links.find((l) => (attr(l, 'rel') ?? 'alternate') === 'alternate');
  const first = (name: string) => childrenLocal(entry, name)[0];
  return {
    guid: text(first('id')) || null,
    title: atomText(first('title'), true),
    url: absoluteUrl(attr(alternate, 'href'), base),
    body: atomText(first('content') ?? first('summary'), false),
    publishedAt: date(text(first('published')), text(first('updated')), text(first('issued')), text(first('modified'))),
    categories: childrenLocal(entry, 'category')
      .map((c) => (attr(c, 'label') ?? attr(c, 'term') ?? '').trim())
      .filter((c) => c !== ''),
  };
}

/** Reads RSS or Atom from an XML document; throws FeedParseError when it is neither. */
export function readXmlFeed(doc: DomDocument, base: string): ParsedFeed {
  const root = elements(doc)[0];
  if (root === undefined) throw new FeedParseError('it holds no XML element.');
  const rootName = localName(root);
  if (rootName === 'rss') {
    const channel = childNamed(root, 'channel');
    if (channel === undefined) throw new FeedParseError('it is RSS without a <channel>.');
    return {
      format: 'rss',
      title: plainLine(text(childNamed(channel, 'title'))) || null,
      language: parseLanguageCode(text(childNamed(channel, 'language'))),
      entries: childrenNamed(channel, 'item').map((i) => rssItem(i, base)),
    };
  }
  if (rootName === 'rdf') {
    const channel = childrenLocal(root, 'channel')[0];
    return {
      format: 'rdf',
      title: plainLine(text(channel ? childNamed(channel, 'title') : undefined)) || null,
      language: parseLanguageCode(text(channel ? childrenLocal(channel, 'language')[0] : undefined)),
      entries: childrenLocal(root, 'item').map((i) => rssItem(i, base)),
    };
  }
  if (rootName === 'feed') {
    return {
      format: 'atom',
      title: atomText(childrenLocal(root, 'title')[0], true) || null,
      language: parseLanguageCode(attr(root, 'xml:lang') ?? ''),
      entries: childrenLocal(root, 'entry').map((e) => atomEntry(e, base)),
    };
  }
  if (rootName === 'html') throw new FeedParseError('it is a web page, not a feed.');
  throw new FeedParseError(`its root element is <${root.name.slice(0, 40)}>, not <rss> or <feed>.`);
}
