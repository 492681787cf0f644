import { PostgresAdapter, sql, type Kysely } from 'kysely';

/*
 * A leaner outbox on PostgreSQL: fan-out without per-row foreign-key checks.
 *
 * PostgreSQL checks a foreign key with a trigger call per inserted row: a look-up of the
 * parent and a FOR KEY SHARE lock on it. For one article fanned out to a million
 * readers that was half the statement (7.3 of 14.5 s under EXPLAIN ANALYZE), for
 * nothing: the fan-out selects its rows from existing subscribers, for an article
 * inserted in the same transaction. `npm run bench -- fanout --db postgres`, 1M broad:
 * 12.1-12.7 s before, 6.1-6.4 s after (same session, 2 shared cores).
 *
 * 1. deliveries' two foreign keys become triggers, as SQLite's did in 0003, keeping what
 *    the keys promised:
 *    - deleting an article or a subscriber deletes its deliveries (AFTER DELETE row
 *      triggers: the keys' cascade);
 *    - a fan-out racing a subscriber's deletion leaves no row behind. Every transaction
 *      that inserts articles or deliveries holds a shared advisory lock (one per schema)
 *      until it ends; the subscriber cascade takes it exclusively before it deletes.
 *      Either the deletion waits for the posting transaction to commit and then deletes
 *      the rows it enqueued, or the posting transaction waits at its article INSERT
 *      for the deletion to commit, and its fan-out, a later statement with a later
 *      snapshot (READ COMMITTED, Kysely's default), no longer sees the subscriber.
 *      Where the key used row locks, posting and deleting a subscriber now wait for
 *      each other as a whole: a subscriber's deletion (moveChat, when a Telegram group
 *      becomes a supergroup) waits for the posts and imports in progress;
 *    - pointing a row at another subscriber or article (moveChat's UPDATE) is checked
 *      as the key checked it: the parent must exist, and is locked FOR KEY SHARE (a row
 *      trigger on UPDATE OF subscriber_id, article_id: other updates do not fire it).
 *    Inserts are not checked row by row, which is the cost removed: rows come from the
 *    fan-out's SELECT over subscribers, or from migrate-data copying a database that
 *    had the same rules. TRUNCATE of articles or subscribers does not reach deliveries
 *    (nothing in tagwire truncates).
 * 2. The id sequence hands each connection 1000 ids at a time: about 3% of a large
 *    fan-out's CPU. Ids stay unique but, across connections, no longer follow insertion
 *    order; nothing orders by delivery id but as a tie-break (a chat's order is its
 *    articles' ids).
 * SQLite: nothing to do (0003 did it). Frozen once released: change with a new migration.
 */

function isPostgres(db: Kysely<unknown>): boolean {
  return db.getExecutor().adapter instanceof PostgresAdapter;
}

/** The advisory lock's first key ('twob': tagwire outbox); the second is the schema's hash, so deployments in separate schemas do not wait for each other. */
export const LOCK_KEY = 0x74776f62;

/** Sets how many ids of deliveries.id's sequence a connection takes at a time. */
async function cacheIds(db: Kysely<unknown>, count: number): Promise<void> {
  const row = (await sql<{ seq: string | null }>`SELECT pg_get_serial_sequence('deliveries', 'id') AS seq`.execute(db))
    .rows[0];
  // The name comes back schema-qualified and quoted as needed.
  if (row?.seq) await sql.raw(`ALTER SEQUENCE ${row.seq} CACHE ${count}`).execute(db);
}

