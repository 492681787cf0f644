/**
 * The emulated Discord world: servers with roles, channels (and threads) with
 * permission overwrites, and the people who use them. Ids are snowflake-shaped
 * strings, as discord.js expects. What the bot may do in a channel is computed from
 * this state (permissions.ts), as Discord computes it.
 */

/** Permission bits (Discord's PermissionFlagsBits). */
export const PERMISSIONS = {
  administrator: 1n << 3n,
  manageChannels: 1n << 4n,
  viewChannel: 1n << 10n,
  sendMessages: 1n << 11n,
  sendTtsMessages: 1n << 12n,
  manageMessages: 1n << 13n,
  embedLinks: 1n << 14n,
  attachFiles: 1n << 15n,
  readMessageHistory: 1n << 16n,
  mentionEveryone: 1n << 17n,
  manageWebhooks: 1n << 29n,
  useApplicationCommands: 1n << 31n,
  manageThreads: 1n << 34n,
  sendMessagesInThreads: 1n << 38n,
} as const;

/** What an ordinary member may do in a channel: @everyone's permissions in the fixtures. */
export const MEMBER_PERMISSIONS =
  PERMISSIONS.viewChannel |
  PERMISSIONS.sendMessages |
  PERMISSIONS.sendMessagesInThreads |
  PERMISSIONS.readMessageHistory |
  PERMISSIONS.useApplicationCommands;
/** What the bot's own role grants, as its invite asks: View Channel, Send Messages (in threads too), Embed Links, Read Message History. */
export const BOT_PERMISSIONS =
  PERMISSIONS.viewChannel |
  PERMISSIONS.sendMessages |
  PERMISSIONS.sendMessagesInThreads |
  PERMISSIONS.embedLinks |
  PERMISSIONS.readMessageHistory;

export interface RoleFixture {
  id: string;
  name: string;
  mentionable: boolean;
  position: number;
  /** The role's permissions; by default @everyone's are MEMBER_PERMISSIONS and other roles' none. */
  permissions?: bigint;
  /** A bot's own role, created when it joined (Discord marks it managed, with tags.bot_id). */
  botId?: string;
}

/** A channel's permission overwrite: for a role (type 0; the guild's id is @everyone) or a member (type 1). */
export interface OverwriteFixture {
  id: string;
  type: 0 | 1;
  allow?: bigint;
  deny?: bigint;
}

/** A tag of a forum or media channel (Channels › Forum Tag Object); `tagObject` gives its wire shape. */
export interface ForumTagFixture {
  id: string;
  /** 1-20 characters. */
  name: string;
  /** Only members with Manage Threads may apply it. */
  moderated?: boolean;
  emojiId?: string | null;
  emojiName?: string | null;
}

export interface ChannelFixture {
  id: string;
  name: string;
  /**
   * A text channel (type 0, the default), a public thread (type 11) of `parentId`, which
   * takes its parent's permissions, a forum (type 15) or a media channel (type 16): the
   * last two hold only threads (forum posts), never messages of their own.
   */
  type?: 'text' | 'thread' | 'forum' | 'media';
  parentId?: string;
  overwrites?: OverwriteFixture[];
  /** Channel flags (CHANNEL_FLAGS): on a forum or media channel, REQUIRE_TAG; on a post, PINNED. */
  flags?: number;
  /** A forum's or media channel's tags (at most 20). */
  availableTags?: ForumTagFixture[];
  /** A forum's or media channel's default_auto_archive_duration, in minutes (default 4320). */
  defaultAutoArchiveDuration?: number;
  /** The last message (in a forum or media channel: the last post) sent in it. */
  lastMessageId?: string | null;
  /** A post's tags: ids from its forum's `availableTags` (at most 5). */
  appliedTags?: string[];
  /** A thread's creator (default: a member, 940000000000000099). */
  ownerId?: string;
  /** When a thread was created, ISO 8601 (default 2024-01-01). */
  createdAt?: string;
  /** A thread's auto_archive_duration, in minutes (default 1440). */
  autoArchiveDuration?: number;
  /** A thread's slowmode, in seconds. */
  rateLimitPerUser?: number;
}

