import type { Kysely } from 'kysely';

/*
 * Places inside a chat (issue 13): a Telegram forum's topics. A follow may name the
 * thread its tag's articles go to (follows.thread_id; null is the chat itself, a forum's
 * General topic). chat_threads keeps what the bot knows of each thread of a chat: its
 * name, and whether its route is paused (the topic was closed or deleted) and why.
 * The delivery of an article goes, once, to the thread of the first of its tags the chat
 * follows whose route is not paused (resolved when the delivery is claimed).
 * subscribers.topics_auto (0 or 1): `/topics auto`, a topic of its own for each tag the
 * chat follows, created by the bot. subscribers.digest_thread_id: the thread `/digest` was
 * set in, where the chat's digests go (null: the chat itself).
 * Frozen once released: change the schema with a new migration.
 */

export async function up(db: Kysely<unknown>): Promise<void> {
  await db.schema.alterTable('follows').addColumn('thread_id', 'text').execute();
  await db.schema
    .alterTable('subscribers')
    .addColumn('topics_auto', 'integer', (c) => c.notNull().defaultTo(0))
    .execute();
  await db.schema.alterTable('subscribers').addColumn('digest_thread_id', 'text').execute();
  await db.schema
    .createTable('chat_threads')
    .addColumn('subscriber_id', 'integer', (c) => c.notNull().references('subscribers.id').onDelete('cascade'))
    .addColumn('thread_id', 'text', (c) => c.notNull())
    .addColumn('name', 'text')
    .addColumn('paused_at', 'bigint')
    .addColumn('paused_reason', 'text')
    .addColumn('updated_at', 'bigint', (c) => c.notNull())
    .addPrimaryKeyConstraint('chat_threads_pk', ['subscriber_id', 'thread_id'])
    .execute();
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await db.schema.dropTable('chat_threads').execute();
  await db.schema.alterTable('subscribers').dropColumn('digest_thread_id').execute();
  await db.schema.alterTable('subscribers').dropColumn('topics_auto').execute();
  await db.schema.alterTable('follows').dropColumn('thread_id').execute();
}
