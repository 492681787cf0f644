import { parseHTML } from 'linkedom';
import { MAX_URL_LENGTH } from '../domain/article.ts';
import { cutAtMaxNesting } from './nesting.ts';

/*
 * What the feed and page readers share: the light DOM (linkedom) a web page is read
 * into, and the rules for the addresses both take from what they read.
 */

/** The few members of linkedom's elements the page reader uses (the project compiles without the DOM library). */
export interface PageElement {
  readonly parentElement: PageElement | null;
  readonly textContent: string | null;
  readonly innerHTML: string;
  getAttribute(name: string): string | null;
  getElementsByTagName(name: string): PageElement[];
  querySelectorAll(selectors: string): PageElement[];
  remove(): void;
}

export interface PageDocument extends PageElement {
  readonly head: { appendChild(node: PageElement): void };
}

/** <html>, <head>, <body> tags and the doctype ([^<>] keeps a tag that never ends from costing more than its text). */
const SKELETON = /<!doctype[^<>]*>|<\/?(?:html|head|body)(?:\s[^<>]*)?>/giu;

/**
 * A web page in linkedom's DOM. linkedom builds the tree as the tags come, without the
 * HTML parsing rules that add a missing <html>, <head> or <body> (a page that leaves them
 * out, as HTML allows, would become a <meta> holding the rest), so the page is read
 * into a skeleton of its own: everything in the <body>, only the <title> in the <head>.
 * The metadata readers look through the whole document. Elements nested past
 * MAX_NESTING are not read.
 */
export function parsePage(html: string): PageDocument {
  const { document } = parseHTML(
    `<!DOCTYPE html><html><head></head><body>${cutAtMaxNesting(html).replace(SKELETON, '')}</body></html>`,
  ) as { document: PageDocument };
  const title = document.getElementsByTagName('title')[0];
  if (title !== undefined) document.head.appendChild(title);
  return document;
}

/** An absolute http(s) URL for `href` relative to `base`, or null. */
export function absoluteUrl(href: string | undefined, base: string): string | null {
  if (href === undefined || href.trim() === '') return null;
  try {
    const url = new URL(href.trim(), base);
    return url.protocol === 'http:' || url.protocol === 'https:' ? url.href : null;
  } catch {
    return null;
  }
}

/**
 * An article picture's address: an absolute http(s) URL for `href` relative to `base`
 * (so never data: or javascript:), short enough for an article, and not an SVG, which
 * neither Telegram nor Discord shows as a photo. Null otherwise.
 */
export function pictureUrl(href: string | undefined, base: string): string | null {
  const url = absoluteUrl(href, base);
  if (url === null || url.length > MAX_URL_LENGTH) return null;
  return /\.svgz?$/iu.test(new URL(url).pathname) ? null : url;
}
