import { PostgresAdapter, sql, type Kysely, type RawBuilder, type SqlBool } from 'kysely';
import type { Database } from './schema.ts';

import { analysedText, indexTerm, stemVariants, tokenize } from '../domain/tokenize.ts';
import { meaningful } from '../domain/search-query.ts';
import { codePointLength } from '../domain/text.ts';
import { selectIds } from './statement-cache.ts';
import { utf8Text } from './utf8-text.ts';

export { HIT_END, HIT_START } from '../domain/tokenize.ts';

/** Characters of a body read for ranking and snippets: news puts what matters first. */
export const SCAN_CHARS = 4_000;
/** Newest articles read for collection statistics (average lengths, common words). */
const SAMPLE_SIZE = 2_000;
const STATS_MAX_AGE_MS = 10 * 60_000;
/** A bigger archive keeps its statistics until it grows by this share (or they age out). */
const STATS_GROWTH = 0.05;
const SMALL_ARCHIVE = 10_000;

/** Statistics of the archive from a sample of its newest articles. */
export interface CollectionStats {
  /** The archive size (highest id) when computed. */
  articles: number;
  sampleSize: number;
  avgTitleChars: number;
  avgBodyChars: number;
  /** Index term → sampled articles containing it. */
  sampleFrequency: Map<string, number>;
  /** Index term → its most frequent spelling in the sample (for "did you mean"). */
  spelling: Map<string, string>;
  computedAt: number;
}

/**
 * What a text match requires. Words are index tokens as typed (folded, not stemmed: the
 * index stems them the same way). Every query the search runs is one of these, newest
 * first and bounded, so no query reads more than `limit` rows of a posting list however
 * common its words are.
 */
export interface TextMatch {
  /** Every one of these words. */
  all: readonly string[];
  /** Every one of these phrases (words in order, adjacent). */
  phrases: readonly (readonly string[])[];
  /** None of these words. */
  excluded: readonly string[];
}

export interface IdWindow {
  /** Only ids strictly below / above these. */
  below?: number | undefined;
  above?: number | undefined;
}

export interface MatchOptions extends IdWindow {
  limit: number;
  /** newest: highest ids first (the default); oldest: lowest first (with `above`, the nearest after). */
  order?: 'newest' | 'oldest';
  /** Match titles only (single words: the title index keeps no positions). */
  titleOnly?: boolean;
  /**
   * Phrases may be read loosely: on SQLite, a phrase with stop words in it as its other
   * words near each other in any order (FTS5's NEAR, within as many words as the phrase
   * has between them), which reads none of the stop words' posting lists. A superset of
   * the phrase's articles: the caller checks which hold it. PostgreSQL reads phrases
   * exactly either way (its tsquery leaves stop words out and keeps their places).
   */
  loosePhrases?: boolean;
}

/** The part of an article the ranker reads. */
export interface SearchDocument {
  id: number;
  title: string;
  /** The body's first `bodyChars` characters. */
  body: string;
  /** The whole body's length in characters. */
  bodyLength: number;
  publishedAt: number;
  /** The article's language (ISO 639-1), null when not known. */
  language: string | null;
}

