import { mkdirSync } from 'node:fs';
import { dirname } from 'node:path';
import SQLite from 'better-sqlite3';
import { Kysely, PostgresDialect, sql, SqliteDialect } from 'kysely';
import pg from 'pg';
import type { DatabaseConfig } from '../config.ts';
import { analysisOf } from './analysis-memo.ts';
import { migrateToLatest, type MigrationReport } from './migrate.ts';
import type { Database } from './schema.ts';
import { withStatementCache } from './statement-cache.ts';
import { createStores, type Stores } from './stores.ts';

/** How long a writer waits for another process's lock before SQLITE_BUSY. */
export const SQLITE_BUSY_TIMEOUT_MS = 5_000;

/**
 * What the engine behind the stores can do, decided here once (as Kysely's DialectAdapter
 * carries `supportsReturning`); nothing outside storage/ asks which engine it is.
 */
export interface StorageCapabilities {
  /**
   * Several processes may share the database: any number of delivery workers claim from
   * one outbox (SKIP LOCKED) and pace through shared rate slots (PostgreSQL). When false,
   * one worker per database, guarded by the worker lock (one SQLite file).
   */
  sharedByProcesses: boolean;
  /** What backs full-text search: SQLite FTS5 or PostgreSQL tsvector. */
  searchEngine: 'fts5' | 'tsvector';
  /** The database as messages name it: the SQLite file, or "this database". */
  label: string;
}

/** The engine, for storage/ alone: everything above it asks the capabilities. */
export type Engine = DatabaseConfig['dialect'];

/** What each engine can do. */
export function capabilitiesOf(engine: Engine, label: string): StorageCapabilities {
  const postgres = engine === 'postgres';
  return { sharedByProcesses: postgres, searchEngine: postgres ? 'tsvector' : 'fts5', label };
}

/**
 * An open database. `db` and `engine` are for storage/ and tests only: everything else
 * goes through the stores and asks the capabilities.
 */
export interface Storage {
  db: Kysely<Database>;
  engine: Engine;
  capabilities: StorageCapabilities;
  /** Every store over this database. */
  stores: Stores;
  /** Brings the schema up to date (Kysely's Migrator over migrations/). */
  migrate(): Promise<MigrationReport>;
  /** A round trip to the database (health checks); throws when it is unreachable. */
  ping(): Promise<void>;
  close(): Promise<void>;
}

/** PostgreSQL's bigint (int8) and numeric come back as strings by default; our values fit in a JS number. */
const pgTypes = {
  getTypeParser(oid: number, format?: 'text' | 'binary') {
    if (oid === pg.types.builtins.INT8 || oid === pg.types.builtins.NUMERIC) return (value: string) => Number(value);
    return format === undefined ? pg.types.getTypeParser(oid) : pg.types.getTypeParser(oid, format);
  },
} as pg.CustomTypesConfig;

function storageOver(db: Kysely<Database>, engine: Engine, label: string): Storage {
  const capabilities = capabilitiesOf(engine, label);
  return {
    db,
    engine,
    capabilities,
    stores: createStores(db, engine, capabilities),
    migrate: () => migrateToLatest(db, engine === 'postgres'),
    async ping() {
      await sql`SELECT 1`.execute(db);
    },
    close: () => db.destroy(),
  };
}

/**
 * Registers the SQL functions the schema's triggers call on a SQLite connection:
 * tagwire_terms(text), the search index's analysis of a text (migration 0013). Every
 * connection that writes articles needs it; openStorage registers it, and so must
 * anything else that opens the file with better-sqlite3 directly. Analyses an import made
 * ahead come from src/storage/analysis-memo.ts.
 */
export function registerSqliteFunctions(sqlite: SQLite.Database): void {
  sqlite.function('tagwire_terms', { deterministic: true }, (text: unknown) =>
    text === null || text === undefined ? null : analysisOf(String(text)),
  );
}

/**
 * Opens the database.
 * SQLite: the file's folder is created on demand; WAL mode so readers (a one-shot CLI
 * command) never block the running bot; foreign keys on; a busy timeout so two
 * processes writing at once wait instead of failing.
 * PostgreSQL: a pool of `poolSize` connections; `options.pgSchema`, when given, is the
 * search_path (tests use a fresh schema each).
 */
export function openStorage(config: DatabaseConfig, options: { pgSchema?: string } = {}): Storage {
  if (config.dialect === 'postgres') {
    const pool = new pg.Pool({
      connectionString: config.url,
      max: config.poolSize,
      types: pgTypes,
      ...(options.pgSchema ? { options: `-c search_path=${options.pgSchema}` } : {}),
    });
    return storageOver(new Kysely<Database>({ dialect: new PostgresDialect({ pool }) }), 'postgres', 'this database');
  }
  if (config.path !== ':memory:') mkdirSync(dirname(config.path), { recursive: true });
  const sqlite = new SQLite(config.path, { timeout: SQLITE_BUSY_TIMEOUT_MS });
  if (config.path !== ':memory:') sqlite.pragma('journal_mode = WAL');
  sqlite.pragma('foreign_keys = ON');
  sqlite.pragma('synchronous = NORMAL');
  registerSqliteFunctions(sqlite);
  return storageOver(
    new Kysely<Database>({ dialect: new SqliteDialect({ database: withStatementCache(sqlite) }) }),
    'sqlite',
    config.path,
  );
}
