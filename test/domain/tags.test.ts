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
    expect(() => parseTagName('bidi\u202etag')).toThrow(/control/);
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
