/**
 * Ranking on natural-language questions: the IR test collections (bench/lib/ir.ts) through
 * the same import and search code as `tagwire import` and `/search`, against the two
 * same-run baselines. Each document goes in with the collection's name as its only tag
 * (an article needs one) and, where the collection has no titles (Medline), its id as
 * the title. Queries longer than /search takes (MAX_QUERY_LENGTH) are cut at a word, and
 * ranked as /search ranks them (RANK_DEPTH deep; the first DEPTH counted).
 * Reported: nDCG@10 (graded gains) and MAP over the top 100, on the odd query ids
 * (`tune`) or the even ones (`test`, the default: queries the ranking was not fitted to).
 */
import { importArticles } from '../src/app/importer.ts';
import { RANK_DEPTH, rankArticles, SEARCH_RANKING, type SearchRanking } from '../src/app/search.ts';
import { loadConfig } from '../src/config.ts';
import { MAX_QUERY_LENGTH, parseSearchQuery } from '../src/domain/search-query.ts';
import { silentLogger } from '../src/logger.ts';
import { openCore } from '../src/runtime.ts';
import type { Figure } from './figure.ts';
import {
  fts5OrBaseline,
  gradedNdcgAt,
  inQuerySplit,
  IR_COLLECTIONS,
  okapiBm25,
  readIrCollection,
  type IrCollectionName,
} from './lib/ir.ts';
import { mean } from './lib/metrics.ts';

const DEPTH = 100;

export interface IrEvalOptions {
  split: 'tune' | 'test';
  collections?: readonly IrCollectionName[];
  verbose: boolean;
  log: (text: string) => void;
  /** The ranking's weights (tuning); SEARCH_RANKING by default. */
  ranking?: SearchRanking;
  /** Only tagwire, no baselines (tuning). */
  oursOnly?: boolean;
}

/** Average precision over the top DEPTH with graded judgments taken as relevant when above 0. */
function averagePrecision(ranked: readonly string[], grades: ReadonlyMap<string, number>): number {
  const relevant = [...grades.values()].filter((g) => g > 0).length;
  if (relevant === 0) return 0;
  let hits = 0;
  let sum = 0;
  ranked.forEach((id, i) => {
    if ((grades.get(id) ?? 0) > 0) sum += ++hits / (i + 1);
  });
  return sum / relevant;
}

/** A question as /search takes it: at most MAX_QUERY_LENGTH characters, cut at a word. */
export function asSearchText(text: string): string {
  const flat = text.replace(/\s+/gu, ' ').trim();
  if (flat.length <= MAX_QUERY_LENGTH) return flat;
  const cut = flat.slice(0, MAX_QUERY_LENGTH + 1);
  return cut.slice(0, Math.max(cut.lastIndexOf(' '), 1)).trim();
}

export async function evalIr(options: IrEvalOptions): Promise<Figure[]> {
  const figures: Figure[] = [];
  for (const name of options.collections ?? IR_COLLECTIONS) {
    const collection = readIrCollection(name);
    const handle = await openCore(loadConfig({ DATABASE_URL: ':memory:', LOG_LEVEL: 'silent' }), silentLogger);
    try {
      async function* lines(): AsyncIterable<string> {
        for (const d of collection.documents)
          yield JSON.stringify({ id: d.id, title: d.title.trim() || d.id, body: d.body, tags: [name] });
      }
      const summary = await importArticles(handle.deps, lines(), { notify: false });
      if (summary.imported !== collection.documents.length)
        throw new Error(`${name}: imported ${summary.imported} of ${collection.documents.length} documents`);
      const rows = await handle.storage.db.selectFrom('articles').select(['id', 'external_id']).execute();
      const externalOf = new Map(rows.map((r) => [r.id, r.external_id ?? '']));
      const fts5 = await fts5OrBaseline(handle.storage.db as never, collection.documents);
      const bm25 = okapiBm25(collection.documents);
      const queries = collection.queries.filter((q) => inQuerySplit(q, options.split));
      const methods: Record<string, (text: string) => Promise<string[]>> = {
        tagwire: async (text) =>
          (
            await rankArticles(
              handle.deps.stores,
              parseSearchQuery(asSearchText(text)),
              { tagIds: [], since: null, until: null },
              RANK_DEPTH,
              options.ranking ?? SEARCH_RANKING,
            )
          )
            .slice(0, DEPTH)
            .map((h) => externalOf.get(h.id) ?? ''),
        'baseline FTS5 OR': (text) => fts5(text, DEPTH),
        'baseline Okapi BM25': async (text) => bm25(text, DEPTH),
      };
      for (const [method, search] of Object.entries(methods)) {
        if (options.oursOnly && method !== 'tagwire') continue;
        const ndcg: number[] = [];
        const ap: number[] = [];
        const t0 = performance.now();
        for (const q of queries) {
          const ranked = await search(q.text);
          ndcg.push(gradedNdcgAt(ranked, q.grades, 10));
          ap.push(averagePrecision(ranked, q.grades));
          if (options.verbose)
            options.log(`  ${name} ${method} q${q.id}: nDCG@10 ${ndcg.at(-1)?.toFixed(3)} AP ${ap.at(-1)?.toFixed(3)}`);
        }
        const common = { collection: name, split: options.split, queries: queries.length };
        const ms = Math.round(((performance.now() - t0) / Math.max(1, queries.length)) * 10) / 10;
        figures.push({ name: `ir ${name} nDCG@10 ${method}`, value: round(mean(ndcg)), unit: 'nDCG@10', ...common });
        figures.push({
          name: `ir ${name} MAP ${method}`,
          value: round(mean(ap)),
          unit: 'MAP',
          ...common,
          msPerQuery: ms,
        });
        options.log(`${name} ${method}: nDCG@10 ${mean(ndcg).toFixed(3)} MAP ${mean(ap).toFixed(3)}`);
      }
    } finally {
      await handle.close();
    }
  }
  return figures;
}

function round(value: number): number {
  return Math.round(value * 1000) / 1000;
}
