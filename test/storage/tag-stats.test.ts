import { sql } from 'kysely';
import { afterEach, describe, expect, it } from 'vitest';
import { postArticle } from '../../src/app/articles.ts';
import { importArticles } from '../../src/app/importer.ts';
import type { CoreHandle } from '../../src/runtime.ts';
import { FakeClock, testConfig } from '../helpers/core.ts';
import { DIALECTS, openDialectCoreWith, type DialectName } from '../helpers/dialects.ts';

/*
 * tag_stats (how many articles carry each tag) is kept by triggers on article_tags, per
 * row on SQLite and per statement on PostgreSQL (migrations 0002 and 0012). Whatever
 * writes article_tags (one row, a multi-row insert, a moved tag, a cascading delete),
 * the counts stay those of article_tags itself.
 */

describe.each(DIALECTS)('tag counts on %s', (dialect: DialectName) => {
  const handles: CoreHandle[] = [];
  afterEach(async () => {
    await Promise.all(handles.splice(0).map((h) => h.close()));
  });

  async function counts(handle: CoreHandle) {
    const db = handle.storage.db;
    const kept = await sql<{ tag_id: number; articles: number }>`
      SELECT tag_id, articles FROM tag_stats WHERE articles <> 0 ORDER BY tag_id`.execute(db);
    const truth = await sql<{ tag_id: number; articles: number }>`
      SELECT tag_id, count(*) AS articles FROM article_tags GROUP BY tag_id ORDER BY tag_id`.execute(db);
    const plain = (rows: { tag_id: number; articles: number }[]) =>
      rows.map((r) => [Number(r.tag_id), Number(r.articles)]);
    return { kept: plain(kept.rows), truth: plain(truth.rows) };
  }

  it('follow every way article_tags is written', async () => {
    const handle = await openDialectCoreWith(dialect, testConfig(), new FakeClock());
    handles.push(handle);
    const db = handle.storage.db;
    for (let n = 0; n < 6; n++)
      await postArticle(
        handle.deps,
        { title: `Posted ${n}`, body: 'Text.', tags: ['Armenia', n % 2 ? 'CSTO' : 'Russia', `T${n % 3}`] },
        { postedBy: 'cli', notify: false },
      );
    async function* lines() {
      for (let n = 0; n < 30; n++)
        yield JSON.stringify({ id: `i${n}`, title: `Imported ${n}`, tags: ['Armenia', `T${n % 4}`, 'Baku'] });
    }
    await importArticles(handle.deps, lines(), { notify: false, batchSize: 8 });
    let seen = await counts(handle);
    expect(seen.kept).toEqual(seen.truth);
    expect(seen.truth.length).toBeGreaterThan(5);

    // A tag's links moved to another (several rows in one statement).
    const ids = await sql<{ id: number; key: string }>`SELECT id, key FROM tags`.execute(db);
    const idOf = (key: string) => Number(ids.rows.find((r) => r.key === key)?.id);
    await sql`UPDATE article_tags SET tag_id = ${idOf('t3')} WHERE tag_id = ${idOf('t1')}
      AND article_id NOT IN (SELECT article_id FROM article_tags WHERE tag_id = ${idOf('t3')})`.execute(db);
    seen = await counts(handle);
    expect(seen.kept).toEqual(seen.truth);

    // Links removed, and articles deleted (their links go with them).
    await sql`DELETE FROM article_tags WHERE tag_id = ${idOf('baku')} AND article_id % 2 = 0`.execute(db);
    await sql`DELETE FROM articles WHERE id % 3 = 0`.execute(db);
    seen = await counts(handle);
    expect(seen.kept).toEqual(seen.truth);
  });
});
