/**
 * Loads many generated articles into a database quickly, for benchmarks: the schema
 * comes from the real migrations. SQLite (bulkLoad): rows go in through prepared
 * statements in big transactions, and the search index is built once at the end (timed
 * on its own), which is how an operator would load a large archive. PostgreSQL
 * (bulkLoadPostgres): the same rows, in chunks, through COPY (bench/lib/pg-copy.ts).
 */
import { rmSync } from 'node:fs';
import SQLite from 'better-sqlite3';
import { sql, type Kysely } from 'kysely';
import type pg from 'pg';
import { summarize } from '../../src/domain/summary.ts';
import { tagKey } from '../../src/domain/tags.ts';
import { openStorage } from '../../src/storage/connect.ts';
import { createSearchStore } from '../../src/storage/search-store.ts';
import { copyIn, copyText } from './pg-copy.ts';
import type { SyntheticArticle } from './synthetic.ts';

const ID_ALPHABET = '23456789abcdefghjkmnpqrstuvwxyz';

/** A distinct six-character public id per index (a bijection, so no collisions). */
export function publicIdFor(index: number): string {
  let n = (index * 2_654_435_761) % 887_503_681; // 31^6, times a constant coprime to it
  let id = '';
  for (let i = 0; i < 6; i++) {
    id += ID_ALPHABET[n % 31];
    n = Math.floor(n / 31);
  }
  return id;
}

export interface LoadReport {
  articles: number;
  /** Seconds to insert the rows (articles, tags, links) without the full-text index. */
  loadSeconds: number;
  /** Seconds to build the search index over them. */
  indexSeconds: number;
}

/**
 * Creates a fresh database at `path` (deleting any old one) and loads `count` articles
 * from `generate`, each with its language when the generator gives one (the importer's
 * summary rules by language; null otherwise). The full-text insert triggers are set aside
 * during the load and put back afterwards, so later inserts index as usual; the index is
 * then built by the search store's rebuild(), through the same analysis (tagwire_terms)
 * as the triggers.
 */
export async function bulkLoad(
  path: string,
  count: number,
  generate: (index: number) => SyntheticArticle,
  onProgress?: (done: number) => void,
): Promise<LoadReport> {
  for (const suffix of ['', '-wal', '-shm']) rmSync(`${path}${suffix}`, { force: true });
  const storage = openStorage({ dialect: 'sqlite', path });
  await storage.migrate();
  await storage.close();

  const db = new SQLite(path);
  db.pragma('journal_mode = WAL');
  db.pragma('synchronous = OFF');
  db.pragma('cache_size = -262144');
  // The full-text insert triggers are set aside: the indexes are built once, at the end.
  const triggers = db
    .prepare<[], { name: string; sql: string }>(
      "SELECT name, sql FROM sqlite_master WHERE type = 'trigger' AND name = 'articles_fts_insert'",
    )
    .all();
  if (triggers.length !== 1) throw new Error('the full-text insert trigger is missing');
  for (const t of triggers) db.exec(`DROP TRIGGER ${t.name}`);

  const insertTag = db.prepare(
    'INSERT INTO tags (key, name, created_at) VALUES (?, ?, 0) ON CONFLICT (key) DO NOTHING',
  );
  const findTag = db.prepare<[string], { id: number }>('SELECT id FROM tags WHERE key = ?');
  const insertArticle =
    db.prepare(`INSERT INTO articles (id, public_id, external_id, title, body, summary, url, source, published_at, date_given, created_at, posted_by, language)
    VALUES (?, ?, ?, ?, ?, ?, NULL, 'bench', ?, 1, ?, 'bench', ?)`);
  const insertLink = db.prepare('INSERT OR IGNORE INTO article_tags (article_id, tag_id, position) VALUES (?, ?, ?)');
  const tagIds = new Map<string, number>();
  const tagId = (name: string): number => {
    const key = tagKey(name);
    let id = tagIds.get(key);
    if (id === undefined) {
      insertTag.run(key, name);
      id = findTag.get(key)?.id ?? 0;
      tagIds.set(key, id);
    }
    return id;
  };

  const started = performance.now();
  const batch = 10_000;
  for (let from = 0; from < count; from += batch) {
    db.transaction(() => {
      for (let i = from; i < Math.min(count, from + batch); i++) {
        const a = generate(i);
        const id = i + 1;
        insertArticle.run(
          id,
          publicIdFor(i),
          a.externalId,
          a.title,
          a.body,
          summarize(a.body, a.title, undefined, a.language),
          a.publishedAt,
          a.publishedAt,
          a.language ?? null,
        );
        a.tags.forEach((name, position) => insertLink.run(id, tagId(name), position));
      }
    })();
    onProgress?.(Math.min(count, from + batch));
  }
  const loaded = performance.now();
  for (const t of triggers) db.exec(t.sql);
  db.close();

  const indexStorage = openStorage({ dialect: 'sqlite', path });
  await createSearchStore(indexStorage.db).rebuild();
  await indexStorage.close();
  const indexed = performance.now();
  return { articles: count, loadSeconds: (loaded - started) / 1000, indexSeconds: (indexed - loaded) / 1000 };
}

