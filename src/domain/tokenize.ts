import { stemmer as armenianStemmer } from '@orama/stemmers/armenian';
import { stemmer as russianStemmer } from '@orama/stemmers/russian';
import { stemPrefixFilter } from './stem-prefixes.ts';
import { apartFromStopWords } from './stop-stems.ts';
import { scanWords } from './word-scan.ts';

/**
 * Words as the search index sees them: the one text analysis of search, related
 * articles and auto-tagging, on both engines. The SQLite index (migration 0013) holds
 * exactly the terms this module produces (`analysedText`); PostgreSQL's per-language
 * configurations (migration 0013) apply the same algorithms. Ranking, snippets and
 * related-article terms therefore agree with the index word for word:
 * - a token is a run of letters, digits and private-use characters of any script
 *   (Cyrillic, Armenian, Greek...); everything else separates tokens, the Armenian full
 *   stop `։` and comma `՝` included; the Armenian emphasis, exclamation and question
 *   marks (՛ ՜ ՞), written over a vowel, stay inside their word (`Ինչո՞ւ` is one word);
 * - tokens are lower-cased, accents are removed from Latin letters (é → e, ß stays), and
 *   the region's spellings are folded as tag keys fold them: `ё` as `е`, the Armenian
 *   ligature `և` as `եւ`, the Armenian marks dropped;
 * - each token is stemmed by its script: Latin tokens of 3 to 64 bytes with the Porter
 *   (1980) algorithm exactly as FTS5's porter tokenizer applies it (`prices` → `price`,
 *   `agreed` → `agre`), Cyrillic ones with the Snowball Russian stemmer (`Армении` →
 *   `армен`), Armenian ones with the Snowball Armenian stemmer (`Հայաստանի` →
 *   `հայաստ`); tokens of other scripts are left whole. Queries are too short to detect
 *   their language, and a word's script decides its stemmer, so a Russian query finds
 *   Russian inflections and an English one English inflections in any article.
 */

export interface Token {
  /** The token folded as the index stores it before stemming: lower case, Latin accents removed. */
  text: string;
  /** UTF-16 offsets of the token in the original text. */
  start: number;
  end: number;
}

const ASCII_TOKEN = /[a-z0-9]+/gu;
// Other text: letters, digits, private use, and the combining accents FTS5 folds away;
// the Armenian marks ՛ ՜ ՞ inside or at the end of a word belong to it, unless the
// region's analysis is off (word-scan.ts).
const NON_ASCII = /\P{ASCII}/u;
const COMBINING_ACCENTS = /[\u0300-\u0331]/gu;
const LATIN_LETTER = /(?![a-z])\p{Script=Latin}/gu;
const ARMENIAN_MARKS = /[\u055B\u055C\u055E]/gu;
const CYRILLIC = /\p{Script=Cyrillic}/u;
const ARMENIAN = /\p{Script=Armenian}/u;
const LATIN = /\p{Script=Latin}/u;

let languageAnalysis = true;
/** Whether the region's analysis is on in this thread (import workers follow their importer's). */
export const languageAnalysisOn = (): boolean => languageAnalysis;

/**
 * Turns the region's languages' analysis (folding `ё`, `և` and the Armenian marks, and
 * the Russian and Armenian stemmers) on or off for this process. Only `npm run eval`
 * turns it off, to measure it against the English-only analysis that came before; an
 * index must be built and queried with the same setting.
 */
export function setLanguageAnalysis(enabled: boolean): void {
  if (enabled !== languageAnalysis) for (const cache of [stemCache, foldCache]) cache.clear();
  languageAnalysis = enabled;
}

const LATIN_TO_FOLD = /[\u0300-\u0331]|(?![a-z])\p{Script=Latin}/u;
const REGIONAL_TO_FOLD = /[ё\u0587\u055B\u055C\u055E]/u;
const FOLD_CACHE_LIMIT = 200_000;
const foldCache = new Map<string, string>();

