import { sql, type Kysely, type RawBuilder, type SqlBool } from 'kysely';
import type { Database } from './schema.ts';
import { snowballStem } from '../domain/stop-stems.ts';
import { hasPhrase, indexTerm, stemVariants, termMatcher } from '../domain/tokenize.ts';
import {
  createSearchStore,
  type IdWindow,
  type MatchOptions,
  type SearchStore,
  type TextMatch,
} from './search-store.ts';

/*
 * The search store on PostgreSQL. The archive's text index is the `search` tsvector
 * column of articles (migrations 0001, 0005 and 0013: title weighted 'A', body 'B',
 * each article analysed with its language's configuration, accents folded, `ё`, `և` and
 * the Armenian marks folded as the application folds them) with its GIN index. Only the
 * text match and the index upkeep differ from SQLite; every other query of the store is
 * plain SQL both engines run, so those are the shared ones.
 */

/** The configuration of English and of every language without its own (migration 0005). */
export const TEXT_SEARCH_CONFIG = 'tagwire_english';
/** The configurations of the articles in Russian and in Armenian (migration 0013). */
const RUSSIAN_CONFIG = 'tagwire_russian';
const ARMENIAN_CONFIG = 'tagwire_armenian';

/**
 * The configuration a query's words are parsed with, by their script (a query is too
 * short to tell its language): Cyrillic words by the Russian one, Armenian by the
 * Armenian one, the rest by the English one. Each of them stems ASCII words as the
 * English one does, so a query mixing scripts finds its English words in any article.
 */
function configFor(text: string): RawBuilder<unknown> {
  if (/\p{Script=Cyrillic}/u.test(text)) return sql.lit(RUSSIAN_CONFIG);
  if (/\p{Script=Armenian}/u.test(text)) return sql.lit(ARMENIAN_CONFIG);
  return sql.lit(TEXT_SEARCH_CONFIG);
}

/** Candidates read per round when the index alone cannot decide a match. */
const MIN_CHECK_BATCH = 100;

type Part = { kind: 'word' | 'phrase' | 'excluded'; text: string; words: readonly string[] };

const parsed = (part: Part, config: RawBuilder<unknown>) =>
  part.kind === 'phrase'
    ? sql`phraseto_tsquery(${config}, ${part.text})`
    : sql`plainto_tsquery(${config}, ${part.text})`;

/** A part parsed by its script's configuration: what tells whether it holds only stop words. */
const partQuery = (part: Part) => parsed(part, configFor(part.text));

/**
 * A part as the index is asked for it. Words in Cyrillic or Armenian are asked for in
 * both their language's form and the English configuration's (the word as written,
 * folded): an article whose language was not known, or is another language in the same
 * script, was indexed with the English configuration, which leaves those words whole.
 */
function indexQuery(part: Part): RawBuilder<unknown> {
  if (!/[\p{Script=Cyrillic}\p{Script=Armenian}]/u.test(part.text)) return partQuery(part);
  // A Russian word is also asked for by its other cases' stems (stemVariants): Snowball stems names unevenly.
  // PostgreSQL's lexemes are Snowball's stems, without the mark of a stem kept apart from the stop words'.
  const variants = part.kind === 'phrase' ? [] : part.words.flatMap((w) => stemVariants(w).slice(1).map(snowballStem));
  const lexemes = variants.map((v) => `'${v.replace(/'/gu, "''")}'`).join(' | ');
  return sql`(${partQuery(part)} || ${parsed(part, sql.lit(TEXT_SEARCH_CONFIG))}${
    lexemes === '' ? sql`` : sql` || ${lexemes}::tsquery`
  })`;
}

const LEXEME = "('(?:[^']|'')*')";
const weighted = (part: Part, weight: 'A' | 'B') =>
  sql`regexp_replace(${indexQuery(part)}::text, ${LEXEME}, ${`\\1:${weight}`}, 'g')::tsquery`;
/**
 * A part as a query of the `search` column. A phrase must lie within the title (weight
 * 'A') or within the body ('B'): the column joins the two, the title's last word next to
 * the body's first, where SQLite's index keeps them apart.
 */
const searchQuery = (part: Part) =>
  part.kind === 'phrase' ? sql`(${weighted(part, 'A')} || ${weighted(part, 'B')})` : indexQuery(part);

/** The parts of a TextMatch: its words and phrases (as text), and the excluded words. */
function partsOf(match: TextMatch): Part[] {
  return [
    ...match.all.map((text): Part => ({ kind: 'word', text, words: [text] })),
    ...match.phrases.filter((p) => p.length > 0).map((p): Part => ({ kind: 'phrase', text: p.join(' '), words: p })),
    ...match.excluded.map((text): Part => ({ kind: 'excluded', text, words: [text] })),
  ];
}

