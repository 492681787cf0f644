import { clearTags, ensureSubscriber, reactivateChat, setTags, type FollowChange } from '../../app/subscriptions.ts';
import { msg, ThreadCreationError, UserInputError } from '../../domain/errors.ts';
import { listIn, type Translate } from '../../i18n/index.ts';
import { errorReply, okReply, paragraph, span, type Reply } from '../../domain/reply.ts';
import { nearestTags } from '../../app/suggest.ts';
import { localTagNames } from '../../app/region-names.ts';
import { parseTagList, asHashtag, tagKey } from '../../domain/tags.ts';
import type { FollowMode, SubscriberRow } from '../../storage/schema.ts';
import { richParagraph, tagPhrase } from '../format.ts';
import { scheduleBlocks } from '../schedule-format.ts';
import { cardStatusBlock, identityStatusBlock } from '../card-format.ts';
import { cardSettingsOf, identityOf } from '../../storage/subscriber-store.ts';
import { scheduleOf } from '../../app/schedules.ts';
import { giveThreads, threadLabel } from '../../app/threads.ts';
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
  forum: run.ctx.chat.forum,
});

function tagsFrom(args: string, command: string) {
  const tags = parseTagList(args);
  if (tags.length === 0) {
    throw new UserInputError(msg('err-which-tags', { command }), `/${command} Armenia, Russia`);
  }
  if (tags.length > 50) throw new UserInputError(msg('err-too-many-tags', { max: 50 }));
  return tags;
}

/** The chat's subscriber, created if new, and turned back on if the platform had paused or ended it. */
export async function subscriberFor(run: CommandRun) {
  const sub = await ensureSubscriber(run.deps, chatOf(run));
  if (sub.status !== 'active') await reactivateChat(run.deps, sub.platform, sub.chat_id);
  return sub;
}

/**
 * Gives the chat's followed tags that go to the chat itself a forum topic each (see
 * giveThreads), named as the chat's language names the tag; the reply says how many,
 * or why the platform refused (the bot may not manage topics).
 */
export async function topicsForTags(run: CommandRun, sub: SubscriberRow, names: readonly string[]): Promise<Reply> {
  const createThread = run.ctx.createThread;
  if (!createThread) return errorReply(run.t('topics-not-forum'));
  const shown = await localTagNames(run.deps.stores, names, run.locale);
  try {
    const created = await giveThreads(
      run.deps,
      sub,
      names.map((name) => ({ name, topic: shown.get(name) ?? name })),
      createThread,
    );
    return okReply([paragraph(run.t('topics-created', { count: created }))]);
  } catch (err) {
    if (!(err instanceof ThreadCreationError)) throw err;
    return errorReply(run.t(err.reason === 'rights' ? 'topics-no-rights' : 'topics-refused', { error: err.message }));
  }
}

/**
 * Records the topic a command came from (its name for /tags) and, since someone may act
 * in it, resumes its route if it was paused; returns whether it was.
 */
async function noteThread(
  run: CommandRun,
  subscriberId: number,
  thread: { id: string; name?: string | undefined },
): Promise<boolean> {
  const now = run.deps.clock.now().getTime();
  await run.deps.stores.threads.note(subscriberId, thread.id, thread.name ?? null, now);
  return run.deps.stores.threads.resume(subscriberId, thread.id, now);
}

/**
 * Tag names as this chat sees them (localTagNames: #Армения to a Russian chat), in the
 * order of its language's alphabet.
 */
async function shownNames(run: Pick<CommandRun, 'deps' | 'locale'>, names: readonly string[]): Promise<string[]> {
  const shown = await localTagNames(run.deps.stores, names, run.locale);
  const collator = new Intl.Collator(run.locale);
  return names.map((name) => shown.get(name) ?? name).sort(collator.compare);
}

/** Which of these tags (by name) no article has had yet: tags just created, and known ones still unused. */
async function withoutArticles(run: Pick<CommandRun, 'deps'>, names: readonly string[]): Promise<string[]> {
  if (names.length === 0) return [];
  const tags = await run.deps.stores.tags.findMany(names.map(tagKey));
  const ids = [...new Set([...tags.values()].map((t) => t.id))];
  const counts = await run.deps.stores.tags.articleCounts(ids);
  return names.filter((name) => {
    const tag = tags.get(tagKey(name));
    return tag !== undefined && (counts.get(tag.id) ?? 0) === 0;
  });
}

/**
 * What a follow change says: `done` and `already` are message ids taking the tags
 * (`tags-followed`: "Now following #Armenia and #CSTO."), each tag under the name the
 * chat's language gives it. For a follow or mute (`mode`), the tags no article has had
 * yet are named too ("No article has had #Armenia yet").
 */
