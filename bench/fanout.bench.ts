/**
 * `fanout`: time and peak memory to enqueue one article's deliveries (the set-based
 * INSERT … SELECT of OutboxStore.fanOut) at 10k, 100k and 1M subscribers.
 *
 * Follows are shaped like a real news bot's: a default "top stories" tag that most
 * readers keep (97%), plus 1-5 topical tags each from 300 with Zipf popularity (a few
 * tags are followed by many, most by few); 1% of readers mute a topical tag and 1% are
 * deactivated. Two articles are measured per size:
 * - `broad`: tagged top + two popular topics: reaches nearly everyone, the worst case;
 * - `typical`: two topical tags, one popular and one mid-ranked.
 *
 * The database is a real SQLite file (WAL, as `tagwire start` opens it). Each size is
 * seeded first, then measured in a fresh child process so that its peak RSS is the
 * enqueue's own, not the seeding's. Each figure is the median of RUNS runs (wall time,
 * the transaction's statement and commit), with the CPU time beside it.
 */
import { fork } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import SQLite from 'better-sqlite3';
import { sql } from 'kysely';
import { loadConfig } from '../src/config.ts';
import { silentLogger } from '../src/logger.ts';
import { openCore } from '../src/runtime.ts';
import { peakRssMiB, type BenchOptions, type Figure } from './figure.ts';

const TOPICS = 300;
const ZIPF_EXPONENT = 1;
const NOW = Date.UTC(2024, 4, 1);

/** A small, seeded PRNG (mulberry32): the same data on every run. */
function prng(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

function zipfSampler(n: number, random: () => number): () => number {
  const cumulative: number[] = [];
  let sum = 0;
  for (let i = 0; i < n; i++) cumulative.push((sum += 1 / (i + 1) ** ZIPF_EXPONENT));
  return () => {
    const x = random() * sum;
    let lo = 0;
    let hi = n - 1;
    while (lo < hi) {
      const mid = (lo + hi) >> 1;
      if ((cumulative[mid] ?? 0) < x) lo = mid + 1;
      else hi = mid;
    }
    return lo;
  };
}

interface Seeded { broadArticleId: number; typicalArticleId: number; follows: number }

/** Fills a migrated database with tags, subscribers, follows and the two articles. */
export function seed(path: string, subscribers: number): Seeded {
  const db = new SQLite(path);
  db.pragma('journal_mode = WAL');
  db.pragma('synchronous = OFF');
  const random = prng(20240501);
  const topic = zipfSampler(TOPICS, random);
  let follows = 0;
  const ids = db.transaction(() => {
    const tag = db.prepare('INSERT INTO tags (key, name, created_at) VALUES (?, ?, ?)');
    const topId = Number(tag.run('top', 'Top', NOW).lastInsertRowid);
    const topicIds: number[] = [];
    for (let i = 0; i < TOPICS; i++) topicIds.push(Number(tag.run(`topic${i}`, `Topic${i}`, NOW).lastInsertRowid));
    const sub = db.prepare(`INSERT INTO subscribers (platform, chat_id, kind, status, created_at, updated_at) VALUES ('telegram', ?, 'user', ?, ?, ?)`);
    const follow = db.prepare('INSERT OR IGNORE INTO follows (subscriber_id, tag_id, mode, created_at) VALUES (?, ?, ?, ?)');
    for (let i = 0; i < subscribers; i++) {
      const id = Number(sub.run(String(100_000_000 + i), random() < 0.01 ? 'deactivated' : 'active', NOW, NOW).lastInsertRowid);
      if (random() < 0.97) follows += follow.run(id, topId, 'follow', NOW).changes;
      const topical = 1 + Math.floor(random() * 5);
      for (let k = 0; k < topical; k++) follows += follow.run(id, topicIds[topic()], 'follow', NOW).changes;
      if (random() < 0.01) follows += follow.run(id, topicIds[topic()], 'mute', NOW).changes;
    }
    const article = db.prepare(`INSERT INTO articles (public_id, title, body, summary, published_at, created_at, posted_by) VALUES (?, ?, '', '', ?, ?, 'bench')`);
    const articleTag = db.prepare('INSERT INTO article_tags (article_id, tag_id, position) VALUES (?, ?, ?)');
    const broad = Number(article.run('bench1', 'Broad', NOW, NOW).lastInsertRowid);
    [topId, topicIds[0], topicIds[3]].forEach((t, i) => articleTag.run(broad, t, i));
    const typical = Number(article.run('bench2', 'Typical', NOW, NOW).lastInsertRowid);
    [topicIds[1], topicIds[40]].forEach((t, i) => articleTag.run(typical, t, i));
    return { broadArticleId: broad, typicalArticleId: typical };
  })();
  db.pragma('wal_checkpoint(TRUNCATE)');
  db.exec('ANALYZE');
  db.close();
  return { ...ids, follows };
}

interface ChildResult { article: string; ms: number; cpuMs: number; runsMs: number[]; recipients: number; peakRssMiB: number }

/** Runs per article; the median is reported (the machine is shared and wall times wander). */
const RUNS = 3;
const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)] ?? 0;

