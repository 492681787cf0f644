/** Prepared statements kept across queries for Kysely's SQLite driver. */
import type SQLite from 'better-sqlite3';
import type { SqliteDatabase } from 'kysely';

/** Statements kept: the most recently used. */
export const STATEMENT_CACHE_SIZE = 256;

/**
 * The database as Kysely's driver sees it, with its statements kept. Kysely prepares every
 * query it runs and better-sqlite3 compiles the SQL each time (tens of µs; a search runs a
 * dozen statements, a delivery round more); the same SQL text with new parameters now
 * reuses its statement. A statement still being iterated (a streamed query) is never handed
 * out twice: the second caller gets a fresh one.
 */
export function withStatementCache(db: SQLite.Database, size = STATEMENT_CACHE_SIZE): SqliteDatabase {
  const kept = new Map<string, SQLite.Statement>();
  return {
    close: () => db.close(),
    prepare(sql: string) {
      const known = kept.get(sql);
      if (known?.busy) return db.prepare(sql);
      const statement = known ?? db.prepare(sql);
      kept.delete(sql);
      kept.set(sql, statement);
      if (kept.size > size) kept.delete(kept.keys().next().value ?? sql);
      return statement;
    },
  };
}