export interface SearchStore {
  /** Ids of articles matching `match`, by id (newest first unless `order` says otherwise). */
  matchIds(match: TextMatch, options: MatchOptions): Promise<number[]>;
  /** The articles' text for ranking, in the order of `ids`. */
  documents(ids: readonly number[], bodyChars: number): Promise<SearchDocument[]>;
  /**
   * Collection statistics from the newest SAMPLE_SIZE articles, kept until they are
   * STATS_MAX_AGE_MS old or the archive grew by STATS_GROWTH (any change, when small).
   */
  statistics(): Promise<CollectionStats>;
  /** The highest article id: the archive's size, give or take deletions, at no cost. */
  maxId(): Promise<number>;
  /** Articles per tag (from tag_stats, kept by triggers). */
  tagCounts(tagIds: readonly number[]): Promise<Map<number, number>>;
  /** Of `ids`, those carrying every tag in `tagIds`. */
  withTags(ids: readonly number[], tagIds: readonly number[]): Promise<Set<number>>;
  /** (article, tag) pairs for the given articles and tags. */
  tagLinks(ids: readonly number[], tagIds: readonly number[]): Promise<{ articleId: number; tagId: number }[]>;
  /** Ids of articles carrying every tag, by id (drives from the first tag: pass the rarest first). */
  taggedIds(tagIds: readonly number[], options: MatchOptions): Promise<number[]>;
  /** Lowest and highest id of the articles published in a range, when at most `maxCount` are. */
  idRangeForDates(
    since: number | null,
    until: number | null,
    maxCount: number,
  ): Promise<{ minId: number; maxId: number } | null>;
  /** Newest first by publication time: the list for a query with filters and no words. */
  newest(
    filter: {
      tagIds: readonly number[];
      since: number | null;
      until: number | null;
      language: string | null;
      driveByTag: boolean;
    },
    limit: number,
    offset: number,
  ): Promise<number[]>;
  /** Tags on at least one article, with their article counts: for suggestions. */
  knownTags(): Promise<{ id: number; name: string; key: string; articles: number }[]>;
  /** Rebuilds the full-text indexes from the articles (after a bulk load) and merges them. */
  rebuild(): Promise<void>;
}

/**
 * An FTS5 string of index terms: the index holds analysed text (migration 0013), so a
 * folded word is asked for by its stem, a phrase by its words' stems in order.
 */
const quote = (words: string) => `"${analysedText(words).replace(/"/gu, '""')}"`;
/** A word as any of its stems (a Russian word's cases, stemVariants): one quoted term, or an OR of them. */
function wordTerm(word: string): string {
  const stems = stemVariants(word);
  return stems.length === 1 ? quote(word) : `(${stems.map((stem) => `"${stem.replace(/"/gu, '""')}"`).join(' OR ')})`;
}

/**
 * A phrase: its words in order; loosely, when stop words lie among at least two other
 * words, those others near each other (MatchOptions.loosePhrases).
 */
function phraseTerm(words: readonly string[], loose: boolean): string {
  const kept = loose ? words.flatMap((word, i) => (meaningful(word) ? [i] : [])) : [];
  const first = kept[0];
  const last = kept[kept.length - 1];
  if (first === undefined || last === undefined || kept.length < 2 || kept.length === words.length)
    return quote(words.join(' '));
  return `NEAR(${kept.map((i) => quote(words[i] ?? '')).join(' ')}, ${last - first - 1})`;
}

/** The FTS5 MATCH expression for a TextMatch; null when it requires nothing. */
export function ftsExpression(match: TextMatch, loosePhrases = false): string | null {
  const required = [
    ...match.all.map(wordTerm),
    ...match.phrases.filter((p) => p.length > 0).map((p) => phraseTerm(p, loosePhrases)),
  ];
  if (required.length === 0) return null;
  const positive = required.join(' AND ');
  return match.excluded.length > 0 ? `(${positive}) NOT (${match.excluded.map(wordTerm).join(' OR ')})` : positive;
}

const idList = (ids: readonly number[]) => sql.join(ids.map((id) => sql`${id}`));

// Id bounds are cast: a JavaScript number is bound as a REAL, and FTS5 then cannot seek
// to the bound (it reads the posting list from its end: 20 times slower at 1M articles).
function windowConditions(column: RawBuilder<unknown>, window: IdWindow): RawBuilder<SqlBool>[] {
  const where: RawBuilder<SqlBool>[] = [];
  if (window.below !== undefined) where.push(sql<SqlBool>`${column} < CAST(${window.below} AS INTEGER)`);
  if (window.above !== undefined) where.push(sql<SqlBool>`${column} > CAST(${window.above} AS INTEGER)`);
  return where;
}

