import { asList, asText, isRecord, type Json } from './messages.ts';

/** Discord's locales (Reference › Locales): what localization keys may be. */
export const DISCORD_LOCALES: ReadonlySet<string> = new Set(
  'id da de en-GB en-US es-ES es-419 fr hr it lt hu nl no pl pt-BR ro fi sv-SE vi tr cs el bg ru uk hi th zh-CN ja zh-TW ko'.split(
    ' ',
  ),
);

/**
 * Discord's rules for a command definition (Application Commands › Registering a
 * Command): what would make the bulk overwrite fail with 50035. Every problem found.
 */
export function commandDefinitionProblems(command: Json): string[] {
  const problems: string[] = [];
  let characters = 0;
  const named = (where: string, value: Json) => {
    const name = asText(value.name);
    const description = asText(value.description);
    characters += name.length + description.length;
    if (!/^[-_\p{L}\p{N}]{1,32}$/u.test(name) || name !== name.toLowerCase()) problems.push(`${where}: name "${name}"`);
    if (description.length < 1 || description.length > 100)
      problems.push(`${where}: description of ${description.length} characters`);
    // Localizations: keys are Discord's locales (no Armenian among them), values within the same limits.
    for (const field of ['name_localizations', 'description_localizations'] as const) {
      const localized = value[field];
      if (localized === undefined || localized === null) continue;
      if (!isRecord(localized)) {
        problems.push(`${where}: ${field} is not an object`);
        continue;
      }
      for (const [locale, text] of Object.entries(localized)) {
        if (!DISCORD_LOCALES.has(locale)) problems.push(`${where}: ${field} has "${locale}", not a Discord locale`);
        const length = typeof text === 'string' ? text.length : 0;
        const max = field === 'name_localizations' ? 32 : 100;
        if (length < 1 || length > max) problems.push(`${where}: ${field}.${locale} of ${length} characters`);
      }
    }
  };
  const options = (where: string, list: unknown[]) => {
    if (list.length > 25) problems.push(`${where}: ${list.length} options > 25`);
    const records = list.filter(isRecord);
    const names = records.map((o) => asText(o.name));
    if (new Set(names).size !== names.length) problems.push(`${where}: option names repeat`);
    const required = records.map((o) => o.required === true);
    // Required options come first.
    if (required.some((r, i) => r && i > 0 && required[i - 1] === false))
      problems.push(`${where}: a required option after an optional one`);
    const subcommands = records.filter((o) => o.type === 1 || o.type === 2);
    if (subcommands.length > 0 && subcommands.length !== records.length)
      problems.push(`${where}: subcommands mixed with options`);
    for (const option of records) {
      const at = `${where} ${asText(option.name)}`;
      named(at, option);
      const choices = asList(option.choices).filter(isRecord);
      if (choices.length > 25) problems.push(`${at}: ${choices.length} choices > 25`);
      if (choices.length > 0 && option.autocomplete === true) problems.push(`${at}: choices and autocomplete both`);
      for (const choice of choices) {
        characters += asText(choice.name).length + String(choice.value).length;
        if (asText(choice.name).length < 1 || asText(choice.name).length > 100 || String(choice.value).length > 100)
          problems.push(`${at}: choice "${asText(choice.name)}"`);
      }
      if (typeof option.max_length === 'number' && (option.max_length < 1 || option.max_length > 6000))
        problems.push(`${at}: max_length`);
      options(at, asList(option.options));
    }
  };
  named(`/${asText(command.name)}`, command);
  options(`/${asText(command.name)}`, asList(command.options));
  if (characters > 8000)
    problems.push(`/${asText(command.name)}: ${characters} characters in names, descriptions and choices > 8000`);
  return problems;
}
