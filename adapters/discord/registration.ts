import { Routes, type REST, type RESTPostAPIChatInputApplicationCommandsJSONBody } from 'discord.js';
import type { Logger } from '../../src/index.ts';

/**
 * Registers the slash commands with one bulk overwrite (`PUT .../commands`), globally or
 * to one server (DISCORD_GUILD_ID, for development: guild commands update at once).
 * Skipped when what Discord already has is the same, compared field by field on what
 * we define and Discord returns for that scope, because Discord adds ids, versions and
 * defaults to what it returns, and command creations are rate limited (200 a day per
 * server). A guild command has no installation contexts: Discord drops `contexts` and
 * `integration_types` from guild commands, so they are not compared there (comparing
 * them would find a difference at every start and upload the same commands again).
 */
export async function registerCommands(
  rest: REST,
  options: {
    applicationId: string;
    guildId: string | undefined;
    commands: readonly RESTPostAPIChatInputApplicationCommandsJSONBody[];
    logger: Logger;
  },
): Promise<'unchanged' | 'updated'> {
  const route =
    options.guildId === undefined
      ? Routes.applicationCommands(options.applicationId)
      : Routes.applicationGuildCommands(options.applicationId, options.guildId);
  const scope = options.guildId === undefined ? 'global' : `guild ${options.guildId}`;
  const current = await rest.get(route);
  if (sameCommands(current, options.commands, options.guildId === undefined ? 'global' : 'guild')) {
    options.logger.info(
      { scope, commands: options.commands.length },
      'discord slash commands unchanged; not registering',
    );
    return 'unchanged';
  }
  await rest.put(route, { body: options.commands });
  options.logger.info({ scope, commands: options.commands.length }, 'discord slash commands registered');
  return 'updated';
}

type Json = null | boolean | number | string | Json[] | { [key: string]: Json };

const record = (value: unknown): Record<string, unknown> =>
  typeof value === 'object' && value !== null && !Array.isArray(value) ? Object.fromEntries(Object.entries(value)) : {};
const list = (value: unknown): unknown[] => (Array.isArray(value) ? value : []);
const text = (value: unknown): string | null => (typeof value === 'string' ? value : null);
const num = (value: unknown): number | null => (typeof value === 'number' ? value : null);
const sortedNumbers = (value: unknown): number[] | null =>
  Array.isArray(value) ? value.filter((v): v is number => typeof v === 'number').sort((a, b) => a - b) : null;

/** Localizations as Discord returns them (null when none) or as we send them: sorted, {} when none. */
function localizations(value: unknown): Json {
  const entries = Object.entries(record(value))
    .filter((e): e is [string, string] => typeof e[1] === 'string')
    .sort(([a], [b]) => a.localeCompare(b));
  return Object.fromEntries(entries);
}

function normalizeOption(value: unknown): Json {
  const o = record(value);
  return {
    type: num(o.type),
    name: text(o.name),
    name_localizations: localizations(o.name_localizations),
    description: text(o.description),
    description_localizations: localizations(o.description_localizations),
    required: o.required === true,
    autocomplete: o.autocomplete === true,
    choices: list(o.choices).map((c) => {
      const choice = record(c);
      return { name: text(choice.name), value: typeof choice.value === 'number' ? choice.value : text(choice.value) };
    }),
    channel_types: sortedNumbers(o.channel_types) ?? [],
    min_value: num(o.min_value),
    max_value: num(o.max_value),
    min_length: num(o.min_length),
    max_length: num(o.max_length),
    options: list(o.options).map(normalizeOption),
  };
}

/** Global commands, or one server's (DISCORD_GUILD_ID). */
export type CommandScope = 'global' | 'guild';

/** The fields we set and Discord keeps for the scope, with Discord's defaults filled in, in a fixed order. */
export function normalizeCommand(value: unknown, scope: CommandScope = 'global'): Json {
  const c = record(value);
  return {
    name: text(c.name),
    name_localizations: localizations(c.name_localizations),
    type: num(c.type) ?? 1,
    description: text(c.description),
    description_localizations: localizations(c.description_localizations),
    default_member_permissions: text(c.default_member_permissions),
    ...(scope === 'global'
      ? { contexts: sortedNumbers(c.contexts), integration_types: sortedNumbers(c.integration_types) }
      : {}),
    nsfw: c.nsfw === true,
    options: list(c.options).map(normalizeOption),
  };
}

/** Whether Discord's list (a GET answer) already holds exactly these commands. */
export function sameCommands(current: unknown, wanted: readonly unknown[], scope: CommandScope = 'global'): boolean {
  if (!Array.isArray(current) || current.length !== wanted.length) return false;
  const key = (commands: readonly unknown[]) =>
    JSON.stringify(
      commands
        .map((c) => normalizeCommand(c, scope))
        .sort((a, b) => JSON.stringify(a).localeCompare(JSON.stringify(b))),
    );
  return key(current) === key(wanted);
}
