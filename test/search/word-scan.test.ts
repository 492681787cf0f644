import { afterEach, describe, expect, it } from 'vitest';
import {
  indexTerm,
  setLanguageAnalysis,
  stemVariants,
  termMatcher,
  tokenize,
  tokenWords,
} from '../../src/domain/tokenize.ts';
import { scanWords } from '../../src/domain/word-scan.ts';
import { seededRandom } from '../../bench/lib/synthetic.ts';

/** The definition of a word (tokenize.ts): what the table-driven scan must find, run for run. */
const WORD_RUN = /[\p{L}\p{N}\p{Co}\u0300-\u0331]+(?:[\u055B\u055C\u055E]+[\p{L}\p{N}\p{Co}\u0300-\u0331]*)*/gu;
const PLAIN_WORD_RUN = /[\p{L}\p{N}\p{Co}\u0300-\u0331]+/gu;

/** Pieces texts are made of: words in three scripts, marks, accents, separators, astral and lone surrogates. */
const PIECES = [
  'Армения',
  'АРМЕНИИ',
  'армянский',
  'ещё',
  'Ёлке',
  'нефти',
  'Հայաստանի',
  'ԵՐԵՎԱՆԻ',
  'Երևանում',
  'Ինչո՞ւ',
  'ո՛չ',
  'oil',
  'Prices',
  'Café',
  'dying',
  'Lying',
  'happy',
  'Happiness',
  'за\u0301мок',
  'ви\u0306д',
  'я',
  'Ей',
  'ΑΣ',
  'e\u0301cole',
  '\u0301',
  'İstanbul',
  'Straße',
  'ΣΑΣ',
  '東京',
  '2024',
  '\u{1D400}\u{1D401}',
  '\u{1F600}',
  '\uD800',
  '\uDC00',
  '\uE000',
  '\u055B',
  '\u055E',
  ' ',
  ', ',
  '։',
  '՝',
  '-',
  '\u00A0',
  '\n',
];

function texts(count: number, seed: number): string[] {
  const random = seededRandom(seed);
  return Array.from({ length: count }, () =>
    Array.from({ length: 1 + Math.floor(random() * 12) }, () => PIECES[Math.floor(random() * PIECES.length)]).join(''),
  );
}

function runs(pattern: RegExp, text: string): [number, number][] {
  return [...text.matchAll(pattern)].map((m) => [m.index, m.index + m[0].length]);
}

function scanned(text: string, marks: boolean): [number, number][] {
  const found: [number, number][] = [];
  scanWords(text, marks, (start, end) => found.push([start, end]));
  return found;
}

afterEach(() => setLanguageAnalysis(true));

describe('the word scan', () => {
  it('finds exactly the runs of the regular expression that defines a word, with and without the Armenian marks', () => {
    for (const text of texts(3_000, 1)) {
      expect(scanned(text, true), text).toEqual(runs(WORD_RUN, text));
      expect(scanned(text, false), text).toEqual(runs(PLAIN_WORD_RUN, text));
    }
  });

  it('gives tokenWords the words of tokenize, folded, on random texts in both analyses', () => {
    for (const analysis of [true, false]) {
      setLanguageAnalysis(analysis);
      for (const text of texts(1_000, 4)) expect(tokenWords(text), text).toEqual(tokenize(text).map((t) => t.text));
    }
  });

  it('is what tokenize reads, in both analyses', () => {
    const text = 'Ինչո՞ւ Армения, ещё';
    expect(tokenize(text).map((t) => t.text)).toEqual(['ինչու', 'армения', 'еще']);
    setLanguageAnalysis(false);
    expect(tokenize(text).map((t) => t.text)).toEqual(['ինչո', 'ւ', 'армения', 'ещё']);
  });
});

describe('the term matcher on text that is not plain ASCII', () => {
  it('finds what tokenizing in full and stemming every word finds, on random texts', () => {
    const random = seededRandom(2);
    const words = tokenize(PIECES.join(' ')).map((t) => t.text);
    for (const [i, text] of texts(2_000, 3).entries()) {
      const chosen = words.filter(() => random() < 0.3);
      const stems = chosen.map(indexTerm);
      const variants = new Map<string, number>();
      chosen.forEach((w, k) => {
        for (const v of stemVariants(w).slice(1)) if (!variants.has(v)) variants.set(v, k);
      });
      const lookup = new Map<string, number>();
      stems.forEach((s, k) => lookup.set(s, lookup.get(s) ?? k));
      for (const [s, k] of variants) if (!lookup.has(s)) lookup.set(s, k);
      const expected = tokenize(text).flatMap((t) => {
        const term = lookup.get(indexTerm(t.text));
        return term === undefined ? [] : [{ term, start: t.start, end: t.end }];
      });
      // The same matcher twice: the second call answers from what the first remembered.
      const matcher = termMatcher(stems, variants);
      expect(matcher.find(text), `text ${i}: ${text}`).toEqual(expected);
      expect(matcher.find(text)).toEqual(expected);
    }
  });

  it('finds words that their stems do not start, and words with marks inside, among words it passes over', () => {
    const text = 'Армения: dying, happy, за\u0301мке, Ինչո՞ւ, ΑΣΤΥ, прочее';
    const stems = ['dying', 'happiness', 'замке', 'ինչու', 'αστυ'].map(indexTerm);
    const found = termMatcher(stems).find(text);
    expect(found.map((o) => text.slice(o.start, o.end))).toEqual(['dying', 'happy', 'за\u0301мке', 'Ինչո՞ւ', 'ΑΣΤΥ']);
    expect(found.map((o) => o.term)).toEqual([0, 1, 2, 3, 4]);
  });
});
