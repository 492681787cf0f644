import { PostgresAdapter, sql, type Kysely } from 'kysely';
import { LOCK_KEY } from './0007_outbox_lean.ts';

/*
 * The outbox's indexes hold what their lookups need, so that a fan-out into an outbox
 * that keeps weeks of sent rows costs what it costs into an empty one.
 *
 * deliveries_by_subscriber (subscriber_id, status, article_id) and deliveries_due
 * (status, next_attempt_at) held every row. Sent rows are most of a running outbox (kept
 * DELIVERY_RETENTION_DAYS), so a new article's million rows went into the middle of two
 * large indexes: each chat's entry beside its sent ones, each 'queued' entry before the
 * 'sent' ones. With three earlier articles' rows sent, a 1M fan-out on SQLite took twice
 * as long as into an empty outbox (docs/delivery.md, "Measured").
 *
 * Now the two are partial, over unsent rows (status <> 'sent': pending, failed,
 * skipped), which a fan-out adds to; sent rows have their own two, which a send adds
 * to one row at a time:
 * - deliveries_by_chat (subscriber_id, status, article_id) WHERE status <> 'sent':
 *   a chat's oldest pending row (ordering), its held, deferred, failed, skipped rows;
 * - deliveries_due (status, next_attempt_at) WHERE status <> 'sent': the claim order,
 *   counts and listings by status (on PostgreSQL with id last, the claim's tie-break);
 * - deliveries_sent (sent_at) WHERE status = 'sent': pruning, counts, sends per hour;
 * - deliveries_sent_by_chat (subscriber_id, sent_at) WHERE status = 'sent': a chat's
 *   last send (PostgreSQL's claim paces chats with it) and a chat's sent rows.
 * A query reaches a partial index only when its WHERE holds the index's condition as
 * written (SQLite proves no more than that): src/storage/outbox-order.ts writes it once.
 * Deleting a chat deletes its rows through both pairs (the triggers' two statements).
 */

function isPostgres(db: Kysely<unknown>): boolean {
  return db.getExecutor().adapter instanceof PostgresAdapter;
}

const DELETE_CHAT_ROWS = `DELETE FROM deliveries WHERE subscriber_id = OLD.id AND status <> 'sent';
      DELETE FROM deliveries WHERE subscriber_id = OLD.id AND status = 'sent';`;

async function chatTrigger(db: Kysely<unknown>, body: string): Promise<void> {
  if (isPostgres(db)) {
    // As 0007's: the lock first, so the DELETEs see every posting transaction that held it.
    await sql
      .raw(
        `CREATE OR REPLACE FUNCTION deliveries_subscriber_deleted() RETURNS trigger LANGUAGE plpgsql AS $$
    BEGIN
      PERFORM pg_advisory_xact_lock(${LOCK_KEY}, hashtext(TG_TABLE_SCHEMA));
      ${body}
      RETURN NULL;
    END $$`,
      )
      .execute(db);
    return;
  }
  await sql`DROP TRIGGER IF EXISTS deliveries_subscriber_deleted`.execute(db);
  await sql
    .raw(
      `CREATE TRIGGER deliveries_subscriber_deleted AFTER DELETE ON subscribers BEGIN
      ${body.replaceAll('OLD.', 'old.')}
    END`,
    )
    .execute(db);
}

export async function up(db: Kysely<unknown>): Promise<void> {
  await sql`DROP INDEX IF EXISTS deliveries_by_subscriber`.execute(db);
  await sql`DROP INDEX IF EXISTS deliveries_due`.execute(db);
  await sql`CREATE INDEX deliveries_by_chat ON deliveries (subscriber_id, status, article_id) WHERE status <> 'sent'`.execute(
    db,
  );
  // The claim's order is (next_attempt_at, id). SQLite's indexes end with the rowid (id)
  // already; PostgreSQL's needs it written, or a claim sorts every due row to take the
  // first 512 (2.2 s with a backlog of 1M, 1.4 ms walking the index).
  const due = isPostgres(db) ? sql`status, next_attempt_at, id` : sql`status, next_attempt_at`;
  await sql`CREATE INDEX deliveries_due ON deliveries (${due}) WHERE status <> 'sent'`.execute(db);
  await sql`CREATE INDEX deliveries_sent ON deliveries (sent_at) WHERE status = 'sent'`.execute(db);
  await sql`CREATE INDEX deliveries_sent_by_chat ON deliveries (subscriber_id, sent_at) WHERE status = 'sent'`.execute(
    db,
  );
  await chatTrigger(db, DELETE_CHAT_ROWS);
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await chatTrigger(db, 'DELETE FROM deliveries WHERE subscriber_id = OLD.id;');
  await sql`DROP INDEX IF EXISTS deliveries_sent_by_chat`.execute(db);
  await sql`DROP INDEX IF EXISTS deliveries_sent`.execute(db);
  await sql`DROP INDEX IF EXISTS deliveries_due`.execute(db);
  await sql`DROP INDEX IF EXISTS deliveries_by_chat`.execute(db);
  await sql`CREATE INDEX deliveries_due ON deliveries (status, next_attempt_at)`.execute(db);
  await sql`CREATE INDEX deliveries_by_subscriber ON deliveries (subscriber_id, status, article_id)`.execute(db);
}
