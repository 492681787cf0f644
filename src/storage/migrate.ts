import { Migrator, sql, type Kysely, type MigrationResultSet } from 'kysely';
import { migrations } from '../../migrations/index.ts';

export interface MigrationReport {
  applied: string[];
}

/**
 * The schema Kysely's bookkeeping tables live in, on PostgreSQL: the connection's current
 * schema (the first of its search_path). Without it the Migrator looks for
 * kysely_migration in every schema and, when another schema of the same database has
 * one, believes this schema has it too.
 */
async function migrationSchema(db: Kysely<unknown>, postgres: boolean): Promise<string | undefined> {
  if (!postgres) return undefined;
  const row = (await sql<{ schema: string | null }>`SELECT current_schema() AS schema`.execute(db)).rows[0];
  return row?.schema ?? undefined;
}

/**
 * Brings the schema up to date with Kysely's Migrator. Safe from several processes at
 * once: the Migrator holds a lock while it runs (a PostgreSQL advisory lock; SQLite's
 * write lock), and a process that waited finds the migrations applied and does nothing.
 * Reached through Storage.migrate(), which knows the engine (`postgres`).
 */
export async function migrateToLatest<DB>(db: Kysely<DB>, postgres: boolean): Promise<MigrationReport> {
  const anyDb = db as unknown as Kysely<unknown>;
  const schema = await migrationSchema(anyDb, postgres);
  const migrator = new Migrator({
    db: anyDb,
    provider: { getMigrations: async () => migrations },
    ...(schema === undefined ? {} : { migrationTableSchema: schema }),
  });
  const result: MigrationResultSet = await migrator.migrateToLatest();
  if (result.error) {
    const failed = result.results?.find((r) => r.status === 'Error')?.migrationName;
    const cause = result.error instanceof Error ? result.error.message : String(result.error);
    throw new Error(`Database migration${failed ? ` ${failed}` : ''} failed: ${cause}`);
  }
  return { applied: (result.results ?? []).filter((r) => r.status === 'Success').map((r) => r.migrationName) };
}
