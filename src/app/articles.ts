import { MAX_TAGS_PER_ARTICLE, validateArticle, type ArticleInput, type ValidArticle } from '../domain/article.ts';
import { msg, NotFoundError, UserInputError } from '../domain/errors.ts';
import { generatePublicId, parsePublicId } from '../domain/public-id.ts';
import type { ArticleView } from '../domain/reply.ts';
import { describeArticle, type ArticleDescription } from '../domain/article-description.ts';
import { parseTagName, tagKey } from '../domain/tags.ts';
import { withoutDateline, type AutoTagger } from '../domain/auto-tag.ts';
import { loadAutoTagger } from './auto-tag.ts';
import type { BulkArticle } from '../storage/article-bulk.ts';
import type { ArticleRow } from '../storage/schema.ts';
import type { Stores } from '../storage/stores.ts';
import type { CoreDeps } from './deps.ts';
import { searchRecipients } from './saved-searches.ts';

export interface PostOptions {
  /** Who posted: "telegram:123", "cli", "import", "feed:3", "api". */
  postedBy: string;
  /** Fan the article out to followers (false for a quiet import). */
  notify: boolean;
  /**
   * Also give the article every known tag whose name or alias its title or body names
   * as whole words (src/feeds/auto-tag.ts); those tags are marked automatic. `true`
   * reads the known tags now; a tagger from loadAutoTagger saves that read when posting
   * many articles. Default: off, only the tags given.
   */
  autoTag?: boolean | AutoTagger;
}

export interface PostResult {
  article: ArticleView;
  articleId: number;
  /** Deliveries enqueued. */
  recipients: number;
  /** Display names of the tags auto-tagging added (none unless `autoTag` was on). */
  autoTags: string[];
}

/** Validates, stores and (optionally) fans out an article, all in one transaction. */
export async function postArticle(deps: CoreDeps, input: ArticleInput, options: PostOptions): Promise<PostResult> {
  const tagger = options.autoTag === true ? await loadAutoTagger(deps.stores) : options.autoTag || null;
  const { input: tagged, givenKeys } = tagger ? withAutoTags(input, tagger) : { input, givenKeys: null };
  const article = validateArticle(tagged);
  const now = deps.clock.now().getTime();
  const result = await deps.stores.transaction(async (stores) => {
    await refuseDuplicate(stores, article.url, article.externalId);
    const tags = await stores.tags.ensure(article.tags, now);
    // An alias and its tag resolve to one row: keep each tag once; given beats automatic.
    const given = new Set(
      tags.filter((_, i) => givenKeys === null || givenKeys.has(article.tags[i]?.key ?? '')).map((t) => t.id),
    );
    const unique = [...new Map(tags.map((t) => [t.id, t])).values()];
    const autoTags = unique.filter((t) => !given.has(t.id));
    const row = await insertWithFreshId(
      stores,
      articleRow(article, now, options.postedBy),
      unique.map((t) => t.id),
      autoTags.map((t) => t.id),
    );
    const recipients = options.notify
      ? await fanOutArticle(
          stores,
          row.id,
          article,
          unique.map((t) => t.name),
          now,
        )
      : 0;
    return { row, recipients, autoTags: autoTags.map((t) => t.name) };
  });
  if (result.recipients > 0) deps.onEnqueued();
  const [view] = await deps.stores.articles.views([result.row]);
  deps.logger.debug(
    { article: result.row.public_id, recipients: result.recipients, postedBy: options.postedBy },
    'article posted',
  );
  return {
    article: view ?? unreachable(),
    articleId: result.row.id,
    recipients: result.recipients,
    autoTags: result.autoTags,
  };
}

/**
 * The row an article is stored as (its public id aside): the summary, the publication
 * time (the posting time when none was given). One rule for posting and importing.
 */
export function articleRow(article: ValidArticle, now: number, postedBy: string): ArticleRowInput {
  return articleRowFrom(article, describeArticle(article), now, postedBy);
}

