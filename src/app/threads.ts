import type { Platform } from '../domain/platform.ts';
import { localeOr, noticeText } from '../i18n/index.ts';
import type { SubscriberRow } from '../storage/schema.ts';
import type { ChatThread } from '../storage/thread-store.ts';
import type { CoreDeps } from './deps.ts';

/**
 * Threads inside a chat (Telegram forum topics): `/follow` in a topic routes its tags
 * there, and the platform tells the adapter when a topic is created, renamed, closed or
 * reopened. A closed or deleted topic pauses its route only (the delivery worker finds
 * out on its own when a send is refused); reopening resumes it.
 */

export type ThreadEvent =
  { kind: 'named'; name: string } | { kind: 'closed' } | { kind: 'reopened' } | { kind: 'deleted' };

/**
 * The notice stored for a chat whose route to a thread paused (subscribers.notice, shown
 * once above its next reply) and posted in the chat itself, its language's words chosen
 * when it is shown (src/i18n: noticeText).
 */
export function threadPausedNotice(threadName: string, reason: 'closed' | 'deleted'): string {
  return `@notice-thread-paused ${JSON.stringify({ thread: threadName, reason })}`;
}

/**
 * Applies what the platform said of a thread. Returns what to tell the chat itself (its
 * main thread: a Telegram forum's General topic), in the chat's language, when a route
 * paused: that the topic's deliveries stopped and how to bring them back; else null.
 */
export async function threadChanged(
  deps: CoreDeps,
  platform: Platform,
  chatId: string,
  threadId: string,
  event: ThreadEvent,
): Promise<string | null> {
  const sub = await deps.stores.subscribers.find(platform, chatId);
  if (!sub) return null;
  const now = deps.clock.now().getTime();
  const { threads } = deps.stores;
  switch (event.kind) {
    case 'named':
      await threads.note(sub.id, threadId, event.name, now);
      return null;
    case 'reopened':
      await threads.resume(sub.id, threadId, now);
      return null;
    case 'closed':
    case 'deleted': {
      const routed =
        sub.digest_thread_id === threadId ||
        (await deps.stores.subscribers.follows(sub.id)).some((f) => f.threadId === threadId);
      if (!routed) return null;
      const paused = await threads.pause(sub.id, threadId, `${event.kind}: the topic was ${event.kind}`, now);
      if (!paused) return null;
      deps.logger.info({ platform, chatId, threadId, event: event.kind }, 'thread route paused');
      const thread = (await threads.list(sub.id)).find((t) => t.threadId === threadId);
      return noticeText(threadPausedNotice(threadLabel(thread, threadId), event.kind), localeOr(sub.language));
    }
  }
}

/** How /tags names a thread: its name, or its number until the platform told the name. */
export function threadLabel(thread: Pick<ChatThread, 'threadId' | 'name'> | undefined, threadId: string): string {
  return thread?.name ?? `#${threadId}`;
}

/** Creates a thread of the chat on its platform (a forum topic); see CommandContext.createThread. */
export type CreateThread = (name: string) => Promise<{ id: string; name: string }>;

/**
 * `/topics auto`: gives each of these followed tags (by name, with the name its topic
 * gets) that goes to the chat itself a thread of its own, and routes the tag there.
 * Stops at the first refusal (a ThreadCreationError) and rethrows it; the tags done by
 * then keep their topics. Returns how many topics were created.
 */
export async function giveThreads(
  deps: CoreDeps,
  subscriber: SubscriberRow,
  tags: readonly { name: string; topic: string }[],
  createThread: CreateThread,
): Promise<number> {
  const follows = new Map((await deps.stores.subscribers.follows(subscriber.id)).map((f) => [f.name, f] as const));
  let created = 0;
  for (const tag of tags) {
    const follow = follows.get(tag.name);
    if (follow?.mode !== 'follow' || follow.threadId !== null) continue;
    const thread = await createThread(tag.topic);
    const now = deps.clock.now().getTime();
    await deps.stores.threads.note(subscriber.id, thread.id, thread.name, now);
    await deps.stores.subscribers.setFollow(
      subscriber.id,
      follow.tagId,
      'follow',
      now,
      follow.mentionRoleId,
      thread.id,
    );
    created++;
  }
  return created;
}
