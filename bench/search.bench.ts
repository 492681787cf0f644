/**
 * `npm run bench -- search [--quick] [--full] [--size=N] [--mixed] [--keep=DIR] [--runs=N] [--json]`
 *
 * Search and related-article speed on archives generated from the Reuters-21578
 * vocabulary (bench/lib/synthetic.ts): 100k articles by default, 1M as well with
 * --full (about three minutes on 2 cores), 20k with --quick (seconds). For each size:
 * load and index-build time, database size, and p50/p95 latency of /search (short,
 * long and tag-filtered queries) and /related, through the same functions the chat
 * commands call, next to a naive `LIKE '%word%'` scan over the same database, the
 * database's files read through first (readThrough). Goals at
 * 1M on a 2-core machine: /search p95 <= 20 ms, /related p95 <= 30 ms.
 * --mixed also measures, at each size, an archive of English, Russian and Armenian in even
 * thirds (bench/lib/mixed-corpus.ts: Reuters, RIA Novosti and iLur.am), with short, long,
 * question and tag-filtered queries and /related sources in each language; its figures
 * carry `corpus=mixed` and `lang=` (en, ru, hy, and all for the three together).
 * --keep=DIR keeps the generated databases in DIR and reuses them on the next run (the
 * load and build figures are then left out). --runs=N (1 to 20) times every query and
 * /related source N times, in N passes over each list, and reports each one's fastest
 * (the figures carry `fastestOf=N`): on a machine whose single runs wander by a quarter,
 * what the code costs. Write the values with `=`: the runner takes bare words as
 * benchmark names.
 */
