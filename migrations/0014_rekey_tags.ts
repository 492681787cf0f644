import { sql, type Kysely } from 'kysely';

/*
 * Tag keys by today's rule (issue 18). The key a tag is matched by is computed from its
 * name (src/domain/tags.ts tagKey); the rule learned to drop invisible characters and to
 * fold `ё` as `е`, `և` as `եւ` and the Armenian marks ՛ ՜ ՞ after tags had been stored
 * with keys by the old rule. Such a tag could no longer be found by its own name
 * (`/follow Ёлка` looks for `елка`, the row says `ёлка`), and typing it made a twin.
 *
 * For every tag whose key is not tagKey(name): when no other tag has the new key, the
 * key is updated; when one does (`Երևան` and `Երեւան` were two tags, now one), the
 * younger tag is merged into the older one: its articles, follows and aliases move
 * over (a chat or an article that had both keeps one link, the older tag's), and it is
 * deleted. Aliases get their keys by the same rule; an alias whose new key is already a
 * tag's or another alias's is dropped (the name still means a tag: that one). Tag counts
 * are then recounted. Running it again changes nothing.
 *
 * The key rule is written out here as it stands in src/domain/tags.ts (tagKey) at this
 * migration, since migrations are frozen in time and import nothing from src/: a later
 * change of the rule is brought in by a new migration of this shape, with that rule.
 * test/storage/rekey-tags.test.ts checks that the two agree on the tags it writes.
 */

const INVISIBLE =
  /[\u00AD\u061C\u200B-\u200F\u202A-\u202E\u2060-\u2064\u2066-\u2069\uFEFF]|\u034F|[\u180B-\u180F]|[\uFE00-\uFE0F]|[\u{E0100}-\u{E01EF}]/gu;

/** tagKey of src/domain/tags.ts as of this migration. */
export function tagKeyAt0014(display: string): string {
  const stripped = display.replace(INVISIBLE, '').normalize('NFKC').replace(INVISIBLE, '');
  const folded = stripped
    .replace(/^[#＃]+/u, '')
    .replace(/_/gu, ' ')
    .replace(/\s+/gu, ' ')
    .trim()
    .toLowerCase()
    .normalize('NFKC');
  return folded
    .replace(/ё/gu, 'е')
    .replace(/\u0587/gu, '\u0565\u0582')
    .replace(/(?<=\p{L}[\p{M}\u055B\u055C\u055E]*)[\u055B\u055C\u055E]/gu, '');
}
const tagKey = tagKeyAt0014;

interface TagRow {
  id: number;
  key: string;
  name: string;
}

export async function up(db: Kysely<unknown>): Promise<void> {
  const tags = (await sql<TagRow>`SELECT id, key, name FROM tags ORDER BY id`.execute(db)).rows;
  const byKey = new Map(tags.map((t) => [t.key, Number(t.id)]));
  let changed = false;
  for (const tag of tags) {
    const id = Number(tag.id);
    const key = tagKey(tag.name);
    if (key === tag.key || key === '') continue;
    changed = true;
    const survivor = byKey.get(key);
    if (survivor === undefined || survivor === id) {
      await sql`UPDATE tags SET key = ${key} WHERE id = ${id}`.execute(db);
      byKey.delete(tag.key);
      byKey.set(key, id);
      continue;
    }
    // Merge into the older tag (ids grow): links it lacks move over, the rest go with the tag.
    const [keep, drop] = survivor < id ? [survivor, id] : [id, survivor];
    await sql`UPDATE article_tags SET tag_id = ${keep} WHERE tag_id = ${drop}
      AND article_id NOT IN (SELECT article_id FROM article_tags WHERE tag_id = ${keep})`.execute(db);
    await sql`DELETE FROM article_tags WHERE tag_id = ${drop}`.execute(db);
    await sql`UPDATE follows SET tag_id = ${keep} WHERE tag_id = ${drop}
      AND subscriber_id NOT IN (SELECT subscriber_id FROM follows WHERE tag_id = ${keep})`.execute(db);
    await sql`DELETE FROM follows WHERE tag_id = ${drop}`.execute(db);
    await sql`UPDATE tag_aliases SET tag_id = ${keep} WHERE tag_id = ${drop}`.execute(db);
    await sql`DELETE FROM tag_stats WHERE tag_id = ${drop}`.execute(db);
    await sql`DELETE FROM tags WHERE id = ${drop}`.execute(db);
    if (keep === id) await sql`UPDATE tags SET key = ${key} WHERE id = ${id}`.execute(db);
    byKey.delete(tag.key);
    byKey.set(key, keep);
  }

  const aliases = (
    await sql<{ key: string; name: string }>`SELECT key, name FROM tag_aliases ORDER BY created_at, key`.execute(db)
  ).rows;
  const aliasKeys = new Set(aliases.map((a) => a.key));
  for (const alias of aliases) {
    const key = tagKey(alias.name);
    if (key === alias.key || key === '') continue;
    changed = true;
    aliasKeys.delete(alias.key);
    if (byKey.has(key) || aliasKeys.has(key)) {
      await sql`DELETE FROM tag_aliases WHERE key = ${alias.key}`.execute(db);
    } else {
      await sql`UPDATE tag_aliases SET key = ${key} WHERE key = ${alias.key}`.execute(db);
      aliasKeys.add(key);
    }
  }
  // An alias naming what is now a tag's own key is that tag already.
  await sql`DELETE FROM tag_aliases WHERE key IN (SELECT key FROM tags)`.execute(db);

  if (changed) {
    await sql`DELETE FROM tag_stats`.execute(db);
    await sql`INSERT INTO tag_stats (tag_id, articles) SELECT tag_id, count(*) FROM article_tags GROUP BY tag_id`.execute(
      db,
    );
  }
}

/** Keys by the old rule cannot be told back from the names, and merged tags stay merged: nothing to undo. */
export async function down(): Promise<void> {}
