import {
  ApplicationIntegrationType,
  ChannelType,
  InteractionContextType,
  PermissionFlagsBits,
  SlashCommandBuilder,
  type RESTPostAPIChatInputApplicationCommandsJSONBody,
  type SlashCommandBooleanOption,
  type SlashCommandSubcommandBuilder,
  type SlashCommandStringOption,
} from 'discord.js';
import { hasMessage, type CommandInfo } from '../../src/index.ts';
import { DISCORD_LIMITS } from './limits.ts';
import { described, localizeDefinitions } from './localizations.ts';
import { cutText } from './markdown.ts';

/**
 * The slash commands, as data. Every core command (`core.commands`) becomes a slash
 * command of the same name whose options are joined back into the core's command line
 * (`/follow tag:Armenia` → "/follow Armenia", `/digest schedule:weekly day:Monday
 * time:08:00` → "/digest weekly Monday 08:00"); `/channel` is Discord's own, for a
 * channel's subscription and its delivery settings; `/post` opens a modal (post-modal.ts).
 */

/** `/channel follow|unfollow|list|digest|…`: the channel's subscription, for members with Manage Channels. */
export const CHANNEL_COMMAND = 'channel';
export const MENTION_ROLE_OPTION = 'mention-role';
/** `/channel … channel:#name`: the channel to act on instead of this one (a forum, which has no place to type commands). */
export const TARGET_CHANNEL_OPTION = 'channel';
/** The channels /channel can act on: text, announcement, forum and media channels. */
export const TARGET_CHANNEL_TYPES = [
  ChannelType.GuildText,
  ChannelType.GuildAnnouncement,
  ChannelType.GuildForum,
  ChannelType.GuildMedia,
] as const;

/** Adds the optional target channel option to a /channel subcommand. */
function withTargetChannel(sub: SlashCommandSubcommandBuilder): SlashCommandSubcommandBuilder {
  return sub.addChannelOption((o) =>
    o
      .setName(TARGET_CHANNEL_OPTION)
      .setDescription(described('discord-opt-target-channel'))
      .addChannelTypes(...TARGET_CHANNEL_TYPES),
  );
}
/** The core command answered with a modal instead of a command line. */
export const POST_COMMAND = 'post';
/**
 * Core commands about how a chat receives its articles. Typed plainly they set the
 * member's own DM deliveries; as `/channel NAME` they set the channel's, with the same
 * options. Only those the core has are offered.
 */
export const DELIVERY_SETTING_COMMANDS = [
  'digest',
  'quiet',
  'timezone',
  'card',
  'identity',
  'pause',
  'resume',
] as const;

/** What an option suggests while it is typed: known tags (core.completeTags) or IANA time zones. */
export type AutocompleteKind = 'tags' | 'time-zones';

export interface OptionPlan {
  name: string;
  description: string;
  required: boolean;
  /** A text option unless said otherwise; a boolean option reads as "true" when set to True. */
  type?: 'string' | 'boolean';
  autocomplete?: AutocompleteKind;
  /** Fixed values to pick from (at most DISCORD_LIMITS.autocompleteChoices). */
  choices?: readonly string[];
  maxLength?: number;
}

/** Reads an option's value, trimmed; '' when not given. */
export type OptionValues = (option: string) => string;

export interface CommandPlan {
  name: string;
  description: string;
  options: readonly OptionPlan[];
  /** Joins the options' values into the core command's arguments. */
  separator: string;
  /** Builds the arguments when joining the values in order is not enough. */
  compose?: (value: OptionValues) => string;
}

const tagOption = (required: boolean, description = described('discord-opt-tags')): OptionPlan => ({
  name: 'tag',
  description,
  required,
  autocomplete: 'tags',
});
const idOption: OptionPlan = {
  name: 'id',
  description: described('discord-opt-id'),
  required: true,
};

const WEEKDAYS = ['Monday', 'Tuesday', 'Wednesday', 'Thursday', 'Friday', 'Saturday', 'Sunday'] as const;
const HH_MM = 5;
/** The bot's languages, as /language takes them. */
const LANGUAGES = ['en', 'ru', 'hy'] as const;

