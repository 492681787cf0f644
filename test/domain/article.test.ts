import { describe, expect, it } from 'vitest';
import { MAX_TAGS_PER_ARTICLE, MAX_TITLE_LENGTH, parseDate, validateArticle } from '../../src/domain/article.ts';
import { readArticleRecord } from '../../src/domain/article-record.ts';
import { localizedMessage, UserInputError } from '../../src/domain/errors.ts';

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

  it('takes an http(s) picture, normalised, and refuses anything else as one', () => {
    expect(validateArticle({ ...good, image: ' HTTPS://Images.Example.com/a b.jpg ' }).imageUrl).toBe(
      'https://images.example.com/a%20b.jpg',
    );
    expect(validateArticle({ ...good, image: '' }).imageUrl).toBeNull();
    expect(validateArticle(good).imageUrl).toBeNull();
    for (const image of ['javascript:alert(1)', 'data:image/png;base64,AAAA', 'file:///etc/passwd', 'picture.jpg']) {
      expect(() => validateArticle({ ...good, image })).toThrow(/not a web address/);
    }
    expect(() => validateArticle({ ...good, image: { url: 'https://x.example/a.jpg' } })).toThrow(/image/);
    expect(() => validateArticle({ ...good, image: `https://x.example/${'a'.repeat(3000)}.jpg` })).toThrow(/image/);
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

describe('validation messages', () => {
  const refusal = (run: () => unknown): UserInputError => {
    try {
      run();
    } catch (err) {
      if (err instanceof UserInputError) return err;
      throw err;
    }
    throw new Error('not refused');
  };

  it('keep their English for the CLI and the HTTP API, and are messages a chat shows in its language', () => {
    const err = refusal(() =>
      validateArticle({
        title: '',
        tags: [],
        body: 42,
        url: 'https://example.com/a',
        source: ['x'],
        externalId: 'a\u0007b',
      }),
    );
    expect(err.message).toBe(
      'The title is missing. The body must be text. At least one tag is needed. The source must be text. The id contains control characters.',
    );
    expect(localizedMessage(err, 'ru')).toBe(
      'Нет заголовка. Текст статьи должен быть строкой. Нужен хотя бы один тег. Источник должен быть текстом. Id содержит управляющие символы.',
    );
    expect(localizedMessage(err, 'hy')).toBe(
      'Վերնագիրը բացակայում է։ Հոդվածի տեքստը պետք է տեքստային արժեք լինի։ Պետք է առնվազն մեկ պիտակ։ Աղբյուրը պետք է տեքստ լինի։ Id-ն կառավարող նիշեր է պարունակում։',
    );
  });

  it('count in each language: Russian one/few/many, Armenian with the noun singular', () => {
    const tooMany = (n: number) =>
      refusal(() => validateArticle({ title: 'x', tags: Array.from({ length: n }, (_, i) => `tag${i}`) }));
    expect(localizedMessage(tooMany(21), 'ru')).toBe('У статьи может быть не больше 20 тегов; у этой их 21.');
    expect(localizedMessage(tooMany(21), 'hy')).toBe(
      'Հոդվածը կարող է ունենալ առավելագույնը 20 պիտակ. այս մեկն ունի 21։',
    );
    const title = (n: number) =>
      localizedMessage(
        refusal(() => validateArticle({ ...good, title: 'x'.repeat(n) })),
        'ru',
      );
    expect(title(301)).toBe('В заголовке 301 символ; допустимо не больше 300.');
    expect(title(302)).toBe('В заголовке 302 символа; допустимо не больше 300.');
    expect(title(305)).toBe('В заголовке 305 символов; допустимо не больше 300.');
  });

  it('of an import line or an API body are messages too', () => {
    const empty = refusal(() => readArticleRecord({ id: ' ', title: 'x', tags: 'a' }));
    expect(empty.message).toMatch(/^The id is empty: leave "id" out/u);
    expect(localizedMessage(empty, 'ru')).toMatch(/^Пустой id:/u);
    const both = refusal(() =>
      readArticleRecord({ title: 'x', tags: 'a', date: '2024-01-01', publishedAt: '2024-01-01' }),
    );
    expect(both.message).toBe('Give "date" or "publishedAt", not both.');
    expect(localizedMessage(both, 'hy')).toBe('Նշեք "date" կամ "publishedAt", ոչ թե երկուսը միասին։');
  });
});

describe('parseDate', () => {
  it('reads the forms people and feeds write', () => {
    expect(parseDate('2024-05-01')?.toISOString()).toBe('2024-05-01T00:00:00.000Z');
    expect(parseDate('2024-05-01 14:30')?.toISOString()).toBe('2024-05-01T14:30:00.000Z');
    expect(parseDate('1987-03-11T09:42:17.250')?.toISOString()).toBe('1987-03-11T09:42:17.250Z');
    expect(parseDate('2024-05-01T14:30:00+04:00')?.toISOString()).toBe('2024-05-01T10:30:00.000Z');
    expect(parseDate('Wed, 01 May 2024 10:00:00 GMT')?.toISOString()).toBe('2024-05-01T10:00:00.000Z');
  });

  it('refuses impossible and malformed dates', () => {
    expect(parseDate('2024-02-31')).toBeNull();
    expect(parseDate('30-APR-1999 705:14:22.31')).toBeNull();
    expect(parseDate('12345')).toBeNull();
    expect(parseDate('')).toBeNull();
  });
});
