import type { ChannelFixture, ForumTagFixture } from './fixtures.ts';
import {
  asList,
  asText,
  badLength,
  isRecord,
  maxLength,
  messageFormProblems,
  NOT_A_LIST,
  NOT_AN_OBJECT,
  REQUIRED,
  type FormPath,
  type FormProblem,
  type Json,
} from './messages.ts';

/**
 * Discord's rules for forum (type 15) and media (type 16) channels, which hold only
 * threads, "posts", each opened by a starter message (Channels › Start Thread in Forum
 * or Media Channel, Modify Channel, Forum Tag Object):
 * - a post's body: `name` 1-100 characters; `auto_archive_duration` 60, 1440, 4320 or
 *   10080; `rate_limit_per_user` 0-21600; `applied_tags` at most 5 of the channel's tag
 *   ids; `message` required and checked as a channel message (messages.ts); each
 *   problem a 50035 nested where Discord reports it (`message.embeds.0.title`);
 * - REQUIRE_TAG (a channel flag, 1 << 4): a post without tags is 40067;
 * - a channel's `available_tags`: the whole new list, at most 20, names 1-20 characters
 *   and unique (else 40061); a tag sent with the id of one of the channel's tags keeps
 *   that id, any other gets a new one (Discord ignores an id it does not know);
 * - `flags` a forum or media channel may have: REQUIRE_TAG; a media channel also
 *   HIDE_MEDIA_DOWNLOAD_OPTIONS (1 << 15).
 * Where Discord names no error (an unknown tag id, flags it does not allow, both emoji
 * fields set) the refusal is a 50035 at the field, with the emulator's own code.
 */

/** Channel flags (Channels › Channel Object › Channel Flags). */
export const CHANNEL_FLAGS = {
  pinned: 1 << 1,
  requireTag: 1 << 4,
  hideMediaDownloadOptions: 1 << 15,
} as const;

export const FORUM_LIMITS = {
  tags: 20,
  tagName: 20,
  appliedTags: 5,
  name: 100,
  rateLimitPerUser: 21_600,
} as const;

/** What a thread's auto_archive_duration (and a channel's default) may be, in minutes. */
export const AUTO_ARCHIVE_DURATIONS: readonly number[] = [60, 1440, 4320, 10080];

/** The flags Modify Channel may set on this channel. */
export const settableChannelFlags = (channel: ChannelFixture): number =>
  channel.type === 'media'
    ? CHANNEL_FLAGS.requireTag | CHANNEL_FLAGS.hideMediaDownloadOptions
    : channel.type === 'forum'
      ? CHANNEL_FLAGS.requireTag
      : 0;

const problem = (path: FormPath, error: { code: string; message: string }, text: string): FormProblem => ({
  path,
  ...error,
  text,
});

/** A channel's or thread's name: 1-100 characters. */
export function nameProblems(value: unknown): FormProblem[] {
  if (value === undefined || value === null) return [problem(['name'], REQUIRED, 'name: required')];
  const name = asText(value);
  if (name.length < 1 || name.length > FORUM_LIMITS.name)
    return [problem(['name'], badLength(1, FORUM_LIMITS.name), `name: ${name.length} characters, not 1-100`)];
  return [];
}

/** A duration of auto-archiving, when given: 60, 1440, 4320 or 10080. */
export function durationProblems(field: string, value: unknown): FormProblem[] {
  if (value === undefined || value === null || AUTO_ARCHIVE_DURATIONS.includes(value as number)) return [];
  return [
    problem(
      [field],
      { code: 'BASE_TYPE_CHOICES', message: `Value must be one of {${AUTO_ARCHIVE_DURATIONS.join(', ')}}.` },
      `${field}: ${JSON.stringify(value)} is not one of ${AUTO_ARCHIVE_DURATIONS.join(', ')}`,
    ),
  ];
}

function rateLimitProblems(value: unknown): FormProblem[] {
  if (value === undefined || value === null) return [];
  const at: FormPath = ['rate_limit_per_user'];
  if (typeof value !== 'number' || !Number.isInteger(value))
    return [
      problem(
        at,
        { code: 'NUMBER_TYPE_COERCE', message: `Value "${String(value)}" is not int.` },
        `rate_limit_per_user: ${JSON.stringify(value)} is not an integer`,
      ),
    ];
  if (value < 0)
    return [
      problem(
        at,
        { code: 'NUMBER_TYPE_MIN', message: 'int value should be greater than or equal to 0.' },
        `rate_limit_per_user: ${value} < 0`,
      ),
    ];
  if (value > FORUM_LIMITS.rateLimitPerUser)
    return [
      problem(
        at,
        {
          code: 'NUMBER_TYPE_MAX',
          message: `int value should be less than or equal to ${FORUM_LIMITS.rateLimitPerUser}.`,
        },
        `rate_limit_per_user: ${value} > ${FORUM_LIMITS.rateLimitPerUser}`,
      ),
    ];
  return [];
}

/** A channel's flags as Modify Channel gets them: an integer of the bits it may set. */
export function channelFlagProblems(value: unknown, channel: ChannelFixture): FormProblem[] {
  if (value === undefined || value === null) return [];
  if (typeof value !== 'number' || !Number.isSafeInteger(value) || value < 0)
    return [
      problem(
        ['flags'],
        { code: 'NUMBER_TYPE_COERCE', message: `Value "${String(value)}" is not int.` },
        `flags: ${JSON.stringify(value)} is not an integer`,
      ),
    ];
  const settable = settableChannelFlags(channel);
  const forbidden = value & ~settable;
  if (forbidden === 0) return [];
  return [
    problem(
      ['flags'],
      { code: 'CHANNEL_FLAGS_INVALID', message: `Flags ${forbidden} may not be set on this channel.` },
      `flags: ${forbidden} may not be set on #${channel.name} (settable: ${settable})`,
    ),
  ];
}