/** The row of an article whose description is already made (an import prepares it in a worker thread). */
export function articleRowFrom(
  article: ValidArticle,
  { language, summary }: ArticleDescription,
  now: number,
  postedBy: string,
): ArticleRowInput {
  return {
    external_id: article.externalId,
    title: article.title,
    body: article.body,
    summary,
    language,
    url: article.url,
    source: article.source,
    image_url: article.imageUrl,
    published_at: article.publishedAt?.getTime() ?? now,
    date_given: article.publishedAt ? 1 : 0,
    created_at: now,
    posted_by: postedBy,
  };
}

/** An article row before its public id is drawn. */
export type ArticleRowInput = BulkArticle['row'];

/**
 * Enqueues a new article for its recipients: the chats following its tags, with its
 * saved-search matches (src/app/saved-searches.ts). Returns the deliveries enqueued.
 */
export async function fanOutArticle(
  stores: Stores,
  articleId: number,
  article: { title: string; body: string },
  tagNames: string[],
  now: number,
): Promise<number> {
  const searches = await searchRecipients(stores, { title: article.title, body: article.body, tags: tagNames });
  return stores.outbox.fanOut(articleId, now, searches);
}

/**
 * Appends the tags the text names to the input's tags (up to the per-article limit),
 * and says which keys were given. Bad input is left for validateArticle to report.
 */
function withAutoTags(input: ArticleInput, tagger: AutoTagger): { input: ArticleInput; givenKeys: Set<string> } {
  const raw = input.tags === undefined || input.tags === null ? [] : input.tags;
  if (!Array.isArray(raw)) return { input, givenKeys: new Set() };
  const givenKeys = new Set<string>();
  for (const tag of raw) {
    if (typeof tag !== 'string') continue;
    try {
      givenKeys.add(parseTagName(tag).key);
    } catch {
      /* reported by validateArticle */
    }
  }
  // The body's dateline names where the story was filed, not what it is about.
  const body = typeof input.body === 'string' ? withoutDateline(input.body) : null;
  const text = [input.title, body].filter((v): v is string => typeof v === 'string').join('\n');
  const found = tagger.find(text).filter((name) => !givenKeys.has(tagKey(name)));
  const room = Math.max(0, MAX_TAGS_PER_ARTICLE - givenKeys.size);
  return { input: { ...input, tags: [...raw, ...found.slice(0, room)] }, givenKeys };
}

async function refuseDuplicate(stores: Stores, url: string | null, externalId: string | null): Promise<void> {
  const duplicate = await stores.articles.findDuplicate(url, externalId);
  if (duplicate) throw duplicate;
}

async function insertWithFreshId(
  stores: Stores,
  row: Omit<Parameters<Stores['articles']['insert']>[0], 'public_id'>,
  tagIds: number[],
  autoTagIds: number[],
): Promise<ArticleRow> {
  for (let attempt = 0; ; attempt++) {
    const publicId = generatePublicId();
    if (attempt < 5 && (await stores.articles.byPublicId(publicId))) continue;
    // A concurrent post of the same URL or import id throws DuplicateArticleError here,
    // as the check above does for a sequential one; null means the public id was taken.
    const inserted = await stores.articles.insert({ ...row, public_id: publicId }, tagIds, { autoTagIds });
    if (inserted) return inserted;
    if (attempt >= 20) throw new Error('no free article id after 20 tries');
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
  if (trimmed === '') throw new UserInputError(msg('err-which-article'), '/related k3x9pq');
  if (external) {
    const row = await stores.articles.byExternalId(trimmed);
    if (!row) throw new NotFoundError(msg('err-no-import-id', { id: trimmed.slice(0, 60) }));
    return row;
  }
  const publicId = parsePublicId(trimmed);
  if (publicId === null) {
    throw new UserInputError(msg('err-not-an-id', { text: trimmed.slice(0, 40) }), '/related k3x9pq');
  }
  const row = await stores.articles.byPublicId(publicId);
  if (!row) throw new NotFoundError(msg('err-no-article', { id: publicId }));
  return row;
}

export async function deleteArticle(deps: CoreDeps, rawId: string): Promise<ArticleRow> {
  const row = await findArticle(deps.stores, rawId);
  await deps.stores.articles.remove(row.id);
  deps.logger.info({ article: row.public_id }, 'article deleted');
  return row;
}