import { closeSync, existsSync, mkdirSync, mkdtempSync, openSync, readSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { relatedArticles } from '../src/app/related.ts';
import { searchArticles } from '../src/app/search.ts';
import { loadConfig } from '../src/config.ts';
import { silentLogger } from '../src/logger.ts';
import { openCore, type CoreHandle } from '../src/runtime.ts';
import { searchLike } from './lib/baselines.ts';
import { bulkLoad, type LoadReport } from './lib/bulk-load.ts';
import { quantile } from './lib/metrics.ts';
import { readReuters, type ReutersArticle } from './lib/corpus.ts';
import {
  createMixedGenerator,
  MIXED_LANGUAGES,
  mixedQueries,
  readMixedSources,
  tagLanguage,
  type MixedGenerator,
  type MixedLanguage,
  type MixedSources,
} from './lib/mixed-corpus.ts';
import { createGenerator, seededRandom } from './lib/synthetic.ts';
import { archiveSizes, BenchUsageError, type BenchOptions, type Figure, peakRssMiB } from './figure.ts';

const MiB = 1024 * 1024;

interface Workload {
  short: string[];
  long: string[];
  /** 10-20 words, as a reader describes an article in their own words. */
  question: string[];
  tagged: string[];
  related: number[];
}

/** Queries a reader might type, drawn from the Reuters headlines with a fixed seed. */
function workload(
  corpus: readonly ReutersArticle[],
  vocabulary: readonly string[],
  tags: readonly string[],
  size: number,
  count: number,
): Workload {
  const random = seededRandom(42);
  const pick = <T>(list: readonly T[]): T => list[Math.floor(random() * list.length)] as T;
  const headlines = corpus
    .filter((a) => a.title.split(' ').length >= 6)
    .map((a) =>
      a.title
        .toLowerCase()
        .replace(/[^a-z ]+/gu, ' ')
        .replace(/\s+/gu, ' ')
        .trim(),
    );
  const short = Array.from({ length: count }, () =>
    random() < 0.5 ? pick(vocabulary) : `${pick(vocabulary)} ${pick(vocabulary)}`,
  );
  const long = Array.from({ length: count }, () => pick(headlines));
  const sentences = corpus.flatMap((a) => {
    const words = (a.body.split(/[.!?]\s/u)[0] ?? '')
      .toLowerCase()
      .replace(/[^a-z ]+/gu, ' ')
      .split(/\s+/u)
      .filter((w) => w !== '');
    return words.length >= 10 ? [words.slice(0, 20).join(' ')] : [];
  });
  const question = Array.from({ length: count }, () => pick(sentences));
  const tagged = Array.from({ length: count }, () => `${pick(vocabulary)} #${pick(tags)}`);
  const related = Array.from({ length: count }, () => 1 + Math.floor(random() * size));
  return { short, long, question, tagged, related };
}

/**
 * Each item's time; with `runs` above 1, each item's fastest of that many passes over the
 * whole list (--runs: on a machine whose single runs wander, what the code itself costs).
 */
async function timed<T>(items: readonly T[], run: (item: T) => Promise<unknown>, runs = 1): Promise<number[]> {
  const times = items.map(() => Infinity);
  for (let pass = 0; pass < runs; pass++)
    for (const [i, item] of items.entries()) {
      const started = performance.now();
      await run(item);
      times[i] = Math.min(times[i] ?? Infinity, performance.now() - started);
    }
  return times;
}

const MAX_RUNS = 20;
/** What a latency figure says of its runs: nothing for one pass, `fastestOf=N` for N. */
const fastestOf = (runs: number): Record<string, number> => (runs > 1 ? { fastestOf: runs } : {});

/** --runs=N: how many passes each query list gets (1 to MAX_RUNS; 1 when not given). */
export function parseRuns(value: unknown): number {
  if (value === undefined) return 1;
  const runs = typeof value === 'string' && /^\d+$/u.test(value) ? Number(value) : NaN;
  if (!(runs >= 1 && runs <= MAX_RUNS))
    throw new BenchUsageError(
      `--runs must be a whole number from 1 to ${MAX_RUNS}, as in --runs=5 (got ${String(value)})`,
    );
  return runs;
}

function latency(
  name: string,
  times: readonly number[],
  size: number,
  extra: Record<string, string | number> = {},
): Figure[] {
  const round = (v: number) => Math.round(v * 100) / 100;
  return [
    {
      name: `${name} p50`,
      value: round(quantile(times, 0.5)),
      unit: 'ms',
      articles: size,
      queries: times.length,
      ...extra,
    },
    {
      name: `${name} p95`,
      value: round(quantile(times, 0.95)),
      unit: 'ms',
      articles: size,
      queries: times.length,
      ...extra,
    },
  ];
}

async function tableSizes(handle: CoreHandle): Promise<{ text: number; title: number }> {
  const { sql } = await import('kysely');
  const rows = await sql<{
    name: string;
    bytes: number;
  }>`SELECT name, sum(pgsize) AS bytes FROM dbstat WHERE name LIKE 'articles_fts%' OR name LIKE 'articles_title_fts%' GROUP BY name`.execute(
    handle.storage.db,
  );
  const sum = (prefix: string) =>
    rows.rows.filter((r) => r.name.startsWith(prefix)).reduce((a, r) => a + Number(r.bytes), 0);
  return { text: sum('articles_fts'), title: sum('articles_title_fts') };
}

/** The load and index-build figures of a freshly generated archive (`loadDetails` for the load's alone). */
function loadFigures(
  load: LoadReport,
  size: number,
  details: Record<string, string | number> = {},
  loadDetails: Record<string, string | number> = {},
): Figure[] {
  return [
    {
      name: 'search load articles',
      value: Math.round(load.loadSeconds * 10) / 10,
      unit: 's',
      articles: size,
      rate: Math.round(size / load.loadSeconds),
      ...details,
      ...loadDetails,
    },
    {
      name: 'search index build',
      value: Math.round(load.indexSeconds * 10) / 10,
      unit: 's',
      articles: size,
      what: 'FTS5 text + title indexes, merged; tag counts',
      ...details,
    },
  ];
}

async function sizeFigure(
  handle: CoreHandle,
  path: string,
  size: number,
  details: Record<string, string | number> = {},
): Promise<Figure> {
  const sizes = await tableSizes(handle);
  const fileBytes = statSync(path).size + (existsSync(`${path}-wal`) ? statSync(`${path}-wal`).size : 0);
  return {
    name: 'search database size',
    value: Math.round(fileBytes / MiB),
    unit: 'MiB',
    articles: size,
    textIndexMiB: Math.round(sizes.text / MiB),
    titleIndexMiB: Math.round(sizes.title / MiB),
    ...details,
  };
}

/**
 * Reads the database's files through once before the timed queries. This machine's kernel
 * pages out file pages no one read for a minute (DAMON, `pageout` at age 60 s), so without
 * it the first query to touch a page measures the disk, not the search; a server answering
 * all day keeps its archive's pages cached.
 */
function readThrough(path: string): void {
  const buffer = Buffer.alloc(MiB);
  for (const file of [path, `${path}-wal`]) {
    if (!existsSync(file)) continue;
    const fd = openSync(file, 'r');
    try {
      while (readSync(fd, buffer, 0, buffer.length, null) > 0);
    } finally {
      closeSync(fd);
    }
  }
}

type QueryKind = 'short' | 'long' | 'question' | 'tagged';
const QUERY_KINDS: readonly { kind: QueryKind; name: string }[] = [
  { kind: 'short', name: '/search short' },
  { kind: 'long', name: '/search long' },
  { kind: 'question', name: '/search question' },
  { kind: 'tagged', name: '/search tag-filtered' },
];

/** `count` articles of `language` in the mixed archive, spread over it (ids are 1-based). */
function relatedSources(
  generator: MixedGenerator,
  language: MixedLanguage,
  size: number,
  count: number,
  random: () => number,
): number[] {
  const ids: number[] = [];
  while (ids.length < count) {
    const index = Math.floor(random() * size);
    if (generator.languageOf(index) === language) ids.push(index + 1);
  }
  return ids;
}

/**
 * The mixed-language archive at `size` (--mixed): generated and loaded (unless kept), then
 * each language's queries and /related sources, by language and all together.
 */
async function mixedArchive(
  dir: string,
  keep: boolean,
  size: number,
  corpus: readonly ReutersArticle[],
  sources: MixedSources,
  count: number,
  runs: number,
): Promise<Figure[]> {
  const figures: Figure[] = [];
  const mixed = { corpus: 'mixed' };
  const timedMixed = { ...mixed, ...fastestOf(runs) };
  const path = join(dir, `search-mixed-${size}.db`);
  const generator = createMixedGenerator(corpus, sources);
  if (!keep || !existsSync(path)) {
    const languages = new Map<string, number>();
    const load = await bulkLoad(path, size, (i) => {
      const article = generator.next(i, size);
      const language = article.language ?? 'none';
      languages.set(language, (languages.get(language) ?? 0) + 1);
      return article;
    });
    const split = [...languages].map(([l, n]) => `${l}:${n}`).join(' ');
    figures.push(...loadFigures(load, size, mixed, { languages: split }));
  }
  const handle = await openCore(loadConfig({ DATABASE_URL: `sqlite:${path}`, LOG_LEVEL: 'silent' }), silentLogger);
  try {
    const stores = handle.deps.stores;
    figures.push(await sizeFigure(handle, path, size, mixed));
    const tags = (await stores.search.knownTags()).sort((a, b) => b.articles - a.articles).map((t) => t.name);
    const tagsOf = (language: MixedLanguage) => tags.filter((t) => tagLanguage(t) === language).slice(0, 60);
    const random = seededRandom(7);
    const english = workload(corpus, generator.english.vocabulary, tagsOf('en'), size, count);
    const loads = new Map<MixedLanguage, Record<QueryKind, string[]> & { related: number[] }>();
    for (const language of MIXED_LANGUAGES) {
      const queries = language === 'en' ? english : mixedQueries(sources[language], language, tagsOf(language), count);
      loads.set(language, { ...queries, related: relatedSources(generator, language, size, count, random) });
    }
    const search = (q: string) => searchArticles(stores, q, { limit: 5, offset: 0 });
    // Warm up: the first query samples the archive for its statistics (once per 10 minutes).
    for (const load of loads.values()) for (const q of load.short.slice(0, 5)) await search(q);
    readThrough(path);
    const measure = async (name: string, run: (language: MixedLanguage) => Promise<number[]>) => {
      const all: number[] = [];
      for (const language of MIXED_LANGUAGES) {
        const times = await run(language);
        all.push(...times);
        figures.push(...latency(name, times, size, { ...timedMixed, lang: language }));
      }
      figures.push(...latency(name, all, size, { ...timedMixed, lang: 'all' }));
    };
    for (const { kind, name } of QUERY_KINDS)
      await measure(name, (l) => timed(loads.get(l)?.[kind] ?? [], search, runs));
    const related = async (id: number) => {
      const [row] = await stores.articles.byIds([id]);
      if (!row) return;
      const hits = await relatedArticles(stores, row, { limit: 5, offset: 0 });
      await stores.articles.views(await stores.articles.byIds(hits.map((h) => h.articleId)));
    };
    await measure('/related', (l) => timed(loads.get(l)?.related ?? [], related, runs));
  } finally {
    await handle.close();
  }
  return figures;
}

export async function run(options: BenchOptions): Promise<Figure[]> {
  const { values } = parseArgs({
    args: options.args,
    options: {
      full: { type: 'boolean' },
      size: { type: 'string' },
      keep: { type: 'string' },
      mixed: { type: 'boolean' },
      runs: { type: 'string' },
    },
    strict: false,
    allowPositionals: true,
  });
  const sizes = archiveSizes(values, options);
  const runs = parseRuns(values.runs);
  const fastest = fastestOf(runs);
  const count = options.quick ? 40 : 200;
  const likeCount = options.quick ? 5 : 10;
  const corpus = await readReuters();
  const sources = values.mixed === true ? await readMixedSources() : null;
  const figures: Figure[] = [];
  const keep = typeof values.keep === 'string' ? values.keep : null;
  const dir = keep ?? mkdtempSync(join(tmpdir(), 'tagwire-bench-search-'));
  mkdirSync(dir, { recursive: true });
  try {
    for (const size of sizes) {
      const path = join(dir, `search-${size}.db`);
      const generator = createGenerator(corpus);
      if (!keep || !existsSync(path)) {
        const load = await bulkLoad(path, size, (i) => generator.next(i, size));
        figures.push(...loadFigures(load, size));
      }
      const handle = await openCore(loadConfig({ DATABASE_URL: `sqlite:${path}`, LOG_LEVEL: 'silent' }), silentLogger);
      try {
        const stores = handle.deps.stores;
        figures.push(await sizeFigure(handle, path, size));

        const tagNames = (await stores.search.knownTags()).sort((a, b) => b.articles - a.articles).map((t) => t.name);
        const load = workload(corpus, generator.vocabulary, tagNames.slice(0, 60), size, count);
        // Warm up: the first query samples the archive for its statistics (once per 10 minutes).
        for (const q of load.short.slice(0, 5)) await searchArticles(stores, q, { limit: 5, offset: 0 });
        readThrough(path);
        const search = (q: string) => searchArticles(stores, q, { limit: 5, offset: 0 });
        figures.push(...latency('/search short', await timed(load.short, search, runs), size, fastest));
        figures.push(...latency('/search long', await timed(load.long, search, runs), size, fastest));
        figures.push(...latency('/search question', await timed(load.question, search, runs), size, fastest));
        figures.push(...latency('/search tag-filtered', await timed(load.tagged, search, runs), size, fastest));
        const related = async (id: number) => {
          const [row] = await stores.articles.byIds([id]);
          if (!row) return;
          const hits = await relatedArticles(stores, row, { limit: 5, offset: 0 });
          await stores.articles.views(await stores.articles.byIds(hits.map((h) => h.articleId)));
        };
        figures.push(...latency('/related', await timed(load.related, related, runs), size, fastest));
        const like = (q: string) =>
          searchLike(
            handle.storage.db,
            q.split(' ').filter((w) => !w.startsWith('#')),
            5,
          );
        figures.push(...latency('naive LIKE scan short', await timed(load.short.slice(0, likeCount), like), size));
        figures.push(...latency('naive LIKE scan long', await timed(load.long.slice(0, likeCount), like), size));

        // The import into an archive this size: bench/import.bench.ts.
      } finally {
        await handle.close();
      }
      if (sources) figures.push(...(await mixedArchive(dir, keep !== null, size, corpus, sources, count, runs)));
    }
  } finally {
    if (!keep) rmSync(dir, { recursive: true, force: true });
  }
  figures.push({ name: 'search bench peak RSS', value: peakRssMiB(), unit: 'MiB' });
  return figures;
}
