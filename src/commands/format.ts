import type { SearchResult } from '../app/search.ts';
import { asHashtag } from '../domain/tags.ts';
import { paragraph, span, type Block, type Span } from '../domain/reply.ts';
import { formatDateIn, listIn, type Locale } from '../i18n/index.ts';
import { HIT_END, HIT_START } from '../storage/search-store.ts';

/** Results per page for /search, /related and /latest. */
export const PAGE_SIZE = 5;

/** An article's date as a reader of the language writes it (Intl): 2024-02-23 in English. */
export function formatDate(date: Date, locale: Locale = 'en'): string {
  return formatDateIn(locale, date);
}

/**
 * A translated text with its commands marked: `/follow Armenia` between backticks
 * becomes a code span, **text** a bold one; the rest is plain. Only for messages whose
 * arguments are commands, ids or numbers, never a reader's text.
 */
export function rich(text: string): Span[] {
  return text
    .split(/(`[^`]+`|\*\*[^*]+\*\*)/u)
    .filter((part) => part !== '')
    .map((part) =>
      part.startsWith('`')
        ? span(part.slice(1, -1), { code: true })
        : part.startsWith('**')
          ? span(part.slice(2, -2), { bold: true })
          : span(part),
    );
}

/** A paragraph of `rich` text. */
export const richParagraph = (text: string): Block => paragraph(...rich(text));

/** Turns a snippet with hit markers into spans, matched words bold. */
export function snippetSpans(snippet: string): Span[] {
  const spans: Span[] = [];
  const parts = snippet.split(HIT_START);
  parts.forEach((part, i) => {
    if (i === 0) {
      if (part !== '') spans.push(span(part.replaceAll(HIT_END, '')));
      return;
    }
    const end = part.indexOf(HIT_END);
    const hit = end < 0 ? part : part.slice(0, end);
    const rest = end < 0 ? '' : part.slice(end + 1);
    if (hit !== '') spans.push(span(hit, { bold: true }));
    if (rest !== '') spans.push(span(rest.replaceAll(HIT_END, '')));
  });
  // Wire text keeps its line breaks; in a snippet they only get in the way.
  return spans.map((s) => ({ ...s, text: s.text.replace(/\s+/gu, ' ') }));
}

export function resultBlocks(
  results: readonly Pick<SearchResult, 'article' | 'snippet'>[],
  firstRank: number,
): Block[] {
  return results.map((r, i) => ({
    kind: 'result',
    article: r.article,
    snippet: snippetSpans(r.snippet),
    rank: firstRank + i,
  }));
}

export function tagList(names: readonly string[]): string {
  return names.map(asHashtag).join(' ');
}

/** "#Armenia, #Russia and #CSTO" (in the chat's language) */
export function tagPhrase(names: readonly string[], locale: Locale = 'en'): string {
  const tags = names.map(asHashtag);
  if (tags.length <= 1) return tags.join('');
  return listIn(locale, tags);
}

export function lines(...texts: string[]): Block[] {
  return texts.map((t) => paragraph(t));
}
