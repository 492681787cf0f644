import { UserInputError } from '../../domain/errors.ts';
import { okReply, paragraph, span, type Block, type Span } from '../../domain/reply.ts';
import { asHashtag, parseTagList } from '../../domain/tags.ts';
import {
  addFeed,
  FEED_ADD_EXAMPLE,
  feedStatusLine,
  findFeed,
  listFeeds,
  parseFeedId,
  pollResultLine,
  removeFeed,
} from '../../feeds/manage.ts';
import { pollFeeds } from '../../feeds/poll.ts';
import type { FeedRow } from '../../storage/feed-schema.ts';
import { defaultTagsOf } from '../../storage/feed-store.ts';
import type { CommandRun, CommandSpec } from '../spec.ts';

const USAGE = [
  '/feed add URL [TAGS] — poll an RSS, Atom or JSON feed; its entries get TAGS and their own categories',
  '/feed add --auto-tag URL [TAGS] — also tag entries with every known tag their text names',
  '/feed list — every feed and how its polls went',
  '/feed poll [ID] — poll one feed, or all, now',
  '/feed remove ID — stop polling a feed (its articles stay)',
];

function usageReply(intro?: string) {
  const blocks: Block[] = intro === undefined ? [] : [paragraph(intro)];
  blocks.push({ kind: 'list', items: USAGE.map((line) => [span(line)]) });
  return okReply(blocks);
}

async function add(run: CommandRun, rest: string) {
  let text = rest.trim();
  let autoTag = false;
  const flag = /(^|\s)--?auto-?tag(?=\s|$)/iu;
  if (flag.test(text)) {
    autoTag = true;
    text = text.replace(flag, ' ').trim();
  }
  const [url = '', ...tagWords] = text.split(/\s+/u);
  if (url === '')
    throw new UserInputError('Which feed? Give its address, then any tags for its entries.', FEED_ADD_EXAMPLE);
  const tags = parseTagList(tagWords.join(' ')).map((t) => t.display);
  const { feed, firstPoll } = await addFeed(run.deps, {
    url,
    tags,
    autoTag,
    addedBy: `${run.ctx.platform}:${run.ctx.user.id}`,
  });
  const stored = firstPoll.created + firstPoll.known;
  const blocks: Block[] = [
    paragraph('Added feed ', span(`#${feed.id}`, { code: true }), feed.title ? `: ${feed.title}` : '', '.'),
    paragraph(
      `Its ${stored} current ${stored === 1 ? 'entry is' : 'entries are'} in the archive, without notifying anyone; new entries from now on go to their tags' followers.`,
    ),
    paragraph(
      tags.length > 0
        ? `Every entry gets ${tags.map(asHashtag).join(' ')}, plus its own categories.`
        : 'Entries get their own categories as tags; entries without any are skipped. Add default tags to catch those.',
    ),
  ];
  if (autoTag) blocks.push(paragraph('Auto-tagging is on: entries also get every known tag their text names.'));
  if (firstPoll.skipped > 0)
    blocks.push(paragraph(`${firstPoll.skipped} entries were skipped: ${firstPoll.skipReason ?? 'unusable'}`));
  return okReply(blocks, [[{ label: 'Feed list', data: await run.buttonData('/feed list') }]]);
}

function feedItem(feed: FeedRow): Span[] {
  const tags = defaultTagsOf(feed);
  const details = [
    tags.length > 0 ? `tags ${tags.map(asHashtag).join(' ')}` : 'no default tags',
    ...(feed.auto_tag === 1 ? ['auto-tag on'] : []),
  ].join(' · ');
  const spans: Span[] = [
    span(`#${feed.id}`, { code: true }),
    span(' '),
    span(feed.title ?? feed.url, { bold: true }),
    span(` — ${feed.url}\n${details}\n${feedStatusLine(feed)}`),
  ];
  if (feed.note) spans.push(span(`\nNote for admins: ${feed.note}`, { italic: true }));
  return spans;
}

async function list(run: CommandRun) {
  const feeds = await listFeeds(run.deps);
  if (feeds.length === 0)
    return okReply([paragraph('No feeds yet. Add one:'), paragraph(span(FEED_ADD_EXAMPLE, { code: true }))]);
  const failing = feeds.filter((f) => f.note !== null).length;
  const blocks: Block[] = [
    paragraph(
      span(`Feeds (${feeds.length})`, { bold: true }),
      failing > 0 ? ` — ${failing} keep failing, see the notes.` : '',
    ),
  ];
  blocks.push({ kind: 'list', items: feeds.map(feedItem) });
  return okReply(blocks, [], 'Feeds');
}

async function remove(run: CommandRun, rest: string) {
  const feed = await removeFeed(run.deps, parseFeedId(rest, '/feed remove 3'));
  return okReply([
    paragraph(
      'Removed feed ',
      span(`#${feed.id}`, { code: true }),
      `: ${feed.title ?? feed.url}. Its articles stay in the archive.`,
    ),
  ]);
}

async function poll(run: CommandRun, rest: string) {
  const ids = rest.trim() === '' ? undefined : [(await findFeed(run.deps, parseFeedId(rest, '/feed poll 3'))).id];
  const results = await pollFeeds(run.deps, { ids, force: true });
  if (results.length === 0) return okReply([paragraph('There are no feeds to poll.')]);
  return okReply([
    paragraph(span('Polled now', { bold: true })),
    { kind: 'list', items: results.map((r) => [span(pollResultLine(r))]) },
  ]);
}

export const feedCommands: CommandSpec[] = [
  {
    name: 'feed',
    args: 'add URL [TAGS] | list | poll [ID] | remove ID',
    access: 'admin',
    example: FEED_ADD_EXAMPLE,
    async run(run) {
      const m = /^(\S*)\s*([\s\S]*)$/u.exec(run.args.trim());
      const sub = (m?.[1] ?? '').toLowerCase();
      const rest = m?.[2] ?? '';
      switch (sub) {
        case '':
        case 'help':
          return usageReply('Feeds bring articles in on their own:');
        case 'add':
          return add(run, rest);
        case 'list':
        case 'ls':
          return list(run);
        case 'remove':
        case 'rm':
        case 'delete':
          return remove(run, rest);
        case 'poll':
          return poll(run, rest);
        default:
          return { ...usageReply(`"${sub.slice(0, 20)}" is not something /feed does. It does:`), status: 'error' };
      }
    },
  },
];
