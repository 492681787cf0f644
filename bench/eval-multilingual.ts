/**
 * Russian and Armenian: the region's languages' text analysis (src/domain/tokenize.ts:
 * folding, Snowball Russian and Armenian stemming) measured on real, labelled news
 * (bench/lib/multilingual.ts), each figure with the analysis on and off
 * (setLanguageAnalysis(false): the English-only analysis that came before; each setting
 * builds its own fresh database, as an index must be built and queried with one setting).
 *
 * - ru search: RIA Novosti (957 articles) imported through `tagwire import`'s code path
 *   with RIA's tags hidden (every article tagged only `RIA`). Each RIA tag carried by at
 *   least MIN_TAG_ARTICLES articles, in the split's half (by a hash of its name), is a
 *   query written as RIA writes it (`Китай`, `Амурская область`), run through the ranking
 *   /search uses; relevant = the articles carrying the tag. nDCG@10 and MAP (top 1000) on
 *   SQLite and, with a PostgreSQL URL, on PostgreSQL in a fresh schema. Analysis on, each
 *   article has its language as ingest sets it (detectLanguage; set here should the
 *   import leave it unset); off, on PostgreSQL articles.language is set to null (every
 *   article indexed with the English configuration, as before). Reference: PostgreSQL's own `russian` configuration over
 *   title and body ranked by ts_rank, every word (plainto_tsquery) and any word
 *   (websearch_to_tsquery of the words joined by `or`).
 * - hy related: iLur.am (9,836 articles, a rubric each, no titles: an article's title is
 *   its body's first sentence cut at a word to 80 characters) imported whole; for N
 *   sources of the split (by a hash of the id; a seeded choice), P@5 of /related's five
 *   articles by rubric (relevant = the source's rubric), on each engine, with the analysis
 *   on and off, and on SQLite FTS5's BM25 over the source's 20 most frequent words as a
 *   text baseline; plus on − off per source with its standard error.
 * - ru auto-tag: every RIA tag with at least MIN_TAG_ARTICLES articles made a tag, then
 *   each article posted (postArticle, as the API and feeds post) without its tags and
 *   with auto-tagging on; micro precision and recall of the tags added against RIA's,
 *   counted over the split's tags, with the analysis on and off, and with the region's
 *   built-in names (src/domain/region-names.ts, seeded as the bot does when it starts)
 *   added as aliases. SQLite only: auto-tagging does not read the index.
 * With both engines, they run side by side for each setting (options.concurrent).
 */
import { postArticle } from '../src/app/articles.ts';
import { loadAutoTagger } from '../src/app/auto-tag.ts';
import { seedRegionNames } from '../src/app/region-names.ts';
import { relatedArticles, isNearDuplicate } from '../src/app/related.ts';
import { rankArticles, RANK_DEPTH } from '../src/app/search.ts';
import { parseSearchQuery } from '../src/domain/search-query.ts';
import { parseTagName, tagKey, type TagName } from '../src/domain/tags.ts';
import { setLanguageAnalysis } from '../src/domain/tokenize.ts';
import { asSearchText } from './eval-ir.ts';
import type { Figure } from './figure.ts';
import { relatedByText } from './lib/baselines.ts';
import { averagePrecision, mean, ndcgAt, precisionAt, shuffled } from './lib/metrics.ts';
import {
  freshDatabase,
  ilurRecords,
  importRecords,
  inMlSplit,
  madeTitle,
  pgRussianReference,
  readIlur,
  readRia,
  riaRecords,
  type Engine,
  type EvalDatabase,
  type IlurArticle,
  type Imported,
  type MlSplit,
  type RiaArticle,
} from './lib/multilingual.ts';
import { seededRandom } from './lib/synthetic.ts';

/** A RIA tag is a query (and an auto-tag) when at least this many articles carry it. */
export const MIN_TAG_ARTICLES = 3;
const MAP_DEPTH = 1_000;
const K = 5;

export interface MultilingualEvalOptions {
  split: MlSplit;
  /** iLur sources for related articles. */
  sources: number;
  /** PostgreSQL server for its half (a fresh schema); null: SQLite only. */
  pgUrl: string | null;
  /** Both engines at once (timings approximate): the run takes about half as long. */
  concurrent: boolean;
  verbose: boolean;
  log: (text: string) => void;
}

const round = (value: number, digits = 3) => Math.round(value * 10 ** digits) / 10 ** digits;
const onOff = (analysis: boolean) => (analysis ? 'analysis on' : 'analysis off');

