import { sql, type Kysely, type RawBuilder, type SqlBool } from 'kysely';
import { STOP_WORDS } from '../domain/stopwords.ts';
import type { SearchQuery } from '../domain/search-query.ts';
import type { Database } from './schema.ts';

/** Marks the start and end of a matched word in snippets; never present in stored text. */
export const HIT_START = '\u0001';
export const HIT_END = '\u0002';

/** Title matches count this many times a body match in BM25. */
export const TITLE_WEIGHT = 4;

export interface SearchHit {
  id: number;
  score: number;
  /** Text around the match with HIT_START/HIT_END around matched words; null when no text was searched. */
  snippet: string | null;
}

export interface SearchRequest {
  query: SearchQuery;
  /** Resolved ids of the query's tags; an unknown tag means no results, so the caller stops before this. */
  tagIds: number[];
  limit: number;
  offset: number;
  /** Leave out this article (related articles). */
  excludeId?: number;
}

export interface SearchStore {
  search(request: SearchRequest): Promise<SearchHit[]>;
  /** Articles matching any of the terms, best BM25 first, for related-article candidates. */
  matchAny(terms: readonly string[], limit: number, excludeId: number): Promise<{ id: number; score: number }[]>;
}

const quote = (word: string) => `"${word.replace(/"/gu, '""')}"`;

/** The FTS5 MATCH expression for the query's text, or null when it has no words. */
export function ftsMatchExpression(q: SearchQuery): string | null {
  const meaningful = q.terms.filter((t) => !STOP_WORDS.has(t));
  const terms = [...new Set(meaningful.length > 0 ? meaningful : q.terms)];
  const parts: string[] = [];
  if (terms.length > 0) parts.push(`(${terms.map(quote).join(' OR ')})`);
  for (const phrase of q.phrases) parts.push(quote(phrase.join(' ')));
  return parts.length > 0 ? parts.join(' AND ') : null;
}

export function createSearchStore(db: Kysely<Database>): SearchStore {
  const filters = (req: SearchRequest): RawBuilder<SqlBool>[] => {
    const where: RawBuilder<SqlBool>[] = [];
    for (const tagId of req.tagIds) {
      where.push(sql<SqlBool>`a.id IN (SELECT article_id FROM article_tags WHERE tag_id = ${tagId})`);
    }
    if (req.query.since) where.push(sql<SqlBool>`a.published_at >= ${req.query.since.getTime()}`);
    if (req.query.until) where.push(sql<SqlBool>`a.published_at <= ${req.query.until.getTime()}`);
    if (req.query.excluded.length > 0) {
      const excluded = req.query.excluded.map(quote).join(' OR ');
      where.push(sql<SqlBool>`a.id NOT IN (SELECT rowid FROM articles_fts WHERE articles_fts MATCH ${excluded})`);
    }
    if (req.excludeId !== undefined) where.push(sql<SqlBool>`a.id <> ${req.excludeId}`);
    return where;
  };

  return {
    async search(req) {
      const match = ftsMatchExpression(req.query);
      const where = filters(req);
      const conditions = where.length > 0 ? sql`AND ${sql.join(where, sql` AND `)}` : sql``;
      if (match === null) {
        const rows = await sql<{ id: number }>`
          SELECT a.id FROM articles a WHERE 1 = 1 ${conditions}
          ORDER BY a.published_at DESC, a.id DESC LIMIT ${req.limit} OFFSET ${req.offset}`.execute(db);
        return rows.rows.map((r) => ({ id: r.id, score: 0, snippet: null }));
      }
      const order = req.query.sort === 'date' ? sql`a.published_at DESC, a.id DESC` : sql`score DESC, a.published_at DESC`;
      const rows = await sql<{ id: number; score: number; snippet: string }>`
        SELECT a.id, -bm25(articles_fts, ${TITLE_WEIGHT}, 1.0) AS score,
               snippet(articles_fts, -1, ${HIT_START}, ${HIT_END}, '…', 16) AS snippet
        FROM articles_fts JOIN articles a ON a.id = articles_fts.rowid
        WHERE articles_fts MATCH ${match} ${conditions}
        ORDER BY ${order} LIMIT ${req.limit} OFFSET ${req.offset}`.execute(db);
      return rows.rows.map((r) => ({ id: r.id, score: Number(r.score), snippet: r.snippet }));
    },
    async matchAny(terms, limit, excludeId) {
      if (terms.length === 0) return [];
      const match = terms.map(quote).join(' OR ');
      const rows = await sql<{ id: number; score: number }>`
        SELECT rowid AS id, -bm25(articles_fts, ${TITLE_WEIGHT}, 1.0) AS score FROM articles_fts
        WHERE articles_fts MATCH ${match} AND rowid <> ${excludeId}
        ORDER BY bm25(articles_fts, ${TITLE_WEIGHT}, 1.0) LIMIT ${limit}`.execute(db);
      return rows.rows.map((r) => ({ id: r.id, score: Number(r.score) }));
    },
  };
}
