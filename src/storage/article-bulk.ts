/**
 * Many articles in a few statements: the storage half of `tagwire import`'s batches
 * (src/app/importer.ts). The rules are postArticle's, applied to a whole batch at once:
 * an article whose import id, or else URL, is already in the archive, or earlier in the
 * batch, is a duplicate; tags resolve through keys and aliases, new ones created in the
 * order the articles name them; each article gets a fresh six-character public id. What
 * the per-row triggers keep (the FTS5 indexes, tag_stats) they keep here too, so the
 * archive is the same as after posting one by one.
 *
 * Statements per batch, whatever its size: one look-up per key (import ids, URLs, drawn
 * public ids), the tags' look-ups and insert, one INSERT of the articles and one of their
 * tags (SQLite: multi-row VALUES in chunks under the variable limit; PostgreSQL: one
 * INSERT … SELECT FROM unnest of one array per column). On SQLite the one statement
 * matters beyond its round trips: FTS5 writes out its pending terms at the start of
 * every statement of a transaction that fires its triggers, so single-row inserts index
 * at a third of the speed (bench/import.bench.ts, docs/cli.md).
 */
import { PostgresAdapter, sql, type Kysely, type RawBuilder } from 'kysely';
import { DuplicateArticleError } from '../domain/errors.ts';
import { generatePublicId } from '../domain/public-id.ts';
import type { TagName } from '../domain/tags.ts';
import type { Database, NewArticleRow, TagRow } from './schema.ts';
import { withAnalyses, type Analyses } from './analysis-memo.ts';
import { ensureTags } from './tag-store.ts';

/** An article to insert: its row but the public id (drawn here), and its tags in order. */
export interface BulkArticle {
  row: Omit<NewArticleRow, 'public_id' | 'external_id' | 'url'> & { external_id: string | null; url: string | null };
  tags: readonly TagName[];
  /**
   * The search index's analysis of the row's title and body (analysedText), when made
   * ahead (an import's worker thread): SQLite's triggers take it from the memo
   * (analysis-memo.ts) instead of analysing in the writing thread.
   */
  terms?: { title: string; body: string };
}

/** An article already there, or earlier in the batch: its public id, and which key matched. */
export interface BulkDuplicate {
  existingPublicId: string;
  matchedOn: DuplicateArticleError['matchedOn'];
}

/** What became of one article of a batch: inserted (with its tags, each once), or a duplicate. */
export type BulkOutcome =
  { inserted: true; articleId: number; publicId: string; tags: TagRow[] } | ({ inserted: false } & BulkDuplicate);

/** Bound parameters per SQLite statement: well under SQLite's limit (32,766), and PostgreSQL's. */
const MAX_PARAMS = 8_000;
/** Drawn public ids checked against the archive before the insert; then the insert's conflict decides. */
const CHECKED_DRAWS = 5;
/** WAL pages (4 KiB each) after which a bulk-writing SQLite connection checkpoints: 40 MiB. */
const BULK_CHECKPOINT_PAGES = 10_000;
const MAX_DRAWS = 20;

/**
 * The engine behind `db`. connect.ts decides it once; this module is reached through
 * createArticleStore(db), which is handed no engine, so it asks Kysely's adapter (as the
 * migrations do).
 */
const isPostgres = (db: Kysely<Database>): boolean => db.getExecutor().adapter instanceof PostgresAdapter;

function chunks<T>(items: readonly T[], size: number): T[][] {
  const out: T[][] = [];
  for (let i = 0; i < items.length; i += size) out.push(items.slice(i, i + size));
  return out;
}

/**
 * Values of `column` among `values` that articles have, with each one's public id.
 * One statement per chunk on SQLite (an IN list), one in all on PostgreSQL (= ANY of an array).
 */
async function present(
  db: Kysely<Database>,
  column: 'external_id' | 'url' | 'public_id',
  values: readonly string[],
): Promise<Map<string, string>> {
  const found = new Map<string, string>();
  if (values.length === 0) return found;
  const ref = sql.ref(column);
  const lists = isPostgres(db)
    ? [sql`= ANY(${[...values]}::text[])`]
    : chunks(values, MAX_PARAMS).map((chunk) => sql`IN (${sql.join(chunk)})`);
  for (const list of lists) {
    const { rows } = await sql<{
      key: string;
      public_id: string;
    }>`SELECT ${ref} AS key, public_id FROM articles WHERE ${ref} ${list}`.execute(db);
    for (const r of rows) found.set(r.key, r.public_id);
  }
  return found;
}

