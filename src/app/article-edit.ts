import { validateArticle, type ArticleInput } from '../domain/article.ts';
import { DuplicateArticleError } from '../domain/errors.ts';
import { DELETE_MAX_AGE_MS, type Platform } from '../domain/platform.ts';
import type { ArticleView } from '../domain/reply.ts';
import type { ArticleRow } from '../storage/schema.ts';
import { articleRow } from './articles.ts';
import type { CoreDeps } from './deps.ts';

/**
 * The fields of an article a correction may change, as `/edit`, `tagwire edit` and
 * `PATCH /api/articles/ID` give them (the fields of `/post` and an import line). A field
 * left out keeps its value; null or '' clears an optional one (url, image, source, date,
 * lang). The import id never changes.
 */
export interface ArticleChanges {
  title?: unknown;
  body?: unknown;
  tags?: unknown;
  url?: unknown;
  image?: unknown;
  source?: unknown;
  publishedAt?: unknown;
  language?: unknown;
}

export interface EditResult {
  article: ArticleView;
  articleId: number;
  /** The fields whose value changed, in the order of ArticleChanges. */
  changed: string[];
  /** Delivered cards to be edited in place. */
  cards: number;
  /** New deliveries: followers of the tags the correction added. */
  recipients: number;
}

const FIELDS = ['title', 'body', 'tags', 'url', 'image', 'source', 'publishedAt', 'language'] as const;

/**
 * Corrects an article: validated as a post is (the article as it will be), stored with a
 * new summary and search index, in one transaction with an edit of every card delivered
 * (the card_updates outbox; cards render the article as it is when they are edited) and
 * a delivery to the followers of the tags it gained. A tag it lost recalls no card.
 */
export async function editArticle(deps: CoreDeps, row: ArticleRow, changes: ArticleChanges): Promise<EditResult> {
  const [before] = await deps.stores.articles.views([row]);
  if (!before) throw new Error('article view missing');
  const current: ArticleInput = {
    title: row.title,
    body: row.body,
    tags: before.tags,
    url: row.url,
    image: row.image_url,
    source: row.source,
    publishedAt: row.date_given === 1 ? new Date(Number(row.published_at)).toISOString() : null,
    language: row.language,
    externalId: row.external_id,
  };
  const given = Object.fromEntries(FIELDS.filter((f) => changes[f] !== undefined).map((f) => [f, changes[f]]));
  const article = validateArticle({ ...current, ...given });
  const now = deps.clock.now().getTime();
  const correct = () =>
    deps.stores.transaction(async (stores) => {
      if (article.url !== null && article.url !== row.url) {
        const duplicate = await stores.articles.findDuplicate(article.url, null);
        if (duplicate) throw duplicate;
      }
      const fields = articleRow(article, Number(row.created_at), row.posted_by);
      const update = {
        title: fields.title,
        body: fields.body,
        summary: fields.summary,
        language: fields.language,
        url: fields.url,
        source: fields.source,
        image_url: fields.image_url,
        // No date given keeps the posting time, as when it was posted.
        published_at: article.publishedAt?.getTime() ?? Number(row.created_at),
        date_given: article.publishedAt ? 1 : 0,
      };
      const oldTagIds = await stores.articles.tagIds(row.id);
      const tags = await stores.tags.ensure(article.tags, now);
      const tagIds = [...new Set(tags.map((t) => t.id))];
      const tagsChanged = tagIds.join(',') !== oldTagIds.join(',');
      // Each field before and after; what the correction changed of what it gave (a language
      // detected anew is not news to its author).
      const beforeAfter: Record<Exclude<(typeof FIELDS)[number], 'tags'>, [unknown, unknown]> = {
        title: [row.title, update.title],
        body: [row.body, update.body],
        url: [row.url, update.url],
        image: [row.image_url, update.image_url],
        source: [row.source, update.source],
        publishedAt: [Number(row.published_at), update.published_at],
        language: [row.language, update.language],
      };
      const changed = FIELDS.filter(
        (f) => changes[f] !== undefined && (f === 'tags' ? tagsChanged : beforeAfter[f][0] !== beforeAfter[f][1]),
      );
      // Nothing it gave differs: no card is touched.
      if (changed.length === 0) return { cards: 0, recipients: 0, changed };
      await stores.articles.update(row.id, update);
      if (tagsChanged) await stores.articles.setTags(row.id, tagIds);
      const added = tagIds.filter((id) => !oldTagIds.includes(id));
      const cards = await stores.cardUpdates.enqueueEdits(row.id, now, { media: changed.includes('image') });
      const recipients = added.length > 0 ? await stores.outbox.fanOut(row.id, now, undefined, added) : 0;
      return { cards, recipients, changed };
    });
  const result = await correct().catch(async (err: unknown) => {
    // A correction racing another to the same URL passes the check above and meets the
    // unique key instead: once rolled back, it is refused as the duplicate it is.
    if (!(err instanceof DuplicateArticleError) && article.url !== null && article.url !== row.url) {
      const duplicate = await deps.stores.articles.findDuplicate(article.url, null);
      if (duplicate) throw duplicate;
    }
    throw err;
  });
  if (result.cards + result.recipients > 0) deps.onEnqueued();
  const fresh = await deps.stores.articles.byIds([row.id]);
  const [view] = await deps.stores.articles.views(fresh);
  if (!view) throw new Error('article vanished after its edit');
  deps.logger.info({ article: row.public_id, changed: result.changed, cards: result.cards }, 'article edited');
  return { article: view, articleId: row.id, ...result };
}

export interface DeleteResult {
  /** Delivered cards to be deleted (`everywhere`), and those too old for their platform to delete. */
  cards: number;
  tooOld: number;
}

/**
 * Deletes an article from the archive; its undelivered copies go with it. `everywhere`
 * also deletes the cards delivered (through the card_updates outbox), but for those
 * older than their platform deletes (Telegram: 48 hours), which are counted.
 */
export async function removeArticle(deps: CoreDeps, row: ArticleRow, everywhere: boolean): Promise<DeleteResult> {
  const now = deps.clock.now().getTime();
  const olderThan = Object.fromEntries(
    Object.entries(DELETE_MAX_AGE_MS).map(([platform, age]) => [platform, now - age]),
  ) as Partial<Record<Platform, number>>;
  const result = await deps.stores.transaction(async (stores) => {
    const enqueued = everywhere
      ? await stores.cardUpdates.enqueueDeletes(row.id, now, olderThan)
      : { queued: 0, tooOld: 0 };
    await stores.articles.remove(row.id);
    return { cards: enqueued.queued, tooOld: enqueued.tooOld };
  });
  if (result.cards > 0) deps.onEnqueued();
  deps.logger.info(
    { article: row.public_id, everywhere, cards: result.cards, tooOld: result.tooOld },
    'article deleted',
  );
  return result;
}
