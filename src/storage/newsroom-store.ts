import { sql, type Kysely } from 'kysely';
import type { ChatKind, Platform, SubscriberStatus } from '../domain/platform.ts';
import type { Database, DeliveryStatus } from './schema.ts';

/**
 * The newsroom's views of the data (src/web/): read-only queries that no chat command
 * needs. Changes go through the app's use cases, never through here.
 */

const HOUR_MS = 3_600_000;

/** One hour of the outbox: rows enqueued, sent and failed in it. */
export interface DeliveryHour {
  /** Start of the hour, epoch ms. */
  hour: number;
  queued: number;
  sent: number;
  failed: number;
}

export interface ChatListing {
  id: number;
  platform: Platform;
  chatId: string;
  kind: ChatKind;
  title: string | null;
  status: SubscriberStatus;
  statusReason: string | null;
  paused: boolean;
  timezone: string;
  digest: 'daily' | 'weekly' | null;
  quiet: boolean;
  language: string | null;
  follows: number;
  mutes: number;
  searches: number;
  createdAt: number;
}

export interface TagListing {
  id: number;
  key: string;
  name: string;
  followers: number;
  aliases: string[];
}

export interface NewsroomStore {
  /** Per hour from `since` (inclusive) to `until`: rows enqueued, sent and failed in that hour. */
  deliveriesPerHour(since: number, until: number): Promise<DeliveryHour[]>;
  /** One article's outbox rows by status. */
  articleDeliveryCounts(articleId: number): Promise<Partial<Record<DeliveryStatus, number>>>;
  /** Chats in pages, newest first; `platform` narrows to one platform. */
  chats(options: { limit: number; offset: number; platform?: Platform }): Promise<ChatListing[]>;
  chatCount(platform?: Platform): Promise<number>;
  /** Tags in pages, most-followed first; `contains` narrows by key. */
  tags(options: { limit: number; offset: number; contains?: string }): Promise<TagListing[]>;
  tagCount(contains?: string): Promise<number>;
  /**
   * How many chats a new article with these tags would reach, counted as the outbox's
   * fanOut chooses them: active chats following one of the tags (or in `include`, their
   * followed searches) and muting none (nor in `exclude`).
   */
  reach(tagIds: readonly number[], include: readonly number[], exclude: readonly number[]): Promise<number>;
}

const escapeLike = (text: string) => text.replace(/[\\%_]/gu, (c) => `\\${c}`);

