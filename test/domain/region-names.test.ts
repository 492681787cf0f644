import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { createAutoTagger } from '../../src/domain/auto-tag.ts';
import {
  localizedView,
  localTagName,
  namesOf,
  REGION_NAMES,
  regionNameByKey,
  regionNameIn,
} from '../../src/domain/region-names.ts';
import { parseTagName, tagKey } from '../../src/domain/tags.ts';

/** The built-in names of the region (src/domain/region-names.ts): the reviewed list's rules. */
describe('REGION_NAMES', () => {
  const all = REGION_NAMES.flatMap((region) => namesOf(region).map((name) => ({ region, name })));

  it('holds a few dozen entries, each a valid tag in every spelling, kept as written (NFKC)', () => {
    expect(REGION_NAMES.length).toBeGreaterThanOrEqual(30);
    for (const { name } of all) expect(parseTagName(name).display, name).toBe(name.normalize('NFKC'));
  });

  it('gives every key to one entry only, and no entry the same key twice', () => {
    const owner = new Map<string, string>();
    for (const { region, name } of all) {
      const key = tagKey(name);
      expect(owner.get(key), `${name} (${region.en}) is already a name of ${owner.get(key)}`).toBeUndefined();
      owner.set(key, region.en);
    }
  });

  it("writes each language's name in its alphabet", () => {
    const lettersOf = (name: string) => [...name].filter((c) => /\p{L}/u.test(c));
    for (const region of REGION_NAMES) {
      expect(
        lettersOf(region.en).every((c) => /\p{Script=Latin}/u.test(c)),
        region.en,
      ).toBe(true);
      expect(
        lettersOf(region.ru).every((c) => /\p{Script=Cyrillic}/u.test(c)),
        region.ru,
      ).toBe(true);
      expect(
        lettersOf(region.hy).every((c) => /\p{Script=Armenian}/u.test(c)),
        region.hy,
      ).toBe(true);
      // Reformed orthography: the ligature, not the classical digraph.
      expect(region.hy, region.hy).not.toMatch(/եւ/u);
    }
  });

  it('is frozen', () => {
    expect(Object.isFrozen(REGION_NAMES)).toBe(true);
    for (const region of REGION_NAMES) {
      expect(Object.isFrozen(region)).toBe(true);
      expect(Object.isFrozen(region.variants)).toBe(true);
    }
  });

  it('finds an entry by the key of any of its names, in any spelling of the key', () => {
    expect(regionNameByKey(tagKey('Երեւան'))?.en).toBe('Yerevan');
    expect(regionNameByKey(tagKey('#РФ'))?.en).toBe('Russia');
    expect(regionNameByKey(tagKey('ОРГАНИЗАЦИЯ ОБЪЕДИНЁННЫХ НАЦИЙ'))?.en).toBe('UN');
    expect(regionNameByKey(tagKey('Nagorno_Karabakh'))?.en).toBe('Nagorno-Karabakh');
    expect(regionNameByKey(tagKey('Atlantis'))).toBeUndefined();
    const armenia = regionNameByKey('armenia');
    expect(armenia && [regionNameIn(armenia, 'en'), regionNameIn(armenia, 'ru'), regionNameIn(armenia, 'hy')]).toEqual([
      'Armenia',
      'Армения',
      'Հայաստան',
    ]);
  });
});

describe('the built-in names in article text (auto-tagging)', () => {
  const tagger = createAutoTagger(
    REGION_NAMES.flatMap((region) => namesOf(region).map((phrase) => ({ phrase, tag: region.en }))),
  );

  it('tags the names in each language and their variants', () => {
    expect(tagger.find('Премьер-министр прибыл в Ереван, где обсудил ЕС и ОДКБ.')).toEqual(['Yerevan', 'EU', 'CSTO']);
    expect(tagger.find('Երեւանում չէ, այլ Երևան. ՀՀ և ԵՄ')).toEqual(['Yerevan', 'Armenia', 'EU']);
    expect(tagger.find('The UN and the European Union met in Baku and Türkiye.')).toEqual([
      'UN',
      'EU',
      'Baku',
      'Turkey',
    ]);
  });

  it('leaves alone the words a short name could be taken for', () => {
    const ordinary = [
      'Join us in the U.S.S.R. museum: un café, es war, eu acho.',
      'US officials and U.S. envoys (the US pronoun problem) are not tagged.',
      'Если это есть, рф и ес в нижнем регистре не аббревиатуры.',
      'Georgian wine and Armenian brandy, Russians and Iranians.',
    ];
    for (const text of ordinary) expect(tagger.find(text), text).toEqual([]);
  });
});

describe('docs/tags.md', () => {
  it('lists every built-in name', () => {
    const doc = readFileSync(new URL('../../docs/tags.md', import.meta.url), 'utf8');
    const list = doc.slice(doc.indexOf('## The list'));
    for (const region of REGION_NAMES) {
      const row = list.split('\n').find((line) => line.startsWith(`| ${region.en} |`));
      expect(row, region.en).toBeDefined();
      for (const name of namesOf(region)) expect(row, `${region.en}: ${name}`).toContain(name);
    }
  });
});

describe('tag names on cards, buttons and digests', () => {
  it('show a built-in tag by its name in the chat language, other tags as named', () => {
    expect(localTagName('Armenia', 'ru')).toBe('Армения');
    expect(localTagName('armenia', 'hy')).toBe('Հայաստան');
    expect(localTagName('Armenia', 'en')).toBe('Armenia');
    // An alias spelling as a tag's own name is not the built-in tag: left as named.
    expect(localTagName('Республика Армения', 'hy')).toBe('Республика Армения');
    expect(localTagName('Energy', 'ru')).toBe('Energy');
    const view = localizedView(
      {
        publicId: 'abc123',
        externalId: null,
        title: 'T',
        url: null,
        summary: '',
        tags: ['Armenia', 'Energy'],
        source: null,
        publishedAt: null,
        createdAt: new Date(0),
      },
      'ru',
    );
    expect(view.tags).toEqual(['Армения', 'Energy']);
  });
});
