import { readFile, writeFile } from 'node:fs/promises';
import { asHashtag, splitTagList } from '../domain/tags.ts';
import {
  addFeed,
  feedJson,
  feedStatusLine,
  findFeed,
  listFeeds,
  parseFeedId,
  pollResultLine,
  removeFeed,
} from '../feeds/manage.ts';
import { importOpml, writeOpml } from '../feeds/opml.ts';
import { pollFeeds, type FeedPollResult } from '../feeds/poll.ts';
import type { CoreDeps } from '../app/deps.ts';
import { defaultTagsOf } from '../storage/feed-store.ts';
import type { CoreHandle } from '../runtime.ts';
import { parseFlags, UsageError, writeJson, writeLine, type CliIO } from './common.ts';
import { createProgress, type Progress } from './progress.ts';

export const FEED_HELP = `Usage: tagwire feed add URL [--tags A,B] [--auto-tag] [--updates] [--json]
       tagwire feed list [--json]
       tagwire feed poll [ID] [--json] [--quiet]
       tagwire feed remove ID
       tagwire feed import FILE [--json]
       tagwire feed export [--output FILE]

Feeds (RSS 2.0, RSS 1.0, Atom, JSON Feed) are polled on the FEED_POLL_CRON schedule
while the bot runs (tagwire start). New entries become articles with the feed's
tags plus the entry's own categories, delivered to their followers.

  add URL      add a feed and poll it once: its current entries are stored without
               notifying anyone; later entries are delivered
    --tags A,B     tags every entry of the feed gets (comma-separated)
    --auto-tag     also tag entries with every known tag their text names
    --updates      when an entry's title or text changes, correct its article and edit
                   its delivered cards (as tagwire edit does)
  list         every feed, its tags and how its last poll went; a note when it keeps failing
  poll [ID]    poll one feed, or every feed, now (also those backing off after failures);
               exits with 1 when a poll failed; polling every feed shows progress
               on stderr (feeds polled of all), except with --json or --quiet
  remove ID    stop polling a feed; its articles stay in the archive
  import FILE  add the feeds of an OPML file (a feed reader's export; - reads stdin), each
               as add does; its folders and categories become tags; at most 200 at a time;
               exits with 1 when a feed could not be added
  export       every feed as OPML, its tags as its category, on stdout
    --output FILE  write it to FILE instead
  --json       print JSON
  --quiet      no progress on stderr`;

/** A file's text, or stdin's for "-". */
async function readInput(path: string, io: CliIO): Promise<string> {
  if (path === '-') {
    const chunks: Buffer[] = [];
    for await (const chunk of io.stdin) chunks.push(typeof chunk === 'string' ? Buffer.from(chunk) : chunk);
    return Buffer.concat(chunks).toString('utf8');
  }
  try {
    return await readFile(path, 'utf8');
  } catch (err) {
    throw new UsageError(
      `Cannot read ${path}: ${(err as NodeJS.ErrnoException).code === 'ENOENT' ? 'no such file' : (err as Error).message}`,
    );
  }
}

/** Every feed, backing off or not, as pollFeeds polls them, with the progress shown as each poll ends. */
async function pollEveryFeed(deps: CoreDeps, progress: (total: number) => Progress): Promise<FeedPollResult[]> {
  let shown: Progress | null = null;
  let failed = 0;
  const detail = () => (failed > 0 ? { detail: `${failed} failed` } : {});
  try {
    const results = await pollFeeds(deps, {
      force: true,
      onStart: (total) => {
        shown = progress(total);
      },
      onPolled: (result, done) => {
        if (result.status === 'error') failed++;
        shown?.update(done, detail());
      },
    });
    const finished = shown as Progress | null;
    if (results.length > 0) finished?.done(results.length, detail());
    else finished?.stop();
    return results;
  } catch (err) {
    (shown as Progress | null)?.stop();
    throw err;
  }
}

async function withCore<T>(open: () => Promise<CoreHandle>, work: (handle: CoreHandle) => Promise<T>): Promise<T> {
  const handle = await open();
  try {
    return await work(handle);
  } finally {
    await handle.close();
  }
}

