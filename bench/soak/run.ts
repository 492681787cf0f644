/**
 * The soak's core (bench/soak.ts is its command line; test/delivery/soak-core.test.ts runs
 * it small): one engine, one run.
 *
 * 1. A database (SQLite file, or a fresh PostgreSQL schema) with `subscribers` chats
 *    loaded (population.ts), the Telegram Bot API emulator with the same chats, and the
 *    real `tagwire start` process against both, long polling the emulator and serving the
 *    HTTP ingest API, as a paid broadcast at `maxPerSecond` (the emulator enforces
 *    Telegram's flood limits, 1,000 a second paid and a second per chat).
 * 2. The stream, `streamMs` long: article 0 to every subscriber, then an article every
 *    `postIntervalMs` to a few percent of them (poster.ts); readers' commands and button
 *    presses (readers.ts); 429 storms, 5xx and connection resets (faults.ts); and `kills`
 *    kill -9 of the bot, spread over the stream, each while deliveries are being sent,
 *    each followed at once by a restart.
 * 3. The drain: no more posts or storms; waits until the emulator has every expected pair.
 * 4. SIGTERM, then the account (ledger.ts), the outbox's own counts, and the verdict.
 */
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { TelegramEmulator, TEST_TOKEN } from '../../test/emulators/telegram/emulator.ts';
import { seededRandom } from '../lib/synthetic.ts';
import { BotProcess } from './bot.ts';
import { createSoakDatabase, loadPopulation, outboxCounts, type Engine } from './database.ts';
import { FaultInjector, planStorms, type FaultRates } from './faults.ts';
import { Ledger } from './ledger.ts';
import { createPopulation } from './population.ts';
import { Poster } from './poster.ts';
import { Readers } from './readers.ts';
import { verdict, replyFigures, type SoakResult } from './report.ts';

export interface SoakOptions {
  engine: Engine;
  subscribers: number;
  streamMs: number;
  seed: number;
  postIntervalMs: number;
  kills: number;
  storms: number;
  stormMs: readonly [number, number];
  rates: FaultRates;
  readers: number;
  readerGapMs: readonly [number, number];
  /** Telegram messages a second (paid broadcast) and the worker's lanes. */
  maxPerSecond: number;
  concurrency: number;
  /** How long the drain may take before what is missing counts as lost. */
  drainTimeoutMs: number;
  /** Progress lines (stderr in the script). */
  log?: (line: string) => void;
}

export const DEFAULT_SOAK: Omit<SoakOptions, 'engine' | 'subscribers' | 'streamMs' | 'seed'> = {
  postIntervalMs: 5_000,
  kills: 2,
  storms: 4,
  stormMs: [2_000, 5_000],
  rates: { serverError: 0.01, reset: 0.005, poll: 0.02 },
  readers: 10,
  readerGapMs: [2_000, 4_000],
  maxPerSecond: 1000,
  concurrency: 8,
  drainTimeoutMs: 600_000,
};

const FIRST_READER = 900_000_000;
const INGEST_TOKEN = 'soak-ingest-token-0123456789';
const UP_TIMEOUT_MS = 90_000;
/** A kill waits (at most this long) for deliveries to be flowing, so it lands mid-delivery. */
const KILL_WAIT_MS = 15_000;

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

async function freePort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const address = server.address();
  await new Promise((resolve) => server.close(resolve));
  if (address === null || typeof address === 'string') throw new Error('no free port');
  return address.port;
}

