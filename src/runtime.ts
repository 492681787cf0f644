import type { Readable, Writable } from 'node:stream';
import { createCore, type Core } from './core/core.ts';
import type { CoreDeps } from './app/deps.ts';
import { seedRegionNames } from './app/region-names.ts';
import type { Config } from './config.ts';
import type { PlatformPacer } from './delivery/limiter.ts';
import { limitsFor, type PlatformLimits } from './delivery/limits.ts';
import { createPacer } from './delivery/shared-limiter.ts';
import { createDeliveryWorker, type DeliveryWorker } from './delivery/worker.ts';
import { acquireWorkerLock, WORKER_LOCK_HEARTBEAT_MS } from './delivery/worker-lock.ts';
import type { Platform } from './domain/platform.ts';
import type { Logger } from './logger.ts';
import type { Adapter, AdapterFactory, AdapterHost } from './ports/adapter.ts';
import type { CardPreviewer } from './ports/card-preview.ts';
import { systemClock, type Clock } from './ports/clock.ts';
import { startHttpServer, type HttpServerHandle } from './http/server.ts';
import { startSchedules, type Schedules } from './jobs/index.ts';
import { openStorage, type Storage } from './storage/connect.ts';

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
    const report = await storage.migrate();
    if (report.applied.length > 0) logger.info({ migrations: report.applied }, 'database migrated');
  } catch (err) {
    await storage.close();
    throw err;
  }
  return coreOnStorage(storage, config, logger, clock);
}