async function describeChange(
  change: FollowChange,
  done: string,
  already: string,
  run: Pick<CommandRun, 't' | 'locale' | 'deps'>,
  mode?: FollowMode,
): Promise<Reply> {
  const { t, locale } = run;
  const unused = mode === undefined ? [] : await withoutArticles(run, change.changed);
  const shown = await localTagNames(run.deps.stores, [...change.changed, ...change.unchanged], locale);
  const phrase = (names: readonly string[]) =>
    tagPhrase(
      names.map((name) => shown.get(name) ?? name),
      locale,
    );
  const blocks = [];
  if (change.changed.length > 0) blocks.push(paragraph(t(done, { tags: phrase(change.changed) })));
  if (change.unchanged.length > 0) blocks.push(paragraph(t(already, { tags: phrase(change.unchanged) })));
  if (unused.length > 0) {
    blocks.push(paragraph(t(mode === 'follow' ? 'tags-new-followed' : 'tags-new-muted', { tags: phrase(unused) })));
  }
  return okReply(blocks);
}

const followLike = (name: string, mode: FollowMode, done: string, already: string): CommandSpec => ({
  name,
  args: 'TAGS',
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
  done = mode === 'follow' ? 'tags-followed' : 'tags-muted',
  already = mode === 'follow' ? 'tags-already-followed' : 'tags-already-muted',
): Promise<Reply> {
  // `/follow "nuclear power" armenia -drill` follows a search; `/mute "oil spill"` mutes words.
  if (mentionRoleId === null && mode === 'follow' && isSearchSyntax(run.args))
    return watchSearch(run, subscriberFor, 'follow');
  if (mentionRoleId === null && mode === 'mute' && isWordMuteSyntax(run.args)) return muteWords(run, subscriberFor);
  const tags = tagsFrom(run.args, mode);
  const sub = await subscriberFor(run);
  // Followed inside a forum topic: the tags' articles go to that topic.
  const thread = mode === 'follow' ? run.ctx.chat.thread : undefined;
  const resumed = thread ? await noteThread(run, sub.id, thread) : false;
  const change = await setTags(run.deps, sub, tags, mode, mentionRoleId, thread?.id ?? null);
  let reply = await describeChange(change, done, already, run, mode);
  if (thread) {
    reply = okReply([
      ...reply.blocks,
      paragraph(run.t('tags-routed-here', { count: change.changed.length + change.unchanged.length })),
      ...(resumed ? [paragraph(run.t('thread-resumed'))] : []),
    ]);
  } else if (mode === 'follow' && sub.topics_auto === 1 && run.ctx.createThread && change.changed.length > 0) {
    // `/topics auto`: a tag newly followed in General gets a topic of its own.
    const topics = await topicsForTags(run, sub, change.changed);
    reply = { ...reply, blocks: [...reply.blocks, ...topics.blocks] };
  }
  const named = new Set(change.created.map((t) => tagKey(t)));
  const offers: string[] = [];
  for (const created of change.created) {
    for (const near of await nearestTags(run.deps.stores, created, FOLLOW_SUGGESTIONS)) {
      if (!named.has(tagKey(near.name)) && !offers.includes(near.name)) offers.push(near.name);
    }
  }
  if (offers.length === 0) return reply;
  const buttons = await Promise.all(
    offers.map(async (name) => [
      {
        label: run.t(mode === 'follow' ? 'button-follow' : 'button-mute', { tag: asHashtag(name) }),
        data: await run.buttonData(`/${mode} ${name}`),
      },
    ]),
  );
  return okReply(
    [
      ...reply.blocks,
      paragraph(run.t('tags-did-you-mean', { tags: listIn(run.locale, offers.map(asHashtag), 'disjunction') })),
    ],
    buttons,
  );
}

const unfollowLike = (name: string, mode: FollowMode, done: string, already: string): CommandSpec => ({
  name,
  args: 'TAGS',
  access: 'manager',
  example: `/${name} Russia`,
  async run(run) {
    if (mode === 'follow' && isSearchSyntax(run.args)) return forget(run, subscriberFor, 'follow', name);
    if (mode === 'mute' && isWordMuteSyntax(run.args)) return forget(run, subscriberFor, 'mute', name);
    const tags = tagsFrom(run.args, name);
    const sub = await subscriberFor(run);
    return describeChange(await clearTags(run.deps, sub, tags, mode), done, already, run);
  },
});

/** /tags: which topics the chat's tags go to, and which of those routes are paused. */
async function routeBlocks(
  run: CommandRun,
  subscriberId: number,
  follows: readonly { name: string; mode: FollowMode; threadId: string | null }[],
) {
  const routed = follows.filter((f) => f.mode === 'follow' && f.threadId !== null);
  if (routed.length === 0) return [];
  const threads = new Map((await run.deps.stores.threads.list(subscriberId)).map((t) => [t.threadId, t]));
  const byThread = new Map<string, string[]>();
  for (const f of routed) byThread.set(f.threadId ?? '', [...(byThread.get(f.threadId ?? '') ?? []), f.name]);
  const blocks = [];
  for (const [threadId, names] of byThread) {
    const thread = threads.get(threadId);
    const tags = (await shownNames(run, names)).map(asHashtag).join(' ');
    blocks.push(
      paragraph(
        run.t(thread?.pausedAt != null ? 'tags-thread-paused' : 'tags-thread-route', {
          thread: threadLabel(thread, threadId),
          tags,
        }),
      ),
    );
  }
  return blocks;
}

export const subscriptionCommands: CommandSpec[] = [
  {
    name: 'start',
    args: '',
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
        paragraph(run.t(back ? 'start-back' : 'start-welcome')),
        follows.length > 0
          ? paragraph(
              run.t('start-follows', {
                tags: tagPhrase(
                  await shownNames(
                    run,
                    follows.map((f) => f.name),
                  ),
                  run.locale,
                ),
              }),
            )
          : richParagraph(run.t('start-begin')),
        richParagraph(run.t('start-help')),
      ]);
    },
  },
  followLike('follow', 'follow', 'tags-followed', 'tags-already-followed'),
  unfollowLike('unfollow', 'follow', 'tags-unfollowed', 'tags-not-followed'),
  followLike('mute', 'mute', 'tags-muted', 'tags-already-muted'),
  unfollowLike('unmute', 'mute', 'tags-unmuted', 'tags-not-muted'),
  ...searchCommands(subscriberFor),
  {
    name: 'tags',
    args: '',
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
      if (sub && run.ctx.chat.thread && run.ctx.canManageChat && (await noteThread(run, sub.id, run.ctx.chat.thread)))
        resumed = true;
      const followed = await shownNames(
        run,
        follows.filter((f) => f.mode === 'follow').map((f) => f.name),
      );
      const muted = await shownNames(
        run,
        follows.filter((f) => f.mode === 'mute').map((f) => f.name),
      );
      const searches = sub ? savedSearchBlocks(await run.deps.stores.savedSearches.list(sub.id), run.t) : [];
      if (followed.length === 0 && muted.length === 0 && searches.length === 0) {
        return okReply([richParagraph(run.t('tags-none'))]);
      }
      const blocks = [
        paragraph(
          followed.length > 0
            ? run.t('tags-following-list', { count: followed.length, list: followed.map(asHashtag).join(' ') })
            : run.t('tags-following-none'),
        ),
      ];
      if (muted.length > 0)
        blocks.push(paragraph(run.t('tags-muted-list', { count: muted.length, list: muted.map(asHashtag).join(' ') })));
      if (sub) blocks.push(...(await routeBlocks(run, sub.id, follows)));
      blocks.push(...searches);
      if (resumed) blocks.push(paragraph(run.t('tags-resumed')));
      if (sub) blocks.push(...scheduleBlocks(scheduleOf(sub), run.locale));
      if (sub) blocks.push(cardStatusBlock(run, cardSettingsOf(sub)));
      const identity = sub ? identityOf(sub) : null;
      if (identity) blocks.push(identityStatusBlock(run, identity));
      if (sub && sub.status !== 'active') blocks.push(paragraph(statusLine(run.t, sub.status, sub.status_reason)));
      return okReply(blocks);
    },
  },
  {
    name: 'toptags',
    args: '',
    access: 'everyone',
    example: '/toptags',
    async run(run) {
      const top = await run.deps.stores.tags.topFollowed(10);
      if (top.length === 0) return okReply([richParagraph(run.t('toptags-none'))]);
      const shown = await localTagNames(
        run.deps.stores,
        top.map((t) => t.name),
        run.locale,
      );
      const hashtag = (name: string) => asHashtag(shown.get(name) ?? name);
      return okReply(
        [
          paragraph(run.t('toptags-heading')),
          {
            kind: 'list',
            items: top.map((t) => [
              span(hashtag(t.name), { bold: true }),
              span(` ${run.t('toptags-followers', { count: t.count })}`),
            ]),
          },
        ],
        await Promise.all(
          top.slice(0, 3).map(async (t) => [
            {
              label: run.t('button-follow', { tag: hashtag(t.name) }),
              data: await run.buttonData(`/follow ${t.name}`),
            },
          ]),
        ),
      );
    },
  },
];

/** "Deliveries here are paused (why). …": the status words are the platform's reasons, kept as stored. */
function statusLine(t: Translate, status: string, reason: string | null): string {
  return reason
    ? t('tags-status-reason', { status: t(`status-${status}`), reason })
    : t('tags-status', { status: t(`status-${status}`) });
}
