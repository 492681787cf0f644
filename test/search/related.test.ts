import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { isNearDuplicate, relatedArticles } from '../../src/app/related.ts';
import type { CoreHandle } from '../../src/runtime.ts';
import { DIALECTS, openDialectCore } from '../helpers/dialects.ts';
import { replyText } from '../helpers/reply.ts';
import { command, postAll, resultIds, type FixtureArticle } from './fixtures.ts';

const SOURCE: FixtureArticle = {
  id: 'source',
  title: 'Coffee exporters fail to agree on quotas',
  tags: ['Coffee', 'ICO', 'World'],
  date: '2024-03-10',
  body: 'In London, coffee producing countries failed to agree on export quotas, and the International Coffee Organization talks collapsed. Brazil and Colombia blamed consumers for the collapse of the quota talks.',
};

describe('near-duplicates', () => {
  it('are the same title in other case and punctuation, or mostly the same words in order', () => {
    const a = {
      title: 'Oil prices rise',
      body: 'Crude oil prices rose sharply on Monday after the OPEC meeting in Vienna ended.',
    };
    expect(isNearDuplicate(a, { title: 'OIL PRICES RISE!', body: 'Different text.' })).toBe(true);
    expect(
      isNearDuplicate(a, {
        title: 'Update: oil',
        body: 'Crude oil prices rose sharply on Monday after the OPEC meeting in Vienna ended early.',
      }),
    ).toBe(true);
    expect(
      isNearDuplicate(a, { title: 'Oil prices fall', body: 'Crude oil prices fell on Tuesday as stocks grew.' }),
    ).toBe(false);
  });
});

