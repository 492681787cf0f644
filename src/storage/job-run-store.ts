import { sql, type Kysely } from 'kysely';
import type { Database } from './schema.ts';

/** Which scheduler ran which tick of each cron job (job_runs, migrations/0005_scale_out.ts). */
export interface JobRunStore {
  /**
   * Claims one tick of a job for `owner`: true for exactly one of the schedulers that ask
   * for the same job and tick. One atomic upsert that only moves the job's row forward,
   * so it needs no lock and holds on SQLite and PostgreSQL alike; a scheduler that asks
   * late (its timer fired after the next tick was claimed) also gets false.
   */
  claimTick(name: string, tick: number, owner: string, now: number): Promise<boolean>;
  /** The last claimed tick of each job, by whom (for tests and admins). */
  list(): Promise<{ name: string; tick: number; ranBy: string; startedAt: number }[]>;
}

interface JobRunsTable {
  name: string;
  tick: number;
  ran_by: string;
  started_at: number;
}

export function createJobRunStore(db: Kysely<Database>): JobRunStore {
  return {
    async claimTick(name, tick, owner, now) {
      const result = await sql<{ name: string }>`
        INSERT INTO job_runs (name, tick, ran_by, started_at) VALUES (${name}, ${tick}, ${owner}, ${now})
        ON CONFLICT (name) DO UPDATE SET tick = excluded.tick, ran_by = excluded.ran_by, started_at = excluded.started_at
        WHERE job_runs.tick < excluded.tick
        RETURNING name`.execute(db);
      return result.rows.length > 0;
    },
    async list() {
      const rows = await db
        .withTables<{ job_runs: JobRunsTable }>()
        .selectFrom('job_runs')
        .selectAll()
        .orderBy('name')
        .execute();
      return rows.map((r) => ({
        name: r.name,
        tick: Number(r.tick),
        ranBy: r.ran_by,
        startedAt: Number(r.started_at),
      }));
    },
  };
}
