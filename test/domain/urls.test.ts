import { describe, expect, it } from 'vitest';
import { validateArticle } from '../../src/domain/article.ts';

const urlOf = (url: string) => validateArticle({ title: 'x', tags: ['a'], url }).url;

describe('article URLs are normalised by the WHATWG parser (issue 15, defect 9)', () => {
  it('lowercases the scheme and host and drops the fragment, keeping the query', () => {
    expect(urlOf('HTTPS://EXAMPLE.COM/a')).toBe('https://example.com/a');
    expect(urlOf('https://example.com/a#frag')).toBe('https://example.com/a');
    expect(urlOf('https://Example.com/A?b=1&c=D#x')).toBe('https://example.com/A?b=1&c=D');
    expect(urlOf('http://example.com:80/a')).toBe('http://example.com/a');
    expect(urlOf('https://example.com')).toBe('https://example.com/');
  });

  it('percent-encodes spaces instead of storing them raw', () => {
    expect(urlOf('https://example.com/a b?q=c d')).toBe('https://example.com/a%20b?q=c%20d');
    expect(urlOf('  https://example.com/x  ')).toBe('https://example.com/x');
  });

  it('refuses anything but http(s)', () => {
    for (const url of ['ftp://example.com/x', 'javascript:alert(1)', 'mailto:a@example.com', 'example.com', 'http://'])
      expect(() => urlOf(url)).toThrow(/not a web address/);
  });
});
