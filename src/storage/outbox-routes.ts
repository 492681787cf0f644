import type { Kysely } from 'kysely';
import type { Database } from './schema.ts';

/** A claimed row whose every route is paused (closed or deleted topics): skipped, not sent. */
export const PAUSED_ROUTE = Symbol('paused route');

/** Where a claimed row goes in its chat, and what of the article the chat follows. */
export interface Route {
  roles: string[];
  tags: string[];
  threadId: string | null | typeof PAUSED_ROUTE;
}

/**
 * Per claimed row ("subscriberId:articleId"): the roles to mention, the followed tags, and the thread it goes
 * to. One query for the whole batch: the follows of the batch's chats that match the
 * batch's articles, each with its tag's position in the article and its thread's pause.
 * The row goes to the thread of the first of the article's tags the chat follows whose
 * route is not paused; nowhere (PAUSED_ROUTE) when every matching route is paused; to the
 * chat itself when no follow matches (a followed search brought it).
 */
export async function routesFor(
  db: Kysely<Database>,
  rows: readonly { id: number; subscriber_id: number; article_id: number }[],
): Promise<Map<string, Route>> {
  const found = await db
    .selectFrom('follows')
    .innerJoin('article_tags', 'article_tags.tag_id', 'follows.tag_id')
    .innerJoin('tags', 'tags.id', 'follows.tag_id')
    .leftJoin('chat_threads', (join) =>
      join
        .onRef('chat_threads.subscriber_id', '=', 'follows.subscriber_id')
        .onRef('chat_threads.thread_id', '=', 'follows.thread_id'),
    )
    .select([
      'follows.subscriber_id',
      'article_tags.article_id',
      'article_tags.position',
      'tags.name',
      'follows.mention_role_id',
      'follows.thread_id',
      'chat_threads.paused_at',
    ])
    .where('follows.subscriber_id', 'in', [...new Set(rows.map((r) => r.subscriber_id))])
    .where('article_tags.article_id', 'in', [...new Set(rows.map((r) => r.article_id))])
    .where('follows.mode', '=', 'follow')
    .execute();
  found.sort((a, b) => a.position - b.position);
  const routes = new Map<string, Route>();
  for (const r of found) {
    const key = `${r.subscriber_id}:${r.article_id}`;
    const route = routes.get(key) ?? { roles: [], tags: [], threadId: PAUSED_ROUTE };
    routes.set(key, route);
    route.tags.push(r.name);
    if (r.mention_role_id !== null && !route.roles.includes(r.mention_role_id)) route.roles.push(r.mention_role_id);
    if (route.threadId === PAUSED_ROUTE && (r.thread_id === null || r.paused_at === null)) route.threadId = r.thread_id;
  }
  return routes;
}
