import cron, { type ScheduledTask } from 'node-cron';
import type { CoreDeps } from '../app/deps.ts';
import type { Config } from '../config.ts';
import { runScheduleTick } from '../app/schedules.ts';
import { feedPollJob } from './feed-poll.ts';
import type { ScheduledJob } from './job.ts';
import { claimJobTick } from './election.ts';
import { pruneDeliveredOutbox } from './retention.ts';

/** Outbox retention: hourly, at a minute off the hour when other cron jobs crowd. */
export const RETENTION_CRON = '17 * * * *';

/** Reader schedules (digests due, quiet hours ended): every minute, one job for every subscriber. */
export const READER_SCHEDULES_CRON = '* * * * *';

export type { ScheduledJob } from './job.ts';

/** Every job the running bot schedules. */
export function scheduledJobs(config: Config): ScheduledJob[] {
  return [
    { name: 'outbox-retention', cron: RETENTION_CRON, run: pruneDeliveredOutbox },
    { name: 'reader-schedules', cron: READER_SCHEDULES_CRON, run: runScheduleTick },
    feedPollJob(config),
  ];
}

export interface Schedules {
  /** Runs one job now, by name (tests, and an admin who will not wait for the hour). */
  runNow(name: string): Promise<unknown>;
  stop(): Promise<void>;
}

/**
 * Starts the node-cron jobs of a running bot (`tagwire start`): one at a time per job
 * (noOverlap), failures logged, never thrown. One-shot CLI commands start none. Each
 * tick runs in one process only, whatever the number of schedulers on the database:
 * the one that claims the tick in job_runs (./election.ts); the others skip it.
 */
export function startSchedules(deps: CoreDeps, jobs: readonly ScheduledJob[] = scheduledJobs(deps.config)): Schedules {
  const running = new Set<Promise<unknown>>();
  const runJob = (job: ScheduledJob): Promise<unknown> => {
    const run = runLogged(job);
    running.add(run);
    void run.finally(() => running.delete(run));
    return run;
  };
  const runLogged = async (job: ScheduledJob) => {
    const started = Date.now();
    try {
      const result = await job.run(deps);
      deps.logger.info({ job: job.name, result, ms: Date.now() - started }, 'scheduled job done');
      return result;
    } catch (err) {
      deps.logger.error({ err, job: job.name }, 'scheduled job failed');
      return undefined;
    }
  };
  const onTick = async (job: ScheduledJob, scheduledAt: Date) => {
    // The tick is the scheduled second, the same in every scheduler whose timer fired for it.
    const tick = Math.floor(scheduledAt.getTime() / 1000);
    let won: boolean;
    try {
      won = await claimJobTick(deps.stores.jobRuns, job.name, tick);
    } catch (err) {
      deps.logger.error({ err, job: job.name }, "could not claim the scheduled job's tick; skipped");
      return undefined;
    }
    if (!won) {
      deps.logger.debug({ job: job.name, tick }, 'scheduled job ran elsewhere this tick');
      return undefined;
    }
    return runJob(job);
  };
  const tasks: ScheduledTask[] = jobs.map((job) =>
    cron.schedule(job.cron, (context) => onTick(job, context.date), { name: job.name, noOverlap: true }),
  );
  return {
    async runNow(name) {
      const job = jobs.find((j) => j.name === name);
      if (!job) throw new Error(`no scheduled job named ${name}`);
      return runJob(job);
    },
    /** Stops the schedules and waits for runs in progress to finish. */
    async stop() {
      for (const task of tasks) await task.destroy();
      await Promise.all(running);
    },
  };
}
