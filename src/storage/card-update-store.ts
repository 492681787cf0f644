import { sql, type Expression, type Kysely, type SqlBool } from 'kysely';
import type { ChatKind, Platform } from '../domain/platform.ts';
import { routesFor } from './outbox-routes.ts';
import type { CardUpdateOp, CardUpdateStatus, Database } from './schema.ts';

/** A change to a delivered card, claimed for sending, with its chat. */
export interface ClaimedCardUpdate {
  deliveryId: number;
  op: CardUpdateOp;
  subscriberId: number;
  articleId: number;
  messageId: string;
  /** The article's picture changed since the card was last edited. */
  media: boolean;
  sentAt: number;
  attempts: number;
  /** The claim's lease: what marks it done or failed must still hold it (a newer change replaces it). */
  leaseUntil: number;
  platform: Platform;
  chatId: string;
  kind: ChatKind;
  forum: boolean;
  /** As a delivery of the article to the chat would have them now (claims of the outbox). */
  mentionRoleIds: string[];
  followedTags: string[];
}

/** Which claim of a change an outcome is for. */
export type CardUpdateClaim = Pick<ClaimedCardUpdate, 'deliveryId' | 'leaseUntil'>;

/** Cards of one article, by what enqueueing did with them. */
export interface EnqueuedUpdates {
  /** Changes enqueued (or a pending one replaced). */
  queued: number;
  /** Delivered cards left alone: too old for the platform to change (`olderThan`). */
  tooOld: number;
}

export interface CardUpdateStore {
  /**
   * Enqueues an edit of every card of the article delivered with a message id (instant
   * deliveries; a digest's message is not the article's). A pending edit is requeued; a
   * pending delete stays. One statement, however many cards.
   */
  enqueueEdits(articleId: number, now: number, options?: { media?: boolean }): Promise<number>;
  /**
   * Enqueues a delete of every delivered card of the article, replacing pending edits;
   * cards of a platform in `olderThan` sent before its time are left out and counted.
   * Call it before the article is removed (its deliveries go with it).
   */
  enqueueDeletes(
    articleId: number,
    now: number,
    olderThan: Partial<Record<Platform, number>>,
  ): Promise<EnqueuedUpdates>;
  /** Claims due changes (queued and due, or sending with an expired lease) of these platforms. */
  claimDue(options: {
    platforms: readonly Platform[];
    now: number;
    leaseUntil: number;
    limit: number;
  }): Promise<ClaimedCardUpdate[]>;
  /**
   * The outcomes of a claimed change. Each applies only while the claim holds (status
   * sending under the same lease): a change enqueued meanwhile (a second correction, a
   * delete) replaced it and stays queued.
   */
  done(claim: CardUpdateClaim, now: number): Promise<void>;
  /** Back to the queue for `at`; `attempted` counts it as an attempt (a failure, not pacing). */
  retry(claim: CardUpdateClaim, at: number, error: string | null, attempted: boolean, now: number): Promise<void>;
  fail(claim: CardUpdateClaim, error: string, now: number): Promise<void>;
  /** Claimed but not sent (a stop): queued again at once, not counted as an attempt. */
  release(deliveryIds: readonly number[], now: number): Promise<void>;
  /** Every change left sending (the only worker starting on SQLite: the last one died): queued again. */
  releaseAbandoned(now: number): Promise<number>;
  /** When the next queued change is due, or null. */
  nextDueAt(platforms: readonly Platform[]): Promise<number | null>;
  countByStatus(): Promise<Partial<Record<CardUpdateStatus, number>>>;
  /** The change pending or made for one delivered card, for /why. */
  forDelivery(
    deliveryId: number,
  ): Promise<{ op: CardUpdateOp; status: CardUpdateStatus; lastError: string | null } | undefined>;
  /** Deletes done and failed changes last touched before `before`; returns how many. */
  prune(before: number): Promise<number>;
}

/** The columns a change is enqueued with, in the order the SELECT below gives them. */
const ENQUEUED = [
  'delivery_id',
  'op',
  'subscriber_id',
  'article_id',
  'message_id',
  'media',
  'sent_at',
  'status',
  'attempts',
  'next_attempt_at',
  'updated_at',
] as const;