/** "/digest [off | daily HH:MM | weekly DAY HH:MM]": a day alone means weekly, a time alone daily. */
function digestArguments(value: OptionValues): string {
  const schedule = value('schedule') || (value('day') !== '' ? 'weekly' : value('time') !== '' ? 'daily' : '');
  if (schedule === 'off') return 'off';
  return [schedule, value('day'), value('time')].filter((v) => v !== '').join(' ');
}

/** "/quiet [HH:MM-HH:MM | off]": off wins; one end alone is passed on for the core to explain. */
function quietArguments(value: OptionValues): string {
  if (value('off') === 'true') return 'off';
  const from = value('from');
  const to = value('to');
  return from !== '' && to !== '' ? `${from}-${to}` : from || to;
}

/** "/card [STYLE] [silent on|off]": a Discord card is an embed already, so link previews are not offered here. */
function cardArguments(value: OptionValues): string {
  const silent = value('silent');
  return [value('style'), silent !== '' ? `silent ${silent}` : ''].filter((v) => v !== '').join(' ');
}

/** "/identity [NAME [PICTURE_URL] | off]": off wins; a picture alone is passed on for the core to explain. */
function identityArguments(value: OptionValues): string {
  if (value('off') === 'true') return 'off';
  return [value('name'), value('picture')].filter((v) => v !== '').join(' ');
}

type KnownOptions = Record<
  string,
  { options: OptionPlan[]; separator?: string; compose?: (value: OptionValues) => string }
>;

/** Options of the core's delivery settings; also the options of their /channel subcommands. */
const deliverySettingOptions: KnownOptions = {
  digest: {
    options: [
      {
        name: 'schedule',
        description: described('discord-opt-digest-schedule'),
        required: false,
        choices: ['daily', 'weekly', 'off'],
      },
      { name: 'day', description: described('discord-opt-digest-day'), required: false, choices: WEEKDAYS },
      {
        name: 'time',
        description: described('discord-opt-digest-time'),
        required: false,
        maxLength: HH_MM,
      },
    ],
    compose: digestArguments,
  },
  quiet: {
    options: [
      {
        name: 'from',
        description: described('discord-opt-quiet-from'),
        required: false,
        maxLength: HH_MM,
      },
      {
        name: 'to',
        description: described('discord-opt-quiet-to'),
        required: false,
        maxLength: HH_MM,
      },
      {
        name: 'off',
        description: described('discord-opt-quiet-off'),
        required: false,
        type: 'boolean',
      },
    ],
    compose: quietArguments,
  },
  card: {
    options: [
      {
        name: 'style',
        description: described('discord-opt-card-style'),
        required: false,
        choices: ['headline', 'compact', 'full'],
      },
      { name: 'silent', description: described('discord-opt-card-silent'), required: false, choices: ['on', 'off'] },
    ],
    compose: cardArguments,
  },
  identity: {
    options: [
      { name: 'name', description: described('discord-opt-identity-name'), required: false, maxLength: 80 },
      { name: 'picture', description: described('discord-opt-identity-picture'), required: false, maxLength: 2048 },
      { name: 'off', description: described('discord-opt-identity-off'), required: false, type: 'boolean' },
    ],
    compose: identityArguments,
  },
  timezone: {
    options: [
      {
        name: 'zone',
        description: described('discord-opt-zone'),
        required: false,
        autocomplete: 'time-zones',
        maxLength: 64,
      },
    ],
  },
};

/** The query of a followed search (/watch, /unwatch). */
const searchQueryOption = {
  name: 'query',
  description: described('discord-opt-watch-query'),
  required: true,
};

