import type { Config } from '../config.ts';
import type { ChatKind, Platform } from '../domain/platform.ts';

/** Who sent a command, from which chat: what an adapter knows about an incoming message. */
export interface CommandContext {
  platform: Platform;
  /** The chat the command acts on: its subscription is what /follow changes. */
  chat: {
    id: string;
    kind: ChatKind;
    title?: string;
    parentId?: string;
    /** A Discord forum or media channel: each article becomes a post (thread) of its own. */
    forum?: boolean;
    /**
     * The thread of the chat the command was sent in (a Telegram forum topic), when not the
     * chat itself: `/follow` there routes the tags' articles to it, and replies stay in it.
     */
    thread?: { id: string; name?: string | undefined };
  };
  user: { id: string; name?: string; roleIds?: string[] };
  /**
   * Whether the user may change what this chat follows. True in a private chat;
   * in a group or channel the adapter asks the platform whether the user is an admin
   * of that chat (Telegram getChatMember, Discord's Manage Channels permission).
   */
  canManageChat: boolean;
  /**
   * The language the user's app is set to, as the platform tells it (Telegram's
   * `language_code`, Discord's interaction `locale`, else `guild_locale`): the chat's
   * language until /language sets one, and stored as it when the chat is set up.
   */
  languageTag?: string | undefined;
  /**
   * Set by an adapter where the chat can have threads the bot may create (a Telegram
   * forum): creates one named `name` and returns its id and name as the platform kept
   * it. Throws ThreadCreationError (src/domain/errors.ts) when the platform refuses.
   */
  createThread?: (name: string) => Promise<{ id: string; name: string }>;
}

/** Bot admins, from the configuration: they may post, delete, rename, alias and see stats. */
export function isBotAdmin(config: Config, ctx: Pick<CommandContext, 'platform' | 'user'>): boolean {
  switch (ctx.platform) {
    case 'console':
      return true;
    case 'telegram':
      return config.telegram.adminIds.includes(ctx.user.id);
    case 'discord':
      return (
        config.discord.adminIds.includes(ctx.user.id) ||
        (ctx.user.roleIds ?? []).some((role) => config.discord.adminRoleIds.includes(role))
      );
  }
}
