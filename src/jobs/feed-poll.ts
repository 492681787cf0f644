import type { Config } from '../config.ts';
import { pollFeeds } from '../feeds/poll.ts';
import type { ScheduledJob } from './job.ts';

/**
 * The feed poll as a scheduled job: every feed that is due (not backing off after
 * failures) is polled on FEED_POLL_CRON (every 10 minutes by default). The scheduler
 * never overlaps two runs, and logs errors instead of throwing: a bad feed cannot
 * stop the schedule. Resolves with how many articles the run created.
 */
export function feedPollJob(config: Config): ScheduledJob {
  return {
    name: 'feed-poll',
    cron: config.feeds.pollCron,
    async run(deps) {
      const results = await pollFeeds(deps, { force: false });
      const failed = results.filter((r) => r.status === 'error').length;
      const created = results.reduce((n, r) => n + r.created, 0);
      if (results.length > 0) deps.logger.info({ feeds: results.length, failed, created }, 'feeds polled');
      return created;
    },
  };
}