/** Standard error of the mean of paired differences. */
function standardError(values: readonly number[]): number {
  if (values.length < 2) return 0;
  const m = mean(values);
  return Math.sqrt(values.reduce((s, v) => s + (v - m) ** 2, 0) / (values.length - 1) / values.length);
}

/** Runs `work` on a fresh database built with the analysis on or off; the analysis is on again afterwards. */
async function withDatabase<T>(
  engine: Engine,
  analysis: boolean,
  pgUrl: string | null,
  work: (db: EvalDatabase) => Promise<T>,
): Promise<T> {
  setLanguageAnalysis(analysis);
  try {
    const db = await freshDatabase(engine, pgUrl);
    try {
      return await work(db);
    } finally {
      await db.close();
    }
  } finally {
    setLanguageAnalysis(true);
  }
}

/**
 * Runs `work` on a fresh database per engine, with the analysis on and then off (set for
 * the whole process: both engines of a setting run under it). With `concurrent`, the
 * engines of a setting run at once (PostgreSQL works in its own process while this one
 * scores SQLite's), which shortens the run but makes their timings approximate. The
 * figures come back in engine order.
 */
async function acrossEngines(
  engines: readonly Engine[],
  options: MultilingualEvalOptions,
  work: (engine: Engine, analysis: boolean, db: EvalDatabase) => Promise<Figure[]>,
): Promise<Figure[]> {
  const byEngine = new Map<Engine, Figure[]>(engines.map((e) => [e, []]));
  for (const analysis of [true, false]) {
    setLanguageAnalysis(analysis);
    try {
      const run = async (engine: Engine) => {
        const db = await freshDatabase(engine, options.pgUrl);
        try {
          byEngine.get(engine)?.push(...(await work(engine, analysis, db)));
        } finally {
          await db.close();
        }
      };
      if (options.concurrent) {
        const failed = (await Promise.allSettled(engines.map(run))).find((r) => r.status === 'rejected');
        if (failed) throw failed.reason;
      } else for (const engine of engines) await run(engine);
    } finally {
      setLanguageAnalysis(true);
    }
  }
  return engines.flatMap((e) => byEngine.get(e) ?? []);
}

/**
 * Analysis on: every article has its language, as ingest gives it (detected here when the
 * import did not set it). Off, on PostgreSQL: no language, every article indexed with the
 * English configuration as before.
 */
const languageOptions = (engine: Engine, analysis: boolean) => ({
  noLanguage: engine === 'postgres' && !analysis,
  detectLanguage: analysis,
});

function importFigure(set: string, engine: Engine, analysis: boolean, imported: Imported): Figure {
  return {
    name: `${set} import ${engine} ${onOff(analysis)}`,
    value: imported.summary.imported,
    unit: 'articles',
    seconds: round(imported.seconds, 1),
    rejected: imported.summary.rejected,
    languages: imported.languages,
    languageSetByEval: imported.detectedHere,
  };
}

export async function evalMultilingual(options: MultilingualEvalOptions): Promise<Figure[]> {
  const engines: Engine[] = options.pgUrl === null ? ['sqlite'] : ['sqlite', 'postgres'];
  const ria = await readRia();
  const figures: Figure[] = [];
  const t0 = performance.now();
  figures.push(...(await russianSearch(ria, engines, options)));
  figures.push(...(await armenianRelated(await readIlur(), engines, options)));
  figures.push(...(await russianAutoTag(ria, options)));
  figures.push({
    name: 'multilingual eval time',
    value: round((performance.now() - t0) / 1000, 1),
    unit: 's',
    engines: engines.join(' '),
    concurrentEngines: options.concurrent && engines.length > 1,
  });
  return figures;
}

/** RIA tags carried by at least MIN_TAG_ARTICLES articles, most carried first: name → RIA ids. */
function frequentTags(ria: readonly RiaArticle[]): Map<string, Set<string>> {
  const carriers = new Map<string, Set<string>>();
  for (const a of ria)
    for (const t of a.tags) {
      const set = carriers.get(t) ?? new Set<string>();
      set.add(a.id);
      carriers.set(t, set);
    }
  return new Map(
    [...carriers]
      .filter(([, ids]) => ids.size >= MIN_TAG_ARTICLES)
      .sort((a, b) => b[1].size - a[1].size || a[0].localeCompare(b[0])),
  );
}

