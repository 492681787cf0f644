import { sql } from 'kysely';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { ftsExpression } from '../../src/storage/search-store.ts';
import type { CoreHandle } from '../../src/runtime.ts';
import { openTestCore } from '../helpers/core.ts';
import { DIALECTS, openDialectCore } from '../helpers/dialects.ts';
import { consoleCtx, replyText } from '../helpers/reply.ts';
import { command, postAll } from './fixtures.ts';

let handle: CoreHandle;
beforeEach(async () => { handle = await openTestCore(); });
afterEach(async () => { await handle.close(); });

const tagCount = async (name: string) => {
  const tag = await handle.deps.stores.tags.find(name.toLowerCase());
  return tag ? (await handle.deps.stores.search.tagCounts([tag.id])).get(tag.id) : undefined;
};

describe('the search tables of migration 0002', () => {
  it('keep each tag\'s article count through posts and deletions', async () => {
    const ids = await postAll(handle, [
      { id: 'a', title: 'One', tags: ['Oil', 'OPEC'] },
      { id: 'b', title: 'Two', tags: ['Oil'] },
    ]);
    expect(await tagCount('Oil')).toBe(2);
    expect(await tagCount('OPEC')).toBe(1);
    await command(handle, `/delete ${ids.get('a')}`);
    expect(await tagCount('Oil')).toBe(1);
    expect(await tagCount('OPEC')).toBe(0);
  });

  it('keep the title index in step with the articles', async () => {
    const ids = await postAll(handle, [{ id: 'a', title: 'Wheat harvest', body: 'Barley too.', tags: ['Grain'] }]);
    const search = handle.deps.stores.search;
    const titles = (word: string) => search.matchIds({ all: [word], phrases: [], excluded: [] }, { limit: 10, titleOnly: true });
    expect(await titles('wheat')).toHaveLength(1);
    expect(await titles('barley')).toEqual([]);
    await sql`UPDATE articles SET title = 'Barley harvest' WHERE public_id = ${ids.get('a') ?? ''}`.execute(handle.deps.stores.db);
    expect(await titles('wheat')).toEqual([]);
    expect(await titles('barley')).toHaveLength(1);
    await handle.deps.stores.search.rebuild();
    expect(await titles('barley')).toHaveLength(1);
  });

  it('read matches newest first, around an id, and within a limit', async () => {
    await postAll(handle, Array.from({ length: 6 }, (_, i) => ({ id: `n${i}`, title: `Copper note ${i}`, tags: ['Copper'] })));
    const search = handle.deps.stores.search;
    const copper = { all: ['copper'], phrases: [], excluded: [] };
    const all = await search.matchIds(copper, { limit: 10 });
    expect(all).toEqual([...all].sort((a, b) => b - a));
    expect(await search.matchIds(copper, { limit: 2 })).toEqual(all.slice(0, 2));
    const middle = all[3] ?? 0;
    expect(await search.matchIds(copper, { limit: 2, below: middle })).toEqual(all.slice(4, 6));
    expect(await search.matchIds(copper, { limit: 2, above: middle, order: 'oldest' })).toEqual([all[2], all[1]]);
    expect(await search.taggedIds([(await handle.deps.stores.tags.find('copper'))?.id ?? 0], { limit: 3 })).toEqual(all.slice(0, 3));
  });
});

describe('FTS5 expressions', () => {
  it('quote every word, so query syntax characters stay words', () => {
    expect(ftsExpression({ all: ['oil', 'AND'], phrases: [['opec', 'quota']], excluded: ['say"s'] }))
      .toBe('("oil" AND "AND" AND "opec quota") NOT ("say""s")');
    expect(ftsExpression({ all: [], phrases: [], excluded: ['x'] })).toBeNull();
  });
});

// The parts of search that are plain SQL run on every engine the suite has (PostgreSQL
// with TEST_DATABASE_URL): tag counts kept by 0002's triggers, and /follow suggestions.
describe.each(DIALECTS)('tag counts and tag suggestions on %s', (dialect) => {
  let core: CoreHandle;
  beforeEach(async () => { core = await openDialectCore(dialect); });
  afterEach(async () => { await core.close(); });

  it('counts articles per tag through posts and deletions, and suggests known tags on /follow', async () => {
    const ids = await postAll(core, [
      { id: 'a', title: 'One', tags: ['Armenia', 'CSTO'] },
      { id: 'b', title: 'Two', tags: ['Armenia'] },
    ]);
    const armenia = await core.deps.stores.tags.find('armenia');
    const csto = await core.deps.stores.tags.find('csto');
    const counts = () => core.deps.stores.search.tagCounts([armenia?.id ?? 0, csto?.id ?? 0]);
    expect([...(await counts()).values()]).toEqual([2, 1]);
    await core.core.handleCommand(consoleCtx, `/delete ${ids.get('a')}`);
    expect([...(await counts()).values()]).toEqual([1, 0]);
    const reply = await core.core.handleCommand(consoleCtx, '/follow Armenai');
    expect(replyText(reply)).toMatch(/Did you mean #Armenia\?/);
  });
});