export interface GuildFixture {
  id: string;
  name: string;
  /** The first role is @everyone, whose id is the guild's. */
  roles: RoleFixture[];
  channels: ChannelFixture[];
  /** The bot's roles in this server (its managed role). */
  botRoleIds?: string[];
}

/** Someone using the bot: a member of a server (with roles and permissions there) or a user in a DM. */
export interface Actor {
  id: string;
  username: string;
  roles: string[];
  permissions: bigint;
  /** The language of the member's Discord app, sent as the interaction's `locale` (default en-US). */
  locale?: string;
}

export const GUILD_ID = '900000000000000001';
export const NEWS_CHANNEL_ID = '910000000000000001';
export const GENERAL_CHANNEL_ID = '910000000000000002';
export const ARMENIA_ROLE_ID = '920000000000000001';
export const ADMIN_ROLE_ID = '920000000000000002';
export const QUIET_ROLE_ID = '920000000000000003';
/** The role Discord made for the bot when it joined GUILD_ID. */
export const BOT_ROLE_ID = '920000000000000009';
export const BOT_USER_ID = '930000000000000001';
/** A public thread in #news. */
export const THREAD_CHANNEL_ID = '910000000000000003';
/** #news-forum, a forum channel (type 15) with one tag, Armenia. */
export const FORUM_CHANNEL_ID = '910000000000000004';
/** The Armenia tag of #news-forum. */
export const FORUM_ARMENIA_TAG_ID = '950000000000000001';
/** #news-media, a media channel (type 16), without tags. */
export const MEDIA_CHANNEL_ID = '910000000000000005';

export const defaultGuild = (): GuildFixture => ({
  id: GUILD_ID,
  name: 'Caucasus Watch',
  roles: [
    { id: GUILD_ID, name: '@everyone', mentionable: false, position: 0 },
    { id: ARMENIA_ROLE_ID, name: 'armenia-news', mentionable: true, position: 1 },
    { id: ADMIN_ROLE_ID, name: 'editors', mentionable: false, position: 2 },
    { id: QUIET_ROLE_ID, name: 'quiet', mentionable: false, position: 3 },
    {
      id: BOT_ROLE_ID,
      name: 'tagwire',
      mentionable: false,
      position: 4,
      permissions: BOT_PERMISSIONS,
      botId: BOT_USER_ID,
    },
  ],
  channels: [
    { id: NEWS_CHANNEL_ID, name: 'news' },
    { id: GENERAL_CHANNEL_ID, name: 'general' },
    { id: THREAD_CHANNEL_ID, name: 'election-night', type: 'thread', parentId: NEWS_CHANNEL_ID },
    {
      id: FORUM_CHANNEL_ID,
      name: 'news-forum',
      type: 'forum',
      availableTags: [{ id: FORUM_ARMENIA_TAG_ID, name: 'Armenia' }],
    },
    { id: MEDIA_CHANNEL_ID, name: 'news-media', type: 'media' },
  ],
  botRoleIds: [BOT_ROLE_ID],
});

/** A text channel's id in GUILD_ID for `extraChannels` (n from 1). */
export const extraChannelId = (n: number): string => `9120000000${String(n).padStart(8, '0')}`;

/** The default server with `count` more text channels (#extra-1 …), for tests that need many. */
export const guildWithChannels = (count: number): GuildFixture => {
  const guild = defaultGuild();
  for (let n = 1; n <= count; n++) guild.channels.push({ id: extraChannelId(n), name: `extra-${n}` });
  return guild;
};

/**
 * A second server, for sharding: with two shards, GUILD_ID is shard 1's and this one
 * shard 0's ((id >> 22) % 2).
 */
export const OTHER_GUILD_ID = '901000000000000001';
export const BRIEFING_CHANNEL_ID = '911000000000000001';
const OTHER_BOT_ROLE_ID = '921000000000000009';

export const otherGuild = (): GuildFixture => ({
  id: OTHER_GUILD_ID,
  name: 'Energy Desk',
  roles: [
    { id: OTHER_GUILD_ID, name: '@everyone', mentionable: false, position: 0 },
    {
      id: OTHER_BOT_ROLE_ID,
      name: 'tagwire',
      mentionable: false,
      position: 1,
      permissions: BOT_PERMISSIONS,
      botId: BOT_USER_ID,
    },
  ],
  channels: [{ id: BRIEFING_CHANNEL_ID, name: 'briefing' }],
  botRoleIds: [OTHER_BOT_ROLE_ID],
});