/**
 * The article already there with the import id, or else the URL: one statement, so one
 * snapshot (two lookups could straddle a concurrent commit and name the URL for an
 * article that also has the id). Null when there is none.
 */
export async function findDuplicate(
  db: Kysely<Database>,
  url: string | null,
  externalId: string | null,
): Promise<DuplicateArticleError | null> {
  if (url === null && externalId === null) return null;
  const rows = await db
    .selectFrom('articles')
    .select(['public_id', 'external_id'])
    .where((eb) =>
      eb.or([
        ...(externalId === null ? [] : [eb('external_id', '=', externalId)]),
        ...(url === null ? [] : [eb('url', '=', url)]),
      ]),
    )
    .execute();
  const byId = externalId === null ? undefined : rows.find((r) => r.external_id === externalId);
  if (byId) return new DuplicateArticleError(byId.public_id, 'externalId');
  const byUrl = rows[0];
  return byUrl ? new DuplicateArticleError(byUrl.public_id, 'url') : null;
}

/** A duplicate of an earlier article of the same batch (its public id is drawn later). */
interface EarlierInBatch {
  earlier: number;
  matchedOn: DuplicateArticleError['matchedOn'];
}

/**
 * Which articles of the batch are duplicates, as posting them one by one in order would
 * find: the import id first, then the URL, against the archive and the articles of the
 * batch taken before.
 */
async function duplicatesOf(
  db: Kysely<Database>,
  articles: readonly BulkArticle[],
): Promise<(BulkDuplicate | EarlierInBatch | null)[]> {
  const ids = [...new Set(articles.flatMap((a) => (a.row.external_id === null ? [] : [a.row.external_id])))];
  const urls = [...new Set(articles.flatMap((a) => (a.row.url === null ? [] : [a.row.url])))];
  const byId = await present(db, 'external_id', ids);
  const byUrl = await present(db, 'url', urls);
  const takenId = new Map<string, number>();
  const takenUrl = new Map<string, number>();
  return articles.map((a, index) => {
    const id = a.row.external_id;
    const url = a.row.url;
    if (id !== null) {
      const there = byId.get(id);
      if (there !== undefined) return { existingPublicId: there, matchedOn: 'externalId' };
      const earlier = takenId.get(id);
      if (earlier !== undefined) return { earlier, matchedOn: 'externalId' };
    }
    if (url !== null) {
      const there = byUrl.get(url);
      if (there !== undefined) return { existingPublicId: there, matchedOn: 'url' };
      const earlier = takenUrl.get(url);
      if (earlier !== undefined) return { earlier, matchedOn: 'url' };
    }
    if (id !== null) takenId.set(id, index);
    if (url !== null) takenUrl.set(url, index);
    return null;
  });
}

/** Draws a public id for each of `count` articles: distinct, and none the archive has (checked CHECKED_DRAWS times). */
async function drawPublicIds(db: Kysely<Database>, count: number, avoid: ReadonlySet<string>): Promise<string[]> {
  const drawn = new Set<string>(avoid);
  const draw = () => {
    for (;;) {
      const id = generatePublicId();
      if (!drawn.has(id)) {
        drawn.add(id);
        return id;
      }
    }
  };
  const ids = Array.from({ length: count }, draw);
  for (let attempt = 0; attempt < CHECKED_DRAWS; attempt++) {
    const taken = await present(db, 'public_id', ids);
    if (taken.size === 0) break;
    for (let i = 0; i < ids.length; i++) if (taken.has(ids[i] ?? '')) ids[i] = draw();
  }
  return ids;
}

const ARTICLE_COLUMNS = [
  'public_id',
  'external_id',
  'title',
  'body',
  'summary',
  'url',
  'source',
  'published_at',
  'date_given',
  'created_at',
  'posted_by',
  'language',
  'image_url',
] as const;
type ArticleColumn = (typeof ARTICLE_COLUMNS)[number];
const PG_TYPES: Record<ArticleColumn, string> = {
  public_id: 'text',
  external_id: 'text',
  title: 'text',
  body: 'text',
  summary: 'text',
  url: 'text',
  source: 'text',
  published_at: 'bigint',
  date_given: 'integer',
  created_at: 'bigint',
  posted_by: 'text',
  language: 'text',
  image_url: 'text',
};