export async function up(db: Kysely<unknown>): Promise<void> {
  if (!isPostgres(db)) return;
  await sql`ALTER TABLE deliveries DROP CONSTRAINT IF EXISTS deliveries_subscriber_id_fkey`.execute(db);
  await sql`ALTER TABLE deliveries DROP CONSTRAINT IF EXISTS deliveries_article_id_fkey`.execute(db);

  // Shared, by every transaction that posts (inserts articles) or enqueues (inserts deliveries).
  await sql
    .raw(
      `CREATE FUNCTION deliveries_enqueue_lock() RETURNS trigger LANGUAGE plpgsql AS $$
    BEGIN
      PERFORM pg_advisory_xact_lock_shared(${LOCK_KEY}, hashtext(TG_TABLE_SCHEMA));
      RETURN NULL;
    END $$`,
    )
    .execute(db);
  await sql`CREATE TRIGGER articles_enqueue_lock BEFORE INSERT ON articles
    FOR EACH STATEMENT EXECUTE FUNCTION deliveries_enqueue_lock()`.execute(db);
  await sql`CREATE TRIGGER deliveries_enqueue_lock BEFORE INSERT ON deliveries
    FOR EACH STATEMENT EXECUTE FUNCTION deliveries_enqueue_lock()`.execute(db);

  await sql`CREATE FUNCTION deliveries_article_deleted() RETURNS trigger LANGUAGE plpgsql AS $$
    BEGIN
      DELETE FROM deliveries WHERE article_id = OLD.id;
      RETURN NULL;
    END $$`.execute(db);
  await sql`CREATE TRIGGER deliveries_article_deleted AFTER DELETE ON articles
    FOR EACH ROW EXECUTE FUNCTION deliveries_article_deleted()`.execute(db);

  // The lock first: the DELETE's snapshot is then taken after every posting transaction that held it has committed.
  await sql
    .raw(
      `CREATE FUNCTION deliveries_subscriber_deleted() RETURNS trigger LANGUAGE plpgsql AS $$
    BEGIN
      PERFORM pg_advisory_xact_lock(${LOCK_KEY}, hashtext(TG_TABLE_SCHEMA));
      DELETE FROM deliveries WHERE subscriber_id = OLD.id;
      RETURN NULL;
    END $$`,
    )
    .execute(db);
  await sql`CREATE TRIGGER deliveries_subscriber_deleted AFTER DELETE ON subscribers
    FOR EACH ROW EXECUTE FUNCTION deliveries_subscriber_deleted()`.execute(db);

  await sql`CREATE FUNCTION deliveries_parents_exist() RETURNS trigger LANGUAGE plpgsql AS $$
    BEGIN
      IF NEW.subscriber_id IS DISTINCT FROM OLD.subscriber_id THEN
        PERFORM 1 FROM subscribers WHERE id = NEW.subscriber_id FOR KEY SHARE;
        IF NOT FOUND THEN
          RAISE foreign_key_violation USING MESSAGE = format('deliveries.subscriber_id %s: no such subscriber', NEW.subscriber_id);
        END IF;
      END IF;
      IF NEW.article_id IS DISTINCT FROM OLD.article_id THEN
        PERFORM 1 FROM articles WHERE id = NEW.article_id FOR KEY SHARE;
        IF NOT FOUND THEN
          RAISE foreign_key_violation USING MESSAGE = format('deliveries.article_id %s: no such article', NEW.article_id);
        END IF;
      END IF;
      RETURN NEW;
    END $$`.execute(db);
  await sql`CREATE TRIGGER deliveries_parents_exist BEFORE UPDATE OF subscriber_id, article_id ON deliveries
    FOR EACH ROW EXECUTE FUNCTION deliveries_parents_exist()`.execute(db);

  await cacheIds(db, 1000);
}

export async function down(db: Kysely<unknown>): Promise<void> {
  if (!isPostgres(db)) return;
  await cacheIds(db, 1);
  await sql`DROP TRIGGER IF EXISTS deliveries_parents_exist ON deliveries`.execute(db);
  await sql`DROP TRIGGER IF EXISTS deliveries_subscriber_deleted ON subscribers`.execute(db);
  await sql`DROP TRIGGER IF EXISTS deliveries_article_deleted ON articles`.execute(db);
  await sql`DROP TRIGGER IF EXISTS deliveries_enqueue_lock ON deliveries`.execute(db);
  await sql`DROP TRIGGER IF EXISTS articles_enqueue_lock ON articles`.execute(db);
  await sql`DROP FUNCTION IF EXISTS deliveries_parents_exist()`.execute(db);
  await sql`DROP FUNCTION IF EXISTS deliveries_subscriber_deleted()`.execute(db);
  await sql`DROP FUNCTION IF EXISTS deliveries_article_deleted()`.execute(db);
  await sql`DROP FUNCTION IF EXISTS deliveries_enqueue_lock()`.execute(db);
  // The triggers let no orphan through, but a key must validate: drop any before adding the keys back.
  await sql`DELETE FROM deliveries d WHERE NOT EXISTS (SELECT 1 FROM subscribers s WHERE s.id = d.subscriber_id)
    OR NOT EXISTS (SELECT 1 FROM articles a WHERE a.id = d.article_id)`.execute(db);
  await sql`ALTER TABLE deliveries ADD CONSTRAINT deliveries_subscriber_id_fkey
    FOREIGN KEY (subscriber_id) REFERENCES subscribers (id) ON DELETE CASCADE`.execute(db);
  await sql`ALTER TABLE deliveries ADD CONSTRAINT deliveries_article_id_fkey
    FOREIGN KEY (article_id) REFERENCES articles (id) ON DELETE CASCADE`.execute(db);
}
