import type { DiscordEmulator } from './emulator.ts';
import {
  channelObjectIn,
  dmChannelObject,
  isThreadOnly,
  PERMISSIONS,
  type ChannelFixture,
  type GuildFixture,
} from './fixtures.ts';
import {
  appliedTagsOf,
  availableTagsProblems,
  CHANNEL_FLAGS,
  channelFlagProblems,
  durationProblems,
  forumThreadProblems,
  nameProblems,
  nextTags,
  starterBody,
  tagNamesRepeat,
} from './forums.ts';
import { asList, asText, formRefusal, isRecord, messageRefusal, wireMessage, type FormProblem } from './messages.ts';
import { has } from './permissions.ts';
import type { Responder } from './rest.ts';

/**
 * Channel routes under /api/v10 (Channels resource), as Discord answers them:
 * - GET /channels/{id}: the channel object (a thread the bot made carries its thread
 *   member; a DM, its recipient); 10003 when there is no such channel, 50001 without
 *   View Channel;
 * - PATCH /channels/{id} (Modify Channel, a server's channel): Manage Channels, else
 *   50013; `name`, `flags`, `default_auto_archive_duration` and, on a forum or media
 *   channel, `available_tags` (forums.ts), other fields ignored; answers the channel
 *   and sends CHANNEL_UPDATE. The emulator models no thread edits: PATCH on a thread
 *   is 405;
 * - POST /channels/{id}/threads on a forum or media channel (Start Thread in Forum or
 *   Media Channel): View Channel (50001) and Send Messages (50013: in a forum it means
 *   Create Posts), the body's checks (forums.ts: 50035; an empty message 50006),
 *   REQUIRE_TAG (40067), a moderated tag without Manage Threads (50013), embeds dropped
 *   without Embed Links (a post of embeds only: 50013), as for a channel message. 201:
 *   the thread with the starter message in `message` (its id is the thread's). On a
 *   thread it is 50024; Start Thread without Message (a text channel) is not emulated
 *   (404).
 */

export function channelRoute(emu: DiscordEmulator, out: Responder, method: string, channelId: string, body: unknown) {
  const found = emu.findChannel(channelId);
  if (!found) {
    const recipient = emu.dmRecipient(channelId);
    if (recipient === undefined) return out.error(404, 10003, 'Unknown Channel');
    if (method === 'GET') return out.json(200, dmChannelObject(channelId, recipient));
    return out.error(405, 0, '405: Method Not Allowed');
  }
  const { guild, channel } = found;
  const permissions = emu.botPermissionsIn(channelId);
  if (!has(permissions, PERMISSIONS.viewChannel)) return out.error(403, 50001, 'Missing Access');
  if (method === 'GET')
    return out.json(
      200,
      channel.type === 'thread' ? emu.threadObject(guild, channel) : channelObjectIn(guild, channel),
    );
  if (method === 'DELETE') return deleteChannelRoute(emu, out, channelId, channel, permissions);
  if (method === 'PATCH' && channel.type === 'thread')
    return renameThreadRoute(emu, out, guild, channel, permissions, body);
  if (method !== 'PATCH') return out.error(405, 0, '405: Method Not Allowed');
  if (!has(permissions, PERMISSIONS.manageChannels)) return out.error(403, 50013, 'Missing Permissions');
  const fields = isRecord(body) ? body : {};
  const problems: FormProblem[] = [
    ...('name' in fields ? nameProblems(fields.name) : []),
    ...channelFlagProblems(fields.flags, channel),
    ...durationProblems('default_auto_archive_duration', fields.default_auto_archive_duration),
  ];
  const tags = isThreadOnly(channel) && 'available_tags' in fields ? fields.available_tags : undefined;
  if (tags !== undefined) problems.push(...availableTagsProblems(tags));
  const refusal = formRefusal(problems);
  if (refusal) return out.refuse(refusal);
  if (Array.isArray(tags) && tagNamesRepeat(tags)) return out.error(400, 40061, 'Tag names must be unique');
  if ('name' in fields) channel.name = asText(fields.name);
  if (typeof fields.flags === 'number') channel.flags = fields.flags;
  if (typeof fields.default_auto_archive_duration === 'number')
    channel.defaultAutoArchiveDuration = fields.default_auto_archive_duration;
  if (Array.isArray(tags)) channel.availableTags = nextTags(tags, channel.availableTags ?? [], () => emu.nextId());
  const updated = channelObjectIn(guild, channel);
  emu.gateway.dispatch('CHANNEL_UPDATE', updated, guild.id);
  return out.json(200, updated);
}

