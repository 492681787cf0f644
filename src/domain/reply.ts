/**
 * What a command answers, as plain data. No markup: every string here is raw text
 * that each adapter escapes and renders in its own idiom (Telegram HTML, a Discord
 * embed, console text). Buttons carry opaque `data` (at most BUTTON_DATA_MAX bytes)
 * that the adapter hands back to the core when the button is pressed.
 */

import type { Locale } from '../i18n/index.ts';

/** Telegram's callback_data limit; Discord's custom_id (100) is roomier. */
export const BUTTON_DATA_MAX = 64;

export interface Span {
  text: string;
  bold?: boolean;
  italic?: boolean;
  code?: boolean;
  /** Makes the span a link. Always an http(s) URL validated by the core. */
  url?: string;
}

/** An article as shown to a reader: a delivered card, or one line of a result list. */
export interface ArticleView {
  publicId: string;
  externalId: string | null;
  title: string;
  url: string | null;
  summary: string;
  /** Display spellings, in the article's order. */
  tags: string[];
  source: string | null;
  publishedAt: Date | null;
  createdAt: Date;
  /** The article's language (ISO 639-1), null when not known. */
  language?: string | null;
  /** The article's picture (an http(s) URL validated by the core), null or absent when it has none. */
  imageUrl?: string | null;
}

export type Block =
  | { kind: 'paragraph'; spans: Span[] }
  | { kind: 'list'; items: Span[][] }
  /** A result in a list: title, date, id, and a snippet with matched words bold. */
  | { kind: 'result'; article: ArticleView; snippet: Span[]; rank: number }
  /** A whole article card (the /article command). */
  | { kind: 'article'; article: ArticleView; body?: string };

export interface Button {
  label: string;
  /** Opaque, at most BUTTON_DATA_MAX UTF-8 bytes; pass back to core.pressButton. */
  data: string;
}

export type ReplyStatus = 'ok' | 'error' | 'refused';

export interface Reply {
  status: ReplyStatus;
  /** A one-line title for embeds and notifications, e.g. "Search: oil prices". */
  heading?: string;
  blocks: Block[];
  /** Rows of buttons. */
  buttons: Button[][];
  /** For a button press: replace the message the button sits on instead of sending a new one. */
  edit?: boolean;
  /** Only buttons changed (a follow toggle): the adapter may edit just the keyboard. */
  buttonsOnly?: boolean;
  /** The chat's language, for what the adapter adds (dates, labels); English when absent. */
  locale?: Locale;
}

export const span = (text: string, style: Omit<Span, 'text'> = {}): Span => ({ text, ...style });
export const paragraph = (...spans: (Span | string)[]): Block => ({
  kind: 'paragraph',
  spans: spans.map((s) => (typeof s === 'string' ? { text: s } : s)),
});

export function okReply(blocks: Block[], buttons: Button[][] = [], heading?: string): Reply {
  return heading === undefined ? { status: 'ok', blocks, buttons } : { status: 'ok', blocks, buttons, heading };
}

/** An error; `hint` is a correct command line, shown after `exampleLabel` ("Example:" in the chat's language). */
/** A notice to a chat (why something of its changed), as a reply of its own: one italic paragraph. */
export function noticeReply(text: string): Reply {
  return okReply([paragraph(span(text, { italic: true }))]);
}

export function errorReply(message: string, hint?: string, exampleLabel = 'Example:'): Reply {
  const blocks: Block[] = [paragraph(message)];
  if (hint !== undefined) blocks.push(paragraph(`${exampleLabel} `, span(hint, { code: true })));
  return { status: 'error', blocks, buttons: [] };
}

export function refusedReply(message: string): Reply {
  return { status: 'refused', blocks: [paragraph(message)], buttons: [] };
}
