import { sql, type Kysely } from 'kysely';
import { tagKey, type TagName } from '../domain/tags.ts';
import type { Database, TagRow } from './schema.ts';

export interface TagWithCount {
  id: number;
  name: string;
  count: number;
}

/** What a merge of two tags changes. */
export interface TagMerge {
  /** Chats whose follow (or mute) of the old tag moves to the new one. */
  followsMoved: number;
  /** Chats that had the new tag already: their entry for the old one goes. */
  followsDropped: number;
  /** Articles that carry the new tag instead of the old one. */
  articlesMoved: number;
  /** Articles that had both: the old link goes. */
  articlesHadBoth: number;
  /** Aliases of the old tag, now the new one's (its own spelling not counted). */
  aliasesMoved: number;
}

export interface TagStore {
  /** A tag by key, or through an alias with that key. */
  find(key: string): Promise<TagRow | undefined>;
  /** find for many keys at once (two statements): the tags found, by the key given; a tag's own key wins. */
  findMany(keys: readonly string[]): Promise<Map<string, TagRow>>;
  /** Finds or creates each tag (aliases resolve to their tag); returns rows in input order. */
  ensure(tags: readonly TagName[], now: number): Promise<TagRow[]>;
  /** ensure for many tags at once, in a few statements (ensureTags); returns the rows by the keys given. */
  ensureMany(tags: readonly TagName[], now: number): Promise<Map<string, TagRow>>;
  /**
   * Respells a tag. When its key changes, the old spelling becomes an alias of the tag
   * (articles tagged, chats following, with the old name still mean it), and an alias
   * that was the new spelling goes (the tag's own key now says it).
   */
  rename(tagId: number, display: string, now: number): Promise<void>;
  addAlias(alias: TagName, tagId: number, now: number): Promise<void>;
  /** What merging tag `fromId` into `intoId` would change (see merge), changing nothing. */
  mergePlan(fromId: number, intoId: number): Promise<TagMerge>;
  /**
   * Merges tag `fromId` into `intoId`, in one transaction: its follows move to the other
   * tag (a chat that has one for both keeps the one for `intoId`, thread and mention
   * included), its articles carry the other tag instead (once), its aliases and its own
   * spelling become aliases of the other, and it is removed.
   */
  merge(fromId: number, intoId: number, now: number): Promise<TagMerge>;
  /**
   * Adds aliases whose keys are not aliases yet, in one statement per few thousand; an
   * alias key that exists already keeps its tag (never re-pointed). Returns how many
   * were added. The caller checks that no key is a tag's own.
   */
  addMissingAliases(aliases: readonly { alias: TagName; tagId: number }[], now: number): Promise<number>;
  /** Tags with the most followers (mutes not counted). */
  topFollowed(limit: number): Promise<TagWithCount[]>;
  /** Known tags whose key starts with or contains the text, most-followed first. */
  complete(prefix: string, limit: number): Promise<TagWithCount[]>;
  /** Every tag's key and name: for suggestions. */
  allNames(): Promise<{ id: number; key: string; name: string }[]>;
  /** Every alias with the display name of its tag. */
  aliasNames(): Promise<{ alias: string; tag: string }[]>;
  /** How many articles carry each tag. */
  articleCounts(tagIds: readonly number[]): Promise<Map<number, number>>;
  count(): Promise<number>;
}

/** Keys per statement: well under both engines' limits on bound parameters. */
const KEYS_PER_STATEMENT = 5_000;

function chunks<T>(items: readonly T[], size: number): T[][] {
  const out: T[][] = [];
  for (let i = 0; i < items.length; i += size) out.push(items.slice(i, i + size));
  return out;
}

/** The tags with these keys, directly or through an alias (a tag's own key wins), by key. */
async function findTags(db: Kysely<Database>, keys: readonly string[]): Promise<Map<string, TagRow>> {
  const found = new Map<string, TagRow>();
  for (const chunk of chunks(keys, KEYS_PER_STATEMENT)) {
    for (const row of await db.selectFrom('tags').selectAll().where('key', 'in', chunk).execute())
      found.set(row.key, row);
  }
  const rest = keys.filter((k) => !found.has(k));
  for (const chunk of chunks(rest, KEYS_PER_STATEMENT)) {
    const rows = await db
      .selectFrom('tag_aliases')
      .innerJoin('tags', 'tags.id', 'tag_aliases.tag_id')
      .select(['tag_aliases.key as alias', 'tags.id', 'tags.key', 'tags.name', 'tags.created_at'])
      .where('tag_aliases.key', 'in', chunk)
      .execute();
    for (const { alias, ...row } of rows) found.set(alias, row);
  }
  return found;
}

/**
 * TagStore.ensure for many tags at once (an import batch): finds or creates each, by
 * key, through aliases as ensure does. Missing tags are created in the order given, each
 * under the spelling it first has, as ensuring them one after another would; a few
 * statements in all. Returns the rows by the keys given.
 */