/** Lower case, accents removed from Latin letters, the region's spellings folded: what the index compares. */
export function foldToken(raw: string): string {
  // Remembered as written: a word's spellings in a text are few, and the lookup spares lower-casing it.
  let folded = foldCache.get(raw);
  if (folded !== undefined) return folded;
  const lower = raw.toLowerCase();
  if (!NON_ASCII.test(lower)) return lower;
  folded = lower;
  // Combining accents in the text fold to nothing; precomposed Latin letters lose theirs
  // (é → e) while other scripts keep theirs (й stays й), as FTS5's fold table does.
  if (LATIN_TO_FOLD.test(folded))
    folded = folded
      .replace(COMBINING_ACCENTS, '')
      .replace(LATIN_LETTER, (c) => c.normalize('NFD').replace(/\p{M}+/gu, ''));
  if (languageAnalysis && REGIONAL_TO_FOLD.test(folded))
    folded = folded
      .replace(/ё/gu, 'е')
      .replace(/\u0587/gu, '\u0565\u0582')
      .replace(ARMENIAN_MARKS, '');
  if (foldCache.size >= FOLD_CACHE_LIMIT) foldCache.clear();
  foldCache.set(raw, folded);
  return folded;
}

/** Splits text into tokens with their positions, as the index does. */
export function tokenize(text: string): Token[] {
  const tokens: Token[] = [];
  if (NON_ASCII.test(text)) {
    scanWords(text, languageAnalysis, (start, end) => {
      const folded = foldToken(text.slice(start, end));
      if (folded !== '') tokens.push({ text: folded, start, end });
    });
    return tokens;
  }
  const lower = text.toLowerCase();
  ASCII_TOKEN.lastIndex = 0;
  for (let m = ASCII_TOKEN.exec(lower); m !== null; m = ASCII_TOKEN.exec(lower))
    tokens.push({ text: m[0], start: m.index, end: m.index + m[0].length });
  return tokens;
}

/* ------------------------------------------------------------------------------------
 * Porter stemmer, following FTS5's implementation rule for rule (ext/fts5/fts5_tokenize.c).
 * Conditions look at the stem that would remain: m() counts its vowel-consonant runs.
 */

const isVowel = (c: string | undefined, yIsVowel: boolean): boolean =>
  c === 'a' || c === 'e' || c === 'i' || c === 'o' || c === 'u' || (yIsVowel && c === 'y');

/** Length consumed by the first vowel-then-consonant run in w[from, to), or 0 when there is none. */
function vowelConsonantRun(w: string, from: number, to: number, previousIsConsonant: boolean): number {
  let consonant = previousIsConsonant;
  let i = from;
  for (; i < to; i++) {
    consonant = !isVowel(w[i], consonant);
    if (!consonant) break;
  }
  for (i++; i < to; i++) {
    consonant = !isVowel(w[i], consonant);
    if (consonant) return i + 1 - from;
  }
  return 0;
}

const measureAbove0 = (w: string, n: number) => vowelConsonantRun(w, 0, n, false) > 0;
function measureAbove1(w: string, n: number): boolean {
  const k = vowelConsonantRun(w, 0, n, false);
  return k > 0 && vowelConsonantRun(w, k, n, true) > 0;
}
function measureIs1(w: string, n: number): boolean {
  const k = vowelConsonantRun(w, 0, n, false);
  return k > 0 && vowelConsonantRun(w, k, n, true) === 0;
}
/** *o: the stem ends consonant-vowel-consonant, the last not w, x or y. */
function endsCvc(w: string, n: number): boolean {
  const last = w[n - 1];
  if (last === 'w' || last === 'x' || last === 'y') return false;
  let mask = 0;
  let consonant = false;
  for (let i = 0; i < n; i++) {
    consonant = !isVowel(w[i], consonant);
    mask = ((mask << 1) | (consonant ? 1 : 0)) & 0x7;
  }
  return mask === 0b101;
}
function hasVowel(w: string, n: number): boolean {
  for (let i = 0; i < n; i++) if (isVowel(w[i], i > 0)) return true;
  return false;
}
const measureAbove1EndingSOrT = (w: string, n: number) => (w[n - 1] === 's' || w[n - 1] === 't') && measureAbove1(w, n);

type Rule = readonly [suffix: string, replacement: string, condition: (w: string, n: number) => boolean];

