import type { SearchResult } from '../app/search.ts';
import { asHashtag } from '../domain/tags.ts';
import { paragraph, span, type Block, type Span } from '../domain/reply.ts';
import { HIT_END, HIT_START } from '../storage/search-store.ts';

/** Results per page for /search, /related and /latest. */
export const PAGE_SIZE = 5;

export function formatDate(date: Date): string {
  return date.toISOString().slice(0, 10);
}

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

/** "#Armenia, #Russia and #CSTO" */
export function tagPhrase(names: readonly string[]): string {
  const tags = names.map(asHashtag);
  if (tags.length <= 1) return tags.join('');
  return `${tags.slice(0, -1).join(', ')} and ${tags[tags.length - 1]}`;
}

export function lines(...texts: string[]): Block[] {
  return texts.map((t) => paragraph(t));
}