/**
 * In the child: open the database as the bot does and enqueue each article RUNS times,
 * timing the transaction (statement and commit); between runs the rows are deleted and
 * the WAL checkpointed, untimed.
 */
async function measureInChild(path: string, articles: { name: string; id: number }[]): Promise<ChildResult[]> {
  const handle = await openCore(loadConfig({ DATABASE_URL: `sqlite:${path}`, LOG_LEVEL: 'silent' }), silentLogger);
  const { db } = handle.deps.stores;
  const results: ChildResult[] = [];
  try {
    for (const article of articles) {
      const wall: number[] = [];
      const cpu: number[] = [];
      let recipients = 0;
      for (let run = 0; run < RUNS; run++) {
        const started = performance.now();
        const cpuBefore = process.cpuUsage();
        recipients = await handle.deps.stores.transaction((stores) => stores.outbox.fanOut(article.id, NOW + 1));
        const used = process.cpuUsage(cpuBefore);
        wall.push(performance.now() - started);
        cpu.push((used.user + used.system) / 1000);
        await db.deleteFrom('deliveries').where('article_id', '=', article.id).execute();
        await sql`PRAGMA wal_checkpoint(TRUNCATE)`.execute(db);
      }
      results.push({ article: article.name, ms: median(wall), cpuMs: median(cpu), runsMs: wall, recipients, peakRssMiB: peakRssMiB() });
    }
  } finally {
    await handle.close();
  }
  return results;
}

function runChild(path: string, seeded: Seeded): Promise<ChildResult[]> {
  return new Promise((resolve, reject) => {
    const child = fork(fileURLToPath(import.meta.url), [], {
      execArgv: ['--import', 'tsx'],
      env: { ...process.env, TAGWIRE_FANOUT_CHILD: JSON.stringify({ path, seeded }) },
      stdio: ['ignore', 'inherit', 'inherit', 'ipc'],
    });
    child.once('message', (message) => resolve(message as ChildResult[]));
    child.once('error', reject);
    child.once('exit', (code) => { if (code !== 0) reject(new Error(`fanout child exited with ${code}`)); });
  });
}

export async function run(options: BenchOptions): Promise<Figure[]> {
  const sizes = options.quick ? [10_000, 100_000] : [10_000, 100_000, 1_000_000];
  const dir = mkdtempSync(join(tmpdir(), 'tagwire-fanout-'));
  const figures: Figure[] = [];
  try {
    for (const size of sizes) {
      const path = join(dir, `fanout-${size}.db`);
      const setup = await openCore(loadConfig({ DATABASE_URL: `sqlite:${path}`, LOG_LEVEL: 'silent' }), silentLogger);
      await setup.close();
      const seeded = seed(path, size);
      const label = size >= 1_000_000 ? `${size / 1_000_000}m` : `${size / 1000}k`;
      for (const r of await runChild(path, seeded)) {
        figures.push({
          name: `fanout.${label}.${r.article}`,
          value: Math.round(r.ms),
          unit: 'ms',
          cpuMs: Math.round(r.cpuMs),
          runsMs: r.runsMs.map((ms) => Math.round(ms)).join('/'),
          subscribers: size,
          follows: seeded.follows,
          recipients: r.recipients,
          perSecond: Math.round(r.recipients / (r.ms / 1000)),
          peakRssMiB: r.peakRssMiB,
        });
      }
      rmSync(path, { force: true });
      rmSync(`${path}-wal`, { force: true });
      rmSync(`${path}-shm`, { force: true });
    }
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
  return figures;
}

const childTask = process.env.TAGWIRE_FANOUT_CHILD;
if (childTask !== undefined && process.send) {
  const { path, seeded } = JSON.parse(childTask) as { path: string; seeded: Seeded };
  const results = await measureInChild(path, [{ name: 'broad', id: seeded.broadArticleId }, { name: 'typical', id: seeded.typicalArticleId }]);
  process.send(results, () => process.exit(0));
}
