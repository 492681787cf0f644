import { PostgresAdapter, sql, type Kysely } from 'kysely';

/*
 * PostgreSQL: the titles' own text vector (issue 16: the newsroom's search at 1M articles).
 * The ranking reads a word's newest matches in titles (SQLite has the articles_title_fts
 * index for it). On PostgreSQL that read tested each article's `search` vector for the
 * title's lexemes (weight 'A') or analysed its title again: walking the archive until a
 * thousand titles matched took up to two seconds at 1M articles. `title_search` holds
 * what `search` holds of the title (the same configuration by language and the same
 * folding as migration 0013), with a GIN index of its own, so the read is the index's,
 * or a walk over small inline vectors, as the statistics say is cheaper
 * (src/storage/search-store-postgres.ts). Adding the column rewrites the table once.
 * SQLite: nothing to do.
 * Frozen once released: change the schema with a new migration.
 */

const folded = (column: string) =>
  `replace(translate(coalesce(${column}, ''), 'ёЁ\u055B\u055C\u055E', 'еЕ'), '\u0587', '\u0565\u0582')`;
const CONFIG_OF_LANGUAGE = `CASE language WHEN 'ru' THEN 'tagwire_russian'::regconfig WHEN 'hy' THEN 'tagwire_armenian'::regconfig ELSE 'tagwire_english'::regconfig END`;

const isPostgres = (db: Kysely<unknown>) => db.getExecutor().adapter instanceof PostgresAdapter;

export async function up(db: Kysely<unknown>): Promise<void> {
  if (!isPostgres(db)) return;
  await sql`ALTER TABLE articles ADD COLUMN title_search tsvector GENERATED ALWAYS AS (
    to_tsvector(${sql.raw(CONFIG_OF_LANGUAGE)}, ${sql.raw(folded('title'))})
  ) STORED`.execute(db);
  await sql`CREATE INDEX articles_title_search ON articles USING GIN (title_search)`.execute(db);
}

export async function down(db: Kysely<unknown>): Promise<void> {
  if (!isPostgres(db)) return;
  await sql`DROP INDEX IF EXISTS articles_title_search`.execute(db);
  await sql`ALTER TABLE articles DROP COLUMN IF EXISTS title_search`.execute(db);
}
