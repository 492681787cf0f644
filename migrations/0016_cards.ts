import type { Kysely } from 'kysely';

/*
 * Cards that look like news (issue 13): an article's picture (articles.image_url, an
 * http(s) address; null: none), and each chat's card settings: subscribers.card_style
 * ('headline': the title only; 'compact': title and summary, as before; 'full': title and
 * the first paragraphs; null is 'compact'), subscribers.link_previews (1: the article
 * page's link preview under a card without a picture) and subscribers.silent (1: cards and
 * digests arrive without a notification sound).
 * Frozen once released: change the schema with a new migration.
 */

export async function up(db: Kysely<unknown>): Promise<void> {
  await db.schema.alterTable('articles').addColumn('image_url', 'text').execute();
  await db.schema.alterTable('subscribers').addColumn('card_style', 'text').execute();
  await db.schema
    .alterTable('subscribers')
    .addColumn('link_previews', 'integer', (c) => c.notNull().defaultTo(0))
    .execute();
  await db.schema
    .alterTable('subscribers')
    .addColumn('silent', 'integer', (c) => c.notNull().defaultTo(0))
    .execute();
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await db.schema.alterTable('subscribers').dropColumn('silent').execute();
  await db.schema.alterTable('subscribers').dropColumn('link_previews').execute();
  await db.schema.alterTable('subscribers').dropColumn('card_style').execute();
  await db.schema.alterTable('articles').dropColumn('image_url').execute();
}