export async function runSoak(options: SoakOptions): Promise<SoakResult> {
  const began = performance.now();
  const log = (line: string) => options.log?.(`[${((performance.now() - began) / 1000).toFixed(1)} s] ${line}`);
  const random = seededRandom(options.seed);
  const faultRandom = seededRandom(options.seed + 1);
  const readerRandom = seededRandom(options.seed + 2);
  const dir = mkdtempSync(join(tmpdir(), 'tagwire-soak-'));
  const population = createPopulation(options.subscribers, random);
  const database = await createSoakDatabase(options.engine, dir);
  const emulator = await new TelegramEmulator().start();
  const port = await freePort();
  const httpUrl = `http://127.0.0.1:${port}`;
  const bot = new BotProcess(botEnv(options, database.url, emulator.url, port, join(dir, 'bot.log')));
  try {
    const loadStarted = performance.now();
    await loadPopulation(database, population);
    for (let i = 0; i < population.count; i++) {
      const id = population.chatId(i);
      if (population.isGroup(i)) emulator.addGroup({ id, title: `Soak group ${i}`, members: {} });
      else emulator.addUser({ id, first_name: `S${i}` });
    }
    log(
      `${options.engine}: ${population.count} subscribers loaded in ${Math.round(performance.now() - loadStarted)} ms`,
    );
    const users = Array.from({ length: options.readers }, (_, i) =>
      emulator.addUser({ id: FIRST_READER + i, first_name: `Reader${i}` }),
    );

    const ledger = new Ledger(population);
    const poster = new Poster(() => httpUrl, INGEST_TOKEN, ledger, random);
    const readers = new Readers(emulator, users, readerRandom, () => poster.publicIds, {
      gapMs: options.readerGapMs,
      timeoutMs: 60_000,
    });
    const storms = planStorms(options.storms, options.streamMs, options.stormMs, faultRandom);
    const faults = new FaultInjector(
      storms,
      options.rates,
      faultRandom,
      (chat) => population.indexOf(chat) >= 0,
      emulator.clock,
    );
    let lastDeliveryAt = -Infinity;
    let lastPollAt = -Infinity;
    // The hook sees every call as it arrives (onCall only once answered: a long poll, 30 s later).
    emulator.injectFaults((method, payload) => {
      if (method === 'getUpdates') lastPollAt = emulator.clock();
      return faults.hook(method, payload);
    });
    emulator.onCall((call) => {
      if (call.method === 'sendMessage' && call.status === 200) {
        const chat = Number(call.payload.chat_id);
        if (population.indexOf(chat) >= 0) {
          lastDeliveryAt = emulator.clock();
          ledger.record(chat, String(call.payload.text ?? ''));
        }
      }
      readers.onCall(call);
    });

    const waitUp = async () => {
      const startedAt = emulator.clock();
      const deadline = Date.now() + UP_TIMEOUT_MS;
      let healthyAt: number | null = null;
      for (;;) {
        if (!bot.running) throw new Error(`the bot exited while starting: ${bot.output()}`);
        if (healthyAt === null && (await healthy(httpUrl))) healthyAt = emulator.clock();
        if (lastPollAt > startedAt && healthyAt !== null) {
          log(`${options.engine}: bot up, answering HTTP after ${Math.round(healthyAt - startedAt)} ms`);
          return emulator.clock();
        }
        if (Date.now() > deadline) throw new Error(`the bot did not come up in ${UP_TIMEOUT_MS} ms: ${bot.output()}`);
        await sleep(100);
      }
    };
    bot.start();
    await waitUp();
    log(`${options.engine}: bot up; streaming for ${Math.round(options.streamMs / 1000)} s`);

    // ---- the stream ----
    const t0 = emulator.clock();
    const wallStarted = performance.now();
    faults.start();
    readers.start();
    const downtimes: { killedAt: number; upAt: number; midDelivery: boolean }[] = [];
    const killer = (async () => {
      for (let k = 1; k <= options.kills; k++) {
        const at = t0 + (options.streamMs * k) / (options.kills + 1);
        while (emulator.clock() < at) await sleep(50);
        const waitUntil = emulator.clock() + KILL_WAIT_MS;
        while (emulator.clock() - lastDeliveryAt > 200 && emulator.clock() < waitUntil) await sleep(10);
        const midDelivery = emulator.clock() - lastDeliveryAt <= 200;
        const killedAt = emulator.clock();
        await bot.kill();
        log(`${options.engine}: kill -9 #${k} after ${ledger.summary().sends} deliveries; restarting`);
        bot.start();
        downtimes.push({ killedAt, upAt: await waitUp(), midDelivery });
      }
    })();
    for (let n = 0; n === 0 || emulator.clock() - t0 < options.streamMs; n++) {
      await poster.post(n);
      const next = t0 + (n + 1) * options.postIntervalMs;
      while (emulator.clock() < next && emulator.clock() - t0 < options.streamMs) await sleep(20);
    }
    await killer;
    faults.endStorms();
    const streamEnded = emulator.clock();

    // ---- the drain ----
    const drainDeadline = streamEnded + options.drainTimeoutMs;
    let missing = ledger.missing();
    log(`${options.engine}: stream over (${poster.publicIds.length} articles); draining ${missing} deliveries`);
    while (missing > 0 && emulator.clock() < drainDeadline) {
      await sleep(1000);
      missing = ledger.missing();
    }
    const drained = missing === 0;
    const drainedAt = emulator.clock();
    await readers.stop(10_000);
    // Anything still on its way (a repeat after a restart) lands now, before the count.
    await sleep(1000);
    emulator.injectFaults(null);
    const exitCode = await bot.stop();
    const wallSeconds = (performance.now() - wallStarted) / 1000;

    const summary = ledger.summary();
    const refusals = emulator.floodRefusals();
    const byRule: Record<string, number> = {};
    for (const r of refusals) {
      const to = population.indexOf(Number(r.payload.chat_id)) >= 0 ? 'delivery' : 'reader';
      const key = `${r.limitedBy ?? '?'} ${r.method} to ${to}`;
      byRule[key] = (byRule[key] ?? 0) + 1;
    }
    const result: SoakResult = {
      engine: options.engine,
      subscribers: options.subscribers,
      seed: options.seed,
      ...summary,
      duplicateBound: options.kills * options.concurrency,
      steady429: refusals.length,
      steady429ByRule: byRule,
      injected: {
        storms: storms.length,
        stormSeconds: storms.reduce((s, x) => s + (x.endMs - x.startMs), 0) / 1000,
        ...faults.counts,
        kills: downtimes.length,
        killsMidDelivery: downtimes.filter((d) => d.midDelivery).length,
      },
      restartSeconds: downtimes.map((d) => Math.round(d.upAt - d.killedAt) / 1000),
      posts: { articles: poster.publicIds.length, retries: poster.retries, alreadyStored: poster.alreadyStored },
      botRecipients: poster.recipients,
      replies: replyFigures(readers.actions, downtimes, faults.stormWindows()),
      outbox: await outboxCounts(database),
      drained,
      exitCode,
      streamSeconds: Math.round((streamEnded - t0) / 100) / 10,
      drainSeconds: Math.round((drainedAt - streamEnded) / 100) / 10,
      durationSeconds: Math.round(wallSeconds * 10) / 10,
      deliveriesPerSecond: Math.round(summary.sends / ((drainedAt - t0) / 1000)),
      concurrency: options.concurrency,
      maxPerSecond: options.maxPerSecond,
      ok: false,
      failures: [],
    };
    if (process.env.SOAK_KEEP)
      writeFileSync(
        join(dir, 'timeline.json'),
        JSON.stringify({
          t0,
          downtimes,
          storms: faults.stormWindows(),
          actions: readers.actions,
          refusals: refusals.map((r) => ({ at: r.at, rule: r.limitedBy, method: r.method, chat: r.payload.chat_id })),
          perSecond: acceptedPerSecond(emulator, t0),
        }),
      );
    result.failures = verdict(result);
    result.ok = result.failures.length === 0;
    return result;
  } finally {
    bot.abandon();
    await emulator.stop();
    await database.drop().catch(() => undefined);
    // SOAK_KEEP=1 keeps the folder for a look afterwards: the SQLite file, the bot's log
    // (bot.log) and timeline.json (kills and restarts, storms, every reader action).
    if (process.env.SOAK_KEEP) log(`${options.engine}: kept ${dir}`);
    else rmSync(dir, { recursive: true, force: true });
  }
}

