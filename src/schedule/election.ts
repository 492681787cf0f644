import { randomUUID } from 'node:crypto';
import { hostname } from 'node:os';
import { sql, type Kysely } from 'kysely';
import type { Database } from '../storage/schema.ts';

/** This process, as job_runs names it. */
export const SCHEDULER_ID = `${hostname()}:${process.pid}:${randomUUID().slice(0, 8)}`;

/**
 * Claims one tick of a cron job for this process: true for exactly one of the
 * schedulers that ask for the same job and tick (migrations/0005_scale_out.ts). One
 * atomic upsert that only moves the job's row forward, so it needs no lock and holds on
 * SQLite and PostgreSQL alike; a scheduler that asks late (its timer fired after the
 * next tick was claimed) also gets false.
 */
export async function claimJobTick(db: Kysely<Database>, name: string, tick: number, owner: string = SCHEDULER_ID, now: number = Date.now()): Promise<boolean> {
  const result = await sql<{ name: string }>`
    INSERT INTO job_runs (name, tick, ran_by, started_at) VALUES (${name}, ${tick}, ${owner}, ${now})
    ON CONFLICT (name) DO UPDATE SET tick = excluded.tick, ran_by = excluded.ran_by, started_at = excluded.started_at
    WHERE job_runs.tick < excluded.tick
    RETURNING name`.execute(db);
  return result.rows.length > 0;
}
