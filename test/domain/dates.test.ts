import { describe, expect, it } from 'vitest';
import { parseDate, validateArticle } from '../../src/domain/article.ts';

const iso = (raw: string) => parseDate(raw)?.toISOString() ?? null;

describe('parseDate refuses what it cannot read exactly (issue 15, defect 8)', () => {
  it('refuses an unknown month or weekday instead of guessing', () => {
    expect(iso('Mon Foo 2024')).toBeNull();
    expect(iso('Sat, 02 Foo 2024 10:00:00 GMT')).toBeNull();
    expect(iso('Xyz, 02 Mar 2024 10:00:00 GMT')).toBeNull();
    expect(iso('tomorrow')).toBeNull();
    expect(iso('2024')).toBeNull();
    expect(iso('March')).toBeNull();
  });

  it('refuses impossible days and times instead of rolling them over', () => {
    expect(iso('Sat, 31 Feb 2024')).toBeNull();
    expect(iso('Thu, 30 Feb 2023 10:00:00 GMT')).toBeNull();
    expect(iso('29 Feb 2023')).toBeNull();
    expect(iso('Sat, 02 Mar 2024 24:30:00 GMT')).toBeNull();
    expect(iso('Sat, 02 Mar 2024 10:61:00 GMT')).toBeNull();
    expect(iso('2024-02-30T10:00:00Z')).toBeNull();
    expect(iso('2024-13-01')).toBeNull();
    expect(iso('2024-03-02T25:00:00Z')).toBeNull();
  });

  it('reads RFC 2822 as feeds write it, zones included', () => {
    expect(iso('Sat, 02 Mar 2024 10:00:00 GMT')).toBe('2024-03-02T10:00:00.000Z');
    expect(iso('Sat, 2 Mar 2024 10:00:00 +0200')).toBe('2024-03-02T08:00:00.000Z');
    expect(iso('Sat, 02 Mar 2024 10:00:00 -0500')).toBe('2024-03-02T15:00:00.000Z');
    expect(iso('Sat, 02 Mar 2024 10:00 EST')).toBe('2024-03-02T15:00:00.000Z');
    expect(iso('Sat, 02 Mar 2024 10:00:00 UT')).toBe('2024-03-02T10:00:00.000Z');
    expect(iso('02 Mar 2024 10:00:00 Z')).toBe('2024-03-02T10:00:00.000Z');
    expect(iso('Sat, 02 Mar 2024')).toBe('2024-03-02T00:00:00.000Z');
    expect(iso('Saturday, 2 March 2024 10:00:00 GMT')).toBe('2024-03-02T10:00:00.000Z');
    expect(iso('sat, 02 mar 2024 10:00:00 gmt')).toBe('2024-03-02T10:00:00.000Z');
    expect(iso('29 Feb 2024')).toBe('2024-02-29T00:00:00.000Z');
    expect(iso('Sat, 02 Mar 2024 10:00:00 +0000 (UTC)')).toBe('2024-03-02T10:00:00.000Z');
  });

  it('keeps reading ISO 8601 and plain days', () => {
    expect(iso('2024-03-02')).toBe('2024-03-02T00:00:00.000Z');
    expect(iso('2024-03-02T10:00:00Z')).toBe('2024-03-02T10:00:00.000Z');
    expect(iso('2024-03-02T10:00:00.123+04:00')).toBe('2024-03-02T06:00:00.123Z');
    expect(iso('2024-03-02 10:00')).toBe('2024-03-02T10:00:00.000Z');
  });

  it('is what validateArticle uses, so /post, the CLI and the API refuse such dates', () => {
    for (const date of ['Mon Foo 2024', 'Sat, 31 Feb 2024'])
      expect(() => validateArticle({ title: 'x', tags: ['a'], publishedAt: date })).toThrow(/is not a date/);
  });
});
