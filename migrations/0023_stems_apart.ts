import { PostgresAdapter, sql, type Kysely } from 'kysely';

/*
 * SQLite: the search indexes analysed again (issue 18). A Russian or Armenian word that
 * Snowball stems as a stop word, but is not one (`тема` as `тем`, `պետական` as `պետք`),
 * now has a term of its own (src/domain/stop-stems.ts). The indexes hold what
 * tagwire_terms() produced when each article was written, so they are emptied and filled
 * again from the articles with today's analysis, as migration 0013 said a change of the
 * analysis would be; then merged. About four minutes for an archive of a million articles
 * on a 2-core machine (the bench's index build), once.
 * PostgreSQL: nothing to do. Its `search` vectors are PostgreSQL's own Snowball lexemes,
 * and the ranking's stems come from the application's analysis, at query time.
 * Saved searches filed under a bare stem stay as they are: a new article is looked up by
 * both forms of such a stem (src/domain/saved-search.ts lookupTerms).
 * Frozen once released: change with a new migration.
 */

const isPostgres = (db: Kysely<unknown>) => db.getExecutor().adapter instanceof PostgresAdapter;

async function reindex(db: Kysely<unknown>): Promise<void> {
  for (const table of ['articles_fts', 'articles_title_fts'])
    await sql`INSERT INTO ${sql.raw(table)} (${sql.raw(table)}) VALUES ('delete-all')`.execute(db);
  await sql`INSERT INTO articles_fts (rowid, title, body)
    SELECT id, tagwire_terms(title), tagwire_terms(body) FROM articles`.execute(db);
  await sql`INSERT INTO articles_title_fts (rowid, title) SELECT id, tagwire_terms(title) FROM articles`.execute(db);
  for (const table of ['articles_fts', 'articles_title_fts'])
    await sql`INSERT INTO ${sql.raw(table)} (${sql.raw(table)}) VALUES ('optimize')`.execute(db);
}

export async function up(db: Kysely<unknown>): Promise<void> {
  if (!isPostgres(db)) await reindex(db);
}

/** The indexes follow the code's analysis, whichever it is: analysed again with it. */
export async function down(db: Kysely<unknown>): Promise<void> {
  if (!isPostgres(db)) await reindex(db);
}