const STEP2: readonly Rule[] = [
  ['ational', 'ate', measureAbove0],
  ['tional', 'tion', measureAbove0],
  ['enci', 'ence', measureAbove0],
  ['anci', 'ance', measureAbove0],
  ['izer', 'ize', measureAbove0],
  ['logi', 'log', measureAbove0],
  ['bli', 'ble', measureAbove0],
  ['alli', 'al', measureAbove0],
  ['entli', 'ent', measureAbove0],
  ['eli', 'e', measureAbove0],
  ['ousli', 'ous', measureAbove0],
  ['ization', 'ize', measureAbove0],
  ['ation', 'ate', measureAbove0],
  ['ator', 'ate', measureAbove0],
  ['alism', 'al', measureAbove0],
  ['iveness', 'ive', measureAbove0],
  ['fulness', 'ful', measureAbove0],
  ['ousness', 'ous', measureAbove0],
  ['aliti', 'al', measureAbove0],
  ['iviti', 'ive', measureAbove0],
  ['biliti', 'ble', measureAbove0],
];
const STEP3: readonly Rule[] = [
  ['ical', 'ic', measureAbove0],
  ['ness', '', measureAbove0],
  ['icate', 'ic', measureAbove0],
  ['iciti', 'ic', measureAbove0],
  ['ful', '', measureAbove0],
  ['ative', '', measureAbove0],
  ['alize', 'al', measureAbove0],
];
const STEP4: readonly Rule[] = [
  ['al', '', measureAbove1],
  ['ance', '', measureAbove1],
  ['ence', '', measureAbove1],
  ['er', '', measureAbove1],
  ['ic', '', measureAbove1],
  ['able', '', measureAbove1],
  ['ible', '', measureAbove1],
  ['ant', '', measureAbove1],
  ['ement', '', measureAbove1],
  ['ment', '', measureAbove1],
  ['ent', '', measureAbove1],
  ['ion', '', measureAbove1EndingSOrT],
  ['ou', '', measureAbove1],
  ['ism', '', measureAbove1],
  ['ate', '', measureAbove1],
  ['iti', '', measureAbove1],
  ['ous', '', measureAbove1],
  ['ive', '', measureAbove1],
  ['ize', '', measureAbove1],
];

/** The first rule whose suffix ends the word decides; if its condition fails, nothing changes. */
function applyFirst(w: string, rules: readonly Rule[]): string {
  for (const [suffix, replacement, condition] of rules) {
    if (w.length > suffix.length && w.endsWith(suffix)) {
      const n = w.length - suffix.length;
      return condition(w, n) ? w.slice(0, n) + replacement : w;
    }
  }
  return w;
}

function step1(word: string): string {
  let w = word;
  if (w.endsWith('s')) {
    if (w[w.length - 2] === 'e')
      w =
        (w.length > 4 && w.endsWith('sses')) || (w.length > 3 && w[w.length - 3] === 'i')
          ? w.slice(0, -2)
          : w.slice(0, -1);
    else if (w[w.length - 2] !== 's') w = w.slice(0, -1);
  }
  let removed = false;
  if (w.length > 3 && w.endsWith('eed')) {
    if (measureAbove0(w, w.length - 3)) w = w.slice(0, -1);
  } else if (w.length > 2 && w.endsWith('ed')) {
    if (hasVowel(w, w.length - 2)) {
      w = w.slice(0, -2);
      removed = true;
    }
  } else if (w.length > 3 && w.endsWith('ing')) {
    if (hasVowel(w, w.length - 3)) {
      w = w.slice(0, -3);
      removed = true;
    }
  }
  if (removed) {
    if (w.length > 2 && (w.endsWith('at') || w.endsWith('bl') || w.endsWith('iz'))) w += 'e';
    else {
      const c = w[w.length - 1];
      if (!isVowel(c, false) && c !== 'l' && c !== 's' && c !== 'z' && c === w[w.length - 2]) w = w.slice(0, -1);
      else if (measureIs1(w, w.length) && endsCvc(w, w.length)) w += 'e';
    }
  }
  if (w.endsWith('y') && hasVowel(w, w.length - 1)) w = `${w.slice(0, -1)}i`;
  return w;
}

/** The stem of an ASCII-or-placeholder word (see porterStem). */
function stemBytes(word: string): string {
  let w = step1(word);
  w = applyFirst(w, STEP2);
  w = applyFirst(w, STEP3);
  w = applyFirst(w, STEP4);
  if (w.endsWith('e')) {
    const n = w.length - 1;
    if (measureAbove1(w, n) || (measureIs1(w, n) && !endsCvc(w, n))) w = w.slice(0, -1);
  }
  if (w.length > 1 && w.endsWith('ll') && measureAbove1(w, w.length - 1)) w = w.slice(0, -1);
  return w;
}

