import { postArticle } from '../app/articles.ts';
import type { CoreDeps } from '../app/deps.ts';
import { DuplicateArticleError, UserInputError } from '../domain/errors.ts';
import { countFeedPoll } from '../metrics.ts';
import { loadAutoTagger } from '../app/auto-tag.ts';
import { entryKey, entryToArticle } from './entry-article.ts';
import { correctChangedEntries, entryFingerprint, type SeenEntry } from './entry-updates.ts';
import { FEED_ACCEPT, fetchSource, SourceFetchError } from './fetch.ts';
import { FeedParseError, parseFeed, type FeedEntry } from './parse.ts';
import type { FeedPollStatus, FeedRow } from '../storage/feed-schema.ts';
import { defaultTagsOf } from '../storage/feed-store.ts';

/** Articles made from one feed in one poll at most; older new entries are marked seen and skipped, not flooded out later. */
export const MAX_ARTICLES_PER_POLL = 100;
/** Entries of one feed document looked at, at most. */
export const MAX_ENTRIES_READ = 5_000;
/** After a failure the schedule waits BACKOFF_BASE_MS, doubling with each further failure up to BACKOFF_MAX_MS. */
export const BACKOFF_BASE_MS = 5 * 60_000;
export const BACKOFF_MAX_MS = 6 * 60 * 60_000;
/** Failures in a row after which the admins get a note in /feed list. */
export const NOTE_AFTER_FAILURES = 3;
/** Feeds fetched at once by one poll run. */
export const POLL_CONCURRENCY = 4;

export interface FeedPollResult {
  feedId: number;
  url: string;
  status: FeedPollStatus;
  /** Articles created. */
  created: number;
  /** New entries that were already in the archive (same URL): linked, not posted again. */
  known: number;
  /** New entries that could not become articles (no tags, no title...), and overflow past MAX_ARTICLES_PER_POLL. */
  skipped: number;
  /** The first reason an entry was skipped, for the admin. */
  skipReason: string | null;
  /** Deliveries enqueued. */
  recipients: number;
  /** Articles corrected because their entries changed (a feed added with --updates). */
  updated: number;
  /** False on a feed's first successful poll: its entries are stored without notifying anyone. */
  notified: boolean;
  error: string | null;
}

export function backoffDelay(failuresInARow: number): number {
  return Math.min(BACKOFF_MAX_MS, BACKOFF_BASE_MS * 2 ** Math.max(0, failuresInARow - 1));
}

const utc = (ms: number) => `${new Date(ms).toISOString().slice(0, 16).replace('T', ' ')} UTC`;

/** Polls running in this process, per database: one poll of a feed at a time. */
const running = new WeakMap<object, Set<number>>();

/** A feed document's entries, each once: the unknown ones, newest first as the feed lists them, and those seen before. */
async function sortEntries(
  deps: CoreDeps,
  feedId: number,
  entries: readonly FeedEntry[],
): Promise<{ fresh: { key: string; entry: FeedEntry }[]; seen: SeenEntry[] }> {
  const unique = new Map<string, FeedEntry>();
  for (const entry of entries.slice(0, MAX_ENTRIES_READ)) {
    const key = entryKey(entry);
    if (!unique.has(key)) unique.set(key, entry);
  }
  const known = await deps.stores.feeds.knownEntries(feedId, [...unique.keys()]);
  const fresh: { key: string; entry: FeedEntry }[] = [];
  const seen: SeenEntry[] = [];
  for (const [key, entry] of unique) {
    const before = known.get(key);
    if (before) seen.push({ key, entry, known: before });
    else fresh.push({ key, entry });
  }
  return { fresh, seen };
}

async function storeEntries(
  deps: CoreDeps,
  feed: FeedRow,
  { fresh, seen }: { fresh: { key: string; entry: FeedEntry }[]; seen: SeenEntry[] },
  meta: { title: string | null; language: string | null; etag: string | null; lastModified: string | null },
): Promise<FeedPollResult> {
  const notify = feed.primed === 1;
  const result: FeedPollResult = {
    feedId: feed.id,
    url: feed.url,
    status: 'ok',
    created: 0,
    known: 0,
    skipped: 0,
    skipReason: null,
    recipients: 0,
    updated: 0,
    notified: notify,
    error: null,
  };
  const now = deps.clock.now().getTime();
  const defaults = {
    title: meta.title ?? feed.title,
    url: feed.url,
    defaultTags: defaultTagsOf(feed),
    language: meta.language,
  };
  const toPost = fresh.slice(0, MAX_ARTICLES_PER_POLL).reverse(); // oldest first, as they were published
  const overflow = fresh.slice(MAX_ARTICLES_PER_POLL);
  let enqueued = false;
  await deps.stores.transaction(async (stores) => {
    const feeds = stores.feeds;
    const quiet: CoreDeps = {
      ...deps,
      stores,
      onEnqueued: () => {
        enqueued = true;
      },
    };
    const tagger = feed.auto_tag === 1 ? await loadAutoTagger(stores) : false;
    const remembered: { key: string; articleId: number | null; fingerprint: string }[] = overflow.map(
      ({ key, entry }) => ({ key, articleId: null, fingerprint: entryFingerprint(entry) }),
    );
    result.skipped += overflow.length;
    if (overflow.length > 0)
      result.skipReason = `more than ${MAX_ARTICLES_PER_POLL} new entries at once; the oldest were left out`;
    for (const { key, entry } of toPost) {
      try {
        const posted = await postArticle(quiet, entryToArticle(entry, defaults), {
          postedBy: `feed:${feed.id}`,
          notify,
          autoTag: tagger,
        });
        remembered.push({ key, articleId: posted.articleId, fingerprint: entryFingerprint(entry) });
        result.created++;
        result.recipients += posted.recipients;
      } catch (err) {
        if (err instanceof DuplicateArticleError) {
          const existing = await stores.articles.byPublicId(err.existingPublicId);
          remembered.push({ key, articleId: existing?.id ?? null, fingerprint: entryFingerprint(entry) });
          result.known++;
        } else if (err instanceof UserInputError) {
          remembered.push({ key, articleId: null, fingerprint: entryFingerprint(entry) });
          result.skipped++;
          result.skipReason ??= err.message;
        } else {
          throw err;
        }
      }
    }
    await feeds.rememberEntries(feed.id, remembered, now);
    // Entries read before that changed since: their articles are corrected (--updates).
    result.updated = await correctChangedEntries(quiet, feed, seen, defaults);
    await feeds.recordSuccess(
      feed.id,
      {
        title: meta.title,
        etag: meta.etag,
        lastModified: meta.lastModified,
        created: result.created,
        skipped: result.skipped,
      },
      now,
    );
  });
  if (enqueued) deps.onEnqueued();
  return result;
}

