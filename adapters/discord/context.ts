import {
  PermissionFlagsBits,
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
 * channel it is used in, and only members with Manage Channels manage that.
 */

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
  const channel = interaction.channel;
  const title = channel !== null && 'name' in channel && typeof channel.name === 'string' ? channel.name : undefined;
  return {
    platform: 'discord',
    chat: {
      id: interaction.channelId,
      kind: 'channel',
      ...(title === undefined ? {} : { title }),
      parentId: interaction.guildId,
    },
    user: userOf(interaction),
    canManageChat: interaction.memberPermissions?.has(PermissionFlagsBits.ManageChannels) ?? false,
    languageTag: languageOf(interaction),
  };
}
