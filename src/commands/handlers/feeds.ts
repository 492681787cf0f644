import { msg, UserInputError } from '../../domain/errors.ts';
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
import type { Translate } from '../../i18n/index.ts';
import type { FeedRow } from '../../storage/feed-schema.ts';
import { defaultTagsOf } from '../../storage/feed-store.ts';
import { rich } from '../format.ts';
import type { CommandRun, CommandSpec } from '../spec.ts';

/** Each action's form, and the message that says what it does. */
const USAGE: readonly (readonly [string, string])[] = [
  ['/feed add URL [TAGS]', 'feed-usage-add'],
  ['/feed add --auto-tag URL [TAGS]', 'feed-usage-add-auto'],
  ['/feed add --updates URL [TAGS]', 'feed-usage-add-updates'],
  ['/feed list', 'feed-usage-list'],
  ['/feed poll [ID]', 'feed-usage-poll'],
  ['/feed remove ID', 'feed-usage-remove'],
];

/** Where a feed's title goes in a translated sentence: it is the feed's own text, never read as markup. */
const TITLE_SLOT = '\u0000title\u0000';

/** A translated sentence with commands and ids marked (`rich`), and the feed's title as plain text in its place. */
function withTitle(t: Translate, id: string, args: { id: string }, title: string): Span[] {
  const [before = '', after = ''] = t(id, { ...args, title: TITLE_SLOT }).split(TITLE_SLOT);
  return [...rich(before), span(title), ...rich(after)];
}

function usageReply(t: Translate, intro: string) {
  return okReply([paragraph(intro), { kind: 'list', items: USAGE.map(([form, id]) => [span(`${form} — ${t(id)}`)]) }]);
}

async function add(run: CommandRun, rest: string) {
  let text = rest.trim();
  let autoTag = false;
  const flag = /(^|\s)--?auto-?tag(?=\s|$)/iu;
  if (flag.test(text)) {
    autoTag = true;
    text = text.replace(flag, ' ').trim();
  }
  let updates = false;
  const updatesFlag = /(^|\s)--?updates(?=\s|$)/iu;
  if (updatesFlag.test(text)) {
    updates = true;
    text = text.replace(updatesFlag, ' ').trim();
  }
  const [url = '', ...tagWords] = text.split(/\s+/u);
  if (url === '') throw new UserInputError(msg('err-feed-which-add'), FEED_ADD_EXAMPLE);
  const tags = parseTagList(tagWords.join(' ')).map((t) => t.display);
  const { feed, firstPoll } = await addFeed(run.deps, {
    url,
    tags,
    autoTag,
    updates,
    addedBy: `${run.ctx.platform}:${run.ctx.user.id}`,
  });
  const id = String(feed.id);
  const blocks: Block[] = [
    paragraph(
      ...(feed.title ? withTitle(run.t, 'feed-added', { id }, feed.title) : rich(run.t('feed-added-untitled', { id }))),
    ),
    paragraph(run.t('feed-stored', { count: firstPoll.created + firstPoll.known })),
    paragraph(
      tags.length > 0
        ? run.t('feed-default-tags', { tags: tags.map(asHashtag).join(' ') })
        : run.t('feed-own-categories'),
    ),
  ];
  if (autoTag) blocks.push(paragraph(run.t('feed-auto-tag-on')));
  if (updates) blocks.push(paragraph(run.t('feed-updates-on')));
  if (firstPoll.skipped > 0)
    blocks.push(
      paragraph(
        run.t('feed-skipped', {
          count: firstPoll.skipped,
          reason: firstPoll.skipReason ?? run.t('feed-skip-unusable'),
        }),
      ),
    );
  return okReply(blocks, [[{ label: run.t('button-feed-list'), data: await run.buttonData('/feed list') }]]);
}

function feedItem(run: CommandRun, feed: FeedRow): Span[] {
  const tags = defaultTagsOf(feed);
  const details = [
    tags.length > 0 ? run.t('feed-tags', { tags: tags.map(asHashtag).join(' ') }) : run.t('feed-no-tags'),
    ...(feed.auto_tag === 1 ? [run.t('feed-auto-tag')] : []),
    ...(feed.updates === 1 ? [run.t('feed-updates')] : []),
  ].join(' · ');
  const spans: Span[] = [
    span(`#${feed.id}`, { code: true }),
    span(' '),
    span(feed.title ?? feed.url, { bold: true }),
    span(` — ${feed.url}\n${details}\n${feedStatusLine(feed, run.locale)}`),
  ];
  if (feed.note) spans.push(span(`\n${run.t('feed-note', { note: feed.note })}`, { italic: true }));
  return spans;
}

async function list(run: CommandRun) {
  const feeds = await listFeeds(run.deps);
  if (feeds.length === 0)
    return okReply([paragraph(run.t('feed-none')), paragraph(span(FEED_ADD_EXAMPLE, { code: true }))]);
  const failing = feeds.filter((f) => f.note !== null).length;
  const blocks: Block[] = [
    paragraph(
      span(run.t('feed-list-heading', { count: feeds.length }), { bold: true }),
      failing > 0 ? ` — ${run.t('feed-list-failing', { count: failing })}` : '',
    ),
  ];
  blocks.push({ kind: 'list', items: feeds.map((feed) => feedItem(run, feed)) });
  return okReply(blocks, [], run.t('feed-list-title'));
}

async function remove(run: CommandRun, rest: string) {
  const feed = await removeFeed(run.deps, parseFeedId(rest, '/feed remove 3'));
  return okReply([paragraph(...withTitle(run.t, 'feed-removed', { id: String(feed.id) }, feed.title ?? feed.url))]);
}

async function poll(run: CommandRun, rest: string) {
  const ids = rest.trim() === '' ? undefined : [(await findFeed(run.deps, parseFeedId(rest, '/feed poll 3'))).id];
  const results = await pollFeeds(run.deps, { ids, force: true });
  if (results.length === 0) return okReply([paragraph(run.t('feed-poll-none'))]);
  return okReply([
    paragraph(span(run.t('feed-polled'), { bold: true })),
    { kind: 'list', items: results.map((r) => [span(pollResultLine(r, run.locale))]) },
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
          return usageReply(run.t, run.t('feed-help-intro'));
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
          return { ...usageReply(run.t, run.t('err-feed-action', { text: sub.slice(0, 20) })), status: 'error' };
      }
    },
  },
];
