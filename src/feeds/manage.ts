import type { CoreDeps } from '../app/deps.ts';
import { isHttpUrl, MAX_TAGS_PER_ARTICLE, MAX_URL_LENGTH } from '../domain/article.ts';
import { msg, NotFoundError, UserInputError } from '../domain/errors.ts';
import { parseTagName, type TagName } from '../domain/tags.ts';
import { DEFAULT_LOCALE, translator, type Locale } from '../i18n/index.ts';
import { pollFeed, type FeedPollResult } from './poll.ts';
import type { FeedRow } from '../storage/feed-schema.ts';
import { defaultTagsOf } from '../storage/feed-store.ts';

/*
 * Adding, listing and removing feeds: the use cases behind /feed and `tagwire feed`.
 */

export const FEED_ADD_EXAMPLE = '/feed add https://example.com/rss.xml Armenia, CSTO';

export interface AddFeedInput {
  url: string;
  /** Tags every entry gets, as typed. */
  tags: readonly string[];
  autoTag: boolean;
  /** An entry whose title or text changes corrects its article (and so its delivered cards). */
  updates?: boolean;
  /** "telegram:123", "cli". */
  addedBy: string;
}

export interface AddedFeed {
  feed: FeedRow;
  /** The first poll, made while adding: its entries are stored without notifying anyone. */
  firstPoll: FeedPollResult;
}

function checkFeedUrl(raw: string): string {
  const url = raw.trim();
  if (url === '') throw new UserInputError(msg('err-feed-which-url'), FEED_ADD_EXAMPLE);
  if (url.length > MAX_URL_LENGTH || !isHttpUrl(url)) {
    throw new UserInputError(msg('err-feed-not-a-url', { text: url.slice(0, 80) }), FEED_ADD_EXAMPLE);
  }
  return new URL(url).href;
}

function checkTags(raw: readonly string[]): TagName[] {
  const tags = new Map<string, TagName>();
  for (const text of raw) {
    if (text.trim() === '') continue;
    const tag = parseTagName(text);
    if (!tags.has(tag.key)) tags.set(tag.key, tag);
  }
  if (tags.size > MAX_TAGS_PER_ARTICLE)
    throw new UserInputError(msg('err-feed-too-many-tags', { max: MAX_TAGS_PER_ARTICLE, count: tags.size }));
  return [...tags.values()];
}

