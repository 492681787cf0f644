import { sql, type Kysely } from 'kysely';
import { cardStyleOr, type CardSettings } from '../domain/card.ts';
import type { ChatKind, Platform, SubscriberStatus } from '../domain/platform.ts';
import type { SenderIdentity } from '../domain/identity.ts';
import type { Database, FollowMode, SubscriberRow } from './schema.ts';
import { sentOnly, unsent } from './outbox-order.ts';

export interface FollowEntry {
  tagId: number;
  name: string;
  mode: FollowMode;
  mentionRoleId: string | null;
  /** The thread of the chat this tag's articles go to (a forum topic); null: the chat itself. */
  threadId: string | null;
}

export interface SubscriberStore {
  find(platform: Platform, chatId: string): Promise<SubscriberRow | undefined>;
  byId(id: number): Promise<SubscriberRow | undefined>;
  /** Finds the chat, creating it (active) if new; refreshes its title and kind. */
  upsert(
    chat: {
      platform: Platform;
      chatId: string;
      kind: ChatKind;
      title?: string | undefined;
      parentId?: string | undefined;
      /** A Discord forum or media channel (each article a post of its own); unchanged when absent. */
      forum?: boolean | undefined;
    },
    now: number,
  ): Promise<SubscriberRow>;
  /** Chats of a platform inside one parent space (a Discord server). */
  inParent(platform: Platform, parentId: string): Promise<SubscriberRow[]>;
  setStatus(id: number, status: SubscriberStatus, reason: string | null, now: number): Promise<void>;
  setNotice(id: number, notice: string | null): Promise<void>;
  /** Clears the chat's notice if it is still this one (it was shown some other way). */
  clearNotice(id: number, notice: string): Promise<void>;
  /** Sets the chat's language (a src/i18n locale). */
  setLanguage(id: number, language: string): Promise<void>;
  /** Turns `/topics auto` on or off for the chat. */
  setTopicsAuto(id: number, on: boolean): Promise<void>;
  /** `/card`: how the chat's cards look (src/domain/card.ts). */
  setCardSettings(id: number, settings: CardSettings): Promise<void>;
  /** `/identity`: the name and picture the chat's cards are posted under; null: the bot's own. */
  setIdentity(id: number, identity: SenderIdentity | null): Promise<void>;
  /** What a delivery to each of these chats needs: its language (null where none is set) and card settings; one query per 500. */
  deliveryPrefs(ids: readonly number[]): Promise<Map<number, DeliveryPrefs>>;
  /** Counts a failure that is permanent only when repeated; returns the new count. */
  addFailure(id: number): Promise<number>;
  resetFailures(id: number): Promise<void>;
  /** Moves a chat to a new id, follows and outbox included; merges into the new id if it exists. */
  moveChat(platform: Platform, fromChatId: string, toChatId: string, now: number): Promise<SubscriberRow | undefined>;
  setFollow(
    subscriberId: number,
    tagId: number,
    mode: FollowMode,
    now: number,
    mentionRoleId?: string | null,
    threadId?: string | null,
  ): Promise<void>;
  /** Removes a follow or mute; returns whether there was one in that mode. */
  removeFollow(subscriberId: number, tagId: number, mode: FollowMode): Promise<boolean>;
  follows(subscriberId: number): Promise<FollowEntry[]>;
  /** Which of these subscribers follow which of these tags, as "subscriberId:tagId" keys. */
  followedAmong(subscriberIds: readonly number[], tagIds: readonly number[]): Promise<Set<string>>;
  addManager(subscriberId: number, userId: string, now: number): Promise<void>;
  removeManager(subscriberId: number, userId: string): Promise<void>;
  managedBy(platform: Platform, userId: string): Promise<SubscriberRow[]>;
  managers(subscriberId: number): Promise<string[]>;
  /** Roles to mention when delivering this article to this chat (per-tag, Discord). */
  mentionRoles(subscriberId: number, articleId: number): Promise<string[]>;
  countByStatus(): Promise<Record<string, number>>;
}

