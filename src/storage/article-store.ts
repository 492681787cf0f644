import type { Generated, Kysely } from 'kysely';
import type { DuplicateArticleError } from '../domain/errors.ts';
import type { ArticleView } from '../domain/reply.ts';
import { findDuplicate, insertArticles, type BulkArticle, type BulkOutcome } from './article-bulk.ts';
import type { ArticleRow, Database, NewArticleRow } from './schema.ts';

/** Migration 0004 marks the tags that auto-tagging added: article_tags.auto = 1. */
export interface ArticleTagsAutoColumn {
  auto: Generated<number>;
}

export interface InsertArticleOptions {
  /** Those of `tagIds` that auto-tagging added (the text names them); the rest were given. */
  autoTagIds?: readonly number[];
}

export interface ArticleStore {
  /**
   * Inserts the article and links its tags (ids in the article's order). An article
   * with the same import id or URL already there (one another transaction committed a
   * moment ago, past the caller's check) throws the DuplicateArticleError a sequential
   * duplicate gets; the insert never fails on the constraint, so a transaction (an
   * import batch) goes on. Null when the public id is taken: draw another.
   */
  insert(row: NewArticleRow, tagIds: readonly number[], options?: InsertArticleOptions): Promise<ArticleRow | null>;
  /**
   * Inserts a batch of articles (an import's): what posting each one after the other
   * does, in a few statements for the whole batch (./article-bulk.ts). An article whose import id, or else URL, is in the archive or earlier
   * in the batch is a duplicate; tags are found or created through their keys and
   * aliases; public ids are drawn here. Outcomes in the articles' order. Outside a
   * transaction it opens one.
   */
  insertMany(articles: readonly BulkArticle[], now: number): Promise<BulkOutcome[]>;
  /** Display names of the tags auto-tagging added to an article, in order. */
  autoTagNames(articleId: number): Promise<string[]>;
  byPublicId(publicId: string): Promise<ArticleRow | undefined>;
  byExternalId(externalId: string): Promise<ArticleRow | undefined>;
  byUrl(url: string): Promise<ArticleRow | undefined>;
  /**
   * The DuplicateArticleError for an article with this import id, or else this URL,
   * when the archive has one; null otherwise.
   */
  findDuplicate(url: string | null, externalId: string | null): Promise<DuplicateArticleError | null>;
  byIds(ids: readonly number[]): Promise<ArticleRow[]>;
  /** Tag ids of an article, in order. */
  tagIds(articleId: number): Promise<number[]>;
  /** Views (with tag names) for rows, keeping the rows' order. */
  views(rows: readonly ArticleRow[]): Promise<ArticleView[]>;
  /** Newest first, optionally only those with a tag. */
  latest(options: { tagId?: number; limit: number; offset: number }): Promise<ArticleRow[]>;
  /** Changes an article's fields (a correction); the search index follows. */
  update(
    articleId: number,
    fields: Partial<Omit<NewArticleRow, 'public_id' | 'created_at' | 'posted_by'>>,
  ): Promise<void>;
  /** Replaces an article's tags (ids in the article's order, all given, none automatic). */
  setTags(articleId: number, tagIds: readonly number[]): Promise<void>;
  remove(articleId: number): Promise<void>;
  count(): Promise<number>;
}

export function toView(row: ArticleRow, tags: string[]): ArticleView {
  return {
    publicId: row.public_id,
    externalId: row.external_id,
    title: row.title,
    url: row.url,
    summary: row.summary,
    tags,
    source: row.source,
    publishedAt: row.date_given ? new Date(Number(row.published_at)) : null,
    createdAt: new Date(Number(row.created_at)),
    language: row.language,
    imageUrl: row.image_url,
  };
}

