import { sql, type Kysely } from 'kysely';

/*
 * Reader schedules (issue 7): digests, quiet hours, time zones, pause.
 *
 * subscribers gains the reader's settings and, precomputed as instants (epoch ms) so
 * that the fan-out and the once-a-minute job need no time-zone arithmetic in SQL:
 * - digest_next_at: when the next digest is due (null: no digest, deliveries are instant);
 * - quiet_from / quiet_until: the current or next quiet window (null: no quiet hours);
 * - paused_at: set while the reader has paused deliveries.
 * deliveries gains:
 * - digest_at: for a row released into a digest, that digest's due time; the digest's
 *   rows go out together as one message (or a few);
 * - parts_sent: how many pages of a long digest were sent, so a retry goes on from there.
 * New statuses (text, no constraint to change): 'held' (waiting for the digest) and
 * 'deferred' (waiting for quiet hours to end).
 * Frozen once released: change these with a new migration.
 */

export async function up(db: Kysely<unknown>): Promise<void> {
  await db.schema
    .alterTable('subscribers')
    .addColumn('timezone', 'text', (c) => c.notNull().defaultTo('UTC'))
    .execute();
  await db.schema.alterTable('subscribers').addColumn('digest_cadence', 'text').execute();
  await db.schema.alterTable('subscribers').addColumn('digest_minute', 'integer').execute();
  await db.schema.alterTable('subscribers').addColumn('digest_weekday', 'integer').execute();
  await db.schema.alterTable('subscribers').addColumn('digest_next_at', 'bigint').execute();
  await db.schema.alterTable('subscribers').addColumn('quiet_start', 'integer').execute();
  await db.schema.alterTable('subscribers').addColumn('quiet_end', 'integer').execute();
  await db.schema.alterTable('subscribers').addColumn('quiet_from', 'bigint').execute();
  await db.schema.alterTable('subscribers').addColumn('quiet_until', 'bigint').execute();
  await db.schema.alterTable('subscribers').addColumn('paused_at', 'bigint').execute();
  await db.schema.alterTable('deliveries').addColumn('digest_at', 'bigint').execute();
  await db.schema
    .alterTable('deliveries')
    .addColumn('parts_sent', 'integer', (c) => c.notNull().defaultTo(0))
    .execute();
  // The minute job's two look-ups: digests due, quiet windows that ended.
  await sql`CREATE INDEX subscribers_digest_due ON subscribers (digest_next_at) WHERE digest_next_at IS NOT NULL`.execute(
    db,
  );
  await sql`CREATE INDEX subscribers_quiet_ended ON subscribers (quiet_until) WHERE quiet_until IS NOT NULL`.execute(
    db,
  );
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await sql`DROP INDEX IF EXISTS subscribers_quiet_ended`.execute(db);
  await sql`DROP INDEX IF EXISTS subscribers_digest_due`.execute(db);
  for (const column of ['parts_sent', 'digest_at'])
    await db.schema.alterTable('deliveries').dropColumn(column).execute();
  for (const column of [
    'paused_at',
    'quiet_until',
    'quiet_from',
    'quiet_end',
    'quiet_start',
    'digest_next_at',
    'digest_weekday',
    'digest_minute',
    'digest_cadence',
    'timezone',
  ]) {
    await db.schema.alterTable('subscribers').dropColumn(column).execute();
  }
}
