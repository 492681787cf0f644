import type { Kysely } from 'kysely';

/*
 * Discord forum and media channels (issue 13): subscribers.forum is 1 for a chat that
 * takes no plain messages, where each article becomes a post of its own (a thread named by
 * its title, the card its first message). Learned when the channel is set up with
 * `/channel follow`; 0 for every other chat.
 * Frozen once released: change the schema with a new migration.
 */

export async function up(db: Kysely<unknown>): Promise<void> {
  await db.schema
    .alterTable('subscribers')
    .addColumn('forum', 'integer', (c) => c.notNull().defaultTo(0))
    .execute();
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await db.schema.alterTable('subscribers').dropColumn('forum').execute();
}
