import type { InlineKeyboardButton, InlineKeyboardMarkup } from 'grammy/types';
import {
  articleLanguageLabel,
  asHashtag,
  BUTTON_DATA_MAX,
  codePointLength,
  formatDate,
  DEFAULT_LOCALE,
  translate,
  type Locale,
  truncateAtWord,
  type ArticleView,
  type Block,
  type Button,
  type Reply,
  type Span,
} from '../../src/index.ts';

/**
 * Replies and article cards as Telegram HTML (parse_mode "HTML"). Every string that
 * came from a person or a feed goes through `escapeHtml`; the only markup is what this
 * file writes. Lengths are measured the way Telegram measures them: the text left after
 * the markup is parsed, in characters, at most MESSAGE_MAX per message.
 */

/**
 * Telegram's limit on a message's text, after entity parsing. We count UTF-16 units,
 * which is never less than the characters Telegram counts, so a message that fits here
 * fits there.
 */
export const MESSAGE_MAX = 4096;
/** Inline keyboard button text: Telegram has no published limit; longer labels are cut on screen anyway. */
export const BUTTON_LABEL_MAX = 64;
const BLOCK_SEPARATOR = '\n\n';

/** One message to send: HTML text and an optional inline keyboard. */
export interface TelegramMessage {
  html: string;
  keyboard: InlineKeyboardMarkup | undefined;
}

export function escapeHtml(text: string): string {
  return text.replace(/&/gu, '&amp;').replace(/</gu, '&lt;').replace(/>/gu, '&gt;');
}

