import type { Kysely } from 'kysely';

/*
 * Saved searches (issue 14): a chat follows a query (`/watch nuclear power -drill`) or
 * mutes words (`/mute "oil spill"`). A new article is matched against them when it is
 * posted, through the index on key_term: each query is filed under its rarest required
 * term, so a new article looks up only the queries filed under one of its own terms.
 * - subscriber_id: the chat (its rows go with it);
 * - mode: 'follow' (deliver what matches) or 'mute' (never deliver what matches);
 * - query: the query as the chat gave it, normalized (the key with subscriber and mode);
 * - key_term: the stem (or `#tagkey`) the query is filed under;
 * - created_at: epoch ms.
 * Frozen once released: change the schema with a new migration.
 */

export async function up(db: Kysely<unknown>): Promise<void> {
  await db.schema
    .createTable('saved_searches')
    .addColumn('subscriber_id', 'integer', (c) => c.notNull().references('subscribers.id').onDelete('cascade'))
    .addColumn('mode', 'text', (c) => c.notNull())
    .addColumn('query', 'text', (c) => c.notNull())
    .addColumn('key_term', 'text', (c) => c.notNull())
    .addColumn('created_at', 'bigint', (c) => c.notNull())
    .addPrimaryKeyConstraint('saved_searches_pk', ['subscriber_id', 'mode', 'query'])
    .execute();
  await db.schema.createIndex('saved_searches_key_term').on('saved_searches').column('key_term').execute();
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await db.schema.dropTable('saved_searches').ifExists().execute();
}