const snowflake = (value: unknown): string | null =>
  (typeof value === 'string' && /^\d{1,20}$/u.test(value)) || (typeof value === 'number' && Number.isInteger(value))
    ? String(value)
    : null;

/** A new `available_tags` list for Modify Channel: each problem Discord reports as 50035. */
export function availableTagsProblems(raw: unknown): FormProblem[] {
  const at: FormPath = ['available_tags'];
  if (!Array.isArray(raw)) return [problem(at, NOT_A_LIST, 'available_tags: not a list')];
  const problems: FormProblem[] = [];
  if (raw.length > FORUM_LIMITS.tags)
    problems.push(problem(at, maxLength(FORUM_LIMITS.tags), `available_tags: ${raw.length} tags > 20`));
  raw.forEach((entry, i) => {
    if (!isRecord(entry)) {
      problems.push(problem([...at, i], NOT_AN_OBJECT, `available_tags[${i}]: not an object`));
      return;
    }
    if (entry.name === undefined || entry.name === null)
      problems.push(problem([...at, i, 'name'], REQUIRED, `available_tags[${i}].name: required`));
    else {
      const name = asText(entry.name);
      if (name.length < 1 || name.length > FORUM_LIMITS.tagName)
        problems.push(
          problem(
            [...at, i, 'name'],
            badLength(1, FORUM_LIMITS.tagName),
            `available_tags[${i}].name: "${name}" is ${name.length} characters, not 1-20`,
          ),
        );
    }
    const emojiSet = (value: unknown) => value !== undefined && value !== null;
    if (emojiSet(entry.emoji_id) && emojiSet(entry.emoji_name))
      problems.push(
        problem(
          [...at, i],
          { code: 'TAG_EMOJI_INVALID', message: 'Only one of emoji_id and emoji_name may be set.' },
          `available_tags[${i}]: emoji_id and emoji_name both set`,
        ),
      );
  });
  return problems;
}

/** Whether a (valid) `available_tags` list names two tags alike: Discord's 40061. */
export function tagNamesRepeat(raw: readonly unknown[]): boolean {
  const names = raw.filter(isRecord).map((t) => asText(t.name));
  return new Set(names).size !== names.length;
}

/** The channel's tags after Modify Channel: a known id is kept, any other tag gets `newId()`. */
export function nextTags(
  raw: readonly unknown[],
  current: readonly ForumTagFixture[],
  newId: () => string,
): ForumTagFixture[] {
  return raw.filter(isRecord).map((entry) => {
    const known = current.find((t) => t.id === snowflake(entry.id));
    return {
      id: known?.id ?? newId(),
      name: asText(entry.name),
      moderated: entry.moderated === true,
      emojiId: snowflake(entry.emoji_id),
      emojiName: typeof entry.emoji_name === 'string' ? entry.emoji_name : null,
    };
  });
}

/** The starter message of a post: `message` without what a forum post's message does not take (nonce). */
export function starterBody(body: Json): Json {
  const { nonce: _nonce, enforce_nonce: _enforce, ...message } = isRecord(body.message) ? body.message : {};
  return message;
}

/** The tag ids a post's body applies (none when absent). */
export const appliedTagsOf = (body: Json): string[] => asList(body.applied_tags).map((id) => snowflake(id) ?? '');

/** Discord's checks on a Start Thread in Forum or Media Channel body: every problem, nested as Discord nests them. */
export function forumThreadProblems(body: Json, forum: ChannelFixture): FormProblem[] {
  const problems = [
    ...nameProblems(body.name),
    ...durationProblems('auto_archive_duration', body.auto_archive_duration),
    ...rateLimitProblems(body.rate_limit_per_user),
  ];
  const tags = body.applied_tags;
  if (tags !== undefined && tags !== null) {
    if (!Array.isArray(tags)) problems.push(problem(['applied_tags'], NOT_A_LIST, 'applied_tags: not a list'));
    else {
      if (tags.length > FORUM_LIMITS.appliedTags)
        problems.push(
          problem(
            ['applied_tags'],
            maxLength(FORUM_LIMITS.appliedTags),
            `applied_tags: ${tags.length} tags > ${FORUM_LIMITS.appliedTags}`,
          ),
        );
      const known = (forum.availableTags ?? []).map((t) => t.id);
      tags.forEach((raw, i) => {
        const id = snowflake(raw);
        if (id === null)
          problems.push(
            problem(
              ['applied_tags', i],
              { code: 'NUMBER_TYPE_COERCE', message: `Value "${String(raw)}" is not snowflake.` },
              `applied_tags[${i}]: ${JSON.stringify(raw)} is not a snowflake`,
            ),
          );
        else if (!known.includes(id))
          problems.push(
            problem(
              ['applied_tags', i],
              { code: 'FORUM_TAG_UNKNOWN', message: `Tag ${id} is not one of this channel's tags.` },
              `applied_tags[${i}]: ${id} is not a tag of #${forum.name} (${known.join(', ') || 'it has none'})`,
            ),
          );
      });
    }
  }
  if (body.message === undefined || body.message === null)
    problems.push(problem(['message'], REQUIRED, 'message: required'));
  else if (!isRecord(body.message)) problems.push(problem(['message'], NOT_AN_OBJECT, 'message: not an object'));
  else
    problems.push(
      ...messageFormProblems(starterBody(body), { creating: true }).map((p) => ({
        ...p,
        path: ['message', ...p.path],
        text: `message.${p.text}`,
      })),
    );
  return problems;
}