function escapeAttribute(text: string): string {
  return escapeHtml(text).replace(/"/gu, '&quot;');
}

/** The text a reader sees once Telegram has parsed our HTML: for measuring. */
export function visibleText(html: string): string {
  return html
    .replace(/<[^>]*>/gu, '')
    .replace(/&lt;/gu, '<')
    .replace(/&gt;/gu, '>')
    .replace(/&quot;/gu, '"')
    .replace(/&amp;/gu, '&');
}

export function visibleLength(html: string): number {
  return visibleText(html).length;
}

/** Plain text cut at a word to fit `budget`, escaped. */
function cutToFit(text: string, budget: number): string {
  let limit = Math.max(1, budget);
  let html = escapeHtml(truncateAtWord(text, limit));
  while (visibleLength(html) > budget && limit > 1) {
    limit = Math.max(1, Math.floor(limit * 0.9));
    html = escapeHtml(truncateAtWord(text, limit));
  }
  return html;
}

function link(innerHtml: string, url: string | null | undefined): string {
  return url ? `<a href="${escapeAttribute(url)}">${innerHtml}</a>` : innerHtml;
}

function spanHtml(span: Span): string {
  let html = escapeHtml(span.text);
  if (span.code) html = `<code>${html}</code>`;
  if (span.italic) html = `<i>${html}</i>`;
  if (span.bold) html = `<b>${html}</b>`;
  return link(html, span.url);
}

export function spansHtml(spans: readonly Span[]): string {
  return spans.map(spanHtml).join('');
}

/** Keeps at most `limit` characters of the spans' text, cutting at a word and adding "…". */
export function truncateSpans(spans: readonly Span[], limit: number): Span[] {
  const kept: Span[] = [];
  let left = limit;
  for (const span of spans) {
    const length = codePointLength(span.text);
    if (length <= left) {
      kept.push(span);
      left -= length;
      continue;
    }
    if (left > 1) kept.push({ ...span, text: truncateAtWord(span.text, left) });
    else kept.push({ text: '…' });
    break;
  }
  return kept;
}

const totalLength = (spans: readonly Span[]) => spans.reduce((n, s) => n + codePointLength(s.text), 0);

/**
 * Renders with the most free text that fits `budget`: `render(limit)` must grow with
 * `limit` (characters of the part that may be cut: a body, a snippet), `undefined`
 * meaning uncut. Binary search, so a long body costs a dozen renders at most.
 */
function fitting(render: (limit: number | undefined) => string, fullLength: number, budget: number): string {
  const whole = render(undefined);
  if (visibleLength(whole) <= budget) return whole;
  let low = 0;
  let high = fullLength;
  while (low < high) {
    const mid = Math.ceil((low + high) / 2);
    if (visibleLength(render(mid)) <= budget) low = mid;
    else high = mid - 1;
  }
  const best = render(low);
  // Only the fixed part (a title, a date) is left and it still does not fit: cut the text itself.
  return visibleLength(best) <= budget ? best : cutToFit(visibleText(best), budget);
}

/** Date and source; for an article shown in full, its language too. */
function metaLine(article: ArticleView, locale: Locale, full = false): string {
  const parts = [formatDate(article.publishedAt ?? article.createdAt, locale)];
  if (article.source) parts.push(article.source);
  const language = full ? articleLanguageLabel(article.language, locale) : null;
  if (language !== null) parts.push(language);
  return `<i>${escapeHtml(parts.join(' · '))}</i>`;
}

function titleHtml(article: ArticleView): string {
  return `<b>${link(escapeHtml(article.title), article.url)}</b>`;
}

/**
 * A delivered article (and the /article command, with its body): the title in bold,
 * linked when there is a URL; date and source; the summary (or body); the tags as
 * hashtags and the id to quote in /related. Always within MESSAGE_MAX: the text is cut
 * at a word, never the markup.
 */
export function articleCardHtml(
  article: ArticleView,
  body?: string,
  budget = MESSAGE_MAX,
  locale: Locale = DEFAULT_LOCALE,
): string {
  const text = body !== undefined && body.trim() !== '' ? body : article.summary;
  const tags = article.tags.map((t) => escapeHtml(asHashtag(t))).join(' ');
  const footer = `${tags}${tags === '' ? '' : ' · '}id <code>${escapeHtml(article.publicId)}</code>`;
  const render = (limit: number | undefined) => {
    const shown = limit === undefined ? text : truncateAtWord(text, Math.max(1, limit));
    return [
      titleHtml(article),
      metaLine(article, locale, body !== undefined),
      shown.trim() === '' ? null : escapeHtml(shown),
      footer,
    ]
      .filter((x) => x !== null)
      .join('\n');
  };
  return fitting(render, codePointLength(text), budget);
}

function resultHtml(block: Extract<Block, { kind: 'result' }>, budget: number, locale: Locale): string {
  const head = `${block.rank}. ${titleHtml(block.article)}\n${metaLine(block.article, locale)} · <code>${escapeHtml(block.article.publicId)}</code>`;
  const render = (limit: number | undefined) => {
    const snippet = limit === undefined ? block.snippet : truncateSpans(block.snippet, limit);
    return snippet.length === 0 ? head : `${head}\n${spansHtml(snippet)}`;
  };
  return fitting(render, totalLength(block.snippet), budget);
}

function listHtml(items: readonly Span[][], budget: number): string {
  const render = (limit: number | undefined) => {
    const lines: string[] = [];
    let left = limit ?? Infinity;
    for (const item of items) {
      if (left <= 0) break;
      const kept = limit === undefined ? item : truncateSpans(item, left);
      left -= totalLength(kept);
      lines.push(`• ${spansHtml(kept)}`);
    }
    return lines.join('\n');
  };
  return fitting(
    render,
    items.reduce((n, item) => n + totalLength(item), 0),
    budget,
  );
}

/** One block as HTML, cut to fit `budget` characters if it must be. */
export function blockHtml(block: Block, budget = MESSAGE_MAX, locale: Locale = DEFAULT_LOCALE): string {
  switch (block.kind) {
    case 'paragraph':
      return fitting(
        (limit) => spansHtml(limit === undefined ? block.spans : truncateSpans(block.spans, limit)),
        totalLength(block.spans),
        budget,
      );
    case 'list':
      return listHtml(block.items, budget);
    case 'result':
      return resultHtml(block, budget, locale);
    case 'article':
      return articleCardHtml(block.article, block.body, budget, locale);
  }
}

/** The buttons as an inline keyboard; buttons whose data Telegram would refuse are left out. */
export function keyboardFor(buttons: readonly (readonly Button[])[]): InlineKeyboardMarkup | undefined {
  const rows: InlineKeyboardButton[][] = [];
  for (const row of buttons) {
    const cells = row
      .filter((b) => b.data !== '' && Buffer.byteLength(b.data, 'utf8') <= BUTTON_DATA_MAX && b.label.trim() !== '')
      .map((b) => ({ text: truncateAtWord(b.label, BUTTON_LABEL_MAX), callback_data: b.data }));
    if (cells.length > 0) rows.push(cells);
  }
  return rows.length > 0 ? { inline_keyboard: rows } : undefined;
}

function emptyReplyText(reply: Reply): string {
  const locale = reply.locale ?? DEFAULT_LOCALE;
  return escapeHtml(reply.heading ?? translate(locale, reply.status === 'ok' ? 'reply-done' : 'reply-failed'));
}

/**
 * A Reply as one or more messages: blocks are packed into messages of at most
 * MESSAGE_MAX characters, split between blocks (a block too long on its own is cut).
 * The keyboard goes on the last message, under the content it belongs to.
 */
export function renderReply(reply: Reply): TelegramMessage[] {
  const parts = reply.blocks.map((b) => blockHtml(b, MESSAGE_MAX, reply.locale)).filter((html) => html !== '');
  const texts: string[] = [];
  let current = '';
  for (const part of parts) {
    const joined = current === '' ? part : `${current}${BLOCK_SEPARATOR}${part}`;
    if (visibleLength(joined) <= MESSAGE_MAX) {
      current = joined;
    } else {
      texts.push(current);
      current = part;
    }
  }
  if (current !== '' || texts.length === 0) texts.push(current === '' ? emptyReplyText(reply) : current);
  const keyboard = keyboardFor(reply.buttons);
  return texts.map((html, i) => ({ html, keyboard: i === texts.length - 1 ? keyboard : undefined }));
}

/**
 * Whether the Reply goes out as one message with nothing cut: its blocks rendered whole,
 * measured as Telegram measures (the visible text, UTF-16 units, see MESSAGE_MAX).
 * The core splits digests with this (Sender.fits), so it must agree with renderReply.
 */
export function fitsOneMessage(reply: Reply): boolean {
  const parts = reply.blocks.map((b) => blockHtml(b, Infinity, reply.locale)).filter((html) => html !== '');
  const html = parts.length === 0 ? emptyReplyText(reply) : parts.join(BLOCK_SEPARATOR);
  return visibleLength(html) <= MESSAGE_MAX;
}

/**
 * A Reply as one message whatever its length (a digest page that should have been split
 * but was not): whole blocks while they fit, the next one cut to the room left, then "…".
 */
export function renderReplyCut(reply: Reply): string {
  const more = `${BLOCK_SEPARATOR}…`;
  let html = '';
  for (const block of reply.blocks) {
    const whole = blockHtml(block, Infinity, reply.locale);
    if (whole === '') continue;
    const used = html === '' ? 0 : visibleLength(html) + BLOCK_SEPARATOR.length;
    if (used + visibleLength(whole) <= MESSAGE_MAX - more.length) {
      html = html === '' ? whole : `${html}${BLOCK_SEPARATOR}${whole}`;
      continue;
    }
    const room = MESSAGE_MAX - used - more.length;
    const cut = room > 0 ? blockHtml(block, room, reply.locale) : '';
    if (cut !== '' && visibleLength(cut) <= room) html = html === '' ? cut : `${html}${BLOCK_SEPARATOR}${cut}`;
    return `${html}${more}`;
  }
  return html === '' ? emptyReplyText(reply) : html;
}

/**
 * A Reply as exactly one message, for editing the message a button sits on: the
 * blocks that fit, then "…" when some had to be left out.
 */
export function renderReplyAsOne(reply: Reply): TelegramMessage {
  const more = `${BLOCK_SEPARATOR}…`;
  let html = '';
  for (const [i, block] of reply.blocks.entries()) {
    const last = i === reply.blocks.length - 1;
    const room =
      MESSAGE_MAX - (html === '' ? 0 : visibleLength(html) + BLOCK_SEPARATOR.length) - (last ? 0 : more.length);
    const whole = blockHtml(block, MESSAGE_MAX, reply.locale);
    if (whole === '') continue;
    if (visibleLength(whole) <= room) {
      html = html === '' ? whole : `${html}${BLOCK_SEPARATOR}${whole}`;
    } else if (html === '') {
      html = `${blockHtml(block, MESSAGE_MAX - more.length, reply.locale)}${last ? '' : more}`;
      break;
    } else {
      html += more;
      break;
    }
  }
  return { html: html === '' ? emptyReplyText(reply) : html, keyboard: keyboardFor(reply.buttons) };
}

/** The reply as plain text (a callback answer's toast, an inline result's description), at most `max` characters. */
export function replyPlainText(reply: Reply, max: number): string {
  const text = reply.blocks
    .map((b) => visibleText(blockHtml(b, MESSAGE_MAX, reply.locale)))
    .join('\n')
    .replace(/\s+/gu, ' ')
    .trim();
  return truncateAtWord(text === '' ? (reply.heading ?? '') : text, max);
}

export function spansPlainText(spans: readonly Span[], max: number): string {
  return truncateAtWord(
    spans
      .map((s) => s.text)
      .join('')
      .replace(/\s+/gu, ' ')
      .trim(),
    max,
  );
}