function botEnv(options: SoakOptions, databaseUrl: string, apiRoot: string, port: number, logFile: string) {
  return {
    DATABASE_URL: databaseUrl,
    DATABASE_POOL_SIZE: '4',
    LOG_LEVEL: 'warn',
    LOG_FILE: logFile,
    TELEGRAM_BOT_TOKEN: TEST_TOKEN,
    TELEGRAM_API_ROOT: apiRoot,
    TELEGRAM_MAX_PER_SECOND: String(options.maxPerSecond),
    TELEGRAM_PAID_BROADCAST: 'true',
    DELIVERY_CONCURRENCY: String(options.concurrency),
    DELIVERY_POLL_MS: '100',
    // A killed process's claimed rows go back to the queue after this on PostgreSQL (SQLite requeues them at start).
    DELIVERY_LEASE_SECONDS: '10',
    HTTP_PORT: String(port),
    INGEST_TOKEN,
  };
}

async function healthy(url: string): Promise<boolean> {
  try {
    const res = await fetch(`${url}/healthz`, { signal: AbortSignal.timeout(2000) });
    await res.arrayBuffer();
    return res.ok;
  } catch {
    return false;
  }
}

/** Messages the emulator accepted in each second since t0 (diagnostics for timeline.json). */
function acceptedPerSecond(emulator: TelegramEmulator, t0: number): number[] {
  const counts: number[] = [];
  for (const c of emulator.calls()) {
    if (c.status !== 200 || c.method === 'getUpdates' || c.method.startsWith('answer')) continue;
    const s = Math.floor((c.at - t0) / 1000);
    if (s >= 0) counts[s] = (counts[s] ?? 0) + 1;
  }
  return Array.from(counts, (n) => n ?? 0);
}
