/**
 * The multilingual evaluation's data (../shared/data/multilingual, see its README: read at
 * run time, never copied): RIA Novosti in Russian with RIA's editorial tags, iLur.am in
 * Armenian with a rubric each. Also the fresh databases the evaluation builds (SQLite in
 * memory, or a schema of its own on PostgreSQL), the import of both sets through the same
 * code path as `tagwire import`, the deterministic tune/test split and PostgreSQL's own
 * `russian` configuration as a reference ranker.
 */
import { createReadStream, existsSync } from 'node:fs';
import { createInterface } from 'node:readline';
import { fileURLToPath } from 'node:url';
import { createGunzip } from 'node:zlib';
import { sql, type Kysely } from 'kysely';
import { importArticles, type ImportSummary } from '../../src/app/importer.ts';
import { loadConfig } from '../../src/config.ts';
import { MAX_BODY_LENGTH } from '../../src/domain/article.ts';
import { detectLanguage } from '../../src/domain/language.ts';
import { silentLogger } from '../../src/logger.ts';
import { coreOnStorage, openCore, type CoreHandle } from '../../src/runtime.ts';
import { openStorage } from '../../src/storage/connect.ts';
import type { Database } from '../../src/storage/schema.ts';
import { adminQuery } from './postgres.ts';

export type MlSplit = 'tune' | 'test';
export type Engine = 'sqlite' | 'postgres';

/** The neutral tag of every imported article (the importer wants one): no RIA tag, no rubric. */
export const RIA_SOURCE_TAG = 'RIA';
export const ILUR_SOURCE_TAG = 'iLur';
/** Longest title made from an untitled iLur body, in characters (cut at a word). */
export const MADE_TITLE_CHARS = 80;

export interface RiaArticle {
  id: string;
  title: string;
  body: string;
  date: string;
  url: string;
  /** RIA's own editorial tags, as RIA writes them. */
  tags: string[];
}

export interface IlurArticle {
  id: string;
  body: string;
  rubric: string;
}

/** Where the data is looked for: MULTILINGUAL_PATH, else ../shared/data/multilingual next to the project. */
export function multilingualDir(): string {
  const fromEnv = process.env.MULTILINGUAL_PATH;
  if (fromEnv !== undefined && fromEnv !== '') return fromEnv.replace(/\/?$/u, '/');
  return fileURLToPath(new URL('../../../shared/data/multilingual/', import.meta.url));
}

/** The records of one of the multilingual data files (gzip JSON Lines). */
export async function readJsonLines(file: string): Promise<Record<string, unknown>[]> {
  const path = `${multilingualDir()}${file}`;
  if (!existsSync(path)) throw new Error(`${file} not found at ${path}; set MULTILINGUAL_PATH to its folder`);
  const lines = createInterface({ input: createReadStream(path).pipe(createGunzip()), crlfDelay: Infinity });
  const records: Record<string, unknown>[] = [];
  for await (const line of lines) if (line.trim() !== '') records.push(JSON.parse(line) as Record<string, unknown>);
  return records;
}

export const text = (value: unknown) => (typeof value === 'string' ? value : '');
export const strings = (value: unknown) =>
  Array.isArray(value) ? value.filter((v): v is string => typeof v === 'string') : [];

export async function readRia(): Promise<RiaArticle[]> {
  return (await readJsonLines('ru_ria_2023.jsonl.gz')).map((r) => ({
    id: String(r.id),
    title: text(r.title),
    body: text(r.body),
    date: text(r.date),
    url: text(r.url),
    tags: [...new Set(strings(r.tags))],
  }));
}

export async function readIlur(): Promise<IlurArticle[]> {
  return (await readJsonLines('hy_ilur_news.jsonl.gz')).map((r) => ({
    id: String(r.id),
    body: text(r.body),
    rubric: strings(r.labels)[0] ?? '',
  }));
}

/** FNV-1a over the UTF-16 code units: a stable hash for the split. */
function fnv1a(value: string): number {
  let h = 0x811c9dc5;
  for (let i = 0; i < value.length; i++) {
    h ^= value.charCodeAt(i);
    h = Math.imul(h, 0x01000193) >>> 0;
  }
  return h;
}

