import { UserInputError } from './errors.ts';
import { codePointLength, foldSpaces, hasLineControl } from './text.ts';

/** Longest tag, in code points, after normalization. */
export const MAX_TAG_LENGTH = 64;

export interface TagName {
  /** The matching key: NFKC, lower case, no leading '#', underscores and space runs folded to one space. */
  readonly key: string;
  /** The spelling as typed (trimmed, '#' removed, spaces folded). */
  readonly display: string;
}

/**
 * Normalizes a tag as typed. `azerbaijan`, `Azerbaijan`, `#Azerbaijan` and `AZERBAIJAN`
 * give one key; `#New_York` and `new york` too, so a hashtag rendered from a multi-word
 * tag can be followed back. Refuses empty, over-long and control-character tags.
 */
export function parseTagName(raw: string): TagName {
  if (hasLineControl(raw.replace(/[\t\n\r]/gu, ' '))) {
    throw new UserInputError('A tag cannot contain control characters.', '/follow Armenia');
  }
  const display = foldSpaces(
    raw
      .normalize('NFKC')
      .replace(/^[#＃\s]+/u, '')
      .replace(/_/gu, ' '),
  );
  if (display === '') throw new UserInputError('A tag cannot be empty.', '/follow Armenia');
  if (codePointLength(display) > MAX_TAG_LENGTH) {
    throw new UserInputError(
      `A tag can be at most ${MAX_TAG_LENGTH} characters long; "${Array.from(display).slice(0, 20).join('')}…" is ${codePointLength(display)}.`,
    );
  }
  return { key: tagKey(display), display };
}

/** The matching key of an already-clean display name. */
export function tagKey(display: string): string {
  return foldSpaces(
    display
      .normalize('NFKC')
      .replace(/^[#＃]+/u, '')
      .replace(/_/gu, ' '),
  )
    .toLowerCase()
    .normalize('NFKC');
}

/**
 * Splits a list of tags as typed, the one rule for /follow and friends, the /post
 * `tags:` line, `--tags`, and the tags of an import line or an API request:
 * - commas separate tags (`Armenia, Russia`, and multi-word `Collective Security Treaty Organization, CSTO`);
 * - within a piece, if a word starts with '#', every word is one tag (`#Armenia #CSTO`);
 * - otherwise the piece is one tag (`CSTO`, `New York`, `Nagorno Karabakh`).
 * Gives the pieces as typed (trimmed, empty ones dropped), for parseTagName to check.
 */
export function splitTagList(text: string): string[] {
  const pieces: string[] = [];
  for (const piece of text.split(/[,，]/u)) {
    const trimmed = piece.trim();
    if (trimmed === '') continue;
    if (/(^|\s)[#＃]/u.test(trimmed)) pieces.push(...trimmed.split(/\s+/u));
    else pieces.push(trimmed);
  }
  return pieces;
}

/**
 * Reads the TAGS argument of /follow and friends by splitTagList's rule. Duplicates
 * (by key) are dropped, first spelling kept.
 */
export function parseTagList(text: string): TagName[] {
  const seen = new Map<string, TagName>();
  for (const part of splitTagList(text)) {
    const tag = parseTagName(part);
    if (!seen.has(tag.key)) seen.set(tag.key, tag);
  }
  return [...seen.values()];
}

/** The tag as a hashtag for display: spaces become underscores so it stays one word. */
export function asHashtag(display: string): string {
  return `#${display.replace(/\s+/gu, '_')}`;
}

/** Hashtags on a line, e.g. the last line of a /post body: `#Armenia #CSTO`. */
export function hashtagsOnLine(line: string): TagName[] | null {
  const words = line.trim().split(/\s+/u);
  if (words.length === 0 || words[0] === '' || !words.every((w) => /^[#＃][^\s#＃]+$/u.test(w))) return null;
  return words.map(parseTagName);
}