export async function ensureTags(
  db: Kysely<Database>,
  tags: readonly TagName[],
  now: number,
): Promise<Map<string, TagRow>> {
  const wanted = new Map<string, TagName>();
  for (const tag of tags) if (!wanted.has(tag.key)) wanted.set(tag.key, tag);
  const found = await findTags(db, [...wanted.keys()]);
  const missing = [...wanted.values()].filter((t) => !found.has(t.key));
  if (missing.length === 0) return found;
  for (const chunk of chunks(missing, Math.floor(KEYS_PER_STATEMENT / 3))) {
    await db
      .insertInto('tags')
      .values(chunk.map((t) => ({ key: t.key, name: t.display, created_at: now })))
      .onConflict((oc) => oc.column('key').doNothing())
      .execute();
  }
  const created = await findTags(
    db,
    missing.map((t) => t.key),
  );
  for (const tag of missing) {
    const row = created.get(tag.key);
    if (!row) throw new Error(`tag ${tag.key} vanished while being created`);
    found.set(tag.key, row);
  }
  return found;
}

export function createTagStore(db: Kysely<Database>): TagStore {
  const find = async (key: string): Promise<TagRow | undefined> => {
    const direct = await db.selectFrom('tags').selectAll().where('key', '=', key).executeTakeFirst();
    if (direct) return direct;
    return db
      .selectFrom('tag_aliases')
      .innerJoin('tags', 'tags.id', 'tag_aliases.tag_id')
      .select(['tags.id', 'tags.key', 'tags.name', 'tags.created_at'])
      .where('tag_aliases.key', '=', key)
      .executeTakeFirst();
  };
  const followerCount = sql<number>`(SELECT count(*) FROM follows f WHERE f.tag_id = tags.id AND f.mode = 'follow')`;

  return {
    find,
    findMany: (keys) => findTags(db, [...new Set(keys)]),
    ensureMany: (tags, now) => ensureTags(db, tags, now),
    async ensure(tags, now) {
      const rows: TagRow[] = [];
      for (const tag of tags) {
        let row = await find(tag.key);
        if (!row) {
          await db
            .insertInto('tags')
            .values({ key: tag.key, name: tag.display, created_at: now })
            .onConflict((oc) => oc.column('key').doNothing())
            .execute();
          row = await find(tag.key);
        }
        if (!row) throw new Error(`tag ${tag.key} vanished while being created`);
        rows.push(row);
      }
      return rows;
    },
    async rename(tagId, display, now) {
      const key = tagKey(display);
      const work = async (trx: Kysely<Database>) => {
        const old = await trx.selectFrom('tags').select(['key', 'name']).where('id', '=', tagId).executeTakeFirst();
        if (!old) return;
        await trx.deleteFrom('tag_aliases').where('key', '=', key).where('tag_id', '=', tagId).execute();
        await trx.updateTable('tags').set({ name: display, key }).where('id', '=', tagId).execute();
        if (old.key === key) return;
        await trx
          .insertInto('tag_aliases')
          .values({ key: old.key, name: old.name, tag_id: tagId, created_at: now })
          .onConflict((oc) => oc.column('key').doUpdateSet({ tag_id: tagId, name: old.name }))
          .execute();
      };
      await (db.isTransaction ? work(db) : db.transaction().execute(work));
    },
    async mergePlan(fromId, intoId) {
      return mergeCounts(db, fromId, intoId);
    },
    async merge(fromId, intoId, now) {
      const work = async (trx: Kysely<Database>): Promise<TagMerge> => {
        const counts = await mergeCounts(trx, fromId, intoId);
        const old = await trx.selectFrom('tags').select(['key', 'name']).where('id', '=', fromId).executeTakeFirst();
        if (!old) return counts;
        const bothFollow = trx.selectFrom('follows').select('subscriber_id').where('tag_id', '=', intoId);
        await trx.deleteFrom('follows').where('tag_id', '=', fromId).where('subscriber_id', 'in', bothFollow).execute();
        await trx.updateTable('follows').set({ tag_id: intoId }).where('tag_id', '=', fromId).execute();
        const bothTagged = trx.selectFrom('article_tags').select('article_id').where('tag_id', '=', intoId);
        await trx
          .deleteFrom('article_tags')
          .where('tag_id', '=', fromId)
          .where('article_id', 'in', bothTagged)
          .execute();
        await trx.updateTable('article_tags').set({ tag_id: intoId }).where('tag_id', '=', fromId).execute();
        await trx.updateTable('tag_aliases').set({ tag_id: intoId }).where('tag_id', '=', fromId).execute();
        await trx
          .insertInto('tag_aliases')
          .values({ key: old.key, name: old.name, tag_id: intoId, created_at: now })
          .onConflict((oc) => oc.column('key').doUpdateSet({ tag_id: intoId, name: old.name }))
          .execute();
        await trx.deleteFrom('tags').where('id', '=', fromId).execute();
        return counts;
      };
      return db.isTransaction ? work(db) : db.transaction().execute(work);
    },
    async addAlias(alias, tagId, now) {
      await db
        .insertInto('tag_aliases')
        .values({ key: alias.key, name: alias.display, tag_id: tagId, created_at: now })
        .onConflict((oc) => oc.column('key').doUpdateSet({ tag_id: tagId, name: alias.display }))
        .execute();
    },
    async addMissingAliases(aliases, now) {
      let added = 0;
      for (const chunk of chunks(aliases, Math.floor(KEYS_PER_STATEMENT / 4))) {
        const result = await db
          .insertInto('tag_aliases')
          .values(chunk.map((a) => ({ key: a.alias.key, name: a.alias.display, tag_id: a.tagId, created_at: now })))
          .onConflict((oc) => oc.column('key').doNothing())
          .executeTakeFirst();
        added += Number(result.numInsertedOrUpdatedRows ?? 0);
      }
      return added;
    },
    async topFollowed(limit) {
      const rows = await db
        .selectFrom('follows')
        .innerJoin('tags', 'tags.id', 'follows.tag_id')
        .innerJoin('subscribers', 'subscribers.id', 'follows.subscriber_id')
        .select(['tags.id', 'tags.name', (eb) => eb.fn.countAll<number>().as('count')])
        .where('follows.mode', '=', 'follow')
        .where('subscribers.status', '=', 'active')
        .groupBy(['tags.id', 'tags.name'])
        .orderBy('count', 'desc')
        .orderBy('tags.name')
        .limit(limit)
        .execute();
      return rows.map((r) => ({ id: r.id, name: r.name, count: Number(r.count) }));
    },
    async complete(prefix, limit) {
      const key = tagKey(prefix);
      const escaped = key.replace(/[\\%_]/gu, (c) => `\\${c}`);
      const rows = await db
        .selectFrom('tags')
        .select(['id', 'name', followerCount.as('count')])
        .where(sql<boolean>`key LIKE ${`%${escaped}%`} ESCAPE '\\'`)
        .orderBy(sql`CASE WHEN key LIKE ${`${escaped}%`} ESCAPE '\\' THEN 0 ELSE 1 END`)
        .orderBy('count', 'desc')
        .orderBy('name')
        .limit(limit)
        .execute();
      return rows.map((r) => ({ id: r.id, name: r.name, count: Number(r.count) }));
    },
    allNames: () => db.selectFrom('tags').select(['id', 'key', 'name']).execute(),
    aliasNames: () =>
      db
        .selectFrom('tag_aliases')
        .innerJoin('tags', 'tags.id', 'tag_aliases.tag_id')
        .select(['tag_aliases.name as alias', 'tags.name as tag'])
        .execute(),
    async articleCounts(tagIds) {
      if (tagIds.length === 0) return new Map();
      const rows = await db
        .selectFrom('article_tags')
        .select(['tag_id', (eb) => eb.fn.countAll<number>().as('n')])
        .where('tag_id', 'in', tagIds)
        .groupBy('tag_id')
        .execute();
      return new Map(rows.map((r) => [r.tag_id, Number(r.n)]));
    },
    async count() {
      const row = await db
        .selectFrom('tags')
        .select((eb) => eb.fn.countAll<number>().as('n'))
        .executeTakeFirstOrThrow();
      return Number(row.n);
    },
  };
}

