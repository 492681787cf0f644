import { msg, UserInputError } from './errors.ts';
import { codePointLength, foldSpaces, hasLineControl } from './text.ts';

/** Longest tag, in code points, after normalization. */
export const MAX_TAG_LENGTH = 64;

export interface TagName {
  /**
   * The matching key: invisible characters removed, NFKC, lower case, no leading '#',
   * underscores and space runs folded to one space, and the region's spellings folded
   * (`ё` as `е`; Armenian `և` as `եւ`, without the marks ՛ ՜ ՞ inside words).
   */
  readonly key: string;
  /** The spelling as typed (invisible characters removed, trimmed, '#' removed, spaces folded). */
  readonly display: string;
}

// Characters that show nothing but would make a second tag that looks like the first:
// soft hyphen, Arabic letter mark, zero-width spaces, joiners and direction marks, bidi
// embeddings, overrides and isolates, word joiner and invisible operators, byte-order
// mark; then, each outside the first class since they are combining marks, the
// combining grapheme joiner, Mongolian variation selectors and vowel separator, and the
// variation selectors (and their supplement).
const INVISIBLE =
  /[\u00AD\u061C\u200B-\u200F\u202A-\u202E\u2060-\u2064\u2066-\u2069\uFEFF]|\u034F|[\u180B-\u180F]|[\uFE00-\uFE0F]|[\u{E0100}-\u{E01EF}]/gu;

/** Removes the invisible characters a tag may not hold (they are dropped, not refused). */
function stripInvisible(text: string): string {
  return text.replace(INVISIBLE, '');
}

/**
 * Folds spellings readers of the region's scripts take for the same word, in an
 * already lower-cased key: Russian `ё` as `е`; the Armenian ligature `և` as `եւ` (so
 * `Երևան` and `Երեւան` meet); and the Armenian emphasis, exclamation and question
 * marks (՛ ՜ ՞), written over a vowel, dropped from words.
 */
function foldRegionalSpellings(key: string): string {
  return key
    .replace(/ё/gu, 'е')
    .replace(/\u0587/gu, '\u0565\u0582')
    .replace(/(?<=\p{L}[\p{M}\u055B\u055C\u055E]*)[\u055B\u055C\u055E]/gu, '');
}

/** The alphabets whose look-alike letters can pass for each other. */
const ALPHABETS = [
  { name: 'Latin', letter: /\p{Script=Latin}/u },
  { name: 'Cyrillic', letter: /\p{Script=Cyrillic}/u },
  { name: 'Armenian', letter: /\p{Script=Armenian}/u },
] as const;

/**
 * Refuses a word that mixes Latin, Cyrillic and Armenian letters (a Cyrillic `А` in
 * `Armenia`), naming the odd letters. Digits, punctuation and letters of other
 * alphabets count for none; words in different alphabets may share a tag.
 */
function refuseMixedAlphabets(display: string): void {
  for (const word of display.split(' ')) {
    const letters = ALPHABETS.map(() => [] as string[]);
    for (const char of word) {
      if (!/\p{L}/u.test(char)) continue;
      const at = ALPHABETS.findIndex((a) => a.letter.test(char));
      if (at >= 0) letters[at]?.push(char);
    }
    const used = ALPHABETS.map((alphabet, i) => ({ alphabet, letters: letters[i] ?? [] })).filter(
      (u) => u.letters.length > 0,
    );
    if (used.length < 2) continue;
    // The word's alphabet is the one with most letters (the first to appear on a tie).
    const firstSeen = (u: (typeof used)[number]) => word.indexOf(u.letters[0] ?? '');
    const [main, ...odd] = [...used].sort((a, b) => b.letters.length - a.letters.length || firstSeen(a) - firstSeen(b));
    if (!main) continue;
    const oddLetters = (u: (typeof used)[number]) => [...new Set(u.letters)].join(', ');
    const [first, second] = odd;
    if (!first) continue;
    const args = { word, main: main.alphabet.name, odd: first.alphabet.name, letters: oddLetters(first) };
    throw new UserInputError(
      second === undefined
        ? msg('err-tag-mixed', args)
        : msg('err-tag-mixed-two', { ...args, odd2: second.alphabet.name, letters2: oddLetters(second) }),
    );
  }
}

/**
 * Normalizes a tag as typed. `azerbaijan`, `Azerbaijan`, `#Azerbaijan` and `AZERBAIJAN`
 * give one key; `#New_York` and `new york` too, so a hashtag rendered from a multi-word
 * tag can be followed back; so do `Arme\u200Bnia` and `Armenia` (invisible characters
 * are removed), `Ёлка` and `елка`, `Երևան` and `Երեւան`. Refuses empty, over-long and
 * control-character tags, and words that mix alphabets (Latin, Cyrillic, Armenian).
 */
export function parseTagName(raw: string): TagName {
  const visible = stripInvisible(raw);
  if (hasLineControl(visible.replace(/[\t\n\r]/gu, ' '))) {
    throw new UserInputError(msg('err-tag-control'), '/follow Armenia');
  }
  const display = foldSpaces(
    stripInvisible(visible.normalize('NFKC'))
      .replace(/^[#＃\s]+/u, '')
      .replace(/_/gu, ' '),
  );
  if (display === '') throw new UserInputError(msg('err-tag-empty'), '/follow Armenia');
  if (codePointLength(display) > MAX_TAG_LENGTH) {
    throw new UserInputError(
      msg('err-tag-too-long', {
        max: MAX_TAG_LENGTH,
        start: Array.from(display).slice(0, 20).join(''),
        length: codePointLength(display),
      }),
    );
  }
  refuseMixedAlphabets(display);
  return { key: tagKey(display), display };
}

/** The matching key of a display name (a stored name, a name from a list); never refuses. */
export function tagKey(display: string): string {
  const folded = foldSpaces(
    stripInvisible(stripInvisible(display).normalize('NFKC'))
      .replace(/^[#＃]+/u, '')
      .replace(/_/gu, ' '),
  )
    .toLowerCase()
    .normalize('NFKC');
  return foldRegionalSpellings(folded);
}

/**
 * Splits a list of tags as typed, the one rule for /follow and friends, the /post
 * `tags:` line, `--tags`, and the tags of an import line or an API request:
 * - commas separate tags (`Armenia, Russia`, and multi-word `Collective Security Treaty Organization, CSTO`);
 * - within a piece, if a word starts with '#', every word is one tag (`#Armenia #CSTO`);
 * - otherwise the piece is one tag (`CSTO`, `New York`, `Nagorno Karabakh`).
 * Gives the pieces as typed (trimmed, invisible characters and empty pieces dropped),
 * for parseTagName to check.
 */
export function splitTagList(text: string): string[] {
  const pieces: string[] = [];
  for (const piece of stripInvisible(text).split(/[,，]/u)) {
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