describe.each(DIALECTS)('on %s', (dialect) => {
  let handle: CoreHandle;
  beforeEach(async () => {
    handle = await openDialectCore(dialect);
  });
  afterEach(async () => {
    await handle.close();
  });

  async function related(ids: ReadonlyMap<string, string>, limit = 10): Promise<string[]> {
    const row = await handle.deps.stores.articles.byPublicId(ids.get('source') ?? '');
    if (!row) throw new Error('source missing');
    const byId = new Map([...ids].map(([external, publicId]) => [publicId, external]));
    const hits = await relatedArticles(handle.deps.stores, row, { limit, offset: 0 });
    const rows = await handle.deps.stores.articles.byIds(hits.map((h) => h.articleId));
    return rows.map((r) => byId.get(r.public_id) ?? r.public_id);
  }

  describe('/related', () => {
    it('never returns the article itself, a same-title repost, or almost the same text', async () => {
      const ids = await postAll(handle, [
        SOURCE,
        {
          ...SOURCE,
          id: 'repost',
          title: 'COFFEE EXPORTERS FAIL TO AGREE ON QUOTAS!',
          body: 'Reposted by another desk.',
          date: '2024-03-11',
        },
        {
          ...SOURCE,
          id: 'update',
          title: 'UPDATE 1-Coffee talks collapse',
          body: `${SOURCE.body} Talks may resume.`,
          date: '2024-03-11',
        },
        {
          id: 'follow-up',
          title: 'Coffee prices jump after quota talks collapse',
          body: 'Coffee futures rose in London after producers failed to agree on export quotas.',
          tags: ['Coffee'],
          date: '2024-03-12',
        },
        {
          id: 'unrelated',
          title: 'Football results',
          body: 'The match ended in a draw.',
          tags: ['Sport', 'World'],
          date: '2024-03-10',
        },
      ]);
      const found = await related(ids);
      expect(found[0]).toBe('follow-up');
      expect(found).not.toContain('source');
      expect(found).not.toContain('repost');
      expect(found).not.toContain('update');
    });

    it('weighs a shared rare tag above a shared common tag', async () => {
      const filler: FixtureArticle[] = Array.from({ length: 12 }, (_, i) => ({
        id: `w${i}`,
        title: `World brief ${i}`,
        body: 'Weather was mild.',
        tags: ['World'],
      }));
      const text = 'Coffee quota talks in London failed again as exporters and consumers disagreed.';
      const ids = await postAll(handle, [
        ...filler,
        SOURCE,
        { id: 'common-tag', title: 'Coffee quota talks fail', body: text, tags: ['World'], date: '2024-03-12' },
        { id: 'rare-tag', title: 'Coffee quota talks fail', body: text, tags: ['ICO'], date: '2024-03-12' },
      ]);
      const found = await related(ids);
      expect(found.indexOf('rare-tag')).toBeLessThan(found.indexOf('common-tag'));
      expect(found.indexOf('common-tag')).toBeGreaterThanOrEqual(0);
    });

    it('prefers the closer in time of two equally similar articles', async () => {
      const text = 'Coffee exporters and consumers met in London on export quotas for Brazil and Colombia.';
      const ids = await postAll(handle, [
        SOURCE,
        { id: 'far', title: 'Coffee quota meeting', body: text, tags: ['Coffee'], date: '2023-01-01' },
        { id: 'near', title: 'Coffee quota meeting', body: text, tags: ['Coffee'], date: '2024-03-09' },
      ]);
      expect(await related(ids)).toEqual(['near', 'far']);
    });

    it('ranks by the text, not by shared tags alone', async () => {
      const ids = await postAll(handle, [
        SOURCE,
        {
          id: 'same-tags',
          title: 'Football results',
          body: 'The match in London ended in a draw.',
          tags: ['Coffee', 'ICO', 'World'],
          date: '2024-03-10',
        },
        {
          id: 'same-story',
          title: 'Brazil blames consumers for coffee quota collapse',
          body: 'Brazil said consumers caused the collapse of the coffee export quota talks.',
          tags: ['Brazil'],
          date: '2024-03-10',
        },
      ]);
      expect((await related(ids))[0]).toBe('same-story');
    });

    it("counts how many of the source's words an article shares, not how rare one shared word is", async () => {
      // The coffee words are common in this archive, the name is rare: weighing the words
      // by rarity again when scoring let the one shared name win.
      const filler: FixtureArticle[] = Array.from({ length: 12 }, (_, i) => ({
        id: `f${i}`,
        title: `Market note ${i}`,
        body: 'Coffee exporters, quota talks and producers in London.',
        tags: ['Markets'],
      }));
      const ids = await postAll(handle, [
        ...filler,
        { ...SOURCE, body: `${SOURCE.body} Dauster said Dauster would report, Dauster's aides added.` },
        {
          id: 'same-story',
          title: 'Coffee quota talks in London',
          body: 'Coffee exporters and producers held quota talks in London.',
          tags: ['Coffee'],
          date: '2024-03-10',
        },
        {
          id: 'same-name',
          title: 'Dauster opens a bakery',
          body: 'Dauster, a baker, opened a shop; Dauster thanked the town.',
          tags: ['Food'],
          date: '2024-03-10',
        },
      ]);
      const found = await related(ids, 20);
      expect(found).toContain('same-name');
      expect(found.indexOf('same-story')).toBeLessThan(found.indexOf('same-name'));
    });

    it('fills up with articles that share a tag when too few share the words', async () => {
      const ids = await postAll(handle, [
        SOURCE,
        {
          id: 'tag-only',
          title: 'Council elects a new chairman',
          body: 'The council met in closed session.',
          tags: ['ICO'],
          date: '2024-03-11',
        },
        {
          id: 'unrelated',
          title: 'Football results',
          body: 'The match ended in a draw.',
          tags: ['Sport'],
          date: '2024-03-10',
        },
      ]);
      const found = await related(ids);
      expect(found).toContain('tag-only');
      expect(found).not.toContain('unrelated');
    });

    it('pages through results with the chat command', async () => {
      const many: FixtureArticle[] = Array.from({ length: 8 }, (_, i) => ({
        id: `c${i}`,
        title: `Coffee market note ${i}`,
        body: `Coffee quota talks, part ${i}: exporters in London.`,
        tags: ['Coffee'],
      }));
      const ids = await postAll(handle, [SOURCE, ...many]);
      const first = await command(handle, `/related ${ids.get('source')}`);
      expect(replyText(first)).toMatch(/^Related to \w{6}: Coffee exporters fail/u);
      expect(resultIds(first, ids)).toHaveLength(5);
      expect(first.buttons.flat().map((b) => b.label)).toEqual(['Next ▶']);
    });
  });
});