/** A feed's id as typed: "3" or "#3". */
export function parseFeedId(raw: string, example: string): number {
  const text = raw.trim().replace(/^#/u, '');
  if (text === '') throw new UserInputError(msg('err-feed-which-id'), example);
  const id = Number(text);
  if (!/^\d{1,9}$/u.test(text) || id < 1)
    throw new UserInputError(msg('err-feed-not-an-id', { text: raw.trim().slice(0, 30) }), example);
  return id;
}

/**
 * Adds a feed and polls it once, storing its current entries without notifying anyone
 * (so adding a feed does not flood followers with its back catalogue). A URL that does
 * not give a feed is refused, and nothing is added.
 */
export async function addFeed(deps: CoreDeps, input: AddFeedInput): Promise<AddedFeed> {
  const url = checkFeedUrl(input.url);
  const tags = checkTags(input.tags);
  const store = deps.stores.feeds;
  const existing = await store.byUrl(url);
  if (existing) throw new UserInputError(msg('err-feed-exists', { id: String(existing.id) }));
  const feed = await store.add(
    {
      url,
      title: null,
      defaultTags: tags.map((t) => t.display),
      autoTag: input.autoTag,
      updates: input.updates === true,
      addedBy: input.addedBy,
    },
    deps.clock.now().getTime(),
  );
  const firstPoll = await pollFeed(deps, feed);
  if (firstPoll.status === 'error') {
    await store.remove(feed.id);
    // The poll's reason is recorded in English (src/feeds/fetch.ts, poll.ts), as the feed list shows it.
    throw new UserInputError(
      firstPoll.error === null ? msg('err-feed-unreadable') : msg('err-feed-not-added', { error: firstPoll.error }),
    );
  }
  deps.logger.info({ feed: feed.id, url, addedBy: input.addedBy, entries: firstPoll.created }, 'feed added');
  return { feed: (await store.byId(feed.id)) ?? feed, firstPoll };
}

export async function removeFeed(deps: CoreDeps, id: number): Promise<FeedRow> {
  const store = deps.stores.feeds;
  const feed = await store.byId(id);
  if (!feed || !(await store.remove(id))) throw new NotFoundError(msg('err-no-feed', { id: String(id) }));
  deps.logger.info({ feed: id, url: feed.url }, 'feed removed');
  return feed;
}

export function listFeeds(deps: CoreDeps): Promise<FeedRow[]> {
  return deps.stores.feeds.list();
}

export async function findFeed(deps: CoreDeps, id: number): Promise<FeedRow> {
  const feed = await deps.stores.feeds.byId(id);
  if (!feed) throw new NotFoundError(msg('err-no-feed', { id: String(id) }));
  return feed;
}

const utc = (ms: number | null): string | null =>
  ms === null ? null : `${new Date(Number(ms)).toISOString().slice(0, 16).replace('T', ' ')} UTC`;

/**
 * One line on how the feed is doing, for /feed list (in the chat's language) and
 * `tagwire feed list` (English). Times stay UTC; the last error is shown as recorded.
 */
export function feedStatusLine(feed: FeedRow, locale: Locale = DEFAULT_LOCALE): string {
  const t = translator(locale);
  const at = (ms: number | null) => utc(ms) ?? t('feed-never');
  switch (feed.last_status) {
    case null:
      return t('feed-status-new');
    case 'ok':
      return t('feed-status-ok', {
        at: at(feed.last_polled_at),
        new: Number(feed.last_new),
        skipped: Number(feed.last_skipped),
      });
    case 'not_modified':
      return t('feed-status-unchanged', { at: at(feed.last_polled_at) });
    case 'error':
      return t('feed-status-failing', {
        count: Number(feed.failure_count),
        at: at(feed.last_polled_at),
        error: feed.last_error ?? t('feed-unknown-error'),
        next: at(feed.next_poll_at),
      });
  }
}

/** A feed as JSON, for `tagwire feed list --json`. */
export function feedJson(feed: FeedRow): Record<string, unknown> {
  const iso = (ms: number | null) => (ms === null ? null : new Date(Number(ms)).toISOString());
  return {
    id: feed.id,
    url: feed.url,
    title: feed.title,
    tags: defaultTagsOf(feed),
    autoTag: feed.auto_tag === 1,
    updates: feed.updates === 1,
    status: feed.last_status ?? 'new',
    lastPolledAt: iso(feed.last_polled_at),
    lastSuccessAt: iso(feed.last_success_at),
    lastNew: feed.last_new,
    lastSkipped: feed.last_skipped,
    lastError: feed.last_error,
    failuresInARow: feed.failure_count,
    nextPollAt: iso(feed.next_poll_at),
    note: feed.note,
    addedBy: feed.added_by,
    addedAt: iso(feed.created_at),
  };
}

/** One line for a poll result: "#3 example.com: 2 new, 5 deliveries queued", in a language (English for the CLI). */
export function pollResultLine(result: FeedPollResult, locale: Locale = DEFAULT_LOCALE): string {
  const t = translator(locale);
  const feed = { id: String(result.feedId), url: result.url };
  if (result.status === 'error') return t('feed-poll-failed', { ...feed, error: result.error ?? '' }).trim();
  if (result.status === 'not_modified') return t('feed-poll-unchanged', feed);
  const parts = [t('feed-poll-new', { count: result.created })];
  if (result.known > 0) parts.push(t('feed-poll-known', { count: result.known }));
  if (result.skipped > 0)
    parts.push(t('feed-poll-skipped', { count: result.skipped, reason: result.skipReason ?? t('feed-skip-unusable') }));
  parts.push(result.notified ? t('feed-poll-queued', { count: result.recipients }) : t('feed-poll-first'));
  return t('feed-poll-result', { ...feed, parts: parts.join(', ') });
}
