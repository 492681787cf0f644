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
  pictureUrl,
  text,
  type DomDocument,
  type DomElement,
} from './dom.ts';
import { FeedParseError, type FeedEntry, type ParsedFeed } from './entry.ts';
import { firstPicture, htmlToLine, htmlToText, tidyText } from './html-text.ts';

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

/** The Media RSS namespace (media:content, media:thumbnail, media:group). */
const MEDIA_RSS = /^https?:\/\/search\.yahoo\.com\/mrss\/?$/iu;
/** An address that names a picture by its file name, for media that give neither medium nor type. */
const IMAGE_FILE = /\.(?:jpe?g|png|gif|webp|avif)$/iu;

/** The prefixes the root element binds to the Media RSS namespace; "media" always counts. */
function mediaPrefixes(root: DomElement): Set<string> {
  const prefixes = new Set(['media']);
  for (const [name, value] of Object.entries(root.attribs)) {
    if (/^xmlns:/iu.test(name) && MEDIA_RSS.test(value.trim())) prefixes.add(name.slice(6).toLowerCase());
  }
  return prefixes;
}

/** Media RSS child elements named `name` (media:content, media:thumbnail, media:group). */
function mediaChildren(node: DomElement, media: ReadonlySet<string>, name: string): DomElement[] {
  return elements(node).filter((el) => {
    const colon = el.name.indexOf(':');
    return colon > 0 && localName(el) === name && media.has(el.name.slice(0, colon).toLowerCase());
  });
}

/** A media:content, enclosure or enclosure link that is a picture: by medium, else type, else file name. */
function isPicture(el: DomElement, url: string): boolean {
  const medium = attr(el, 'medium')?.trim().toLowerCase();
  if (medium) return medium === 'image';
  const type = attr(el, 'type')?.trim().toLowerCase();
  if (type) return type.startsWith('image/');
  return IMAGE_FILE.test(new URL(url).pathname);
}

/** The widest picture among `els` (the first of equal width), its address in `urlAttr`; null when none is one. */
function widestPicture(
  els: DomElement[],
  base: string,
  test: ((el: DomElement, url: string) => boolean) | null,
  urlAttr = 'url',
): string | null {
  let best: { url: string; width: number } | null = null;
  for (const el of els) {
    const url = pictureUrl(attr(el, urlAttr), base);
    if (url === null || (test !== null && !test(el, url))) continue;
    const width = Number.parseInt(attr(el, 'width') ?? '', 10) || 0;
    if (best === null || width > best.width) best = { url, width };
  }
  return best?.url ?? null;
}

/**
 * An item's or entry's picture, best first: Media RSS image media:content (the widest),
 * media:thumbnail, the same inside media:group, a thumbnail of a non-image media:content
 * (a video's), an image <enclosure>, an Atom <link rel="enclosure"> to an image, and last
 * the first picture in the entry's HTML (`html`, resolved against `htmlBase`: the
 * entry's link). Media addresses resolve against `base`, as links do.
 */
function entryPicture(
  entry: DomElement,
  base: string,
  media: ReadonlySet<string>,
  html: string | null,
  htmlBase: string,
): string | null {
  const contents = mediaChildren(entry, media, 'content');
  const groups = mediaChildren(entry, media, 'group');
  const groupContents = groups.flatMap((g) => mediaChildren(g, media, 'content'));
  const enclosureLinks = childrenLocal(entry, 'link').filter(
    (l) => (attr(l, 'rel') ?? '').trim().toLowerCase() === 'enclosure',
  );
  return (
    widestPicture(contents, base, isPicture) ??
    widestPicture(mediaChildren(entry, media, 'thumbnail'), base, null) ??
    widestPicture(groupContents, base, isPicture) ??
    widestPicture(
      groups.flatMap((g) => mediaChildren(g, media, 'thumbnail')),
      base,
      null,
    ) ??
    widestPicture(
      [...contents, ...groupContents].flatMap((c) => mediaChildren(c, media, 'thumbnail')),
      base,
      null,
    ) ??
    widestPicture(childrenNamed(entry, 'enclosure'), base, isPicture) ??
    widestPicture(enclosureLinks, base, isPicture, 'href') ??
    (html === null ? null : firstPicture(html, htmlBase))
  );
}

function rssItem(item: DomElement, base: string, media: ReadonlySet<string>): FeedEntry {
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
    image: entryPicture(item, base, media, content ? text(content) : null, link ?? base),
    publishedAt: date(
      text(childNamed(item, 'pubdate')),
      text(childNamed(item, 'dc:date')),
      text(childNamed(item, 'a10:updated')),
    ),
    categories: categoryNames(item),
  };
}

/** The HTML an Atom text construct holds; null for plain text. */
function atomHtml(el: DomElement | undefined): string | null {
  if (el === undefined) return null;
  const type = (attr(el, 'type') ?? 'text').toLowerCase();
  if (type === 'html' || type === 'text/html') return text(el);
  if (type === 'xhtml' || type === 'application/xhtml+xml') return innerXml(el);
  return null;
}

/** Atom text constructs: type="text" (default), "html" (escaped markup) or "xhtml" (inline markup). */
function atomText(el: DomElement | undefined, oneLine: boolean): string {
  if (el === undefined) return '';
  const html = atomHtml(el);
  const value = html === null ? tidyText(text(el)) : htmlToText(html);
  return oneLine ? value.replace(/\s+/gu, ' ').trim() : value;
}

function atomEntry(entry: DomElement, base: string, media: ReadonlySet<string>): FeedEntry {
  const links = childrenLocal(entry, 'link');
  const alternate =
    links.find((l) => (attr(l, 'rel') ?? 'alternate') === 'alternate' && /html/iu.test(attr(l, 'type') ?? 'html')) ??
    links.find((l) => (attr(l, 'rel') ?? 'alternate') === 'alternate');
  const first = (name: string) => childrenLocal(entry, name)[0];
  const url = absoluteUrl(attr(alternate, 'href'), base);
  const content = first('content') ?? first('summary');
  return {
    guid: text(first('id')) || null,
    title: atomText(first('title'), true),
    url,
    body: atomText(content, false),
    image: entryPicture(entry, base, media, atomHtml(content), url ?? base),
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
  const media = mediaPrefixes(root);
  if (rootName === 'rss') {
    const channel = childNamed(root, 'channel');
    if (channel === undefined) throw new FeedParseError('it is RSS without a <channel>.');
    return {
      format: 'rss',
      title: plainLine(text(childNamed(channel, 'title'))) || null,
      language: parseLanguageCode(text(childNamed(channel, 'language'))),
      entries: childrenNamed(channel, 'item').map((i) => rssItem(i, base, media)),
    };
  }
  if (rootName === 'rdf') {
    const channel = childrenLocal(root, 'channel')[0];
    return {
      format: 'rdf',
      title: plainLine(text(channel ? childNamed(channel, 'title') : undefined)) || null,
      language: parseLanguageCode(text(channel ? childrenLocal(channel, 'language')[0] : undefined)),
      entries: childrenLocal(root, 'item').map((i) => rssItem(i, base, media)),
    };
  }
  if (rootName === 'feed') {
    return {
      format: 'atom',
      title: atomText(childrenLocal(root, 'title')[0], true) || null,
      language: parseLanguageCode(attr(root, 'xml:lang') ?? ''),
      entries: childrenLocal(root, 'entry').map((e) => atomEntry(e, base, media)),
    };
  }
  if (rootName === 'html') throw new FeedParseError('it is a web page, not a feed.');
  throw new FeedParseError(`its root element is <${root.name.slice(0, 40)}>, not <rss> or <feed>.`);
}
