import { describe, expect, it } from 'vitest';
import { UserInputError } from '../../src/domain/errors.ts';
import { validateArticle } from '../../src/domain/article.ts';
import {
  asHashtag,
  hashtagsOnLine,
  MAX_TAG_LENGTH,
  parseTagList,
  parseTagName,
  splitTagList,
  tagKey,
} from '../../src/domain/tags.ts';

describe('parseTagName', () => {
  it('gives one key for every spelling of a tag', () => {
    const keys = ['azerbaijan', 'Azerbaijan', '#Azerbaijan', 'AZERBAIJAN', '  #azerBAIJAN  ', '＃Azerbaijan'].map(
      (t) => parseTagName(t).key,
    );
    expect(new Set(keys)).toEqual(new Set(['azerbaijan']));
  });

  it('keeps the display spelling as typed, without the # and extra spaces', () => {
    expect(parseTagName('  #New   York ').display).toBe('New York');
    expect(parseTagName('CSTO').display).toBe('CSTO');
  });

  it('folds underscores so a rendered hashtag can be followed back', () => {
    expect(parseTagName('#New_York').key).toBe(parseTagName('new york').key);
    expect(asHashtag('New York')).toBe('#New_York');
  });

  it('applies NFKC, so full-width and compatibility forms match', () => {
    expect(parseTagName('ＣＳＴＯ').key).toBe('csto');
    expect(parseTagName('ﬁnance').key).toBe('finance');
  });

  it('matches non-Latin scripts case-insensitively', () => {
    expect(parseTagName('РОССИЯ').key).toBe(parseTagName('россия').key);
    expect(parseTagName('ՀԱՅԱՍՏԱՆ').key).toBe(parseTagName('Հայաստան').key);
  });

  it('refuses empty, over-long and control-character tags with a clear message', () => {
    expect(() => parseTagName('   ')).toThrow(UserInputError);
    expect(() => parseTagName('#')).toThrow(/empty/);
    expect(() => parseTagName('x'.repeat(MAX_TAG_LENGTH + 1))).toThrow(/at most 64/);
    expect(() => parseTagName('bad\u0007tag')).toThrow(/control/);
    expect(parseTagName('x'.repeat(MAX_TAG_LENGTH)).display).toHaveLength(MAX_TAG_LENGTH);
  });
});

describe('parseTagList', () => {
  const displays = (text: string) => parseTagList(text).map((t) => t.display);

  it('splits on commas, keeping multi-word tags whole', () => {
    expect(displays('Armenia, Russia')).toEqual(['Armenia', 'Russia']);
    expect(displays('Collective Security Treaty Organization, CSTO')).toEqual([
      'Collective Security Treaty Organization',
      'CSTO',
    ]);
  });

  it('splits hashtags on spaces', () => {
    expect(displays('#Armenia #CSTO')).toEqual(['Armenia', 'CSTO']);
  });

  it('reads a single tag, multi-word included', () => {
    expect(displays('CSTO')).toEqual(['CSTO']);
    expect(displays('New York')).toEqual(['New York']);
  });

  it('drops duplicates by key and empty pieces', () => {
    expect(displays('Armenia, armenia, , #ARMENIA')).toEqual(['Armenia']);
    expect(displays('')).toEqual([]);
  });
});

describe('hashtagsOnLine', () => {
  it('recognises a line made only of hashtags', () => {
    expect(hashtagsOnLine('#Armenia #CSTO')?.map((t) => t.display)).toEqual(['Armenia', 'CSTO']);
    expect(hashtagsOnLine('Armenia said #CSTO')).toBeNull();
    expect(hashtagsOnLine('')).toBeNull();
  });
});

describe('one tag-list rule everywhere (issue 15, defect 5)', () => {
  const displays = (text: string) => parseTagList(text).map((t) => t.display);

  it('splits hashtags inside comma-separated pieces too', () => {
    expect(displays('#Armenia #CSTO, Russia')).toEqual(['Armenia', 'CSTO', 'Russia']);
    expect(displays('Nagorno Karabakh, #Armenia #CSTO')).toEqual(['Nagorno Karabakh', 'Armenia', 'CSTO']);
  });

  it('keeps a multi-word tag without # whole', () => {
    expect(displays('Nagorno Karabakh')).toEqual(['Nagorno Karabakh']);
    expect(displays('Nagorno Karabakh, Armenia')).toEqual(['Nagorno Karabakh', 'Armenia']);
  });

  it('splitTagList gives the raw pieces, for validation to report every problem', () => {
    expect(splitTagList(' #Armenia  #CSTO ')).toEqual(['#Armenia', '#CSTO']);
    expect(splitTagList('Armenia, , CSTO')).toEqual(['Armenia', 'CSTO']);
    expect(splitTagList('')).toEqual([]);
  });

  it('validateArticle reads each tag of a list, and a text, by the same rule', () => {
    const tags = (raw: unknown) => validateArticle({ title: 'x', tags: raw }).tags.map((t) => t.display);
    expect(tags(['#Armenia #CSTO'])).toEqual(['Armenia', 'CSTO']);
    expect(tags(['Armenia, CSTO', 'Nagorno Karabakh'])).toEqual(['Armenia', 'CSTO', 'Nagorno Karabakh']);
    expect(tags('#Armenia #CSTO')).toEqual(['Armenia', 'CSTO']);
    expect(tags('Nagorno Karabakh')).toEqual(['Nagorno Karabakh']);
  });
});

