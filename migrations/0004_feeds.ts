import { PostgresAdapter, type Kysely } from 'kysely';

/*
 * Article sources: the feeds an admin added, the feed entries already turned into
 * articles (deduplication by GUID), and which article tags auto-tagging added.
 * Times are epoch milliseconds (bigint). Frozen once released: change the schema with
 * a new migration.
 */

function isPostgres(db: Kysely<unknown>): boolean {
  return db.getExecutor().adapter instanceof PostgresAdapter;
}

export async function up(db: Kysely<unknown>): Promise<void> {
  const feeds = isPostgres(db)
    ? db.schema.createTable('feeds').addColumn('id', 'serial', (c) => c.primaryKey())
    : db.schema.createTable('feeds').addColumn('id', 'integer', (c) => c.primaryKey().autoIncrement());
  await feeds
    .addColumn('url', 'text', (c) => c.notNull().unique())
    .addColumn('title', 'text')
    // JSON array of tag display names given to every entry of the feed.
    .addColumn('default_tags', 'text', (c) => c.notNull().defaultTo('[]'))
    .addColumn('auto_tag', 'integer', (c) => c.notNull().defaultTo(0))
    .addColumn('added_by', 'text', (c) => c.notNull())
    .addColumn('created_at', 'bigint', (c) => c.notNull())
    // Validators for conditional requests, as the server sent them.
    .addColumn('etag', 'text')
    .addColumn('last_modified', 'text')
    // 0 until a poll has stored the feed's entries: that first poll notifies nobody.
    .addColumn('primed', 'integer', (c) => c.notNull().defaultTo(0))
    .addColumn('last_polled_at', 'bigint')
    .addColumn('last_success_at', 'bigint')
    // 'ok' | 'not_modified' | 'error'; null before the first poll.
    .addColumn('last_status', 'text')
    .addColumn('last_error', 'text')
    .addColumn('last_new', 'integer', (c) => c.notNull().defaultTo(0))
    .addColumn('last_skipped', 'integer', (c) => c.notNull().defaultTo(0))
    .addColumn('failure_count', 'integer', (c) => c.notNull().defaultTo(0))
    // A failing feed is not polled by the schedule before this time (backoff).
    .addColumn('next_poll_at', 'bigint')
    // For the admins, when the feed keeps failing; cleared by the next success.
    .addColumn('note', 'text')
    .execute();

  await db.schema
    .createTable('feed_entries')
    .addColumn('feed_id', 'integer', (c) => c.notNull().references('feeds.id').onDelete('cascade'))
    .addColumn('guid', 'text', (c) => c.notNull())
    // The article the entry became (or already was, by URL); null when it was skipped.
    .addColumn('article_id', 'integer', (c) => c.references('articles.id').onDelete('set null'))
    .addColumn('seen_at', 'bigint', (c) => c.notNull())
    .addPrimaryKeyConstraint('feed_entries_pk', ['feed_id', 'guid'])
    .execute();

  // 1 for a tag that auto-tagging added because the text names it; 0 for a tag given.
  await db.schema
    .alterTable('article_tags')
    .addColumn('auto', 'integer', (c) => c.notNull().defaultTo(0))
    .execute();
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await db.schema.alterTable('article_tags').dropColumn('auto').execute();
  await db.schema.dropTable('feed_entries').ifExists().execute();
  await db.schema.dropTable('feeds').ifExists().execute();
}