async function recordFailure(deps: CoreDeps, feed: FeedRow, error: string): Promise<FeedPollResult> {
  const now = deps.clock.now().getTime();
  const failures = feed.failure_count + 1;
  const nextPollAt = now + backoffDelay(failures);
  const note =
    failures >= NOTE_AFTER_FAILURES
      ? `Failed ${failures} polls in a row, the last at ${utc(now)}: ${error} Next try after ${utc(nextPollAt)}. Check the address, or remove the feed.`
      : null;
  await deps.stores.feeds.recordFailure(feed.id, { error, nextPollAt, note }, now);
  deps.logger.warn({ feed: feed.id, url: feed.url, failures, error }, 'feed poll failed');
  return failedPoll(feed, error);
}

/** The result of a poll that created nothing because of `error`. */
function failedPoll(feed: Pick<FeedRow, 'id' | 'url'>, error: string): FeedPollResult {
  return {
    feedId: feed.id,
    url: feed.url,
    status: 'error',
    created: 0,
    known: 0,
    skipped: 0,
    skipReason: null,
    recipients: 0,
    updated: 0,
    notified: false,
    error,
  };
}

/**
 * Polls one feed once: a conditional request, then each new entry becomes an article,
 * fanned out to followers unless this is the feed's first poll. Never throws for the
 * feed's faults (unreachable, too big, too slow, not a feed): they are recorded on the
 * feed with a backoff, and the result says what happened.
 */
export async function pollFeed(deps: CoreDeps, feed: FeedRow): Promise<FeedPollResult> {
  const key = deps.stores;
  const inFlight = running.get(key) ?? new Set<number>();
  running.set(key, inFlight);
  if (inFlight.has(feed.id)) {
    return failedPoll(feed, 'A poll of this feed is already running.');
  }
  inFlight.add(feed.id);
  try {
    const result = await pollOnce(deps, feed);
    countFeedPoll(result.status, result.created);
    return result;
  } finally {
    inFlight.delete(feed.id);
  }
}

async function pollOnce(deps: CoreDeps, feed: FeedRow): Promise<FeedPollResult> {
  try {
    const fetched = await fetchSource(
      { url: feed.url, accept: FEED_ACCEPT, etag: feed.etag, lastModified: feed.last_modified },
      deps.config.feeds,
    );
    if (fetched.status === 'not_modified') {
      await deps.stores.feeds.recordNotModified(feed.id, deps.clock.now().getTime());
      return {
        feedId: feed.id,
        url: feed.url,
        status: 'not_modified',
        created: 0,
        known: 0,
        skipped: 0,
        skipReason: null,
        recipients: 0,
        updated: 0,
        notified: feed.primed === 1,
        error: null,
      };
    }
    const parsed = parseFeed(fetched.text, fetched.url);
    const sorted = await sortEntries(deps, feed.id, parsed.entries);
    return await storeEntries(deps, feed, sorted, {
      title: parsed.title,
      language: parsed.language,
      etag: fetched.etag,
      lastModified: fetched.lastModified,
    });
  } catch (err) {
    if (err instanceof SourceFetchError) return recordFailure(deps, feed, err.message);
    if (err instanceof FeedParseError) return recordFailure(deps, feed, `It is not a feed I can read: ${err.message}`);
    deps.logger.error({ err, feed: feed.id }, 'feed poll crashed');
    return recordFailure(deps, feed, 'The poll failed on our side; it was logged and will be retried.');
  }
}

/**
 * Polls several feeds, POLL_CONCURRENCY at a time: the given ids, or every feed.
 * `force` polls feeds that are backing off too (an admin asked); the schedule doesn't.
 */
export async function pollFeeds(
  deps: CoreDeps,
  options: {
    ids?: readonly number[];
    force: boolean;
    /** Told how many feeds will be polled, before the first poll. */
    onStart?: (total: number) => void;
    /** Told of each poll as it ends (progress). */
    onPolled?: (result: FeedPollResult, done: number) => void;
  },
): Promise<FeedPollResult[]> {
  const store = deps.stores.feeds;
  const candidates = options.force ? await store.list() : await store.due(deps.clock.now().getTime());
  const feeds = options.ids === undefined ? candidates : candidates.filter((f) => options.ids?.includes(f.id));
  options.onStart?.(feeds.length);
  const results: FeedPollResult[] = [];
  let next = 0;
  const worker = async () => {
    while (next < feeds.length) {
      const feed = feeds[next++];
      if (!feed) continue;
      const result = await pollFeed(deps, feed);
      results.push(result);
      options.onPolled?.(result, results.length);
    }
  };
  await Promise.all(Array.from({ length: Math.min(POLL_CONCURRENCY, feeds.length) }, worker));
  return results.sort((a, b) => a.feedId - b.feedId);
}
