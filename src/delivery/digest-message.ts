import type { CoreDeps } from '../app/deps.ts';
import { paginateDigest, type DigestGroup, type DigestView } from '../domain/digest.ts';
import type { ArticleView } from '../domain/reply.ts';
import { localDateLabel } from '../domain/schedule-time.ts';
import { localeOr, translator } from '../i18n/index.ts';
import type { DigestDeliveryMessage, Sender } from '../ports/sender.ts';
import type { ClaimedDelivery } from '../storage/outbox-store.ts';
import { cardSettingsOf, identityOf } from '../storage/subscriber-store.ts';
import { localTagName } from '../domain/region-names.ts';

/** The page a claimed digest row sends now, and the rows the whole digest covers. */
export interface DigestPage {
  message: DigestDeliveryMessage;
  /** Every outbox row of the digest, the claimed one included. */
  rowIds: number[];
  /** The last page: when it is sent, every row of the digest is. */
  last: boolean;
}

/** Groups a digest's articles by the first of their tags the chat follows, biggest group first. */
export function groupByFollowedTag(articles: readonly ArticleView[], followed: ReadonlySet<string>): DigestGroup[] {
  const groups = new Map<string, DigestGroup>();
  for (const article of articles) {
    const tag = article.tags.find((t) => followed.has(t)) ?? article.tags[0] ?? 'News';
    const group = groups.get(tag) ?? { tag, entries: [] };
    group.entries.push({ publicId: article.publicId, title: article.title, url: article.url, tags: article.tags });
    groups.set(tag, group);
  }
  return [...groups.values()].sort((a, b) => b.entries.length - a.entries.length || a.tag.localeCompare(b.tag));
}

/**
 * Builds the page to send for a claimed row that carries a digest (`digestAt` set):
 * the digest's articles are the chat's rows with the same digest time, split into pages
 * by the sender's measure; `partsSent` says which page is next. Null when the digest has
 * no article left (all were deleted).
 */
export async function digestPageFor(deps: CoreDeps, row: ClaimedDelivery, sender: Sender): Promise<DigestPage | null> {
  if (row.digestAt === null) return null;
  const { stores } = deps;
  const rows = await stores.schedules.digestRows(row.subscriberId, row.digestAt);
  const articles = await stores.articles.byIds(rows.map((r) => r.articleId));
  const byId = new Map(articles.map((a) => [a.id, a]));
  const ordered = rows.flatMap((r) => {
    const a = byId.get(r.articleId);
    return a ? [a] : [];
  });
  if (ordered.length === 0) return null;
  const views = await stores.articles.views(ordered);
  const [sub, follows] = await Promise.all([
    stores.subscribers.byId(row.subscriberId),
    stores.subscribers.follows(row.subscriberId),
  ]);
  const followed = new Set(follows.filter((f) => f.mode === 'follow').map((f) => f.name));
  const locale = localeOr(sub?.language);
  const view: DigestView = {
    cadence: sub?.digest_cadence ?? null,
    dateLabel: localDateLabel(row.digestAt, sub?.timezone ?? 'UTC', locale),
    // Grouped by the tags' own names (as follows name them), shown by the names the chat reads.
    groups: groupByFollowedTag(views, followed).map((group) => ({
      tag: localTagName(group.tag, locale),
      entries: group.entries.map((e) => ({ ...e, tags: e.tags.map((t) => localTagName(t, locale)) })),
    })),
  };
  const pages = paginateDigest(view, (reply) => sender.fits(reply), translator(locale)).map((page) => ({
    ...page,
    locale,
  }));
  const index = Math.min(row.partsSent, pages.length - 1);
  const page = pages[index];
  if (!page) return null;
  // The topic /digest was set in, unless its route is paused (then the chat itself).
  const threadId = sub?.digest_thread_id ?? null;
  const paused =
    threadId !== null &&
    (await stores.threads.list(row.subscriberId)).some((t) => t.threadId === threadId && t.pausedAt !== null);
  const identity = sub ? identityOf(sub) : null;
  return {
    message: {
      deliveryId: row.id,
      subscriber: { id: row.subscriberId, platform: row.platform, chatId: row.chatId, kind: row.kind },
      ...(threadId !== null && !paused ? { threadId } : {}),
      page,
      ...(sub !== undefined && cardSettingsOf(sub).silent ? { silent: true } : {}),
      ...(identity ? { identity } : {}),
      pageNumber: index + 1,
      pages: pages.length,
    },
    rowIds: rows.map((r) => r.id),
    last: index === pages.length - 1,
  };
}
