import { paragraph, span, type Block, type Reply, type Span } from './reply.ts';
import { asHashtag } from './tags.ts';
import { truncateAtWord } from './text.ts';
import { translator, type Translate } from '../i18n/index.ts';

/**
 * A digest: the articles a subscriber collected since its last digest, grouped by tag,
 * as one message (or a few, when long). The core builds the view and splits it into
 * pages with the platform's own measure (`fits`), so every adapter renders a page like
 * any other reply and no page is cut in the middle of an article.
 */

export type DigestCadence = 'daily' | 'weekly';

export interface DigestEntry {
  publicId: string;
  title: string;
  url: string | null;
  /** Display spellings, in the article's order. */
  tags: string[];
}

export interface DigestGroup {
  /** The tag the entries are listed under: the first of each article's tags the chat follows. */
  tag: string;
  entries: DigestEntry[];
}

export interface DigestView {
  /** Null for the last digest of a chat that turned digests off. */
  cadence: DigestCadence | null;
  /** The local date the digest is for, already formatted in the subscriber's time zone ("Fri 27 Nov"). */
  dateLabel: string;
  groups: DigestGroup[];
}

/** A digest never takes more than this many messages; what does not fit is counted at the end. */
export const MAX_DIGEST_PAGES = 10;

export const digestArticleCount = (view: DigestView): number => view.groups.reduce((n, g) => n + g.entries.length, 0);

function headingOf(view: DigestView, page: number, pages: number, t: Translate): string {
  const count = digestArticleCount(view);
  const part = pages > 1 ? ` (${page}/${pages})` : '';
  return t('digest-heading', { cadence: view.cadence ?? 'none', date: view.dateLabel, count, part });
}

function entrySpans(entry: DigestEntry, groupTag: string, titleLength = entry.title.length): Span[] {
  const title = titleLength < entry.title.length ? truncateAtWord(entry.title, titleLength) : entry.title;
  const others = entry.tags.filter((t) => t !== groupTag);
  const spans: Span[] = [
    entry.url ? span(title, { url: entry.url }) : span(title),
    span(' · '),
    span(entry.publicId, { code: true }),
  ];
  if (others.length > 0) spans.push(span(` ${others.map(asHashtag).join(' ')}`));
  return spans;
}

interface Section {
  tag: string;
  continued: boolean;
  items: Span[][];
}

function pageReply(heading: string, sections: readonly Section[], t: Translate, tail: Block[] = []): Reply {
  const blocks: Block[] = [paragraph(span(heading, { bold: true }))];
  for (const s of sections) {
    blocks.push(
      paragraph(
        span(asHashtag(s.tag), { bold: true }),
        ...(s.continued ? [span(` ${t('digest-continued')}`, { italic: true })] : []),
      ),
    );
    blocks.push({ kind: 'list', items: s.items });
  }
  blocks.push(...tail);
  return { status: 'ok', heading, blocks, buttons: [] };
}

function withEntry(page: readonly Section[], tag: string, spans: Span[], earlier: ReadonlySet<string>): Section[] {
  const last = page[page.length - 1];
  if (last?.tag === tag) return [...page.slice(0, -1), { ...last, items: [...last.items, spans] }];
  return [...page, { tag, continued: earlier.has(tag), items: [spans] }];
}

const leftOutNote = (n: number, t: Translate): Block => paragraph(t('digest-left-out', { count: n }));

/**
 * Splits a digest into replies that each `fits` one message. Pages break between
 * articles, never inside one; a group that goes on to the next page says "(continued)".
 * An article too long for a page on its own has its title shortened. At most
 * MAX_DIGEST_PAGES pages: the last one then ends with how many articles were left out.
 */
export function paginateDigest(
  view: DigestView,
  fits: (reply: Reply) => boolean,
  t: Translate = translator('en'),
): Reply[] {
  // Measure with the widest heading and the left-out note, so the real page fits too.
  const probeHeading = headingOf(view, MAX_DIGEST_PAGES, MAX_DIGEST_PAGES, t);
  const fitting = (page: Section[]) =>
    fits(pageReply(probeHeading, page, t, [leftOutNote(digestArticleCount(view), t)])) ? page : null;
  const flat = view.groups.flatMap((g) => g.entries.map((entry) => ({ tag: g.tag, entry })));
  const pages: Section[][] = [];
  const earlier = new Set<string>();
  let current: Section[] = [];
  let placedCount = 0;
  for (const { tag, entry } of flat) {
    let next = fitting(withEntry(current, tag, entrySpans(entry, tag), earlier));
    if (!next && current.length > 0) {
      pages.push(current);
      for (const s of current) earlier.add(s.tag);
      current = [];
      if (pages.length === MAX_DIGEST_PAGES) break;
      next = fitting(withEntry(current, tag, entrySpans(entry, tag), earlier));
    }
    for (let length = 120; !next && length >= 10; length = Math.floor(length / 2)) {
      next = fitting(withEntry(current, tag, entrySpans(entry, tag, length), earlier));
    }
    current = next ?? withEntry(current, tag, [span(entry.publicId, { code: true })], earlier);
    placedCount++;
  }
  if (current.length > 0 || pages.length === 0) pages.push(current);
  const leftOut = flat.length - placedCount;
  return pages.map((page, k) =>
    pageReply(
      headingOf(view, k + 1, pages.length, t),
      page,
      t,
      k === pages.length - 1 && leftOut > 0 ? [leftOutNote(leftOut, t)] : [],
    ),
  );
}