const and = (conditions: RawBuilder<SqlBool>[]) =>
  conditions.length > 0 ? sql`AND ${sql.join(conditions, sql` AND `)}` : sql``;

/** Average lengths and word frequencies of sampled articles. */
function summarize(
  sample: readonly { title: string; body: string; body_length: number }[],
): Omit<CollectionStats, 'articles' | 'computedAt'> {
  const sampleFrequency = new Map<string, number>();
  const spellings = new Map<string, Map<string, number>>();
  let titleChars = 0;
  let bodyChars = 0;
  for (const doc of sample) {
    titleChars += doc.title.length;
    bodyChars += Number(doc.body_length);
    const seen = new Set<string>();
    for (const token of tokenize(`${doc.title}\n${doc.body}`)) {
      const stem = indexTerm(token.text);
      const forms = spellings.get(stem) ?? new Map<string, number>();
      forms.set(token.text, (forms.get(token.text) ?? 0) + 1);
      spellings.set(stem, forms);
      if (seen.has(stem)) continue;
      seen.add(stem);
      sampleFrequency.set(stem, (sampleFrequency.get(stem) ?? 0) + 1);
    }
  }
  const spelling = new Map(
    [...spellings].map(([stem, forms]) => [stem, [...forms].sort((a, b) => b[1] - a[1])[0]?.[0] ?? stem]),
  );
  const n = Math.max(1, sample.length);
  return {
    sampleSize: sample.length,
    avgTitleChars: Math.max(1, titleChars / n),
    avgBodyChars: Math.max(1, bodyChars / n),
    sampleFrequency,
    spelling,
  };
}

