import { sql } from 'kysely';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { foldToken, indexTerm } from '../../src/domain/tokenize.ts';
import { ftsExpression, SCAN_CHARS } from '../../src/storage/search-store.ts';
import type { CoreHandle } from '../../src/runtime.ts';
import { DIALECTS, openDialectCore } from '../helpers/dialects.ts';
import { replyText } from '../helpers/reply.ts';
import { command, postAll } from './fixtures.ts';

describe.each(DIALECTS)('the search store on %s', (dialect) => {
  let handle: CoreHandle;
  beforeEach(async () => {
    handle = await openDialectCore(dialect);
  });
  afterEach(async () => {
    await handle.close();
  });

  const tagCount = async (name: string) => {
    const tag = await handle.deps.stores.tags.find(name.toLowerCase());
    return tag ? (await handle.deps.stores.search.tagCounts([tag.id])).get(tag.id) : undefined;
  };

  it("keeps each tag's article count through posts and deletions (migration 0002's triggers)", async () => {
    const ids = await postAll(handle, [
      { id: 'a', title: 'One', tags: ['Oil', 'OPEC'] },
      { id: 'b', title: 'Two', tags: ['Oil'] },
    ]);
    expect(await tagCount('Oil')).toBe(2);
    expect(await tagCount('OPEC')).toBe(1);
    await command(handle, `/delete ${ids.get('a')}`);
    expect(await tagCount('Oil')).toBe(1);
    expect(await tagCount('OPEC')).toBe(0);
    expect(replyText(await command(handle, '/follow Oill'))).toMatch(/Did you mean #Oil\?/);
  });

  it('reads titles only in every language: inflected forms in the title, never a word only in the body', async () => {
    await postAll(handle, [
      { id: 'ru', title: 'Премьер Армении прибыл в Москву', body: 'Визит в Ереван завершён.', tags: ['A'] },
      { id: 'hy', title: 'Հայաստանի վարչապետը Մոսկվայում է', body: 'Երևանը սպասում է։', tags: ['A'] },
      { id: 'en', title: 'Armenian premier arrives', body: 'Moscow talks begin.', tags: ['A'] },
    ]);
    const search = handle.deps.stores.search;
    const titles = async (all: string[], excluded: string[] = []) =>
      (await search.matchIds({ all, phrases: [], excluded }, { limit: 10, titleOnly: true })).length;
    expect(await titles(['армения'])).toBe(1);
    expect(await titles(['ереван'])).toBe(0);
    expect(await titles(['հայաստան'])).toBe(1);
    expect(await titles(['երևան'])).toBe(0);
    expect(await titles(['premier'])).toBe(1);
    expect(await titles(['moscow'])).toBe(0);
    // An excluded word in the body only does not exclude a title match.
    expect(await titles(['premier'], ['moscow'])).toBe(1);
    expect(await titles(['premier'], ['arrives'])).toBe(0);
  });

  it("reads candidates' text exactly in every language, cut at the scan length", async () => {
    const long = 'Ереван, ещё раз: переговоры 😀 продолжатся. '.repeat(120);
    const texts = [
      { language: 'ru', title: 'Премьер Армении прибыл в Москву', body: long },
      { language: 'hy', title: 'Հայաստանի վարչապետը', body: 'Ինչո՞ւ Երևանում և Երեւանի կառավարությունը։ 𝐀' },
      // Fewer characters than the scan reads, more bytes: read whole, its length counted by the database.
      { language: 'ru', title: 'Средний', body: 'Встреча в Ереване 😀 продолжится. '.repeat(75) },
      { language: 'en', title: 'Oil prices rose', body: 'Crude rose 3% in 1987.' },
      { language: 'fr', title: 'Le café de Zürich', body: 'Déjà vu, naïve.' },
      { language: undefined, title: 'Short', body: '' },
    ];
    const store = handle.deps.stores;
    const ids: number[] = [];
    for (const [i, t] of texts.entries()) {
      const { article } = await handle.core.postArticle(
        { externalId: `x${i}`, title: t.title, body: t.body, tags: ['A'], language: t.language },
        { postedBy: 'test', notify: false },
      );
      ids.push((await store.articles.byPublicId(article.publicId))?.id ?? -1);
    }
    const docs = await store.search.documents(ids, SCAN_CHARS);
    expect(docs.map((d) => d.id)).toEqual(ids);
    for (const [i, doc] of docs.entries()) {
      const posted = texts[i];
      const stored = (await store.articles.byIds([ids[i] ?? -1]))[0];
      expect(doc.title).toBe(posted?.title);
      expect(doc.body).toBe(
        Array.from(stored?.body ?? '')
          .slice(0, SCAN_CHARS)
          .join(''),
      );
      expect(doc.bodyLength).toBe(Array.from(stored?.body ?? '').length);
    }
    expect(docs[0]?.body.length).toBeGreaterThan(SCAN_CHARS); // the emoji are two code units each
    expect(docs[0]?.body.startsWith('Ереван, ещё раз')).toBe(true);
    // The statistics' sample reads the same text.
    const stats = await store.search.statistics();
    expect(stats.sampleFrequency.get(indexTerm(foldToken('переговоры')))).toBe(1);
    expect(stats.sampleFrequency.get(indexTerm(foldToken('Երևանում')))).toBe(1);
    expect(stats.sampleFrequency.get(indexTerm(foldToken('naïve')))).toBe(1);
  });

  it('keeps the title index in step with the articles', async () => {
    const ids = await postAll(handle, [{ id: 'a', title: 'Wheat harvest', body: 'Barley too.', tags: ['Grain'] }]);
    const search = handle.deps.stores.search;
    const titles = (word: string) =>
      search.matchIds({ all: [word], phrases: [], excluded: [] }, { limit: 10, titleOnly: true });
    expect(await titles('wheat')).toHaveLength(1);
    expect(await titles('barley')).toEqual([]);
    await sql`UPDATE articles SET title = 'Barley harvest' WHERE public_id = ${ids.get('a') ?? ''}`.execute(
      handle.storage.db,
    );
    expect(await titles('wheat')).toEqual([]);
    expect(await titles('barley')).toHaveLength(1);
    await handle.deps.stores.search.rebuild();
    expect(await titles('barley')).toHaveLength(1);
    expect(await tagCount('Grain')).toBe(1);
  });

  it('reads matches newest first, around an id, and within a limit', async () => {
    await postAll(
      handle,
      Array.from({ length: 6 }, (_, i) => ({ id: `n${i}`, title: `Copper note ${i}`, tags: ['Copper'] })),
    );
    const search = handle.deps.stores.search;
    const copper = { all: ['copper'], phrases: [], excluded: [] };
    const all = await search.matchIds(copper, { limit: 10 });
    expect(all).toHaveLength(6);
    expect(all).toEqual([...all].sort((a, b) => b - a));
    expect(await search.matchIds(copper, { limit: 2 })).toEqual(all.slice(0, 2));
    const middle = all[3] ?? 0;
    expect(await search.matchIds(copper, { limit: 2, below: middle })).toEqual(all.slice(4, 6));
    expect(await search.matchIds(copper, { limit: 2, above: middle, order: 'oldest' })).toEqual([all[2], all[1]]);
    expect(await search.taggedIds([(await handle.deps.stores.tags.find('copper'))?.id ?? 0], { limit: 3 })).toEqual(
      all.slice(0, 3),
    );
  });

  it('reads the same matches whether the index or a walk of the ids finds them (PostgreSQL chooses by statistics)', async () => {
    // Copper is in every article, zinc in every tenth: after rebuild() (ANALYZE on
    // PostgreSQL) the common word is read by walking the ids, the rare one from the index.
    await postAll(
      handle,
      Array.from({ length: 60 }, (_, i) => ({
        id: `m${i}`,
        title: `Copper report ${i}`,
        body: i % 10 === 3 ? 'Zinc stocks rose.' : 'Stocks were steady.',
        tags: ['Metals'],
      })),
    );
    const search = handle.deps.stores.search;
    const reads = async () => {
      const all = await search.matchIds({ all: ['copper'], phrases: [], excluded: [] }, { limit: 100 });
      const middle = all[30] ?? 0;
      const found: number[][] = [];
      for (const word of ['copper', 'zinc'])
        for (const window of [{}, { below: middle }, { above: middle, order: 'oldest' as const }])
          for (const limit of [1, 3, 100]) {
            const match = { all: [word], phrases: [], excluded: [] };
            found.push(await search.matchIds(match, { limit, ...window }));
            found.push(await search.matchIds(match, { limit, titleOnly: true, ...window }));
          }
      return found;
    };
    const before = await reads();
    expect(before.flat().length).toBeGreaterThan(0);
    await search.rebuild();
    expect(await reads()).toEqual(before);
  });

  it("matches phrases and excluded words as SQLite's index does, stop words included", async () => {
    const ids = await postAll(handle, [
      {
        id: 'boe',
        title: 'Bank of England holds rates',
        body: 'The Bank of England kept rates on hold.',
        tags: ['UK'],
      },
      { id: 'bie', title: 'A bank in England closes', body: 'One small bank in England shut its doors.', tags: ['UK'] },
      { id: 'ham', title: 'A play', body: 'To be, or not to be: that is the question.', tags: ['Theatre'] },
      { id: 'spa', title: 'Spa day', body: 'Guests bathe whom they like.', tags: ['Leisure'] },
      { id: 'who', title: 'The Who on tour', body: 'The band played London.', tags: ['Music'] },
      { id: 'edge', title: 'Bank raises rates', body: 'Markets rallied on the news.', tags: ['Markets'] },
    ]);
    const byId = new Map([...ids].map(([external, publicId]) => [publicId, external]));
    const rows = async (
      match: { all?: string[]; phrases?: string[][]; excluded?: string[] },
      titleOnly = false,
      loosePhrases = false,
    ) => {
      const found = await handle.deps.stores.search.matchIds(
        { all: [], phrases: [], excluded: [], ...match },
        { limit: 10, titleOnly, loosePhrases },
      );
      return (await handle.deps.stores.articles.byIds(found)).map((r) => byId.get(r.public_id)).sort();
    };
    // On PostgreSQL the index drops stop words: "bank of england" is 'bank' <2> 'england' there.
    expect(await rows({ phrases: [['bank', 'of', 'england']] })).toEqual(['boe']);
    expect(await rows({ phrases: [['to', 'be', 'or', 'not', 'to', 'be']] })).toEqual(['ham']);
    expect(await rows({ phrases: [['the', 'who']] })).toEqual(['who']);
    expect(await rows({ all: ['who'] }, true)).toEqual(['who']);
    // A phrase never runs from the end of the title into the body.
    expect(await rows({ phrases: [['rates', 'markets']] })).toEqual([]);
    expect(await rows({ phrases: [['raises', 'rates']] })).toEqual(['edge']);
    expect(await rows({ all: ['bank'], excluded: ['of'] })).toEqual(['bie', 'edge']);
    expect(await rows({ all: ['england'], excluded: ['the'] })).toEqual(['bie']);
    // Loosely, SQLite reads "bank" and "england" within a word of each other ("a bank in
    // England" too; the caller checks); PostgreSQL reads the phrase as it is.
    const loose = await rows({ phrases: [['bank', 'of', 'england']] }, false, true);
    expect(loose).toEqual(dialect === 'sqlite' ? ['bie', 'boe'] : ['boe']);
    expect(await rows({ phrases: [['bank', 'of', 'england']], excluded: ['small'] }, false, true)).toEqual(['boe']);
  });
});

describe('FTS5 expressions', () => {
  it('quote every word as its index term, so query syntax characters stay words', () => {
    expect(ftsExpression({ all: ['oil', 'and'], phrases: [['opec', 'quotas']], excluded: ['saying'] })).toBe(
      '("oil" AND "and" AND "opec quota") NOT ("sai")',
    );
    expect(ftsExpression({ all: ['армении'], phrases: [], excluded: [] })).toBe('"армен"');
    expect(ftsExpression({ all: [], phrases: [], excluded: ['x'] })).toBeNull();
  });

  it('read a phrase loosely, when asked, as its words but the stop words near each other', () => {
    const phrases = [
      ['prices', 'of', 'the', 'oil'],
      ['в', 'москве', 'и', 'в', 'ереване'],
      ['opec', 'quotas'],
    ];
    expect(ftsExpression({ all: [], phrases, excluded: [] }, true)).toBe(
      'NEAR("price" "oil", 2) AND NEAR("москв" "ереван", 2) AND "opec quota"',
    );
    expect(ftsExpression({ all: [], phrases, excluded: [] })).toBe(
      '"price of the oil" AND "в москв и в ереван" AND "opec quota"',
    );
    // One word left, or none: nothing to be near, so the phrase as it is.
    expect(
      ftsExpression(
        {
          all: [],
          phrases: [
            ['in', 'london'],
            ['of', 'the'],
          ],
          excluded: [],
        },
        true,
      ),
    ).toBe('"in london" AND "of the"');
  });
});
