import { PostgresAdapter, type Kysely } from 'kysely';
import { createArticleStore, type ArticleStore } from './article-store.ts';
import { createButtonStore, type ButtonStore } from './button-store.ts';
import { createConversationStore, type ConversationStore } from './conversation-store.ts';
import { createOutboxStore, type OutboxStore } from './outbox-store.ts';
import { createScheduleStore, type ScheduleStore } from './schedule-store.ts';
import type { Database } from './schema.ts';
import { createSearchStore, type SearchStore } from './search-store.ts';
import { createPostgresSearchStore } from './search-store-postgres.ts';
import { createSubscriberStore, type SubscriberStore } from './subscriber-store.ts';
import { createTagStore, type TagStore } from './tag-store.ts';

/** Every store over one connection or transaction. */
export interface Stores {
  db: Kysely<Database>;
  /** The engine: PostgreSQL allows several workers and schedulers at once. */
  dialect: 'sqlite' | 'postgres';
  tags: TagStore;
  articles: ArticleStore;
  subscribers: SubscriberStore;
  outbox: OutboxStore;
  search: SearchStore;
  buttons: ButtonStore;
  /** State of conversations spread over several messages (a guided /post). */
  conversations: ConversationStore;
  /** Digests, quiet hours and pause, on the outbox. */
  schedules: ScheduleStore;
  /** Runs `work` in a transaction with stores bound to it. */
  transaction<T>(work: (stores: Stores) => Promise<T>): Promise<T>;
}

export function createStores(db: Kysely<Database>): Stores {
  const postgres = db.getExecutor().adapter instanceof PostgresAdapter;
  return {
    db,
    dialect: postgres ? 'postgres' : 'sqlite',
    tags: createTagStore(db),
    articles: createArticleStore(db),
    subscribers: createSubscriberStore(db),
    outbox: createOutboxStore(db),
    search: postgres ? createPostgresSearchStore(db) : createSearchStore(db),
    buttons: createButtonStore(db),
    conversations: createConversationStore(db),
    schedules: createScheduleStore(db),
    transaction: (work) => (db.isTransaction ? work(createStores(db)) : db.transaction().execute((trx) => work(createStores(trx)))),
  };
}
