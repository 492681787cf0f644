import type { RESTPostAPIChatInputApplicationCommandsJSONBody } from 'discord.js';
import { LOCALES, translate, type Locale } from '../../src/index.ts';
import { DISCORD_LIMITS } from './limits.ts';
import { cutText } from './markdown.ts';

/**
 * Slash command descriptions in the bot's languages. Each description is a message of
 * src/i18n/locales (`described(id)` gives its English text, the default Discord shows)
 * and gets `description_localizations` for the bot's other languages that Discord has
 * as a locale: Russian ("ru"). Discord has no Armenian locale, so a member whose app is
 * in Armenian sees the English descriptions; the bot's replies follow /language hy all
 * the same. Command and option names stay English: they are what the core parses, and
 * a localized name would be a second name to keep apart from the first.
 */

/** The bot's languages Discord knows as a locale, with Discord's key for each. */
export const DISCORD_LOCALES: Partial<Record<Locale, string>> = { ru: 'ru' };

const idsByText = new Map<string, string>();

/** A description's English text, remembered so its translations can be added (`localizeDefinitions`). */
export function described(id: string): string {
  const text = translate('en', id);
  idsByText.set(text, id);
  return text;
}

/** The localizations of a description (cut to Discord's limit), or undefined when it is not a known message. */
export function descriptionLocalizations(description: string, limit: number): Record<string, string> | undefined {
  const id = idsByText.get(description);
  if (id === undefined) return undefined;
  const localized: Record<string, string> = {};
  for (const locale of LOCALES) {
    const key = DISCORD_LOCALES[locale];
    if (key !== undefined) localized[key] = cutText(translate(locale, id), limit);
  }
  return localized;
}

type Node = { description?: unknown; options?: unknown; description_localizations?: unknown };

function localizeNode(node: Node, limit: number): void {
  if (typeof node.description === 'string') {
    const localized = descriptionLocalizations(node.description, limit);
    if (localized !== undefined) node.description_localizations = localized;
  }
  if (Array.isArray(node.options))
    for (const option of node.options as Node[]) localizeNode(option, DISCORD_LIMITS.optionDescription);
}

/** Adds description_localizations to every command, subcommand and option whose description is a message. */
export function localizeDefinitions(
  definitions: RESTPostAPIChatInputApplicationCommandsJSONBody[],
): RESTPostAPIChatInputApplicationCommandsJSONBody[] {
  for (const definition of definitions) localizeNode(definition as Node, DISCORD_LIMITS.commandDescription);
  return definitions;
}
