import type { Kysely } from 'kysely';

/*
 * The chat's language (issue 18): subscribers.language is 'en', 'ru' or 'hy', set by
 * /language or, when the chat is set up, from the platform's language of the user
 * who set it up (Telegram's language_code, Discord's locale). Null: not known yet;
 * replies then follow the user's app language, deliveries are in English.
 * Frozen once released: change the schema with a new migration.
 */

export async function up(db: Kysely<unknown>): Promise<void> {
  await db.schema.alterTable('subscribers').addColumn('language', 'text').execute();
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await db.schema.alterTable('subscribers').dropColumn('language').execute();
}
