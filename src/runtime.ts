import type { Readable, Writable } from 'node:stream';
import { createCore, type Core } from './app/core.ts';
import type { CoreDeps } from './app/deps.ts';
import type { Config } from './config.ts';
import { limitsFor } from './delivery/limits.ts';
import { createDeliveryWorker, type DeliveryWorker } from './delivery/worker.ts';
import type { Logger } from './logger.ts';
import type { Adapter, AdapterFactory, AdapterHost } from './ports/adapter.ts';
import { systemClock, type Clock } from './ports/clock.ts';
import { openStorage, type Storage } from './storage/connect.ts';
import { migrateToLatest } from './storage/migrate.ts';
import { createStores } from './storage/stores.ts';

/** An open database with the core on top: what every CLI command starts from. */
export interface CoreHandle {
  core: Core;
  deps: CoreDeps;
  storage: Storage;
  /** Subscribe to "deliveries were enqueued in this process". */
  onEnqueued(listener: () => void): void;
  close(): Promise<void>;
}

/** Opens storage, brings the schema up to date, and builds the core. */
export async function openCore(config: Config, logger: Logger, clock: Clock = systemClock): Promise<CoreHandle> {
  const storage = openStorage(config.database);
  try {
    const report = await migrateToLatest(storage.db);
    if (report.applied.length > 0) logger.info({ migrations: report.applied }, 'database migrated');
  } catch (err) {
    await storage.close();
    throw err;
  }
  const listeners = new Set<() => void>();
  const deps: CoreDeps = {
    stores: createStores(storage.db),
    config,
    clock,
    logger,
    onEnqueued: () => { for (const listener of listeners) listener(); },
  };
  return {
    core: createCore(deps),
    deps,
    storage,
    onEnqueued: (listener) => listeners.add(listener),
    close: () => storage.close(),
  };
}

export interface RunningBot {
  adapters: Adapter[];
  worker: DeliveryWorker;
  /** Resolves when the bot has stopped (a signal, or the console's input ended). */
  stopped: Promise<void>;
  stop(options?: { drain: boolean }): Promise<void>;
}

/**
 * Starts the given adapters and the delivery worker over an open core. Stops on
 * `stop()`: adapters first (no new commands), then the worker (in-flight sends finish,
 * claimed rows are released), then the database.
 */
export async function startBot(handle: CoreHandle, factories: readonly AdapterFactory[], io: { input: Readable; output: Writable }): Promise<RunningBot> {
  const { core, deps } = handle;
  let resolveStopped: () => void = () => {};
  const stopped = new Promise<void>((resolve) => { resolveStopped = resolve; });
  let stopping: Promise<void> | null = null;
  let worker: DeliveryWorker | null = null;
  const adapters: Adapter[] = [];

  const stop = (options: { drain: boolean } = { drain: false }): Promise<void> => {
    stopping ??= (async () => {
      for (const adapter of adapters) {
        try { await adapter.stop(); } catch (err) { deps.logger.error({ err, platform: adapter.platform }, 'adapter failed to stop cleanly'); }
      }
      if (worker) {
        if (options.drain) await worker.drainDue();
        await worker.stop();
      }
      await handle.close();
      resolveStopped();
    })();
    return stopping;
  };

  const host: AdapterHost = { core, config: deps.config, logger: deps.logger, io, shutdown: stop };
  for (const factory of factories) adapters.push(factory.create(host));
  worker = createDeliveryWorker({
    deps,
    senders: adapters.map((a) => a.sender),
    limits: (platform) => limitsFor(platform, deps.config),
    cardButtons: core.cardButtons,
  });
  const activeWorker = worker;
  handle.onEnqueued(() => activeWorker.wake());
  for (const adapter of adapters) await adapter.start();
  worker.start();
  deps.logger.info({ adapters: adapters.map((a) => a.platform) }, 'tagwire started');
  return { adapters, worker, stopped, stop };
}
