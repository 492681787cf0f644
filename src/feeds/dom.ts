import { DomHandler, DomUtils, Parser, parseDocument } from 'htmlparser2';
import { MAX_URL_LENGTH } from '../domain/article.ts';

/*
 * The few DOM helpers the feed and page readers share, over htmlparser2's DOM. The
 * node types are taken from htmlparser2's own functions so that its DOM packages need
 * not be direct dependencies.
 */

export type DomDocument = ReturnType<typeof parseDocument>;
export type DomElement = ReturnType<typeof DomUtils.findAll>[number];
export type DomNode = Parameters<typeof DomUtils.getChildren>[0];

/** XML that does not close what it opens: cut off, or not well-formed. */
export class MalformedXmlError extends Error {
  override readonly name = 'MalformedXmlError';
}

/**
 * Parses XML, refusing a document whose elements do not close in order (a truncated
 * download, mismatched tags): htmlparser2 itself would silently repair them. Custom
 * entities of a DOCTYPE are never expanded.
 */
export function parseXml(text: string): DomDocument {
  const handler = new DomHandler(null, { xmlMode: true });
  const parser = new Parser(handler, { xmlMode: true });
  let unclosed: string | null = null;
  const closeTag = handler.onclosetag.bind(handler);
  // The parser reports each close as (name, implied). Implied means no end tag was
  // written: fine for a self-closing <tag/> (the event ends at its "/>"), a fault otherwise.
  handler.onclosetag = (name?: string, implied?: boolean) => {
    const selfClosing = text[parser.endIndex] === '>' && text[parser.endIndex - 1] === '/';
    if (implied === true && !selfClosing) unclosed ??= name ?? '?';
    closeTag();
  };
  parser.end(text);
  if (unclosed !== null) throw new MalformedXmlError(`<${unclosed}> is never closed, or its end tag is out of place`);
  return handler.root;
}

export function parseHtml(text: string): DomDocument {
  return parseDocument(text, { decodeEntities: true });
}

export function isElement(node: DomNode): node is DomElement {
  return node.type === 'tag' || node.type === 'script' || node.type === 'style';
}

/** Child elements of a node. */
export function elements(node: DomNode): DomElement[] {
  return DomUtils.getChildren(node).filter(isElement);
}

/** The tag name, lower case, without a namespace prefix ("atom:link" → "link"). */
export function localName(el: DomElement): string {
  const name = el.name.toLowerCase();
  const colon = name.indexOf(':');
  return colon < 0 ? name : name.slice(colon + 1);
}

/** Child elements with one of these names (lower case, prefix included: "content:encoded"). */
export function childrenNamed(node: DomNode, ...names: string[]): DomElement[] {
  return elements(node).filter((el) => names.includes(el.name.toLowerCase()));
}

export function childNamed(node: DomNode, ...names: string[]): DomElement | undefined {
  for (const name of names) {
    const found = elements(node).find((el) => el.name.toLowerCase() === name);
    if (found) return found;
  }
  return undefined;
}

/** Child elements by local name, whatever their prefix (Atom with or without one). */
export function childrenLocal(node: DomNode, name: string): DomElement[] {
  return elements(node).filter((el) => localName(el) === name);
}

export function text(node: DomNode | undefined): string {
  return node === undefined ? '' : DomUtils.textContent(node).trim();
}

export function attr(el: DomElement | undefined, name: string): string | undefined {
  return el?.attribs[name] ?? undefined;
}

/** Every element below `node` that passes the test, in document order. */
export function findAll(node: DomNode, test: (el: DomElement) => boolean): DomElement[] {
  return DomUtils.findAll(test, DomUtils.getChildren(node));
}

export function innerXml(el: DomElement): string {
  return DomUtils.getInnerHTML(el, { xmlMode: true });
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
