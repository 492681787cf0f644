import { PostgresAdapter, sql, type Kysely } from 'kysely';

/*
 * News in Russian and Armenian (issue 18): each article knows its language, and the
 * search index analyses every word in its own language.
 *
 * 1. articles.language: the article's language as an ISO 639-1 code ('en', 'ru', 'hy',
 *    …), given or detected when the article comes in; null when not known (articles
 *    from before this migration, and texts too short to tell).
 * 2. SQLite: FTS5 cannot stem Russian or Armenian, and better-sqlite3 cannot register a
 *    tokenizer, so the indexes hold what the application's analysis produced
 *    (src/domain/tokenize.ts: folded, stemmed by script, one space between terms) through
 *    the SQL function tagwire_terms() that src/storage/connect.ts registers on every
 *    connection. The two indexes become contentless (`content=''`, with
 *    contentless_delete so triggers can remove a row by its id) and their tokenizer plain
 *    unicode61: the terms arrive already analysed. A database opened without the function
 *    (the sqlite3 shell) can read everything but cannot write articles: the write fails,
 *    nothing is half-indexed.
 * 3. PostgreSQL: the `search` column uses the article's own text search configuration:
 *    tagwire_russian or tagwire_armenian (Snowball `russian_stem` / `armenian_stem` for
 *    words in other than ASCII letters, `english_stem` for ASCII words as in
 *    tagwire_english, accents folded like it) for 'ru' and 'hy', tagwire_english for the
 *    rest. The text is folded first as the application folds it: `ё` as `е`, `և` as
 *    `եւ`, the Armenian marks ՛ ՜ ՞ dropped (so `Ինչո՞ւ` stays one word).
 * When the analysis in src/domain/tokenize.ts changes, a new migration rebuilds the SQLite
 * indexes (the backfill below) so old and new articles agree.
 * Frozen once released: change these with a new migration.
 */

function isPostgres(db: Kysely<unknown>): boolean {
  return db.getExecutor().adapter instanceof PostgresAdapter;
}

/** The PostgreSQL folding of a text column, as the application folds words. */
const folded = (column: string) =>
  `replace(translate(coalesce(${column}, ''), 'ёЁ\u055B\u055C\u055E', 'еЕ'), '\u0587', '\u0565\u0582')`;
/** The text search configuration of an article by its language. */
const CONFIG_OF_LANGUAGE = `CASE language WHEN 'ru' THEN 'tagwire_russian'::regconfig WHEN 'hy' THEN 'tagwire_armenian'::regconfig ELSE 'tagwire_english'::regconfig END`;

async function upPostgres(db: Kysely<unknown>): Promise<void> {
  const unaccent = (
    await sql<{
      schema: string;
    }>`SELECT n.nspname AS schema FROM pg_extension e JOIN pg_namespace n ON n.oid = e.extnamespace WHERE e.extname = 'unaccent'`.execute(
      db,
    )
  ).rows[0]?.schema;
  for (const [name, stemmer] of [
    ['tagwire_russian', 'russian_stem'],
    ['tagwire_armenian', 'armenian_stem'],
  ] as const) {
    await sql`CREATE TEXT SEARCH CONFIGURATION ${sql.raw(name)} (COPY = tagwire_english)`.execute(db);
    await sql`ALTER TEXT SEARCH CONFIGURATION ${sql.raw(name)} ALTER MAPPING FOR hword, hword_part, word WITH ${
      unaccent === undefined ? sql`` : sql`${sql.id(unaccent, 'unaccent')},`
    } ${sql.raw(stemmer)}`.execute(db);
  }
  await sql`DROP INDEX articles_search`.execute(db);
  await sql`ALTER TABLE articles DROP COLUMN search`.execute(db);
  await sql`ALTER TABLE articles ADD COLUMN language text`.execute(db);
  await sql`ALTER TABLE articles ADD COLUMN search tsvector GENERATED ALWAYS AS (
    setweight(to_tsvector(${sql.raw(CONFIG_OF_LANGUAGE)}, ${sql.raw(folded('title'))}), 'A') ||
    setweight(to_tsvector(${sql.raw(CONFIG_OF_LANGUAGE)}, ${sql.raw(folded('body'))}), 'B')
  ) STORED`.execute(db);
  await sql`CREATE INDEX articles_search ON articles USING GIN (search)`.execute(db);
}

const OLD_TRIGGERS = [
  'articles_fts_insert',
  'articles_fts_delete',
  'articles_fts_update',
  'articles_title_fts_insert',
  'articles_title_fts_delete',
  'articles_title_fts_update',
];