/** The half a query (a RIA tag's name) or a source (an iLur id) belongs to: by a hash of it, odd to tune. */
export function inMlSplit(key: string, split: MlSplit): boolean {
  return (fnv1a(key) % 2 === 1) === (split === 'tune');
}

/**
 * A title for an untitled iLur body: its first sentence (up to `։`, `:` as iLur writes
 * the Armenian full stop, `.`, `!` or `?` before a space), cut at a word to
 * MADE_TITLE_CHARS characters when longer.
 */
export function madeTitle(body: string): string {
  const flat = body.replace(/\s+/gu, ' ').trim();
  const end = /[։:.!?…](?=\s|$)/u.exec(flat);
  const sentence = end ? flat.slice(0, end.index) : flat;
  const chars = Array.from(sentence);
  if (chars.length <= MADE_TITLE_CHARS) return sentence;
  const cut = chars.slice(0, MADE_TITLE_CHARS + 1).join('');
  const space = cut.lastIndexOf(' ');
  return (space > 20 ? cut.slice(0, space) : chars.slice(0, MADE_TITLE_CHARS).join('')).trim();
}

export interface EvalDatabase {
  engine: Engine;
  handle: CoreHandle;
  close(): Promise<void>;
}

/**
 * A fresh, migrated database: SQLite in memory, or on PostgreSQL a new schema of `pgUrl`
 * dropped again on close.
 */
export async function freshDatabase(engine: Engine, pgUrl: string | null): Promise<EvalDatabase> {
  if (engine === 'sqlite') {
    const handle = await openCore(loadConfig({ DATABASE_URL: ':memory:', LOG_LEVEL: 'silent' }), silentLogger);
    return { engine, handle, close: () => handle.close() };
  }
  if (pgUrl === null) throw new Error('PostgreSQL needs a URL');
  const schema = `eval_ml_${process.pid}_${Date.now()}`;
  await adminQuery(pgUrl, `CREATE SCHEMA ${schema}`);
  const drop = () => adminQuery(pgUrl, `DROP SCHEMA IF EXISTS ${schema} CASCADE`);
  try {
    const storage = openStorage({ dialect: 'postgres', url: pgUrl, poolSize: 4 }, { pgSchema: schema });
    try {
      await storage.migrate();
    } catch (err) {
      await storage.close();
      throw err;
    }
    const handle = coreOnStorage(storage, loadConfig({ DATABASE_URL: pgUrl, LOG_LEVEL: 'silent' }), silentLogger);
    return {
      engine,
      handle,
      close: async () => {
        await handle.close();
        await drop();
      },
    };
  } catch (err) {
    await drop();
    throw err;
  }
}

export interface Imported {
  summary: ImportSummary;
  /** External id → article id. */
  articleIds: Map<string, number>;
  /** Articles by detected language ('ru' 957, 'none' when not known), as `ru:957 none:3`. */
  languages: string;
  /** Articles whose language the import left unknown and this evaluation set (detectLanguage). */
  detectedHere: number;
  seconds: number;
}

/**
 * Imports JSON lines (import records) through importArticles, as `tagwire import` does.
 * With `noLanguage` the articles' language is then set to null (PostgreSQL then indexes
 * them as before the region's languages: with its English configuration); with
 * `detectLanguage` an article the import left without a language gets the one
 * detectLanguage finds, as ingest sets it (nothing to do once the import sets it itself).
 */
