/**
 * In-process counters for GET /metrics: commands run and feed polls, counted since the
 * process started (Prometheus reads counters that way: a restart resets them, and
 * rate() copes). Numbers that live in the database, such as deliveries, are read
 * from it when scraped instead (src/http/metrics-text.ts).
 */

/** Distinct command names kept; any beyond fall into "other", so typos cannot grow the registry. */
export const MAX_COMMAND_NAMES = 100;

export type FeedPollOutcome = 'ok' | 'not_modified' | 'error';

const commands = new Map<string, number>();
const feedPolls = new Map<FeedPollOutcome, number>();
let feedArticles = 0;

/** Counts one command run, by its name without the slash ("follow"). */
export function countCommand(name: string): void {
  let key = /^[a-z][a-z0-9_]{0,31}$/u.test(name) ? name : 'other';
  if (!commands.has(key) && commands.size >= MAX_COMMAND_NAMES) key = 'other';
  commands.set(key, (commands.get(key) ?? 0) + 1);
}

/** Counts one poll of one feed, and the articles it created. */
export function countFeedPoll(outcome: FeedPollOutcome, articlesCreated = 0): void {
  feedPolls.set(outcome, (feedPolls.get(outcome) ?? 0) + 1);
  feedArticles += articlesCreated;
}

export interface CounterSnapshot {
  commands: ReadonlyMap<string, number>;
  feedPolls: ReadonlyMap<FeedPollOutcome, number>;
  feedArticles: number;
}

export function counterSnapshot(): CounterSnapshot {
  return { commands: new Map(commands), feedPolls: new Map(feedPolls), feedArticles };
}
