/** Saved searches and word mutes: saving them per chat, and which chats a new article reaches or skips through them. */
import { msg, UserInputError } from '../domain/errors.ts';
import {
  articleTerms,
  keyTermOf,
  lookupTerms,
  matchesSavedSearch,
  MAX_SAVED_SEARCHES,
  parseSavedSearch,
  type SavedSearch,
} from '../domain/saved-search.ts';
import type { SavedSearchRow } from '../storage/saved-search-store.ts';
import type { SavedSearchMode } from '../storage/schema.ts';
import type { SearchRecipients } from '../storage/outbox-store.ts';
import type { Stores } from '../storage/stores.ts';

export interface SaveResult {
  added: SavedSearch[];
  already: SavedSearch[];
}

/**
 * Saves searches (follow) or word mutes (mute) for a chat, each filed under its rarest
 * required term as the archive's statistics sample knows it. A chat keeps at most
 * MAX_SAVED_SEARCHES of both together.
 */
export async function saveSearches(
  stores: Stores,
  subscriberId: number,
  mode: SavedSearchMode,
  searches: readonly SavedSearch[],
  now: number,
): Promise<SaveResult> {
  const existing = await stores.savedSearches.list(subscriberId);
  const have = new Set(existing.filter((r) => r.mode === mode).map((r) => r.query));
  const fresh = searches.filter((s) => !have.has(s.text));
  if (existing.length + fresh.length > MAX_SAVED_SEARCHES)
    throw new UserInputError(msg('err-saved-search-limit', { max: MAX_SAVED_SEARCHES, count: existing.length }));
  const stats = await stores.search.statistics();
  const frequency = (term: string) =>
    term.startsWith('#') ? stats.sampleSize + 1 : (stats.sampleFrequency.get(term) ?? 0);
  const result: SaveResult = { added: [], already: searches.filter((s) => have.has(s.text)) };
  for (const search of fresh) {
    const added = await stores.savedSearches.add(
      { subscriberId, mode, query: search.text, keyTerm: keyTermOf(search, frequency) },
      now,
    );
    (added ? result.added : result.already).push(search);
  }
  return result;
}

/** Forgets searches or word mutes; returns those the chat had. */
export async function removeSearches(
  stores: Stores,
  subscriberId: number,
  mode: SavedSearchMode,
  searches: readonly SavedSearch[],
): Promise<{ removed: SavedSearch[]; missing: SavedSearch[] }> {
  const removed: SavedSearch[] = [];
  const missing: SavedSearch[] = [];
  for (const search of searches)
    ((await stores.savedSearches.remove(subscriberId, mode, search.text)) ? removed : missing).push(search);
  return { removed, missing };
}

/** The saved searches an article matches, found through the terms it can be looked up by. */
export async function matchingSearches(
  stores: Stores,
  article: { title: string; body: string; tags: readonly string[] },
): Promise<SavedSearchRow[]> {
  const terms = articleTerms(article.title, article.body, article.tags);
  const candidates = await stores.savedSearches.byKeyTerms(lookupTerms(terms));
  const parsed = new Map<string, SavedSearch | null>();
  return candidates.filter((row) => {
    let search = parsed.get(row.query);
    if (search === undefined) {
      try {
        search = parseSavedSearch(row.query);
      } catch {
        search = null;
      }
      parsed.set(row.query, search);
    }
    return search !== null && matchesSavedSearch(search, terms);
  });
}

/** Chats a new article reaches through a followed search, and chats that mute one of its words. */
export async function searchRecipients(
  stores: Stores,
  article: { title: string; body: string; tags: readonly string[] },
): Promise<SearchRecipients> {
  // Most archives have no saved search: one indexed probe instead of reading the article's words.
  if (!(await stores.savedSearches.any())) return { include: [], exclude: [] };
  const matched = await matchingSearches(stores, article);
  return {
    include: [...new Set(matched.filter((r) => r.mode === 'follow').map((r) => r.subscriberId))],
    exclude: [...new Set(matched.filter((r) => r.mode === 'mute').map((r) => r.subscriberId))],
  };
}
