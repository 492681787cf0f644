import { randomUUID } from 'node:crypto';
import { hostname } from 'node:os';
import type { JobRunStore } from '../storage/job-run-store.ts';

/** This process, as job_runs names it. */
export const SCHEDULER_ID = `${hostname()}:${process.pid}:${randomUUID().slice(0, 8)}`;

/**
 * Claims one tick of a cron job for this process: true for exactly one of the
 * schedulers that ask for the same job and tick (see JobRunStore.claimTick).
 */
export function claimJobTick(
  jobRuns: JobRunStore,
  name: string,
  tick: number,
  owner: string = SCHEDULER_ID,
  now: number = Date.now(),
): Promise<boolean> {
  return jobRuns.claimTick(name, tick, owner, now);
}