export async function up(db: Kysely<unknown>): Promise<void> {
  if (isPostgres(db)) return upPostgres(db);
  await sql`ALTER TABLE articles ADD COLUMN language TEXT`.execute(db);
  for (const trigger of OLD_TRIGGERS) await sql`DROP TRIGGER IF EXISTS ${sql.raw(trigger)}`.execute(db);
  await sql`DROP TABLE IF EXISTS articles_fts`.execute(db);
  await sql`DROP TABLE IF EXISTS articles_title_fts`.execute(db);
  await sql`CREATE VIRTUAL TABLE articles_fts USING fts5(
    title, body, content='', contentless_delete=1, tokenize='unicode61 remove_diacritics 0'
  )`.execute(db);
  // Titles alone, without positions (single words only; see 0002).
  await sql`CREATE VIRTUAL TABLE articles_title_fts USING fts5(
    title, content='', contentless_delete=1, detail='none', tokenize='unicode61 remove_diacritics 0'
  )`.execute(db);
  await sql`CREATE TRIGGER articles_fts_insert AFTER INSERT ON articles BEGIN
    INSERT INTO articles_fts (rowid, title, body) VALUES (new.id, tagwire_terms(new.title), tagwire_terms(new.body));
    INSERT INTO articles_title_fts (rowid, title) VALUES (new.id, tagwire_terms(new.title));
  END`.execute(db);
  await sql`CREATE TRIGGER articles_fts_delete AFTER DELETE ON articles BEGIN
    DELETE FROM articles_fts WHERE rowid = old.id;
    DELETE FROM articles_title_fts WHERE rowid = old.id;
  END`.execute(db);
  await sql`CREATE TRIGGER articles_fts_update AFTER UPDATE OF title, body ON articles BEGIN
    DELETE FROM articles_fts WHERE rowid = old.id;
    DELETE FROM articles_title_fts WHERE rowid = old.id;
    INSERT INTO articles_fts (rowid, title, body) VALUES (new.id, tagwire_terms(new.title), tagwire_terms(new.body));
    INSERT INTO articles_title_fts (rowid, title) VALUES (new.id, tagwire_terms(new.title));
  END`.execute(db);
  await sql`INSERT INTO articles_fts (rowid, title, body) SELECT id, tagwire_terms(title), tagwire_terms(body) FROM articles`.execute(
    db,
  );
  await sql`INSERT INTO articles_title_fts (rowid, title) SELECT id, tagwire_terms(title) FROM articles`.execute(db);
  await sql`INSERT INTO articles_fts (articles_fts) VALUES ('optimize')`.execute(db);
  await sql`INSERT INTO articles_title_fts (articles_title_fts) VALUES ('optimize')`.execute(db);
}

export async function down(db: Kysely<unknown>): Promise<void> {
  if (isPostgres(db)) {
    await sql`DROP INDEX articles_search`.execute(db);
    await sql`ALTER TABLE articles DROP COLUMN search`.execute(db);
    await sql`ALTER TABLE articles DROP COLUMN language`.execute(db);
    await sql`ALTER TABLE articles ADD COLUMN search tsvector GENERATED ALWAYS AS (
      setweight(to_tsvector('tagwire_english', coalesce(title, '')), 'A') || setweight(to_tsvector('tagwire_english', coalesce(body, '')), 'B')
    ) STORED`.execute(db);
    await sql`CREATE INDEX articles_search ON articles USING GIN (search)`.execute(db);
    await sql`DROP TEXT SEARCH CONFIGURATION IF EXISTS tagwire_russian`.execute(db);
    await sql`DROP TEXT SEARCH CONFIGURATION IF EXISTS tagwire_armenian`.execute(db);
    return;
  }
  for (const trigger of ['articles_fts_insert', 'articles_fts_delete', 'articles_fts_update'])
    await sql`DROP TRIGGER IF EXISTS ${sql.raw(trigger)}`.execute(db);
  await sql`DROP TABLE IF EXISTS articles_fts`.execute(db);
  await sql`DROP TABLE IF EXISTS articles_title_fts`.execute(db);
  await sql`ALTER TABLE articles DROP COLUMN language`.execute(db);
  // The indexes of 0001 and 0002, rebuilt from the articles.
  await sql`CREATE VIRTUAL TABLE articles_fts USING fts5(
    title, body, content='articles', content_rowid='id', tokenize='porter unicode61 remove_diacritics 2'
  )`.execute(db);
  await sql`CREATE VIRTUAL TABLE articles_title_fts USING fts5(
    title, content='articles', content_rowid='id', tokenize='porter unicode61 remove_diacritics 2', detail='none', columnsize=0
  )`.execute(db);
  for (const table of ['articles_fts', 'articles_title_fts'])
    await sql`INSERT INTO ${sql.raw(table)} (${sql.raw(table)}) VALUES ('rebuild')`.execute(db);
  await sql`CREATE TRIGGER articles_fts_insert AFTER INSERT ON articles BEGIN
    INSERT INTO articles_fts(rowid, title, body) VALUES (new.id, new.title, new.body);
    INSERT INTO articles_title_fts (rowid, title) VALUES (new.id, new.title);
  END`.execute(db);
  await sql`CREATE TRIGGER articles_fts_delete AFTER DELETE ON articles BEGIN
    INSERT INTO articles_fts(articles_fts, rowid, title, body) VALUES ('delete', old.id, old.title, old.body);
    INSERT INTO articles_title_fts (articles_title_fts, rowid, title) VALUES ('delete', old.id, old.title);
  END`.execute(db);
  await sql`CREATE TRIGGER articles_fts_update AFTER UPDATE OF title, body ON articles BEGIN
    INSERT INTO articles_fts(articles_fts, rowid, title, body) VALUES ('delete', old.id, old.title, old.body);
    INSERT INTO articles_title_fts (articles_title_fts, rowid, title) VALUES ('delete', old.id, old.title);
    INSERT INTO articles_fts(rowid, title, body) VALUES (new.id, new.title, new.body);
    INSERT INTO articles_title_fts (rowid, title) VALUES (new.id, new.title);
  END`.execute(db);
}
