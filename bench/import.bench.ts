/**
 * `npm run bench -- import [--quick] [--db postgres] [--size=N] [--pg-size=N] [--keep=DIR] [--json]`
 *
 * `tagwire import` into a large archive, beside the engine's own speed on the same
 * articles, in one run (issue 17). The archive: SIZE synthetic Reuters-like articles
 * (bench/lib/synthetic.ts; 1M by default, 20k with --quick), loaded and indexed as the
 * search benchmark loads it; `--keep=DIR` keeps it and reuses it on the next run. The
 * import: COUNT new articles as JSON Lines (their own seed, their own import ids).
 *
 * SQLite, each on a fresh copy of the archive file:
 * - `import.sqlite`: importArticles, the path of `tagwire import` (batches of
 *   IMPORT_BATCH lines, src/storage/article-bulk.ts, prepared by `threads` worker
 *   threads, src/app/import-workers.ts), until its connection closes (the last WAL
 *   checkpoint included);
 * - `import.sqlite.one-by-one`: the importer before issue 17, postArticle for each line
 *   (bench/lib/import-baseline.ts), on fewer lines;
 * - `raw.sqlite.fts5`: the engine alone: the same articles, prepared statements, one
 *   transaction, into a fresh table with an FTS5 index over it (external content, the
 *   archive's tokenizer), the figure the issue quotes;
 * - `raw.sqlite.archive`: the same articles and their tags into the archive's own schema
 *   (its triggers keep both FTS5 indexes and tag_stats) in one transaction, 500-row
 *   statements (single-row ones make FTS5 flush at every statement), prepared statements;
 * - `import.sqlite.reply-latency`: while an import of COUNT articles runs in another
 *   process on the same file, a bot process (holding the delivery worker's lock, as a
 *   running bot does) answers /search and /follow commands (one every 100 ms, through
 *   the core): p50, p95 and the worst reply time.
 *
 * PostgreSQL with `--db postgres` (BENCH_DATABASE_URL, else TEST_DATABASE_URL, else the
 * local server), a fresh schema holding PG_SIZE articles (the SQLite size unless
 * --pg-size; loaded with COPY): `import.pg`, `import.pg.one-by-one`, and `raw.pg.copy`,
 * COPY of the same articles (their rows, the generated tsvector and its GIN index) in
 * one transaction. Imported rows are deleted (and vacuumed) between figures.
 *
 * The machine is shared: figures move by tens of percent from run to run; compare
 * figures of one run.
 */
