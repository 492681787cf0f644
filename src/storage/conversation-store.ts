import type { Kysely } from 'kysely';
import type { Database } from './schema.ts';

/**
 * Short-lived conversation state (migrations/0008_conversations.ts): what a conversation
 * spread over several messages (a guided /post) has gathered so far, kept in the
 * database so that any bot process on it can take the next message. Platform-neutral:
 * the key and the data are the adapter's (e.g. "telegram:CHAT:USER" and JSON).
 * An expired row is never returned; expired rows are deleted by `prune`, which `put`
 * runs on the way (conversations are rare, and the index on expires_at keeps it cheap).
 */
export interface ConversationStore {
  /** Stores (or replaces) the state under `key` until `expiresAt` (epoch ms). */
  put(key: string, data: string, expiresAt: number, now: number): Promise<void>;
  /** The state under `key`, unless it expired by `now`. */
  get(key: string, now: number): Promise<string | undefined>;
  /** Forgets the state under `key`; whether there was one (expired or not). */
  delete(key: string): Promise<boolean>;
  /** Deletes the states expired by `now`; returns how many. */
  prune(now: number): Promise<number>;
}

export function createConversationStore(db: Kysely<Database>): ConversationStore {
  const prune = async (now: number) => {
    const result = await db.deleteFrom('conversations').where('expires_at', '<=', now).executeTakeFirst();
    return Number(result.numDeletedRows);
  };
  return {
    async put(key, data, expiresAt, now) {
      await prune(now);
      await db
        .insertInto('conversations')
        .values({ key, data, expires_at: expiresAt })
        .onConflict((oc) => oc.column('key').doUpdateSet({ data, expires_at: expiresAt }))
        .execute();
    },
    async get(key, now) {
      const row = await db
        .selectFrom('conversations')
        .select('data')
        .where('key', '=', key)
        .where('expires_at', '>', now)
        .executeTakeFirst();
      return row?.data;
    },
    async delete(key) {
      const result = await db.deleteFrom('conversations').where('key', '=', key).executeTakeFirst();
      return Number(result.numDeletedRows) > 0;
    },
    prune,
  };
}

/**
 * The conversation state as adapters see it (Core.conversations): lifetimes instead of
 * instants, measured on the core's clock.
 */
export interface Conversations {
  /** The state under `key`, if one was put and has not expired. */
  get(key: string): Promise<string | undefined>;
  /** Stores the state under `key` for `ttlMs` from now, replacing any earlier one. */
  put(key: string, data: string, ttlMs: number): Promise<void>;
  /** Forgets the state under `key`; whether there was one. */
  delete(key: string): Promise<boolean>;
}

export function conversationsOver(store: ConversationStore, now: () => number): Conversations {
  return {
    get: (key) => store.get(key, now()),
    put: (key, data, ttlMs) => {
      const at = now();
      return store.put(key, data, at + ttlMs, at);
    },
    delete: (key) => store.delete(key),
  };
}
