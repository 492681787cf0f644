import type { CoreHandle } from '../../src/runtime.ts';

/**
 * Posts an article about #Armenia with every field set (URL, picture, source, date,
 * language, import id `wire/1`) to the chats that follow it, and marks its deliveries sent
 * as message m1, as if the worker had delivered them: a card a correction can edit.
 * Returns its ids and how many deliveries were marked.
 */
export async function postDeliveredArticle(
  handle: CoreHandle,
): Promise<{ id: string; articleId: number; delivered: number }> {
  const posted = await handle.core.postArticle(
    {
      title: 'Armenia freezes CSTO',
      tags: ['Armenia'],
      body: 'Armenia froze its participation in the treaty. Officials confirmed it on Monday.',
      url: 'https://news.example/armenia',
      image: 'https://images.example.com/armenia.jpg',
      source: 'Wire',
      publishedAt: '2024-05-01T10:00:00Z',
      language: 'ru',
      externalId: 'wire/1',
    },
    { postedBy: 'test', notify: true },
  );
  const sent = await handle.storage.db
    .updateTable('deliveries')
    .set({ status: 'sent', message_id: 'm1', sent_at: handle.deps.clock.now().getTime() })
    .where('article_id', '=', posted.articleId)
    .executeTakeFirst();
  return { id: posted.article.publicId, articleId: posted.articleId, delivered: Number(sent.numUpdatedRows) };
}

/** An article's deliveries (chat and status) and its card updates, for assertions after a correction. */
export function correctionRows(handle: CoreHandle) {
  return {
    deliveries: (articleId: number) =>
      handle.storage.db
        .selectFrom('deliveries')
        .select(['subscriber_id', 'status'])
        .where('article_id', '=', articleId)
        .orderBy('subscriber_id')
        .execute(),
    cardUpdates: (articleId: number) =>
      handle.storage.db
        .selectFrom('card_updates')
        .select(['op', 'status', 'message_id'])
        .where('article_id', '=', articleId)
        .execute(),
  };
}