import { fork } from 'node:child_process';
import { copyFileSync, existsSync, mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import SQLite from 'better-sqlite3';
import { sql, type Kysely } from 'kysely';
import pg from 'pg';
import { importArticles, IMPORT_BATCH } from '../src/app/importer.ts';
import { defaultImportThreads } from '../src/app/import-workers.ts';
import type { CommandContext } from '../src/commands/context.ts';
import { loadConfig } from '../src/config.ts';
import { acquireWorkerLock } from '../src/delivery/worker-lock.ts';
import { summarize } from '../src/domain/summary.ts';
import { tagKey } from '../src/domain/tags.ts';
import { silentLogger } from '../src/logger.ts';
import { coreOnStorage, openCore, type CoreHandle } from '../src/runtime.ts';
import { openStorage, registerSqliteFunctions } from '../src/storage/connect.ts';
import { withBenchSchema } from './fanout.bench.ts';
import type { BenchOptions, Figure } from './figure.ts';
import { bulkLoad, bulkLoadPostgres, publicIdFor } from './lib/bulk-load.ts';
import { readReuters, type ReutersArticle } from './lib/corpus.ts';
import { importOneByOne } from './lib/import-baseline.ts';
import { importArticlesFor, linesOf, type ImportArticles } from './lib/import-lines.ts';
import { quantile } from './lib/metrics.ts';
import { copyIn, copyText } from './lib/pg-copy.ts';
import { createGenerator } from './lib/synthetic.ts';

const label = (n: number) => (n >= 1_000_000 ? `${n / 1_000_000}M` : `${n / 1000}k`);
const perSecond = (count: number, ms: number) => Math.round(count / (ms / 1000));

function rateFigure(
  name: string,
  count: number,
  ms: number,
  archive: number,
  extra: Record<string, string | number> = {},
): Figure {
  return {
    name,
    value: perSecond(count, ms),
    unit: 'articles/s',
    articles: count,
    archive,
    seconds: Math.round(ms / 100) / 10,
    ...extra,
  };
}

/** A fresh copy of the archive file (its WAL was checkpointed when it was closed). */
function copyArchive(archive: string, dir: string, name: string): string {
  const path = join(dir, name);
  for (const suffix of ['', '-wal', '-shm']) rmSync(`${path}${suffix}`, { force: true });
  copyFileSync(archive, path);
  return path;
}

function removeDb(path: string): void {
  for (const suffix of ['', '-wal', '-shm']) rmSync(`${path}${suffix}`, { force: true });
}

async function openSqlite(path: string): Promise<CoreHandle> {
  return openCore(loadConfig({ DATABASE_URL: `sqlite:${path}`, LOG_LEVEL: 'silent' }), silentLogger);
}

/** importArticles on a copy of the archive, until the connection is closed. */
async function importSqlite(archive: string, dir: string, data: ImportArticles): Promise<number> {
  const path = copyArchive(archive, dir, 'import.db');
  const started = performance.now();
  const handle = await openSqlite(path);
  const summary = await importArticles(handle.deps, linesOf(data.lines), { notify: false });
  await handle.close();
  const ms = performance.now() - started;
  if (summary.imported !== data.lines.length) throw new Error(`imported ${summary.imported} of ${data.lines.length}`);
  removeDb(path);
  return ms;
}

async function oneByOneSqlite(archive: string, dir: string, lines: readonly string[]): Promise<number> {
  const path = copyArchive(archive, dir, 'one-by-one.db');
  const started = performance.now();
  const handle = await openSqlite(path);
  await importOneByOne(handle.deps, lines);
  await handle.close();
  const ms = performance.now() - started;
  removeDb(path);
  return ms;
}

/** The issue's raw figure: a table and an FTS5 index over it, one transaction, prepared statements. */
function rawFts5(dir: string, data: ImportArticles): number {
  const path = join(dir, 'raw-fts5.db');
  removeDb(path);
  const db = new SQLite(path);
  db.pragma('journal_mode = WAL');
  db.pragma('synchronous = NORMAL');
  db.exec(`CREATE TABLE articles (id INTEGER PRIMARY KEY, title TEXT NOT NULL, body TEXT NOT NULL);
    CREATE VIRTUAL TABLE articles_fts USING fts5(title, body, content='articles', content_rowid='id',
      tokenize='porter unicode61 remove_diacritics 2')`);
  const article = db.prepare('INSERT INTO articles (id, title, body) VALUES (?, ?, ?)');
  const index = db.prepare('INSERT INTO articles_fts (rowid, title, body) VALUES (?, ?, ?)');
  const started = performance.now();
  db.transaction(() => {
    data.articles.forEach((a, i) => {
      article.run(i + 1, a.title, a.body);
      index.run(i + 1, a.title, a.body);
    });
  })();
  db.close();
  const ms = performance.now() - started;
  removeDb(path);
  return ms;
}

/** The same articles into the archive's schema, its triggers doing their work, in one transaction. */
function rawArchive(archive: string, size: number, dir: string, data: ImportArticles): number {
  const path = copyArchive(archive, dir, 'raw-archive.db');
  const db = new SQLite(path);
  registerSqliteFunctions(db); // the search index's analysis, which the triggers call
  db.pragma('journal_mode = WAL');
  db.pragma('synchronous = NORMAL');
  const started = performance.now();
  const tagIds = new Map(
    db
      .prepare<[], { id: number; key: string }>('SELECT id, key FROM tags')
      .all()
      .map((r) => [r.key, r.id]),
  );
  const newTag = db.prepare<[string, string, number]>(
    'INSERT INTO tags (key, name, created_at) VALUES (?, ?, ?) RETURNING id',
  );
  const CHUNK = 500;
  const columns = '(public_id, external_id, title, body, summary, published_at, date_given, created_at, posted_by)';
  const insertChunk = db.prepare(
    `INSERT INTO articles ${columns} VALUES ${Array.from({ length: CHUNK }, () => "(?, ?, ?, ?, ?, ?, 1, ?, 'import')").join(', ')} RETURNING id`,
  );
  const insertOne = db.prepare(
    `INSERT INTO articles ${columns} VALUES (?, ?, ?, ?, ?, ?, 1, ?, 'import') RETURNING id`,
  );
  const link = db.prepare('INSERT INTO article_tags (article_id, tag_id, position) VALUES (?, ?, ?)');
  const now = Date.now();
  db.transaction(() => {
    for (let from = 0; from < data.articles.length; from += CHUNK) {
      const chunk = data.articles.slice(from, from + CHUNK);
      const values = chunk.flatMap((a, k) => [
        publicIdFor(size + from + k),
        a.externalId,
        a.title,
        a.body,
        summarize(a.body, a.title),
        a.publishedAt,
        now,
      ]);
      const ids =
        chunk.length === CHUNK
          ? insertChunk.all(...values).map((r) => (r as { id: number }).id)
          : chunk.map((_, k) => (insertOne.get(...values.slice(k * 7, k * 7 + 7)) as { id: number }).id);
      chunk.forEach((a, k) => {
        const seen = new Set<number>();
        a.tags.forEach((name) => {
          const key = tagKey(name);
          let id = tagIds.get(key);
          if (id === undefined) {
            id = (newTag.get(key, name, now) as { id: number }).id;
            tagIds.set(key, id);
          }
          if (!seen.has(id)) link.run(ids[k], id, seen.size);
          seen.add(id);
        });
      });
    }
  })();
  db.close();
  const ms = performance.now() - started;
  removeDb(path);
  return ms;
}

/** Reply times of a bot on the same file while another process imports. */
async function replyLatency(archive: string, dir: string, count: number): Promise<Figure> {
  const path = copyArchive(archive, dir, 'latency.db');
  const bot = await openSqlite(path);
  // A running bot holds the delivery worker's lock row; the import sees it and shares the write lock.
  const lock = await acquireWorkerLock(bot.deps.stores.locks, { now: () => Date.now(), where: path });
  const ctx: CommandContext = {
    platform: 'telegram',
    chat: { id: '424242', kind: 'user' },
    user: { id: '424242' },
    canManageChat: true,
  };
  const commands = ['/search oil prices', '/follow Energy', '/search grain exports', '/unfollow Energy'];
  const times: number[] = [];
  const idle: number[] = [];
  const ask = async (into: number[]) => {
    const started = performance.now();
    await bot.core.handleCommand(ctx, commands[(times.length + idle.length) % commands.length] ?? '/tags');
    into.push(performance.now() - started);
  };
  for (let i = 0; i < 20; i++) await ask(idle);
  const child = fork(fileURLToPath(import.meta.url), [], {
    execArgv: ['--import', 'tsx'],
    env: { ...process.env, TAGWIRE_IMPORT_CHILD: JSON.stringify({ path, count }) },
    stdio: ['ignore', 'inherit', 'inherit', 'ipc'],
  });
  const ended = new Promise<{ ms: number; imported: number }>((resolve, reject) => {
    child.once('message', (m) => resolve(m as { ms: number; imported: number }));
    child.once('exit', (code) => (code === 0 ? undefined : reject(new Error(`import child exited with ${code}`))));
  });
  let running = true;
  void ended.finally(() => (running = false)).catch(() => {});
  while (running) {
    await ask(times);
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
  const result = await ended;
  await lock.release();
  await bot.close();
  removeDb(path);
  const round = (v: number) => Math.round(v * 10) / 10;
  return {
    name: 'import.sqlite.reply-latency',
    value: round(quantile(times, 0.95)),
    unit: 'ms p95',
    p50Ms: round(quantile(times, 0.5)),
    maxMs: round(Math.max(...times)),
    replies: times.length,
    idleP95Ms: round(quantile(idle, 0.95)),
    importRate: perSecond(result.imported, result.ms),
    commands: '/search, /follow, /unfollow',
  };
}

async function runPostgres(
  corpus: readonly ReutersArticle[],
  size: number,
  data: ImportArticles,
  fewer: readonly string[],
): Promise<Figure[]> {
  return withBenchSchema(async (url, schema) => {
    const storage = openStorage({ dialect: 'postgres', url, poolSize: 4 }, { pgSchema: schema });
    const handle = coreOnStorage(storage, loadConfig({ DATABASE_URL: url, LOG_LEVEL: 'silent' }), silentLogger);
    const pool = new pg.Pool({ connectionString: url, max: 1, options: `-c search_path=${schema}` });
    const client = await pool.connect();
    const db = storage.db as unknown as Kysely<never>;
    const figures: Figure[] = [];
    try {
      await storage.migrate();
      const loadStarted = performance.now();
      const generator = createGenerator(corpus);
      await bulkLoadPostgres(db, client, size, (i) => generator.next(i, size));
      figures.push({
        name: 'import.pg archive load (COPY)',
        value: Math.round((performance.now() - loadStarted) / 100) / 10,
        unit: 's',
        archive: size,
      });
      const reset = async (prefix: string) => {
        await sql`DELETE FROM articles WHERE external_id LIKE ${`${prefix}%`}`.execute(db);
        await sql`VACUUM ANALYZE articles`.execute(db);
      };
      let started = performance.now();
      const summary = await importArticles(handle.deps, linesOf(data.lines), { notify: false });
      figures.push(
        rateFigure('import.pg', summary.imported, performance.now() - started, size, {
          batch: IMPORT_BATCH,
          threads: defaultImportThreads(),
        }),
      );
      await reset('bench-import-');

      started = performance.now();
      const before = await importOneByOne(handle.deps, fewer);
      figures.push(
        rateFigure('import.pg.one-by-one', before.imported, performance.now() - started, size, {
          what: 'postArticle per line',
        }),
      );
      await reset('bench-import-');

      const rows = data.articles.map((a, i) => [
        publicIdFor(size + i),
        a.externalId,
        a.title,
        a.body,
        summarize(a.body, a.title),
        a.publishedAt,
        1,
        Date.now(),
        'import',
      ]);
      started = performance.now();
      await client.query('BEGIN');
      await copyIn(
        client,
        'COPY articles (public_id, external_id, title, body, summary, published_at, date_given, created_at, posted_by) FROM STDIN',
        copyText(rows),
      );
      await client.query('COMMIT');
      figures.push(
        rateFigure('raw.pg.copy', rows.length, performance.now() - started, size, {
          what: 'COPY: rows, tsvector, GIN; no tags',
        }),
      );
      await reset('bench-import-');
    } finally {
      client.release();
      await pool.end();
      await handle.close();
    }
    return figures;
  });
}

export async function run(options: BenchOptions): Promise<Figure[]> {
  const { values } = parseArgs({
    args: options.args,
    options: { size: { type: 'string' }, 'pg-size': { type: 'string' }, keep: { type: 'string' } },
    strict: false,
    allowPositionals: true,
  });
  const size = typeof values.size === 'string' ? Number(values.size) : options.quick ? 20_000 : 1_000_000;
  const pgSize = typeof values['pg-size'] === 'string' ? Number(values['pg-size']) : size;
  const count = options.quick ? 5_000 : 20_000;
  const corpus = await readReuters();
  const data = importArticlesFor(corpus, count, size, 'bench-import');
  const fewer = data.lines.slice(0, options.quick ? 1_000 : 5_000);
  const keep = typeof values.keep === 'string' ? values.keep : null;
  const dir = mkdtempSync(join(tmpdir(), 'tagwire-bench-import-'));
  const figures: Figure[] = [];
  try {
    const archiveDir = keep ?? dir;
    mkdirSync(archiveDir, { recursive: true });
    const archive = join(archiveDir, `search-${size}.db`);
    if (!keep || !existsSync(archive)) {
      const generator = createGenerator(corpus);
      const load = await bulkLoad(archive, size, (i) => generator.next(i, size));
      figures.push({
        name: 'import archive load',
        value: Math.round((load.loadSeconds + load.indexSeconds) * 10) / 10,
        unit: 's',
        archive: size,
      });
    }
    const at = label(size);
    figures.push(
      rateFigure('import.sqlite', count, await importSqlite(archive, dir, data), size, {
        batch: IMPORT_BATCH,
        threads: defaultImportThreads(),
        into: at,
      }),
    );
    figures.push(
      rateFigure('import.sqlite.one-by-one', fewer.length, await oneByOneSqlite(archive, dir, fewer), size, {
        what: 'postArticle per line',
      }),
    );
    figures.push(
      rateFigure('raw.sqlite.fts5', count, rawFts5(dir, data), 0, { what: 'table + FTS5, one transaction' }),
    );
    figures.push(
      rateFigure('raw.sqlite.archive', count, rawArchive(archive, size, dir, data), size, {
        what: 'archive schema + triggers, one transaction',
      }),
    );
    figures.push(await replyLatency(archive, dir, count));
    if (options.db === 'postgres') figures.push(...(await runPostgres(corpus, pgSize, data, fewer)));
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
  return figures;
}

const childTask = process.env.TAGWIRE_IMPORT_CHILD;
if (childTask !== undefined && process.send) {
  const { path, count } = JSON.parse(childTask) as { path: string; count: number };
  const corpus = await readReuters();
  const data = importArticlesFor(corpus, count, 0, 'latency-import');
  const handle = await openSqlite(path);
  const started = performance.now();
  const summary = await importArticles(handle.deps, linesOf(data.lines), { notify: false });
  await handle.close();
  process.send({ ms: performance.now() - started, imported: summary.imported }, () => process.exit(0));
}
