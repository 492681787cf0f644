import type { Kysely } from 'kysely';

/*
 * Corrections that reach every copy (issue 13): card_updates is a second outbox, of
 * changes to cards already delivered. One row per delivered card with a change pending:
 * 'edit' (the article was corrected: the card is rendered again and edited in place) or
 * 'delete' (`/delete ID everywhere`: the message is deleted). The row keeps what it needs
 * on its own (the chat, the platform's message id, when it was sent), so a delete outlives
 * the article and its deliveries, which go with the article. A later change replaces a
 * pending one (a delete wins over an edit); an edit renders the article as it is when it
 * is sent, so two corrections in a row edit a card once; `media` is 1 when the article's
 * picture changed since the card was last edited (a photo card then changes its photo).
 * queued → sending → done | failed,
 * claimed under a lease as deliveries are; done and failed rows go with the retention of
 * sent deliveries (DELIVERY_RETENTION_DAYS).
 * Frozen once released: change the schema with a new migration.
 */

export async function up(db: Kysely<unknown>): Promise<void> {
  await db.schema
    .createTable('card_updates')
    .addColumn('delivery_id', 'integer', (c) => c.primaryKey())
    .addColumn('op', 'text', (c) => c.notNull())
    .addColumn('subscriber_id', 'integer', (c) => c.notNull())
    .addColumn('article_id', 'integer', (c) => c.notNull())
    .addColumn('message_id', 'text', (c) => c.notNull())
    .addColumn('media', 'integer', (c) => c.notNull().defaultTo(0))
    .addColumn('sent_at', 'bigint', (c) => c.notNull())
    .addColumn('status', 'text', (c) => c.notNull())
    .addColumn('attempts', 'integer', (c) => c.notNull().defaultTo(0))
    .addColumn('next_attempt_at', 'bigint', (c) => c.notNull())
    .addColumn('lease_until', 'bigint')
    .addColumn('last_error', 'text')
    .addColumn('updated_at', 'bigint', (c) => c.notNull())
    .execute();
  await db.schema.createIndex('card_updates_due').on('card_updates').columns(['status', 'next_attempt_at']).execute();
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await db.schema.dropTable('card_updates').execute();
}