/** Russian search: RIA's tag names as queries, RIA's tags as judgments. */
async function russianSearch(
  ria: readonly RiaArticle[],
  engines: readonly Engine[],
  options: MultilingualEvalOptions,
): Promise<Figure[]> {
  const figures: Figure[] = [];
  const tags = frequentTags(ria);
  const queries = [...tags].filter(([name]) => inMlSplit(name, options.split));
  figures.push({
    name: 'ru search queries',
    value: queries.length,
    unit: 'queries',
    split: options.split,
    tagsWith3Articles: tags.size,
    tags: new Set(ria.flatMap((a) => a.tags)).size,
    articles: ria.length,
  });
  options.log(
    `ru search: ${queries.length} queries of the ${options.split} half of the ${tags.size} RIA tags on ≥ ${MIN_TAG_ARTICLES} articles`,
  );
  const searched = await acrossEngines(engines, options, async (engine, analysis, db) => {
    const out: Figure[] = [];
    const imported = await importRecords(db.handle, riaRecords(ria), languageOptions(engine, analysis));
    out.push(importFigure('ru', engine, analysis, imported));
    options.log(
      `ru ${engine} ${onOff(analysis)}: imported ${imported.summary.imported} in ${imported.seconds.toFixed(1)} s (${imported.languages}; ${imported.detectedHere} set by the eval)`,
    );
    const stores = db.handle.deps.stores;
    let errors = 0;
    const ours = async (q: string, depth: number) => {
      try {
        const query = parseSearchQuery(asSearchText(q));
        return (await rankArticles(stores, query, { tagIds: [], since: null, until: null }, depth)).map((h) => h.id);
      } catch (err) {
        errors++;
        if (options.verbose) options.log(`  ${q}: ${err instanceof Error ? err.message : String(err)}`);
        return [];
      }
    };
    // Each method's ranking for nDCG@10 (as /search ranks: RANK_DEPTH) and for MAP (MAP_DEPTH).
    type Rankings = { top: number[]; deep: number[] };
    const methods: Record<string, (q: string) => Promise<Rankings>> = {
      [`tagwire ${engine} ${onOff(analysis)}`]: async (q) => ({
        top: await ours(q, RANK_DEPTH),
        deep: await ours(q, MAP_DEPTH),
      }),
    };
    if (engine === 'postgres' && analysis) {
      const reference = await pgRussianReference(db.handle.storage.db);
      const once = async (q: string, variant: 'plain' | 'or') => {
        const deep = await reference(q, variant, MAP_DEPTH);
        return { top: deep.slice(0, RANK_DEPTH), deep };
      };
      methods['postgres russian, every word'] = (q) => once(q, 'plain');
      methods['postgres russian, any word'] = (q) => once(q, 'or');
    }
    for (const [method, search] of Object.entries(methods)) {
      errors = 0;
      const ap: number[] = [];
      const ndcg: number[] = [];
      let empty = 0;
      const started = performance.now();
      for (const [name, riaIds] of queries) {
        const relevant = new Set([...riaIds].flatMap((id) => imported.articleIds.get(id) ?? []));
        const { top, deep } = await search(name);
        if (top.length === 0) empty++;
        ndcg.push(ndcgAt(top, relevant, 10));
        ap.push(averagePrecision(deep, relevant));
        if (options.verbose)
          options.log(
            `  ${method} | ${name} | nDCG@10 ${ndcg.at(-1)?.toFixed(3)} AP ${ap.at(-1)?.toFixed(3)} (${relevant.size} relevant, ${top.length} found)`,
          );
      }
      const common = { split: options.split, queries: queries.length };
      out.push({ name: `ru search nDCG@10 ${method}`, value: round(mean(ndcg)), unit: 'nDCG@10', ...common });
      out.push({
        name: `ru search MAP ${method}`,
        value: round(mean(ap)),
        unit: 'MAP',
        ...common,
        noResults: empty,
        errors: errors / 2,
        msPerRanking: round(
          (performance.now() - started) / Math.max(1, queries.length) / (method.startsWith('tagwire') ? 2 : 1),
          1,
        ),
      });
      options.log(`ru search ${method}: nDCG@10 ${mean(ndcg).toFixed(3)} MAP ${mean(ap).toFixed(3)}`);
    }
    return out;
  });
  return [...figures, ...searched];
}

