import type { CoreDeps } from '../app/deps.ts';
import type { Reply } from '../domain/reply.ts';
import type { Locale, Translate } from '../i18n/index.ts';
import type { CommandContext } from './context.ts';

/**
 * Who may run a command:
 * - everyone: anyone, anywhere;
 * - manager: changes the chat's subscription, so needs `ctx.canManageChat` (group admins);
 * - admin: a bot admin (TELEGRAM_ADMIN_IDS, DISCORD_ADMIN_IDS / _ROLE_IDS; the console user).
 */
export type Access = 'everyone' | 'manager' | 'admin';

/** A command as data: adapters read these to register platform commands and help. */
export interface CommandInfo {
  name: string;
  /** The argument pattern shown in help, e.g. "TAGS". */
  args: string;
  /**
   * One line, under 100 characters (Telegram's and Discord's description limits), in
   * English: the message `cmd-NAME` of the locale files, which has it in every language
   * (`commandSummary`).
   */
  summary: string;
  access: Access;
  example: string;
}

export interface CommandRun {
  deps: CoreDeps;
  ctx: CommandContext;
  args: string;
  /** For paging buttons: where the page starts. */
  offset: number;
  /** Turns a command line into button data that fits the platforms' limits. */
  buttonData(text: string): Promise<string>;
  /** The chat's language: /language, else the user's app language, else English. */
  locale: Locale;
  /** A message in the chat's language. */
  t: Translate;
}

/** A command's spec; its summary is the message `cmd-NAME`. */
export interface CommandSpec extends Omit<CommandInfo, 'summary'> {
  /** For access 'manager': the message id of what a member who is not an admin is told (default: about what the chat follows). */
  refusal?: string;
  run(run: CommandRun): Promise<Reply>;
}
