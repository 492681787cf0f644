import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { searchArticles } from '../../src/app/search.ts';
import { resolveTags } from '../../src/app/search/tag-resolution.ts';
import { parseTagName } from '../../src/domain/tags.ts';
import type { CoreHandle } from '../../src/runtime.ts';
import { DIALECTS, openDialectCore } from '../helpers/dialects.ts';
import { command, paragraphs, postAll } from './fixtures.ts';

/**
 * One rule decides what a query's tag is, for /search's tag filter and for the checks of
 * its suggestions alike: a tag the archive knows (by name or alias, followed or on
 * articles) is named as that tag; it filters by its articles, and one no article has
 * yet finds nothing — "No article has the tag #X." — wherever it appears.
 */
describe.each(DIALECTS)('on %s', (dialect) => {
  let handle: CoreHandle;
  beforeEach(async () => {
    handle = await openDialectCore(dialect);
    await postAll(handle, [
      {
        id: 'cof1',
        title: 'Coffee prices rise',
        body: 'Coffee exporters raised coffee prices again.',
        tags: ['Coffee', 'Brazil'],
        date: '2024-03-02',
      },
      {
        id: 'cof2',
        title: 'Coffee harvest late',
        body: 'The coffee harvest in Brazil is late.',
        tags: ['Coffee', 'Brazil'],
        date: '2024-03-03',
      },
      {
        id: 'tb1',
        title: 'Tbilisi hosts talks',
        body: 'Diplomats met in Tbilisi.',
        tags: ['Caucasus'],
        date: '2024-03-04',
      },
    ]);
    await command(handle, '/follow Brazl'); // followed, on no article
    await command(handle, '/follow Georgia');
    await command(handle, '/alias Sakartvelo = Georgia'); // an alias of a tag on no article
  });
  afterEach(async () => {
    await handle.close();
  });

  const tagId = async (name: string) => (await handle.deps.stores.tags.find(parseTagName(name).key))?.id;

  it('resolves each tag once: known by name or alias with its article count, or unknown as typed', async () => {
    const resolved = await resolveTags(handle.deps.stores, ['brazl', 'SAKARTVELO', 'brazil', 'Peru'].map(parseTagName));
    expect(resolved.map(({ name, articles, id }) => ({ name, articles, known: id !== null }))).toEqual([
      { name: 'Brazl', articles: 0, known: true },
      { name: 'Georgia', articles: 0, known: true },
      { name: 'Brazil', articles: 2, known: true },
      { name: 'Peru', articles: 0, known: false },
    ]);
  });

  it('a followed tag with no articles: /search names it and stops, suggestions offer a tag with articles instead', async () => {
    const page = await searchArticles(handle.deps.stores, 'coffee #brazl', { limit: 5, offset: 0 });
    expect(page.unknownTags).toEqual(['Brazl']);
    expect(page.results).toEqual([]);
    expect(page.suggestions).toContainEqual({ label: 'Did you mean #Brazil?', query: 'coffee #Brazil' });
    expect(page.suggestions).toContainEqual({ label: 'Without #brazl', query: 'coffee' });
    expect(paragraphs(await command(handle, '/search coffee #brazl'))).toContain('No article has the tag #Brazl.');
  });

  it('an aliased tag with no articles: named as the tag it means', async () => {
    const page = await searchArticles(handle.deps.stores, 'talks #sakartvelo', { limit: 5, offset: 0 });
    expect(page.unknownTags).toEqual(['Georgia']);
    expect(page.suggestions).toEqual([{ label: 'Without #sakartvelo', query: 'talks' }]);
    expect(paragraphs(await command(handle, '/search talks #sakartvelo'))).toContain(
      'No article has the tag #Georgia.',
    );
  });

  it('suggestions are checked by the same rule: a tag no article has finds nothing, and no index read is made for it', async () => {
    const search = handle.deps.stores.search;
    /** Every tag id an index read was asked to filter by. */
    const asked: number[] = [];
    const taggedIds = search.taggedIds.bind(search);
    const withTags = search.withTags.bind(search);
    const newest = search.newest.bind(search);
    vi.spyOn(search, 'taggedIds').mockImplementation((tagIds, options) => {
      asked.push(...tagIds);
      return taggedIds(tagIds, options);
    });
    vi.spyOn(search, 'withTags').mockImplementation((ids, tagIds) => {
      asked.push(...tagIds);
      return withTags(ids, tagIds);
    });
    vi.spyOn(search, 'newest').mockImplementation((filter, limit, offset) => {
      asked.push(...filter.tagIds);
      return newest(filter, limit, offset);
    });

    // Both misspell a word, so the suggestions try queries that keep the tag.
    const brazl = await searchArticles(handle.deps.stores, 'cofee #brazl', { limit: 5, offset: 0 });
    expect(brazl.unknownTags).toEqual(['Brazl']);
    expect(brazl.suggestions[0]).toEqual({ label: 'Did you mean "coffee #Brazil"?', query: 'coffee #Brazil' });
    const georgia = await searchArticles(handle.deps.stores, 'cofee #sakartvelo', { limit: 5, offset: 0 });
    expect(georgia.unknownTags).toEqual(['Georgia']);
    expect(georgia.suggestions).toEqual([]);

    expect(asked).not.toContain(await tagId('Brazl'));
    expect(asked).not.toContain(await tagId('Georgia'));
    expect(asked).toContain(await tagId('Brazil'));
  });

  it('once an article has the tag, it filters /search and suggestions keep it', async () => {
    await postAll(handle, [
      { id: 'bz1', title: 'Coffee from Brazl', body: 'A coffee story.', tags: ['Brazl'], date: '2024-03-05' },
    ]);
    const page = await searchArticles(handle.deps.stores, 'coffee #brazl', { limit: 5, offset: 0 });
    expect(page.unknownTags).toEqual([]);
    expect(page.results.map((r) => r.article.title)).toEqual(['Coffee from Brazl']);
    const misspelled = await searchArticles(handle.deps.stores, 'cofee #brazl', { limit: 5, offset: 0 });
    expect(misspelled.unknownTags).toEqual([]);
    expect(misspelled.suggestions).toContainEqual({ label: 'Did you mean "coffee"?', query: 'coffee #brazl' });
  });
});
