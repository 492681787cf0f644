import { createHash } from 'node:crypto';
import { editArticle } from '../app/article-edit.ts';
import type { CoreDeps } from '../app/deps.ts';
import { UserInputError } from '../domain/errors.ts';
import type { KnownEntry } from '../storage/feed-store.ts';
import type { FeedRow } from '../storage/feed-schema.ts';
import { entryToArticle } from './entry-article.ts';
import type { FeedEntry } from './entry.ts';

/**
 * Feed entries that change (`/feed add URL --updates`): a feed remembers what each entry
 * said (a fingerprint of its title and text); when a later poll reads an entry whose
 * fingerprint differs, its article is corrected as `/edit` corrects one: its delivered
 * cards are edited in place. Other fields (tags, link, date) are the article's now: an
 * admin may have corrected them.
 */

/** What an entry says: a hash of its title and text. */
export function entryFingerprint(entry: Pick<FeedEntry, 'title' | 'body'>): string {
  return createHash('sha256').update(`${entry.title}\n${entry.body}`).digest('base64url');
}

export interface SeenEntry {
  key: string;
  entry: FeedEntry;
  known: KnownEntry;
}

/**
 * Corrects the articles of the seen entries that changed, when the feed takes updates, and
 * remembers what every seen entry says now (a first fingerprint corrects nothing). Returns
 * how many articles were corrected.
 */
export async function correctChangedEntries(
  deps: CoreDeps,
  feed: Pick<FeedRow, 'id' | 'updates'>,
  seen: readonly SeenEntry[],
  defaults: Parameters<typeof entryToArticle>[1],
): Promise<number> {
  const remembered: { key: string; fingerprint: string }[] = [];
  let corrected = 0;
  for (const { key, entry, known } of seen) {
    const fingerprint = entryFingerprint(entry);
    if (known.fingerprint === fingerprint) continue;
    remembered.push({ key, fingerprint });
    if (feed.updates !== 1 || known.fingerprint === null || known.articleId === null) continue;
    const [row] = await deps.stores.articles.byIds([known.articleId]);
    if (!row) continue; // deleted meanwhile
    const article = entryToArticle(entry, defaults);
    try {
      const result = await editArticle(deps, row, { title: article.title, body: article.body });
      if (result.changed.length > 0) corrected++;
    } catch (err) {
      // An entry that no longer makes a valid article (no title) leaves its article as it was.
      if (!(err instanceof UserInputError)) throw err;
      deps.logger.info({ feed: feed.id, entry: key, err: err.message }, 'feed entry update left out');
    }
  }
  await deps.stores.feeds.setFingerprints(feed.id, remembered);
  return corrected;
}
