/**
 * `deliver-overhead`: how fast the worker drains the outbox when sending costs nothing
 * (an in-process sender that answers at once, no rate limits): the engine's own cost
 * per delivery (claim, build the card, mark sent). Goal: ≥ 10,000 deliveries/s.
 *
 * `--db postgres` adds the same drain on PostgreSQL (a fresh schema of BENCH_DATABASE_URL,
 * see fanout.bench.ts) with 1, 2 and 4 workers, each over its own connection pool as
 * separate processes would be, sharing the outbox: `deliver-overhead.pg.Nw` figures.
 *
 * Also exports the set-up the other deliver-* benchmarks share.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createCommandRouter } from '../src/commands/router.ts';
import { loadConfig } from '../src/config.ts';
import type { PlatformLimits } from '../src/delivery/limits.ts';
import { createDeliveryWorker } from '../src/delivery/worker.ts';
import { silentLogger } from '../src/logger.ts';
import type { Sender } from '../src/ports/sender.ts';
import { coreOnStorage, openCore, type CoreHandle } from '../src/runtime.ts';
import { openStorage } from '../src/storage/connect.ts';
import { withBenchSchema } from './fanout.bench.ts';
import { seedFollowers } from '../test/delivery/sink.ts';
import { peakRssMiB, type BenchOptions, type Figure } from './figure.ts';

export interface DeliverySetup {
  handle: CoreHandle;
  dir: string;
  /** Public ids in posting order: the burst articles, then the fan-out article. */
  articles: string[];
  sends: number;
  cleanup(): Promise<void>;
}

/**
 * A SQLite file with `chats` Telegram chats following one tag and one article fanned
 * out to them; the first `burstChats` chats also follow a second tag that got
 * `burstArticles` articles just before (a burst to a few chats, amid the fan-out).
 */
export async function setUpDelivery(options: {
  chats: number;
  burstChats?: number;
  burstArticles?: number;
  env?: Record<string, string>;
  firstChatId?: number;
}): Promise<DeliverySetup> {
  const dir = mkdtempSync(join(tmpdir(), 'tagwire-deliver-'));
  const handle = await openCore(
    loadConfig({ DATABASE_URL: `sqlite:${join(dir, 'bench.db')}`, LOG_LEVEL: 'silent', ...options.env }),
    silentLogger,
  );
  const { db } = handle.storage;
  const ids = await seedFollowers(db, {
    count: options.chats,
    tag: 'News',
    firstChatId: options.firstChatId ?? 1_000_000,
  });
  const burstChats = options.burstChats ?? 0;
  const burstArticles = options.burstArticles ?? 0;
  const articles: string[] = [];
  if (burstChats > 0) {
    const tag = await db
      .insertInto('tags')
      .values({ key: 'burst', name: 'Burst', created_at: Date.now() })
      .returning('id')
      .executeTakeFirstOrThrow();
    await db
      .insertInto('follows')
      .values(
        ids.slice(0, burstChats).map((id) => ({
          subscriber_id: id,
          tag_id: tag.id,
          mode: 'follow' as const,
          mention_role_id: null,
          created_at: Date.now(),
        })),
      )
      .execute();
  }
  let sends = 0;
  // The burst goes first: its chats are still receiving it while the fan-out runs.
  for (let i = 0; i < burstArticles && burstChats > 0; i++) {
    const burst = await handle.core.postArticle(
      { title: `Burst ${i + 1}`, tags: ['Burst'], body: 'More for a few chats.' },
      { postedBy: 'bench', notify: true },
    );
    articles.push(burst.article.publicId);
    sends += burst.recipients;
  }
  const fanOut = await handle.core.postArticle(
    { title: 'Fan-out to every chat', tags: ['News'], body: 'A benchmark article.' },
    { postedBy: 'bench', notify: true },
  );
  articles.push(fanOut.article.publicId);
  sends += fanOut.recipients;
  return {
    handle,
    dir,
    articles,
    sends,
    async cleanup() {
      await handle.close().catch(() => undefined);
      rmSync(dir, { recursive: true, force: true });
    },
  };
}

export const UNLIMITED: PlatformLimits = {
  overallPerSecond: Infinity,
  perChatIntervalMs: { user: 0, group: 0, channel: 0 },
};

function instantWorker(handle: CoreHandle, counter: { sent: number }) {
  const instant: Sender = {
    platform: 'telegram',
    send: async () => ({ messageId: String(++counter.sent) }),
    sendDigest: async () => ({ messageId: String(++counter.sent) }),
    fits: () => true,
  };
  const router = createCommandRouter(handle.deps);
  return createDeliveryWorker({
    deps: handle.deps,
    senders: [instant],
    limits: () => UNLIMITED,
    cardButtons: router.cardButtonsFor,
  });
}

export async function run(options: BenchOptions): Promise<Figure[]> {
  const chats = options.quick ? 5_000 : 50_000;
  const figures = [await runSqlite(chats)];
  if (options.db === 'postgres') {
    for (const workers of [1, 2, 4]) figures.push(await runPostgres(options.quick ? 2_000 : 20_000, workers));
  }
  return figures;
}

async function runSqlite(chats: number): Promise<Figure> {
  const setup = await setUpDelivery({ chats, env: { DELIVERY_CONCURRENCY: '8' } });
  try {
    const worker = instantWorker(setup.handle, { sent: 0 });
    const started = performance.now();
    const drained = await worker.drainDue();
    const seconds = (performance.now() - started) / 1000;
    if (drained !== setup.sends) throw new Error(`drained ${drained} of ${setup.sends}`);
    return {
      name: 'deliver-overhead',
      value: Math.round(drained / seconds),
      unit: 'deliveries/s',
      deliveries: drained,
      seconds: Math.round(seconds * 100) / 100,
      concurrency: setup.handle.deps.config.delivery.concurrency,
      peakRssMiB: peakRssMiB(),
    };
  } finally {
    await setup.cleanup();
  }
}

/** The drain on PostgreSQL by `workers` workers sharing the outbox, each with its own pool. */
async function runPostgres(chats: number, workers: number): Promise<Figure> {
  return withBenchSchema(async (url, schema) => {
    const config = loadConfig({ DATABASE_URL: url, LOG_LEVEL: 'silent', DELIVERY_CONCURRENCY: '8' });
    const handles = Array.from({ length: workers }, () =>
      coreOnStorage(openStorage({ dialect: 'postgres', url, poolSize: 4 }, { pgSchema: schema }), config, silentLogger),
    );
    try {
      const [first] = handles;
      if (!first) throw new Error('no worker');
      await first.storage.migrate();
      await seedFollowers(first.storage.db, { count: chats, tag: 'News', firstChatId: 1_000_000 });
      const posted = await first.core.postArticle(
        { title: 'Fan-out to every chat', tags: ['News'], body: 'A benchmark article.' },
        { postedBy: 'bench', notify: true },
      );
      const counter = { sent: 0 };
      const started = performance.now();
      await Promise.all(handles.map((h) => instantWorker(h, counter).drainDue()));
      const seconds = (performance.now() - started) / 1000;
      if (counter.sent !== posted.recipients) throw new Error(`drained ${counter.sent} of ${posted.recipients}`);
      return {
        name: `deliver-overhead.pg.${workers}w`,
        value: Math.round(counter.sent / seconds),
        unit: 'deliveries/s',
        deliveries: counter.sent,
        seconds: Math.round(seconds * 100) / 100,
        workers,
        concurrency: 8,
      };
    } finally {
      for (const h of handles) await h.close();
    }
  });
}