export function createSubscriberStore(db: Kysely<Database>): SubscriberStore {
  const find = (platform: Platform, chatId: string) =>
    db
      .selectFrom('subscribers')
      .selectAll()
      .where('platform', '=', platform)
      .where('chat_id', '=', chatId)
      .executeTakeFirst();

  return {
    async followedAmong(subscriberIds, tagIds) {
      const followed = new Set<string>();
      if (tagIds.length === 0) return followed;
      for (let i = 0; i < subscriberIds.length; i += 500) {
        const rows = await db
          .selectFrom('follows')
          .select(['subscriber_id', 'tag_id'])
          .where('subscriber_id', 'in', subscriberIds.slice(i, i + 500))
          .where('tag_id', 'in', tagIds)
          .where('mode', '=', 'follow')
          .execute();
        for (const r of rows) followed.add(`${r.subscriber_id}:${r.tag_id}`);
      }
      return followed;
    },
    find,
    inParent: (platform, parentId) =>
      db
        .selectFrom('subscribers')
        .selectAll()
        .where('platform', '=', platform)
        .where('parent_id', '=', parentId)
        .execute(),
    byId: (id) => db.selectFrom('subscribers').selectAll().where('id', '=', id).executeTakeFirst(),
    async upsert(chat, now) {
      await db
        .insertInto('subscribers')
        .values({
          platform: chat.platform,
          chat_id: chat.chatId,
          kind: chat.kind,
          title: chat.title ?? null,
          parent_id: chat.parentId ?? null,
          forum: chat.forum === true ? 1 : 0,
          created_at: now,
          updated_at: now,
          status_reason: null,
          status_changed_at: null,
          notice: null,
        })
        .onConflict((oc) =>
          oc.columns(['platform', 'chat_id']).doUpdateSet({
            kind: chat.kind,
            title: chat.title === undefined ? sql<string | null>`subscribers.title` : chat.title,
            parent_id: chat.parentId === undefined ? sql<string | null>`subscribers.parent_id` : chat.parentId,
            forum: chat.forum === undefined ? sql<number>`subscribers.forum` : chat.forum ? 1 : 0,
            updated_at: now,
          }),
        )
        .execute();
      const row = await find(chat.platform, chat.chatId);
      if (!row) throw new Error('subscriber vanished after upsert');
      return row;
    },
    async setStatus(id, status, reason, now) {
      await db
        .updateTable('subscribers')
        .set({
          status,
          status_reason: reason,
          status_changed_at: now,
          updated_at: now,
          ...(status === 'active' ? { failure_count: 0 } : {}),
        })
        .where('id', '=', id)
        .execute();
    },
    async setNotice(id, notice) {
      await db.updateTable('subscribers').set({ notice }).where('id', '=', id).execute();
    },
    async clearNotice(id, notice) {
      await db
        .updateTable('subscribers')
        .set({ notice: null })
        .where('id', '=', id)
        .where('notice', '=', notice)
        .execute();
    },
    async setTopicsAuto(id, on) {
      await db
        .updateTable('subscribers')
        .set({ topics_auto: on ? 1 : 0 })
        .where('id', '=', id)
        .execute();
    },
    async setIdentity(id, identity) {
      await db
        .updateTable('subscribers')
        .set({ identity_name: identity?.name ?? null, identity_avatar: identity?.avatarUrl ?? null })
        .where('id', '=', id)
        .execute();
    },
    async setLanguage(id, language) {
      await db.updateTable('subscribers').set({ language }).where('id', '=', id).execute();
    },
    async setCardSettings(id, settings) {
      await db
        .updateTable('subscribers')
        .set({
          card_style: settings.style,
          link_previews: settings.linkPreviews ? 1 : 0,
          silent: settings.silent ? 1 : 0,
        })
        .where('id', '=', id)
        .execute();
    },
    async deliveryPrefs(ids) {
      const found = new Map<number, DeliveryPrefs>();
      for (let i = 0; i < ids.length; i += 500) {
        const rows = await db
          .selectFrom('subscribers')
          .select(['id', 'language', 'card_style', 'link_previews', 'silent', 'identity_name', 'identity_avatar'])
          .where('id', 'in', ids.slice(i, i + 500))
          .execute();
        for (const r of rows)
          found.set(r.id, { language: r.language, card: cardSettingsOf(r), identity: identityOf(r) });
      }
      return found;
    },
    async addFailure(id) {
      const row = await db
        .updateTable('subscribers')
        .set((eb) => ({ failure_count: eb('failure_count', '+', 1) }))
        .where('id', '=', id)
        .returning('failure_count')
        .executeTakeFirst();
      return row?.failure_count ?? 0;
    },
    async resetFailures(id) {
      await db
        .updateTable('subscribers')
        .set({ failure_count: 0 })
        .where('id', '=', id)
        .where('failure_count', '>', 0)
        .execute();
    },
    async moveChat(platform, fromChatId, toChatId, now) {
      const from = await find(platform, fromChatId);
      if (!from) return find(platform, toChatId);
      const to = await find(platform, toChatId);
      if (!to) {
        await db
          .updateTable('subscribers')
          .set({ chat_id: toChatId, updated_at: now })
          .where('id', '=', from.id)
          .execute();
        return find(platform, toChatId);
      }
      // Both exist: carry follows and pending deliveries over, then drop the old chat.
      await sql`INSERT INTO follows (subscriber_id, tag_id, mode, mention_role_id, created_at)
        SELECT ${to.id}, tag_id, mode, mention_role_id, created_at FROM follows WHERE subscriber_id = ${from.id}
        ON CONFLICT (subscriber_id, tag_id) DO NOTHING`.execute(db);
      // Unsent rows, then sent ones: each half through its own index (migration 0024).
      for (const half of [unsent(), sentOnly()]) {
        await sql`UPDATE deliveries SET subscriber_id = ${to.id} WHERE subscriber_id = ${from.id} AND ${half}
          AND NOT EXISTS (SELECT 1 FROM deliveries x WHERE x.article_id = deliveries.article_id AND x.subscriber_id = ${to.id})`.execute(
          db,
        );
      }
      await db.deleteFrom('subscribers').where('id', '=', from.id).execute();
      return find(platform, toChatId);
    },
    async setFollow(subscriberId, tagId, mode, now, mentionRoleId = null, threadId = null) {
      await db
        .insertInto('follows')
        .values({
          subscriber_id: subscriberId,
          tag_id: tagId,
          mode,
          mention_role_id: mentionRoleId,
          thread_id: threadId,
          created_at: now,
        })
        .onConflict((oc) =>
          oc
            .columns(['subscriber_id', 'tag_id'])
            .doUpdateSet({ mode, mention_role_id: mentionRoleId, thread_id: threadId }),
        )
        .execute();
    },
    async removeFollow(subscriberId, tagId, mode) {
      const result = await db
        .deleteFrom('follows')
        .where('subscriber_id', '=', subscriberId)
        .where('tag_id', '=', tagId)
        .where('mode', '=', mode)
        .executeTakeFirst();
      return Number(result.numDeletedRows) > 0;
    },
    async follows(subscriberId) {
      const rows = await db
        .selectFrom('follows')
        .innerJoin('tags', 'tags.id', 'follows.tag_id')
        .select(['follows.tag_id', 'tags.name', 'follows.mode', 'follows.mention_role_id', 'follows.thread_id'])
        .where('follows.subscriber_id', '=', subscriberId)
        .orderBy('tags.name')
        .execute();
      return rows.map((r) => ({
        tagId: r.tag_id,
        name: r.name,
        mode: r.mode,
        mentionRoleId: r.mention_role_id,
        threadId: r.thread_id,
      }));
    },
    async addManager(subscriberId, userId, now) {
      await db
        .insertInto('subscriber_managers')
        .values({ subscriber_id: subscriberId, user_id: userId, created_at: now })
        .onConflict((oc) => oc.doNothing())
        .execute();
    },
    async removeManager(subscriberId, userId) {
      await db
        .deleteFrom('subscriber_managers')
        .where('subscriber_id', '=', subscriberId)
        .where('user_id', '=', userId)
        .execute();
    },
    managedBy: (platform, userId) =>
      db
        .selectFrom('subscribers')
        .selectAll('subscribers')
        .innerJoin('subscriber_managers', 'subscriber_managers.subscriber_id', 'subscribers.id')
        .where('subscribers.platform', '=', platform)
        .where('subscriber_managers.user_id', '=', userId)
        .orderBy('subscribers.title')
        .execute(),
    async managers(subscriberId) {
      const rows = await db
        .selectFrom('subscriber_managers')
        .select('user_id')
        .where('subscriber_id', '=', subscriberId)
        .execute();
      return rows.map((r) => r.user_id);
    },
    async mentionRoles(subscriberId, articleId) {
      const rows = await db
        .selectFrom('follows')
        .innerJoin('article_tags', 'article_tags.tag_id', 'follows.tag_id')
        .select('follows.mention_role_id')
        .distinct()
        .where('follows.subscriber_id', '=', subscriberId)
        .where('article_tags.article_id', '=', articleId)
        .where('follows.mode', '=', 'follow')
        .where('follows.mention_role_id', 'is not', null)
        .execute();
      return rows.map((r) => r.mention_role_id).filter((r): r is string => r !== null);
    },
    async countByStatus() {
      const rows = await db
        .selectFrom('subscribers')
        .select(['status', (eb) => eb.fn.countAll<number>().as('n')])
        .groupBy('status')
        .execute();
      return Object.fromEntries(rows.map((r) => [r.status, Number(r.n)]));
    },
  };
}

export interface DeliveryPrefs {
  language: string | null;
  card: CardSettings;
  /** `/identity`: the name and picture its cards go out under; null: the bot's own. */
  identity: SenderIdentity | null;
}

/** A chat's `/identity` as stored (migration 0020); null when unset. */
export function identityOf(row: Pick<SubscriberRow, 'identity_name' | 'identity_avatar'>): SenderIdentity | null {
  return row.identity_name === null ? null : { name: row.identity_name, avatarUrl: row.identity_avatar };
}

/** A chat's card settings as stored (migration 0016). */
export function cardSettingsOf(row: Pick<SubscriberRow, 'card_style' | 'link_previews' | 'silent'>): CardSettings {
  return {
    style: cardStyleOr(row.card_style),
    linkPreviews: Number(row.link_previews) === 1,
    silent: Number(row.silent) === 1,
  };
}