const escapeRegex = (text: string) => text.replace(/[\\^$.*+?()[\]{}|]/gu, (c) => `\\${c}`);
const SEPARATOR = '[^[:alnum:]]';

/** A regular expression for the words in order, each whole, with only separators between them (any case). */
/** A folded word as a pattern of the text as written: `е` also matches the `ё` that folds to it. */
const spelledPattern = (word: string) => escapeRegex(word).replace(/е/gu, '[её]');
const wordsPattern = (words: readonly string[]) =>
  `(^|${SEPARATOR})${words.map(spelledPattern).join(`${SEPARATOR}+`)}(${SEPARATOR}|$)`;

const inText = (pattern: string, titleOnly: boolean) =>
  titleOnly ? sql<SqlBool>`a.title ~* ${pattern}` : sql<SqlBool>`(a.title ~* ${pattern} OR a.body ~* ${pattern})`;

/**
 * The condition for a TextMatch on articles `a`; null when it requires nothing. Each
 * word and phrase is parsed by the configuration the index was built with (stemmed, stop
 * words dropped) and matched through the GIN index. A part made only of stop words
 * (`"to be or not to be"`, `-the`) is not in the index at all: it is matched as text
 * instead, word for word (a regular expression, within the newest-first bounded scan),
 * as SQLite's index, which keeps stop words, would match it. `empty` tells which parts
 * are only stop words; `titleOnly` reads titles only (the `title_search` column).
 */
export function textCondition(
  match: TextMatch,
  empty: readonly boolean[],
  titleOnly = false,
): RawBuilder<SqlBool> | null {
  const parts = partsOf(match);
  const indexed = parts.filter((p, i) => p.kind !== 'excluded' && empty[i] !== true);
  const literal = parts
    .filter((p, i) => p.kind !== 'excluded' && empty[i] === true)
    .map((p) => inText(wordsPattern(p.words), titleOnly));
  if (indexed.length === 0 && literal.length === 0) return null;
  // Titles only: the title's own vector (migration 0022), which has an index of its own.
  const column = titleOnly ? sql`a.title_search` : sql`a.search`;
  const excluded = parts.filter((p, i) => p.kind === 'excluded' && empty[i] !== true).map(indexQuery);
  const excludedText = parts
    .filter((p, i) => p.kind === 'excluded' && empty[i] === true)
    .map((p) => sql<SqlBool>`NOT ${inText(wordsPattern(p.words), titleOnly)}`);
  const conditions: RawBuilder<SqlBool>[] = [];
  if (indexed.length > 0) {
    const positive = sql`(${sql.join(indexed.map(titleOnly ? indexQuery : searchQuery), sql` && `)})`;
    conditions.push(
      sql<SqlBool>`${column} @@ ${excluded.length > 0 ? sql`(${positive} && !!(${sql.join(excluded, sql` || `)}))` : positive}`,
    );
  } else if (excluded.length > 0) {
    conditions.push(sql<SqlBool>`NOT (${column} @@ (${sql.join(excluded, sql` || `)}))`);
  }
  conditions.push(...literal, ...excludedText);
  return sql<SqlBool>`(${sql.join(conditions, sql` AND `)})`;
}

/**
 * Whether a title and body match a TextMatch as SQLite's index reads them: the
 * application's analysis (a Russian word by any of its cases' stems). For matches the GIN index
 * cannot decide: stop words (which it does not hold) and phrases with stop words inside
 * (`"bank of england"` is 'bank' <2> 'england' there, which "bank in England" matches too).
 */
export function textMatches(match: TextMatch, titleOnly = false): (title: string, body: string) => boolean {
  const stems: string[] = [];
  const slot = (word: string) => {
    const stem = indexTerm(word);
    const at = stems.indexOf(stem);
    return at >= 0 ? at : stems.push(stem) - 1;
  };
  const all = match.all.map(slot);
  const phrases = match.phrases.filter((p) => p.length > 0).map((p) => p.map(slot));
  const excluded = match.excluded.map(slot);
  const variants = new Map<string, number>();
  [...match.all, ...match.excluded].forEach((word) => {
    for (const stem of stemVariants(word).slice(1)) if (!variants.has(stem)) variants.set(stem, slot(word));
  });
  const matcher = termMatcher(stems, variants);
  return (title, body) => {
    const texts = titleOnly ? [title] : [title, body];
    const hits = texts.map((text) => matcher.find(text));
    const has = (term: number) => hits.some((found) => found.some((o) => o.term === term));
    return (
      all.every(has) &&
      !excluded.some(has) &&
      phrases.every((p) => texts.some((text, i) => hasPhrase(text, hits[i] ?? [], p)))
    );
  };
}

