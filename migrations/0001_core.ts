import { PostgresAdapter, sql, type CreateTableBuilder, type Kysely } from 'kysely';

/*
 * The core schema: tags and aliases, articles and their tags, subscribers, follows,
 * the delivery outbox, button payloads, and full-text search.
 * Times are epoch milliseconds (bigint). Written once for both SQLite and PostgreSQL;
 * the few parts that must differ (identity columns, the search index) branch on the
 * dialect's adapter. Frozen once released: change the schema with a new migration.
 */

function isPostgres(db: Kysely<unknown>): boolean {
  return db.getExecutor().adapter instanceof PostgresAdapter;
}

function withId<T extends string>(
  db: Kysely<unknown>,
  table: CreateTableBuilder<T, never>,
  big = false,
): CreateTableBuilder<T, 'id'> {
  if (isPostgres(db)) return table.addColumn('id', big ? 'bigserial' : 'serial', (c) => c.primaryKey());
  return table.addColumn('id', 'integer', (c) => c.primaryKey().autoIncrement());
}

export async function up(db: Kysely<unknown>): Promise<void> {
  await withId(db, db.schema.createTable('tags'))
    .addColumn('key', 'text', (c) => c.notNull().unique())
    .addColumn('name', 'text', (c) => c.notNull())
    .addColumn('created_at', 'bigint', (c) => c.notNull())
    .execute();

  await db.schema
    .createTable('tag_aliases')
    .addColumn('key', 'text', (c) => c.primaryKey())
    .addColumn('name', 'text', (c) => c.notNull())
    .addColumn('tag_id', 'integer', (c) => c.notNull().references('tags.id').onDelete('cascade'))
    .addColumn('created_at', 'bigint', (c) => c.notNull())
    .execute();
  await db.schema.createIndex('tag_aliases_tag').on('tag_aliases').column('tag_id').execute();

  await withId(db, db.schema.createTable('articles'))
    .addColumn('public_id', 'text', (c) => c.notNull().unique())
    .addColumn('external_id', 'text', (c) => c.unique())
    .addColumn('title', 'text', (c) => c.notNull())
    .addColumn('body', 'text', (c) => c.notNull())
    .addColumn('summary', 'text', (c) => c.notNull())
    .addColumn('url', 'text', (c) => c.unique())
    .addColumn('source', 'text')
    .addColumn('published_at', 'bigint', (c) => c.notNull())
    .addColumn('date_given', 'integer', (c) => c.notNull().defaultTo(0))
    .addColumn('created_at', 'bigint', (c) => c.notNull())
    .addColumn('posted_by', 'text', (c) => c.notNull())
    .execute();
  await db.schema.createIndex('articles_published').on('articles').columns(['published_at', 'id']).execute();

  await db.schema
    .createTable('article_tags')
    .addColumn('article_id', 'integer', (c) => c.notNull().references('articles.id').onDelete('cascade'))
    .addColumn('tag_id', 'integer', (c) => c.notNull().references('tags.id').onDelete('cascade'))
    .addColumn('position', 'integer', (c) => c.notNull())
    .addPrimaryKeyConstraint('article_tags_pk', ['article_id', 'tag_id'])
    .execute();
  await db.schema.createIndex('article_tags_by_tag').on('article_tags').columns(['tag_id', 'article_id']).execute();

  await withId(db, db.schema.createTable('subscribers'))
    .addColumn('platform', 'text', (c) => c.notNull())
    .addColumn('chat_id', 'text', (c) => c.notNull())
    .addColumn('kind', 'text', (c) => c.notNull())
    .addColumn('title', 'text')
    .addColumn('parent_id', 'text')
    .addColumn('status', 'text', (c) => c.notNull().defaultTo('active'))
    .addColumn('status_reason', 'text')
    .addColumn('status_changed_at', 'bigint')
    .addColumn('failure_count', 'integer', (c) => c.notNull().defaultTo(0))
    .addColumn('notice', 'text')
    .addColumn('created_at', 'bigint', (c) => c.notNull())
    .addColumn('updated_at', 'bigint', (c) => c.notNull())
    .addUniqueConstraint('subscribers_chat', ['platform', 'chat_id'])
    .execute();
  await db.schema.createIndex('subscribers_parent').on('subscribers').columns(['platform', 'parent_id']).execute();

  await db.schema
    .createTable('subscriber_managers')
    .addColumn('subscriber_id', 'integer', (c) => c.notNull().references('subscribers.id').onDelete('cascade'))
    .addColumn('user_id', 'text', (c) => c.notNull())
    .addColumn('created_at', 'bigint', (c) => c.notNull())
    .addPrimaryKeyConstraint('subscriber_managers_pk', ['subscriber_id', 'user_id'])
    .execute();
  await db.schema.createIndex('subscriber_managers_user').on('subscriber_managers').column('user_id').execute();

  await db.schema
    .createTable('follows')
    .addColumn('subscriber_id', 'integer', (c) => c.notNull().references('subscribers.id').onDelete('cascade'))
    .addColumn('tag_id', 'integer', (c) => c.notNull().references('tags.id').onDelete('cascade'))
    .addColumn('mode', 'text', (c) => c.notNull())
    .addColumn('mention_role_id', 'text')
    .addColumn('created_at', 'bigint', (c) => c.notNull())
    .addPrimaryKeyConstraint('follows_pk', ['subscriber_id', 'tag_id'])
    .execute();
  await db.schema.createIndex('follows_by_tag').on('follows').columns(['tag_id', 'mode', 'subscriber_id']).execute();

  await withId(db, db.schema.createTable('deliveries'), true)
    .addColumn('subscriber_id', 'integer', (c) => c.notNull().references('subscribers.id').onDelete('cascade'))
    .addColumn('article_id', 'integer', (c) => c.notNull().references('articles.id').onDelete('cascade'))
    .addColumn('status', 'text', (c) => c.notNull())
    .addColumn('attempts', 'integer', (c) => c.notNull().defaultTo(0))
    .addColumn('next_attempt_at', 'bigint', (c) => c.notNull())
    .addColumn('lease_until', 'bigint')
    .addColumn('last_error', 'text')
    .addColumn('message_id', 'text')
    .addColumn('created_at', 'bigint', (c) => c.notNull())
    .addColumn('updated_at', 'bigint', (c) => c.notNull())
    .addColumn('sent_at', 'bigint')
    .addUniqueConstraint('deliveries_once', ['subscriber_id', 'article_id'])
    .execute();
  await db.schema.createIndex('deliveries_due').on('deliveries').columns(['status', 'next_attempt_at']).execute();
  await db.schema.createIndex('deliveries_by_article').on('deliveries').column('article_id').execute();
  // Pending rows per chat, in article order: keeps each chat's deliveries in order.
  await db.schema
    .createIndex('deliveries_pending')
    .on('deliveries')
    .columns(['subscriber_id', 'article_id'])
    .where(sql.ref('status'), 'in', [sql.lit('queued'), sql.lit('sending')])
    .execute();

  await withId(db, db.schema.createTable('button_actions'))
    .addColumn('data', 'text', (c) => c.notNull().unique())
    .addColumn('created_at', 'bigint', (c) => c.notNull())
    .execute();

  if (isPostgres(db)) {
    await sql`ALTER TABLE articles ADD COLUMN search tsvector GENERATED ALWAYS AS (
      setweight(to_tsvector('english', coalesce(title, '')), 'A') || setweight(to_tsvector('english', coalesce(body, '')), 'B')
    ) STORED`.execute(db);
    await sql`CREATE INDEX articles_search ON articles USING GIN (search)`.execute(db);
  } else {
    // External-content FTS5 index over articles; porter stemming, accents folded.
    await sql`CREATE VIRTUAL TABLE articles_fts USING fts5(
      title, body, content='articles', content_rowid='id', tokenize='porter unicode61 remove_diacritics 2'
    )`.execute(db);
    await sql`CREATE TRIGGER articles_fts_insert AFTER INSERT ON articles BEGIN
      INSERT INTO articles_fts(rowid, title, body) VALUES (new.id, new.title, new.body);
    END`.execute(db);
    await sql`CREATE TRIGGER articles_fts_delete AFTER DELETE ON articles BEGIN
      INSERT INTO articles_fts(articles_fts, rowid, title, body) VALUES ('delete', old.id, old.title, old.body);
    END`.execute(db);
    await sql`CREATE TRIGGER articles_fts_update AFTER UPDATE OF title, body ON articles BEGIN
      INSERT INTO articles_fts(articles_fts, rowid, title, body) VALUES ('delete', old.id, old.title, old.body);
      INSERT INTO articles_fts(rowid, title, body) VALUES (new.id, new.title, new.body);
    END`.execute(db);
  }
}

export async function down(db: Kysely<unknown>): Promise<void> {
  if (!isPostgres(db)) await sql`DROP TABLE IF EXISTS articles_fts`.execute(db);
  for (const table of [
    'button_actions',
    'deliveries',
    'follows',
    'subscriber_managers',
    'subscribers',
    'article_tags',
    'articles',
    'tag_aliases',
    'tags',
  ]) {
    await db.schema.dropTable(table).ifExists().execute();
  }
}
