/**
 * `npm run bench -- newsroom [--quick] [--full] [--size=N] [--keep=DIR] [--db postgres] [--json]`
 *
 * The newsroom's page loads over a large archive: 100k articles by default, 1M as well with
 * --full, 20k with --quick. The goal: a page of the archive at 1M articles in under 100 ms
 * of server time. The archive is search.bench.ts's (Reuters vocabulary, bench/lib/synthetic.ts,
 * loaded by bench/lib/bulk-load.ts, the same file name, so one --keep=DIR serves both).
 * The HTTP server (src/http/server.ts) runs in this process on 127.0.0.1; a signed-in
 * session (a one-time link, then POST /admin/login) loads, after WARM_UP loads of each:
 * - the archive's first page, page 200, and the deepest page it serves (the UI caps the page
 *   number; the cap is read off the page itself);
 * - a search for a word of the headline vocabulary (fixed seed), and for a `#tag`;
 * - an article's page (/admin/articles/ID, random articles: deliveries and related articles).
 * Each figure is the p50 or p95 over REQUESTS loads of the fetch round trip (server time plus
 * a loopback round trip, measured by the client); `serverMs` is the same quantile of the
 * server's own time, from Node's http diagnostics channels (request parsed to response
 * handed to the socket), which the app does not report itself.
 * `--db postgres` also loads the same archive (the same generator and seed) into a fresh
 * PostgreSQL schema (BENCH_DATABASE_URL, else TEST_DATABASE_URL, else the local server) with
 * COPY, as the import benchmark loads its archive (bench/lib/bulk-load.ts, bulkLoadPostgres),
 * and measures the same pages there: figures with `db=postgres`. The schema is dropped after.
 */
