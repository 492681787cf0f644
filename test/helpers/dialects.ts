import { randomBytes } from 'node:crypto';
import pg from 'pg';
import { createCore } from '../../src/app/core.ts';
import type { CoreDeps } from '../../src/app/deps.ts';
import { silentLogger } from '../../src/logger.ts';
import type { Clock } from '../../src/ports/clock.ts';
import { systemClock } from '../../src/ports/clock.ts';
import type { CoreHandle } from '../../src/runtime.ts';
import { openStorage, type Storage } from '../../src/storage/connect.ts';
import { migrateToLatest } from '../../src/storage/migrate.ts';
import { createStores } from '../../src/storage/stores.ts';
import { testConfig } from './core.ts';

/**
 * The database engines a suite runs on: SQLite in memory always, and PostgreSQL when
 * TEST_DATABASE_URL is set (.ci/run sets it). Each PostgreSQL test gets a fresh schema,
 * dropped when it closes, so runs never see each other's data.
 */
export type DialectName = 'sqlite' | 'postgres';

const pgUrl = process.env.TEST_DATABASE_URL;
export const DIALECTS: DialectName[] = pgUrl ? ['sqlite', 'postgres'] : ['sqlite'];

async function openDialectStorage(dialect: DialectName): Promise<{ storage: Storage; drop(): Promise<void> }> {
  if (dialect === 'sqlite' || !pgUrl) return { storage: openStorage({ dialect: 'sqlite', path: ':memory:' }), drop: async () => {} };
  const schema = `test_${process.pid}_${randomBytes(4).toString('hex')}`;
  const admin = new pg.Client({ connectionString: pgUrl });
  await admin.connect();
  await admin.query(`CREATE SCHEMA ${schema}`);
  await admin.end();
  const storage = openStorage({ dialect: 'postgres', url: pgUrl, poolSize: 4 }, { pgSchema: schema });
  return {
    storage,
    async drop() {
      const client = new pg.Client({ connectionString: pgUrl });
      await client.connect();
      await client.query(`DROP SCHEMA IF EXISTS ${schema} CASCADE`);
      await client.end();
    },
  };
}

/** An open, migrated core on the given engine; close() also drops a PostgreSQL test schema. */
export async function openDialectCore(dialect: DialectName, env: Record<string, string> = {}, clock: Clock = systemClock): Promise<CoreHandle> {
  const { storage, drop } = await openDialectStorage(dialect);
  await migrateToLatest(storage.db);
  const listeners = new Set<() => void>();
  const deps: CoreDeps = {
    stores: createStores(storage.db),
    config: testConfig(env),
    clock,
    logger: silentLogger,
    onEnqueued: () => { for (const listener of listeners) listener(); },
  };
  return {
    core: createCore(deps),
    deps,
    storage,
    onEnqueued: (listener) => listeners.add(listener),
    close: async () => {
      await storage.close();
      await drop();
    },
  };
}
