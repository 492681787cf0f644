import type { Kysely } from 'kysely';

/*
 * The newsroom's sign-in limit, shared by every process on the database (issue 16):
 * signin_attempts holds one fixed window per client address, the attempts made in it
 * and when it ends (epoch milliseconds, bigint). An attempt is counted with one atomic
 * upsert that starts a new window when the last one ended (src/storage/session-store.ts),
 * so several processes behind one database give an address one allowance, not one each.
 * Ended windows are pruned (the index on expires_at). Short-lived: not copied by
 * migrate-data.
 * Frozen once released: change the schema with a new migration.
 */

export async function up(db: Kysely<unknown>): Promise<void> {
  await db.schema
    .createTable('signin_attempts')
    .addColumn('address', 'text', (c) => c.primaryKey())
    .addColumn('attempts', 'integer', (c) => c.notNull())
    .addColumn('expires_at', 'bigint', (c) => c.notNull())
    .execute();
  await db.schema.createIndex('signin_attempts_expires_at').on('signin_attempts').column('expires_at').execute();
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await db.schema.dropTable('signin_attempts').ifExists().execute();
}
