import {
  ComponentType,
  Message,
  userMention,
  type APIActionRowComponent,
  type APIComponentInMessageActionRow,
  type APIEmbed,
  type ButtonInteraction,
  type ChatInputCommandInteraction,
  type Interaction,
} from 'discord.js';
import {
  DEFAULT_LOCALE,
  localeFromTag,
  translate,
  type Block,
  type CommandContext,
  type Core,
  type Locale,
  type MessageArgs,
  type Reply,
  type Span,
} from '../../src/index.ts';
import { answerAutocomplete } from './autocomplete.ts';
import {
  CHANNEL_COMMAND,
  commandText,
  DELIVERY_SETTING_COMMANDS,
  MENTION_ROLE_OPTION,
  POST_COMMAND,
  type CommandPlan,
} from './commands.ts';
import { channelContext, memberContext } from './context.ts';
import { EDIT_MODAL_PREFIX, editModal, submitEdit } from './edit-modal.ts';
import { postModal, POST_MODAL_ID, submitPost } from './post-modal.ts';
import { SHARE_BUTTON_ID } from './render.ts';
import { answerButton, answerCommand, type RespondOptions } from './respond.ts';

/** What the interaction handlers need: the core, the command plans, and how to answer. */
export interface InboundDeps extends RespondOptions {
  core: Core;
  plans: ReadonlyMap<string, CommandPlan>;
}

/** A reply the adapter writes: one message, in the chat's language. */
const textReply = (status: Reply['status'], id: string, args: MessageArgs, locale: Locale): Reply => ({
  status,
  blocks: [{ kind: 'paragraph', spans: [{ text: translate(locale, id, args) }] }],
  buttons: [],
  locale,
});

/** Routes one interaction from the gateway to the core and answers it. */
export async function handleInteraction(deps: InboundDeps, interaction: Interaction): Promise<void> {
  if (interaction.isAutocomplete()) return answerAutocomplete(deps, interaction);
  if (interaction.isChatInputCommand()) return runSlashCommand(deps, interaction);
  if (interaction.isButton()) return pressButton(deps, interaction);
  if (interaction.isModalSubmit() && interaction.customId === POST_MODAL_ID) {
    const ctx = memberContext(interaction);
    return answerCommand(
      interaction,
      () => submitPost(deps.core, ctx, (id) => interaction.fields.getTextInputValue(id)),
      deps,
    );
  }
  if (interaction.isModalSubmit() && interaction.customId.startsWith(EDIT_MODAL_PREFIX)) {
    const ctx = memberContext(interaction);
    return answerCommand(
      interaction,
      () => submitEdit(deps.core, ctx, interaction.customId, (id) => interaction.fields.getTextInputValue(id)),
      deps,
    );
  }
  deps.logger.debug({ type: interaction.type }, 'discord interaction ignored');
}

/** The core command line for a slash command (or a /channel subcommand) run with these options. */
function commandLine(plan: CommandPlan, interaction: ChatInputCommandInteraction): string {
  return commandText(plan, (name) => {
    if (plan.options.find((o) => o.name === name)?.type !== 'boolean') return interaction.options.getString(name);
    const flag = interaction.options.getBoolean(name);
    return flag === null ? null : String(flag);
  });
}

async function runSlashCommand(deps: InboundDeps, interaction: ChatInputCommandInteraction): Promise<void> {
  const { core } = deps;
  const name = interaction.commandName;
  if (name === CHANNEL_COMMAND) return answerCommand(interaction, () => runChannelCommand(deps, interaction), deps);
  const ctx = memberContext(interaction);
  if (name === POST_COMMAND && core.isBotAdmin(ctx)) {
    await interaction.showModal(postModal(localeFromTag(interaction.locale) ?? DEFAULT_LOCALE));
    return;
  }
  if (name === 'edit' && core.isBotAdmin(ctx)) {
    // The article's form, prefilled; an unknown id is answered as a typed /edit would be.
    const form = await core.editForm(interaction.options.getString('id') ?? '');
    if (form !== null) {
      await interaction.showModal(editModal(form, localeFromTag(interaction.locale) ?? DEFAULT_LOCALE));
      return;
    }
  }
  const plan = deps.plans.get(name);
  if (plan === undefined) {
    return answerCommand(
      interaction,
      async () => textReply('error', 'discord-command-gone', { command: name }, await core.localeFor(ctx)),
      deps,
    );
  }
  const text = commandLine(plan, interaction);
  if (!interaction.inGuild() || inServerNote(name, DEFAULT_LOCALE) === null)
    return answerCommand(interaction, () => core.handleCommand(ctx, text), deps);
  // In a server, say whose deliveries changed: these commands act on the member's own DMs.
  return answerCommand(
    interaction,
    async () => {
      const reply = await core.handleCommand(ctx, text);
      return withNote(reply, inServerNote(name, reply.locale ?? DEFAULT_LOCALE) ?? '');
    },
    deps,
  );
}

/** Typed in a server, a member's own command acts on their DMs: said below the answer, with the channel's equivalent. */
function inServerNote(command: string, locale: Locale): string | null {
  if (command === 'follow') return translate(locale, 'discord-note-follow');
  if (!(DELIVERY_SETTING_COMMANDS as readonly string[]).includes(command)) return null;
  return translate(locale, 'discord-note-setting', { command });
}

