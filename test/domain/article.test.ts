import { describe, expect, it } from 'vitest';
import { MAX_TAGS_PER_ARTICLE, MAX_TITLE_LENGTH, parseDate, validateArticle } from '../../src/domain/article.ts';
import { UserInputError } from '../../src/domain/errors.ts';

const good = { title: 'Armenia freezes CSTO participation', tags: ['Armenia', 'CSTO'] };

describe('validateArticle', () => {
  it('accepts a minimal article and cleans it', () => {
    const a = validateArticle({
      ...good,
      title: '  Armenia   freezes  CSTO participation ',
      body: 'Line one.\r\nLine two.\u0007',
    });
    expect(a.title).toBe('Armenia freezes CSTO participation');
    expect(a.body).toBe('Line one.\nLine two.');
    expect(a.tags.map((t) => t.display)).toEqual(['Armenia', 'CSTO']);
    expect(a.url).toBeNull();
    expect(a.publishedAt).toBeNull();
  });

  it('requires a title of at most the limit', () => {
    expect(() => validateArticle({ ...good, title: '' })).toThrow(/title is missing/);
    expect(() => validateArticle({ ...good, title: 'x'.repeat(MAX_TITLE_LENGTH + 1) })).toThrow(/the most is 300/);
    expect(() => validateArticle({ ...good, title: 'a\u001bb' })).toThrow(/control/);
  });

  it('requires 1 to 20 tags', () => {
    expect(() => validateArticle({ title: 'x', tags: [] })).toThrow(/At least one tag/);
    const many = Array.from({ length: MAX_TAGS_PER_ARTICLE + 1 }, (_, i) => `tag${i}`);
    expect(() => validateArticle({ title: 'x', tags: many })).toThrow(/at most 20 tags/);
    expect(() => validateArticle({ title: 'x', tags: 42 })).toThrow(/must be a list/);
  });

  it('accepts only http(s) URLs', () => {
    expect(validateArticle({ ...good, url: 'https://example.com/a?b=1' }).url).toBe('https://example.com/a?b=1');
    for (const url of ['javascript:alert(1)', 'ftp://example.com/x', 'example.com', 'http://']) {
      expect(() => validateArticle({ ...good, url })).toThrow(/not a web address/);
    }
  });

  it('lists every problem at once', () => {
    try {
      validateArticle({ title: '', tags: [], url: 'nope', publishedAt: 'yesterday-ish' });
      expect.unreachable();
    } catch (err) {
      expect(err).toBeInstanceOf(UserInputError);
      const message = (err as Error).message;
      expect(message).toMatch(/title is missing/);
      expect(message).toMatch(/At least one tag/);
      expect(message).toMatch(/not a web address/);
      expect(message).toMatch(/not a date/);
    }
  });
});

describe('parseDate', () => {
  it('reads the forms people and feeds write', () => {
    expect(parseDate('2024-05-01')?.toISOString()).toBe('2024-05-01T00:00:00.000Z');
    expect(parseDate('2024-05-01 14:30')?.toISOString()).toBe('2024-05-01T14:30:00.000Z');
    expect(parseDate('1987-02-26T15:01:01.790')?.toISOString()).toBe('1987-02-26T15:01:01.790Z');
    expect(parseDate('2024-05-01T14:30:00+04:00')?.toISOString()).toBe('2024-05-01T10:30:00.000Z');
    expect(parseDate('Wed, 01 May 2024 10:00:00 GMT')?.toISOString()).toBe('2024-05-01T10:00:00.000Z');
  });

  it('refuses impossible and malformed dates', () => {
    expect(parseDate('2024-02-31')).toBeNull();
    expect(parseDate('31-MAR-1987 605:12:19.12')).toBeNull();
    expect(parseDate('12345')).toBeNull();
    expect(parseDate('')).toBeNull();
  });
});
