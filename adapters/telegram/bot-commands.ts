import type { Api } from 'grammy';
import type { BotCommand } from 'grammy/types';
import {
  commandSummary,
  LOCALES,
  truncateAtWord,
  type CommandInfo,
  type Locale,
  type Logger,
} from '../../src/index.ts';
import { CHANNEL_COMMANDS } from './channels.ts';

/**
 * The command menus Telegram shows (setMyCommands). Everyone sees the commands anyone
 * may use; the channel commands only in private chats, where they work; each bot
 * admin's private chat (scope "chat") gets the admin commands and /cancel on top.
 * Telegram refuses a chat scope for someone who never opened a chat with the bot:
 * that admin is skipped with a warning and gets the menu on the next start.
 * Each menu is set once per language: English as the default (no language_code), and
 * Russian and Armenian for users whose app is in that language (language_code).
 */

/** Telegram's rules for a command name and description. */
const COMMAND_NAME = /^[a-z0-9_]{1,32}$/u;
const DESCRIPTION_MAX = 256;

export const CANCEL_COMMAND = { name: 'cancel', args: '' } as const;

function toBotCommand(c: { name: string }, locale: Locale): BotCommand | null {
  if (!COMMAND_NAME.test(c.name)) return null;
  const summary = commandSummary(c.name, locale).trim();
  return { command: c.name, description: truncateAtWord(summary || c.name, DESCRIPTION_MAX) };
}

export function commandMenus(commands: readonly CommandInfo[], locale: Locale = 'en') {
  const list = (items: readonly { name: string }[]) =>
    items.map((c) => toBotCommand(c, locale)).filter((c): c is BotCommand => c !== null);
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
  for (const locale of LOCALES) {
    const menus = commandMenus(commands, locale);
    // English is the menu of every user whose language has none of its own.
    const language = locale === 'en' ? {} : { language_code: locale };
    await api.setMyCommands(menus.groups, { ...language });
    await api.setMyCommands(menus.groups, { scope: { type: 'all_group_chats' }, ...language });
    await api.setMyCommands(menus.privateChats, { scope: { type: 'all_private_chats' }, ...language });
    for (const adminId of adminIds) {
      try {
        await api.setMyCommands(menus.admins, { scope: { type: 'chat', chat_id: Number(adminId) }, ...language });
      } catch (err) {
        logger.warn(
          { err, adminId, locale },
          'telegram: could not set the admin command menu (has this admin opened a chat with the bot?)',
        );
      }
    }
  }
}
