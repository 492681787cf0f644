import { parseDate } from '../domain/article.ts';
import { DomUtils } from 'htmlparser2';
import {
  absoluteUrl,
  attr,
  elements,
  findAll,
  parseHtml,
  pictureUrl,
  text,
  type DomElement,
  type DomNode,
} from './dom.ts';
import { tidyText } from './html-text.ts';
import { readLinkedData, type LinkedArticle } from './linked-data.ts';

/*
 * Readability-style extraction of an article from a web page: the title, publication
 * time, keywords and picture from the page's metadata (Open Graph, article:*, keywords
 * meta, Twitter cards, JSON-LD), the main text from the <article> (or the element
 * holding most of the page's paragraphs), navigation, asides, footers and forms left out.
 */

export interface PageArticle {
  /** The page's canonical address, or where it was fetched from. */
  url: string;
  title: string;
  body: string;
  publishedAt: Date | null;
  /** Keywords as the page gives them: article:tag, keywords, news_keywords, JSON-LD keywords. */
  keywords: string[];
  source: string | null;
  /**
   * The article's picture: og:image (og:image:url, og:image:secure_url), else
   * twitter:image, else the JSON-LD article's image; an absolute http(s) address resolved
   * against the page's address, or null.
   */
  image: string | null;
}

/** Meta names that give the page's picture, best first. */
const PICTURE_META = ['og:image', 'og:image:url', 'og:image:secure_url', 'twitter:image', 'twitter:image:src'];

const SKIPPED = new Set([
  'nav',
  'aside',
  'footer',
  'header',
  'form',
  'script',
  'style',
  'noscript',
  'template',
  'button',
  'select',
  'svg',
  'figure',
  'iframe',
  'dialog',
  'menu',
]);
const TEXT_BLOCKS = new Set(['p', 'h2', 'h3', 'h4', 'li', 'blockquote', 'pre', 'dd']);
const BOILERPLATE_ROLE = /^(?:navigation|banner|contentinfo|complementary|search|dialog|alert)$/u;
/** Class or id words of page furniture (after Readability's "unlikely candidates"), unless they also say content. */
const BOILERPLATE_CLASS =
  /byline|author|share|social|related|promo|newsletter|subscribe|advert|sponsor|comment|breadcrumb|sidebar|pagination|popup|cookie|caption/iu;
const CONTENT_CLASS = /article|body|content|main|story|text/iu;
/** Paragraphs shorter than this do not count when looking for the main text (bylines, captions). */
const MIN_PARAGRAPH_CHARS = 40;

function isSkipped(el: DomElement): boolean {
  const names = `${attr(el, 'class') ?? ''} ${attr(el, 'id') ?? ''}`;
  return (
    SKIPPED.has(el.name) ||
    BOILERPLATE_ROLE.test(attr(el, 'role') ?? '') ||
    attr(el, 'aria-hidden') === 'true' ||
    attr(el, 'hidden') !== undefined ||
    (BOILERPLATE_CLASS.test(names) && !CONTENT_CLASS.test(names))
  );
}

const oneLine = (s: string) => s.replace(/\s+/gu, ' ').trim();

/** The text blocks of an element, outermost first, skipping boilerplate subtrees. */
function textBlocks(node: DomNode): string[] {
  const blocks: string[] = [];
  const walk = (n: DomNode) => {
    for (const el of elements(n)) {
      if (isSkipped(el)) continue;
      if (TEXT_BLOCKS.has(el.name)) {
        const value = oneLine(DomUtils.textContent(el));
        if (value !== '') blocks.push(el.name === 'li' ? `• ${value}` : value);
      } else {
        walk(el);
      }
    }
  };
  walk(node);
  return blocks;
}

function paragraphChars(el: DomNode): number {
  return textBlocks(el)
    .filter((b) => b.length >= MIN_PARAGRAPH_CHARS)
    .reduce((n, b) => n + b.length, 0);
}

/** The element holding the article's text: the richest <article>, articleBody or <main>, else the richest parent of paragraphs. */
function mainContainer(doc: DomNode): DomNode {
  const richest = (list: DomElement[]) =>
    list.map((el) => ({ el, chars: paragraphChars(el) })).sort((a, b) => b.chars - a.chars)[0];
  for (const test of [
    (el: DomElement) => el.name === 'article',
    (el: DomElement) => attr(el, 'itemprop') === 'articleBody',
    (el: DomElement) => el.name === 'main' || attr(el, 'role') === 'main',
  ]) {
    const best = richest(findAll(doc, test));
    if (best && best.chars > 0) return best.el;
  }
  const parents = new Map<DomElement, number>();
  for (const p of findAll(doc, (el) => el.name === 'p')) {
    const parent = p.parent;
    if (parent === null || parent.type !== 'tag') continue;
    const length = oneLine(DomUtils.textContent(p)).length;
    if (length >= MIN_PARAGRAPH_CHARS)
      parents.set(parent as DomElement, (parents.get(parent as DomElement) ?? 0) + length);
  }
  const best = [...parents].sort((a, b) => b[1] - a[1])[0];
  return best ? best[0] : doc;
}