/** The core over an open, migrated database; closing the handle closes the database. */
export function coreOnStorage(
  storage: Storage,
  config: Config,
  logger: Logger,
  clock: Clock = systemClock,
): CoreHandle {
  const listeners = new Set<() => void>();
  const deps: CoreDeps = {
    stores: storage.stores,
    config,
    clock,
    logger,
    onEnqueued: () => {
      for (const listener of listeners) listener();
    },
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
  schedules: Schedules;
  /** Resolves when the bot has stopped (a signal, or the console's input ended). */
  stopped: Promise<void>;
  stop(options?: { drain: boolean }): Promise<void>;
}

/** What a `tagwire start` process does: chat commands (and the HTTP API), deliveries, cron jobs. */
export type Role = 'bot' | 'worker' | 'scheduler';
export const ROLES: readonly Role[] = ['bot', 'worker', 'scheduler'];

export interface StartOptions {
  /** The roles this process takes; all of them by default. */
  roles?: readonly Role[];
  /** Pacing per platform; the platforms' limits (src/delivery/limits.ts) by default. Benchmarks and tests override it. */
  limits?: (platform: Platform) => PlatformLimits;
  /** The platforms' card renderers for the newsroom's preview; by default those of the adapters started. */
  cardPreviewers?: readonly CardPreviewer[];
}

/** The card renderers the given adapters lend the newsroom's preview (AdapterFactory.cardPreviewer). */
export const cardPreviewersOf = (factories: readonly AdapterFactory[]): CardPreviewer[] =>
  factories.flatMap((f) => (f.cardPreviewer ? [f.cardPreviewer] : []));

/**
 * Starts the given adapters, the delivery worker and the schedules over an open core,
 * as far as the process's roles ask: `bot` starts the adapters (chat commands) and the
 * HTTP server, `worker` drains the outbox through the adapters' senders (created, not
 * started, when this process is not also a bot), `scheduler` runs the cron jobs.
 * SQLite: a worker first takes the database's delivery-worker lock (throws
 * WorkerLockedError if another process holds it: two workers on one SQLite file would
 * send duplicates), then requeues rows a dead worker left 'sending'. PostgreSQL: any
 * number of workers share the outbox (claims under a lease, FOR UPDATE SKIP LOCKED) and
 * a dead worker's rows are claimed again when their lease runs out. Stops on `stop()`:
 * adapters first (no new commands), then the worker (claiming stops, in-flight sends
 * finish, claimed rows are released), the schedules, the lock, and the database.
 */
export async function startBot(
  handle: CoreHandle,
  factories: readonly AdapterFactory[],
  io: { input: Readable; output: Writable },
  options: StartOptions = {},
): Promise<RunningBot> {
  const { core, deps } = handle;
  await seedRegionNames(deps);
  const roles = new Set(options.roles ?? ROLES);
  const now = () => deps.clock.now().getTime();
  const singleWorker = roles.has('worker') && !deps.stores.capabilities.sharedByProcesses;
  const lock = singleWorker
    ? await acquireWorkerLock(deps.stores.locks, { now: () => Date.now(), where: deps.stores.capabilities.label })
    : null;
  if (singleWorker) {
    const abandoned = await deps.stores.outbox.releaseAbandoned(now());
    if (abandoned > 0) deps.logger.warn({ deliveries: abandoned }, 'requeued deliveries a previous run left in flight');
    const updates = await deps.stores.cardUpdates.releaseAbandoned(now());
    if (updates > 0) deps.logger.warn({ cardUpdates: updates }, 'requeued card edits a previous run left in flight');
  }

  let resolveStopped: () => void = () => {};
  const stopped = new Promise<void>((resolve) => {
    resolveStopped = resolve;
  });
  let stopping: Promise<void> | null = null;
  let worker: DeliveryWorker | null = null;
  let heartbeat: NodeJS.Timeout | null = null;
  const adapters: Adapter[] = [];
  /** Adapters whose start() was called, each with whether that start succeeded (settles when it is over). */
  const started: { adapter: Adapter; ready: Promise<boolean> }[] = [];
  const schedules = roles.has('scheduler') ? startSchedules(deps) : startSchedules(deps, []);
  let http: HttpServerHandle | null = null;

  const stop = (stopOptions: { drain: boolean } = { drain: false }): Promise<void> => {
    stopping ??= (async () => {
      if (heartbeat) clearInterval(heartbeat);
      // An adapter may ask for a shutdown while it is still starting (a Discord shard whose manager
      // died): its start is let finish, then it is stopped like the others.
      for (const { adapter, ready } of started) {
        if (!(await ready)) continue;
        try {
          await adapter.stop();
        } catch (err) {
          deps.logger.error({ err, platform: adapter.platform }, 'adapter failed to stop cleanly');
        }
      }
      if (worker) {
        if (stopOptions.drain) await worker.drainDue();
        await worker.stop();
      }
      await schedules.stop();
      await http?.close();
      try {
        await lock?.release();
      } catch (err) {
        deps.logger.error({ err }, 'could not release the worker lock; it expires by itself');
      }
      await handle.close();
      resolveStopped();
    })();
    return stopping;
  };

  try {
    const limits = options.limits ?? ((platform: Platform) => limitsFor(platform, deps.config));
    const shared = deps.stores.capabilities.sharedByProcesses;
    // One pacer per platform for the worker and the adapters' replies alike (replies first).
    const pacers = new Map<Platform, PlatformPacer>();
    const pacing = (platform: Platform): PlatformPacer => {
      let pacer = pacers.get(platform);
      if (!pacer) {
        pacer = createPacer({
          platform,
          limits: limits(platform),
          shared,
          slotStore: deps.stores.rateSlots,
          // A process that only replies takes the shared schedule's slots one at a time.
          blockSize: roles.has('worker') ? undefined : 1,
          logger: deps.logger,
        });
        pacers.set(platform, pacer);
      }
      return pacer;
    };
    const host: AdapterHost = { core, config: deps.config, logger: deps.logger, io, shutdown: stop, pacing };
    for (const factory of factories) adapters.push(factory.create(host));
    worker = createDeliveryWorker({
      deps,
      senders: roles.has('worker') ? adapters.map((a) => a.sender) : [],
      limits,
      pacers: pacing,
      cardButtons: core.cardButtonsFor,
    });
    const activeWorker = worker;
    handle.onEnqueued(() => activeWorker.wake());
    if (roles.has('bot')) {
      for (const adapter of adapters) {
        if (stopping) break;
        // Listed before start() is called: the adapter may ask for the shutdown from inside it.
        let settle: (ok: boolean) => void = () => {};
        started.push({ adapter, ready: new Promise<boolean>((resolve) => (settle = resolve)) });
        try {
          await adapter.start();
          settle(true);
        } catch (err) {
          settle(false);
          throw err;
        }
      }
    }
    if (stopping) {
      // A shutdown came while the adapters started: nothing else starts, and the bot is returned stopped.
      await stopping;
      return { adapters, worker, schedules, stopped, stop };
    }
    worker.start();
    if (roles.has('bot') && deps.config.http.port !== undefined)
      http = await startHttpServer({ deps, cardPreviewers: options.cardPreviewers ?? cardPreviewersOf(factories) });
  } catch (err) {
    await stop().catch(() => undefined);
    throw err;
  }
  if (lock)
    heartbeat = setInterval(() => {
      lock
        .renew()
        .then((held) => {
          if (held) return;
          deps.logger.error(
            'lost the delivery-worker lock (this process stalled past its expiry and another took over); stopping deliveries',
          );
          void worker?.stop();
        })
        .catch((err: unknown) => deps.logger.error({ err }, 'could not renew the worker lock'));
    }, WORKER_LOCK_HEARTBEAT_MS);
  heartbeat?.unref();
  deps.logger.info({ adapters: adapters.map((a) => a.platform), roles: [...roles] }, 'tagwire started');
  return { adapters, worker, schedules, stopped, stop };
}
