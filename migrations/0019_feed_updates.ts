import type { Kysely } from 'kysely';

/*
 * Feed entries that change (issue 13): feeds.updates is 1 for a feed added with
 * `--updates`, whose entries' corrections update their articles (and so their delivered
 * cards). feed_entries.fingerprint is what the entry said when last read (a hash of its
 * title and text): a later poll that finds it different corrects the article. Null for
 * entries stored before, and for entries of feeds without updates: set the next time the
 * entry is read.
 * Frozen once released: change the schema with a new migration.
 */

export async function up(db: Kysely<unknown>): Promise<void> {
  await db.schema
    .alterTable('feeds')
    .addColumn('updates', 'integer', (c) => c.notNull().defaultTo(0))
    .execute();
  await db.schema.alterTable('feed_entries').addColumn('fingerprint', 'text').execute();
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await db.schema.alterTable('feed_entries').dropColumn('fingerprint').execute();
  await db.schema.alterTable('feeds').dropColumn('updates').execute();
}