export function createArticleStore(db: Kysely<Database>): ArticleStore {
  const withAuto = db.withTables<{ article_tags: ArticleTagsAutoColumn }>();
  return {
    async insert(row, tagIds, options = {}) {
      // ON CONFLICT DO NOTHING on any unique column (both engines): PostgreSQL waits for
      // a concurrent insert of the same key to commit, then inserts nothing, and the
      // transaction stays usable; the re-read below sees the winner's row.
      const inserted = await db
        .insertInto('articles')
        .values(row)
        .onConflict((oc) => oc.doNothing())
        .returningAll()
        .executeTakeFirst();
      if (!inserted) {
        const duplicate = await findDuplicate(db, row.url ?? null, row.external_id ?? null);
        if (duplicate) throw duplicate;
        return null;
      }
      const auto = new Set(options.autoTagIds ?? []);
      if (tagIds.length > 0) {
        await withAuto
          .insertInto('article_tags')
          .values(
            tagIds.map((tagId, position) => ({
              article_id: inserted.id,
              tag_id: tagId,
              position,
              auto: auto.has(tagId) ? 1 : 0,
            })),
          )
          .onConflict((oc) => oc.doNothing())
          .execute();
      }
      return inserted;
    },
    insertMany: (articles, now) =>
      db.isTransaction
        ? insertArticles(db, articles, now)
        : db.transaction().execute((trx) => insertArticles(trx, articles, now)),
    async autoTagNames(articleId) {
      const rows = await withAuto
        .selectFrom('article_tags')
        .innerJoin('tags', 'tags.id', 'article_tags.tag_id')
        .select('tags.name')
        .where('article_tags.article_id', '=', articleId)
        .where('article_tags.auto', '=', 1)
        .orderBy('article_tags.position')
        .execute();
      return rows.map((r) => r.name);
    },
    byPublicId: (publicId) =>
      db.selectFrom('articles').selectAll().where('public_id', '=', publicId).executeTakeFirst(),
    byExternalId: (externalId) =>
      db.selectFrom('articles').selectAll().where('external_id', '=', externalId).executeTakeFirst(),
    byUrl: (url) => db.selectFrom('articles').selectAll().where('url', '=', url).executeTakeFirst(),
    findDuplicate: (url, externalId) => findDuplicate(db, url, externalId),
    async byIds(ids) {
      if (ids.length === 0) return [];
      const rows = await db.selectFrom('articles').selectAll().where('id', 'in', ids).execute();
      const byId = new Map(rows.map((r) => [r.id, r]));
      return ids.map((id) => byId.get(id)).filter((r): r is ArticleRow => r !== undefined);
    },
    async tagIds(articleId) {
      const rows = await db
        .selectFrom('article_tags')
        .select('tag_id')
        .where('article_id', '=', articleId)
        .orderBy('position')
        .execute();
      return rows.map((r) => r.tag_id);
    },
    async views(rows) {
      if (rows.length === 0) return [];
      const tagRows = await db
        .selectFrom('article_tags')
        .innerJoin('tags', 'tags.id', 'article_tags.tag_id')
        .select(['article_tags.article_id', 'tags.name'])
        .where(
          'article_tags.article_id',
          'in',
          rows.map((r) => r.id),
        )
        .orderBy('article_tags.article_id')
        .orderBy('article_tags.position')
        .execute();
      const names = new Map<number, string[]>();
      for (const t of tagRows) {
        const list = names.get(t.article_id) ?? [];
        list.push(t.name);
        names.set(t.article_id, list);
      }
      return rows.map((r) => toView(r, names.get(r.id) ?? []));
    },
    async latest({ tagId, limit, offset }) {
      // The page's ids first, from the index alone, then only their rows: deep in the
      // archive (OFFSET 100,000) PostgreSQL otherwise fetches every row it skips.
      let query = db.selectFrom('articles').select('articles.id');
      if (tagId !== undefined) {
        query = query.where((eb) =>
          eb.exists(
            eb
              .selectFrom('article_tags')
              .select('article_tags.article_id')
              .whereRef('article_tags.article_id', '=', 'articles.id')
              .where('article_tags.tag_id', '=', tagId),
          ),
        );
      }
      const page = query.orderBy('published_at', 'desc').orderBy('id', 'desc').limit(limit).offset(offset);
      return db
        .selectFrom('articles')
        .selectAll()
        .where('id', 'in', page)
        .orderBy('published_at', 'desc')
        .orderBy('id', 'desc')
        .execute();
    },
    async update(articleId, fields) {
      await db.updateTable('articles').set(fields).where('id', '=', articleId).execute();
    },
    async setTags(articleId, tagIds) {
      await db.deleteFrom('article_tags').where('article_id', '=', articleId).execute();
      if (tagIds.length === 0) return;
      await withAuto
        .insertInto('article_tags')
        .values(tagIds.map((tagId, position) => ({ article_id: articleId, tag_id: tagId, position, auto: 0 })))
        .execute();
    },
    async remove(articleId) {
      await db.deleteFrom('articles').where('id', '=', articleId).execute();
    },
    async count() {
      const row = await db
        .selectFrom('articles')
        .select((eb) => eb.fn.countAll<number>().as('n'))
        .executeTakeFirstOrThrow();
      return Number(row.n);
    },
  };
}