function windowConditions(column: RawBuilder<unknown>, window: IdWindow): RawBuilder<SqlBool>[] {
  const where: RawBuilder<SqlBool>[] = [];
  if (window.below !== undefined) where.push(sql<SqlBool>`${column} < ${window.below}`);
  if (window.above !== undefined) where.push(sql<SqlBool>`${column} > ${window.above}`);
  return where;
}

const and = (conditions: RawBuilder<SqlBool>[]) =>
  conditions.length > 0 ? sql`AND ${sql.join(conditions, sql` AND `)}` : sql``;
const where = (conditions: RawBuilder<SqlBool>[]) =>
  conditions.length > 0 ? sql`WHERE ${sql.join(conditions, sql` AND `)}` : sql``;

/**
 * What one article costs in a walk of the primary key (its `search` vector read and
 * tested) against one match read through the GIN index's bitmap (a heap page). Measured
 * on 1M articles with the table in memory (2026-12-06, reading a word's newest 1,000
 * matches both ways): a walk about 2 µs an article, the index 2.6–4.4 µs a match; the two
 * took the same time for words in about 2.1% of articles, which this ratio reproduces.
 * (An earlier measurement, with the heap read from disk, gave 0.25.) Titles
 * (`title_search`) use the same ratio, with their own statistics.
 */
const WALK_COST = 0.45;

/**
 * The share of articles ANALYZE found with the part's most common lexeme (pg_stats'
 * most_common_elems of articles.search); half the least common share listed when none of
 * its lexemes is listed (it is rarer than those); null without statistics.
 */
const commonShare = (
  part: Part,
  column: 'search' | 'title_search',
) => sql`(SELECT coalesce(max(f.share) FILTER (WHERE f.lexeme = ANY(ARRAY(
    SELECT replace(substr(m[1], 2, length(m[1]) - 2), '''''', '''')
    FROM regexp_matches(${indexQuery(part)}::text, ${LEXEME}, 'g') AS m))), min(f.share) / 2)
  FROM pg_stats s, unnest(s.most_common_elems::text::text[], s.most_common_elem_freqs) AS f(lexeme, share)
  WHERE s.schemaname = current_schema() AND s.tablename = 'articles' AND s.attname = ${column}
    AND NOT s.inherited AND f.lexeme IS NOT NULL)`;

/**
 * Whether walking the primary key (newest or oldest first, testing each article's vector)
 * is the cheaper way to the first `limit` matches, rather than reading every match from
 * the GIN index and sorting them. The walk reads about limit / share articles (at most the
 * window's), the index one heap page per match. A match's share is taken as its rarest
 * part's (an upper bound). Without statistics the planner decides, as before.
 */
function shouldWalk(
  parts: readonly Part[],
  nodes: readonly number[],
  shares: readonly (number | null)[],
  table: { rows: number; maxId: number },
  options: MatchOptions,
): boolean {
  let share = Infinity;
  for (const [i, p] of parts.entries()) {
    if (p.kind === 'excluded' || nodes[i] === 0) continue;
    const found = shares[i];
    if (found === null || found === undefined) return true;
    share = Math.min(share, Number(found));
  }
  if (!Number.isFinite(share) || table.rows <= 0) return true;
  const window = Math.max(0, (options.below ?? table.maxId + 1) - (options.above ?? 0) - 1);
  return share * table.rows >= WALK_COST * Math.min(options.limit / Math.max(share, 1e-9), window);
}

