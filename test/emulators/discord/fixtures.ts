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
  embedLinks: 1n << 14n,
  attachFiles: 1n << 15n,
  readMessageHistory: 1n << 16n,
  mentionEveryone: 1n << 17n,
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

export interface ChannelFixture {
  id: string;
  name: string;
  /** A text channel (type 0), or a public thread (type 11) of `parentId`, which takes its parent's permissions. */
  type?: 'text' | 'thread';
  parentId?: string;
  overwrites?: OverwriteFixture[];
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

export function guildChannelObject(guildId: string, channel: ChannelFixture, position = 0) {
  if (channel.type === 'thread') {
    return {
      id: channel.id,
      type: 11,
      guild_id: guildId,
      parent_id: channel.parentId ?? null,
      name: channel.name,
      owner_id: '940000000000000099',
      last_message_id: null,
      rate_limit_per_user: 0,
      message_count: 0,
      member_count: 1,
      flags: 0,
      thread_metadata: {
        archived: false,
        auto_archive_duration: 1440,
        archive_timestamp: '2024-01-01T00:00:00.000Z',
        locked: false,
        create_timestamp: '2024-01-01T00:00:00.000Z',
      },
    };
  }
  return {
    id: channel.id,
    type: 0,
    guild_id: guildId,
    name: channel.name,
    position,
    permission_overwrites: (channel.overwrites ?? []).map(overwriteObject),
    parent_id: null,
    nsfw: false,
    topic: null,
    last_message_id: null,
    rate_limit_per_user: 0,
    flags: 0,
  };
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
