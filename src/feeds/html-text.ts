import { Parser } from 'htmlparser2';
import { pictureUrl } from './dom.ts';
import { MAX_NESTING } from './nesting.ts';

/*
 * HTML to the plain text an article body holds: paragraphs separated by a blank line,
 * <br> as a line break, list items as "• " lines, entities decoded, scripts, styles
 * and embedded objects dropped. Markup is never passed on: the adapters escape text.
 * Nothing is read past elements nested MAX_NESTING deep.
 */

const BLOCKS = new Set([
  'address',
  'article',
  'aside',
  'blockquote',
  'dd',
  'div',
  'dl',
  'dt',
  'figcaption',
  'figure',
  'footer',
  'h1',
  'h2',
  'h3',
  'h4',
  'h5',
  'h6',
  'header',
  'hr',
  'li',
  'main',
  'ol',
  'p',
  'pre',
  'section',
  'table',
  'tr',
  'ul',
]);
const SKIPPED = new Set([
  'script',
  'style',
  'noscript',
  'template',
  'svg',
  'math',
  'iframe',
  'object',
  'embed',
  'canvas',
  'head',
  'select',
  'button',
]);

/** Collapses spaces inside lines, trims lines, and keeps at most one blank line between paragraphs. */
export function tidyText(text: string): string {
  return text
    .replace(/\r\n?/gu, '\n')
    .split('\n')
    .map((line) => line.replace(/[^\S\n]+/gu, ' ').trim())
    .join('\n')
    .replace(/\n{3,}/gu, '\n\n')
    .trim();
}

export function htmlToText(html: string): string {
  let out = '';
  let skipping = 0;
  let pre = 0;
  let depth = 0;
  let tooDeep = false;
  const parser: Parser = new Parser(
    {
      onopentag(name) {
        if (++depth > MAX_NESTING && !tooDeep) {
          tooDeep = true;
          parser.pause();
        }
        if (SKIPPED.has(name)) skipping++;
        if (skipping > 0) return;
        if (name === 'br') out += '\n';
        else if (BLOCKS.has(name)) out += '\n\n';
        if (name === 'li') out += '• ';
        if (name === 'pre') pre++;
        if (name === 'td' || name === 'th') out += ' ';
      },
      ontext(text) {
        if (skipping === 0) out += pre > 0 ? text : text.replace(/\s+/gu, ' ');
      },
      onclosetag(name) {
        depth--;
        if (SKIPPED.has(name)) {
          skipping = Math.max(0, skipping - 1);
          return;
        }
        if (skipping > 0) return;
        if (name === 'pre') pre = Math.max(0, pre - 1);
        if (BLOCKS.has(name)) out += '\n\n';
      },
    },
    { decodeEntities: true },
  );
  parser.write(html);
  if (!tooDeep) parser.end();
  return tidyText(out.replace(/\u00a0/gu, ' '));
}

/** A one-line text from HTML or text that may hold markup or entities (feed titles). */
export function htmlToLine(html: string): string {
  return htmlToText(html).replace(/\s+/gu, ' ').trim();
}

/** An <img> with a width or height attribute below this is an icon or a tracking pixel. */
const MIN_PICTURE_SIDE = 50;
/** Class names of images that are not the article's picture. */
const NOT_A_PICTURE_CLASS = /emoji|smiley|icon|avatar|logo|badge|pixel/iu;
/** Addresses of counters and tracking pixels that feeds put in their entries' HTML. */
const TRACKER =
  /feedburner\.com|feedsportal\.com|doubleclick\.net|stats\.wordpress\.com|\/~[a-z]+\/|[/_.-](?:pixel|tracker|tracking|beacon|spacer)\b/iu;

/**
 * The first <img> of an HTML fragment that can be the article's picture, as an absolute
 * http(s) address resolved against `base`; null when there is none. Skipped: images in
 * scripts and the like, tiny ones (by their width or height attribute), emoji and icons
 * (by class), tracking pixels, and sources that are not http(s) (data:, javascript:).
 * A lazily loaded image's data-src counts when its src does not.
 */
export function firstPicture(html: string, base: string): string | null {
  if (!/<(?:[\w-]+:)?img[\s/>]/iu.test(html)) return null; // the common case costs no parse
  let found: string | null = null;
  let skipping = 0;
  let depth = 0;
  const parser: Parser = new Parser(
    {
      onopentag(name, attribs) {
        if (++depth > MAX_NESTING) parser.pause();
        if (SKIPPED.has(name)) skipping++;
        if (found !== null || skipping > 0 || (name !== 'img' && !name.endsWith(':img'))) return;
        const side = (value: string | undefined) => (value === undefined ? NaN : Number.parseInt(value, 10));
        if (side(attribs.width) < MIN_PICTURE_SIDE || side(attribs.height) < MIN_PICTURE_SIDE) return;
        if (NOT_A_PICTURE_CLASS.test(attribs.class ?? '')) return;
        for (const src of [attribs.src, attribs['data-src']]) {
          const url = pictureUrl(src, base);
          if (url !== null && !TRACKER.test(url)) {
            found = url;
            parser.pause();
            return;
          }
        }
      },
      onclosetag(name) {
        depth--;
        if (SKIPPED.has(name)) skipping = Math.max(0, skipping - 1);
      },
    },
    { decodeEntities: true },
  );
  parser.write(html);
  return found;
}