import { subscribe, unsubscribe } from 'node:diagnostics_channel';
import { existsSync, mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import type { Kysely } from 'kysely';
import pg from 'pg';
import { createLoginLink } from '../src/commands/handlers/weblogin.ts';
import { loadConfig } from '../src/config.ts';
import { STOP_WORDS } from '../src/domain/stopwords.ts';
import { startHttpServer } from '../src/http/server.ts';
import { silentLogger } from '../src/logger.ts';
import { openCore, type CoreHandle } from '../src/runtime.ts';
import { ARCHIVE_PAGE_SIZE } from '../src/web/pages/archive.tsx';
import { withBenchSchema } from './fanout.bench.ts';
import { archiveSizes, type BenchOptions, type Figure, peakRssMiB } from './figure.ts';
import { bulkLoad, bulkLoadPostgres, publicIdFor } from './lib/bulk-load.ts';
import { readReuters, type ReutersArticle } from './lib/corpus.ts';
import { quantile } from './lib/metrics.ts';
import { createGenerator, seededRandom } from './lib/synthetic.ts';

const REQUESTS = 50;
const WARM_UP = 5;
const ADMIN_ID = '1';

/** The configuration of a newsroom over `databaseUrl`: HTTP on, one Telegram admin. */
const newsroomConfig = (databaseUrl: string) =>
  loadConfig({
    DATABASE_URL: databaseUrl,
    LOG_LEVEL: 'silent',
    HTTP_PORT: '18080',
    INGEST_TOKEN: 'bench-ingest-token-0123456789',
    WEB_URL: 'http://127.0.0.1',
    TELEGRAM_ADMIN_IDS: ADMIN_ID,
  });

/** The server's own time of each request, from Node's http diagnostics channels. */
function serverClock() {
  const started = new WeakMap<object, number>();
  let waiting: ((ms: number) => void) | null = null;
  const onStart = (m: unknown) => started.set((m as { request: object }).request, performance.now());
  const onFinish = (m: unknown) => {
    const at = started.get((m as { request: object }).request);
    if (at !== undefined) waiting?.(performance.now() - at);
    waiting = null;
  };
  subscribe('http.server.request.start', onStart);
  subscribe('http.server.response.finish', onFinish);
  return {
    /** The server time of the next request to finish. */
    next: () => new Promise<number>((resolve) => (waiting = resolve)),
    close() {
      unsubscribe('http.server.request.start', onStart);
      unsubscribe('http.server.response.finish', onFinish);
    },
  };
}

/** The `name=value` of a cookie the response sets. */
const cookieOf = (response: Response, name: string): string =>
  response.headers
    .getSetCookie()
    .map((line) => line.split(';')[0] ?? '')
    .find((pair) => pair.startsWith(`${name}=`)) ?? '';

/** Signs in as the admin: opens a one-time link, presses Sign in; returns the session cookie. */
async function signIn(handle: CoreHandle, base: string): Promise<string> {
  const link = await createLoginLink(handle.deps, { platform: 'telegram', id: ADMIN_ID, name: 'Bench' });
  if (!link) throw new Error('the newsroom is off');
  const url = new URL(link.url);
  const page = await fetch(`${base}${url.pathname}${url.search}`);
  const html = await page.text();
  const field = (name: string) => new RegExp(`name="${name}" value="([^"]+)"`, 'u').exec(html)?.[1] ?? '';
  const answer = await fetch(`${base}/admin/login`, {
    method: 'POST',
    redirect: 'manual',
    headers: { cookie: cookieOf(page, 'tagwire_signin'), 'content-type': 'application/x-www-form-urlencoded' },
    body: new URLSearchParams({ token: field('token'), nonce: field('nonce') }),
  });
  await answer.text();
  const session = cookieOf(answer, 'tagwire_session');
  if (answer.status !== 303 || session === '') throw new Error(`sign-in failed: ${answer.status}`);
  return session;
}

/** The pages measured, each a name and the paths loaded (WARM_UP first, then REQUESTS); fixed seed. */
async function workload(
  handle: CoreHandle,
  size: number,
  deepest: number,
  vocabulary: readonly string[],
): Promise<{ name: string; paths: string[] }[]> {
  const random = seededRandom(42);
  const pick = <T>(list: readonly T[]): T => list[Math.floor(random() * list.length)] as T;
  const n = WARM_UP + REQUESTS;
  const repeated = (path: string) => Array.from({ length: n }, () => path);
  const words = vocabulary.filter((w) => !STOP_WORDS.has(w));
  const tags = (await handle.deps.stores.search.knownTags())
    .sort((a, b) => b.articles - a.articles)
    .slice(0, 60)
    .map((t) => t.name);
  const query = (q: string) => `/admin/archive?q=${encodeURIComponent(q)}`;
  return [
    { name: 'archive first page', paths: repeated('/admin/archive') },
    { name: 'archive page 200', paths: repeated('/admin/archive?page=200') },
    { name: `archive page ${deepest} (deepest)`, paths: repeated(`/admin/archive?page=${deepest}`) },
    { name: 'archive search word', paths: Array.from({ length: n }, () => query(pick(words))) },
    { name: 'archive search #tag', paths: Array.from({ length: n }, () => query(`#${pick(tags)}`)) },
    {
      name: 'article page',
      paths: Array.from({ length: n }, () => `/admin/articles/${publicIdFor(Math.floor(random() * size))}`),
    },
  ];
}

/** Serves the newsroom over `handle`, signs in and loads each page of the workload. */
async function measure(
  handle: CoreHandle,
  size: number,
  vocabulary: readonly string[],
  details: Record<string, string | number>,
): Promise<Figure[]> {
  const server = await startHttpServer({ deps: handle.deps, port: 0, host: '127.0.0.1' });
  const clock = serverClock();
  const base = `http://127.0.0.1:${server.port}`;
  try {
    const cookie = await signIn(handle, base);
    const load = async (path: string) => {
      const serverMs = clock.next();
      const started = performance.now();
      const response = await fetch(`${base}${path}`, { redirect: 'manual', headers: { cookie } });
      const html = await response.text();
      const clientMs = performance.now() - started;
      if (response.status !== 200) throw new Error(`${path}: ${response.status}`);
      return { html, clientMs, serverMs: await serverMs };
    };
    // The deepest page served: asked for a page past any cap, the archive shows "Page N of M".
    const shown = /Page (\d+) of (\d+)/u.exec((await load('/admin/archive?page=999999')).html);
    const deepest = Math.min(Number(shown?.[1] ?? 1), Math.ceil(size / ARCHIVE_PAGE_SIZE));
    const figures: Figure[] = [];
    for (const { name, paths } of await workload(handle, size, deepest, vocabulary)) {
      for (const path of paths.slice(0, WARM_UP)) await load(path);
      const client: number[] = [];
      const own: number[] = [];
      for (const path of paths.slice(WARM_UP)) {
        const { clientMs, serverMs } = await load(path);
        client.push(clientMs);
        own.push(serverMs);
      }
      const round = (v: number) => Math.round(v * 100) / 100;
      for (const q of [0.5, 0.95])
        figures.push({
          name: `newsroom ${name} p${q * 100}`,
          value: round(quantile(client, q)),
          unit: 'ms',
          serverMs: round(quantile(own, q)),
          articles: size,
          requests: client.length,
          ...details,
        });
    }
    return figures;
  } finally {
    clock.close();
    await server.close();
  }
}

/** The same archive loaded into a fresh PostgreSQL schema with COPY, then measured. */
async function measurePostgres(corpus: readonly ReutersArticle[], size: number): Promise<Figure[]> {
  return withBenchSchema(async (url, schema) => {
    const target = new URL(url);
    target.searchParams.set('options', `-c search_path=${schema}`);
    const handle = await openCore(newsroomConfig(target.href), silentLogger);
    try {
      const generator = createGenerator(corpus);
      const pool = new pg.Pool({ connectionString: url, max: 1, options: `-c search_path=${schema}` });
      let load;
      try {
        const client = await pool.connect();
        try {
          load = await bulkLoadPostgres(handle.storage.db as unknown as Kysely<never>, client, size, (i) =>
            generator.next(i, size),
          );
        } finally {
          client.release();
        }
      } finally {
        await pool.end();
      }
      const seconds = (s: number) => Math.round(s * 10) / 10;
      const copy: Figure = {
        name: 'newsroom archive load to postgres',
        value: seconds(load.loadSeconds + load.indexSeconds),
        unit: 's',
        articles: size,
        copySeconds: seconds(load.loadSeconds),
        vacuumAnalyzeSeconds: seconds(load.indexSeconds),
        what: 'COPY (rows, tsvector, GIN, tags), then VACUUM ANALYZE',
      };
      return [copy, ...(await measure(handle, size, generator.vocabulary, { db: 'postgres' }))];
    } finally {
      await handle.close();
    }
  });
}

export async function run(options: BenchOptions): Promise<Figure[]> {
  const { values } = parseArgs({
    args: options.args,
    options: { full: { type: 'boolean' }, size: { type: 'string' }, keep: { type: 'string' } },
    strict: false,
    allowPositionals: true,
  });
  const sizes = archiveSizes(values, options);
  const corpus = await readReuters();
  const keep = typeof values.keep === 'string' ? values.keep : null;
  const dir = keep ?? mkdtempSync(join(tmpdir(), 'tagwire-bench-newsroom-'));
  mkdirSync(dir, { recursive: true });
  const figures: Figure[] = [];
  try {
    for (const size of sizes) {
      const path = join(dir, `search-${size}.db`);
      const generator = createGenerator(corpus);
      if (!keep || !existsSync(path)) {
        const load = await bulkLoad(path, size, (i) => generator.next(i, size));
        figures.push({
          name: 'newsroom archive load',
          value: Math.round((load.loadSeconds + load.indexSeconds) * 10) / 10,
          unit: 's',
          articles: size,
          what: 'bulkLoad: rows, then the search index',
        });
      }
      const handle = await openCore(newsroomConfig(`sqlite:${path}`), silentLogger);
      try {
        figures.push(...(await measure(handle, size, generator.vocabulary, { db: 'sqlite' })));
      } finally {
        await handle.close();
      }
      if (options.db === 'postgres') figures.push(...(await measurePostgres(corpus, size)));
    }
  } finally {
    if (!keep) rmSync(dir, { recursive: true, force: true });
  }
  figures.push({ name: 'newsroom bench peak RSS', value: peakRssMiB(), unit: 'MiB' });
  return figures;
}
