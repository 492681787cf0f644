import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { rankArticles, type RankFilters } from '../../src/app/search.ts';
import { parseSearchQuery } from '../../src/domain/search-query.ts';
import type { CoreHandle } from '../../src/runtime.ts';
import { DIALECTS, openDialectCore } from '../helpers/dialects.ts';
import { postAll, type FixtureArticle } from './fixtures.ts';

/**
 * A one-word search reads only as many matches as its depth needs (src/app/search/rank.ts):
 * its results are the same as when every bounded read is made (a date filter that keeps
 * every article turns the shortcut off).
 */
describe.each(DIALECTS)('a one-word search on %s', (dialect) => {
  let handle: CoreHandle;
  beforeEach(async () => {
    handle = await openDialectCore(dialect);
  });
  afterEach(async () => {
    await handle.close();
  });

  const articles: FixtureArticle[] = Array.from({ length: 48 }, (_, i) => ({
    id: `a${i}`,
    title: i % 7 === 0 ? `Grain exports ${i}` : `Market report ${i}`,
    body:
      i % 3 === 0
        ? `Traders said grain ${'and grain '.repeat(i % 5)}moved ${'slowly '.repeat(i % 11)}on the exchange ${i}.`
        : `Metals and oil moved on the exchange ${i}.`,
    tags: ['Markets'],
  }));

  async function rank(query: string, depth: number, filters: Partial<RankFilters> = {}): Promise<number[]> {
    const hits = await rankArticles(
      handle.deps.stores,
      parseSearchQuery(query),
      { tagIds: [], since: null, until: null, ...filters },
      depth,
    );
    return hits.map((h) => h.id);
  }

  it('finds the same results as reading every match', async () => {
    await postAll(handle, articles);
    for (const query of ['grain', 'exchange', 'sort:date grain']) {
      for (const depth of [1, 3, 5, 10, 40]) {
        const found = await rank(query, depth);
        expect(found.length).toBeGreaterThan(0);
        expect(found).toEqual(await rank(query, depth, { since: 0 }));
      }
    }
  });
});
