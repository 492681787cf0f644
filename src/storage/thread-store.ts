import type { Kysely } from 'kysely';
import type { Database } from './schema.ts';

/** A thread of a chat the bot routes to (a Telegram forum topic), as /tags shows it. */
export interface ChatThread {
  threadId: string;
  /** The thread's name as the platform last told it; null until it did. */
  name: string | null;
  /** Set while the thread cannot take messages: its articles are skipped, the rest of the chat goes on. */
  pausedAt: number | null;
  pausedReason: string | null;
}

/**
 * The threads of chats (migrations/0015_chat_threads.ts): their names and paused routes.
 * Which tags go to a thread is kept on the follows (follows.thread_id).
 */
export interface ThreadStore {
  /** Records a thread of a chat, and its name when known (a known name is kept when `name` is null). */
  note(subscriberId: number, threadId: string, name: string | null, now: number): Promise<void>;
  /** Pauses the thread's route; false when it was already paused. */
  pause(subscriberId: number, threadId: string, reason: string, now: number): Promise<boolean>;
  /** Resumes the thread's route; false when it was not paused. */
  resume(subscriberId: number, threadId: string, now: number): Promise<boolean>;
  /** The chat's threads that some follow routes to, or that are known by name. */
  list(subscriberId: number): Promise<ChatThread[]>;
}

export function createThreadStore(db: Kysely<Database>): ThreadStore {
  const insert = (subscriberId: number, threadId: string, now: number, name: string | null = null) =>
    db
      .insertInto('chat_threads')
      .values({
        subscriber_id: subscriberId,
        thread_id: threadId,
        name,
        paused_at: null,
        paused_reason: null,
        updated_at: now,
      })
      .onConflict((oc) => oc.columns(['subscriber_id', 'thread_id']).doNothing())
      .execute();
  return {
    async note(subscriberId, threadId, name, now) {
      await insert(subscriberId, threadId, now, name);
      if (name !== null)
        await db
          .updateTable('chat_threads')
          .set({ name, updated_at: now })
          .where('subscriber_id', '=', subscriberId)
          .where('thread_id', '=', threadId)
          .where((eb) => eb.or([eb('name', 'is', null), eb('name', '!=', name)]))
          .execute();
    },
    async pause(subscriberId, threadId, reason, now) {
      await insert(subscriberId, threadId, now);
      const result = await db
        .updateTable('chat_threads')
        .set({ paused_at: now, paused_reason: reason, updated_at: now })
        .where('subscriber_id', '=', subscriberId)
        .where('thread_id', '=', threadId)
        .where('paused_at', 'is', null)
        .executeTakeFirst();
      return Number(result.numUpdatedRows) > 0;
    },
    async resume(subscriberId, threadId, now) {
      const result = await db
        .updateTable('chat_threads')
        .set({ paused_at: null, paused_reason: null, updated_at: now })
        .where('subscriber_id', '=', subscriberId)
        .where('thread_id', '=', threadId)
        .where('paused_at', 'is not', null)
        .executeTakeFirst();
      return Number(result.numUpdatedRows) > 0;
    },
    async list(subscriberId) {
      const rows = await db
        .selectFrom('chat_threads')
        .select(['thread_id', 'name', 'paused_at', 'paused_reason'])
        .where('subscriber_id', '=', subscriberId)
        .orderBy('thread_id')
        .execute();
      return rows.map((r) => ({
        threadId: r.thread_id,
        name: r.name,
        pausedAt: r.paused_at === null ? null : Number(r.paused_at),
        pausedReason: r.paused_reason,
      }));
    },
  };
}
