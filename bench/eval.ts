/**
 * `npm run eval [-- --split test|train] [--sources N] [--json] [--db PATH]
 *   [--only related|search|ir|multilingual] [--ir-split tune|test] [--collection cisi|cran|med ...]
 *   [--ml-split tune|test] [--pg URL] [--ml-serial] [--verbose]`
 *
 * Measures search and related-article quality on Reuters-21578 (../shared/data, read at
 * run time, never copied). The archive is imported into a fresh database through the
 * same code path as `tagwire import`, each article with only its place, organisation and
 * people tags: topics stay hidden from the ranker and serve as the relevance judgements.
 *
 * - related: for N articles of the split that have topics, P@5 = the share of the five
 *   related articles that share a topic with the source; ours against tag overlap alone
 *   and text similarity alone (FTS5's BM25 over the source's 20 most frequent words; the
 *   baselines leave out the article and its near-duplicates as ours does), plus our ranker
 *   with its tag or recency signal off, and ours minus the text baseline per source with
 *   its standard error (is the difference more than noise?).
 * - search: for every topic with at least 20 articles in the split, the topic name's
 *   words as the query (money-fx → "money fx"); relevant = the article carries the topic;
 *   MAP (top 1000) and nDCG@10 over the split's articles ("topics"); plus a few
 *   hand-written natural-language queries ("NL"). Baselines: FTS5's plain BM25 over the
 *   same words, articles with a tag of that name, and a LIKE scan newest first.
 *   Tune with --split train; report --split test.
 * --db PATH keeps the imported database there and reuses it on the next run; --only
 * related|search runs one half; --verbose prints each query's figures (for related, the
 * sources where ours and the text baseline differ). --sources 100000 takes every source
 * of the split.
 *
 * Then the IR collections (CISI, Cranfield, Medline: natural-language questions judged by
 * people; bench/eval-ir.ts): nDCG@10 and MAP for tagwire, SQLite FTS5 (OR of the words)
 * and Okapi BM25, on the even query ids (--ir-split test) or the odd ones it was tuned on
 * (--ir-split tune). --only ir runs just these; --collection picks some.
 *
 * Then Russian and Armenian (../shared/data/multilingual; bench/eval-multilingual.ts), each
 * with the region's languages' analysis on and off: Russian search with RIA Novosti's
 * editorial tags as queries and judgments (nDCG@10, MAP; PostgreSQL's own `russian`
 * configuration as reference), Armenian related articles on iLur.am (P@5 by rubric, for
 * --sources sources), and auto-tagging against RIA's tags (micro precision and recall).
 * Queries and sources are split in halves by a hash: --ml-split test (the default) or tune.
 * On SQLite, and on PostgreSQL too (a fresh schema) when --pg URL or TEST_DATABASE_URL /
 * BENCH_DATABASE_URL is given, the two engines at once (their timings are then
 * approximate; --ml-serial runs one after the other). --only multilingual runs just these.
 */
import { existsSync } from 'node:fs';
import { parseArgs } from 'node:util';
import { isNearDuplicate, relatedArticles, RELATED_WEIGHTS, type RelatedWeights } from '../src/app/related.ts';
import { rankArticles, RANK_DEPTH } from '../src/app/search.ts';
import { loadConfig } from '../src/config.ts';
import { parseSearchQuery } from '../src/domain/search-query.ts';
import { silentLogger } from '../src/logger.ts';
import { openCore } from '../src/runtime.ts';
import { evalIr } from './eval-ir.ts';
import { evalMultilingual } from './eval-multilingual.ts';
import { printFigures, type Figure } from './figure.ts';
import { IR_COLLECTIONS, type IrCollectionName } from './lib/ir.ts';
import {
  frequentWords,
  relatedByTagOverlap,
  relatedByText,
  searchByTagName,
  searchLike,
  searchPlainBm25,
} from './lib/baselines.ts';
import { averagePrecision, mean, ndcgAt, precisionAt, shuffled } from './lib/metrics.ts';
import { readReuters, type ReutersSplit } from './lib/corpus.ts';
import { importReuters } from './lib/corpus-archive.ts';
import { benchPostgresUrl } from './lib/postgres.ts';
import { seededRandom } from './lib/synthetic.ts';

