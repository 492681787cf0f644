import { parseDate } from '../domain/article.ts';
import { absoluteUrl, parsePage, pictureUrl, type PageDocument } from './dom.ts';
import { tidyText } from './html-text.ts';
import { readLinkedData, type LinkedArticle } from './linked-data.ts';
import { readMainText } from './page-text.ts';

/*
 * An article read from a web page: the main text by Mozilla's Readability (page-text.ts),
 * and from the page's metadata, which Readability does not read or reads less of, the
 * title, publication time, keywords, picture, canonical address and site name (Open
 * Graph, article:*, keywords meta, Twitter cards, JSON-LD).
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

const oneLine = (s: string) => s.replace(/\s+/gu, ' ').trim();

/** meta name/property → every content, keys lower case. */
function metaContents(doc: PageDocument): Map<string, string[]> {
  const metas = new Map<string, string[]>();
  for (const el of doc.getElementsByTagName('meta')) {
    const key = (el.getAttribute('property') ?? el.getAttribute('name') ?? el.getAttribute('itemprop') ?? '')
      .toLowerCase()
      .trim();
    const content = el.getAttribute('content') ?? el.getAttribute('datetime');
    if (key === '' || content === null || content.trim() === '') continue;
    metas.set(key, [...(metas.get(key) ?? []), oneLine(content)]);
  }
  return metas;
}

function linkedData(doc: PageDocument): LinkedArticle | null {
  return readLinkedData(
    doc
      .getElementsByTagName('script')
      .filter((s) => (s.getAttribute('type') ?? '').trim().toLowerCase() === 'application/ld+json')
      .map((s) => s.textContent ?? ''),
  );
}

function canonicalHref(doc: PageDocument): string | undefined {
  const link = doc
    .getElementsByTagName('link')
    .find((el) => (el.getAttribute('rel') ?? '').toLowerCase().split(/\s+/u).includes('canonical'));
  return link?.getAttribute('href') ?? undefined;
}

function firstDate(values: (string | null | undefined)[]): Date | null {
  for (const v of values) {
    const d = v === undefined || v === null ? null : parseDate(v);
    if (d) return d;
  }
  return null;
}

function pagePicture(meta: Map<string, string[]>, ld: LinkedArticle | null, pageUrl: string): string | null {
  for (const href of [...PICTURE_META.flatMap((name) => meta.get(name) ?? []), ...(ld?.images ?? [])]) {
    const url = pictureUrl(href, pageUrl);
    if (url !== null) return url;
  }
  return null;
}

const escapeRegExp = (s: string) => s.replace(/[.*+?^${}()|[\]\\]/gu, '\\$&');

/**
 * The headline in the page's <title>: the <h1> the title starts with, the shorter rest
 * being the site's name ("Headline — Site"), else the title less the site's name when it
 * is known ("Headline | Example News"); null when neither can be told.
 */
function headlineInTitle(pageTitle: string, headings: readonly string[], siteName: string | null): string | null {
  const separator = /^\s+[|\-–—·:»/]\s+\S/u;
  const h1 = headings.find((h) => {
    const rest = pageTitle.slice(h.length);
    return h !== '' && pageTitle.startsWith(h) && separator.test(rest) && rest.length < h.length;
  });
  if (h1 !== undefined) return h1;
  if (siteName === null) return null;
  const site = new RegExp(`\\s+[|\\-–—·:]\\s+${escapeRegExp(siteName)}$`, 'iu');
  return site.test(pageTitle) ? pageTitle.replace(site, '') : null;
}

/** The text without a first paragraph that only repeats the title or an <h1> (the article's own headline). */
function withoutHeadline(body: string, headlines: readonly string[]): string {
  const [first, ...rest] = body.split('\n\n');
  const lower = oneLine(first ?? '').toLowerCase();
  return headlines.some((h) => h !== '' && h.toLowerCase() === lower) ? rest.join('\n\n') : body;
}

export function extractPage(html: string, pageUrl: string): PageArticle {
  const doc = parsePage(html);
  // The metadata first: Readability changes the document as it reads it.
  const meta = metaContents(doc);
  const ld = linkedData(doc);
  const url = absoluteUrl(canonicalHref(doc), pageUrl) ?? absoluteUrl(meta.get('og:url')?.[0], pageUrl) ?? pageUrl;
  const source = meta.get('og:site_name')?.[0] ?? ld?.publisher ?? null;
  const pageTitle = oneLine(doc.getElementsByTagName('title')[0]?.textContent ?? '');
  const headings = doc.getElementsByTagName('h1').map((h) => oneLine(h.textContent ?? ''));
  // Readability may leave out the article's header, and its <time> with it.
  const articleTime = doc.querySelectorAll('article time[datetime]')[0]?.getAttribute('datetime');
  const main = readMainText(doc);
  const title =
    meta.get('og:title')?.[0] ??
    meta.get('twitter:title')?.[0] ??
    ld?.headline ??
    headlineInTitle(pageTitle, headings, source) ??
    (main?.title || pageTitle || headings.find((h) => h !== '') || '');
  const publishedAt = firstDate([
    meta.get('article:published_time')?.[0],
    meta.get('og:article:published_time')?.[0],
    ld?.datePublished,
    meta.get('datepublished')?.[0],
    meta.get('date')?.[0],
    meta.get('pubdate')?.[0],
    meta.get('dc.date')?.[0],
    meta.get('dcterms.created')?.[0],
    main?.publishedTime,
    articleTime,
    main?.timeInText,
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
  let body = main === null ? '' : withoutHeadline(main.body, [oneLine(title), ...headings]);
  // A page that shows a teaser may still give the whole text in its JSON-LD.
  if (body.length < (ld?.articleBody?.length ?? 0)) body = ld?.articleBody ?? body;
  if (body === '') body = meta.get('og:description')?.[0] ?? meta.get('description')?.[0] ?? '';
  return {
    url,
    title,
    body: tidyText(body),
    publishedAt,
    keywords: [...new Map(keywords.map((k) => [k.toLowerCase(), k])).values()],
    source: source ?? new URL(url).hostname.replace(/^www\./u, ''),
    image: pagePicture(meta, ld, pageUrl),
  };
}
