import type { Api } from 'grammy';
import type { BotCommand } from 'grammy/types';
import { truncateAtWord, type CommandInfo, type Logger } from '../../src/index.ts';
import { CHANNEL_COMMANDS } from './channels.ts';

/**
 * The command menus Telegram shows (setMyCommands). Everyone sees the commands anyone
 * may use; the channel commands only in private chats, where they work; each bot
 * admin's private chat (scope "chat") gets the admin commands and /cancel on top.
 * Telegram refuses a chat scope for someone who never opened a chat with the bot:
 * that admin is skipped with a warning and gets the menu on the next start.
 */

/** Telegram's rules for a command name and description. */
const COMMAND_NAME = /^[a-z0-9_]{1,32}$/u;
const DESCRIPTION_MAX = 256;

export const CANCEL_COMMAND = { name: 'cancel', args: '', summary: 'Stop a guided /post' } as const;

function toBotCommand(c: { name: string; summary: string }): BotCommand | null {
  if (!COMMAND_NAME.test(c.name)) return null;
  return { command: c.name, description: truncateAtWord(c.summary.trim() || c.name, DESCRIPTION_MAX) };
}

export function commandMenus(commands: readonly CommandInfo[]) {
  const list = (items: readonly { name: string; summary: string }[]) =>
    items.map(toBotCommand).filter((c): c is BotCommand => c !== null);
  const everyone = commands.filter((c) => c.access !== 'admin');
  const admin = commands.filter((c) => c.access === 'admin');
  return {
    groups: list(everyone),
    privateChats: list([...everyone, ...CHANNEL_COMMANDS]),
    admins: list([...everyone, ...CHANNEL_COMMANDS, ...admin, CANCEL_COMMAND]),
  };
}

export async function registerCommandMenus(
  api: Api,
  commands: readonly CommandInfo[],
  adminIds: readonly string[],
  logger: Logger,
): Promise<void> {
  const menus = commandMenus(commands);
  await api.setMyCommands(menus.groups);
  await api.setMyCommands(menus.groups, { scope: { type: 'all_group_chats' } });
  await api.setMyCommands(menus.privateChats, { scope: { type: 'all_private_chats' } });
  for (const adminId of adminIds) {
    try {
      await api.setMyCommands(menus.admins, { scope: { type: 'chat', chat_id: Number(adminId) } });
    } catch (err) {
      logger.warn(
        { err, adminId },
        'telegram: could not set the admin command menu (has this admin opened a chat with the bot?)',
      );
    }
  }
}
