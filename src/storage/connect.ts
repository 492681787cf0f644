import { mkdirSync } from 'node:fs';
import { dirname } from 'node:path';
import SQLite from 'better-sqlite3';
import { Kysely, SqliteDialect } from 'kysely';
import type { DatabaseConfig } from '../config.ts';
import type { Database } from './schema.ts';

/** How long a writer waits for another process's lock before SQLITE_BUSY. */
export const SQLITE_BUSY_TIMEOUT_MS = 5_000;

export interface Storage {
  db: Kysely<Database>;
  dialect: DatabaseConfig['dialect'];
  close(): Promise<void>;
}

/**
 * Opens the database. SQLite: the file's folder is created on demand; WAL mode so
 * readers (a one-shot CLI command) never block the running bot; foreign keys on; a busy
 * timeout so two processes writing at once wait instead of failing.
 */
export function openStorage(config: DatabaseConfig): Storage {
  if (config.dialect !== 'sqlite') throw new Error(`Unsupported database dialect: ${config.dialect}`);
  if (config.path !== ':memory:') mkdirSync(dirname(config.path), { recursive: true });
  const sqlite = new SQLite(config.path, { timeout: SQLITE_BUSY_TIMEOUT_MS });
  if (config.path !== ':memory:') sqlite.pragma('journal_mode = WAL');
  sqlite.pragma('foreign_keys = ON');
  sqlite.pragma('synchronous = NORMAL');
  const db = new Kysely<Database>({ dialect: new SqliteDialect({ database: sqlite }) });
  return { db, dialect: 'sqlite', close: () => db.destroy() };
}
