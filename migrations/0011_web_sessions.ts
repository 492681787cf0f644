import { PostgresAdapter, type Kysely } from 'kysely';

/*
 * The newsroom's sign-in (issue 16), in the database so that any process serves it:
 * - web_login_links: one-time sign-in links (`/weblogin`, `tagwire admin-link`). Only
 *   the SHA-256 of the link's token is kept; used_at is set by the one redemption.
 * - web_sessions: a signed-in browser. Only the SHA-256 of the cookie's token is kept;
 *   csrf_token is the token every form of the session carries. role_ids (a JSON array)
 *   are the Discord roles the user had when the link was made.
 * - web_audit: every change made through the newsroom (who, what, when).
 * Times are epoch milliseconds (bigint). Frozen once released: change the schema with a
 * new migration.
 */

function isPostgres(db: Kysely<unknown>): boolean {
  return db.getExecutor().adapter instanceof PostgresAdapter;
}

export async function up(db: Kysely<unknown>): Promise<void> {
  await db.schema
    .createTable('web_login_links')
    .addColumn('token_hash', 'text', (c) => c.primaryKey())
    .addColumn('platform', 'text', (c) => c.notNull())
    .addColumn('user_id', 'text', (c) => c.notNull())
    .addColumn('user_name', 'text')
    .addColumn('role_ids', 'text', (c) => c.notNull().defaultTo('[]'))
    .addColumn('created_at', 'bigint', (c) => c.notNull())
    .addColumn('expires_at', 'bigint', (c) => c.notNull())
    .addColumn('used_at', 'bigint')
    .execute();
  await db.schema.createIndex('web_login_links_expires_at').on('web_login_links').column('expires_at').execute();

  await db.schema
    .createTable('web_sessions')
    .addColumn('token_hash', 'text', (c) => c.primaryKey())
    .addColumn('csrf_token', 'text', (c) => c.notNull())
    .addColumn('platform', 'text', (c) => c.notNull())
    .addColumn('user_id', 'text', (c) => c.notNull())
    .addColumn('user_name', 'text')
    .addColumn('role_ids', 'text', (c) => c.notNull().defaultTo('[]'))
    .addColumn('created_at', 'bigint', (c) => c.notNull())
    .addColumn('last_seen_at', 'bigint', (c) => c.notNull())
    .addColumn('expires_at', 'bigint', (c) => c.notNull())
    .execute();
  await db.schema.createIndex('web_sessions_user').on('web_sessions').columns(['platform', 'user_id']).execute();
  await db.schema.createIndex('web_sessions_expires_at').on('web_sessions').column('expires_at').execute();

  const audit = isPostgres(db)
    ? db.schema.createTable('web_audit').addColumn('id', 'bigserial', (c) => c.primaryKey())
    : db.schema.createTable('web_audit').addColumn('id', 'integer', (c) => c.primaryKey().autoIncrement());
  await audit
    .addColumn('at', 'bigint', (c) => c.notNull())
    .addColumn('actor', 'text', (c) => c.notNull())
    .addColumn('action', 'text', (c) => c.notNull())
    .addColumn('detail', 'text', (c) => c.notNull().defaultTo(''))
    .execute();
  await db.schema.createIndex('web_audit_at').on('web_audit').column('at').execute();
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await db.schema.dropTable('web_audit').ifExists().execute();
  await db.schema.dropTable('web_sessions').ifExists().execute();
  await db.schema.dropTable('web_login_links').ifExists().execute();
}
