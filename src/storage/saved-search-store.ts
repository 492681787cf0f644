import type { Kysely } from 'kysely';
import type { Database, SavedSearchMode } from './schema.ts';

/** A saved search as stored: the chat, follow or mute, the query, and the term it is filed under. */
export interface SavedSearchRow {
  subscriberId: number;
  mode: SavedSearchMode;
  query: string;
  keyTerm: string;
}

/** Saved searches and word mutes (migrations/0009_saved_searches.ts). */
export interface SavedSearchStore {
  /** Saves the query; false when the chat already had it. */
  add(row: SavedSearchRow, now: number): Promise<boolean>;
  /** Forgets the query; false when the chat did not have it. */
  remove(subscriberId: number, mode: SavedSearchMode, query: string): Promise<boolean>;
  /** The chat's searches and word mutes, oldest first. */
  list(subscriberId: number): Promise<SavedSearchRow[]>;
  /** Every saved search filed under one of these terms (a new article's terms). */
  byKeyTerms(terms: readonly string[]): Promise<SavedSearchRow[]>;
  /** How many are saved in all (benchmarks, stats). */
  count(): Promise<number>;
  /** Whether any chat has saved one: posting skips the matching when none has. */
  any(): Promise<boolean>;
}

/** Terms per lookup statement: well under every engine's parameter limit. */
const TERM_CHUNK = 500;

export function createSavedSearchStore(db: Kysely<Database>): SavedSearchStore {
  const columns = ['subscriber_id', 'mode', 'query', 'key_term'] as const;
  const toRow = (r: { subscriber_id: number; mode: SavedSearchMode; query: string; key_term: string }) => ({
    subscriberId: r.subscriber_id,
    mode: r.mode,
    query: r.query,
    keyTerm: r.key_term,
  });
  return {
    async add(row, now) {
      const result = await db
        .insertInto('saved_searches')
        .values({
          subscriber_id: row.subscriberId,
          mode: row.mode,
          query: row.query,
          key_term: row.keyTerm,
          created_at: now,
        })
        .onConflict((oc) => oc.columns(['subscriber_id', 'mode', 'query']).doNothing())
        .executeTakeFirst();
      return Number(result.numInsertedOrUpdatedRows ?? 0) > 0;
    },
    async remove(subscriberId, mode, query) {
      const result = await db
        .deleteFrom('saved_searches')
        .where('subscriber_id', '=', subscriberId)
        .where('mode', '=', mode)
        .where('query', '=', query)
        .executeTakeFirst();
      return Number(result.numDeletedRows) > 0;
    },
    async list(subscriberId) {
      const rows = await db
        .selectFrom('saved_searches')
        .select(columns)
        .where('subscriber_id', '=', subscriberId)
        .orderBy('created_at')
        .orderBy('query')
        .execute();
      return rows.map(toRow);
    },
    async byKeyTerms(terms) {
      const found: SavedSearchRow[] = [];
      const unique = [...new Set(terms)];
      for (let i = 0; i < unique.length; i += TERM_CHUNK) {
        const rows = await db
          .selectFrom('saved_searches')
          .select(columns)
          .where('key_term', 'in', unique.slice(i, i + TERM_CHUNK))
          .execute();
        found.push(...rows.map(toRow));
      }
      return found;
    },
    async any() {
      return (await db.selectFrom('saved_searches').select('subscriber_id').limit(1).executeTakeFirst()) !== undefined;
    },
    async count() {
      const row = await db
        .selectFrom('saved_searches')
        .select((eb) => eb.fn.countAll<number>().as('n'))
        .executeTakeFirst();
      return Number(row?.n ?? 0);
    },
  };
}
