import type { Kysely } from 'kysely';

/*
 * Conversation state (issue 8): what a multi-message conversation with the bot (the
 * guided /post) has gathered so far, in the database rather than a process's memory,
 * so that with several bot processes behind a load balancer any of them can take the
 * next message.
 * - key: the conversation, named by the adapter ("telegram:CHAT:USER");
 * - data: the adapter's state as text (JSON);
 * - expires_at: epoch ms after which the row is ignored and may be deleted.
 * Frozen once released: change the schema with a new migration.
 */

export async function up(db: Kysely<unknown>): Promise<void> {
  await db.schema
    .createTable('conversations')
    .addColumn('key', 'text', (c) => c.primaryKey())
    .addColumn('data', 'text', (c) => c.notNull())
    .addColumn('expires_at', 'bigint', (c) => c.notNull())
    .execute();
  await db.schema.createIndex('conversations_expires_at').on('conversations').column('expires_at').execute();
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await db.schema.dropTable('conversations').ifExists().execute();
}
