import { randomBytes } from 'node:crypto';
import pg from 'pg';
import type { Config } from '../../src/config.ts';
import { silentLogger } from '../../src/logger.ts';
import type { Clock } from '../../src/ports/clock.ts';
import { systemClock } from '../../src/ports/clock.ts';
import { coreOnStorage, type CoreHandle } from '../../src/runtime.ts';
import { openStorage, type Storage } from '../../src/storage/connect.ts';
import { testConfig } from './core.ts';

/**
 * The database engines a suite runs on: SQLite in memory always, and PostgreSQL when
 * TEST_DATABASE_URL is set (.ci/run sets it). Each PostgreSQL test gets a fresh schema,
 * dropped when it closes, so runs never see each other's data.
 */
export type DialectName = 'sqlite' | 'postgres';

export const TEST_DATABASE_URL = process.env.TEST_DATABASE_URL;
export const DIALECTS: DialectName[] = TEST_DATABASE_URL ? ['sqlite', 'postgres'] : ['sqlite'];

async function adminQuery(text: string): Promise<void> {
  const client = new pg.Client({ connectionString: TEST_DATABASE_URL });
  await client.connect();
  try {
    await client.query(text);
  } finally {
    await client.end();
  }
}

/** A fresh, empty PostgreSQL schema of the test database, and how to drop it. */
export async function createTestSchema(): Promise<{ url: string; schema: string; drop(): Promise<void> }> {
  if (!TEST_DATABASE_URL) throw new Error('TEST_DATABASE_URL is not set');
  const schema = `test_${process.pid}_${randomBytes(4).toString('hex')}`;
  await adminQuery(`CREATE SCHEMA ${schema}`);
  return { url: TEST_DATABASE_URL, schema, drop: () => adminQuery(`DROP SCHEMA IF EXISTS ${schema} CASCADE`) };
}

/** TEST_DATABASE_URL with the schema as every connection's search_path: for child processes. */
export function urlWithSchema(url: string, schema: string): string {
  const withSchema = new URL(url);
  withSchema.searchParams.set('options', `-c search_path=${schema}`);
  return withSchema.toString();
}

export async function openDialectStorage(
  dialect: DialectName,
  poolSize = 4,
): Promise<{ storage: Storage; drop(): Promise<void> }> {
  if (dialect === 'sqlite' || !TEST_DATABASE_URL)
    return { storage: openStorage({ dialect: 'sqlite', path: ':memory:' }), drop: async () => {} };
  const { url, schema, drop } = await createTestSchema();
  const storage = openStorage({ dialect: 'postgres', url, poolSize }, { pgSchema: schema });
  return { storage, drop };
}

/** A migrated core over the given engine and config; close() also drops a PostgreSQL test schema. */
export async function openDialectCoreWith(
  dialect: DialectName,
  config: Config,
  clock: Clock = systemClock,
): Promise<CoreHandle> {
  const { storage, drop } = await openDialectStorage(dialect);
  try {
    await storage.migrate();
  } catch (err) {
    await storage.close();
    await drop();
    throw err;
  }
  const handle = coreOnStorage(storage, config, silentLogger, clock);
  return {
    ...handle,
    close: async () => {
      await handle.close();
      await drop();
    },
  };
}

/** An open, migrated core on the given engine; close() also drops a PostgreSQL test schema. */
export function openDialectCore(
  dialect: DialectName,
  env: Record<string, string> = {},
  clock: Clock = systemClock,
): Promise<CoreHandle> {
  return openDialectCoreWith(dialect, testConfig(env), clock);
}