/** `tagwire feed add|list|poll|remove`. Returns the exit code. */
export async function feedCommand(open: () => Promise<CoreHandle>, args: string[], io: CliIO): Promise<number> {
  const [sub, ...rest] = args;
  if (sub === undefined || sub === '--help' || sub === '-h' || sub === 'help')
    return (writeLine(io.stdout, FEED_HELP), 0);
  switch (sub) {
    case 'add': {
      const { values, positionals } = parseFlags(rest, {
        tags: { type: 'string' },
        'auto-tag': { type: 'boolean' },
        updates: { type: 'boolean' },
        json: { type: 'boolean' },
      });
      if (values.help) return (writeLine(io.stdout, FEED_HELP), 0);
      if (positionals.length !== 1)
        throw new UsageError(
          'Give one feed address, e.g. tagwire feed add https://example.com/rss.xml --tags Armenia,CSTO',
        );
      const tags = splitTagList(values.tags ?? '');
      return withCore(open, async (handle) => {
        const { feed, firstPoll } = await addFeed(handle.deps, {
          url: positionals[0] ?? '',
          tags,
          autoTag: values['auto-tag'] ?? false,
          updates: values.updates ?? false,
          addedBy: 'cli',
        });
        if (values.json) {
          writeJson(io.stdout, { feed: feedJson(feed), firstPoll });
        } else {
          writeLine(io.stdout, `Added feed #${feed.id}${feed.title ? ` (${feed.title})` : ''}: ${feed.url}`);
          writeLine(
            io.stdout,
            `First poll: ${firstPoll.created + firstPoll.known} entries stored without notifying anyone${firstPoll.skipped > 0 ? `, ${firstPoll.skipped} skipped (${firstPoll.skipReason ?? 'unusable'})` : ''}.`,
          );
        }
        return 0;
      });
    }
    case 'list': {
      const { values, positionals } = parseFlags(rest, { json: { type: 'boolean' } });
      if (values.help) return (writeLine(io.stdout, FEED_HELP), 0);
      if (positionals.length > 0)
        throw new UsageError(`tagwire feed list takes no arguments (got "${positionals.join(' ')}").`);
      return withCore(open, async (handle) => {
        const feeds = await listFeeds(handle.deps);
        if (values.json) return (writeJson(io.stdout, feeds.map(feedJson)), 0);
        if (feeds.length === 0) writeLine(io.stdout, 'No feeds yet. Add one: tagwire feed add URL --tags A,B');
        for (const feed of feeds) {
          const tags = defaultTagsOf(feed);
          writeLine(io.stdout, `#${feed.id} ${feed.title ?? '(untitled)'} — ${feed.url}`);
          writeLine(
            io.stdout,
            `    ${tags.length > 0 ? `tags ${tags.map(asHashtag).join(' ')}` : 'no default tags'}${feed.auto_tag === 1 ? ' · auto-tag on' : ''}${feed.updates === 1 ? ' · updates on' : ''}`,
          );
          writeLine(io.stdout, `    ${feedStatusLine(feed)}`);
          if (feed.note) writeLine(io.stdout, `    NOTE: ${feed.note}`);
        }
        return 0;
      });
    }
    case 'poll': {
      const { values, positionals } = parseFlags(rest, {
        json: { type: 'boolean' },
        quiet: { type: 'boolean' },
      });
      if (values.help) return (writeLine(io.stdout, FEED_HELP), 0);
      if (positionals.length > 1) throw new UsageError('Give at most one feed id, e.g. tagwire feed poll 3');
      return withCore(open, async (handle) => {
        const progress = (total: number) =>
          createProgress(io.stderr, {
            verb: 'polled',
            label: 'Polling',
            unit: 'feeds',
            total,
            finalFrom: 2,
            quiet: values.json === true || values.quiet === true,
          });
        const results =
          positionals[0] === undefined
            ? await pollEveryFeed(handle.deps, progress)
            : await pollFeeds(handle.deps, {
                ids: [(await findFeed(handle.deps, parseFeedId(positionals[0], 'tagwire feed poll 3'))).id],
                force: true,
              });
        if (values.json) writeJson(io.stdout, results);
        else if (results.length === 0) writeLine(io.stdout, 'There are no feeds to poll.');
        else for (const r of results) writeLine(io.stdout, pollResultLine(r));
        return results.some((r) => r.status === 'error') ? 1 : 0;
      });
    }
    case 'remove': {
      const { values, positionals } = parseFlags(rest, {});
      if (values.help) return (writeLine(io.stdout, FEED_HELP), 0);
      if (positionals.length !== 1) throw new UsageError('Give one feed id, e.g. tagwire feed remove 3');
      return withCore(open, async (handle) => {
        const feed = await removeFeed(handle.deps, parseFeedId(positionals[0] ?? '', 'tagwire feed remove 3'));
        writeLine(io.stdout, `Removed feed #${feed.id}: ${feed.url}. Its articles stay in the archive.`);
        return 0;
      });
    }
    case 'import': {
      const { values, positionals } = parseFlags(rest, { json: { type: 'boolean' } });
      if (values.help) return (writeLine(io.stdout, FEED_HELP), 0);
      if (positionals.length !== 1)
        throw new UsageError('Give one OPML file (or - for stdin), e.g. tagwire feed import subscriptions.opml');
      const text = await readInput(positionals[0] ?? '', io);
      return withCore(open, async (handle) => {
        const result = await importOpml(handle.deps, text, 'cli');
        if (values.json) writeJson(io.stdout, result);
        else {
          for (const a of result.added)
            writeLine(io.stdout, `Added feed #${a.id}: ${a.url} (${a.entries} entries stored)`);
          for (const url of result.existing) writeLine(io.stdout, `Already polled: ${url}`);
          for (const f of result.failed) writeLine(io.stdout, `Not added: ${f.url}: ${f.error}`);
          writeLine(
            io.stdout,
            `${result.added.length} added, ${result.existing.length} already polled, ${result.failed.length} not added.`,
          );
        }
        return result.failed.length > 0 ? 1 : 0;
      });
    }
    case 'export': {
      const { values, positionals } = parseFlags(rest, { output: { type: 'string' } });
      if (values.help) return (writeLine(io.stdout, FEED_HELP), 0);
      if (positionals.length > 0)
        throw new UsageError(`tagwire feed export takes no arguments (got "${positionals.join(' ')}").`);
      return withCore(open, async (handle) => {
        const opml = writeOpml(await listFeeds(handle.deps), 'tagwire feeds', handle.deps.clock.now());
        if (values.output === undefined) io.stdout.write(`${opml}\n`);
        else {
          try {
            await writeFile(values.output, `${opml}\n`, 'utf8');
          } catch (err) {
            throw new UsageError(`Cannot write ${values.output}: ${(err as Error).message}`);
          }
        }
        return 0;
      });
    }
    default:
      throw new UsageError(`Unknown feed command "${sub}": use add, list, poll, remove, import or export.`);
  }
}