/** Armenian related articles: P@5 by rubric. */
async function armenianRelated(
  ilur: readonly IlurArticle[],
  engines: readonly Engine[],
  options: MultilingualEvalOptions,
): Promise<Figure[]> {
  const figures: Figure[] = [];
  const rubricOf = new Map(ilur.map((a) => [a.id, a.rubric]));
  const sourceIds = shuffled(
    ilur.filter((a) => inMlSplit(a.id, options.split) && madeTitle(a.body) !== '').map((a) => a.id),
    seededRandom(18),
  ).slice(0, options.sources);
  const titles = new Map<string, number>();
  for (const a of ilur) {
    const t = madeTitle(a.body);
    if (t !== '') titles.set(t, (titles.get(t) ?? 0) + 1);
  }
  const sharedTitles = [...titles.values()].filter((n) => n > 1).reduce((s, n) => s + n, 0);
  options.log(
    `hy related: ${sourceIds.length} sources of the ${options.split} half; ${sharedTitles} articles share their made title with another`,
  );
  const perSource = new Map<string, number[]>();
  figures.push(
    ...(await acrossEngines(engines, options, async (engine, analysis, db) => {
      const out: Figure[] = [];
      const imported = await importRecords(db.handle, ilurRecords(ilur), languageOptions(engine, analysis));
      out.push({ ...importFigure('hy', engine, analysis, imported), sharedTitles });
      options.log(
        `hy ${engine} ${onOff(analysis)}: imported ${imported.summary.imported} in ${imported.seconds.toFixed(1)} s (${imported.languages}; ${imported.detectedHere} set by the eval; ${imported.summary.rejected} rejected)`,
      );
      const stores = db.handle.deps.stores;
      const rubricById = new Map<number, string>();
      for (const [external, id] of imported.articleIds) rubricById.set(id, rubricOf.get(external) ?? '');
      const ids = sourceIds.flatMap((s) => imported.articleIds.get(s) ?? []);
      const rows = new Map((await stores.articles.byIds(ids)).map((r) => [r.id, r]));
      const methods: Record<string, (id: number) => Promise<number[]>> = {
        [`tagwire ${engine} ${onOff(analysis)}`]: async (id) => {
          const row = rows.get(id);
          if (!row) throw new Error(`article ${id} missing`);
          return (await relatedArticles(stores, row, { limit: K, offset: 0 })).map((h) => h.articleId);
        },
      };
      if (engine === 'sqlite')
        methods[`baseline text (BM25) ${onOff(analysis)}`] = async (id) => {
          const row = rows.get(id);
          if (!row) throw new Error(`article ${id} missing`);
          const found = await relatedByText(db.handle.storage.db, id, row.title, row.body, K + 20);
          const candidates = await stores.articles.byIds(found.filter((x) => x !== id));
          return candidates
            .filter((r) => !isNearDuplicate(row, r))
            .slice(0, K)
            .map((r) => r.id);
        };
      for (const [method, rank] of Object.entries(methods)) {
        const scores: number[] = [];
        const started = performance.now();
        for (const id of ids) {
          const rubric = rubricById.get(id);
          const ranked = await rank(id);
          scores.push(precisionAt(ranked, new Set(ranked.filter((x) => rubricById.get(x) === rubric)), K));
        }
        if (method.startsWith('tagwire')) perSource.set(`${engine} ${analysis ? 'on' : 'off'}`, scores);
        out.push({
          name: `hy related P@5 ${method}`,
          value: round(mean(scores)),
          unit: 'P@5',
          split: options.split,
          sources: ids.length,
          msPerQuery: round((performance.now() - started) / Math.max(1, ids.length), 1),
        });
        options.log(`hy related ${method}: P@5 ${mean(scores).toFixed(3)}`);
      }
      return out;
    })),
  );
  for (const engine of engines) {
    const on = perSource.get(`${engine} on`);
    const off = perSource.get(`${engine} off`);
    if (on && off && on.length === off.length) {
      const diff = on.map((x, i) => x - (off[i] ?? 0));
      figures.push({
        name: `hy related P@5 ${engine} on − off`,
        value: round(mean(diff)),
        unit: 'P@5',
        split: options.split,
        sources: diff.length,
        standardError: round(standardError(diff)),
        better: diff.filter((d) => d > 0).length,
        worse: diff.filter((d) => d < 0).length,
      });
      options.log(`hy related ${engine} on − off: ${mean(diff).toFixed(3)} ± ${standardError(diff).toFixed(3)}`);
    }
  }
  return figures;
}