/** Stands for one UTF-8 byte of a non-ASCII character: a consonant to the rules, as in C. */
const BYTE = '\u0000';

/**
 * The Porter stem of a folded token, exactly as FTS5's porter tokenizer computes it. FTS5
 * works on UTF-8 bytes, so a non-ASCII character counts as that many consonants
 * (`straße` → `straß`); the rules only remove or rewrite ASCII endings, so the stem maps
 * back to the token's own characters.
 */
export function porterStem(token: string): string {
  if (!NON_ASCII.test(token)) return token.length < 3 || token.length > 64 ? token : stemBytes(token);
  const chars = Array.from(token);
  const widths = chars.map((c) => Buffer.byteLength(c, 'utf8'));
  const bytes = widths.reduce((a, b) => a + b, 0);
  if (bytes < 3 || bytes > 64) return token;
  const stem = stemBytes(
    chars.map((c, i) => (c.length === 1 && c < '\u0080' ? c : BYTE.repeat(widths[i] ?? 1))).join(''),
  );
  let kept = 0;
  let used = 0;
  while (
    kept < chars.length &&
    used + (widths[kept] ?? 1) <= stem.length &&
    stem.slice(used, used + (widths[kept] ?? 1)) === (widths[kept] === 1 ? chars[kept] : BYTE.repeat(widths[kept] ?? 1))
  ) {
    used += widths[kept] ?? 1;
    kept++;
  }
  return chars.slice(0, kept).join('') + stem.slice(used);
}

/**
 * The stem of a folded token by its script: Snowball Russian for a word in Cyrillic,
 * Snowball Armenian for one in Armenian (a word holding Latin letters too is left to
 * Porter), Porter for the rest. A Russian or Armenian word that Snowball stems as a stop
 * word, but is not one, is kept apart from it (stop-stems.ts).
 */
export function stemToken(token: string): string {
  if (languageAnalysis && NON_ASCII.test(token) && !LATIN.test(token)) {
    if (CYRILLIC.test(token)) return apartFromStopWords(token, russianStemmer, CYRILLIC);
    if (ARMENIAN.test(token)) return apartFromStopWords(token, armenianStemmer, ARMENIAN);
  }
  return porterStem(token);
}

/**
 * A Russian word's endings in its other cases, by how it ends (the first rule that fits):
 * what a reader's word, usually the nominative, turns into in the articles. `cut` letters
 * are taken off before an ending is added.
 */
const RUSSIAN_CASE_FORMS: readonly { ending: RegExp; cut: number; forms: readonly string[] }[] = [
  // Adjectives: Нагорный → Нагорного, Нагорном; Российский → Российской.
  {
    ending: /[ыио]й$/u,
    cut: 2,
    forms: ['ого', 'его', 'ому', 'ему', 'ым', 'им', 'ом', 'ем', 'ая', 'ой', 'ую', 'ые', 'ых', 'ыми', 'ими'],
  },
  { ending: /[ая]я$/u, cut: 2, forms: ['ой', 'ей', 'ую', 'юю'] },
  { ending: /ия$/u, cut: 2, forms: ['ии', 'ию', 'ией'] },
  { ending: /[ая]$/u, cut: 1, forms: ['ы', 'и', 'е', 'у', 'ю', 'ой', 'ей'] },
  { ending: /[йь]$/u, cut: 1, forms: ['я', 'ю', 'ем', 'е', 'и'] },
  { ending: /[бвгджзклмнпрстфхцчшщ]$/u, cut: 0, forms: ['а', 'у', 'ом', 'е', 'ы', 'ов', 'ам', 'ах'] },
];
/** Stems shorter than this are too common to stand for a word. */
const MIN_VARIANT_STEM = 3;

/**
 * The other case forms of a folded Russian word (the nominative's declension, as far as
 * its ending tells): `армения` → `армении`, `армению`, `арменией`; `ереван` → `еревана`,
 * `ереване`…; empty for a word not in Cyrillic, or with the analysis off.
 */
