import {
  MessageFlags,
  type ButtonInteraction,
  type ChatInputCommandInteraction,
  type ModalSubmitInteraction,
} from 'discord.js';
import { DEFAULT_LOCALE, localeFromTag, translate, type Locale, type Logger, type Reply } from '../../src/index.ts';
import { languageOf } from './context.ts';
import { isShareable, renderButtonRows, renderReply, shareButton } from './render.ts';

/**
 * Answers an interaction with a core Reply. Discord wants an answer within 3 seconds:
 * if the core has not replied within `deferAfterMs`, the interaction is deferred first
 * and the reply edited in (`@original`) or sent as a follow-up when it is ready.
 *
 * In a server, replies are ephemeral (only the member sees them) and result lists get
 * a "Share" button that posts them in the channel. In a DM there is nobody else, so
 * replies are plain messages.
 */
export interface RespondOptions {
  logger: Logger;
  /** Defer when the reply takes longer than this; 0 defers every time. */
  deferAfterMs: number;
}

const NO_MENTIONS = { parse: [] } as const;

const failureReply = (locale: Locale): Reply => ({
  status: 'error',
  blocks: [{ kind: 'paragraph', spans: [{ text: translate(locale, 'error-internal') }] }],
  buttons: [],
  locale,
});

/** The core's reply, or a polite failure (logged) if the work threw. */
async function settle(work: () => Promise<Reply>, logger: Logger, locale: Locale): Promise<Reply> {
  try {
    return await work();
  } catch (err) {
    logger.error({ err }, 'discord command failed');
    return failureReply(locale);
  }
}

/** The value if it settles within `ms`, else null (the work goes on). */
async function within<T>(work: Promise<T>, ms: number): Promise<{ value: T } | null> {
  if (ms <= 0) return null;
  let timer: ReturnType<typeof setTimeout> | undefined;
  const timeout = new Promise<null>((resolve) => {
    timer = setTimeout(() => resolve(null), ms);
  });
  try {
    return await Promise.race([work.then((value) => ({ value })), timeout]);
  } finally {
    clearTimeout(timer);
  }
}

function payload(reply: Reply, inGuild: boolean) {
  return { ...renderReply(reply, { share: inGuild && isShareable(reply) }), allowedMentions: NO_MENTIONS };
}

/** The flags of a message the client may hold as a Message (cached channel) or as raw API data. */
export function messageFlags(message: unknown): number {
  if (typeof message !== 'object' || message === null || !('flags' in message)) return 0;
  const flags = message.flags;
  if (typeof flags === 'number') return flags;
  if (typeof flags === 'object' && flags !== null && 'bitfield' in flags && typeof flags.bitfield === 'number')
    return flags.bitfield;
  return 0;
}

/** Answers a slash command or a modal submit with a new message. */
export async function answerCommand(
  interaction: ChatInputCommandInteraction | ModalSubmitInteraction,
  work: () => Promise<Reply>,
  options: RespondOptions,
): Promise<void> {
  const inGuild = interaction.inGuild();
  const flags = inGuild ? ({ flags: MessageFlags.Ephemeral } as const) : {};
  const pending = settle(work, options.logger, localeFromTag(languageOf(interaction)) ?? DEFAULT_LOCALE);
  const early = await within(pending, options.deferAfterMs);
  if (early !== null) {
    await interaction.reply({ ...payload(early.value, inGuild), ...flags });
    return;
  }
  await interaction.deferReply(flags);
  await interaction.editReply(payload(await pending, inGuild));
}

/**
 * Answers a button press. A reply marked `edit` replaces the message the button sits on
 * (a page of results, a follow toggle) when that message is the member's own: an
 * ephemeral reply, or a DM. On a message others see (a delivered card in a channel, a
 * shared result), the presser gets their answer as a new ephemeral message instead, so
 * one member's page or follow state never rewrites the channel's message.
 */
export async function answerButton(
  interaction: ButtonInteraction,
  work: () => Promise<Reply>,
  options: RespondOptions,
): Promise<void> {
  const inGuild = interaction.inGuild();
  const ownMessage = !inGuild || (messageFlags(interaction.message) & MessageFlags.Ephemeral) !== 0;
  const flags = inGuild ? ({ flags: MessageFlags.Ephemeral } as const) : {};
  const pending = settle(work, options.logger, localeFromTag(languageOf(interaction)) ?? DEFAULT_LOCALE);
  const early = await within(pending, options.deferAfterMs);
  const edits = (reply: Reply) => reply.edit === true && ownMessage;
  const update = (reply: Reply) =>
    reply.buttonsOnly === true
      ? {
          components: renderButtonRows(reply.buttons, inGuild && isShareable(reply) ? [shareButton(reply.locale)] : []),
        }
      : payload(reply, inGuild);
  if (early !== null) {
    const reply = early.value;
    if (edits(reply)) await interaction.update(update(reply));
    else await interaction.reply({ ...payload(reply, inGuild), ...flags });
    return;
  }
  await interaction.deferUpdate();
  const reply = await pending;
  if (edits(reply)) await interaction.editReply(update(reply));
  else await interaction.followUp({ ...payload(reply, inGuild), ...flags });
}
