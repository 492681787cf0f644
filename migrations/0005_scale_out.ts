import { PostgresAdapter, sql, type Kysely } from 'kysely';

/*
 * Several processes on one database (issue 8).
 *
 * 1. job_runs: one row per scheduled job, the last cron tick that was run. A scheduler
 *    runs a tick only if it moves the row forward (one atomic upsert), so two or more
 *    schedulers run each job once per tick.
 * 2. rate_slots: one row per platform, the next free sending slot on the shared even
 *    schedule (PostgreSQL clock, ms). Workers reserve blocks of slots by moving it
 *    forward atomically, so all workers together keep the platform's overall rate.
 * 3. PostgreSQL only: the `search` column is rebuilt with the text-search configuration
 *    tagwire_english: `english` with accents folded (the unaccent extension, when the
 *    server has it), as SQLite's index folds them, so "cafe" finds "Café".
 * Frozen once released: change these with a new migration.
 */

function isPostgres(db: Kysely<unknown>): boolean {
  return db.getExecutor().adapter instanceof PostgresAdapter;
}

async function foldAccentsInSearch(db: Kysely<unknown>): Promise<void> {
  const available = await sql<{
    name: string;
  }>`SELECT name FROM pg_available_extensions WHERE name = 'unaccent'`.execute(db);
  await sql`CREATE TEXT SEARCH CONFIGURATION tagwire_english (COPY = english)`.execute(db);
  if (available.rows.length > 0) {
    // In public, not the current schema: the extension is the database's, shared by every schema.
    await sql`CREATE EXTENSION IF NOT EXISTS unaccent SCHEMA public`.execute(db);
    const schema =
      (
        await sql<{
          schema: string;
        }>`SELECT n.nspname AS schema FROM pg_extension e JOIN pg_namespace n ON n.oid = e.extnamespace WHERE e.extname = 'unaccent'`.execute(
          db,
        )
      ).rows[0]?.schema ?? 'public';
    await sql`ALTER TEXT SEARCH CONFIGURATION tagwire_english ALTER MAPPING FOR hword, hword_part, word WITH ${sql.id(schema, 'unaccent')}, english_stem`.execute(
      db,
    );
  }
  await sql`ALTER TABLE articles DROP COLUMN search`.execute(db);
  await sql`ALTER TABLE articles ADD COLUMN search tsvector GENERATED ALWAYS AS (
    setweight(to_tsvector('tagwire_english', coalesce(title, '')), 'A') || setweight(to_tsvector('tagwire_english', coalesce(body, '')), 'B')
  ) STORED`.execute(db);
  await sql`CREATE INDEX articles_search ON articles USING GIN (search)`.execute(db);
}

export async function up(db: Kysely<unknown>): Promise<void> {
  if (isPostgres(db)) await foldAccentsInSearch(db);
  await db.schema
    .createTable('job_runs')
    .addColumn('name', 'text', (c) => c.primaryKey())
    .addColumn('tick', 'bigint', (c) => c.notNull())
    .addColumn('ran_by', 'text', (c) => c.notNull())
    .addColumn('started_at', 'bigint', (c) => c.notNull())
    .execute();
  await db.schema
    .createTable('rate_slots')
    .addColumn('platform', 'text', (c) => c.primaryKey())
    .addColumn('next_at', 'double precision', (c) => c.notNull())
    .execute();
}

export async function down(db: Kysely<unknown>): Promise<void> {
  if (isPostgres(db)) {
    await sql`ALTER TABLE articles DROP COLUMN search`.execute(db);
    await sql`ALTER TABLE articles ADD COLUMN search tsvector GENERATED ALWAYS AS (
      setweight(to_tsvector('english', coalesce(title, '')), 'A') || setweight(to_tsvector('english', coalesce(body, '')), 'B')
    ) STORED`.execute(db);
    await sql`CREATE INDEX articles_search ON articles USING GIN (search)`.execute(db);
    await sql`DROP TEXT SEARCH CONFIGURATION IF EXISTS tagwire_english`.execute(db);
  }
  await db.schema.dropTable('rate_slots').ifExists().execute();
  await db.schema.dropTable('job_runs').ifExists().execute();
}
