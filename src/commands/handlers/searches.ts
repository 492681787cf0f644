/** /watch and /unwatch (follow a search), word mutes through /mute "…", and how /tags lists them. */
import { removeSearches, saveSearches } from '../../app/saved-searches.ts';
import { parseSavedSearch, parseWordMutes, type SavedSearch } from '../../domain/saved-search.ts';
import { okReply, paragraph, span, type Block, type Reply } from '../../domain/reply.ts';
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

function describe(mode: SavedSearchMode, added: readonly SavedSearch[], already: readonly SavedSearch[]): Reply {
  const blocks: Block[] = [];
  if (mode === 'follow') {
    if (added.length > 0)
      blocks.push(
        paragraph(
          `Now following the search ${quoted(added)}: each new article with every one of its words (and none it excludes) comes here once.`,
        ),
      );
    if (already.length > 0) blocks.push(paragraph(`Already following the search ${quoted(already)}.`));
  } else {
    if (added.length > 0)
      blocks.push(paragraph(`Muted the words ${quoted(added)}: articles containing them are skipped here.`));
    if (already.length > 0) blocks.push(paragraph(`Already muted ${quoted(already)}.`));
  }
  return okReply(blocks);
}

/** Follows a search (`/watch`, or `/follow` with a quoted phrase or an exclusion). */
export async function watchSearch(run: CommandRun, subscriberOf: SubscriberOf, command = 'watch'): Promise<Reply> {
  const search = parseSavedSearch(run.args, command);
  const sub = await subscriberOf(run);
  const now = run.deps.clock.now().getTime();
  const { added, already } = await saveSearches(run.deps.stores, sub.id, 'follow', [search], now);
  return describe('follow', added, already);
}

/** Mutes words and phrases (`/mute "oil spill"`). */
export async function muteWords(run: CommandRun, subscriberOf: SubscriberOf): Promise<Reply> {
  const sub = await subscriberOf(run);
  const now = run.deps.clock.now().getTime();
  const { added, already } = await saveSearches(run.deps.stores, sub.id, 'mute', parseWordMutes(run.args), now);
  return describe('mute', added, already);
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
  const what = mode === 'follow' ? 'the search' : 'the words';
  const blocks: Block[] = [];
  if (removed.length > 0)
    blocks.push(paragraph(`${mode === 'follow' ? 'Stopped following' : 'Unmuted'} ${what} ${quoted(removed)}.`));
  if (missing.length > 0)
    blocks.push(
      paragraph(
        `This chat was not ${mode === 'follow' ? 'following' : 'muting'} ${what} ${quoted(missing)}. `,
        span('/tags', { code: true }),
        ' lists what it has.',
      ),
    );
  return okReply(blocks);
}

/** The lines /tags adds for a chat's searches and word mutes. */
export function savedSearchBlocks(rows: readonly SavedSearchRow[]): Block[] {
  const follows = rows.filter((r) => r.mode === 'follow').map((r) => `“${r.query}”`);
  const mutes = rows.filter((r) => r.mode === 'mute').map((r) => `“${r.query}”`);
  const blocks: Block[] = [];
  if (follows.length > 0) blocks.push(paragraph(`Searches (${follows.length}): ${follows.join(', ')}`));
  if (mutes.length > 0) blocks.push(paragraph(`Muted words (${mutes.length}): ${mutes.join(', ')}`));
  return blocks;
}

/** /watch and /unwatch, given how the chat's subscriber is found. */
export function searchCommands(subscriberOf: SubscriberOf): CommandSpec[] {
  return [
    {
      name: 'watch',
      args: 'QUERY',
      summary: 'Follow a search: get each new article with all its words once',
      access: 'manager',
      example: '/watch "nuclear power" armenia -drill',
      run: (run) => watchSearch(run, subscriberOf),
    },
    {
      name: 'unwatch',
      args: 'QUERY',
      summary: 'Stop following a search',
      access: 'manager',
      example: '/unwatch "nuclear power" armenia -drill',
      run: (run) => forget(run, subscriberOf, 'follow', 'unwatch'),
    },
  ];
}
