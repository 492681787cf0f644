import { truncateAtWord, type Span } from '../../src/index.ts';

/**
 * Discord markdown from the core's plain spans. Every string from the core is raw text
 * (titles and snippets typed by people), so it is escaped before any markup is added:
 * a title like "**Breaking** <@&1>" shows literally, never as bold or a mention.
 *
 * Escaping is done here, one character at a time, rather than with discord.js's
 * escapeMarkdown, whose patterns leave characters of long runs unescaped ("`````",
 * "******") and do not know Discord's subtext ("-# "). Every escape is a backslash and
 * the one character it protects, so escaped text can be cut between any two of its
 * units (escapeWithin) without changing what the part before the cut means.
 */

/** Characters that are markup wherever they stand (mentions, emoji and timestamps start with "<"). */
const INLINE = /[\\*_~|`<]/gu;
const INLINE_AND_BRACKET = /[\\*_~|`<[]/gu;
/** A link Discord shows as one (its characters are not markup, and a backslash in it would change the address). */
const AUTOLINK = /https?:\/\/[^\s<]+[^<.,:;"')\]\s]/gu;
/** Markup at the start of a line: a quote, a heading, subtext, a bulleted or numbered list item. */
const LINE_START = /^(\s*)(?:(>)|(#{1,3}\s)|(-#\s)|(-\s)|(\d+)(\.\s))/u;

/** `text` with `change` applied to everything but its links. */
function outsideLinks(text: string, change: (part: string) => string): string {
  let out = '';
  let at = 0;
  for (const link of text.matchAll(AUTOLINK)) {
    out += change(text.slice(at, link.index)) + link[0];
    at = link.index + link[0].length;
  }
  return out + change(text.slice(at));
}

function escapeInline(text: string, brackets: boolean): string {
  const pattern = brackets ? INLINE_AND_BRACKET : INLINE;
  return outsideLinks(text, (part) => part.replace(pattern, '\\$&'));
}

function escapeLine(line: string, brackets: boolean): string {
  const m = LINE_START.exec(line);
  if (!m) return escapeInline(line, brackets);
  const [whole, lead = '', quote, heading, subtext, bullet, number, dot] = m;
  const rest = escapeInline(line.slice(whole.length), brackets);
  if (quote !== undefined) return `${lead}\\>${rest}`;
  if (heading !== undefined) return `${lead}\\${heading}${rest}`;
  if (subtext !== undefined) return `${lead}\\${subtext}${rest}`;
  if (bullet !== undefined) return `${lead}\\${bullet}${rest}`;
  return `${lead}${number ?? ''}\\${dot ?? ''}${rest}`;
}

/**
 * Escapes every markdown character (bold, italic, underline, strike-through, spoilers,
 * code, "\\"), mention syntax ("<"), masked links ("["), and, at the start of a line,
 * quotes, headings, subtext and list markers. Links are left whole.
 */
export function escapeText(text: string, options: { maskedLink?: boolean } = {}): string {
  const brackets = options.maskedLink ?? true;
  return text
    .split('\n')
    .map((line) => escapeLine(line, brackets))
    .join('\n');
}

/**
 * What a reader sees of escaped text: each escape shows the character it protects (the
 * newsroom's preview). Links were sent as they are (escapeInline), so they read as they are.
 */
export function unescapeText(text: string): string {
  return outsideLinks(text, (part) => part.replace(/\\([^\p{L}\p{N}\s])/gu, '$1'));
}

/**
 * Cuts plain text to at most `max` characters (UTF-16 units, which is what Discord
 * counts), at a word boundary with an ellipsis when it had to cut.
 */
export function cutText(text: string, max: number): string {
  if (text.length <= max) return text;
  let limit = max;
  for (;;) {
    const cut = truncateAtWord(text, limit);
    if (cut.length <= max || limit <= 1) return cut.length <= max ? cut : cut.slice(0, max);
    limit -= cut.length - max;
  }
}

/** The units of escaped text: an escape (a backslash and the character after it) or one code point. */
function unitLength(text: string, at: number): number {
  const codePoint = (i: number) => ((text.codePointAt(i) ?? 0) > 0xffff ? 2 : 1);
  return text[at] === '\\' && at + 1 < text.length ? 1 + codePoint(at + 1) : codePoint(at);
}

/** Trailing characters dropped before an ellipsis, as truncateAtWord does. */
const DANGLING = /^[\s,;:.\-–—]$/u;

/**
 * Escaped text cut to at most `max` characters, with an ellipsis when it had to cut.
 * The cut falls between two units of the escaped text, so no escape is split in half
 * and no character is left bare, and at the last word boundary when there is one in the
 * second half. Text is escaped first and cut after, so a title made of characters that
 * need escaping keeps as many of them as fit instead of collapsing.
 */
export function escapeWithin(text: string, max: number): string {
  const escaped = escapeText(text);
  if (escaped.length <= max) return escaped;
  if (max < 1) return '';
  const room = max - 1;
  const ends: number[] = [];
  let wordEnd = -1;
  for (let at = 0; at < escaped.length;) {
    const next = at + unitLength(escaped, at);
    if (next > room) break;
    if (/\s/u.test(escaped[at] ?? '')) wordEnd = ends.length;
    ends.push(next);
    at = next;
  }
  const endOf = (n: number) => (n === 0 ? 0 : (ends[n - 1] ?? 0));
  let units = wordEnd >= 0 && endOf(wordEnd) > room / 2 ? wordEnd : ends.length;
  while (units > 0 && endOf(units) - endOf(units - 1) === 1 && DANGLING.test(escaped[endOf(units) - 1] ?? '')) units--;
  return `${escaped.slice(0, endOf(units))}…`;
}

/** Wraps text in a marker, keeping surrounding white space outside (markdown ignores "** x **"). */
function wrap(text: string, marker: string): string {
  const m = /^(\s*)([\s\S]*?)(\s*)$/u.exec(text);
  const [, lead = '', core = '', trail = ''] = m ?? [];
  return core === '' ? text : `${lead}${marker}${core}${marker}${trail}`;
}

function codeSpan(text: string): string {
  if (text.includes('\n')) return `\`\`\`\n${text.replace(/```/gu, '`\u200b``')}\n\`\`\``;
  // Inline code cannot hold a backtick; the modifier letter grave looks the same.
  return text === '' ? '' : `\`${text.replace(/`/gu, 'ˋ')}\``;
}

/** A link target safe inside "(...)": parentheses and spaces percent-encoded. */
export function linkTarget(url: string): string {
  return url.replace(/\(/gu, '%28').replace(/\)/gu, '%29').replace(/\s/gu, '%20');
}

/** Text inside "[...]": every bracket escaped (so masked-link escaping would only double them). */
export function linkText(text: string): string {
  return escapeText(text, { maskedLink: false }).replace(/\[/gu, '\\[').replace(/\]/gu, '\\]');
}

export function renderSpan(span: Span): string {
  if (span.code) return codeSpan(span.text);
  let text = span.url ? `[${linkText(span.text)}](${linkTarget(span.url)})` : escapeText(span.text);
  if (span.italic) text = wrap(text, '*');
  if (span.bold) text = wrap(text, '**');
  return text;
}

export function renderSpans(spans: readonly Span[]): string {
  return spans.map(renderSpan).join('');
}
