import { PostgresAdapter, sql, type Kysely } from 'kysely';

/*
 * Search at scale (issue 6).
 *
 * 1. tag_stats: how many articles carry each tag, kept by triggers on article_tags.
 *    Related articles weight shared tags by rarity and the search picks its plan for a
 *    tag filter by the tag's size; counting a tag on 58% of a million articles at query
 *    time costs tens of milliseconds, reading this row costs nothing.
 * 2. SQLite only: articles_title_fts, a second FTS5 index over titles alone (no positions,
 *    no sizes: a few percent of the main index). The search reads each query word's
 *    newest title matches from it to put title matches first among thousands of body
 *    matches; asking the main index for "title:word" scans every position of a common
 *    word. PostgreSQL's `search` tsvector (0001) already weights the title ('A').
 * Frozen once released: change these with a new migration.
 */

function isPostgres(db: Kysely<unknown>): boolean {
  return db.getExecutor().adapter instanceof PostgresAdapter;
}

export async function up(db: Kysely<unknown>): Promise<void> {
  await db.schema
    .createTable('tag_stats')
    .addColumn('tag_id', 'integer', (c) => c.primaryKey().references('tags.id').onDelete('cascade'))
    .addColumn('articles', 'integer', (c) => c.notNull().defaultTo(0))
    .execute();
  await sql`INSERT INTO tag_stats (tag_id, articles) SELECT tag_id, count(*) FROM article_tags GROUP BY tag_id`.execute(
    db,
  );

  if (isPostgres(db)) {
    await sql`CREATE FUNCTION tag_stats_count() RETURNS trigger LANGUAGE plpgsql AS $$
      BEGIN
        IF TG_OP = 'INSERT' OR TG_OP = 'UPDATE' THEN
          INSERT INTO tag_stats (tag_id, articles) VALUES (NEW.tag_id, 1)
            ON CONFLICT (tag_id) DO UPDATE SET articles = tag_stats.articles + 1;
        END IF;
        IF TG_OP = 'DELETE' OR TG_OP = 'UPDATE' THEN
          UPDATE tag_stats SET articles = articles - 1 WHERE tag_id = OLD.tag_id;
        END IF;
        RETURN NULL;
      END $$`.execute(db);
    await sql`CREATE TRIGGER tag_stats_count AFTER INSERT OR DELETE OR UPDATE OF tag_id ON article_tags
      FOR EACH ROW EXECUTE FUNCTION tag_stats_count()`.execute(db);
    return;
  }

  await sql`CREATE TRIGGER tag_stats_insert AFTER INSERT ON article_tags BEGIN
    INSERT INTO tag_stats (tag_id, articles) VALUES (new.tag_id, 1)
      ON CONFLICT (tag_id) DO UPDATE SET articles = articles + 1;
  END`.execute(db);
  await sql`CREATE TRIGGER tag_stats_delete AFTER DELETE ON article_tags BEGIN
    UPDATE tag_stats SET articles = articles - 1 WHERE tag_id = old.tag_id;
  END`.execute(db);
  await sql`CREATE TRIGGER tag_stats_update AFTER UPDATE OF tag_id ON article_tags BEGIN
    UPDATE tag_stats SET articles = articles - 1 WHERE tag_id = old.tag_id;
    INSERT INTO tag_stats (tag_id, articles) VALUES (new.tag_id, 1)
      ON CONFLICT (tag_id) DO UPDATE SET articles = articles + 1;
  END`.execute(db);

  await sql`CREATE VIRTUAL TABLE articles_title_fts USING fts5(
    title, content='articles', content_rowid='id',
    tokenize='porter unicode61 remove_diacritics 2', detail='none', columnsize=0
  )`.execute(db);
  await sql`INSERT INTO articles_title_fts (articles_title_fts) VALUES ('rebuild')`.execute(db);
  await sql`CREATE TRIGGER articles_title_fts_insert AFTER INSERT ON articles BEGIN
    INSERT INTO articles_title_fts (rowid, title) VALUES (new.id, new.title);
  END`.execute(db);
  await sql`CREATE TRIGGER articles_title_fts_delete AFTER DELETE ON articles BEGIN
    INSERT INTO articles_title_fts (articles_title_fts, rowid, title) VALUES ('delete', old.id, old.title);
  END`.execute(db);
  await sql`CREATE TRIGGER articles_title_fts_update AFTER UPDATE OF title ON articles BEGIN
    INSERT INTO articles_title_fts (articles_title_fts, rowid, title) VALUES ('delete', old.id, old.title);
    INSERT INTO articles_title_fts (rowid, title) VALUES (new.id, new.title);
  END`.execute(db);
}

export async function down(db: Kysely<unknown>): Promise<void> {
  if (isPostgres(db)) {
    await sql`DROP TRIGGER IF EXISTS tag_stats_count ON article_tags`.execute(db);
    await sql`DROP FUNCTION IF EXISTS tag_stats_count()`.execute(db);
  } else {
    for (const trigger of [
      'tag_stats_insert',
      'tag_stats_delete',
      'tag_stats_update',
      'articles_title_fts_insert',
      'articles_title_fts_delete',
      'articles_title_fts_update',
    ]) {
      await sql`DROP TRIGGER IF EXISTS ${sql.raw(trigger)}`.execute(db);
    }
    await sql`DROP TABLE IF EXISTS articles_title_fts`.execute(db);
  }
  await db.schema.dropTable('tag_stats').ifExists().execute();
}