/** Options of the core commands whose arguments Discord can ask for one by one. */
function knownOptions(commandNames: readonly string[]): KnownOptions {
  return {
    ...deliverySettingOptions,
    follow: { options: [tagOption(true)] },
    unfollow: { options: [tagOption(true)] },
    mute: { options: [tagOption(true)] },
    unmute: { options: [tagOption(true)] },
    latest: { options: [tagOption(false, described('discord-opt-latest-tag'))] },
    search: {
      options: [
        {
          name: 'query',
          description: described('discord-opt-search-query'),
          required: true,
        },
      ],
    },
    watch: { options: [searchQueryOption] },
    language: {
      options: [
        { name: 'language', description: described('discord-opt-language'), required: false, choices: LANGUAGES },
      ],
    },
    unwatch: { options: [searchQueryOption] },
    related: { options: [idOption] },
    article: { options: [idOption] },
    // Answered with a modal prefilled with the article (edit-modal.ts).
    edit: { options: [idOption] },
    delete: { options: [idOption] },
    // A list to pick from while it fits Discord's 25 choices; free text beyond that.
    help: {
      options: [
        {
          name: 'command',
          description: described('discord-opt-help-command'),
          required: false,
          ...(commandNames.length <= DISCORD_LIMITS.autocompleteChoices ? { choices: commandNames } : {}),
        },
      ],
    },
    rename: {
      options: [
        { ...tagOption(true, described('discord-opt-rename-old')), name: 'old' },
        { name: 'new', description: described('discord-opt-rename-new'), required: true },
      ],
      separator: ' = ',
    },
    merge: {
      options: [
        { ...tagOption(true, described('discord-opt-merge-old')), name: 'old' },
        { ...tagOption(true, described('discord-opt-merge-new')), name: 'new' },
      ],
      separator: ' = ',
    },
    alias: {
      options: [
        { name: 'alias', description: described('discord-opt-alias'), required: true },
        tagOption(true, described('discord-opt-alias-tag')),
      ],
      separator: ' = ',
    },
    [POST_COMMAND]: { options: [] },
  };
}

/** One plan per core command; a command this adapter does not know takes its arguments as one text option. */
export function commandPlans(commands: readonly CommandInfo[]): Map<string, CommandPlan> {
  const names = commands.map((c) => c.name).filter((n) => n !== CHANNEL_COMMAND);
  const known = knownOptions(names);
  const plans = new Map<string, CommandPlan>();
  for (const command of commands) {
    if (command.name === CHANNEL_COMMAND) continue;
    const spec = known[command.name];
    const options =
      spec?.options ??
      (command.args === ''
        ? []
        : [
            {
              name: 'arguments',
              description: cutText(command.args, DISCORD_LIMITS.optionDescription),
              required: !command.args.startsWith('['),
            },
          ]);
    plans.set(command.name, {
      name: command.name,
      // A command with no message of its own (none in the core today) keeps its English summary.
      description: cutText(
        hasMessage(`cmd-${command.name}`) ? described(`cmd-${command.name}`) : command.summary,
        DISCORD_LIMITS.commandDescription,
      ),
      options,
      separator: spec?.separator ?? ' ',
      ...(spec?.compose === undefined ? {} : { compose: spec.compose }),
    });
  }
  return plans;
}

/** The core command line for a slash command: "/name" and the given option values. */
export function commandText(plan: CommandPlan, value: (option: string) => string | null): string {
  const read: OptionValues = (option) => value(option)?.trim() ?? '';
  const args = plan.compose
    ? plan.compose(read)
    : plan.options
        .map((o) => read(o.name))
        .filter((v) => v !== '')
        .join(plan.separator);
  return args === '' ? `/${plan.name}` : `/${plan.name} ${args}`;
}

/** What an option of a slash command (or of a /channel subcommand) suggests while typed. */
export function autocompleteOf(
  plans: ReadonlyMap<string, CommandPlan>,
  command: string,
  subcommand: string | null,
  option: string,
): AutocompleteKind | null {
  const name = command === CHANNEL_COMMAND ? subcommand : command;
  return (name === null ? undefined : plans.get(name))?.options.find((o) => o.name === option)?.autocomplete ?? null;
}

/** The part of a builder (a command or a subcommand) that takes options. */
interface OptionHost {
  addStringOption(input: (option: SlashCommandStringOption) => SlashCommandStringOption): unknown;
  addBooleanOption(input: (option: SlashCommandBooleanOption) => SlashCommandBooleanOption): unknown;
}