export const actor = (
  id: string,
  username: string,
  options: { roles?: string[]; permissions?: bigint } = {},
): Actor => ({ id, username, roles: options.roles ?? [], permissions: options.permissions ?? MEMBER_PERMISSIONS });

/** A member with no special rights. */
export const MEMBER = actor('940000000000000001', 'ani');
/** A moderator: Manage Channels. */
export const MODERATOR = actor('940000000000000002', 'mod', {
  permissions: MEMBER_PERMISSIONS | PERMISSIONS.manageChannels,
});
/** A bot admin by user id (list it in DISCORD_ADMIN_IDS). */
export const ADMIN = actor('940000000000000003', 'editor');
/** A bot admin by role (list ADMIN_ROLE_ID in DISCORD_ADMIN_ROLE_IDS). */
export const ROLE_ADMIN = actor('940000000000000004', 'roleeditor', { roles: [ADMIN_ROLE_ID] });

export function userObject(user: Pick<Actor, 'id' | 'username'>, bot = false) {
  return {
    id: user.id,
    username: user.username,
    discriminator: '0',
    global_name: null,
    avatar: null,
    bot,
    system: false,
    flags: 0,
    public_flags: 0,
  };
}

/** A role's permissions as the fixture says, with the defaults: @everyone MEMBER_PERMISSIONS, others none. */
export const rolePermissions = (role: RoleFixture): bigint =>
  role.permissions ?? (role.position === 0 ? MEMBER_PERMISSIONS : 0n);

export function roleObject(role: RoleFixture) {
  return {
    id: role.id,
    name: role.name,
    color: 0,
    colors: { primary_color: 0, secondary_color: null, tertiary_color: null },
    hoist: false,
    icon: null,
    unicode_emoji: null,
    position: role.position,
    permissions: String(rolePermissions(role)),
    managed: role.botId !== undefined,
    mentionable: role.mentionable,
    flags: 0,
    ...(role.botId === undefined ? {} : { tags: { bot_id: role.botId } }),
  };
}

export function overwriteObject(overwrite: OverwriteFixture) {
  return {
    id: overwrite.id,
    type: overwrite.type,
    allow: String(overwrite.allow ?? 0n),
    deny: String(overwrite.deny ?? 0n),
  };
}

/** Channel types (Channels › Channel Object › Channel Types) of the channels the fixtures can hold. */
export const CHANNEL_TYPES = { text: 0, publicThread: 11, forum: 15, media: 16 } as const;

/** A channel's type number: 0, 11, 15 or 16. */
export function channelTypeOf(channel: Pick<ChannelFixture, 'type'>): number {
  switch (channel.type) {
    case 'thread':
      return CHANNEL_TYPES.publicThread;
    case 'forum':
      return CHANNEL_TYPES.forum;
    case 'media':
      return CHANNEL_TYPES.media;
    default:
      return CHANNEL_TYPES.text;
  }
}

/** Forum and media channels hold only threads (posts): no messages of their own. */
export const isThreadOnly = (channel: Pick<ChannelFixture, 'type'>): boolean =>
  channel.type === 'forum' || channel.type === 'media';

export function tagObject(tag: ForumTagFixture) {
  return {
    id: tag.id,
    name: tag.name,
    moderated: tag.moderated ?? false,
    emoji_id: tag.emojiId ?? null,
    emoji_name: tag.emojiName ?? null,
  };
}

/** A thread's metadata: never archived or locked in the emulator. */
export function threadMetadata(channel: ChannelFixture) {
  const created = channel.createdAt ?? '2024-01-01T00:00:00.000Z';
  return {
    archived: false,
    auto_archive_duration: channel.autoArchiveDuration ?? 1440,
    archive_timestamp: created,
    locked: false,
    create_timestamp: created,
  };
}