type ArticleValues = Record<ArticleColumn, string | number | null>;

function valuesOf(article: BulkArticle, publicId: string): ArticleValues {
  const r = article.row;
  return {
    public_id: publicId,
    external_id: r.external_id,
    title: r.title,
    body: r.body,
    summary: r.summary,
    url: r.url,
    source: r.source ?? null,
    published_at: r.published_at,
    date_given: r.date_given ?? 0,
    created_at: r.created_at,
    posted_by: r.posted_by,
    language: r.language ?? null,
    image_url: r.image_url ?? null,
  };
}

/**
 * Inserts the rows, skipping any that meets a unique key (a concurrent insert of the
 * same import id or URL, a public id taken a moment ago): returns the new id of each by
 * its public id.
 */
async function insertRows(db: Kysely<Database>, rows: readonly ArticleValues[]): Promise<Map<string, number>> {
  const ids = new Map<string, number>();
  if (rows.length === 0) return ids;
  const columns = sql.join(ARTICLE_COLUMNS.map((c) => sql.ref(c)));
  const statements: RawBuilder<{ id: number; public_id: string }>[] = [];
  if (isPostgres(db)) {
    const arrays = ARTICLE_COLUMNS.map((c) => sql`${rows.map((r) => r[c])}::${sql.raw(PG_TYPES[c])}[]`);
    statements.push(sql`INSERT INTO articles (${columns}) SELECT * FROM unnest(${sql.join(arrays)})
      ON CONFLICT DO NOTHING RETURNING id, public_id`);
  } else {
    for (const chunk of chunks(rows, Math.floor(MAX_PARAMS / ARTICLE_COLUMNS.length))) {
      const values = chunk.map((r) => sql`(${sql.join(ARTICLE_COLUMNS.map((c) => r[c]))})`);
      statements.push(sql`INSERT INTO articles (${columns}) VALUES ${sql.join(values)}
        ON CONFLICT DO NOTHING RETURNING id, public_id`);
    }
  }
  for (const statement of statements) {
    for (const r of (await statement.execute(db)).rows) ids.set(r.public_id, Number(r.id));
  }
  return ids;
}

async function insertLinks(
  db: Kysely<Database>,
  links: readonly { articleId: number; tagId: number; position: number }[],
): Promise<void> {
  if (links.length === 0) return;
  if (isPostgres(db)) {
    await sql`INSERT INTO article_tags (article_id, tag_id, position, auto)
      SELECT a, t, p, 0 FROM unnest(${links.map((l) => l.articleId)}::integer[], ${links.map((l) => l.tagId)}::integer[],
        ${links.map((l) => l.position)}::integer[]) AS u(a, t, p)
      ON CONFLICT DO NOTHING`.execute(db);
    return;
  }
  for (const chunk of chunks(links, Math.floor(MAX_PARAMS / 3))) {
    const values = chunk.map((l) => sql`(${l.articleId}, ${l.tagId}, ${l.position}, 0)`);
    await sql`INSERT INTO article_tags (article_id, tag_id, position, auto) VALUES ${sql.join(values)}
      ON CONFLICT DO NOTHING`.execute(db);
  }
}

/**
 * Inserts a batch of articles, in one transaction the caller holds (`db` is one): what
 * postArticle does to each, with the statements of the whole batch shared. Outcomes come
 * in the articles' order. The articles' ids ascend in that order, and new tags are
 * created in the order the articles name them, as one by one.
 */
export async function insertArticles(
  db: Kysely<Database>,
  articles: readonly BulkArticle[],
  now: number,
): Promise<BulkOutcome[]> {
  const analyses: Analyses = articles.flatMap((a) =>
    a.terms
      ? [
          [a.row.title, a.terms.title],
          [a.row.body, a.terms.body],
        ]
      : [],
  );
  return withAnalyses(analyses, () => insertBatch(db, articles, now));
}