/**
 * PATCH /channels/{id} on a thread (Modify Channel, thread): its owner, or a member with
 * Manage Threads, may rename it (`name`, 1-100 characters); the emulator models no other
 * thread field (405 for them). Answers the thread and sends THREAD_UPDATE.
 */
function renameThreadRoute(
  emu: DiscordEmulator,
  out: Responder,
  guild: GuildFixture,
  channel: ChannelFixture,
  permissions: bigint,
  body: unknown,
) {
  if (channel.ownerId !== emu.bot.id && !has(permissions, PERMISSIONS.manageThreads))
    return out.error(403, 50013, 'Missing Permissions');
  const fields = isRecord(body) ? body : {};
  if (Object.keys(fields).some((k) => k !== 'name')) return out.error(405, 0, '405: Method Not Allowed');
  const refusal = formRefusal(nameProblems(fields.name));
  if (refusal) return out.refuse(refusal);
  channel.name = asText(fields.name);
  const updated = emu.threadObject(guild, channel);
  emu.gateway.dispatch('THREAD_UPDATE', updated, guild.id);
  return out.json(200, updated);
}

/**
 * DELETE /channels/{id} (Delete/Close Channel): a thread takes Manage Threads (in its
 * parent), any other channel Manage Channels, else 50013, even for the thread's owner.
 * The thread's messages go with it; answers the channel, and sends THREAD_DELETE (a
 * thread) or CHANNEL_DELETE.
 */
function deleteChannelRoute(
  emu: DiscordEmulator,
  out: Responder,
  channelId: string,
  channel: { type?: string },
  permissions: bigint,
) {
  const needed = channel.type === 'thread' ? PERMISSIONS.manageThreads : PERMISSIONS.manageChannels;
  if (!has(permissions, needed)) return out.error(403, 50013, 'Missing Permissions');
  return out.json(200, emu.removeChannel(channelId));
}

export function forumThreadRoute(emu: DiscordEmulator, out: Responder, channelId: string, body: unknown) {
  const found = emu.findChannel(channelId);
  if (!found)
    return emu.dmRecipient(channelId) === undefined
      ? out.error(404, 10003, 'Unknown Channel')
      : out.error(400, 50003, 'Cannot execute action on a DM channel');
  const { guild, channel: forum } = found;
  const permissions = emu.botPermissionsIn(channelId);
  if (!has(permissions, PERMISSIONS.viewChannel)) return out.error(403, 50001, 'Missing Access');
  if (forum.type === 'thread') return out.error(400, 50024, 'Cannot execute action on this channel type');
  if (!isThreadOnly(forum)) return out.error(404, 0, '404: Not Found');
  // In a forum or media channel, Send Messages is what lets one create posts.
  if (!has(permissions, PERMISSIONS.sendMessages)) return out.error(403, 50013, 'Missing Permissions');
  const fields = isRecord(body) ? body : {};
  const invalid = formRefusal(forumThreadProblems(fields, forum));
  if (invalid) return out.refuse(invalid);
  const message = starterBody(fields);
  const empty = messageRefusal(message, { creating: true });
  if (empty) return out.refuse(empty);
  const appliedTags = appliedTagsOf(fields);
  if (((forum.flags ?? 0) & CHANNEL_FLAGS.requireTag) !== 0 && appliedTags.length === 0)
    return out.error(400, 40067, 'A tag is required to create a forum post in this channel');
  const moderated = (forum.availableTags ?? []).filter((t) => t.moderated === true).map((t) => t.id);
  if (appliedTags.some((id) => moderated.includes(id)) && !has(permissions, PERMISSIONS.manageThreads))
    return out.error(403, 50013, 'Missing Permissions');
  // Without Embed Links the embeds are dropped; a post that was nothing but embeds is refused.
  if (asList(message.embeds).length > 0 && !has(permissions, PERMISSIONS.embedLinks)) {
    if (asText(message.content) === '' && asList(message.components).length === 0)
      return out.error(403, 50013, 'Missing Permissions');
    message.embeds = [];
  }
  const { thread, starter } = emu.createForumPost(channelId, {
    name: asText(fields.name),
    // Discord's clients send the channel's default_auto_archive_duration; the API does not use it.
    autoArchiveDuration: typeof fields.auto_archive_duration === 'number' ? fields.auto_archive_duration : 1440,
    rateLimitPerUser: typeof fields.rate_limit_per_user === 'number' ? fields.rate_limit_per_user : 0,
    appliedTags,
    message,
  });
  return out.json(201, {
    ...emu.threadObject(guild, thread),
    message: wireMessage(starter, emu.bot, emu.applicationId, guild.id),
  });
}