export function guildChannelObject(guildId: string, channel: ChannelFixture, position = 0) {
  if (channel.type === 'thread') {
    return {
      id: channel.id,
      type: 11,
      guild_id: guildId,
      parent_id: channel.parentId ?? null,
      name: channel.name,
      owner_id: channel.ownerId ?? '940000000000000099',
      last_message_id: channel.lastMessageId ?? null,
      rate_limit_per_user: channel.rateLimitPerUser ?? 0,
      message_count: 0,
      member_count: 1,
      flags: channel.flags ?? 0,
      ...(channel.appliedTags === undefined ? {} : { applied_tags: channel.appliedTags }),
      thread_metadata: threadMetadata(channel),
    };
  }
  const common = {
    id: channel.id,
    type: channelTypeOf(channel),
    guild_id: guildId,
    name: channel.name,
    position,
    permission_overwrites: (channel.overwrites ?? []).map(overwriteObject),
    parent_id: null,
    nsfw: false,
    topic: null,
    last_message_id: channel.lastMessageId ?? null,
    rate_limit_per_user: 0,
    flags: channel.flags ?? 0,
  };
  if (!isThreadOnly(channel)) return common;
  return {
    ...common,
    available_tags: (channel.availableTags ?? []).map(tagObject),
    default_auto_archive_duration: channel.defaultAutoArchiveDuration ?? 4320,
    default_thread_rate_limit_per_user: 0,
    default_reaction_emoji: null,
    default_sort_order: null,
    // The layout is a forum's only, not a media channel's.
    ...(channel.type === 'forum' ? { default_forum_layout: 0 } : {}),
  };
}

/** A server's channel as Discord describes it, at its position among the server's channels (threads have none). */
export function channelObjectIn(guild: GuildFixture, channel: ChannelFixture) {
  const listed = guild.channels.filter((c) => c.type !== 'thread');
  return guildChannelObject(guild.id, channel, Math.max(0, listed.indexOf(channel)));
}

export function guildCreateObject(guild: GuildFixture, botUser: { id: string; username: string }) {
  return {
    id: guild.id,
    name: guild.name,
    icon: null,
    splash: null,
    discovery_splash: null,
    owner_id: '940000000000000099',
    afk_channel_id: null,
    afk_timeout: 300,
    verification_level: 0,
    default_message_notifications: 0,
    explicit_content_filter: 0,
    roles: guild.roles.map(roleObject),
    emojis: [],
    stickers: [],
    features: [],
    mfa_level: 0,
    application_id: null,
    system_channel_id: null,
    system_channel_flags: 0,
    rules_channel_id: null,
    vanity_url_code: null,
    description: null,
    banner: null,
    premium_tier: 0,
    premium_subscription_count: 0,
    preferred_locale: 'en-US',
    public_updates_channel_id: null,
    nsfw_level: 0,
    premium_progress_bar_enabled: false,
    joined_at: '2024-01-01T00:00:00.000Z',
    large: false,
    unavailable: false,
    member_count: 4,
    voice_states: [],
    members: [
      {
        user: userObject(botUser, true),
        roles: guild.botRoleIds ?? [],
        joined_at: '2024-01-01T00:00:00.000Z',
        deaf: false,
        mute: false,
        flags: 0,
      },
    ],
    channels: guild.channels.filter((c) => c.type !== 'thread').map((c, i) => guildChannelObject(guild.id, c, i)),
    threads: guild.channels.filter((c) => c.type === 'thread').map((c) => guildChannelObject(guild.id, c)),
    presences: [],
    stage_instances: [],
    guild_scheduled_events: [],
    soundboard_sounds: [],
  };
}

/** A DM channel with a member, as Create DM and Get Channel return it. */
export function dmChannelObject(channelId: string, recipientId: string) {
  return {
    id: channelId,
    type: 1,
    last_message_id: null,
    flags: 0,
    recipients: [userObject({ id: recipientId, username: `user${recipientId.slice(-4)}` })],
  };
}

export function memberObject(who: Actor) {
  return {
    user: userObject(who),
    roles: who.roles,
    permissions: String(who.permissions),
    joined_at: '2024-01-02T00:00:00.000Z',
    premium_since: null,
    deaf: false,
    mute: false,
    flags: 0,
    pending: false,
    nick: null,
    avatar: null,
    communication_disabled_until: null,
  };
}
