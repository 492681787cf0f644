import { clearTags, ensureSubscriber, reactivateChat, setTags, type FollowChange } from '../../app/subscriptions.ts';
import { UserInputError } from '../../domain/errors.ts';
import { okReply, paragraph, span, type Reply } from '../../domain/reply.ts';
import { nearestTags } from '../../app/suggest.ts';
import { parseTagList, asHashtag, tagKey } from '../../domain/tags.ts';
import type { FollowMode } from '../../storage/schema.ts';
import { tagPhrase } from '../format.ts';
import { scheduleBlocks } from '../schedule-format.ts';
import { scheduleOf } from '../../app/schedules.ts';
import type { CommandRun, CommandSpec } from '../spec.ts';
import {
  forget,
  isSearchSyntax,
  isWordMuteSyntax,
  muteWords,
  savedSearchBlocks,
  searchCommands,
  watchSearch,
} from './searches.ts';

const chatOf = (run: CommandRun) => ({
  platform: run.ctx.platform,
  chatId: run.ctx.chat.id,
  kind: run.ctx.chat.kind,
  title: run.ctx.chat.title,
  parentId: run.ctx.chat.parentId,
});

function tagsFrom(args: string, command: string) {
  const tags = parseTagList(args);
  if (tags.length === 0) {
    throw new UserInputError(
      `Which tags? Name them after /${command}: one tag, several separated by commas, or hashtags.`,
      `/${command} Armenia, Russia`,
    );
  }
  if (tags.length > 50) throw new UserInputError('That is more than 50 tags at once; send them in smaller groups.');
  return tags;
}

/** The chat's subscriber, created if new, and turned back on if the platform had paused or ended it. */
export async function subscriberFor(run: CommandRun) {
  const sub = await ensureSubscriber(run.deps, chatOf(run));
  if (sub.status !== 'active') await reactivateChat(run.deps, sub.platform, sub.chat_id);
  return sub;
}

function describeChange(change: FollowChange, done: string, already: string, mode: FollowMode = 'follow'): Reply {
  const blocks = [];
  if (change.changed.length > 0) blocks.push(paragraph(`${done} ${tagPhrase(change.changed)}.`));
  if (change.unchanged.length > 0) blocks.push(paragraph(`${already} ${tagPhrase(change.unchanged)}.`));
  if (change.created.length > 0) {
    blocks.push(
      paragraph(
        mode === 'follow'
          ? `No article has had ${tagPhrase(change.created)} yet; you will get the first one.`
          : `No article has had ${tagPhrase(change.created)} yet; any that comes will be skipped here.`,
      ),
    );
  }
  return okReply(blocks);
}

const followLike = (name: string, mode: FollowMode, summary: string, done: string, already: string): CommandSpec => ({
  name,
  args: 'TAGS',
  summary,
  access: 'manager',
  example: `/${name} Armenia, CSTO`,
  run: (run) => followTags(run, mode, null, done, already),
});

/** Tag suggestions for a new tag, per tag: the nearest known tags, at most this many. */
const FOLLOW_SUGGESTIONS = 3;

/**
 * /follow and /mute, and the Discord channel form that mentions a role for the tags.
 * A tag no article has had yet is followed all the same (the first article will come),
 * and the reply offers the nearest known tags in case it was a typo (`Armenai`).
 */
export async function followTags(
  run: CommandRun,
  mode: FollowMode,
  mentionRoleId: string | null,
  done = mode === 'follow' ? 'Now following' : 'Muted',
  already = mode === 'follow' ? 'Already following' : 'Already muted',
): Promise<Reply> {
  // `/follow "nuclear power" armenia -drill` follows a search; `/mute "oil spill"` mutes words.
  if (mentionRoleId === null && mode === 'follow' && isSearchSyntax(run.args))
    return watchSearch(run, subscriberFor, 'follow');
  if (mentionRoleId === null && mode === 'mute' && isWordMuteSyntax(run.args)) return muteWords(run, subscriberFor);
  const tags = tagsFrom(run.args, mode);
  const sub = await subscriberFor(run);
  const change = await setTags(run.deps, sub, tags, mode, mentionRoleId);
  const reply = describeChange(change, done, already, mode);
  const named = new Set(change.created.map((t) => tagKey(t)));
  const offers: string[] = [];
  for (const created of change.created) {
    for (const near of await nearestTags(run.deps.stores, created, FOLLOW_SUGGESTIONS)) {
      if (!named.has(tagKey(near.name)) && !offers.includes(near.name)) offers.push(near.name);
    }
  }
  if (offers.length === 0) return reply;
  const verb = mode === 'follow' ? 'Follow' : 'Mute';
  const buttons = await Promise.all(
    offers.map(async (name) => [
      { label: `${verb} ${asHashtag(name)}`, data: await run.buttonData(`/${mode} ${name}`) },
    ]),
  );
  return okReply(
    [...reply.blocks, paragraph(`Did you mean ${offers.map(asHashtag).join(' or ')}? Those have articles already.`)],
    buttons,
  );
}

