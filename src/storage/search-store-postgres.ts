import { sql, type Kysely, type RawBuilder, type SqlBool } from 'kysely';
import type { Database } from './schema.ts';
import { createSearchStore, type IdWindow, type SearchStore, type TextMatch } from './search-store.ts';

/*
 * The search store on PostgreSQL. The archive's text index is the `search` tsvector
 * column of articles (migrations 0001 and 0005: title weighted 'A', body 'B', the
 * `english` configuration with accents folded, so words are stemmed and folded as
 * SQLite's porter tokenizer does) with its GIN index. Only the text match and the index upkeep differ from SQLite; every other
 * query of the store is plain SQL both engines run, so those are the shared ones.
 */

/** The text-search configuration the `search` column is built with: `english`, accents folded (migration 0005). */
export const TEXT_SEARCH_CONFIG = 'tagwire_english';

const config = sql.lit(TEXT_SEARCH_CONFIG);

type Part = { kind: 'word' | 'phrase' | 'excluded'; text: string };

const partQuery = (part: Part) => (part.kind === 'phrase'
  ? sql`phraseto_tsquery(${config}, ${part.text})`
  : sql`plainto_tsquery(${config}, ${part.text})`);

/** The parts of a TextMatch: its words and phrases (as text), and the excluded words. */
function partsOf(match: TextMatch): Part[] {
  return [
    ...match.all.map((text): Part => ({ kind: 'word', text })),
    ...match.phrases.filter((p) => p.length > 0).map((p): Part => ({ kind: 'phrase', text: p.join(' ') })),
    ...match.excluded.map((text): Part => ({ kind: 'excluded', text })),
  ];
}

const escapeLike = (text: string) => text.replace(/[\\%_]/gu, (c) => `\\${c}`);

/**
 * The condition for a TextMatch on articles `a`; null when it requires nothing. Each
 * word and phrase is parsed by the configuration the index was built with (stemmed, stop
 * words dropped) and matched through the GIN index. A part made only of stop words
 * (`"to be or not to be"`) is not in the index at all: it is matched as text instead
 * (case-insensitive, within the newest-first bounded scan), as SQLite's index, which
 * keeps stop words, would match it. `empty` tells which parts are only stop words.
 */
export function textCondition(match: TextMatch, empty: readonly boolean[]): RawBuilder<SqlBool> | null {
  const parts = partsOf(match);
  const indexed = parts.filter((p, i) => p.kind !== 'excluded' && empty[i] !== true).map(partQuery);
  const literal = parts.filter((p, i) => p.kind !== 'excluded' && empty[i] === true)
    .map((p) => sql<SqlBool>`(a.title || ' ' || a.body) ILIKE ${`%${escapeLike(p.text)}%`}`);
  if (indexed.length === 0 && literal.length === 0) return null;
  const excluded = parts.filter((p, i) => p.kind === 'excluded' && empty[i] !== true).map(partQuery);
  const conditions: RawBuilder<SqlBool>[] = [];
  if (indexed.length > 0) {
    const positive = sql`(${sql.join(indexed, sql` && `)})`;
    conditions.push(sql<SqlBool>`a.search @@ ${excluded.length > 0 ? sql`(${positive} && !!(${sql.join(excluded, sql` || `)}))` : positive}`);
  } else if (excluded.length > 0) {
    conditions.push(sql<SqlBool>`NOT (a.search @@ (${sql.join(excluded, sql` || `)}))`);
  }
  conditions.push(...literal);
  return sql<SqlBool>`(${sql.join(conditions, sql` AND `)})`;
}

function windowConditions(column: RawBuilder<unknown>, window: IdWindow): RawBuilder<SqlBool>[] {
  const where: RawBuilder<SqlBool>[] = [];
  if (window.below !== undefined) where.push(sql<SqlBool>`${column} < ${window.below}`);
  if (window.above !== undefined) where.push(sql<SqlBool>`${column} > ${window.above}`);
  return where;
}

const and = (conditions: RawBuilder<SqlBool>[]) => (conditions.length > 0 ? sql`AND ${sql.join(conditions, sql` AND `)}` : sql``);

export function createPostgresSearchStore(db: Kysely<Database>): SearchStore {
  const shared = createSearchStore(db);
  return {
    ...shared,

    async matchIds(match, options) {
      const parts = partsOf(match);
      if (parts.length === 0) return [];
      // Which parts are only stop words (an empty tsquery): one round trip for all.
      const counted = await sql<{ nodes: number[] }>`SELECT ARRAY[${sql.join(parts.map((p) => sql`numnode(${partQuery(p)})`))}] AS nodes`.execute(db);
      const nodes = counted.rows[0]?.nodes ?? [];
      const condition = textCondition(match, parts.map((_, i) => Number(nodes[i] ?? 0) === 0));
      if (condition === null) return [];
      // Titles only: the index finds candidates, the title's own vector confirms them.
      const title = options.titleOnly ? [sql<SqlBool>`to_tsvector(${config}, a.title) @@ (${sql.join(parts.filter((p) => p.kind !== 'excluded').map(partQuery), sql` && `)})`] : [];
      const direction = options.order === 'oldest' ? sql`ASC` : sql`DESC`;
      const rows = await sql<{ id: number }>`
        SELECT a.id FROM articles a
        WHERE ${condition} ${and([...title, ...windowConditions(sql`a.id`, options)])}
        ORDER BY a.id ${direction} LIMIT ${options.limit}`.execute(db);
      return rows.rows.map((r) => Number(r.id));
    },

    async newest(filter, limit, offset) {
      const dates = [
        ...(filter.since === null ? [] : [sql<SqlBool>`a.published_at >= ${filter.since}`]),
        ...(filter.until === null ? [] : [sql<SqlBool>`a.published_at <= ${filter.until}`]),
      ];
      const [first, ...others] = filter.tagIds;
      const hasTag = (tagId: number) => sql<SqlBool>`EXISTS (SELECT 1 FROM article_tags o WHERE o.article_id = a.id AND o.tag_id = ${tagId})`;
      if (first !== undefined && filter.driveByTag) {
        const rows = await sql<{ id: number }>`
          SELECT a.id FROM article_tags t JOIN articles a ON a.id = t.article_id
          WHERE t.tag_id = ${first} ${and([...others.map(hasTag), ...dates])}
          ORDER BY a.published_at DESC, a.id DESC LIMIT ${limit} OFFSET ${offset}`.execute(db);
        return rows.rows.map((r) => Number(r.id));
      }
      return shared.newest(filter, limit, offset);
    },

    async rebuild() {
      // The tsvector column is generated, so it is never stale; recount the tags and
      // refresh the planner's statistics after a bulk load.
      await sql`DELETE FROM tag_stats`.execute(db);
      await sql`INSERT INTO tag_stats (tag_id, articles) SELECT tag_id, count(*) FROM article_tags GROUP BY tag_id`.execute(db);
      await sql`ANALYZE articles`.execute(db);
      await sql`ANALYZE article_tags`.execute(db);
    },
  };
}
