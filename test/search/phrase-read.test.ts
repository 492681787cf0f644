import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { importArticles } from '../../src/app/importer.ts';
import { rankArticles } from '../../src/app/search.ts';
import { POSTINGS_PER_TERM } from '../../src/app/search/candidates.ts';
import { parseSearchQuery } from '../../src/domain/search-query.ts';
import type { CoreHandle } from '../../src/runtime.ts';
import type { TextMatch } from '../../src/storage/search-store.ts';
import { DIALECTS, openDialectCore } from '../helpers/dialects.ts';

/**
 * A short query is also a phrase to reward ("price of oil"). Every article holding the
 * phrase holds every word, so when the read of the articles with every word was not cut
 * off, the phrase is not read from the index (slow in FTS5 when a word of it is in most
 * articles): the phrase's articles are among those, and stage 2 checks which hold it.
 * When it is read, it is read loosely (its words but the stop words near each other),
 * and again stage 2 checks; a phrase the reader wrote in quotes is read exactly.
 */
describe.each(DIALECTS)('the phrase read of a short query on %s', (dialect) => {
  let handle: CoreHandle;
  let phraseReads: number;
  let looseReads: number;
  beforeEach(async () => {
    handle = await openDialectCore(dialect);
    phraseReads = 0;
    looseReads = 0;
    const search = handle.deps.stores.search;
    const matchIds = search.matchIds.bind(search);
    search.matchIds = (match: TextMatch, options) => {
      if (match.phrases.some((p) => p.includes('of'))) {
        phraseReads++;
        if (options.loosePhrases) looseReads++;
      }
      return matchIds(match, options);
    };
  });
  afterEach(async () => {
    await handle.close();
  });

  async function load(count: number): Promise<void> {
    async function* lines(): AsyncIterable<string> {
      for (let i = 0; i < count; i++) {
        const body =
          i === 3
            ? 'Traders watched the price of oil climb after the meeting.'
            : i === 5
              ? 'Oil price news: the price and oil desks met, price or oil.'
              : `Oil rose while the price ${i % 2 === 0 ? 'of gold' : 'of copper'} fell, said the report ${i}.`;
        yield JSON.stringify({ id: `a${i}`, title: `Markets report ${i}`, body, tags: ['Markets'] });
      }
    }
    const summary = await importArticles(handle.deps, lines(), { notify: false, threads: 0 });
    expect(summary.imported).toBe(count);
  }

  async function first(query: string): Promise<string | undefined> {
    const [hit] = await rankArticles(handle.deps.stores, parseSearchQuery(query), {
      tagIds: [],
      since: null,
      until: null,
    });
    if (!hit) return undefined;
    const [row] = await handle.deps.stores.articles.byIds([hit.id]);
    return row?.external_id ?? undefined;
  }

  it('is left out when every article with all the words was read, and the phrase still ranks first', async () => {
    await load(40);
    expect(await first('price of oil')).toBe('a3');
    expect(phraseReads).toBe(0);
  });

  it('is made, loosely, when that read was cut off, and the phrase still ranks first', async () => {
    // a5 has "price" and "oil" near each other but not the phrase: the loose read finds it
    // on SQLite, and stage 2 finds no phrase in it.
    await load(POSTINGS_PER_TERM + 50);
    expect(await first('price of oil')).toBe('a3');
    expect(phraseReads).toBe(1);
    expect(looseReads).toBe(1);
    expect(await first('"price of oil"')).toBe('a3');
    expect(looseReads).toBe(1);
  }, 60_000);
});
