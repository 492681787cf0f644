import { PostgresAdapter, sql, type Kysely } from 'kysely';

/*
 * Delivery at scale.
 *
 * 1. The outbox's indexes, reshaped for fan-out speed (a set-based INSERT of up to
 *    millions of rows per article) without losing a lookup the code needs:
 *    - unique (article_id, subscriber_id) replaces unique (subscriber_id, article_id):
 *      a new article's rows all land at the end of this index (appends, not a million
 *      random inserts), and it also serves "every row of an article", so the separate
 *      deliveries_by_article index goes;
 *    - deliveries_by_subscriber (subscriber_id, status, article_id) replaces the partial
 *      deliveries_pending index: it finds a chat's oldest pending row (ordering) and
 *      every row of a chat (moving or deleting a chat);
 *    - deliveries_due (status, next_attempt_at) stays: the worker's claim order.
 *    On SQLite the unique constraint belongs to the table, so the table is rebuilt
 *    (rows and ids kept). Its foreign keys become triggers: the same cascade on delete,
 *    without two parent look-ups for every row a fan-out inserts (the fan-out selects
 *    its rows from existing subscribers and articles, so it cannot insert an orphan).
 *    Measured before/after figures are in docs/delivery.md ("Measured").
 * 2. worker_locks: one row per database naming the process that runs the delivery
 *    worker, so a second `tagwire start` on the same file refuses to start.
 */

function isPostgres(db: Kysely<unknown>): boolean {
  return db.getExecutor().adapter instanceof PostgresAdapter;
}

const COLUMNS =
  'id, subscriber_id, article_id, status, attempts, next_attempt_at, lease_until, last_error, message_id, created_at, updated_at, sent_at';

export async function up(db: Kysely<unknown>): Promise<void> {
  if (isPostgres(db)) {
    await sql`ALTER TABLE deliveries DROP CONSTRAINT deliveries_once`.execute(db);
    await sql`ALTER TABLE deliveries ADD CONSTRAINT deliveries_once UNIQUE (article_id, subscriber_id)`.execute(db);
    await sql`DROP INDEX deliveries_by_article`.execute(db);
    await sql`DROP INDEX deliveries_pending`.execute(db);
  } else {
    await sql`CREATE TABLE deliveries_v3 (
      id integer PRIMARY KEY AUTOINCREMENT,
      subscriber_id integer NOT NULL,
      article_id integer NOT NULL,
      status text NOT NULL,
      attempts integer NOT NULL DEFAULT 0,
      next_attempt_at bigint NOT NULL,
      lease_until bigint,
      last_error text,
      message_id text,
      created_at bigint NOT NULL,
      updated_at bigint NOT NULL,
      sent_at bigint,
      CONSTRAINT deliveries_once UNIQUE (article_id, subscriber_id)
    )`.execute(db);
    await sql.raw(`INSERT INTO deliveries_v3 (${COLUMNS}) SELECT ${COLUMNS} FROM deliveries ORDER BY id`).execute(db);
    await sql`INSERT INTO sqlite_sequence (name, seq) SELECT 'deliveries_v3', seq FROM sqlite_sequence WHERE name = 'deliveries'
      AND NOT EXISTS (SELECT 1 FROM sqlite_sequence WHERE name = 'deliveries_v3')`.execute(db);
    await sql`UPDATE sqlite_sequence SET seq = max(seq, (SELECT coalesce(max(seq), 0) FROM sqlite_sequence WHERE name = 'deliveries'))
      WHERE name = 'deliveries_v3'`.execute(db);
    await sql`DROP TABLE deliveries`.execute(db);
    await sql`ALTER TABLE deliveries_v3 RENAME TO deliveries`.execute(db);
    await sql`CREATE INDEX deliveries_due ON deliveries (status, next_attempt_at)`.execute(db);
    await sql`CREATE TRIGGER deliveries_article_deleted AFTER DELETE ON articles BEGIN
      DELETE FROM deliveries WHERE article_id = old.id;
    END`.execute(db);
    await sql`CREATE TRIGGER deliveries_subscriber_deleted AFTER DELETE ON subscribers BEGIN
      DELETE FROM deliveries WHERE subscriber_id = old.id;
    END`.execute(db);
  }
  await sql`CREATE INDEX deliveries_by_subscriber ON deliveries (subscriber_id, status, article_id)`.execute(db);

  await db.schema
    .createTable('worker_locks')
    .addColumn('name', 'text', (c) => c.primaryKey())
    .addColumn('owner', 'text', (c) => c.notNull())
    .addColumn('pid', 'integer', (c) => c.notNull())
    .addColumn('host', 'text', (c) => c.notNull())
    .addColumn('acquired_at', 'bigint', (c) => c.notNull())
    .addColumn('heartbeat_at', 'bigint', (c) => c.notNull())
    .addColumn('expires_at', 'bigint', (c) => c.notNull())
    .execute();
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await db.schema.dropTable('worker_locks').ifExists().execute();
  await sql`DROP INDEX IF EXISTS deliveries_by_subscriber`.execute(db);
  if (isPostgres(db)) {
    await sql`ALTER TABLE deliveries DROP CONSTRAINT deliveries_once`.execute(db);
    await sql`ALTER TABLE deliveries ADD CONSTRAINT deliveries_once UNIQUE (subscriber_id, article_id)`.execute(db);
  } else {
    await sql`DROP TRIGGER IF EXISTS deliveries_article_deleted`.execute(db);
    await sql`DROP TRIGGER IF EXISTS deliveries_subscriber_deleted`.execute(db);
    await sql`CREATE TABLE deliveries_v1 (
      id integer PRIMARY KEY AUTOINCREMENT,
      subscriber_id integer NOT NULL REFERENCES subscribers (id) ON DELETE CASCADE,
      article_id integer NOT NULL REFERENCES articles (id) ON DELETE CASCADE,
      status text NOT NULL,
      attempts integer NOT NULL DEFAULT 0,
      next_attempt_at bigint NOT NULL,
      lease_until bigint,
      last_error text,
      message_id text,
      created_at bigint NOT NULL,
      updated_at bigint NOT NULL,
      sent_at bigint,
      CONSTRAINT deliveries_once UNIQUE (subscriber_id, article_id)
    )`.execute(db);
    await sql.raw(`INSERT INTO deliveries_v1 (${COLUMNS}) SELECT ${COLUMNS} FROM deliveries ORDER BY id`).execute(db);
    await sql`DROP TABLE deliveries`.execute(db);
    await sql`ALTER TABLE deliveries_v1 RENAME TO deliveries`.execute(db);
    await sql`CREATE INDEX deliveries_due ON deliveries (status, next_attempt_at)`.execute(db);
  }
  await sql`CREATE INDEX deliveries_by_article ON deliveries (article_id)`.execute(db);
  await sql`CREATE INDEX deliveries_pending ON deliveries (subscriber_id, article_id) WHERE status IN ('queued', 'sending')`.execute(
    db,
  );
}