/**
 * Loads `count` articles from `generate` into the (migrated, empty) PostgreSQL schema of
 * `db` with COPY over `client` (its search_path the same schema), CHUNK articles at a
 * time: tags, articles, their tags; the same rows as bulkLoad gives SQLite (ids, public
 * ids, summaries, languages; at most 20 tags each, repeated tags once). The generated
 * tsvector and its GIN index, and tag_stats (a per-statement trigger), are kept as the
 * rows go in. Then the sequences are moved past the rows and the schema is vacuumed and
 * analyzed (`indexSeconds`).
 */
export async function bulkLoadPostgres(
  db: Kysely<never>,
  client: pg.PoolClient | pg.Client,
  count: number,
  generate: (index: number) => SyntheticArticle,
  onProgress?: (done: number) => void,
): Promise<LoadReport> {
  const started = performance.now();
  const tagIds = new Map<string, number>();
  const tagRows: (string | number)[][] = [];
  const chunk = 50_000;
  for (let from = 0; from < count; from += chunk) {
    const articles: (string | number | null)[][] = [];
    const links: number[][] = [];
    for (let i = from; i < Math.min(count, from + chunk); i++) {
      const a = generate(i);
      articles.push([
        i + 1,
        publicIdFor(i),
        a.externalId,
        a.title,
        a.body,
        summarize(a.body, a.title, undefined, a.language),
        'bench',
        a.publishedAt,
        1,
        a.publishedAt,
        'bench',
        a.language ?? null,
      ]);
      const seen = new Set<number>();
      for (const name of a.tags.slice(0, 20)) {
        const key = tagKey(name);
        let id = tagIds.get(key);
        if (id === undefined) {
          id = tagIds.size + 1;
          tagIds.set(key, id);
          tagRows.push([id, key, name, 0]);
        }
        if (!seen.has(id)) links.push([i + 1, id, seen.size]);
        seen.add(id);
      }
    }
    if (tagRows.length > 0)
      await copyIn(client, 'COPY tags (id, key, name, created_at) FROM STDIN', copyText(tagRows.splice(0)));
    await copyIn(
      client,
      'COPY articles (id, public_id, external_id, title, body, summary, source, published_at, date_given, created_at, posted_by, language) FROM STDIN',
      copyText(articles),
    );
    await copyIn(client, 'COPY article_tags (article_id, tag_id, position) FROM STDIN', copyText(links));
    onProgress?.(Math.min(count, from + chunk));
  }
  await sql`SELECT setval(pg_get_serial_sequence('articles', 'id'), ${Math.max(1, count)})`.execute(db);
  await sql`SELECT setval(pg_get_serial_sequence('tags', 'id'), ${Math.max(1, tagIds.size)})`.execute(db);
  const loaded = performance.now();
  await sql`VACUUM ANALYZE`.execute(db);
  const analyzed = performance.now();
  return { articles: count, loadSeconds: (loaded - started) / 1000, indexSeconds: (analyzed - loaded) / 1000 };
}