export function createCardUpdateStore(db: Kysely<Database>, postgres: boolean): CardUpdateStore {
  /** An article's cards delivered with a message id (instant deliveries: a digest's message is not the article's). */
  const sentCards = (articleId: number) =>
    db
      .selectFrom('deliveries')
      .innerJoin('subscribers', 'subscribers.id', 'deliveries.subscriber_id')
      .where('deliveries.article_id', '=', articleId)
      .where('deliveries.status', '=', 'sent')
      .where('deliveries.message_id', 'is not', null)
      .where('deliveries.digest_at', 'is', null);

  /** Enqueues `op` for the cards `where` keeps; a pending change is replaced where `replaces` allows. */
  async function enqueue(
    op: CardUpdateOp,
    articleId: number,
    now: number,
    where: Expression<SqlBool>,
    replaces: CardUpdateOp[],
    media = false,
  ): Promise<number> {
    const flag = media ? 1 : 0;
    const result = await db
      .insertInto('card_updates')
      .columns(ENQUEUED)
      .expression(
        sentCards(articleId)
          .select((eb) => [
            'deliveries.id',
            sql.lit(op).as('op'),
            'deliveries.subscriber_id',
            'deliveries.article_id',
            eb.fn.coalesce('deliveries.message_id', sql.lit('')).as('message_id'),
            sql.lit(flag).as('media'),
            eb.fn.coalesce('deliveries.sent_at', sql.lit(0)).as('sent_at'),
            sql.lit('queued').as('status'),
            sql.lit(0).as('attempts'),
            sql.val(now).as('next_attempt_at'),
            sql.val(now).as('updated_at'),
          ])
          .where(where),
      )
      .onConflict((oc) =>
        oc
          .column('delivery_id')
          .doUpdateSet({
            op,
            // A picture change still waiting to be shown is kept; a done edit's is over.
            media: sql<number>`CASE WHEN ${flag} = 1 THEN 1 WHEN card_updates.status IN ('queued', 'sending') THEN card_updates.media ELSE 0 END`,
            status: 'queued',
            attempts: 0,
            next_attempt_at: now,
            lease_until: null,
            last_error: null,
            updated_at: now,
          })
          .where('card_updates.op', 'in', replaces),
      )
      .executeTakeFirst();
    return Number(result.numInsertedOrUpdatedRows ?? 0);
  }

  return {
    enqueueEdits: (articleId, now, options) =>
      enqueue('edit', articleId, now, sql<SqlBool>`1 = 1`, ['edit'], options?.media === true),

    async enqueueDeletes(articleId, now, olderThan) {
      const limits = Object.entries(olderThan) as [Platform, number][];
      const tooOld =
        limits.length === 0
          ? sql<SqlBool>`1 = 0`
          : sql<SqlBool>`(${sql.join(
              limits.map(
                ([platform, before]) =>
                  sql`(subscribers.platform = ${platform} AND coalesce(deliveries.sent_at, 0) < ${before})`,
              ),
              sql` OR `,
            )})`;
      const counted = await sentCards(articleId)
        .select((eb) => eb.fn.countAll<number>().as('n'))
        .where(tooOld)
        .executeTakeFirst();
      const queued = await enqueue('delete', articleId, now, sql<SqlBool>`NOT ${tooOld}`, ['edit', 'delete']);
      return { queued, tooOld: Number(counted?.n ?? 0) };
    },

    async claimDue({ platforms, now, leaseUntil, limit }) {
      if (platforms.length === 0) return [];
      const due = db
        .selectFrom('card_updates')
        .innerJoin('subscribers', 'subscribers.id', 'card_updates.subscriber_id')
        .select('card_updates.delivery_id')
        .where('subscribers.platform', 'in', [...platforms])
        .where((eb) =>
          eb.or([
            eb.and([eb('card_updates.status', '=', 'queued'), eb('card_updates.next_attempt_at', '<=', now)]),
            eb.and([eb('card_updates.status', '=', 'sending'), eb('card_updates.lease_until', '<', now)]),
          ]),
        )
        .orderBy('card_updates.delivery_id')
        .limit(limit);
      // One statement: on PostgreSQL the rows another worker holds are skipped, not waited for.
      const claimed = await db
        .updateTable('card_updates')
        .set({ status: 'sending', lease_until: leaseUntil, updated_at: now })
        .where('delivery_id', 'in', postgres ? due.forUpdate(['card_updates']).skipLocked() : due)
        .returning('delivery_id')
        .execute();
      const ids = claimed.map((r) => r.delivery_id);
      if (ids.length === 0) return [];
      const rows = await db
        .selectFrom('card_updates')
        .innerJoin('subscribers', 'subscribers.id', 'card_updates.subscriber_id')
        .select([
          'card_updates.delivery_id',
          'card_updates.op',
          'card_updates.subscriber_id',
          'card_updates.article_id',
          'card_updates.message_id',
          'card_updates.media',
          'card_updates.sent_at',
          'card_updates.attempts',
          'subscribers.platform',
          'subscribers.chat_id',
          'subscribers.kind',
          'subscribers.forum',
        ])
        .where('card_updates.delivery_id', 'in', ids)
        .orderBy('card_updates.delivery_id')
        .execute();
      const routes = await routesFor(
        db,
        rows.map((r) => ({ id: r.delivery_id, subscriber_id: r.subscriber_id, article_id: r.article_id })),
      );
      return rows.map((r) => ({
        deliveryId: r.delivery_id,
        op: r.op,
        subscriberId: r.subscriber_id,
        articleId: r.article_id,
        messageId: r.message_id,
        media: Number(r.media) === 1,
        sentAt: Number(r.sent_at),
        attempts: r.attempts,
        leaseUntil,
        platform: r.platform,
        chatId: r.chat_id,
        kind: r.kind,
        forum: Number(r.forum) === 1,
        mentionRoleIds: routes.get(`${r.subscriber_id}:${r.article_id}`)?.roles ?? [],
        followedTags: routes.get(`${r.subscriber_id}:${r.article_id}`)?.tags ?? [],
      }));
    },

    async done(claim, now) {
      await db
        .updateTable('card_updates')
        .set({ status: 'done', lease_until: null, last_error: null, updated_at: now })
        .where('delivery_id', '=', claim.deliveryId)
        .where('status', '=', 'sending')
        .where('lease_until', '=', claim.leaseUntil)
        .execute();
    },

    async retry(claim, at, error, attempted, now) {
      await db
        .updateTable('card_updates')
        .set((eb) => ({
          status: 'queued',
          next_attempt_at: at,
          lease_until: null,
          last_error: error,
          updated_at: now,
          ...(attempted ? { attempts: eb('attempts', '+', 1) } : {}),
        }))
        .where('delivery_id', '=', claim.deliveryId)
        .where('status', '=', 'sending')
        .where('lease_until', '=', claim.leaseUntil)
        .execute();
    },

    async fail(claim, error, now) {
      await db
        .updateTable('card_updates')
        .set((eb) => ({
          status: 'failed',
          lease_until: null,
          last_error: error,
          attempts: eb('attempts', '+', 1),
          updated_at: now,
        }))
        .where('delivery_id', '=', claim.deliveryId)
        .where('status', '=', 'sending')
        .where('lease_until', '=', claim.leaseUntil)
        .execute();
    },

    async release(deliveryIds, now) {
      if (deliveryIds.length === 0) return;
      await db
        .updateTable('card_updates')
        .set({ status: 'queued', next_attempt_at: now, lease_until: null, updated_at: now })
        .where('delivery_id', 'in', [...deliveryIds])
        .where('status', '=', 'sending')
        .execute();
    },

    async releaseAbandoned(now) {
      const result = await db
        .updateTable('card_updates')
        .set({ status: 'queued', next_attempt_at: now, lease_until: null, updated_at: now })
        .where('status', '=', 'sending')
        .executeTakeFirst();
      return Number(result.numUpdatedRows);
    },

    async nextDueAt(platforms) {
      if (platforms.length === 0) return null;
      const row = await db
        .selectFrom('card_updates')
        .innerJoin('subscribers', 'subscribers.id', 'card_updates.subscriber_id')
        .select((eb) => eb.fn.min('card_updates.next_attempt_at').as('at'))
        .where('card_updates.status', '=', 'queued')
        .where('subscribers.platform', 'in', [...platforms])
        .executeTakeFirst();
      return row?.at === null || row?.at === undefined ? null : Number(row.at);
    },

    async countByStatus() {
      const rows = await db
        .selectFrom('card_updates')
        .select(['status', (eb) => eb.fn.countAll<number>().as('n')])
        .groupBy('status')
        .execute();
      return Object.fromEntries(rows.map((r) => [r.status, Number(r.n)]));
    },

    async forDelivery(deliveryId) {
      const row = await db
        .selectFrom('card_updates')
        .select(['op', 'status', 'last_error'])
        .where('delivery_id', '=', deliveryId)
        .executeTakeFirst();
      return row && { op: row.op, status: row.status, lastError: row.last_error };
    },

    async prune(before) {
      const result = await db
        .deleteFrom('card_updates')
        .where('status', 'in', ['done', 'failed'])
        .where('updated_at', '<', before)
        .executeTakeFirst();
      return Number(result.numDeletedRows);
    },
  };
}
