/** /watch and /unwatch (follow a search), word mutes through /mute "…", and how /tags lists them. */
import { removeSearches, saveSearches } from '../../app/saved-searches.ts';
import { parseSavedSearch, parseWordMutes, type SavedSearch } from '../../domain/saved-search.ts';
import { okReply, paragraph, type Block, type Reply } from '../../domain/reply.ts';
import type { Translate } from '../../i18n/index.ts';
import { rich } from '../format.ts';
import type { SavedSearchRow } from '../../storage/saved-search-store.ts';
import type { SavedSearchMode } from '../../storage/schema.ts';
import type { CommandRun, CommandSpec } from '../spec.ts';

/** The subscriber of the command's chat (created if new), as subscriptions.ts makes it. */
type SubscriberOf = (run: CommandRun) => Promise<{ id: number }>;

/** `/mute` arguments that are words rather than tags: something "quoted". */
export function isWordMuteSyntax(args: string): boolean {
  return /["“”]/u.test(args);
}

/** `/follow` arguments that are a search rather than tags: a "quoted phrase" or a -exclusion. */
export function isSearchSyntax(args: string): boolean {
  return isWordMuteSyntax(args) || /(^|\s)-[\p{L}\p{N}]/u.test(args);
}

const quoted = (searches: readonly SavedSearch[]) => searches.map((s) => `“${s.text}”`).join(', ');

function describe(
  mode: SavedSearchMode,
  added: readonly SavedSearch[],
  already: readonly SavedSearch[],
  t: Translate,
): Reply {
  const blocks: Block[] = [];
  if (mode === 'follow') {
    if (added.length > 0) blocks.push(paragraph(t('search-followed', { searches: quoted(added) })));
    if (already.length > 0) blocks.push(paragraph(t('search-already-followed', { searches: quoted(already) })));
  } else {
    if (added.length > 0) blocks.push(paragraph(t('words-muted', { words: quoted(added) })));
    if (already.length > 0) blocks.push(paragraph(t('words-already-muted', { words: quoted(already) })));
  }
  return okReply(blocks);
}

/** Follows a search (`/watch`, or `/follow` with a quoted phrase or an exclusion). */
export async function watchSearch(run: CommandRun, subscriberOf: SubscriberOf, command = 'watch'): Promise<Reply> {
  const search = parseSavedSearch(run.args, command);
  const sub = await subscriberOf(run);
  const now = run.deps.clock.now().getTime();
  const { added, already } = await saveSearches(run.deps.stores, sub.id, 'follow', [search], now);
  return describe('follow', added, already, run.t);
}

/** Mutes words and phrases (`/mute "oil spill"`). */
export async function muteWords(run: CommandRun, subscriberOf: SubscriberOf): Promise<Reply> {
  const sub = await subscriberOf(run);
  const now = run.deps.clock.now().getTime();
  const { added, already } = await saveSearches(run.deps.stores, sub.id, 'mute', parseWordMutes(run.args), now);
  return describe('mute', added, already, run.t);
}

/** Forgets followed searches or word mutes. */
export async function forget(
  run: CommandRun,
  subscriberOf: SubscriberOf,
  mode: SavedSearchMode,
  command: string,
): Promise<Reply> {
  const searches = mode === 'follow' ? [parseSavedSearch(run.args, command)] : parseWordMutes(run.args);
  const sub = await subscriberOf(run);
  const { removed, missing } = await removeSearches(run.deps.stores, sub.id, mode, searches);
  const blocks: Block[] = [];
  if (removed.length > 0)
    blocks.push(
      paragraph(run.t(mode === 'follow' ? 'search-unfollowed' : 'words-unmuted', { searches: quoted(removed) })),
    );
  if (missing.length > 0)
    blocks.push(
      paragraph(
        `${run.t(mode === 'follow' ? 'search-not-followed' : 'words-not-muted', { searches: quoted(missing) })} `,
        ...rich(run.t('tags-lists-hint')),
      ),
    );
  return okReply(blocks);
}

/** The lines /tags adds for a chat's searches and word mutes. */
export function savedSearchBlocks(rows: readonly SavedSearchRow[], t: Translate): Block[] {
  const follows = rows.filter((r) => r.mode === 'follow').map((r) => `“${r.query}”`);
  const mutes = rows.filter((r) => r.mode === 'mute').map((r) => `“${r.query}”`);
  const blocks: Block[] = [];
  if (follows.length > 0)
    blocks.push(paragraph(t('tags-searches', { count: follows.length, list: follows.join(', ') })));
  if (mutes.length > 0) blocks.push(paragraph(t('tags-muted-words', { count: mutes.length, list: mutes.join(', ') })));
  return blocks;
}

/** /watch and /unwatch, given how the chat's subscriber is found. */
export function searchCommands(subscriberOf: SubscriberOf): CommandSpec[] {
  return [
    {
      name: 'watch',
      args: 'QUERY',
      access: 'manager',
      example: '/watch "nuclear power" armenia -drill',
      run: (run) => watchSearch(run, subscriberOf),
    },
    {
      name: 'unwatch',
      args: 'QUERY',
      access: 'manager',
      example: '/unwatch "nuclear power" armenia -drill',
      run: (run) => forget(run, subscriberOf, 'follow', 'unwatch'),
    },
  ];
}
