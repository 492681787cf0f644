import {
  ComponentType,
  Message,
  userMention,
  type APIActionRowComponent,
  type APIComponentInMessageActionRow,
  type APIEmbed,
  type AutocompleteInteraction,
  type ButtonInteraction,
  type ChatInputCommandInteraction,
  type Interaction,
} from 'discord.js';
import type { CommandContext, Core, Reply } from '../../src/index.ts';
import { CHANNEL_COMMAND, commandText, MENTION_ROLE_OPTION, POST_COMMAND, type CommandPlan } from './commands.ts';
import { channelContext, memberContext } from './context.ts';
import { DISCORD_LIMITS } from './limits.ts';
import { cutText } from './markdown.ts';
import { postModal, POST_MODAL_ID, submitPost } from './post-modal.ts';
import { SHARE_BUTTON_ID } from './render.ts';
import { answerButton, answerCommand, type RespondOptions } from './respond.ts';

/** What the interaction handlers need: the core, the command plans, and how to answer. */
export interface InboundDeps extends RespondOptions {
  core: Core;
  plans: ReadonlyMap<string, CommandPlan>;
}

const textReply = (status: Reply['status'], text: string): Reply => ({ status, blocks: [{ kind: 'paragraph', spans: [{ text }] }], buttons: [] });

/** Routes one interaction from the gateway to the core and answers it. */
export async function handleInteraction(deps: InboundDeps, interaction: Interaction): Promise<void> {
  if (interaction.isAutocomplete()) return answerAutocomplete(deps, interaction);
  if (interaction.isChatInputCommand()) return runSlashCommand(deps, interaction);
  if (interaction.isButton()) return pressButton(deps, interaction);
  if (interaction.isModalSubmit() && interaction.customId === POST_MODAL_ID) {
    const ctx = memberContext(interaction);
    return answerCommand(interaction, () => submitPost(deps.core, ctx, (id) => interaction.fields.getTextInputValue(id)), deps);
  }
  deps.logger.debug({ type: interaction.type }, 'discord interaction ignored');
}

async function runSlashCommand(deps: InboundDeps, interaction: ChatInputCommandInteraction): Promise<void> {
  const { core } = deps;
  const name = interaction.commandName;
  if (name === CHANNEL_COMMAND) return answerCommand(interaction, () => runChannelCommand(core, interaction), deps);
  const ctx = memberContext(interaction);
  if (name === POST_COMMAND && core.isBotAdmin(ctx)) {
    await interaction.showModal(postModal());
    return;
  }
  const plan = deps.plans.get(name);
  if (plan === undefined) {
    return answerCommand(interaction, async () => textReply('error', `/${name} is no longer one of my commands. Discord may still be updating the list; try /help.`), deps);
  }
  const text = commandText(plan, (option) => interaction.options.getString(option));
  if (name !== 'follow' || !interaction.inGuild()) return answerCommand(interaction, () => core.handleCommand(ctx, text), deps);
  // In a server, say where the articles will go: /follow is the member's own, by DM.
  return answerCommand(interaction, async () => withNote(await core.handleCommand(ctx, text), FOLLOW_IN_SERVER_NOTE), deps);
}

const FOLLOW_IN_SERVER_NOTE = 'I send these articles to you by direct message. To have them posted in a channel, a moderator can use /channel follow.';

/** A reply with an italic note below it, when it succeeded. */
function withNote(reply: Reply, note: string): Reply {
  if (reply.status !== 'ok') return reply;
  return { ...reply, blocks: [...reply.blocks, { kind: 'paragraph', spans: [{ text: note, italic: true }] }] };
}