/** Hand-written queries in plain language, each judged by one topic. Written before tuning. */
const NATURAL_QUERIES: readonly { query: string; topic: string }[] = [
  { query: 'OPEC agrees to cut oil production to support prices', topic: 'crude' },
  { query: 'coffee producers fail to agree on export quotas', topic: 'coffee' },
  { query: 'Soviet Union buys American wheat', topic: 'wheat' },
  { query: 'central bank cuts its discount rate', topic: 'interest' },
  { query: 'dollar falls against the yen on currency markets', topic: 'money-fx' },
  { query: 'Japan trade surplus with the United States widens', topic: 'trade' },
  { query: 'company agrees to acquire a rival in a takeover bid', topic: 'acq' },
  { query: 'quarterly net profit rises on higher sales', topic: 'earn' },
  { query: 'tanker attacked in the Gulf shipping lanes', topic: 'ship' },
  { query: 'sugar crop estimates lowered after drought', topic: 'sugar' },
  { query: 'gold mine output rises', topic: 'gold' },
  { query: 'unemployment falls as employment grows', topic: 'jobs' },
];
const MIN_TOPIC_ARTICLES = 20;
const MAP_DEPTH = 1_000;
const K = 5;

const { values } = parseArgs({
  options: {
    split: { type: 'string', default: 'test' },
    sources: { type: 'string', default: '500' },
    json: { type: 'boolean' },
    db: { type: 'string' },
    only: { type: 'string' },
    verbose: { type: 'boolean' },
    'ir-split': { type: 'string', default: 'test' },
    collection: { type: 'string', multiple: true },
    'ml-split': { type: 'string', default: 'test' },
    pg: { type: 'string' },
    'ml-serial': { type: 'boolean' },
  },
  strict: true,
});
const split = values.split as ReutersSplit;
if (split !== 'test' && split !== 'train') throw new Error('--split takes test or train');
const sourceCount = Number(values.sources);
const irSplit = values['ir-split'] as 'tune' | 'test';
if (irSplit !== 'tune' && irSplit !== 'test') throw new Error('--ir-split takes tune or test');
const irOnly = values.collection?.map((c) => {
  if (!(IR_COLLECTIONS as readonly string[]).includes(c))
    throw new Error(`--collection takes ${IR_COLLECTIONS.join(', ')}`);
  return c as IrCollectionName;
});
const mlSplit = values['ml-split'] as 'tune' | 'test';
if (mlSplit !== 'tune' && mlSplit !== 'test') throw new Error('--ml-split takes tune or test');
if (values.only !== undefined && !['related', 'search', 'ir', 'multilingual'].includes(values.only))
  throw new Error('--only takes related, search, ir or multilingual');
const pgUrl =
  values.pg ??
  ((process.env.TEST_DATABASE_URL ?? process.env.BENCH_DATABASE_URL ?? '') !== '' ? benchPostgresUrl() : null);
const figures: Figure[] = [];
const log = (text: string) => {
  if (!values.json) process.stderr.write(`${text}\n`);
};

if (values.only === undefined || values.only === 'related' || values.only === 'search') await evalReuters();
if (values.only === undefined || values.only === 'ir')
  figures.push(
    ...(await evalIr({
      split: irSplit,
      verbose: values.verbose === true,
      log,
      ...(irOnly ? { collections: irOnly } : {}),
    })),
  );
if (values.only === undefined || values.only === 'multilingual')
  figures.push(
    ...(await evalMultilingual({
      split: mlSplit,
      sources: sourceCount,
      pgUrl,
      concurrent: values['ml-serial'] !== true,
      verbose: values.verbose === true,
      log,
    })),
  );
printFigures(figures, values.json === true);

/** Standard error of the mean of paired differences. */
function standardError(values: readonly number[]): number {
  if (values.length < 2) return 0;
  const m = mean(values);
  return Math.sqrt(values.reduce((s, v) => s + (v - m) ** 2, 0) / (values.length - 1) / values.length);
}

function round(value: number, digits = 3): number {
  return Math.round(value * 10 ** digits) / 10 ** digits;
}

