import { escapeMarkdown } from 'discord.js';
import { truncateAtWord, type Span } from '../../src/index.ts';

/**
 * Discord markdown from the core's plain spans. Every string from the core is raw text
 * (titles and snippets typed by people), so it is escaped before any markup is added:
 * a title like "**Breaking** <@&1>" shows literally, never as bold or a mention.
 */

/** Escapes markdown, masked links, headings, lists, block quotes and mention syntax. */
export function escapeText(text: string, options: { maskedLink?: boolean } = {}): string {
  return escapeMarkdown(text, {
    heading: true,
    bulletedList: true,
    numberedList: true,
    maskedLink: options.maskedLink ?? true,
  })
    .replace(/^(\s*)>/gmu, '$1\\>')
    .replace(/</gu, '\\<');
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

/** Escaped text of at most `max` characters: the raw text is cut first, so no escape is split. */
export function escapeWithin(text: string, max: number): string {
  let raw = cutText(text, max);
  for (;;) {
    const escaped = escapeText(raw);
    if (escaped.length <= max) return escaped;
    if (raw.length <= 1) return '';
    raw = cutText(raw, Math.max(1, raw.length - (escaped.length - max) - 1));
  }
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
