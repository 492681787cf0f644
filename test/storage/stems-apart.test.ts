import { sql, type Kysely } from 'kysely';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { up } from '../../migrations/0023_stems_apart.ts';
import { searchArticles } from '../../src/app/search.ts';
import { STEM_APART } from '../../src/domain/stop-stems.ts';
import type { CoreHandle } from '../../src/runtime.ts';
import { openDialectCore } from '../helpers/dialects.ts';

/**
 * Migration 0023: the SQLite indexes hold each article's terms as analysed when it was
 * written. Once a word like "тема" has a term of its own, apart from the stop word "тем",
 * an archive indexed before must be analysed again, or "тема" finds nothing in it.
 */
describe('migration 0023 on SQLite', () => {
  let handle: CoreHandle;
  beforeEach(async () => {
    handle = await openDialectCore('sqlite');
  });
  afterEach(async () => {
    await handle.close();
  });

  const found = async (query: string) =>
    (await searchArticles(handle.deps.stores, query, { limit: 5, offset: 0 })).results.map((r) => r.article.title);

  it('analyses the indexed articles again, so an archive indexed before finds the words kept apart', async () => {
    await handle.core.postArticle(
      { title: 'Новая тема переговоров', tags: ['News'], body: 'Стороны выбрали тему встречи, тем не менее спорят.' },
      { postedBy: 'test', notify: false },
    );
    const db = handle.storage.db;
    // The index as the analysis before 0023 wrote it: the stems without the mark.
    const before = (column: string) => sql.raw(`replace(tagwire_terms(${column}), '${STEM_APART}', '')`);
    await sql`INSERT INTO articles_fts (articles_fts) VALUES ('delete-all')`.execute(db);
    await sql`INSERT INTO articles_title_fts (articles_title_fts) VALUES ('delete-all')`.execute(db);
    await sql`INSERT INTO articles_fts (rowid, title, body) SELECT id, ${before('title')}, ${before('body')} FROM articles`.execute(
      db,
    );
    await sql`INSERT INTO articles_title_fts (rowid, title) SELECT id, ${before('title')} FROM articles`.execute(db);
    expect(await found('тема')).toEqual([]);

    await up(db as unknown as Kysely<unknown>);
    expect(await found('тема')).toEqual(['Новая тема переговоров']);
    expect(await found('"тем не менее"')).toEqual(['Новая тема переговоров']);
  });
});