/** meta name/property → every content, keys lower case. */
function metaContents(doc: DomNode): Map<string, string[]> {
  const metas = new Map<string, string[]>();
  for (const el of findAll(doc, (e) => e.name === 'meta')) {
    const key = (attr(el, 'property') ?? attr(el, 'name') ?? attr(el, 'itemprop') ?? '').toLowerCase().trim();
    const content = attr(el, 'content') ?? attr(el, 'datetime');
    if (key === '' || content === undefined || content.trim() === '') continue;
    metas.set(key, [...(metas.get(key) ?? []), oneLine(content)]);
  }
  return metas;
}

function firstDate(values: (string | undefined)[]): Date | null {
  for (const v of values) {
    const d = v === undefined ? null : parseDate(v);
    if (d) return d;
  }
  return null;
}

function pageTitle(
  doc: DomNode,
  meta: Map<string, string[]>,
  ld: LinkedArticle | null,
  siteName: string | null,
): string {
  const fromMeta = meta.get('og:title')?.[0] ?? meta.get('twitter:title')?.[0] ?? ld?.headline;
  if (fromMeta) return fromMeta;
  const titleEl = findAll(doc, (el) => el.name === 'title')[0];
  let title = oneLine(text(titleEl));
  // "Headline | Site" or "Headline - Site": drop the site's name.
  if (siteName)
    title = title.replace(
      new RegExp(`\\s+[|\\-–—·:]\\s+${siteName.replace(/[.*+?^${}()|[\]\\]/gu, '\\$&')}$`, 'iu'),
      '',
    );
  return title || oneLine(text(findAll(doc, (el) => el.name === 'h1')[0]));
}

function pagePicture(meta: Map<string, string[]>, ld: LinkedArticle | null, pageUrl: string): string | null {
  for (const href of [...PICTURE_META.flatMap((name) => meta.get(name) ?? []), ...(ld?.images ?? [])]) {
    const url = pictureUrl(href, pageUrl);
    if (url !== null) return url;
  }
  return null;
}

export function extractPage(html: string, pageUrl: string): PageArticle {
  const doc = parseHtml(html);
  const meta = metaContents(doc);
  const ld = readLinkedData(doc);
  const canonical = findAll(
    doc,
    (el) => el.name === 'link' && (attr(el, 'rel') ?? '').toLowerCase().split(/\s+/u).includes('canonical'),
  )[0];
  const url = absoluteUrl(attr(canonical, 'href'), pageUrl) ?? absoluteUrl(meta.get('og:url')?.[0], pageUrl) ?? pageUrl;
  const source = meta.get('og:site_name')?.[0] ?? ld?.publisher ?? null;
  const main = mainContainer(doc);
  const time = findAll(main, (el) => el.name === 'time' && attr(el, 'datetime') !== undefined)[0];
  const publishedAt = firstDate([
    meta.get('article:published_time')?.[0],
    meta.get('og:article:published_time')?.[0],
    ld?.datePublished,
    meta.get('datepublished')?.[0],
    meta.get('date')?.[0],
    meta.get('pubdate')?.[0],
    meta.get('dc.date')?.[0],
    meta.get('dcterms.created')?.[0],
    attr(time, 'datetime'),
  ]);
  const keywords = [
    ...(meta.get('article:tag') ?? []),
    ...(meta.get('news_keywords') ?? []),
    ...(meta.get('keywords') ?? []),
    ...(ld?.keywords ?? []),
  ]
    .flatMap((k) => k.split(/[,，;]/u))
    .map(oneLine)
    .filter((k) => k !== '');
  let body = textBlocks(main).join('\n\n');
  if (body.length < (ld?.articleBody?.length ?? 0)) body = ld?.articleBody ?? body;
  if (body === '') body = meta.get('og:description')?.[0] ?? meta.get('description')?.[0] ?? '';
  return {
    url,
    title: pageTitle(doc, meta, ld, source),
    body: tidyText(body),
    publishedAt,
    keywords: [...new Map(keywords.map((k) => [k.toLowerCase(), k])).values()],
    source: source ?? new URL(url).hostname.replace(/^www\./u, ''),
    image: pagePicture(meta, ld, pageUrl),
  };
}
