import { validateArticle, type ArticleInput } from '../domain/article.ts';
import { DuplicateArticleError, NotFoundError, UserInputError } from '../domain/errors.ts';
import { generatePublicId, parsePublicId } from '../domain/public-id.ts';
import type { ArticleView } from '../domain/reply.ts';
import { summarize } from '../domain/summary.ts';
import type { ArticleRow } from '../storage/schema.ts';
import type { Stores } from '../storage/stores.ts';
import type { CoreDeps } from './deps.ts';

export interface PostOptions {
  /** Who posted: "telegram:123", "cli", "import". */
  postedBy: string;
  /** Fan the article out to followers (false for a quiet import). */
  notify: boolean;
}

export interface PostResult {
  article: ArticleView;
  articleId: number;
  /** Deliveries enqueued. */
  recipients: number;
}

/** Validates, stores and (optionally) fans out an article, all in one transaction. */
export async function postArticle(deps: CoreDeps, input: ArticleInput, options: PostOptions): Promise<PostResult> {
  const article = validateArticle(input);
  const now = deps.clock.now().getTime();
  const result = await deps.stores.transaction(async (stores) => {
    await refuseDuplicate(stores, article.url, article.externalId);
    const tags = await stores.tags.ensure(article.tags, now);
    const row = await insertWithFreshId(stores, {
      external_id: article.externalId,
      title: article.title,
      body: article.body,
      summary: summarize(article.body, article.title),
      url: article.url,
      source: article.source,
      published_at: article.publishedAt?.getTime() ?? now,
      date_given: article.publishedAt ? 1 : 0,
      created_at: now,
      posted_by: options.postedBy,
    }, tags.map((t) => t.id));
    const recipients = options.notify ? await stores.outbox.fanOut(row.id, now) : 0;
    return { row, tagNames: tags.map((t) => t.name), recipients };
  });
  if (result.recipients > 0) deps.onEnqueued();
  const [view] = await deps.stores.articles.views([result.row]);
  deps.logger.debug({ article: result.row.public_id, recipients: result.recipients, postedBy: options.postedBy }, 'article posted');
  return { article: view ?? unreachable(), articleId: result.row.id, recipients: result.recipients };
}

async function refuseDuplicate(stores: Stores, url: string | null, externalId: string | null): Promise<void> {
  if (externalId !== null) {
    const existing = await stores.articles.byExternalId(externalId);
    if (existing) throw new DuplicateArticleError(existing.public_id, 'externalId');
  }
  if (url !== null) {
    const existing = await stores.articles.byUrl(url);
    if (existing) throw new DuplicateArticleError(existing.public_id, 'url');
  }
}

async function insertWithFreshId(stores: Stores, row: Omit<Parameters<Stores['articles']['insert']>[0], 'public_id'>, tagIds: number[]): Promise<ArticleRow> {
  for (let attempt = 0; ; attempt++) {
    const publicId = generatePublicId();
    if (attempt < 5 && (await stores.articles.byPublicId(publicId))) continue;
    return stores.articles.insert({ ...row, public_id: publicId }, tagIds);
  }
}

function unreachable(): never {
  throw new Error('article vanished after insert');
}

/**
 * Finds an article by the id users type (`k3x9pq`), or by its import id when
 * `external` is set. Throws NotFoundError with a message fit for a reader.
 */
export async function findArticle(stores: Stores, rawId: string, external = false): Promise<ArticleRow> {
  const trimmed = rawId.trim();
  if (trimmed === '') throw new UserInputError('Which article? Give its id.', '/related k3x9pq');
  if (external) {
    const row = await stores.articles.byExternalId(trimmed);
    if (!row) throw new NotFoundError(`No article has the import id "${trimmed.slice(0, 60)}".`);
    return row;
  }
  const publicId = parsePublicId(trimmed);
  if (publicId === null) {
    throw new UserInputError(`"${trimmed.slice(0, 40)}" is not an article id. Ids are 6 letters and digits, shown under each article.`, '/related k3x9pq');
  }
  const row = await stores.articles.byPublicId(publicId);
  if (!row) throw new NotFoundError(`No article has the id ${publicId}. It may have been deleted.`);
  return row;
}

export async function deleteArticle(deps: CoreDeps, rawId: string): Promise<ArticleRow> {
  const row = await findArticle(deps.stores, rawId);
  await deps.stores.articles.remove(row.id);
  deps.logger.info({ article: row.public_id }, 'article deleted');
  return row;
}
