import { sql } from 'kysely';
import { afterEach, describe, expect, it } from 'vitest';
import { up as rekeyTags, tagKeyAt0014 } from '../../migrations/0014_rekey_tags.ts';
import { tagKey } from '../../src/domain/tags.ts';
import type { CoreHandle } from '../../src/runtime.ts';
import { DIALECTS, openDialectCore } from '../helpers/dialects.ts';
import { command } from '../search/fixtures.ts';

it('migration 0014 keys tags as the application does', () => {
  for (const name of [
    'Ёлка',
    'Երևան',
    'Ինչո՞ւ',
    'Arme\u200Bnia',
    '#New_York',
    '  Nagorno   Karabakh ',
    'ＡＢＣ',
    'İstanbul',
  ])
    expect(tagKeyAt0014(name)).toBe(tagKey(name));
});

/** Migration 0014: tags stored with keys by the old rule are found again, and twins merge. */
describe.each(DIALECTS)('re-keying tags on %s', (dialect) => {
  let handle: CoreHandle;
  afterEach(async () => {
    await handle.close();
  });

  it('updates old keys, merges tags that now fold together, and keeps every article and follow', async () => {
    handle = await openDialectCore(dialect);
    const db = handle.storage.db;
    // Tags stored by the old rule: two the new rule folds together (և and եւ), one with a ё key,
    // an alias with a ё key; a chat following both twins; an article carrying both.
    await command(handle, '/post Old one\ntags: Placeholder\n\nText.');
    await command(handle, '/post New one\ntags: Yerevan news\n\nText.');
    const insertTag = async (key: string, name: string) =>
      Number(
        (
          await sql<{
            id: number;
          }>`INSERT INTO tags (key, name, created_at) VALUES (${key}, ${name}, 1) RETURNING id`.execute(db)
        ).rows[0]?.id,
      );
    const older = await insertTag('երևան', 'Երևան');
    const spruce = await insertTag('ёлка', 'Ёлка');
    const twin = await insertTag('երեւան', 'Երեւան');
    const articleId = async (title: string) =>
      Number((await sql<{ id: number }>`SELECT id FROM articles WHERE title = ${title}`.execute(db)).rows[0]?.id);
    const link = (article: number, tag: number) =>
      sql`INSERT INTO article_tags (article_id, tag_id, position) VALUES (${article}, ${tag}, 1)`.execute(db);
    await link(await articleId('Old one'), older);
    await link(await articleId('New one'), twin);
    await link(await articleId('Old one'), twin);
    await command(handle, '/follow Yerevan news');
    const subscriber = (await sql<{ id: number }>`SELECT id FROM subscribers`.execute(db)).rows[0]?.id;
    for (const tag of [older, twin])
      await sql`INSERT INTO follows (subscriber_id, tag_id, mode, created_at) VALUES (${subscriber}, ${tag}, 'follow', 1)`.execute(
        db,
      );
    await sql`INSERT INTO tag_aliases (key, name, tag_id, created_at) VALUES ('ёлочка', 'Ёлочка', ${spruce}, 1)`.execute(
      db,
    );
    const ids = async () =>
      new Map(
        (await sql<{ id: number; key: string; name: string }>`SELECT id, key, name FROM tags`.execute(db)).rows.map(
          (r) => [r.name, { id: Number(r.id), key: r.key }],
        ),
      );

    await rekeyTags(db as never);
    await rekeyTags(db as never); // again: nothing changes

    const tags = await ids();
    expect(tags.get('Երևան')).toEqual({ id: older, key: 'երեւան' });
    expect(tags.has('Երեւան')).toBe(false);
    expect(tags.get('Ёлка')?.key).toBe('елка');
    const linked = await sql<{ title: string }>`
      SELECT a.title FROM article_tags t JOIN articles a ON a.id = t.article_id WHERE t.tag_id = ${older} ORDER BY a.title`.execute(
      db,
    );
    expect(linked.rows.map((r) => r.title)).toEqual(['New one', 'Old one']);
    const follows = await sql<{
      tag_id: number;
    }>`SELECT tag_id FROM follows WHERE tag_id IN (${older}, ${twin})`.execute(db);
    expect(follows.rows.map((r) => Number(r.tag_id))).toEqual([older]);
    const stats = await sql<{ articles: number }>`SELECT articles FROM tag_stats WHERE tag_id = ${older}`.execute(db);
    expect(Number(stats.rows[0]?.articles)).toBe(2);
    expect(
      (await sql<{ key: string }>`SELECT key FROM tag_aliases WHERE name = 'Ёлочка'`.execute(db)).rows[0]?.key,
    ).toBe('елочка');
    // Found by its name again, in either spelling: no twin is made.
    await command(handle, '/follow Ёлка, Երեւան');
    expect((await ids()).size).toBe(tags.size);
  });
});
