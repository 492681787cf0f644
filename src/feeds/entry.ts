/** What every feed format is read into. */

export type FeedFormat = 'rss' | 'rdf' | 'atom' | 'json';

export interface FeedEntry {
  /** The entry's own id (RSS guid, Atom id, JSON Feed id), when it has one. */
  guid: string | null;
  /** Plain text, one line; may be empty when the entry has none. */
  title: string;
  /** Absolute http(s) link to the article, or null. */
  url: string | null;
  /** Plain text, paragraphs separated by a blank line. */
  body: string;
  publishedAt: Date | null;
  /**
   * The entry's picture: an absolute http(s) address (never data: or javascript:), from
   * Media RSS, an image enclosure, the iTunes episode image, JSON Feed image/banner_image,
   * or the first picture in its HTML; null when it has none.
   */
  image: string | null;
  /** Category names as the feed gives them (RSS category, Atom category, JSON Feed tags). */
  categories: string[];
}

export interface ParsedFeed {
  format: FeedFormat;
  title: string | null;
  /**
   * The language the feed declares (RSS <language>, RDF dc:language, Atom xml:lang,
   * JSON Feed `language`) as an ISO 639-1 code; null when it declares none or one that
   * is not a language code (its articles' language is then detected from their text).
   */
  language: string | null;
  /** In the feed's order (usually newest first). */
  entries: FeedEntry[];
}

/** The text is not a feed this reader understands; the message says why, for an admin. */
export class FeedParseError extends Error {
  override readonly name = 'FeedParseError';
}
