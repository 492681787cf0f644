import type { ChatKind, Platform } from '../domain/platform.ts';
import type { TagName } from '../domain/tags.ts';
import type { FollowMode, SubscriberRow } from '../storage/schema.ts';
import type { CoreDeps } from './deps.ts';

export interface ChatRef {
  platform: Platform;
  chatId: string;
  kind: ChatKind;
  title?: string | undefined;
  parentId?: string | undefined;
  /** A Discord forum or media channel; unchanged when absent. */
  forum?: boolean | undefined;
}

/** The outcome for each tag of a follow/unfollow/mute/unmute, for the reply to list. */
export interface FollowChange {
  /** Tags whose state changed. */
  changed: string[];
  /** Tags already in the requested state. */
  unchanged: string[];
  /** Tags nobody had used before (created by this follow). */
  created: string[];
}

export async function ensureSubscriber(deps: CoreDeps, chat: ChatRef): Promise<SubscriberRow> {
  return deps.stores.subscribers.upsert(chat, deps.clock.now().getTime());
}

/**
 * Follows (or mutes) tags: a muted tag becomes followed and the reverse. Unknown tags are
 * created. A follow routes the tags' articles to `threadId` (a forum topic of the chat;
 * null: the chat itself), moving them there from any other thread.
 */
export async function setTags(
  deps: CoreDeps,
  subscriber: SubscriberRow,
  tags: readonly TagName[],
  mode: FollowMode,
  mentionRoleId: string | null = null,
  threadId: string | null = null,
): Promise<FollowChange> {
  const now = deps.clock.now().getTime();
  return deps.stores.transaction(async (stores) => {
    const change: FollowChange = { changed: [], unchanged: [], created: [] };
    const current = new Map((await stores.subscribers.follows(subscriber.id)).map((f) => [f.tagId, f]));
    for (const tag of tags) {
      const existed = await stores.tags.find(tag.key);
      const [row] = await stores.tags.ensure([tag], now);
      if (!row) continue;
      if (!existed) change.created.push(row.name);
      const before = current.get(row.id);
      if (before?.mode === mode && before.mentionRoleId === mentionRoleId && before.threadId === threadId) {
        change.unchanged.push(row.name);
        continue;
      }
      await stores.subscribers.setFollow(subscriber.id, row.id, mode, now, mentionRoleId, threadId);
      change.changed.push(row.name);
    }
    return change;
  });
}

/** Removes follows (or mutes). Tags not in that state are reported unchanged. */
export async function clearTags(
  deps: CoreDeps,
  subscriber: SubscriberRow,
  tags: readonly TagName[],
  mode: FollowMode,
): Promise<FollowChange> {
  const change: FollowChange = { changed: [], unchanged: [], created: [] };
  for (const tag of tags) {
    const row = await deps.stores.tags.find(tag.key);
    if (row && (await deps.stores.subscribers.removeFollow(subscriber.id, row.id, mode))) change.changed.push(row.name);
    else change.unchanged.push(row?.name ?? tag.display);
  }
  return change;
}

/**
 * Marks a chat unable to receive (blocked, kicked, gone) and skips what was waiting for
 * it. Its follows stay, so coming back restores everything.
 */
export async function deactivateChat(
  deps: CoreDeps,
  platform: Platform,
  chatId: string,
  reason: string,
): Promise<boolean> {
  const sub = await deps.stores.subscribers.find(platform, chatId);
  if (!sub || sub.status === 'deactivated') return false;
  const now = deps.clock.now().getTime();
  await deps.stores.transaction(async (stores) => {
    await stores.subscribers.setStatus(sub.id, 'deactivated', reason, now);
    await stores.outbox.skipPending(sub.id, `subscriber deactivated: ${reason}`, now);
  });
  deps.logger.info({ platform, chatId, reason }, 'subscriber deactivated');
  return true;
}

/** Brings a deactivated or paused chat back (the reader said /start, or re-added the bot). */
export async function reactivateChat(deps: CoreDeps, platform: Platform, chatId: string): Promise<boolean> {
  const sub = await deps.stores.subscribers.find(platform, chatId);
  if (!sub || sub.status === 'active') return false;
  await deps.stores.subscribers.setStatus(sub.id, 'active', null, deps.clock.now().getTime());
  deps.logger.info({ platform, chatId }, 'subscriber reactivated');
  return true;
}
