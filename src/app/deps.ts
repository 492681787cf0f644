import type { Config } from '../config.ts';
import type { Logger } from '../logger.ts';
import type { Clock } from '../ports/clock.ts';
import type { Stores } from '../storage/stores.ts';

/** What every use case receives, in one options object. */
export interface CoreDeps {
  stores: Stores;
  config: Config;
  clock: Clock;
  logger: Logger;
  /** Called after new deliveries were enqueued, so a worker in this process starts at once. */
  onEnqueued: () => void;
}