const unfollowLike = (name: string, mode: FollowMode, summary: string, done: string, already: string): CommandSpec => ({
  name,
  args: 'TAGS',
  summary,
  access: 'manager',
  example: `/${name} Russia`,
  async run(run) {
    if (mode === 'follow' && isSearchSyntax(run.args)) return forget(run, subscriberFor, 'follow', name);
    if (mode === 'mute' && isWordMuteSyntax(run.args)) return forget(run, subscriberFor, 'mute', name);
    const tags = tagsFrom(run.args, name);
    const sub = await subscriberFor(run);
    return describeChange(await clearTags(run.deps, sub, tags, mode), done, already);
  },
});

export const subscriptionCommands: CommandSpec[] = [
  {
    name: 'start',
    args: '',
    summary: 'Start receiving news here (again)',
    access: 'everyone',
    example: '/start',
    async run(run) {
      const existing = await run.deps.stores.subscribers.find(run.ctx.platform, run.ctx.chat.id);
      const sub = await ensureSubscriber(run.deps, chatOf(run));
      const back =
        existing !== undefined &&
        existing.status !== 'active' &&
        (await reactivateChat(run.deps, sub.platform, sub.chat_id));
      const follows = (await run.deps.stores.subscribers.follows(sub.id)).filter((f) => f.mode === 'follow');
      return okReply([
        paragraph(
          back
            ? 'Welcome back: deliveries to this chat are on again.'
            : 'Welcome to tagwire: news by tag, each article once.',
        ),
        follows.length > 0
          ? paragraph(`This chat follows ${tagPhrase(follows.map((f) => f.name))}.`)
          : paragraph(
              'Follow a few tags to begin, for example ',
              span('/follow Armenia, Russia', { code: true }),
              '. See ',
              span('/toptags', { code: true }),
              ' for popular ones.',
            ),
        paragraph('Send ', span('/help', { code: true }), ' for every command.'),
      ]);
    },
  },
  followLike(
    'follow',
    'follow',
    'Follow tags: get each new article with them once',
    'Now following',
    'Already following',
  ),
  unfollowLike('unfollow', 'follow', 'Stop following tags', 'Stopped following', 'Was not following'),
  followLike(
    'mute',
    'mute',
    'Mute tags, or "words": skip articles that carry them, even if you follow another of their tags',
    'Muted',
    'Already muted',
  ),
  unfollowLike('unmute', 'mute', 'Unmute tags, or "words" muted with /mute', 'Unmuted', 'Was not muting'),
  ...searchCommands(subscriberFor),
  {
    name: 'tags',
    args: '',
    summary: 'What this chat follows and mutes',
    access: 'everyone',
    example: '/tags',
    async run(run) {
      let sub = await run.deps.stores.subscribers.find(run.ctx.platform, run.ctx.chat.id);
      let resumed = false;
      if (sub?.status === 'paused' && run.ctx.canManageChat) {
        // A moderator looking at the list after fixing permissions: try again.
        resumed = await reactivateChat(run.deps, sub.platform, sub.chat_id);
        sub = await run.deps.stores.subscribers.find(run.ctx.platform, run.ctx.chat.id);
      }
      const follows = sub ? await run.deps.stores.subscribers.follows(sub.id) : [];
      const followed = follows.filter((f) => f.mode === 'follow').map((f) => f.name);
      const muted = follows.filter((f) => f.mode === 'mute').map((f) => f.name);
      const searches = sub ? savedSearchBlocks(await run.deps.stores.savedSearches.list(sub.id)) : [];
      if (followed.length === 0 && muted.length === 0 && searches.length === 0) {
        return okReply([
          paragraph(
            'This chat follows no tags yet. Try ',
            span('/follow Armenia', { code: true }),
            ' or see ',
            span('/toptags', { code: true }),
            '.',
          ),
        ]);
      }
      const blocks = [
        paragraph(
          followed.length > 0
            ? `Following (${followed.length}): ${followed.map(asHashtag).join(' ')}`
            : 'Following no tags.',
        ),
      ];
      if (muted.length > 0) blocks.push(paragraph(`Muted (${muted.length}): ${muted.map(asHashtag).join(' ')}`));
      blocks.push(...searches);
      if (resumed) blocks.push(paragraph('Deliveries to this chat were paused and are now resumed.'));
      if (sub) blocks.push(...scheduleBlocks(scheduleOf(sub)));
      if (sub && sub.status !== 'active')
        blocks.push(
          paragraph(
            `Deliveries here are ${sub.status}${sub.status_reason ? ` (${sub.status_reason})` : ''}. Send /start here, or follow a tag again, to turn them on.`,
          ),
        );
      return okReply(blocks);
    },
  },
  {
    name: 'toptags',
    args: '',
    summary: 'The most-followed tags',
    access: 'everyone',
    example: '/toptags',
    async run(run) {
      const top = await run.deps.stores.tags.topFollowed(10);
      if (top.length === 0)
        return okReply([
          paragraph('Nobody follows any tag yet. Be the first: ', span('/follow Armenia', { code: true })),
        ]);
      return okReply(
        [
          paragraph('Most-followed tags:'),
          {
            kind: 'list',
            items: top.map((t) => [
              span(asHashtag(t.name), { bold: true }),
              span(` ${t.count} ${t.count === 1 ? 'follower' : 'followers'}`),
            ]),
          },
        ],
        await Promise.all(
          top
            .slice(0, 3)
            .map(async (t) => [
              { label: `Follow ${asHashtag(t.name)}`, data: await run.buttonData(`/follow ${t.name}`) },
            ]),
        ),
      );
    },
  },
];
