import { FluentResource } from '@fluent/bundle';
import { describe, expect, it } from 'vitest';
import { LOCALES, localeSource, translate, type Locale } from '../../src/i18n/index.ts';

/**
 * Every message exists in every language with the same placeholders: a message missing
 * in ru.ftl or hy.ftl, one only there, or a `{ $count }` in one language and not in
 * another fails here, naming the message.
 */

/** The variables ($name) a pattern uses, selectors and nested variants included. */
function variablesOf(node: unknown, into = new Set<string>()): Set<string> {
  if (Array.isArray(node)) {
    for (const item of node) variablesOf(item, into);
  } else if (typeof node === 'object' && node !== null) {
    const record = node as Record<string, unknown>;
    if (record.type === 'var' && typeof record.name === 'string') into.add(record.name);
    for (const value of Object.values(record)) variablesOf(value, into);
  }
  return into;
}

function messagesOf(locale: Locale): Map<string, Set<string>> {
  const resource = new FluentResource(localeSource(locale));
  const messages = new Map<string, Set<string>>();
  for (const entry of resource.body as unknown as { id: string; value: unknown; attributes: unknown }[]) {
    expect(messages.has(entry.id), `${locale}.ftl defines ${entry.id} twice`).toBe(false);
    messages.set(entry.id, variablesOf([entry.value, entry.attributes]));
  }
  return messages;
}

describe('the message files', () => {
  const english = messagesOf('en');

  it('are read without a syntax error and hold the messages the core uses', () => {
    expect(english.size).toBeGreaterThan(250);
    for (const id of ['cmd-follow', 'tags-followed', 'digest-heading', 'button-related', 'error-internal'])
      expect(english.has(id), id).toBe(true);
  });

  for (const locale of LOCALES.filter((l) => l !== 'en')) {
    it(`${locale}.ftl has every message of en.ftl and no other`, () => {
      const other = messagesOf(locale);
      const missing = [...english.keys()].filter((id) => !other.has(id));
      const extra = [...other.keys()].filter((id) => !english.has(id));
      expect(missing, `missing in ${locale}.ftl`).toEqual([]);
      expect(extra, `only in ${locale}.ftl`).toEqual([]);
    });

    it(`${locale}.ftl uses the same placeholders as en.ftl in every message`, () => {
      const other = messagesOf(locale);
      const differing = [...english].flatMap(([id, vars]) => {
        const theirs = other.get(id);
        if (theirs === undefined) return [];
        const a = [...vars].sort().join(',');
        const b = [...theirs].sort().join(',');
        return a === b ? [] : [`${id}: en {${a}} ${locale} {${b}}`];
      });
      expect(differing).toEqual([]);
    });

    it(`every ${locale} message formats without an error`, () => {
      for (const [id, vars] of english) {
        const args = Object.fromEntries([...vars].map((v) => [v, v === 'count' ? 3 : `x`]));
        expect(() => translate(locale, id, args), id).not.toThrow();
      }
    });
  }
});

describe('plurals', () => {
  const articles = (locale: Locale, count: number) => translate(locale, 'digest-left-out', { count });
  const followers = (locale: Locale, count: number) => translate(locale, 'toptags-followers', { count });

  it('Russian: one, few and many', () => {
    expect(articles('ru', 1)).toBe('…и ещё 1 статья: самые свежие — в /latest.');
    expect(articles('ru', 2)).toBe('…и ещё 2 статьи: самые свежие — в /latest.');
    expect(articles('ru', 5)).toBe('…и ещё 5 статей: самые свежие — в /latest.');
    expect(articles('ru', 21)).toBe('…и ещё 21 статья: самые свежие — в /latest.');
    expect(articles('ru', 11)).toBe('…и ещё 11 статей: самые свежие — в /latest.');
    expect(followers('ru', 1)).toBe('1 подписчик');
    expect(followers('ru', 3)).toBe('3 подписчика');
    expect(followers('ru', 12)).toBe('12 подписчиков');
    expect(followers('ru', 22)).toBe('22 подписчика');
  });

  it('English: one and other', () => {
    expect(articles('en', 1)).toBe('…and 1 more article: see /latest for the newest.');
    expect(articles('en', 2)).toBe('…and 2 more articles: see /latest for the newest.');
    expect(followers('en', 1)).toBe('1 follower');
    expect(followers('en', 21)).toBe('21 followers');
  });

  it('Armenian: the noun stays singular after a number, the article form follows one/other', () => {
    expect(articles('hy', 1)).toBe('…և ևս 1 հոդված. ամենանորերը՝ /latest-ում։');
    expect(articles('hy', 5)).toBe('…և ևս 5 հոդված. ամենանորերը՝ /latest-ում։');
    expect(translate('hy', 'pause-skipped', { count: 1 })).toBe('Ուղարկման սպասող 1 հոդվածը չի ուղարկվի։');
    expect(translate('hy', 'pause-skipped', { count: 4 })).toBe('Ուղարկման սպասող 4 հոդվածները չեն ուղարկվի։');
  });

  it('numbers are grouped as each language writes them', () => {
    expect(translate('en', 'stats-articles', { count: 12345 })).toBe('Articles: 12,345');
    expect(translate('ru', 'stats-articles', { count: 12345 })).toBe('Статьи: 12\u00a0345');
  });
});
