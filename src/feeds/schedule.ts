import { schedule } from 'node-cron';
import type { CoreDeps } from '../app/deps.ts';
import { pollFeeds, type FeedPollResult } from './poll.ts';

export interface FeedSchedule {
  /** Stops the schedule and waits for a poll run in progress to finish. */
  stop(): Promise<void>;
}

export interface FeedScheduleOptions {
  /** Cron expression; default: the configuration's FEED_POLL_CRON. */
  cron?: string;
  /** Called after each run, with what each feed's poll did (tests, logs). */
  onRun?: (results: FeedPollResult[]) => void;
}

/**
 * Polls every feed that is due (not backing off after failures) on a node-cron
 * schedule, FEED_POLL_CRON (every 10 minutes by default). A run that is still going
 * when the next one is due makes that one skip, so runs never overlap. Errors are
 * logged, never thrown: a bad feed cannot stop the schedule.
 */
export function startFeedSchedule(deps: CoreDeps, options: FeedScheduleOptions = {}): FeedSchedule {
  let current: Promise<void> | null = null;
  const run = async () => {
    if (current) return;
    current = (async () => {
      try {
        const results = await pollFeeds(deps, { force: false });
        const failed = results.filter((r) => r.status === 'error').length;
        const created = results.reduce((n, r) => n + r.created, 0);
        if (results.length > 0) deps.logger.info({ feeds: results.length, failed, created }, 'feeds polled');
        options.onRun?.(results);
      } catch (err) {
        deps.logger.error({ err }, 'feed poll run failed');
      }
    })();
    await current;
    current = null;
  };
  const task = schedule(options.cron ?? deps.config.feeds.pollCron, run, { name: 'feed-poll', noOverlap: true });
  return {
    async stop() {
      await task.stop();
      await task.destroy();
      await current;
    },
  };
}