export function russianCaseForms(token: string): string[] {
  if (!languageAnalysis || !CYRILLIC.test(token) || LATIN.test(token)) return [];
  const rule = RUSSIAN_CASE_FORMS.find((r) => r.ending.test(token));
  if (!rule) return [];
  const base = token.slice(0, token.length - rule.cut);
  return rule.forms.map((ending) => base + ending).filter((form) => form !== token);
}

/**
 * Every stem a word takes in its inflected forms, its own stem first. Snowball stems a
 * Russian name unevenly across its cases (`Ереван` → `ерева` but `в Ереване` →
 * `ереван`; `Китай` → `кита` but `Китая` → `кит`), so a search for the name asks for
 * each of its forms' stems; the index keeps one stem per word. Only Cyrillic words have
 * variants; others give their one stem.
 */
export function stemVariants(token: string): string[] {
  const variants = new Set([indexTerm(token)]);
  for (const form of russianCaseForms(token)) {
    const stem = indexTerm(form);
    if (Array.from(stem).length >= MIN_VARIANT_STEM) variants.add(stem);
  }
  return [...variants];
}

const STEM_CACHE_LIMIT = 200_000;
const stemCache = new Map<string, string>();

/** stemToken, remembered: news text repeats the same words, so this is mostly a lookup. */
export function indexTerm(token: string): string {
  const known = stemCache.get(token);
  if (known !== undefined) return known;
  if (stemCache.size >= STEM_CACHE_LIMIT) stemCache.clear();
  const stem = stemToken(token);
  stemCache.set(token, stem);
  return stem;
}

/** tokenize()'s words alone; ASCII text without a Token for each (imports and feedback read many). */
export function tokenWords(text: string): string[] {
  if (!NON_ASCII.test(text)) return text.toLowerCase().match(ASCII_TOKEN) ?? [];
  const words: string[] = [];
  scanWords(text, languageAnalysis, (start, end) => void words.push(foldToken(text.slice(start, end))));
  return words.includes('') ? words.filter((w) => w !== '') : words;
}

/** The index terms of a text, in order. */
export const indexTerms = (text: string): string[] => tokenWords(text).map((word) => indexTerm(word));

/**
 * What the SQLite index stores for a text: its index terms in order, one space between
 * them (FTS5's unicode61 tokenizer splits them back at the spaces and keeps their
 * positions, so phrases still match).
 */
export function analysedText(text: string): string {
  return indexTerms(text).join(' ');
}

/** Where a query term occurs in a text. */
export interface Occurrence {
  /** Index of the term in the matcher's list. */
  term: number;
  start: number;
  end: number;
}

/** Finds the occurrences of a fixed set of index terms (stems) in texts. */
export interface TermMatcher {
  readonly stems: readonly string[];
  find(text: string): Occurrence[];
}

const TOKEN_CHAR = /[\p{L}\p{N}\p{Co}]/u;

/** True when nothing but separators lies between two offsets: the tokens there are adjacent. */
export function adjacent(text: string, from: number, to: number): boolean {
  return from <= to && !TOKEN_CHAR.test(text.slice(from, to));
}

/**
 * A matcher for `stems`. English text is scanned with one regular expression for the
 * stems' leading letters (a word always starts with its stem minus its last letter), and
 * only those words are stemmed. Other text is read word by word (word-scan.ts); a word
 * that does not start with a stem minus its last letter is passed over unfolded
 * (stem-prefixes.ts), and each different word is folded and stemmed once per matcher.
 * `variants` maps more stems of non-English words to their term (stemVariants beyond
 * the first). An empty stem holds its place and matches nothing.
 */
