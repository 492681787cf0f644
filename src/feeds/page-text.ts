import { Readability } from '@mozilla/readability';
import type { PageDocument, PageElement } from './dom.ts';
import { htmlToText } from './html-text.ts';

/*
 * A page's main text, by Mozilla's Readability (Firefox's Reader View) over linkedom:
 * navigation, headers, footers, sidebars, comments, share and related-links boxes left
 * out. Turned into tagwire's plain text (paragraphs, "• " list items) by htmlToText.
 */

export interface MainText {
  /** Paragraphs separated by a blank line; never empty. */
  body: string;
  /** Readability's title: its own metadata (dc:title, og:title, parsely...), else <title> without the site's name. */
  title: string | null;
  /** Readability's publication time (article:published_time, parsely-pub-date). */
  publishedTime: string | null;
  /** The datetime of the first <time datetime> in the text Readability kept. */
  timeInText: string | null;
}

/*
 * Readability's cost grows with the number of elements times their depth, and faster on
 * some nestings: 1,600 empty <div>s nested after a few paragraphs (20 kB) keep it busy
 * for 25 s, 3,200 for three minutes. Its own maxElemsToParse option does not help over
 * linkedom, whose getElementsByTagName('*') finds nothing. So the page is measured first
 * and a page over either limit is not given to it (at the limits it takes about 5 s);
 * real articles stay well below both (a few thousand elements, nested a few dozen deep).
 */
/** Most elements a page may have, scripts, styles and SVG drawings not counted. */
export const MAX_PAGE_ELEMENTS = 20_000;
/** Deepest nesting of elements a page may have. */
export const MAX_PAGE_NESTING = 120;

/** Articles shorter than this make Readability try again with looser rules (its default, 500, suits long reads, not news items). */
const CHAR_THRESHOLD = 200;

/** Elements that never hold article text: removed before measuring and reading. */
const NEVER_TEXT = 'script, style, noscript, template, svg, math, iframe, object, embed, canvas';

function withinLimits(doc: PageDocument): boolean {
  const all = doc.querySelectorAll('*');
  if (all.length > MAX_PAGE_ELEMENTS) return false;
  const depth = new Map<PageElement, number>();
  for (const el of all) {
    const d = (el.parentElement === null ? 0 : (depth.get(el.parentElement) ?? 0)) + 1;
    if (d > MAX_PAGE_NESTING) return false;
    depth.set(el, d);
  }
  return true;
}

const oneLine = (s: string) => s.replace(/\s+/gu, ' ').trim();

/**
 * The page's main text by Readability, or null when it finds none, or the page is too
 * large or too deeply nested to read in reasonable time. Changes `doc`: read its
 * metadata first.
 */
export function readMainText(doc: PageDocument): MainText | null {
  for (const el of doc.querySelectorAll(NEVER_TEXT)) el.remove();
  if (!withinLimits(doc)) return null;
  let article;
  try {
    article = new Readability<PageElement>(doc, {
      charThreshold: CHAR_THRESHOLD,
      disableJSONLD: true, // tagwire reads the page's JSON-LD itself
      serializer: (node: PageElement) => node,
    }).parse();
  } catch {
    return null; // a page Readability cannot take: the metadata's text is used instead
  }
  const content = article?.content;
  if (!article || !content) return null;
  // Captions describe a picture the message does not show.
  for (const el of content.querySelectorAll('figure, figcaption')) el.remove();
  const timeInText = content.querySelectorAll('time[datetime]')[0]?.getAttribute('datetime') ?? null;
  const byline = article.byline ? oneLine(article.byline) : null;
  // On its looser tries Readability keeps a byline it recognised on the first.
  const body = htmlToText(content.innerHTML)
    .split('\n\n')
    .filter((block) => byline === null || oneLine(block) !== byline)
    .join('\n\n');
  if (body === '') return null;
  return {
    body,
    title: article.title ? oneLine(article.title) : null,
    publishedTime: article.publishedTime ?? null,
    timeInText,
  };
}
