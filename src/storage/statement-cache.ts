/** Prepared statements kept across queries for Kysely's SQLite driver. */
import type SQLite from 'better-sqlite3';
import { sql, type Kysely, type RawBuilder, type SqliteDatabase } from 'kysely';

/** Statements kept: the most recently used. */
export const STATEMENT_CACHE_SIZE = 256;

/**
 * SQL that starts with this comment returns each row's first column alone (better-sqlite3's
 * pluck) instead of an object per row: the search's id reads, where making the objects cost
 * more than FTS5 took to find the rows (0.56-0.80 ms against 0.24-0.26 ms for 1,000 ids at
 * 1M articles). `selectIds` runs a query so and reads its rows with `pluckedIds`, which
 * also reads them as objects (SQL run without this cache, or PostgreSQL, which ignores the
 * comment).
 */
export const PLUCK = '/* pluck */ ';

/** The ids a PLUCK query returned: each row's value, or its first column when rows came as objects. */
export function pluckedIds(rows: readonly unknown[]): number[] {
  return rows.map((row) => Number(typeof row === 'object' && row !== null ? Object.values(row)[0] : row));
}

/** The first column of `query`'s rows as numbers, read as PLUCK. */
export async function selectIds<DB>(db: Kysely<DB>, query: RawBuilder<unknown>): Promise<number[]> {
  return pluckedIds((await sql<unknown>`${sql.raw(PLUCK)}${query}`.execute(db)).rows);
}

/**
 * The database as Kysely's driver sees it, with its statements kept. Kysely prepares every
 * query it runs and better-sqlite3 compiles the SQL each time (tens of µs; a search runs a
 * dozen statements, a delivery round more); the same SQL text with new parameters now
 * reuses its statement. A statement still being iterated (a streamed query) is never handed
 * out twice: the second caller gets a fresh one.
 */
export function withStatementCache(db: SQLite.Database, size = STATEMENT_CACHE_SIZE): SqliteDatabase {
  const kept = new Map<string, SQLite.Statement>();
  const compile = (sql: string) => (sql.startsWith(PLUCK) ? db.prepare(sql).pluck() : db.prepare(sql));
  return {
    close: () => db.close(),
    prepare(sql: string) {
      const known = kept.get(sql);
      if (known?.busy) return compile(sql);
      const statement = known ?? compile(sql);
      kept.delete(sql);
      kept.set(sql, statement);
      if (kept.size > size) kept.delete(kept.keys().next().value ?? sql);
      return statement;
    },
  };
}