async function insertBatch(
  db: Kysely<Database>,
  articles: readonly BulkArticle[],
  now: number,
): Promise<BulkOutcome[]> {
  if (articles.length === 0) return [];
  // SQLite: take the write lock before the first read. A transaction that reads first
  // and writes later cannot wait for another process's commit in between (the upgrade
  // fails at once, SQLITE_BUSY); one that starts by writing waits its busy timeout.
  if (!isPostgres(db)) {
    await sql`DELETE FROM tag_stats WHERE 0`.execute(db);
    // A connection that writes in bulk copies the WAL into the database every
    // BULK_CHECKPOINT_PAGES rather than SQLite's 1,000 pages (4 MiB): the pages a batch
    // rewrites (the FTS5 segments, index pages) are copied and synced once per many
    // batches instead of once per batch, which took a third to a half off an import into
    // a large archive. A per-connection setting: other processes keep theirs.
    await sql.raw(`PRAGMA wal_autocheckpoint = ${BULK_CHECKPOINT_PAGES}`).execute(db);
  }

  const duplicates = await duplicatesOf(db, articles);
  const taken = articles.flatMap((a, i) => (duplicates[i] === null ? [{ article: a, index: i }] : []));
  const tags = await ensureTags(
    db,
    taken.flatMap((t) => t.article.tags),
    now,
  );
  const tagsOf = (article: BulkArticle): TagRow[] => {
    // An alias and its tag resolve to one row: keep each tag once, where first named.
    const unique = new Map<number, TagRow>();
    for (const tag of article.tags) {
      const row = tags.get(tag.key);
      if (!row) throw new Error(`tag ${tag.key} vanished while being created`);
      if (!unique.has(row.id)) unique.set(row.id, row);
    }
    return [...unique.values()];
  };

  const outcomes: (BulkOutcome | null)[] = duplicates.map((d) =>
    d !== null && 'existingPublicId' in d ? { inserted: false, ...d } : null,
  );
  let pending = taken;
  const used = new Set<string>();
  for (let attempt = 0; pending.length > 0; attempt++) {
    if (attempt >= MAX_DRAWS) throw new Error(`no free article id after ${MAX_DRAWS} tries`);
    const publicIds = await drawPublicIds(db, pending.length, used);
    for (const id of publicIds) used.add(id);
    const ids = await insertRows(
      db,
      pending.map((p, i) => valuesOf(p.article, publicIds[i] ?? '')),
    );
    const links: { articleId: number; tagId: number; position: number }[] = [];
    const missed: typeof pending = [];
    for (const [i, p] of pending.entries()) {
      const publicId = publicIds[i] ?? '';
      const articleId = ids.get(publicId);
      if (articleId === undefined) {
        missed.push(p);
        continue;
      }
      const rows = tagsOf(p.article);
      rows.forEach((tag, position) => links.push({ articleId, tagId: tag.id, position }));
      outcomes[p.index] = { inserted: true, articleId, publicId, tags: rows };
    }
    await insertLinks(db, links);
    // Not inserted: another transaction committed the same import id or URL a moment ago
    // (a duplicate, as one by one), or the public id was taken (draw another).
    pending = [];
    for (const p of missed) {
      const duplicate = await findDuplicate(db, p.article.row.url, p.article.row.external_id);
      if (duplicate)
        outcomes[p.index] = {
          inserted: false,
          existingPublicId: duplicate.existingPublicId,
          matchedOn: duplicate.matchedOn,
        };
      else pending.push(p);
    }
  }
  // A duplicate of an earlier article of the batch is named by that article's public id.
  // Should that one not have gone in after all (a concurrent commit of its key), the
  // later one is posted afresh, as one by one would.
  const again: number[] = [];
  for (const [i, d] of duplicates.entries()) {
    if (d === null || !('earlier' in d)) continue;
    const earlier = outcomes[d.earlier];
    if (earlier?.inserted)
      outcomes[i] = { inserted: false, existingPublicId: earlier.publicId, matchedOn: d.matchedOn };
    else again.push(i);
  }
  if (again.length > 0) {
    const retried = await insertBatch(
      db,
      again.map((i) => articles[i] as BulkArticle),
      now,
    );
    again.forEach((i, k) => (outcomes[i] = retried[k] ?? null));
  }
  return outcomes.map((o) => o ?? unreachable());
}

function unreachable(): never {
  throw new Error('an article of the batch has no outcome');
}