export function createNewsroomStore(db: Kysely<Database>): NewsroomStore {
  // A literal divisor: integer division on both engines (a bound number is a float on SQLite).
  const hourOf = (column: string) => sql<number>`(${sql.ref(column)} / ${sql.lit(HOUR_MS)})`;

  return {
    async deliveriesPerHour(since, until) {
      const first = Math.floor(since / HOUR_MS);
      const last = Math.floor((until - 1) / HOUR_MS);
      const hours = new Map<number, DeliveryHour>();
      for (let h = first; h <= last; h++) hours.set(h, { hour: h * HOUR_MS, queued: 0, sent: 0, failed: 0 });
      const count = async (column: 'created_at' | 'sent_at' | 'updated_at', field: 'queued' | 'sent' | 'failed') => {
        let query = db
          .selectFrom('deliveries')
          .select([hourOf(column).as('h'), sql<number>`count(*)`.as('n')])
          .where(column, '>=', since)
          .where(column, '<', until);
        if (field === 'failed') query = query.where('status', '=', 'failed');
        for (const row of await query.groupBy(sql`1`).execute()) {
          const entry = hours.get(Math.floor(Number(row.h)));
          if (entry) entry[field] += Number(row.n);
        }
      };
      await count('created_at', 'queued');
      await count('sent_at', 'sent');
      await count('updated_at', 'failed');
      return [...hours.values()];
    },
    async articleDeliveryCounts(articleId) {
      const rows = await db
        .selectFrom('deliveries')
        .select(['status', sql<number>`count(*)`.as('n')])
        .where('article_id', '=', articleId)
        .groupBy('status')
        .execute();
      return Object.fromEntries(rows.map((r) => [r.status, Number(r.n)]));
    },
    async chats({ limit, offset, platform }) {
      let query = db
        .selectFrom('subscribers as s')
        .select([
          's.id',
          's.platform',
          's.chat_id',
          's.kind',
          's.title',
          's.status',
          's.status_reason',
          's.paused_at',
          's.timezone',
          's.digest_cadence',
          's.quiet_start',
          's.language',
          's.created_at',
          sql<number>`(SELECT count(*) FROM follows f WHERE f.subscriber_id = s.id AND f.mode = 'follow')`.as(
            'follows',
          ),
          sql<number>`(SELECT count(*) FROM follows f WHERE f.subscriber_id = s.id AND f.mode = 'mute')`.as('mutes'),
          sql<number>`(SELECT count(*) FROM saved_searches q WHERE q.subscriber_id = s.id)`.as('searches'),
        ])
        .orderBy('s.id', 'desc')
        .limit(limit)
        .offset(offset);
      if (platform) query = query.where('s.platform', '=', platform);
      return (await query.execute()).map((r) => ({
        id: r.id,
        platform: r.platform,
        chatId: r.chat_id,
        kind: r.kind,
        title: r.title,
        status: r.status,
        statusReason: r.status_reason,
        paused: r.paused_at !== null,
        timezone: r.timezone,
        digest: r.digest_cadence,
        quiet: r.quiet_start !== null,
        language: r.language,
        follows: Number(r.follows),
        mutes: Number(r.mutes),
        searches: Number(r.searches),
        createdAt: Number(r.created_at),
      }));
    },
    async chatCount(platform) {
      let query = db.selectFrom('subscribers').select(sql<number>`count(*)`.as('n'));
      if (platform) query = query.where('platform', '=', platform);
      return Number((await query.executeTakeFirstOrThrow()).n);
    },
    async tags({ limit, offset, contains }) {
      const followers = sql<number>`(SELECT count(*) FROM follows f WHERE f.tag_id = t.id AND f.mode = 'follow')`;
      let query = db
        .selectFrom('tags as t')
        .select(['t.id', 't.key', 't.name', followers.as('followers')])
        .orderBy(followers, 'desc')
        .orderBy('t.name')
        .limit(limit)
        .offset(offset);
      if (contains) query = query.where(sql<boolean>`t.key LIKE ${`%${escapeLike(contains)}%`} ESCAPE '\\'`);
      const rows = await query.execute();
      const aliases =
        rows.length === 0
          ? []
          : await db
              .selectFrom('tag_aliases')
              .select(['tag_id', 'name'])
              .where(
                'tag_id',
                'in',
                rows.map((r) => r.id),
              )
              .orderBy('name')
              .execute();
      return rows.map((r) => ({
        id: r.id,
        key: r.key,
        name: r.name,
        followers: Number(r.followers),
        aliases: aliases.filter((a) => a.tag_id === r.id).map((a) => a.name),
      }));
    },
    async tagCount(contains) {
      let query = db.selectFrom('tags as t').select(sql<number>`count(*)`.as('n'));
      if (contains) query = query.where(sql<boolean>`t.key LIKE ${`%${escapeLike(contains)}%`} ESCAPE '\\'`);
      return Number((await query.executeTakeFirstOrThrow()).n);
    },
    async reach(tagIds, include, exclude) {
      if (tagIds.length === 0 && include.length === 0) return 0;
      const none = [-1];
      const row = await db
        .selectFrom('subscribers as s')
        .select(sql<number>`count(*)`.as('n'))
        .where('s.status', '=', 'active')
        .where((eb) =>
          eb.or([
            eb(
              's.id',
              'in',
              eb
                .selectFrom('follows as f')
                .select('f.subscriber_id')
                .where('f.mode', '=', 'follow')
                .where('f.tag_id', 'in', tagIds.length > 0 ? [...tagIds] : none),
            ),
            eb('s.id', 'in', include.length > 0 ? [...include] : none),
          ]),
        )
        .where((eb) =>
          eb.not(
            eb(
              's.id',
              'in',
              eb
                .selectFrom('follows as f')
                .select('f.subscriber_id')
                .where('f.mode', '=', 'mute')
                .where('f.tag_id', 'in', tagIds.length > 0 ? [...tagIds] : none),
            ),
          ),
        )
        .where('s.id', 'not in', exclude.length > 0 ? [...exclude] : none)
        .executeTakeFirstOrThrow();
      return Number(row.n);
    },
  };
}
