/**
 * Simple rankers the evaluation compares ours against, written the way a first version
 * would be: plain SQL, no candidate bounds, no tuning.
 */
import { sql, type Kysely } from 'kysely';
import { STOP_WORDS } from '../../src/domain/stopwords.ts';
import { analysedText, tokenize } from '../../src/domain/tokenize.ts';
import type { Database } from '../../src/storage/schema.ts';

/** A word as the index holds it (its index term: the index stores analysed text, migration 0013), quoted. */
const quote = (word: string) => `"${analysedText(word).replace(/"/gu, '""')}"`;

/** Related by tag overlap alone: most shared tags first, then closest in time. */
export async function relatedByTagOverlap(
  db: Kysely<Database>,
  sourceId: number,
  publishedAt: number,
  limit: number,
): Promise<number[]> {
  const rows = await sql<{ id: number }>`
    SELECT t.article_id AS id FROM article_tags t JOIN articles a ON a.id = t.article_id
    WHERE t.tag_id IN (SELECT tag_id FROM article_tags WHERE article_id = ${sourceId}) AND t.article_id <> ${sourceId}
    GROUP BY t.article_id ORDER BY count(*) DESC, abs(a.published_at - ${publishedAt}) ASC, t.article_id DESC LIMIT ${limit}`.execute(
    db,
  );
  return rows.rows.map((r) => Number(r.id));
}

/** The article's most frequent words (no stop words, no numbers): a text query standing for it. */
export function frequentWords(title: string, body: string, count: number): string[] {
  const tf = new Map<string, number>();
  for (const t of tokenize(`${title}\n${body}`)) {
    if (STOP_WORDS.has(t.text) || t.text.length < 3 || /^\d+$/u.test(t.text)) continue;
    tf.set(t.text, (tf.get(t.text) ?? 0) + 1);
  }
  return [...tf]
    .sort((a, b) => b[1] - a[1] || a[0].localeCompare(b[0]))
    .slice(0, count)
    .map(([w]) => w);
}

/** Related by text alone: FTS5's own BM25 for the source's 20 most frequent words. */
export async function relatedByText(
  db: Kysely<Database>,
  sourceId: number,
  title: string,
  body: string,
  limit: number,
): Promise<number[]> {
  const words = frequentWords(title, body, 20);
  if (words.length === 0) return [];
  const rows = await sql<{ id: number }>`
    SELECT rowid AS id FROM articles_fts WHERE articles_fts MATCH ${words.map(quote).join(' OR ')} AND rowid <> ${sourceId}
    ORDER BY bm25(articles_fts) LIMIT ${limit}`.execute(db);
  return rows.rows.map((r) => Number(r.id));
}

/** Search by text alone: FTS5's BM25 (title and body weighted alike) over any of the words. */
export async function searchPlainBm25(
  db: Kysely<Database>,
  words: readonly string[],
  limit: number,
): Promise<number[]> {
  if (words.length === 0) return [];
  const rows = await sql<{ id: number }>`
    SELECT rowid AS id FROM articles_fts WHERE articles_fts MATCH ${words.map(quote).join(' OR ')}
    ORDER BY bm25(articles_fts) LIMIT ${limit}`.execute(db);
  return rows.rows.map((r) => Number(r.id));
}

/** Search by tags alone: articles with a tag named by one of the words, newest first. */
export async function searchByTagName(
  db: Kysely<Database>,
  words: readonly string[],
  limit: number,
): Promise<number[]> {
  if (words.length === 0) return [];
  const rows = await sql<{ id: number }>`
    SELECT DISTINCT a.id, a.published_at FROM articles a JOIN article_tags t ON t.article_id = a.id JOIN tags g ON g.id = t.tag_id
    WHERE g.key IN (${sql.join(words.map((w) => sql`${w}`))}) ORDER BY a.published_at DESC, a.id DESC LIMIT ${limit}`.execute(
    db,
  );
  return rows.rows.map((r) => Number(r.id));
}

/** The naive scan: every word somewhere in the title or body (LIKE '%word%'), newest first. */
export async function searchLike(db: Kysely<Database>, words: readonly string[], limit: number): Promise<number[]> {
  if (words.length === 0) return [];
  const conditions = words.map((w) => sql`(a.title LIKE ${`%${w}%`} OR a.body LIKE ${`%${w}%`})`);
  const rows = await sql<{ id: number }>`
    SELECT a.id FROM articles a WHERE ${sql.join(conditions, sql` AND `)} ORDER BY a.published_at DESC, a.id DESC LIMIT ${limit}`.execute(
    db,
  );
  return rows.rows.map((r) => Number(r.id));
}