function addOptions(builder: OptionHost, options: readonly OptionPlan[]): void {
  for (const plan of options) {
    const description = cutText(plan.description, DISCORD_LIMITS.optionDescription);
    if (plan.type === 'boolean') {
      builder.addBooleanOption((option) =>
        option.setName(plan.name).setDescription(description).setRequired(plan.required),
      );
      continue;
    }
    builder.addStringOption((option) => {
      option.setName(plan.name).setDescription(description).setRequired(plan.required);
      if (plan.autocomplete !== undefined) option.setAutocomplete(true);
      if (plan.choices !== undefined && plan.choices.length > 0)
        option.addChoices(...plan.choices.map((c) => ({ name: c, value: c })));
      if (plan.maxLength !== undefined) option.setMaxLength(plan.maxLength);
      return option;
    });
  }
}

/** How /channel describes its delivery-setting subcommands (the core's summaries speak of "here" and plain /resume). */
const CHANNEL_SETTING_DESCRIPTIONS: Record<string, string> = {
  digest: described('discord-channel-digest'),
  quiet: described('discord-channel-quiet'),
  timezone: described('discord-channel-timezone'),
  card: described('discord-channel-card'),
  identity: described('discord-channel-identity'),
  pause: described('discord-channel-pause'),
  resume: described('discord-channel-resume'),
};

/** The delivery-setting commands the core has, as /channel offers them. */
export function channelSettingPlans(plans: ReadonlyMap<string, CommandPlan>): CommandPlan[] {
  return DELIVERY_SETTING_COMMANDS.map((name) => plans.get(name)).filter((p): p is CommandPlan => p !== undefined);
}

function channelCommand(plans: ReadonlyMap<string, CommandPlan>): RESTPostAPIChatInputApplicationCommandsJSONBody {
  const builder = new SlashCommandBuilder()
    .setName(CHANNEL_COMMAND)
    .setDescription(described('discord-channel'))
    .setDefaultMemberPermissions(PermissionFlagsBits.ManageChannels)
    .setContexts(InteractionContextType.Guild)
    .setIntegrationTypes(ApplicationIntegrationType.GuildInstall)
    .addSubcommand((sub) =>
      withTargetChannel(
        sub
          .setName('follow')
          .setDescription(described('discord-channel-follow'))
          .addStringOption((o) =>
            o.setName('tag').setDescription(described('discord-opt-tags')).setRequired(true).setAutocomplete(true),
          )
          .addRoleOption((o) => o.setName(MENTION_ROLE_OPTION).setDescription(described('discord-opt-mention-role'))),
      ),
    )
    .addSubcommand((sub) =>
      withTargetChannel(
        sub
          .setName('unfollow')
          .setDescription(described('discord-channel-unfollow'))
          .addStringOption((o) =>
            o.setName('tag').setDescription(described('discord-opt-tags')).setRequired(true).setAutocomplete(true),
          ),
      ),
    )
    .addSubcommand((sub) => withTargetChannel(sub.setName('list').setDescription(described('discord-channel-list'))));
  for (const plan of channelSettingPlans(plans)) {
    builder.addSubcommand((sub) => {
      sub
        .setName(plan.name)
        .setDescription(
          cutText(CHANNEL_SETTING_DESCRIPTIONS[plan.name] ?? plan.description, DISCORD_LIMITS.commandDescription),
        );
      addOptions(sub, plan.options);
      return withTargetChannel(sub);
    });
  }
  return builder.toJSON();
}

/** Every slash command, for the one bulk overwrite (registration.ts). */
export function slashCommandDefinitions(
  plans: ReadonlyMap<string, CommandPlan>,
): RESTPostAPIChatInputApplicationCommandsJSONBody[] {
  const definitions = [...plans.values()].map((plan) => {
    const builder = new SlashCommandBuilder()
      .setName(plan.name)
      .setDescription(plan.description)
      .setContexts(InteractionContextType.Guild, InteractionContextType.BotDM)
      .setIntegrationTypes(ApplicationIntegrationType.GuildInstall);
    addOptions(builder, plan.options);
    return builder.toJSON();
  });
  definitions.push(channelCommand(plans));
  return localizeDefinitions(definitions);
}