describe('one tag however it is typed (issue 18)', () => {
  const INVISIBLE = [
    ...['\u200B', '\u200C', '\u200D', '\u200E', '\u200F'],
    ...['\u2060', '\u2061', '\u2062', '\u2063', '\u2064'],
    ...['\uFEFF', '\u00AD', '\u034F'],
    ...['\u202A', '\u202B', '\u202C', '\u202D', '\u202E', '\u2066', '\u2067', '\u2068', '\u2069'],
    ...['\uFE00', '\uFE0E', '\uFE0F', '\u{E0100}', '\u{E01EF}'],
  ];

  it('removes zero-width, bidi and other invisible characters from the key and the display', () => {
    for (const c of INVISIBLE) {
      const hex = c.codePointAt(0)?.toString(16);
      expect(parseTagName(`Arme${c}nia`), `U+${hex}`).toEqual({ key: 'armenia', display: 'Armenia' });
      expect(tagKey(`Arme${c}nia`), `U+${hex}`).toBe('armenia');
    }
    expect(parseTagName('\u200B#\u200BNew\u200B_York\uFEFF')).toEqual({ key: 'new york', display: 'New York' });
    expect(parseTagName('Հայ\u00ADաստան').key).toBe(parseTagName('Հայաստան').key);
    expect(parseTagName('bidi\u202etag').display).toBe('biditag');
  });

  it('reads a hashtag list with invisible characters before the # as hashtags', () => {
    expect(splitTagList('\u200B#Armenia \u2060#CSTO')).toEqual(['#Armenia', '#CSTO']);
    expect(parseTagList('#Armenia, Arme\u200Bnia').map((t) => t.display)).toEqual(['Armenia']);
  });

  it('still counts a tag of invisible characters only as empty, and still refuses other controls', () => {
    expect(() => parseTagName('\u200B\u200D\uFEFF')).toThrow(/empty/);
    expect(() => parseTagName('#\u2060')).toThrow(/empty/);
    expect(() => parseTagName('bad\u0007tag')).toThrow(/control/);
  });

  it('folds ё into е in the key and keeps ё in the display', () => {
    expect(parseTagName('Ёлка').key).toBe(parseTagName('елка').key);
    expect(parseTagName('Пётр').key).toBe('петр');
    expect(parseTagName('Пе\u0308тр').key).toBe('петр');
    expect(parseTagName('Ёлка').display).toBe('Ёлка');
    expect(tagKey('ЁЛКА')).toBe('елка');
  });

  it('folds Armenian և into եւ and drops the emphasis, exclamation and question marks', () => {
    expect(parseTagName('Երևան').key).toBe(parseTagName('Երեւան').key);
    expect(tagKey('և')).toBe('եւ');
    expect(parseTagName('Ո՞վ').key).toBe(parseTagName('Ով').key);
    expect(parseTagName('Հայաստա՜ն').key).toBe('հայաստան');
    expect(parseTagName('Շու՛տ').key).toBe('շուտ');
    expect(parseTagName('Ո՞վ').display).toBe('Ո՞վ');
  });

  it('refuses a word that mixes alphabets, naming the odd letters', () => {
    expect(() => parseTagName('\u0410rmenia')).toThrow(UserInputError);
    expect(() => parseTagName('\u0410rmenia')).toThrow(
      "'\u0410rmenia' mixes Cyrillic letters (\u0410) into a Latin word; type it in one alphabet",
    );
    expect(() => parseTagName('#\u0410rm\u0435nia')).toThrow(
      "'\u0410rm\u0435nia' mixes Cyrillic letters (\u0410, \u0435) into a Latin word",
    );
    expect(() => parseTagName('L\u0585ndon')).toThrow(
      "'L\u0585ndon' mixes Armenian letters (\u0585) into a Latin word",
    );
    expect(() => parseTagName('Мо\u0585ква')).toThrow(
      "'Мо\u0585ква' mixes Armenian letters (\u0585) into a Cyrillic word",
    );
    expect(() => parseTagName('Հայաստաn')).toThrow("'Հայաստաn' mixes Latin letters (n) into an Armenian word");
    expect(() => parseTagName('New Y\u043Erk')).toThrow(
      "'Y\u043Erk' mixes Cyrillic letters (\u043E) into a Latin word",
    );
    expect(() => parseTagName('Arme\u200B\u043Dia')).toThrow(/mixes Cyrillic letters \(\u043D\)/);
  });

  it('allows words wholly in one alphabet, several alphabets across words, digits and punctuation', () => {
    expect(parseTagName('CSTO ОДКБ')).toEqual({ key: 'csto одкб', display: 'CSTO ОДКБ' });
    expect(parseTagName('Armenia Հայաստան').display).toBe('Armenia Հայաստան');
    expect(parseTagName('COVID-19').key).toBe('covid-19');
    expect(parseTagName('Москва-2024').key).toBe('москва-2024');
    expect(parseTagName('Ереван').key).toBe('ереван');
    expect(parseTagName('Ո՞վ').display).toBe('Ո՞վ');
  });

  it('refuses a mixed word wherever tags are read', () => {
    expect(() => parseTagList('Russia, \u0410rmenia')).toThrow(/mixes Cyrillic letters/);
    expect(() => validateArticle({ title: 'x', tags: '#\u0410rmenia' })).toThrow(/mixes Cyrillic letters/);
  });
});
