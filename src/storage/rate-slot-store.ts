import { sql, type Kysely } from 'kysely';
import type { Platform } from '../domain/platform.ts';
import type { Database } from './schema.ts';

/**
 * The platforms' shared send schedules (rate_slots, migrations/0005_scale_out.ts): one
 * row per platform holding its next free slot, on the database's clock. PostgreSQL only:
 * it is how several workers share one platform's overall rate.
 */
export interface RateSlotStore {
  /**
   * Reserves the next `spanMs` of the platform's schedule in one atomic upsert, so the
   * blocks of all workers never overlap; after an idle spell the schedule restarts from
   * now. Returns how long after the database's "now" the block starts, in ms.
   */
  reserve(platform: Platform, spanMs: number): Promise<number | undefined>;
}

export function createRateSlotStore(db: Kysely<Database>): RateSlotStore {
  return {
    async reserve(platform, span) {
      const dbNow = sql`(extract(epoch from statement_timestamp()) * 1000)::double precision`;
      const row = (
        await sql<{ delay: number }>`
        INSERT INTO rate_slots (platform, next_at) VALUES (${platform}, ${dbNow} + ${span})
        ON CONFLICT (platform) DO UPDATE SET next_at = GREATEST(rate_slots.next_at, ${dbNow}) + ${span}
        RETURNING next_at - ${span} - ${dbNow} AS delay`.execute(db)
      ).rows[0];
      return row === undefined ? undefined : Number(row.delay);
    },
  };
}
