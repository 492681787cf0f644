import type { Kysely } from 'kysely';

/*
 * The name and picture a chat's cards are posted under (issue 13, `/identity`): a Discord
 * server channel's cards go out through a webhook the bot manages, under this name and
 * picture. Null: the bot's own name.
 * Frozen once released: change the schema with a new migration.
 */

export async function up(db: Kysely<unknown>): Promise<void> {
  await db.schema.alterTable('subscribers').addColumn('identity_name', 'text').execute();
  await db.schema.alterTable('subscribers').addColumn('identity_avatar', 'text').execute();
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await db.schema.alterTable('subscribers').dropColumn('identity_avatar').execute();
  await db.schema.alterTable('subscribers').dropColumn('identity_name').execute();
}
