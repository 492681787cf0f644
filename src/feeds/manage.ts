import type { CoreDeps } from '../app/deps.ts';
import { isHttpUrl, MAX_TAGS_PER_ARTICLE, MAX_URL_LENGTH } from '../domain/article.ts';
import { NotFoundError, UserInputError } from '../domain/errors.ts';
import { parseTagName, type TagName } from '../domain/tags.ts';
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
  if (url === '') throw new UserInputError('Which feed? Give its address.', FEED_ADD_EXAMPLE);
  if (url.length > MAX_URL_LENGTH || !isHttpUrl(url)) {
    throw new UserInputError(
      `"${url.slice(0, 80)}" is not a web address; a feed's address starts with http:// or https://.`,
      FEED_ADD_EXAMPLE,
    );
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
    throw new UserInputError(`A feed can have at most ${MAX_TAGS_PER_ARTICLE} default tags; these are ${tags.size}.`);
  return [...tags.values()];
}

/** A feed's id as typed: "3" or "#3". */
export function parseFeedId(raw: string, example: string): number {
  const text = raw.trim().replace(/^#/u, '');
  if (text === '') throw new UserInputError('Which feed? Give its number from the feed list.', example);
  const id = Number(text);
  if (!/^\d{1,9}$/u.test(text) || id < 1)
    throw new UserInputError(
      `"${raw.trim().slice(0, 30)}" is not a feed number; the feed list shows them (#1, #2...).`,
      example,
    );
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
  if (existing) throw new UserInputError(`Feed #${existing.id} already polls that address.`);
  const feed = await store.add(
    { url, title: null, defaultTags: tags.map((t) => t.display), autoTag: input.autoTag, addedBy: input.addedBy },
    deps.clock.now().getTime(),
  );
  const firstPoll = await pollFeed(deps, feed);
  if (firstPoll.status === 'error') {
    await store.remove(feed.id);
    throw new UserInputError(`Nothing was added. ${firstPoll.error ?? 'The feed could not be read.'}`);
  }
  deps.logger.info({ feed: feed.id, url, addedBy: input.addedBy, entries: firstPoll.created }, 'feed added');
  return { feed: (await store.byId(feed.id)) ?? feed, firstPoll };
}

export async function removeFeed(deps: CoreDeps, id: number): Promise<FeedRow> {
  const store = deps.stores.feeds;
  const feed = await store.byId(id);
  if (!feed || !(await store.remove(id))) throw new NotFoundError(`There is no feed #${id}. The feed list shows them.`);
  deps.logger.info({ feed: id, url: feed.url }, 'feed removed');
  return feed;
}

export function listFeeds(deps: CoreDeps): Promise<FeedRow[]> {
  return deps.stores.feeds.list();
}

export async function findFeed(deps: CoreDeps, id: number): Promise<FeedRow> {
  const feed = await deps.stores.feeds.byId(id);
  if (!feed) throw new NotFoundError(`There is no feed #${id}. The feed list shows them.`);
  return feed;
}

const utc = (ms: number | null) =>
  ms === null ? 'never' : `${new Date(Number(ms)).toISOString().slice(0, 16).replace('T', ' ')} UTC`;

/** One line on how the feed is doing, for /feed list and `tagwire feed list`. */
export function feedStatusLine(feed: FeedRow): string {
  const skipped = feed.last_skipped > 0 ? `, ${feed.last_skipped} skipped` : '';
  switch (feed.last_status) {
    case null:
      return 'not polled yet';
    case 'ok':
      return `OK, last polled ${utc(feed.last_polled_at)}: ${feed.last_new} new${skipped}`;
    case 'not_modified':
      return `OK, last polled ${utc(feed.last_polled_at)}: unchanged`;
    case 'error':
      return `FAILING (${feed.failure_count} in a row), last tried ${utc(feed.last_polled_at)}: ${feed.last_error ?? 'unknown error'} Next try after ${utc(feed.next_poll_at)}.`;
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

/** One line for a poll result: "#3 example.com: 2 new, 5 deliveries queued". */
export function pollResultLine(result: FeedPollResult): string {
  if (result.status === 'error') return `#${result.feedId} ${result.url}: failed. ${result.error ?? ''}`.trim();
  if (result.status === 'not_modified') return `#${result.feedId} ${result.url}: unchanged since the last poll.`;
  const parts = [`${result.created} new`];
  if (result.known > 0) parts.push(`${result.known} already in the archive`);
  if (result.skipped > 0) parts.push(`${result.skipped} skipped (${result.skipReason ?? 'unusable'})`);
  parts.push(
    result.notified ? `${result.recipients} deliveries queued` : 'first poll: stored without notifying anyone',
  );
  return `#${result.feedId} ${result.url}: ${parts.join(', ')}.`;
}
