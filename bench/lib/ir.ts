/**
 * The IR test collections in ../shared/data/ir (CISI, Cranfield, Medline: documents,
 * natural-language queries and human judgments; read at run time, never copied), and
 * the two same-run baselines the evaluation compares tagwire with: SQLite FTS5 (porter
 * unicode61, the query's words OR'ed, bm25 with title weight 2) and textbook Okapi BM25
 * (k1 1.2, b 0.75, no stemming) over title and body.
 */
import { existsSync, readFileSync } from 'node:fs';
import { gunzipSync } from 'node:zlib';
import { sql, type Kysely } from 'kysely';

export const IR_DIR = new URL('../../../shared/data/ir/', import.meta.url).pathname;
export const IR_COLLECTIONS = ['cisi', 'cran', 'med'] as const;
export type IrCollectionName = (typeof IR_COLLECTIONS)[number];

export interface IrDocument {
  id: string;
  title: string;
  body: string;
}

export interface IrQuery {
  id: string;
  text: string;
  /** Judged documents by id: their grade (1 = relevant; Cranfield grades 1-4). */
  grades: Map<string, number>;
}

export interface IrCollection {
  name: IrCollectionName;
  documents: IrDocument[];
  /** Only the queries that have judgments. */
  queries: IrQuery[];
}

export function irAvailable(): boolean {
  return existsSync(IR_DIR);
}

export function readIrCollection(name: IrCollectionName): IrCollection {
  const dir = `${IR_DIR}${name}/`;
  const documents = gunzipSync(readFileSync(`${dir}docs.jsonl.gz`))
    .toString('utf8')
    .split('\n')
    .filter((line) => line.trim() !== '')
    .map((line) => JSON.parse(line) as IrDocument);
  const grades = new Map<string, Map<string, number>>();
  for (const line of readFileSync(`${dir}qrels.tsv`, 'utf8').split('\n').slice(1)) {
    const [query, doc, grade] = line.split('\t');
    if (!query || !doc || grade === undefined) continue;
    const judged = grades.get(query) ?? new Map<string, number>();
    judged.set(doc, Number(grade));
    grades.set(query, judged);
  }
  const queries = readFileSync(`${dir}queries.jsonl`, 'utf8')
    .split('\n')
    .filter((line) => line.trim() !== '')
    .map((line) => JSON.parse(line) as { id: string; text: string })
    .flatMap((q) => {
      const judged = grades.get(q.id);
      return judged && judged.size > 0 ? [{ id: q.id, text: q.text, grades: judged }] : [];
    });
  return { name, documents, queries };
}

/** Queries are split by id: odd ids to tune on, even ids to report. */
export function inQuerySplit(query: IrQuery, split: 'tune' | 'test'): boolean {
  return (Number(query.id) % 2 === 1) === (split === 'tune');
}

/** nDCG@k with graded gains 2^grade - 1, discounted by log2(rank + 1). */
export function gradedNdcgAt(ranked: readonly string[], grades: ReadonlyMap<string, number>, k: number): number {
  let dcg = 0;
  ranked.slice(0, k).forEach((id, i) => {
    dcg += (2 ** (grades.get(id) ?? 0) - 1) / Math.log2(i + 2);
  });
  const ideal = [...grades.values()]
    .sort((a, b) => b - a)
    .slice(0, k)
    .reduce((sum, g, i) => sum + (2 ** g - 1) / Math.log2(i + 2), 0);
  return ideal === 0 ? 0 : dcg / ideal;
}

/** Lower-case words (letters and digits) as unicode61 splits them, without stemming. */
export function plainWords(text: string): string[] {
  return text.toLowerCase().match(/[\p{L}\p{N}]+/gu) ?? [];
}

/** Textbook Okapi BM25 over title and body as one field: k1 1.2, b 0.75, no stemming, no stop words. */
export function okapiBm25(documents: readonly IrDocument[]): (query: string, depth: number) => string[] {
  const k1 = 1.2;
  const b = 0.75;
  const postings = new Map<string, { doc: number; tf: number }[]>();
  const lengths: number[] = [];
  documents.forEach((d, doc) => {
    const words = plainWords(`${d.title} ${d.body}`);
    lengths.push(words.length);
    const counts = new Map<string, number>();
    for (const w of words) counts.set(w, (counts.get(w) ?? 0) + 1);
    for (const [w, tf] of counts) {
      const list = postings.get(w) ?? [];
      list.push({ doc, tf });
      postings.set(w, list);
    }
  });
  const n = documents.length;
  const avg = lengths.reduce((a, c) => a + c, 0) / Math.max(1, n);
  return (query, depth) => {
    const scores = new Map<number, number>();
    for (const w of new Set(plainWords(query))) {
      const list = postings.get(w);
      if (!list) continue;
      const idf = Math.log(1 + (n - list.length + 0.5) / (list.length + 0.5));
      for (const { doc, tf } of list) {
        const norm = k1 * (1 - b + (b * (lengths[doc] ?? 0)) / avg);
        scores.set(doc, (scores.get(doc) ?? 0) + (idf * tf * (k1 + 1)) / (tf + norm));
      }
    }
    return [...scores]
      .sort((a, c) => c[1] - a[1] || a[0] - c[0])
      .slice(0, depth)
      .map(([doc]) => documents[doc]?.id ?? '');
  };
}

/** A plain SQLite FTS5 index of the collection (porter unicode61), in a table of its own on `db`. */
export async function fts5OrBaseline(
  db: Kysely<unknown>,
  documents: readonly IrDocument[],
): Promise<(query: string, depth: number) => Promise<string[]>> {
  await sql`CREATE VIRTUAL TABLE ir_baseline USING fts5(doc_id UNINDEXED, title, body, tokenize = 'porter unicode61')`.execute(
    db,
  );
  for (let i = 0; i < documents.length; i += 500) {
    const rows = documents.slice(i, i + 500).map((d) => sql`(${d.id}, ${d.title}, ${d.body})`);
    await sql`INSERT INTO ir_baseline (doc_id, title, body) VALUES ${sql.join(rows)}`.execute(db);
  }
  return async (query, depth) => {
    const words = [...new Set(plainWords(query))];
    if (words.length === 0) return [];
    const match = words.map((w) => `"${w}"`).join(' OR ');
    const rows = await sql<{ doc_id: string }>`SELECT doc_id FROM ir_baseline WHERE ir_baseline MATCH ${match}
      ORDER BY bm25(ir_baseline, 0.0, 2.0, 1.0) LIMIT ${depth}`.execute(db);
    return rows.rows.map((r) => String(r.doc_id));
  };
}