export function createPostgresSearchStore(db: Kysely<Database>): SearchStore {
  const shared = createSearchStore(db);
  return {
    ...shared,

    async matchIds(match, options) {
      const parts = partsOf(match);
      if (parts.length === 0) return [];
      // How many nodes each part's tsquery has, in one round trip: none for stop words
      // only, fewer than a phrase's words when stop words inside it were dropped. With
      // them, what the statistics say of each part's share and the table's size (shouldWalk).
      const counted = await sql<{
        nodes: number[];
        shares: (number | null)[];
        rows: number | null;
        max_id: number | null;
      }>`SELECT ARRAY[${sql.join(parts.map((p) => sql`numnode(${partQuery(p)})`))}] AS nodes,
        ARRAY[${sql.join(parts.map((p) => commonShare(p, options.titleOnly === true ? 'title_search' : 'search')))}]::float8[] AS shares,
        (SELECT reltuples FROM pg_class WHERE oid = 'articles'::regclass) AS rows,
        (SELECT max(id) FROM articles) AS max_id`.execute(db);
      const nodes = parts.map((_, i) => Number(counted.rows[0]?.nodes[i] ?? 0));
      const titleOnly = options.titleOnly === true;
      const condition = textCondition(
        match,
        nodes.map((n) => n === 0),
        titleOnly,
      );
      if (condition === null) return [];
      const direction = options.order === 'oldest' ? sql`ASC` : sql`DESC`;
      const exact = parts.every((p, i) => nodes[i] === 2 * p.words.length - 1);
      if (exact) {
        // ORDER BY id LIMIT n tempts the planner to walk the primary key and test each
        // article's vector: right for common words. But for a lexeme outside the column's
        // most common ones (pg_stats) it assumes half the least common one's share (up to
        // 0.5%), and it counts no cost for reading each vector: it walked up to a million
        // articles (seconds) for a word in a few hundred, which the GIN index finds in
        // milliseconds. So the choice is made here from the same statistics (shouldWalk);
        // the index's way reads the matches in a materialized CTE (no ORDER BY or LIMIT to
        // walk for), then applies the window, sorts and cuts: the same ids either way.
        const counts = counted.rows[0];
        const table = { rows: Number(counts?.rows ?? 0), maxId: Number(counts?.max_id ?? 0) };
        const found = shouldWalk(parts, nodes, counts?.shares ?? [], table, options)
          ? await sql<{ id: number }>`
          SELECT a.id FROM articles a WHERE ${condition} ${and(windowConditions(sql`a.id`, options))}
          ORDER BY a.id ${direction} LIMIT ${options.limit}`.execute(db)
          : await sql<{ id: number }>`
          WITH m AS MATERIALIZED (SELECT a.id FROM articles a WHERE ${condition})
          SELECT m.id FROM m ${where(windowConditions(sql`m.id`, options))}
          ORDER BY m.id ${direction} LIMIT ${options.limit}`.execute(db);
        return found.rows.map((r) => Number(r.id));
      }
      // The index cannot decide this match alone (a phrase's stop words are only gaps to
      // it): read the candidates' texts and check them, a batch at a time, until the limit
      // is met or the candidates run out.
      const matches = textMatches(match, titleOnly);
      const batch = Math.max(options.limit, MIN_CHECK_BATCH);
      const found: number[] = [];
      let window: IdWindow = { below: options.below, above: options.above };
      for (;;) {
        const rows = (
          await sql<{ id: number; title: string; body: string }>`
          SELECT a.id, a.title, ${titleOnly ? sql`''` : sql`a.body`} AS body FROM articles a
          WHERE ${condition} ${and(windowConditions(sql`a.id`, window))}
          ORDER BY a.id ${direction} LIMIT ${batch}`.execute(db)
        ).rows;
        for (const r of rows) {
          if (matches(r.title, r.body)) found.push(Number(r.id));
          if (found.length >= options.limit) return found;
        }
        const last = rows[rows.length - 1];
        if (rows.length < batch || last === undefined) return found;
        window =
          options.order === 'oldest' ? { ...window, above: Number(last.id) } : { ...window, below: Number(last.id) };
      }
    },

    async newest(filter, limit, offset) {
      const dates = [
        ...(filter.since === null ? [] : [sql<SqlBool>`a.published_at >= ${filter.since}`]),
        ...(filter.until === null ? [] : [sql<SqlBool>`a.published_at <= ${filter.until}`]),
        ...(filter.language === null ? [] : [sql<SqlBool>`a.language = ${filter.language}`]),
      ];
      const [first, ...others] = filter.tagIds;
      const hasTag = (tagId: number) =>
        sql<SqlBool>`EXISTS (SELECT 1 FROM article_tags o WHERE o.article_id = a.id AND o.tag_id = ${tagId})`;
      if (first !== undefined && filter.driveByTag) {
        const rows = await sql<{ id: number }>`
          SELECT a.id FROM article_tags t JOIN articles a ON a.id = t.article_id
          WHERE t.tag_id = ${first} ${and([...others.map(hasTag), ...dates])}
          ORDER BY a.published_at DESC, a.id DESC LIMIT ${limit} OFFSET ${offset}`.execute(db);
        return rows.rows.map((r) => Number(r.id));
      }
      return shared.newest(filter, limit, offset);
    },

    async rebuild() {
      // The tsvector column is generated, so it is never stale; recount the tags and
      // refresh the planner's statistics after a bulk load.
      await sql`DELETE FROM tag_stats`.execute(db);
      await sql`INSERT INTO tag_stats (tag_id, articles) SELECT tag_id, count(*) FROM article_tags GROUP BY tag_id`.execute(
        db,
      );
      await sql`ANALYZE articles`.execute(db);
      await sql`ANALYZE article_tags`.execute(db);
    },
  };
}