/** The counts of a merge of `fromId` into `intoId`, as they stand. */
async function mergeCounts(db: Kysely<Database>, fromId: number, intoId: number): Promise<TagMerge> {
  const count = async (query: Promise<{ n: number | string | bigint } | undefined>) => Number((await query)?.n ?? 0);
  const follows = (tagId: number) => db.selectFrom('follows').select('subscriber_id').where('tag_id', '=', tagId);
  const tagged = (tagId: number) => db.selectFrom('article_tags').select('article_id').where('tag_id', '=', tagId);
  const followsFrom = await count(
    db
      .selectFrom('follows')
      .select((eb) => eb.fn.countAll().as('n'))
      .where('tag_id', '=', fromId)
      .executeTakeFirst(),
  );
  const followsDropped = await count(
    db
      .selectFrom('follows')
      .select((eb) => eb.fn.countAll().as('n'))
      .where('tag_id', '=', fromId)
      .where('subscriber_id', 'in', follows(intoId))
      .executeTakeFirst(),
  );
  const articlesFrom = await count(
    db
      .selectFrom('article_tags')
      .select((eb) => eb.fn.countAll().as('n'))
      .where('tag_id', '=', fromId)
      .executeTakeFirst(),
  );
  const articlesHadBoth = await count(
    db
      .selectFrom('article_tags')
      .select((eb) => eb.fn.countAll().as('n'))
      .where('tag_id', '=', fromId)
      .where('article_id', 'in', tagged(intoId))
      .executeTakeFirst(),
  );
  const aliasesMoved = await count(
    db
      .selectFrom('tag_aliases')
      .select((eb) => eb.fn.countAll().as('n'))
      .where('tag_id', '=', fromId)
      .executeTakeFirst(),
  );
  return {
    followsMoved: followsFrom - followsDropped,
    followsDropped,
    articlesMoved: articlesFrom - articlesHadBoth,
    articlesHadBoth,
    aliasesMoved,
  };
}