/** `/channel follow|unfollow|list`: the core's /follow, /unfollow and /tags for this channel. */
async function runChannelCommand(core: Core, interaction: ChatInputCommandInteraction): Promise<Reply> {
  const ctx = channelContext(interaction);
  if (ctx === null) return textReply('error', '/channel works in a server channel: it sets what that channel follows. For yourself, use /follow.');
  const subcommand = interaction.options.getSubcommand(true);
  if (subcommand === 'list') return core.handleCommand(ctx, '/tags');
  const tags = interaction.options.getString('tag', true);
  if (subcommand === 'unfollow') return core.handleCommand(ctx, `/unfollow ${tags}`);
  if (subcommand !== 'follow') return textReply('error', `There is no /channel ${subcommand.slice(0, 30)}; try /channel follow, unfollow or list.`);
  const role = interaction.options.getRole(MENTION_ROLE_OPTION);
  if (role !== null && role.id === interaction.guildId) {
    return textReply('error', 'I will not mention @everyone. Pick a role that the members who care about these tags can join.');
  }
  const reply = await core.followMentioning(ctx, tags, role?.id ?? null);
  if (reply.status !== 'ok') return reply;
  await connectManager(core, ctx);
  if (role === null || role.mentionable) return reply;
  return withNote(reply, `Note: the role ${role.name} is not mentionable, so Discord will only ping it if my role may mention all roles. `
    + 'Turn on "Allow anyone to @mention this role" in the role\'s settings.');
}

/** Records the member who set the channel up as one of its managers (the core tells them of problems). */
async function connectManager(core: Core, ctx: CommandContext): Promise<void> {
  const { id, title, parentId } = ctx.chat;
  await core.chats.connect({
    platform: 'discord',
    chatId: id,
    kind: 'channel',
    ...(title === undefined ? {} : { title }),
    ...(parentId === undefined ? {} : { parentId }),
  }, ctx.user.id);
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
    await interaction.reply({ content: 'There is nothing to share here: run the command in a server channel.', allowedMentions: { parse: [] } });
    return;
  }
  const embeds: APIEmbed[] = message.embeds.map((embed) => embed.toJSON());
  const components: MessageRow[] = [];
  for (const component of message.components) {
    const row = component.toJSON();
    if (row.type !== ComponentType.ActionRow) continue;
    const kept = row.components.filter((c) => !(c.type === ComponentType.Button && 'custom_id' in c && c.custom_id === SHARE_BUTTON_ID));
    if (kept.length > 0) components.push({ ...row, components: kept });
  }
  await interaction.reply({ content: `Shared by ${userMention(interaction.user.id)}`, embeds, components, allowedMentions: { parse: [] } });
  deps.logger.debug({ user: interaction.user.id, channel: interaction.channelId }, 'result shared');
}

/** Choices for a tag option: known tags, most-followed first; after a comma, completes the last tag. */
export async function tagChoices(core: Core, typed: string): Promise<{ name: string; value: string }[]> {
  const comma = Math.max(typed.lastIndexOf(','), typed.lastIndexOf('，'));
  const before = comma < 0 ? '' : `${typed.slice(0, comma + 1).trim()} `;
  const partial = typed.slice(comma + 1).trim().replace(/^[#＃]+/u, '');
  const tags = await core.completeTags(partial, DISCORD_LIMITS.autocompleteChoices);
  return tags
    .map((t) => ({
      name: cutText(`${before}${t.name} · ${t.followers === 1 ? '1 follower' : `${t.followers} followers`}`, DISCORD_LIMITS.choiceText),
      value: `${before}${t.name}`,
    }))
    .filter((choice) => choice.value.length <= DISCORD_LIMITS.choiceText)
    .slice(0, DISCORD_LIMITS.autocompleteChoices);
}

async function answerAutocomplete(deps: InboundDeps, interaction: AutocompleteInteraction): Promise<void> {
  let choices: { name: string; value: string }[] = [];
  try {
    // Only tag options autocomplete (commands.ts), whatever their name.
    choices = await tagChoices(deps.core, String(interaction.options.getFocused(true).value));
  } catch (err) {
    deps.logger.error({ err }, 'discord autocomplete failed');
  }
  await interaction.respond(choices);
}
