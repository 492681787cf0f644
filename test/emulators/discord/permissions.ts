import {
  PERMISSIONS,
  rolePermissions,
  type ChannelFixture,
  type GuildFixture,
  type OverwriteFixture,
} from './fixtures.ts';

/**
 * Discord's permission computation (Topics › Permissions, "Permission Overwrites"), for
 * a member of a server in one of its channels:
 * 1. base: @everyone's permissions OR those of each of the member's roles; Administrator
 *    grants everything (so would owning the server; no fixture owns one);
 * 2. the channel's overwrites, in this order: @everyone's (deny, then allow), the
 *    member's roles' together (all denies, then all allows), the member's own;
 * 3. implicit permissions: without View Channel a member has no permission in the
 *    channel at all; without Send Messages (in a thread: Send Messages in Threads), not
 *    Mention Everyone, Send TTS, Attach Files or Embed Links either.
 * A thread has no overwrites of its own: its parent's apply, and posting in it takes
 * Send Messages in Threads instead of Send Messages.
 */

const ALL = (1n << 53n) - 1n;
const SEND_IMPLIES =
  PERMISSIONS.mentionEveryone | PERMISSIONS.sendTtsMessages | PERMISSIONS.attachFiles | PERMISSIONS.embedLinks;

export interface MemberIdentity {
  userId: string;
  roleIds: readonly string[];
}

export function basePermissions(guild: GuildFixture, member: MemberIdentity): bigint {
  let permissions = 0n;
  for (const role of guild.roles) {
    if (role.id === guild.id || member.roleIds.includes(role.id)) permissions |= rolePermissions(role);
  }
  return (permissions & PERMISSIONS.administrator) === 0n ? permissions : ALL;
}

/** The channel whose overwrites apply: a thread's parent, else the channel itself. */
export function overwriteSource(guild: GuildFixture, channel: ChannelFixture): ChannelFixture {
  if (channel.type !== 'thread') return channel;
  return guild.channels.find((c) => c.id === channel.parentId) ?? channel;
}

function applyOverwrites(
  permissions: bigint,
  overwrites: readonly OverwriteFixture[],
  guild: GuildFixture,
  member: MemberIdentity,
): bigint {
  let result = permissions;
  const everyone = overwrites.find((o) => o.type === 0 && o.id === guild.id);
  if (everyone) result = (result & ~(everyone.deny ?? 0n)) | (everyone.allow ?? 0n);
  let allow = 0n;
  let deny = 0n;
  for (const overwrite of overwrites) {
    if (overwrite.type !== 0 || overwrite.id === guild.id || !member.roleIds.includes(overwrite.id)) continue;
    allow |= overwrite.allow ?? 0n;
    deny |= overwrite.deny ?? 0n;
  }
  result = (result & ~deny) | allow;
  const own = overwrites.find((o) => o.type === 1 && o.id === member.userId);
  if (own) result = (result & ~(own.deny ?? 0n)) | (own.allow ?? 0n);
  return result;
}

export const has = (permissions: bigint, flag: bigint): boolean => (permissions & flag) === flag;

/** What posting a message takes: Send Messages, or in a thread Send Messages in Threads. */
export const sendFlag = (channel: ChannelFixture): bigint =>
  channel.type === 'thread' ? PERMISSIONS.sendMessagesInThreads : PERMISSIONS.sendMessages;

/**
 * Steps 1 and 2 only: a member's permissions in a channel with its overwrites applied,
 * before the implicit ones are taken away; `base` is the member's server-wide
 * permissions (from the roles unless told). What an interaction's resolved channel
 * carries as `permissions` ("including overwrites … not implicit permissions").
 */
export function overwrittenPermissions(
  guild: GuildFixture,
  channel: ChannelFixture,
  member: MemberIdentity,
  base = basePermissions(guild, member),
): bigint {
  if (has(base, PERMISSIONS.administrator)) return ALL;
  return applyOverwrites(base, overwriteSource(guild, channel).overwrites ?? [], guild, member);
}

/** A member's permissions in a channel (or thread) of a server. */
export function channelPermissions(guild: GuildFixture, channel: ChannelFixture, member: MemberIdentity): bigint {
  let permissions = overwrittenPermissions(guild, channel, member);
  if (permissions === ALL) return ALL;
  if ((permissions & PERMISSIONS.viewChannel) === 0n) return 0n;
  if (!has(permissions, sendFlag(channel))) permissions &= ~SEND_IMPLIES;
  return permissions;
}

/**
 * Why Discord refuses a message from this member in this channel, or null when it may
 * post: 50001 Missing Access without View Channel, 50013 Missing Permissions without
 * Send Messages (Send Messages in Threads in a thread).
 */
export function sendRefusal(
  guild: GuildFixture,
  channel: ChannelFixture,
  member: MemberIdentity,
): { code: 50001 | 50013; message: string } | null {
  const permissions = channelPermissions(guild, channel, member);
  if (!has(permissions, PERMISSIONS.viewChannel)) return { code: 50001, message: 'Missing Access' };
  if (!has(permissions, sendFlag(channel))) return { code: 50013, message: 'Missing Permissions' };
  return null;
}
