import { PostgresAdapter, sql, type Kysely } from 'kysely';

/*
 * PostgreSQL keeps tag_stats per statement instead of per row (issue 17): an import
 * inserts a batch's tag links in one statement, and the row trigger of 0002 ran an
 * upsert for each of them (146 ms per 9,000 links under EXPLAIN ANALYZE, against
 * 4.5 ms counted per statement). The statement triggers read the rows the statement
 * changed from its transition tables and apply one change per tag, in tag order (so two
 * transactions meet their tag rows in the same order). PostgreSQL allows no column list
 * (`UPDATE OF tag_id`) with transition tables, so the update trigger runs on any update
 * and nets out rows whose tag did not change. SQLite keeps its row triggers (0002).
 * Frozen once released: change the schema with a new migration.
 */

function isPostgres(db: Kysely<unknown>): boolean {
  return db.getExecutor().adapter instanceof PostgresAdapter;
}

export async function up(db: Kysely<unknown>): Promise<void> {
  if (!isPostgres(db)) return;
  await sql`DROP TRIGGER IF EXISTS tag_stats_count ON article_tags`.execute(db);
  await sql`DROP FUNCTION IF EXISTS tag_stats_count()`.execute(db);
  await sql`CREATE FUNCTION tag_stats_apply() RETURNS trigger LANGUAGE plpgsql AS $$
    BEGIN
      IF TG_OP = 'INSERT' THEN
        INSERT INTO tag_stats (tag_id, articles)
          SELECT tag_id, count(*) FROM added GROUP BY tag_id ORDER BY tag_id
          ON CONFLICT (tag_id) DO UPDATE SET articles = tag_stats.articles + excluded.articles;
      ELSIF TG_OP = 'DELETE' THEN
        UPDATE tag_stats s SET articles = s.articles - r.n
          FROM (SELECT tag_id, count(*) AS n FROM removed GROUP BY tag_id) r
          WHERE s.tag_id = r.tag_id;
      ELSE
        INSERT INTO tag_stats (tag_id, articles)
          SELECT tag_id, sum(n) FROM (
            SELECT tag_id, 1 AS n FROM added UNION ALL SELECT tag_id, -1 AS n FROM removed
          ) change GROUP BY tag_id HAVING sum(n) <> 0 ORDER BY tag_id
          ON CONFLICT (tag_id) DO UPDATE SET articles = tag_stats.articles + excluded.articles;
      END IF;
      RETURN NULL;
    END $$`.execute(db);
  await sql`CREATE TRIGGER tag_stats_added AFTER INSERT ON article_tags
    REFERENCING NEW TABLE AS added FOR EACH STATEMENT EXECUTE FUNCTION tag_stats_apply()`.execute(db);
  await sql`CREATE TRIGGER tag_stats_removed AFTER DELETE ON article_tags
    REFERENCING OLD TABLE AS removed FOR EACH STATEMENT EXECUTE FUNCTION tag_stats_apply()`.execute(db);
  await sql`CREATE TRIGGER tag_stats_moved AFTER UPDATE ON article_tags
    REFERENCING OLD TABLE AS removed NEW TABLE AS added FOR EACH STATEMENT EXECUTE FUNCTION tag_stats_apply()`.execute(
    db,
  );
}

export async function down(db: Kysely<unknown>): Promise<void> {
  if (!isPostgres(db)) return;
  for (const trigger of ['tag_stats_added', 'tag_stats_removed', 'tag_stats_moved'])
    await sql`DROP TRIGGER IF EXISTS ${sql.raw(trigger)} ON article_tags`.execute(db);
  await sql`DROP FUNCTION IF EXISTS tag_stats_apply()`.execute(db);
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
}
