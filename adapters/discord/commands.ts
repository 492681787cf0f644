import {
  ApplicationIntegrationType,
  InteractionContextType,
  PermissionFlagsBits,
  SlashCommandBuilder,
  type RESTPostAPIChatInputApplicationCommandsJSONBody,
} from 'discord.js';
import type { CommandInfo } from '../../src/index.ts';
import { DISCORD_LIMITS } from './limits.ts';
import { cutText } from './markdown.ts';

/**
 * The slash commands, as data. Every core command (`core.commands`) becomes a slash
 * command of the same name whose options are joined back into the core's command line
 * (`/follow tag:Armenia` → "/follow Armenia"); `/channel` is Discord's own, for a
 * channel's subscription; `/post` opens a modal (post-modal.ts).
 */

/** `/channel follow|unfollow|list`: the channel's subscription, for members with Manage Channels. */
export const CHANNEL_COMMAND = 'channel';
export const MENTION_ROLE_OPTION = 'mention-role';
/** The core command answered with a modal instead of a command line. */
export const POST_COMMAND = 'post';

export interface OptionPlan {
  name: string;
  description: string;
  required: boolean;
  /** Suggest known tags while typing (core.completeTags). */
  autocompleteTags?: boolean;
  choices?: readonly string[];
}

export interface CommandPlan {
  name: string;
  description: string;
  options: readonly OptionPlan[];
  /** Joins the options' values into the core command's arguments. */
  separator: string;
}

const tagOption = (required: boolean, description = 'A tag, or several separated by commas'): OptionPlan =>
  ({ name: 'tag', description, required, autocompleteTags: true });
const idOption: OptionPlan = { name: 'id', description: 'The article id (6 letters and digits, shown under each article)', required: true };

/** Options of the core commands whose arguments Discord can ask for one by one. */
function knownOptions(commandNames: readonly string[]): Record<string, { options: OptionPlan[]; separator?: string }> {
  return {
    follow: { options: [tagOption(true)] },
    unfollow: { options: [tagOption(true)] },
    mute: { options: [tagOption(true)] },
    unmute: { options: [tagOption(true)] },
    latest: { options: [tagOption(false, 'Only articles with this tag')] },
    search: { options: [{ name: 'query', description: 'Words, "a phrase", -exclude, #tag, since:2024-01-01, until:2024-12-31', required: true }] },
    related: { options: [idOption] },
    article: { options: [idOption] },
    delete: { options: [idOption] },
    // A list to pick from while it fits Discord's 25 choices; free text beyond that.
    help: { options: [{ name: 'command', description: 'A command to explain', required: false, ...(commandNames.length <= DISCORD_LIMITS.autocompleteChoices ? { choices: commandNames } : {}) }] },
    rename: {
      options: [{ ...tagOption(true, 'The tag as it is spelled now'), name: 'old' }, { name: 'new', description: 'The new spelling', required: true }],
      separator: ' = ',
    },
    alias: {
      options: [{ name: 'alias', description: 'Another spelling', required: true }, tagOption(true, 'The existing tag it should mean')],
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
    const options = spec?.options
      ?? (command.args === '' ? [] : [{ name: 'arguments', description: cutText(command.args, DISCORD_LIMITS.optionDescription), required: !command.args.startsWith('[') }]);
    plans.set(command.name, {
      name: command.name,
      description: cutText(command.summary, DISCORD_LIMITS.commandDescription),
      options,
      separator: spec?.separator ?? ' ',
    });
  }
  return plans;
}

/** The core command line for a slash command: "/name" and the given option values. */
export function commandText(plan: CommandPlan, value: (option: string) => string | null): string {
  const values = plan.options.map((o) => value(o.name)?.trim() ?? '').filter((v) => v !== '');
  return values.length === 0 ? `/${plan.name}` : `/${plan.name} ${values.join(plan.separator)}`;
}

function addOptions(builder: SlashCommandBuilder, options: readonly OptionPlan[]): void {
  for (const plan of options) {
    builder.addStringOption((option) => {
      option.setName(plan.name).setDescription(cutText(plan.description, DISCORD_LIMITS.optionDescription)).setRequired(plan.required);
      if (plan.autocompleteTags === true) option.setAutocomplete(true);
      if (plan.choices !== undefined && plan.choices.length > 0) option.addChoices(...plan.choices.map((c) => ({ name: c, value: c })));
      return option;
    });
  }
}

function channelCommand(): RESTPostAPIChatInputApplicationCommandsJSONBody {
  return new SlashCommandBuilder()
    .setName(CHANNEL_COMMAND)
    .setDescription('What this channel follows: articles with these tags are posted here')
    .setDefaultMemberPermissions(PermissionFlagsBits.ManageChannels)
    .setContexts(InteractionContextType.Guild)
    .setIntegrationTypes(ApplicationIntegrationType.GuildInstall)
    .addSubcommand((sub) => sub
      .setName('follow')
      .setDescription('Post articles with these tags in this channel')
      .addStringOption((o) => o.setName('tag').setDescription('A tag, or several separated by commas').setRequired(true).setAutocomplete(true))
      .addRoleOption((o) => o.setName(MENTION_ROLE_OPTION).setDescription('A role to mention when these tags are posted here')))
    .addSubcommand((sub) => sub
      .setName('unfollow')
      .setDescription('Stop posting articles with these tags in this channel')
      .addStringOption((o) => o.setName('tag').setDescription('A tag, or several separated by commas').setRequired(true).setAutocomplete(true)))
    .addSubcommand((sub) => sub
      .setName('list')
      .setDescription('What this channel follows; resumes deliveries paused for missing permissions'))
    .toJSON();
}

/** Every slash command, for the one bulk overwrite (registration.ts). */
export function slashCommandDefinitions(plans: ReadonlyMap<string, CommandPlan>): RESTPostAPIChatInputApplicationCommandsJSONBody[] {
  const definitions = [...plans.values()].map((plan) => {
    const builder = new SlashCommandBuilder()
      .setName(plan.name)
      .setDescription(plan.description)
      .setContexts(InteractionContextType.Guild, InteractionContextType.BotDM)
      .setIntegrationTypes(ApplicationIntegrationType.GuildInstall);
    addOptions(builder, plan.options);
    return builder.toJSON();
  });
  definitions.push(channelCommand());
  return definitions;
}
