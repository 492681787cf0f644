import { sql, type Kysely } from 'kysely';
import { createArticleStore, type ArticleStore } from './article-store.ts';
import { createButtonStore, type ButtonStore } from './button-store.ts';
import { createCardUpdateStore, type CardUpdateStore } from './card-update-store.ts';
import type { Engine, StorageCapabilities } from './connect.ts';
import { createConversationStore, type ConversationStore } from './conversation-store.ts';
import { createFeedStore, type FeedStore } from './feed-store.ts';
import { createJobRunStore, type JobRunStore } from './job-run-store.ts';
import { createOutboxStore, type OutboxStore } from './outbox-store.ts';
import { createRateSlotStore, type RateSlotStore } from './rate-slot-store.ts';
import { createSavedSearchStore, type SavedSearchStore } from './saved-search-store.ts';
import { createScheduleStore, type ScheduleStore } from './schedule-store.ts';
import { createSessionStore, type SessionStore } from './session-store.ts';
import { createNewsroomStore, type NewsroomStore } from './newsroom-store.ts';
import type { Database } from './schema.ts';
import { createSearchStore, type SearchStore } from './search-store.ts';
import { createPostgresSearchStore } from './search-store-postgres.ts';
import { createSubscriberStore, type SubscriberStore } from './subscriber-store.ts';
import { createTagStore, type TagStore } from './tag-store.ts';
import { createThreadStore, type ThreadStore } from './thread-store.ts';
import { createLockStore, type LockStore } from './worker-lock-store.ts';

/**
 * Every store over one connection or transaction: the one door to the database. Nothing
 * outside src/storage/ speaks SQL or sees the Kysely instance.
 */
export interface Stores {
  /** What the engine can do (several processes at once, which search backs it). */
  capabilities: StorageCapabilities;
  tags: TagStore;
  articles: ArticleStore;
  subscribers: SubscriberStore;
  /** Threads of chats (forum topics) and their paused routes. */
  threads: ThreadStore;
  outbox: OutboxStore;
  /** Changes to delivered cards: edits after a correction, deletes (a second outbox). */
  cardUpdates: CardUpdateStore;
  search: SearchStore;
  buttons: ButtonStore;
  /** State of conversations spread over several messages (a guided /post). */
  conversations: ConversationStore;
  /** Digests, quiet hours and pause, on the outbox. */
  schedules: ScheduleStore;
  /** Feeds and the entries already taken from them. */
  feeds: FeedStore;
  /** Searches chats follow and words they mute. */
  savedSearches: SavedSearchStore;
  /** The platforms' shared send schedules (several workers on PostgreSQL). */
  rateSlots: RateSlotStore;
  /** Named locks a process holds (the SQLite delivery worker's). */
  locks: LockStore;
  /** Cron job ticks, claimed by one scheduler each. */
  jobRuns: JobRunStore;
  /** The newsroom's sign-in links, sessions and audit log. */
  webSessions: SessionStore;
  /** The newsroom's read-only views: deliveries per hour, chats, tags, articles in pages. */
  newsroom: NewsroomStore;
  /** A round trip to the database (health checks); throws when it is unreachable. */
  ping(): Promise<void>;
  /** Runs `work` in a transaction with stores bound to it. */
  transaction<T>(work: (stores: Stores) => Promise<T>): Promise<T>;
}

/** The stores over `db` (a connection or a transaction); built by openStorage (./connect.ts). */
export function createStores(db: Kysely<Database>, engine: Engine, capabilities: StorageCapabilities): Stores {
  const postgres = engine === 'postgres';
  return {
    capabilities,
    tags: createTagStore(db),
    articles: createArticleStore(db),
    subscribers: createSubscriberStore(db),
    threads: createThreadStore(db),
    outbox: createOutboxStore(db, postgres),
    cardUpdates: createCardUpdateStore(db, postgres),
    search: postgres ? createPostgresSearchStore(db) : createSearchStore(db),
    buttons: createButtonStore(db),
    conversations: createConversationStore(db),
    schedules: createScheduleStore(db),
    feeds: createFeedStore(db),
    savedSearches: createSavedSearchStore(db),
    rateSlots: createRateSlotStore(db),
    locks: createLockStore(db),
    jobRuns: createJobRunStore(db),
    webSessions: createSessionStore(db),
    newsroom: createNewsroomStore(db),
    async ping() {
      await sql`SELECT 1`.execute(db);
    },
    transaction: (work) =>
      db.isTransaction
        ? work(createStores(db, engine, capabilities))
        : db.transaction().execute((trx) => work(createStores(trx, engine, capabilities))),
  };
}