/** A reply with an italic note below it, when it succeeded. */
function withNote(reply: Reply, note: string): Reply {
  if (reply.status !== 'ok') return reply;
  return { ...reply, blocks: [...reply.blocks, { kind: 'paragraph', spans: [{ text: note, italic: true }] }] };
}

/**
 * `/channel follow|unfollow|list`: the core's /follow, /unfollow and /tags for this
 * channel; `/channel digest|quiet|timezone|pause|resume`: the same core command as the
 * member's own, with the same options, for this channel.
 */
async function runChannelCommand(deps: InboundDeps, interaction: ChatInputCommandInteraction): Promise<Reply> {
  const { core } = deps;
  const ctx = channelContext(interaction);
  if (ctx === null)
    return textReply('error', 'discord-channel-only', {}, await core.localeFor(memberContext(interaction)));
  const locale = await core.localeFor(ctx);
  const subcommand = interaction.options.getSubcommand(true);
  if (subcommand === 'list') return asChannelCommands(await core.handleCommand(ctx, '/tags'));
  const setting = (DELIVERY_SETTING_COMMANDS as readonly string[]).includes(subcommand)
    ? deps.plans.get(subcommand)
    : undefined;
  if (setting !== undefined) return asChannelCommands(await core.handleCommand(ctx, commandLine(setting, interaction)));
  if (subcommand !== 'follow' && subcommand !== 'unfollow') {
    return textReply('error', 'discord-subcommand-gone', { subcommand: subcommand.slice(0, 30) }, locale);
  }
  const tags = interaction.options.getString('tag', true);
  if (subcommand === 'unfollow') return core.handleCommand(ctx, `/unfollow ${tags}`);
  const role = interaction.options.getRole(MENTION_ROLE_OPTION);
  if (role !== null && role.id === interaction.guildId) {
    return textReply('error', 'discord-no-everyone', {}, locale);
  }
  const reply = await core.followMentioning(ctx, tags, role?.id ?? null);
  if (reply.status !== 'ok') return reply;
  await connectManager(core, ctx);
  if (role === null || role.mentionable) return reply;
  return withNote(reply, translate(reply.locale ?? locale, 'discord-role-not-mentionable', { role: role.name }));
}

const SETTING_COMMAND = new RegExp(`^/(${DELIVERY_SETTING_COMMANDS.join('|')})(?![\\w-])`, 'u');

/**
 * The core names its commands as typed in the chat ("send /resume"); for a channel on
 * Discord that command is /channel resume (plain /resume is the member's own).
 */
function asChannelCommands(reply: Reply): Reply {
  const rename = (spans: Span[]): Span[] =>
    spans.map((s) => (s.code === true ? { ...s, text: s.text.replace(SETTING_COMMAND, '/channel $1') } : s));
  const blocks = reply.blocks.map((block): Block => {
    if (block.kind === 'paragraph') return { ...block, spans: rename(block.spans) };
    if (block.kind === 'list') return { ...block, items: block.items.map(rename) };
    return block;
  });
  return { ...reply, blocks };
}

/** Records the member who set the channel up as one of its managers (the core tells them of problems). */
async function connectManager(core: Core, ctx: CommandContext): Promise<void> {
  const { id, title, parentId, forum } = ctx.chat;
  await core.chats.connect(
    {
      platform: 'discord',
      chatId: id,
      kind: 'channel',
      ...(title === undefined ? {} : { title }),
      ...(parentId === undefined ? {} : { parentId }),
      ...(forum === undefined ? {} : { forum }),
    },
    ctx.user.id,
  );
}

async function pressButton(deps: InboundDeps, interaction: ButtonInteraction): Promise<void> {
  if (interaction.customId === SHARE_BUTTON_ID) return share(deps, interaction);
  // Buttons act for the member who pressed them (their DM subscription), even under a
  // channel's card: "+ #Armenia" there follows the tag for them, not for the channel.
  const ctx = memberContext(interaction);
  return answerButton(interaction, () => deps.core.pressButton(ctx, interaction.customId), deps);
}

type MessageRow = APIActionRowComponent<APIComponentInMessageActionRow>;

/** Posts an ephemeral result in the channel for everyone, without its Share button. */
async function share(deps: InboundDeps, interaction: ButtonInteraction): Promise<void> {
  const message: unknown = interaction.message;
  if (!interaction.inGuild() || !(message instanceof Message)) {
    await interaction.reply({
      content: translate(await deps.core.localeFor(memberContext(interaction)), 'discord-nothing-to-share'),
      allowedMentions: { parse: [] },
    });
    return;
  }
  const embeds: APIEmbed[] = message.embeds.map((embed) => embed.toJSON());
  const components: MessageRow[] = [];
  for (const component of message.components) {
    const row = component.toJSON();
    if (row.type !== ComponentType.ActionRow) continue;
    const kept = row.components.filter(
      (c) => !(c.type === ComponentType.Button && 'custom_id' in c && c.custom_id === SHARE_BUTTON_ID),
    );
    if (kept.length > 0) components.push({ ...row, components: kept });
  }
  await interaction.reply({
    content: translate(localeFromTag(interaction.guildLocale) ?? DEFAULT_LOCALE, 'discord-shared-by', {
      user: userMention(interaction.user.id),
    }),
    embeds,
    components,
    allowedMentions: { parse: [] },
  });
  deps.logger.debug({ user: interaction.user.id, channel: interaction.channelId }, 'result shared');
}
