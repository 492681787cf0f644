import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { rankArticles, SEARCH_RANKING } from '../../src/app/search.ts';
import { MAX_QUERY_TERMS, parseSearchQuery } from '../../src/domain/search-query.ts';
import type { CoreHandle } from '../../src/runtime.ts';
import { DIALECTS, openDialectCore } from '../helpers/dialects.ts';
import { postAll, type FixtureArticle } from './fixtures.ts';

/** Questions: long queries in a reader's own words (src/app/search/feedback.ts, weights.ts). */
describe.each(DIALECTS)('questions on %s', (dialect) => {
  let handle: CoreHandle;
  beforeEach(async () => {
    handle = await openDialectCore(dialect);
  });
  afterEach(async () => {
    await handle.close();
  });

  const background: FixtureArticle[] = Array.from({ length: 30 }, (_, i) => ({
    id: `bg${i}`,
    title: `Market report ${i}`,
    body: `Prices of grain and metals moved on the exchange, traders said in their weekly notes ${i}.`,
    tags: ['Markets'],
  }));

  async function rank(question: string, enabled = 1): Promise<string[]> {
    const ids = new Map(
      (await handle.storage.db.selectFrom('articles').select(['id', 'external_id']).execute()).map((r) => [
        r.id,
        r.external_id ?? '',
      ]),
    );
    const ranking = {
      ...SEARCH_RANKING,
      question: { ...SEARCH_RANKING.question, feedback: { ...SEARCH_RANKING.question.feedback, enabled } },
    };
    const hits = await rankArticles(
      handle.deps.stores,
      parseSearchQuery(question),
      { tagIds: [], since: null, until: null },
      50,
      ranking,
    );
    return hits.map((h) => ids.get(h.id) ?? '');
  }

  it('keeps every word of a long question, not only its first twelve', async () => {
    expect(MAX_QUERY_TERMS).toBeGreaterThanOrEqual(20);
    await postAll(handle, [
      ...background,
      {
        id: 'late',
        title: 'Glacier retreat in the Caucasus',
        body: 'Meltwater lakes grew below the glacier.',
        tags: ['Climate'],
      },
    ]);
    const question =
      'efforts by ministers parliament committees budget planners auditors economists lawyers unions mayors regional glacier meltwater retreat';
    expect(await rank(question)).toContain('late');
  });

  it('lets the best results of a question lend it their words', async () => {
    const topical = (i: number): FixtureArticle => ({
      id: `top${i}`,
      title: `Volcanic eruption near the village ${i}`,
      body: 'The volcano erupted again; lava and ash covered the slopes, and the magma chamber refilled. Magma rose.',
      tags: ['Science'],
    });
    await postAll(handle, [
      ...background,
      topical(1),
      topical(2),
      topical(3),
      // Both match one word of the question equally; only the first speaks of magma, as the best results do.
      {
        id: 'magma',
        title: 'Villagers return home',
        body: 'The magma beneath the island keeps the villagers awake.',
        tags: ['Science'],
      },
      {
        id: 'other',
        title: 'Villagers return home',
        body: 'The choir beneath the island keeps the villagers awake.',
        tags: ['Science'],
      },
    ]);
    const question = 'what happened when the volcano erupted and lava and ash covered villages';
    const withFeedback = await rank(question);
    const without = await rank(question, 0);
    // Without feedback the two tie on the question's words, and the newer one comes first.
    expect(without.indexOf('other')).toBeLessThan(without.indexOf('magma'));
    expect(withFeedback.indexOf('magma')).toBeLessThan(withFeedback.indexOf('other'));
    expect(withFeedback.slice(0, 3).sort()).toEqual(['top1', 'top2', 'top3']);
  });
});