/** Search on SQLite: FTS5 tables kept by triggers (migrations/0002_search.ts); PostgreSQL has ./search-store-postgres.ts. */
export function createSearchStore(db: Kysely<Database>): SearchStore {
  // The start of a body; on SQLite as bytes when not English (or unknown: older English
  // archives), made a string by utf8Text. PostgreSQL sends text.
  const bodyAs = (chars: number): RawBuilder<string | Buffer> =>
    db.getExecutor().adapter instanceof PostgresAdapter
      ? sql`substr(body, 1, ${chars})`
      : sql`CASE WHEN language IS NULL OR language = 'en' THEN substr(body, 1, ${chars})
          ELSE CAST(substr(body, 1, ${chars}) AS BLOB) END`;
  const textOf = (body: string | Buffer | null): string => (typeof body === 'string' ? body : utf8Text(body));
  let stats: CollectionStats | null = null;
  const maxId = async () =>
    Number((await sql<{ id: number | null }>`SELECT max(id) AS id FROM articles`.execute(db)).rows[0]?.id ?? 0);

  return {
    async matchIds(match, options) {
      const expression = ftsExpression(match, options.loosePhrases);
      if (expression === null) return [];
      const table = options.titleOnly ? sql.raw('articles_title_fts') : sql.raw('articles_fts');
      const direction = options.order === 'oldest' ? sql`ASC` : sql`DESC`;
      return selectIds(
        db,
        sql`SELECT rowid AS id FROM ${table} WHERE ${table} MATCH ${expression} ${and(windowConditions(sql`rowid`, options))}
        ORDER BY rowid ${direction} LIMIT ${options.limit}`,
      );
    },

    async documents(ids, bodyChars) {
      if (ids.length === 0) return [];
      const rows = await sql<{
        id: number;
        title: string;
        body: string | Buffer | null;
        /** Null for a body of at most `bodyChars` bytes: read whole, so counted here (no second pass of length()). */
        body_length: number | null;
        published_at: number;
        language: string | null;
      }>`
        SELECT id, title, ${bodyAs(bodyChars)} AS body, CASE WHEN octet_length(body) <= ${bodyChars} THEN NULL
          ELSE length(body) END AS body_length, published_at, language
        FROM articles WHERE id IN (${idList(ids)})`.execute(db);
      const byId = new Map(rows.rows.map((r) => [Number(r.id), r]));
      return ids.flatMap((id) => {
        const r = byId.get(id);
        if (!r) return [];
        const body = textOf(r.body);
        return [
          {
            id,
            title: r.title,
            body,
            bodyLength: r.body_length === null ? codePointLength(body) : Number(r.body_length),
            publishedAt: Number(r.published_at),
            language: r.language,
          },
        ];
      });
    },

    async statistics() {
      const articles = await maxId();
      const now = Date.now();
      if (
        stats &&
        now - stats.computedAt < STATS_MAX_AGE_MS &&
        (stats.articles === articles ||
          (articles >= SMALL_ARCHIVE && Math.abs(articles - stats.articles) <= STATS_GROWTH * stats.articles))
      )
        return stats;
      const rows = await sql<{ title: string; body: string | Buffer | null; body_length: number }>`
        SELECT title, ${bodyAs(SCAN_CHARS)} AS body, length(body) AS body_length
        FROM articles ORDER BY id DESC LIMIT ${SAMPLE_SIZE}`.execute(db);
      const sample = rows.rows.map((r) => ({ ...r, body: textOf(r.body) }));
      stats = { ...summarize(sample), articles, computedAt: now };
      return stats;
    },

    maxId,

    async tagCounts(tagIds) {
      if (tagIds.length === 0) return new Map();
      const rows = await sql<{ tag_id: number; articles: number }>`
        SELECT tag_id, articles FROM tag_stats WHERE tag_id IN (${idList(tagIds)})`.execute(db);
      const counts = new Map(tagIds.map((id) => [id, 0]));
      for (const r of rows.rows) counts.set(Number(r.tag_id), Number(r.articles));
      return counts;
    },

    async withTags(ids, tagIds) {
      if (ids.length === 0 || tagIds.length === 0) return new Set(ids);
      const rows = await sql<{ article_id: number }>`
        SELECT article_id FROM article_tags WHERE tag_id IN (${idList(tagIds)}) AND article_id IN (${idList(ids)})
        GROUP BY article_id HAVING count(*) = ${tagIds.length}`.execute(db);
      return new Set(rows.rows.map((r) => Number(r.article_id)));
    },

    async tagLinks(ids, tagIds) {
      if (ids.length === 0 || tagIds.length === 0) return [];
      const rows = await sql<{ article_id: number; tag_id: number }>`
        SELECT article_id, tag_id FROM article_tags WHERE article_id IN (${idList(ids)}) AND tag_id IN (${idList(tagIds)})`.execute(
        db,
      );
      return rows.rows.map((r) => ({ articleId: Number(r.article_id), tagId: Number(r.tag_id) }));
    },

    async taggedIds(tagIds, options) {
      const [first, ...others] = tagIds;
      if (first === undefined) return [];
      const where = [
        ...windowConditions(sql`t.article_id`, options),
        ...others.map(
          (tagId) =>
            sql<SqlBool>`EXISTS (SELECT 1 FROM article_tags o WHERE o.article_id = t.article_id AND o.tag_id = ${tagId})`,
        ),
      ];
      const direction = options.order === 'oldest' ? sql`ASC` : sql`DESC`;
      return selectIds(
        db,
        sql`SELECT t.article_id AS id FROM article_tags t WHERE t.tag_id = ${first} ${and(where)}
        ORDER BY t.article_id ${direction} LIMIT ${options.limit}`,
      );
    },

    async idRangeForDates(since, until, maxCount) {
      const where = [
        ...(since === null ? [] : [sql<SqlBool>`published_at >= ${since}`]),
        ...(until === null ? [] : [sql<SqlBool>`published_at <= ${until}`]),
      ];
      if (where.length === 0) return null;
      const conditions = sql.join(where, sql` AND `);
      const counted = await sql<{
        n: number;
      }>`SELECT count(*) AS n FROM (SELECT 1 FROM articles WHERE ${conditions} LIMIT ${maxCount + 1}) x`.execute(db);
      if (Number(counted.rows[0]?.n ?? 0) > maxCount) return null;
      const row = (
        await sql<{
          lo: number | null;
          hi: number | null;
        }>`SELECT min(id) AS lo, max(id) AS hi FROM articles WHERE ${conditions}`.execute(db)
      ).rows[0];
      return row?.lo == null || row.hi == null
        ? { minId: 1, maxId: 0 }
        : { minId: Number(row.lo), maxId: Number(row.hi) };
    },

    async newest(filter, limit, offset) {
      const dates = [
        ...(filter.since === null ? [] : [sql<SqlBool>`a.published_at >= ${filter.since}`]),
        ...(filter.until === null ? [] : [sql<SqlBool>`a.published_at <= ${filter.until}`]),
        ...(filter.language === null ? [] : [sql<SqlBool>`a.language = ${filter.language}`]),
      ];
      const [first, ...others] = filter.tagIds;
      if (first !== undefined && filter.driveByTag) {
        // A small tag: read its articles and sort them (CROSS JOIN keeps article_tags outside).
        const rest = others.map(
          (tagId) =>
            sql<SqlBool>`EXISTS (SELECT 1 FROM article_tags o WHERE o.article_id = a.id AND o.tag_id = ${tagId})`,
        );
        const rows = await sql<{ id: number }>`
          SELECT a.id FROM article_tags t CROSS JOIN articles a ON a.id = t.article_id
          WHERE t.tag_id = ${first} ${and([...rest, ...dates])}
          ORDER BY a.published_at DESC, a.id DESC LIMIT ${limit} OFFSET ${offset}`.execute(db);
        return rows.rows.map((r) => Number(r.id));
      }
      // No tag, or a common one: walk the articles newest first and keep those with the tags.
      const tags = filter.tagIds.map(
        (tagId) =>
          sql<SqlBool>`EXISTS (SELECT 1 FROM article_tags o WHERE o.article_id = a.id AND o.tag_id = ${tagId})`,
      );
      const rows = await sql<{ id: number }>`
        SELECT a.id FROM articles a WHERE 1 = 1 ${and([...tags, ...dates])}
        ORDER BY a.published_at DESC, a.id DESC LIMIT ${limit} OFFSET ${offset}`.execute(db);
      return rows.rows.map((r) => Number(r.id));
    },

    async knownTags() {
      const rows = await sql<{ id: number; name: string; key: string; articles: number }>`
        SELECT t.id, t.name, t.key, s.articles FROM tags t JOIN tag_stats s ON s.tag_id = t.id WHERE s.articles > 0`.execute(
        db,
      );
      return rows.rows.map((r) => ({ id: Number(r.id), name: r.name, key: r.key, articles: Number(r.articles) }));
    },

    async rebuild() {
      // The indexes are contentless (migration 0013): emptied, then filled with each article's analysed text.
      await sql`INSERT INTO articles_fts (articles_fts) VALUES ('delete-all')`.execute(db);
      await sql`INSERT INTO articles_title_fts (articles_title_fts) VALUES ('delete-all')`.execute(db);
      await sql`INSERT INTO articles_fts (rowid, title, body)
        SELECT id, tagwire_terms(title), tagwire_terms(body) FROM articles`.execute(db);
      await sql`INSERT INTO articles_title_fts (rowid, title) SELECT id, tagwire_terms(title) FROM articles`.execute(
        db,
      );
      for (const table of ['articles_fts', 'articles_title_fts'])
        await sql`INSERT INTO ${sql.raw(table)} (${sql.raw(table)}) VALUES ('optimize')`.execute(db);
      await sql`DELETE FROM tag_stats`.execute(db);
      await sql`INSERT INTO tag_stats (tag_id, articles) SELECT tag_id, count(*) FROM article_tags GROUP BY tag_id`.execute(
        db,
      );
    },
  };
}