export async function importRecords(
  handle: CoreHandle,
  records: readonly Record<string, unknown>[],
  options: { noLanguage?: boolean; detectLanguage?: boolean } = {},
): Promise<Imported> {
  const t0 = performance.now();
  async function* lines(): AsyncIterable<string> {
    for (const r of records) yield JSON.stringify(r);
  }
  const summary = await importArticles(handle.deps, lines(), { notify: false });
  const db = handle.storage.db;
  let detectedHere = 0;
  if (options.noLanguage) await db.updateTable('articles').set({ language: null }).execute();
  else if (options.detectLanguage) {
    const unknown = await db
      .selectFrom('articles')
      .select(['id', 'title', 'body'])
      .where('language', 'is', null)
      .execute();
    const byLanguage = new Map<string, number[]>();
    for (const r of unknown) {
      const language = detectLanguage(r.title, r.body);
      if (language === null) continue;
      byLanguage.set(language, [...(byLanguage.get(language) ?? []), r.id]);
    }
    for (const [language, ids] of byLanguage)
      for (let i = 0; i < ids.length; i += 1000) {
        const chunk = ids.slice(i, i + 1000);
        await db.updateTable('articles').set({ language }).where('id', 'in', chunk).execute();
        detectedHere += chunk.length;
      }
  }
  const rows = await db.selectFrom('articles').select(['id', 'external_id', 'language']).execute();
  const articleIds = new Map<string, number>();
  const byLanguage = new Map<string, number>();
  for (const r of rows) {
    if (r.external_id !== null) articleIds.set(r.external_id, r.id);
    const language = r.language ?? 'none';
    byLanguage.set(language, (byLanguage.get(language) ?? 0) + 1);
  }
  const languages = [...byLanguage]
    .sort((a, b) => b[1] - a[1])
    .map(([l, n]) => `${l}:${n}`)
    .join(' ');
  return { summary, articleIds, languages, detectedHere, seconds: (performance.now() - t0) / 1000 };
}

/** RIA articles as import records: RIA's tags hidden, the neutral RIA_SOURCE_TAG instead. */
export const riaRecords = (articles: readonly RiaArticle[]) =>
  articles.map((a) => ({
    id: a.id,
    title: a.title,
    body: a.body,
    date: a.date,
    url: a.url,
    tags: [RIA_SOURCE_TAG],
    source: 'RIA Novosti',
  }));

/**
 * iLur articles as import records: no rubric, the neutral ILUR_SOURCE_TAG, the title made
 * from the body (madeTitle). A body longer than the importer takes (MAX_BODY_LENGTH) is
 * cut there; an empty one stays empty and the importer rejects it (no title).
 */
export const ilurRecords = (articles: readonly IlurArticle[]) =>
  articles.map((a) => ({
    id: a.id,
    title: madeTitle(a.body),
    body: Array.from(a.body).length > MAX_BODY_LENGTH ? Array.from(a.body).slice(0, MAX_BODY_LENGTH).join('') : a.body,
    tags: [ILUR_SOURCE_TAG],
    source: 'iLur.am',
  }));

/** The words of a query, lower-cased, for the OR variant of the reference ranker. */
const queryWords = (query: string) => [...new Set(query.toLowerCase().match(/[\p{L}\p{N}]+/gu) ?? [])];

/**
 * PostgreSQL's own `russian` configuration over title and body, ranked by ts_rank: the
 * articles' vectors are computed once into a table of the evaluation's schema (with a GIN
 * index); `plain` asks plainto_tsquery (every word), `or` websearch_to_tsquery of the
 * words joined by `or` (any word).
 */
export async function pgRussianReference(
  db: Kysely<Database>,
): Promise<(query: string, variant: 'plain' | 'or', depth: number) => Promise<number[]>> {
  await sql`CREATE TABLE eval_russian AS SELECT id, to_tsvector('russian', title || ' ' || body) AS v FROM articles`.execute(
    db,
  );
  await sql`CREATE INDEX eval_russian_v ON eval_russian USING GIN (v)`.execute(db);
  return async (query, variant, depth) => {
    const words = queryWords(query);
    if (words.length === 0) return [];
    const tsquery =
      variant === 'plain'
        ? sql`plainto_tsquery('russian', ${query})`
        : sql`websearch_to_tsquery('russian', ${words.join(' or ')})`;
    const rows = await sql<{ id: number }>`
      SELECT r.id FROM eval_russian r, (SELECT ${tsquery} AS q) x
      WHERE r.v @@ x.q ORDER BY ts_rank(r.v, x.q) DESC, r.id DESC LIMIT ${depth}`.execute(db);
    return rows.rows.map((r) => Number(r.id));
  };
}