/** Auto-tagging: RIA's frequent tags made known, the articles posted without them. */
async function russianAutoTag(ria: readonly RiaArticle[], options: MultilingualEvalOptions): Promise<Figure[]> {
  const figures: Figure[] = [];
  const tags = frequentTags(ria);
  const known: TagName[] = [];
  let refused = 0;
  for (const name of tags.keys()) {
    try {
      known.push(parseTagName(name));
    } catch {
      refused++;
    }
  }
  const scored = new Set([...tags.keys()].filter((name) => inMlSplit(name, options.split)).map(tagKey));
  const variants = [
    { analysis: true, regions: false },
    { analysis: false, regions: false },
    { analysis: true, regions: true },
  ];
  for (const { analysis, regions } of variants) {
    await withDatabase('sqlite', analysis, null, async (db) => {
      const deps = db.handle.deps;
      await deps.stores.tags.ensure(known, deps.clock.now().getTime());
      const seeded = regions ? await seedRegionNames(deps) : { tags: 0, aliases: 0 };
      const tagger = await loadAutoTagger(deps.stores);
      let truePositives = 0;
      let falsePositives = 0;
      let falseNegatives = 0;
      let assigned = 0;
      let failed = 0;
      const wrong = new Map<string, { added: number; missed: number }>();
      const count = (key: string, what: 'added' | 'missed') => {
        const c = wrong.get(key) ?? { added: 0, missed: 0 };
        c[what]++;
        wrong.set(key, c);
      };
      const started = performance.now();
      for (const [i, record] of riaRecords(ria).entries()) {
        const article = ria[i];
        if (!article) continue;
        let autoTags: string[];
        try {
          const result = await postArticle(
            deps,
            {
              externalId: record.id,
              title: record.title,
              body: record.body,
              url: record.url,
              tags: record.tags,
              publishedAt: record.date,
              source: record.source,
            },
            { postedBy: 'import', notify: false, autoTag: tagger },
          );
          autoTags = result.autoTags;
        } catch (err) {
          failed++;
          if (options.verbose) options.log(`  ${record.id}: ${err instanceof Error ? err.message : String(err)}`);
          continue;
        }
        assigned += autoTags.length;
        const truth = new Set(article.tags.map(tagKey).filter((k) => scored.has(k)));
        const found = new Set(autoTags.map(tagKey).filter((k) => scored.has(k)));
        for (const k of found)
          if (truth.has(k)) truePositives++;
          else {
            falsePositives++;
            count(k, 'added');
          }
        for (const k of truth)
          if (!found.has(k)) {
            falseNegatives++;
            count(k, 'missed');
          }
      }
      const label = `${onOff(analysis)}${regions ? ' + region names' : ''}`;
      const worst = (what: 'added' | 'missed', n: number) =>
        [...wrong]
          .filter(([, c]) => c[what] > 0)
          .sort((a, b) => b[1][what] - a[1][what] || a[0].localeCompare(b[0]))
          .slice(0, n)
          .map(([k, c]) => `${k} ${c[what]}`)
          .join(', ');
      const precision = truePositives / Math.max(1, truePositives + falsePositives);
      const recall = truePositives / Math.max(1, truePositives + falseNegatives);
      const common = { split: options.split, scoredTags: scored.size };
      figures.push({
        name: `ru auto-tag precision ${label}`,
        value: round(precision),
        unit: 'micro P',
        ...common,
        knownTags: known.length,
        refusedNames: refused,
        taggerNames: tagger.size,
        ...(regions ? { regionTags: seeded.tags, regionAliases: seeded.aliases } : {}),
      });
      figures.push({ name: `ru auto-tag recall ${label}`, value: round(recall), unit: 'micro R', ...common });
      figures.push({
        name: `ru auto-tag assigned ${label}`,
        value: truePositives + falsePositives,
        unit: 'tags',
        ...common,
        correct: truePositives,
        missed: falseNegatives,
        allAssigned: assigned,
        articles: ria.length - failed,
        mostWronglyAdded: worst('added', 3),
        mostMissed: worst('missed', 3),
        seconds: round((performance.now() - started) / 1000, 1),
      });
      if (options.verbose) {
        options.log(`  ${label}: wrongly added: ${worst('added', 12)}`);
        options.log(`  ${label}: missed: ${worst('missed', 12)}`);
      }
      options.log(
        `ru auto-tag ${label}: precision ${precision.toFixed(3)} recall ${recall.toFixed(3)} (${truePositives + falsePositives} scored tags assigned, ${assigned} in all)`,
      );
    });
  }
  return figures;
}
