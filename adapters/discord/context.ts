import {
  ChannelType,
  PermissionFlagsBits,
  PermissionsBitField,
  type APIInteractionGuildMember,
  type BaseInteraction,
  type GuildMember,
} from 'discord.js';
import type { CommandContext } from '../../src/index.ts';

/**
 * Who is acting, and on which subscription, in the core's terms.
 *
 * A member's own commands (/follow, /tags, /search, buttons…) act on their DM
 * subscription, wherever they are typed: the chat is the user (its id is the user id,
 * which the sender turns into a DM channel) and they manage it. /channel acts on the
 * channel it is used in (or the one picked in its `channel` option: a forum has no place
 * to type), and only members with Manage Channels there manage that.
 */

/** A channel whose articles become posts (threads) of their own. */
const FORUM_TYPES: ReadonlySet<number> = new Set([ChannelType.GuildForum, ChannelType.GuildMedia]);

/** The channel picked in a /channel command's `channel` option, as Discord resolved it; null when none. */
function pickedChannel(
  interaction: BaseInteraction,
): { id: string; name: string | null; type: number; canManage: boolean } | null {
  if (!interaction.isChatInputCommand()) return null;
  const picked = interaction.options.getChannel('channel');
  if (picked === null) return null;
  // The member's permissions in that channel, as Discord resolved them with the option.
  const permissions: unknown = (picked as { permissions?: unknown }).permissions;
  let canManage = false;
  if (permissions instanceof PermissionsBitField) canManage = permissions.has(PermissionFlagsBits.ManageChannels);
  else if (typeof permissions === 'string' && /^\d+$/u.test(permissions))
    canManage = (BigInt(permissions) & PermissionFlagsBits.ManageChannels) !== 0n;
  return { id: picked.id, name: picked.name ?? null, type: picked.type, canManage };
}

function roleIdsOf(member: GuildMember | APIInteractionGuildMember | null): string[] {
  if (member === null) return [];
  if (Array.isArray(member.roles)) return [...member.roles];
  return [...member.roles.cache.keys()];
}

export function userOf(interaction: BaseInteraction): CommandContext['user'] {
  return {
    id: interaction.user.id,
    name: interaction.user.globalName ?? interaction.user.username,
    roleIds: roleIdsOf(interaction.member),
  };
}

/**
 * The language of the member's Discord app (`locale`, e.g. "ru"), else the server's
 * (`guild_locale`): the chat's language until /language sets one.
 */
export function languageOf(interaction: BaseInteraction): string | undefined {
  const locale = (interaction as { locale?: string | null }).locale;
  return locale ?? interaction.guildLocale ?? undefined;
}

/** The member's DM subscription. */
export function memberContext(interaction: BaseInteraction): CommandContext {
  return {
    platform: 'discord',
    chat: { id: interaction.user.id, kind: 'user', title: interaction.user.username },
    user: userOf(interaction),
    canManageChat: true,
    languageTag: languageOf(interaction),
  };
}

/** The channel's subscription; null outside a server. Manage Channels is checked here, at run time. */
export function channelContext(interaction: BaseInteraction): CommandContext | null {
  if (!interaction.inGuild() || interaction.channelId === null) return null;
  const picked = pickedChannel(interaction);
  const channel = interaction.channel;
  const here = channel !== null && 'name' in channel && typeof channel.name === 'string' ? channel.name : undefined;
  const title = picked === null ? here : (picked.name ?? undefined);
  const forum = picked === null ? channel !== null && FORUM_TYPES.has(channel.type) : FORUM_TYPES.has(picked.type);
  return {
    platform: 'discord',
    chat: {
      id: picked?.id ?? interaction.channelId,
      kind: 'channel',
      ...(title === undefined ? {} : { title }),
      parentId: interaction.guildId,
      forum,
    },
    user: userOf(interaction),
    canManageChat:
      picked === null
        ? (interaction.memberPermissions?.has(PermissionFlagsBits.ManageChannels) ?? false)
        : picked.canManage,
    languageTag: languageOf(interaction),
  };
}
