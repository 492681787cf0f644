import { absoluteUrl, parsePage } from './dom.ts';
import { FeedParseError, type ParsedFeed } from './entry.ts';
import { readJsonFeed } from './json-feed.ts';
import { checkXml, MalformedXmlError, type CheckedXml } from './xml-check.ts';
import { readXmlFeed } from './xml-feed.ts';

export { FeedParseError, type FeedEntry, type FeedFormat, type ParsedFeed } from './entry.ts';

const FEED_LINK_TYPES = /^application\/(?:rss|atom|feed)\+(?:xml|json)$/iu;

/** Feed addresses a web page announces with <link rel="alternate" type="application/rss+xml">. */
export function feedLinksInPage(html: string, pageUrl: string): string[] {
  const links = parsePage(html)
    .getElementsByTagName('link')
    .filter(
      (el) =>
        (el.getAttribute('rel') ?? '').toLowerCase().split(/\s+/u).includes('alternate') &&
        FEED_LINK_TYPES.test(el.getAttribute('type') ?? ''),
    );
  return [
    ...new Set(
      links
        .map((l) => absoluteUrl(l.getAttribute('href') ?? undefined, pageUrl))
        .filter((u): u is string => u !== null),
    ),
  ];
}

/**
 * Reads RSS 2.0, RSS 1.0, Atom or JSON Feed, whichever the text is. `url` is where it
 * came from: relative links resolve against it. Throws FeedParseError, with a message
 * that completes "It is not a feed I can read: ...", for anything else.
 */
export function parseFeed(body: string, url: string): ParsedFeed {
  const textValue = body.replace(/^\uFEFF/u, '').trim();
  if (textValue === '') throw new FeedParseError('the answer was empty.');
  if (textValue.startsWith('{') || textValue.startsWith('[')) return readJsonFeed(textValue, url);
  if (!textValue.startsWith('<')) throw new FeedParseError('it is neither XML nor JSON.');
  if (/^(?:<!--[\s\S]*?-->\s*)*<(?:!doctype\s+html|html[\s>])/iu.test(textValue)) {
    const links = feedLinksInPage(textValue, url);
    throw new FeedParseError(
      links.length > 0
        ? `it is a web page, not a feed; the page names its feed: ${links.slice(0, 3).join(' ')}`
        : 'it is a web page, not a feed.',
    );
  }
  let xml: CheckedXml;
  try {
    xml = checkXml(textValue);
  } catch (err) {
    if (err instanceof MalformedXmlError) throw new FeedParseError(`the XML is cut off or malformed: ${err.message}.`);
    throw err;
  }
  if (xml.root === null) throw new FeedParseError('it holds no XML element.');
  return readXmlFeed(xml.text, xml.root, url);
}
