import type { AutocompleteInteraction } from 'discord.js';
import { DEFAULT_LOCALE, localeFromTag, translate, type Core, type Locale, type Logger } from '../../src/index.ts';
import { autocompleteOf, type CommandPlan } from './commands.ts';
import { DISCORD_LIMITS } from './limits.ts';
import { cutText } from './markdown.ts';

/**
 * Suggestions while an option is typed. Which kind an option gets is written in its
 * plan (commands.ts): known tags, or IANA time zones. Discord shows at most
 * DISCORD_LIMITS.autocompleteChoices, each name and value at most choiceText characters.
 */
export interface Choice {
  name: string;
  value: string;
}

/** Choices for a tag option: known tags, most-followed first; after a comma, completes the last tag. */
export async function tagChoices(core: Core, typed: string, locale: Locale = DEFAULT_LOCALE): Promise<Choice[]> {
  const comma = Math.max(typed.lastIndexOf(','), typed.lastIndexOf('，'));
  const before = comma < 0 ? '' : `${typed.slice(0, comma + 1).trim()} `;
  const partial = typed
    .slice(comma + 1)
    .trim()
    .replace(/^[#＃]+/u, '');
  const tags = await core.completeTags(partial, DISCORD_LIMITS.autocompleteChoices);
  return tags
    .map((t) => ({
      name: cutText(
        `${before}${t.name} · ${translate(locale, 'discord-tag-followers', { count: t.followers })}`,
        DISCORD_LIMITS.choiceText,
      ),
      value: `${before}${t.name}`,
    }))
    .filter((choice) => choice.value.length <= DISCORD_LIMITS.choiceText)
    .slice(0, DISCORD_LIMITS.autocompleteChoices);
}

/** Offered before anything is typed: UTC and zones where many readers live. */
const POPULAR_ZONES = [
  'UTC',
  'Europe/London',
  'Europe/Berlin',
  'Europe/Paris',
  'Europe/Moscow',
  'Europe/Istanbul',
  'Asia/Yerevan',
  'Asia/Tbilisi',
  'Asia/Baku',
  'Asia/Dubai',
  'Asia/Kolkata',
  'Asia/Shanghai',
  'Asia/Tokyo',
  'Asia/Singapore',
  'Australia/Sydney',
  'Africa/Cairo',
  'Africa/Lagos',
  'America/Sao_Paulo',
  'America/New_York',
  'America/Chicago',
  'America/Denver',
  'America/Los_Angeles',
];

/**
 * Zones ICU still lists under an old name (Node 20 says Asia/Calcutta), by their current
 * IANA name: what a reader looks for. /timezone accepts either.
 */
const CURRENT_NAMES: Record<string, string> = {
  'Asia/Calcutta': 'Asia/Kolkata',
  'Europe/Kiev': 'Europe/Kyiv',
  'Asia/Saigon': 'Asia/Ho_Chi_Minh',
  'America/Godthab': 'America/Nuuk',
  'Asia/Katmandu': 'Asia/Kathmandu',
  'Asia/Rangoon': 'Asia/Yangon',
  'Pacific/Enderbury': 'Pacific/Kanton',
  'Atlantic/Faeroe': 'Atlantic/Faroe',
  'Pacific/Truk': 'Pacific/Chuuk',
  'Pacific/Ponape': 'Pacific/Pohnpei',
  'Africa/Asmera': 'Africa/Asmara',
  'America/Buenos_Aires': 'America/Argentina/Buenos_Aires',
  'America/Indianapolis': 'America/Indiana/Indianapolis',
  'America/Louisville': 'America/Kentucky/Louisville',
  'America/Coral_Harbour': 'America/Atikokan',
};

function isKnownZone(zone: string): boolean {
  try {
    new Intl.DateTimeFormat('en-US', { timeZone: zone });
    return true;
  } catch {
    return false;
  }
}

let zoneList: string[] | undefined;

/** Every IANA zone this runtime knows, by its current name, UTC first. */
function allZones(): string[] {
  zoneList ??= [
    'UTC',
    ...Intl.supportedValuesOf('timeZone')
      .filter((z) => z !== 'UTC')
      .map((zone) => {
        const current = CURRENT_NAMES[zone];
        return current !== undefined && isKnownZone(current) ? current : zone;
      }),
  ];
  return zoneList;
}

/** "GMT+05:30" now, for a choice's name (what a reader recognises faster than a city). */
function offsetNow(zone: string, now: Date): string {
  const part = new Intl.DateTimeFormat('en-US', { timeZone: zone, timeZoneName: 'longOffset' })
    .formatToParts(now)
    .find((p) => p.type === 'timeZoneName');
  return part?.value ?? '';
}

/**
 * Choices for a time-zone option: zones whose name starts with what was typed, then
 * whose city does ("berlin", "new york"), then that contain it; each shown with its
 * offset now. The value is the zone's IANA name, exactly what /timezone takes.
 */
export function timeZoneChoices(typed: string, now = new Date()): Choice[] {
  const needle = typed.trim().toLowerCase().replace(/\s+/gu, '_');
  const known = new Set(allZones());
  let zones: string[];
  if (needle === '') {
    zones = POPULAR_ZONES.filter((z) => known.has(z));
  } else {
    const rank = (zone: string): number => {
      const name = zone.toLowerCase();
      if (name.startsWith(needle)) return 0;
      if ((name.split('/').pop() ?? '').startsWith(needle)) return 1;
      return name.includes(needle) ? 2 : 3;
    };
    // A stable sort keeps the runtime's alphabetical order within each rank.
    zones = allZones()
      .map((zone) => ({ zone, rank: rank(zone) }))
      .filter((z) => z.rank < 3)
      .sort((a, b) => a.rank - b.rank)
      .map((z) => z.zone);
  }
  return zones.slice(0, DISCORD_LIMITS.autocompleteChoices).map((zone) => {
    const offset = offsetNow(zone, now);
    return {
      name: cutText(`${zone.replace(/_/gu, ' ')}${offset === '' ? '' : ` · ${offset}`}`, DISCORD_LIMITS.choiceText),
      value: zone,
    };
  });
}

/** Answers an autocomplete interaction; on a failure, with no choices (the member can still type). */
export async function answerAutocomplete(
  deps: { core: Core; logger: Logger; plans: ReadonlyMap<string, CommandPlan> },
  interaction: AutocompleteInteraction,
): Promise<void> {
  let choices: Choice[] = [];
  try {
    const focused = interaction.options.getFocused(true);
    const kind = autocompleteOf(
      deps.plans,
      interaction.commandName,
      interaction.options.getSubcommand(false),
      focused.name,
    );
    const typed = String(focused.value);
    if (kind === 'tags')
      choices = await tagChoices(deps.core, typed, localeFromTag(interaction.locale) ?? DEFAULT_LOCALE);
    else if (kind === 'time-zones') choices = timeZoneChoices(typed);
  } catch (err) {
    deps.logger.error({ err }, 'discord autocomplete failed');
  }
  await interaction.respond(choices);
}
