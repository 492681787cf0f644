import type { RESTPostAPIChannelMessageJSONBody, RESTPostAPIGuildForumThreadsJSONBody } from 'discord.js';
import { tagKey } from '../../src/index.ts';
import { cutText } from './markdown.ts';

/**
 * Discord forum and media channels take no plain messages: each article becomes a post
 * of its own (`POST /channels/{forum}/threads`), a thread named by the article's title
 * whose first message is the card, with the forum's tags that match the article's.
 */

/** Discord's limits for forum posts and tags. */
export const FORUM_LIMITS = {
  /** A thread's name. */
  threadName: 100,
  /** Tags one post may have. */
  tagsPerPost: 5,
  /** Tags one forum may have. */
  tagsPerForum: 20,
  /** A tag's name. */
  tagName: 20,
} as const;

/** A forum's tag as Discord's channel object lists it in `available_tags`. */
export interface ForumTag {
  id: string;
  name: string;
  moderated?: boolean;
  emoji_id?: string | null;
  emoji_name?: string | null;
}

/** The forum tags a post about these tags gets, and the followed tags the forum has none for. */
export interface ForumTagChoice {
  /** Tag ids to apply, at most FORUM_LIMITS.tagsPerPost: the followed tags first, then the article's others. */
  applied: string[];
  /** Followed tags the forum lacks (named within FORUM_LIMITS.tagName), in the article's order. */
  missing: string[];
}

/**
 * Matches the article's tags to a forum's tags as tagwire matches tags (`tagKey`: case,
 * `#`, spaces, Unicode forms), so a forum tag "armenia" is #Armenia. Moderated tags
 * (only members with Manage Threads may apply them) are left to the moderators.
 */
export function chooseForumTags(
  available: readonly ForumTag[],
  followed: readonly string[],
  articleTags: readonly string[],
): ForumTagChoice {
  const byKey = new Map<string, ForumTag>();
  for (const tag of available) {
    const key = tagKey(tag.name);
    if (!byKey.has(key)) byKey.set(key, tag);
  }
  const applied: string[] = [];
  const missing: string[] = [];
  for (const name of [...followed, ...articleTags]) {
    const tag = byKey.get(tagKey(name));
    if (tag && tag.moderated !== true && !applied.includes(tag.id) && applied.length < FORUM_LIMITS.tagsPerPost)
      applied.push(tag.id);
  }
  for (const name of followed) {
    const key = tagKey(name);
    if (byKey.has(key) || missing.some((m) => tagKey(m) === key)) continue;
    if ([...name].length <= FORUM_LIMITS.tagName) missing.push(name);
  }
  return { applied, missing };
}

/**
 * The forum's tag list with the missing followed tags added, as many as fit the forum's
 * 20; null when none can be added. Existing tags are sent back as they are (with their ids).
 */
export function withMissingTags(available: readonly ForumTag[], missing: readonly string[]): ForumTag[] | null {
  const room = FORUM_LIMITS.tagsPerForum - available.length;
  if (room <= 0 || missing.length === 0) return null;
  return [...available, ...missing.slice(0, room).map((name) => ({ name }) as ForumTag)];
}

/** A forum post's name: the article's title, plain, on one line, within 100 characters. */
export function forumPostName(title: string): string {
  return cutText(title.replace(/\s+/gu, ' ').trim(), FORUM_LIMITS.threadName) || '…';
}

/** The body of a forum post for a card: the thread's name is the title (plain text, cut to 100), the card its first message. */
export function forumPostBody(
  title: string,
  card: RESTPostAPIChannelMessageJSONBody,
  appliedTags: readonly string[],
): RESTPostAPIGuildForumThreadsJSONBody {
  // A forum post's first message takes no nonce: Discord's thread creation has none.
  const { nonce: _nonce, enforce_nonce: _enforce, ...message } = card;
  return {
    name: forumPostName(title),
    message: message as RESTPostAPIGuildForumThreadsJSONBody['message'],
    ...(appliedTags.length > 0 ? { applied_tags: [...appliedTags] } : {}),
  };
}

/** `available_tags` of a channel object Discord returned, or [] when it has none. */
export function availableTagsOf(channel: unknown): ForumTag[] {
  if (typeof channel !== 'object' || channel === null || !('available_tags' in channel)) return [];
  const tags = (channel as { available_tags: unknown }).available_tags;
  if (!Array.isArray(tags)) return [];
  return tags.filter(
    (t): t is ForumTag =>
      typeof t === 'object' &&
      t !== null &&
      typeof (t as ForumTag).id === 'string' &&
      typeof (t as ForumTag).name === 'string',
  );
}
