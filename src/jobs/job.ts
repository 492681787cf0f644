import type { CoreDeps } from '../app/deps.ts';

/** A cron job of the running bot: node-cron's expression and what a tick does. */
export interface ScheduledJob {
  name: string;
  cron: string;
  run(deps: CoreDeps): Promise<unknown>;
}
