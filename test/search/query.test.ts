import { describe, expect, it } from 'vitest';
import { UserInputError } from '../../src/domain/errors.ts';
import { describeFilters, formatQuery, parseSearchQuery, planQuery } from '../../src/domain/search-query.ts';
import { closest, editDistance } from '../../src/domain/similarity.ts';

describe('query syntax', () => {
  it('takes words, phrases, exclusions, tags, dates and sort apart', () => {
    const q = parseSearchQuery(
      'Oil prices "OPEC quota" -saudi #USA tag:"New York" since:1987-03-01 until:1987-03-31 sort:date',
    );
    expect(q.terms).toEqual(['oil', 'prices']);
    expect(q.phrases).toEqual([['opec', 'quota']]);
    expect(q.excluded).toEqual(['saudi']);
    expect(q.tags.map((t) => t.key)).toEqual(['usa', 'new york']);
    expect(q.since?.toISOString()).toBe('1987-03-01T00:00:00.000Z');
    expect(q.until?.toISOString()).toBe('1987-03-31T23:59:59.999Z');
    expect(q.sort).toBe('date');
  });

  it('reads a one-word phrase as a word and hyphenated words as words', () => {
    expect(parseSearchQuery('"oil" Russian-led').terms).toEqual(['oil', 'russian', 'led']);
  });

  it.each([
    ['since:yesterday', /is not a date/],
    ['oil since:2024-02-01 until:2024-01-01', /since: is after until:/],
    ['oil tag:', /tag: needs a value/],
    ['oil since: 2024-01-01', /since: needs a value/],
    ['oil sort:popular', /sort: takes date or relevance/],
  ])('refuses %s with a hint', (raw, message) => {
    expect(() => parseSearchQuery(raw)).toThrow(UserInputError);
    expect(() => parseSearchQuery(raw)).toThrow(message);
  });

  it('writes a query back in the same syntax', () => {
    const raw = 'oil prices "opec quota" -saudi #usa tag:"New York" since:1987-03-01 until:1987-03-31 sort:date';
    expect(formatQuery(parseSearchQuery(raw))).toBe(raw);
    expect(parseSearchQuery(formatQuery(parseSearchQuery(raw)))).toEqual(parseSearchQuery(raw));
  });

  it('describes the filters applied', () => {
    expect(
      describeFilters(parseSearchQuery('oil -saudi #usa tag:"New York" "opec quota" since:1987-03-01 sort:date')),
    ).toEqual(['#usa', '#New_York', 'since 1987-03-01', 'without saudi', 'exact "opec quota"', 'newest first']);
    expect(describeFilters(parseSearchQuery('oil prices'))).toEqual([]);
  });
});

describe('query plan', () => {
  it('stems words, drops stop words, and weights repeats by the square root of their count', () => {
    const plan = planQuery(parseSearchQuery('The prices of oil, oil and the price, bone bone bone bone'));
    expect(plan.terms).toEqual([
      { word: 'prices', stem: 'price', weight: Math.SQRT2 },
      { word: 'oil', stem: 'oil', weight: Math.SQRT2 },
      { word: 'bone', stem: 'bone', weight: 2 },
    ]);
  });

  it('keeps a short query as a phrase to reward, stop words included', () => {
    expect(planQuery(parseSearchQuery('bank of england')).implicitPhrase).toEqual(['bank', 'of', 'england']);
    expect(planQuery(parseSearchQuery('armenia leaves the russian led defense pact')).implicitPhrase).toBeNull();
    expect(planQuery(parseSearchQuery('oil "opec quota"')).implicitPhrase).toBeNull();
  });
});

describe('edit distance', () => {
  it('counts a swap of neighbours as one edit', () => {
    expect(editDistance('armenai', 'armenia')).toBe(1);
    expect(editDistance('armenia', 'armenia')).toBe(0);
    expect(editDistance('kitten', 'sitting')).toBe(3);
    expect(editDistance('kitten', 'sitting', 1)).toBe(2);
    expect(closest('folow', ['follow', 'unfollow', 'search'])).toEqual(['follow']);
    expect(closest('ofllow', ['follow', 'unfollow'])).toEqual(['follow']);
  });
});