/** A query's words as the baselines take them: lower case, no stop words (or all of them if that is all). */
function queryWords(q: string): string[] {
  const words = frequentWords('', q, 50);
  return words.length > 0
    ? words
    : q
        .toLowerCase()
        .split(/\s+/u)
        .filter((w) => w !== '');
}

/** Search and related articles on Reuters-21578. */
async function evalReuters(): Promise<void> {
  const corpus = await readReuters();
  const reuse = values.db !== undefined && existsSync(values.db);
  const handle = await openCore(
    loadConfig({ DATABASE_URL: values.db ? `sqlite:${values.db}` : ':memory:', LOG_LEVEL: 'silent' }),
    silentLogger,
  );
  try {
    const started = performance.now();
    const archive = await importReuters(handle, reuse ? [] : corpus);
    if (reuse) {
      const rows = await handle.storage.db.selectFrom('articles').select(['id', 'external_id']).execute();
      const byId = new Map(corpus.map((a) => [a.id, a]));
      for (const r of rows) {
        const a = r.external_id === null ? undefined : byId.get(r.external_id);
        if (a) {
          archive.articleIds.set(a.id, r.id);
          archive.byArticleId.set(r.id, a);
        }
      }
    }
    const importSeconds = (performance.now() - started) / 1000;
    figures.push(
      reuse
        ? { name: 'eval archive (reused)', value: archive.byArticleId.size, unit: 'articles', db: values.db ?? '' }
        : {
            name: 'eval import',
            value: archive.byArticleId.size,
            unit: 'articles',
            seconds: Math.round(importSeconds * 10) / 10,
            rejected: archive.summary.rejected,
            taggedReuters: archive.sourceTagged,
            untitled: archive.untitled,
          },
    );
    log(`imported ${archive.byArticleId.size} articles in ${importSeconds.toFixed(1)} s`);
    const stores = handle.deps.stores;
    const topicsOf = (id: number) => archive.byArticleId.get(id)?.topics ?? [];
    const inSplit = [...archive.byArticleId].filter(([, a]) => a.split === split);

    // Related: P@5.
    const sources = shuffled(
      inSplit.filter(([, a]) => a.topics.length > 0).map(([id]) => id),
      seededRandom(6),
    ).slice(0, sourceCount);
    const related: Record<string, (id: number) => Promise<number[]>> = {
      ours: async (id) =>
        (await relatedArticles(stores, await row(id), { limit: K, offset: 0 })).map((h) => h.articleId),
      'baseline tag overlap': async (id) =>
        withoutDuplicates(
          id,
          await relatedByTagOverlap(handle.storage.db, id, Number((await row(id)).published_at), K + 20),
        ),
      'baseline text (BM25)': async (id) => {
        const r = await row(id);
        return withoutDuplicates(id, await relatedByText(handle.storage.db, id, r.title, r.body, K + 20));
      },
      'ours, no tag signal': (id) => oursWith(id, { ...RELATED_WEIGHTS, tags: 0 }),
      'ours, no recency': (id) => oursWith(id, { ...RELATED_WEIGHTS, recency: 0 }),
    };
    async function row(id: number) {
      const [r] = await stores.articles.byIds([id]);
      if (!r) throw new Error(`article ${id} missing`);
      return r;
    }
    async function oursWith(id: number, weights: RelatedWeights) {
      return (await relatedArticles(stores, await row(id), { limit: K, offset: 0, weights })).map((h) => h.articleId);
    }
    async function withoutDuplicates(id: number, ids: number[]) {
      const source = await row(id);
      const rows = await stores.articles.byIds(ids.filter((x) => x !== id));
      return rows
        .filter((r) => !isNearDuplicate(source, r))
        .slice(0, K)
        .map((r) => r.id);
    }
    const perSource = new Map<string, number[]>();
    for (const [method, rank] of Object.entries(values.only === 'search' ? {} : related)) {
      const scores: number[] = [];
      const t0 = performance.now();
      for (const id of sources) {
        const topics = new Set(topicsOf(id));
        const ranked = await rank(id);
        scores.push(precisionAt(ranked, new Set(ranked.filter((x) => topicsOf(x).some((t) => topics.has(t)))), K));
      }
      perSource.set(method, scores);
      figures.push({
        name: `related P@5 ${method}`,
        value: round(mean(scores)),
        unit: 'P@5',
        split,
        sources: sources.length,
        msPerQuery: round((performance.now() - t0) / sources.length, 1),
      });
      log(`related ${method}: ${mean(scores).toFixed(3)}`);
    }
    const ours = perSource.get('ours');
    const text = perSource.get('baseline text (BM25)');
    if (ours && text) {
      const diff = ours.map((x, i) => x - (text[i] ?? 0));
      const se = standardError(diff);
      figures.push({
        name: 'related P@5 ours − baseline text',
        value: round(mean(diff)),
        unit: 'P@5',
        split,
        sources: sources.length,
        standardError: round(se),
        better: diff.filter((d) => d > 0).length,
        worse: diff.filter((d) => d < 0).length,
      });
      log(`related ours − baseline text: ${mean(diff).toFixed(3)} ± ${se.toFixed(3)} (standard error)`);
      if (values.verbose) {
        for (const [i, id] of sources.entries()) {
          if (diff[i] !== 0)
            log(
              `  related | ${archive.byArticleId.get(id)?.id ?? id} | ours ${ours[i]?.toFixed(1)} text ${text[i]?.toFixed(1)} | ${topicsOf(id).join(' ')}`,
            );
        }
      }
    }

    // Search: MAP and nDCG@10 per topic query, and for the hand-written queries.
    const topicCounts = new Map<string, number>();
    for (const [, a] of inSplit) for (const t of a.topics) topicCounts.set(t, (topicCounts.get(t) ?? 0) + 1);
    const topicQueries = [...topicCounts]
      .filter(([, n]) => n >= MIN_TOPIC_ARTICLES)
      .sort((a, b) => b[1] - a[1])
      .map(([topic]) => ({ query: topic.replace(/-/gu, ' '), topic }));
    const splitIds = new Set(inSplit.map(([id]) => id));
    const relevantFor = (topic: string) =>
      new Set(inSplit.filter(([, a]) => a.topics.includes(topic)).map(([id]) => id));
    const searchers: Record<string, (q: string, depth: number) => Promise<number[]>> = {
      ours: async (q, depth) =>
        (await rankArticles(stores, parseSearchQuery(q), { tagIds: [], since: null, until: null }, depth)).map(
          (h) => h.id,
        ),
      'baseline BM25': (q, depth) => searchPlainBm25(handle.storage.db, queryWords(q), depth),
      'baseline tags': (q, depth) => searchByTagName(handle.storage.db, queryWords(q), depth),
      'baseline LIKE': (q, depth) => searchLike(handle.storage.db, queryWords(q), depth),
    };
    for (const [set, queries] of [
      ['topics', topicQueries],
      ['NL', NATURAL_QUERIES],
    ] as const) {
      for (const [method, search] of Object.entries(values.only === 'related' ? {} : searchers)) {
        const ap: number[] = [];
        const ndcg: number[] = [];
        const t0 = performance.now();
        for (const { query, topic } of queries) {
          const relevant = relevantFor(topic);
          ap.push(
            averagePrecision(
              (await search(query, MAP_DEPTH)).filter((id) => splitIds.has(id)),
              relevant,
            ),
          );
          ndcg.push(
            ndcgAt(
              (await search(query, RANK_DEPTH)).filter((id) => splitIds.has(id)),
              relevant,
              10,
            ),
          );
          if (values.verbose)
            log(
              `  ${method} | ${query} | AP ${ap[ap.length - 1]?.toFixed(3)} nDCG@10 ${ndcg[ndcg.length - 1]?.toFixed(3)} (${relevant.size} relevant)`,
            );
        }
        const ms = round((performance.now() - t0) / queries.length / 2, 1);
        figures.push({
          name: `search MAP ${set} ${method}`,
          value: round(mean(ap)),
          unit: 'MAP',
          split,
          queries: queries.length,
          msPerQuery: ms,
        });
        figures.push({
          name: `search nDCG@10 ${set} ${method}`,
          value: round(mean(ndcg)),
          unit: 'nDCG@10',
          split,
          queries: queries.length,
        });
        log(`search ${set} ${method}: MAP ${mean(ap).toFixed(3)} nDCG@10 ${mean(ndcg).toFixed(3)}`);
      }
    }
  } finally {
    await handle.close();
  }
}