export function termMatcher(stems: readonly string[], variants?: ReadonlyMap<string, number>): TermMatcher {
  const index = new Map<string, number>();
  stems.forEach((stem, i) => {
    if (stem !== '' && !index.has(stem)) index.set(stem, i);
  });
  for (const [stem, term] of variants ?? []) if (!index.has(stem)) index.set(stem, term);
  const asciiPrefixes = [
    ...new Set(stems.filter((s) => !NON_ASCII.test(s) && s !== '').map((s) => s.slice(0, Math.max(1, s.length - 1)))),
  ];
  const scan =
    asciiPrefixes.length > 0
      ? new RegExp(`(?<![a-z0-9])(?:${asciiPrefixes.sort((a, b) => b.length - a.length).join('|')})[a-z0-9]*`, 'gu')
      : null;
  // Words that cannot have a stem are passed over unfolded (stem-prefixes.ts).
  const mayHaveStem = stemPrefixFilter(index.keys(), foldToken);
  const termOf = new Map<string, number>();
  const wordAt = (text: string, start: number, end: number): number => {
    if (!mayHaveStem(text, start, end)) return -1;
    const word = text.slice(start, end);
    let term = termOf.get(word);
    // Bounded: a PostgreSQL phrase check may read many articles with one matcher.
    if (term === undefined) termOf.set(word, (term = index.get(indexTerm(foldToken(word))) ?? -1));
    if (termOf.size > STEM_CACHE_LIMIT) termOf.clear();
    return term;
  };
  return {
    stems,
    find(text) {
      const found: Occurrence[] = [];
      if (NON_ASCII.test(text)) {
        scanWords(text, languageAnalysis, (start, end) => {
          const term = wordAt(text, start, end);
          if (term >= 0) found.push({ term, start, end });
        });
        return found;
      }
      if (scan === null) return found;
      const lower = text.toLowerCase();
      scan.lastIndex = 0;
      for (let m = scan.exec(lower); m !== null; m = scan.exec(lower)) {
        const term = index.get(indexTerm(m[0]));
        if (term !== undefined) found.push({ term, start: m.index, end: m.index + m[0].length });
      }
      return found;
    },
  };
}

/** Whether the occurrences hold the phrase's terms in order with nothing between them. */
export function hasPhrase(text: string, hits: readonly Occurrence[], phrase: readonly number[]): boolean {
  if (phrase.length === 0) return false;
  for (let start = 0; start < hits.length; start++) {
    let ok = true;
    for (let k = 0; k < phrase.length; k++) {
      const hit = hits[start + k];
      const previous = hits[start + k - 1];
      if (!hit || hit.term !== phrase[k] || (k > 0 && previous && !adjacent(text, previous.end, hit.start))) {
        ok = false;
        break;
      }
    }
    if (ok) return true;
  }
  return false;
}

/** Marks the start and end of a matched word in snippets; never present in stored text. */
export const HIT_START = '\u0001';
export const HIT_END = '\u0002';

/** Snippet length in characters: two or three lines of a chat message. */
const SNIPPET_CHARS = 220;
/** A snippet starts at its sentence when the sentence starts at most this far before the first hit. */
const SENTENCE_REACH = 90;

/** Where the sentence holding `at` starts (after the last . ! or ? and spaces before it). */
function sentenceStart(text: string, at: number): number {
  let start = 0;
  for (const m of text.slice(0, at).matchAll(/[.!?]["')\]]?\s+/gu)) start = m.index + m[0].length;
  return start;
}

/** The body passage with the most distinct query words, hits marked; null without hits. */
export function snippetFrom(body: string, hits: readonly Occurrence[], termCount: number): string | null {
  const useful = hits.filter((h) => h.term < termCount);
  if (useful.length === 0) return null;
  let best = { at: 0, value: -1 };
  for (const first of useful) {
    const inside = useful.filter((h) => h.start >= first.start && h.end <= first.start + SNIPPET_CHARS * 0.8);
    const value = new Set(inside.map((h) => h.term)).size * 10 + inside.length;
    if (value > best.value) best = { at: first.start, value };
  }
  const sentence = sentenceStart(body, best.at);
  const start = best.at - sentence <= SENTENCE_REACH ? sentence : body.indexOf(' ', best.at - SENTENCE_REACH / 2) + 1;
  let end = Math.min(body.length, start + SNIPPET_CHARS);
  if (end < body.length) end = Math.max(body.lastIndexOf(' ', end), best.at + 1);
  let text = '';
  let at = start;
  for (const h of useful.filter((x) => x.start >= start && x.end <= end)) {
    text += `${body.slice(at, h.start)}${HIT_START}${body.slice(h.start, h.end)}${HIT_END}`;
    at = h.end;
  }
  text += body.slice(at, end);
  return `${start > 0 ? '…' : ''}${text.trim()}${end < body.length ? '…' : ''}`;
}
