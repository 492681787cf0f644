import { GrammyError, type Api, type Context } from 'grammy';
import type { MaybeInaccessibleMessage, Message } from 'grammy/types';
import type { Block, Logger, Reply, Span } from '../../src/index.ts';
import { topicOf } from './chat-context.ts';
import { renderReply, renderReplyAsOne } from './render.ts';

/**
 * Answers to people (command replies, button presses). Unlike deliveries these are not
 * in the outbox: each answers one action of one person, as soon as Telegram's pace
 * allows. Every message here goes through the bot's Api, whose pacing (pacing.ts) gives
 * it the next slot of its chat and of the bot, ahead of queued deliveries, and sends it
 * again after a 429's retry_after. Any other failure is logged, not retried: the person
 * can ask again.
 */

const NO_PREVIEW = { is_disabled: true } as const;

/** A Reply the adapter itself composes (for its Telegram-only commands), in the core's terms. */
export function adapterReply(status: Reply['status'], ...paragraphs: (string | Span[])[]): Reply {
  const blocks: Block[] = paragraphs.map((p) => ({
    kind: 'paragraph',
    spans: typeof p === 'string' ? [{ text: p }] : p,
  }));
  return { status, blocks, buttons: [] };
}

/** Puts a paragraph in front of a Reply (e.g. which channel a command acted on). */
export function withLead(reply: Reply, lead: Span[]): Reply {
  return { ...reply, blocks: [{ kind: 'paragraph', spans: lead }, ...reply.blocks] };
}

export interface SendOptions {
  /** In groups, answer as a reply to the command so the thread stays readable. */
  replyTo?: number;
  /** In a forum, the topic the answer goes to: every message of it, not only the first. */
  threadId?: number;
}

/** Sends a Reply to a chat as one or more messages; returns the ids sent. */
export async function sendReply(
  api: Api,
  chatId: number | string,
  reply: Reply,
  options: SendOptions = {},
): Promise<Message.TextMessage[]> {
  const sent: Message.TextMessage[] = [];
  for (const [i, message] of renderReply(reply).entries()) {
    sent.push(
      await api.sendMessage(chatId, message.html, {
        parse_mode: 'HTML',
        link_preview_options: NO_PREVIEW,
        reply_markup: message.keyboard,
        ...(options.threadId !== undefined ? { message_thread_id: options.threadId } : {}),
        ...(options.replyTo !== undefined && i === 0
          ? { reply_parameters: { message_id: options.replyTo, allow_sending_without_reply: true } }
          : {}),
      }),
    );
  }
  return sent;
}

/** Telegram refuses an edit that changes nothing; for us that is success. */
export function isNotModified(err: unknown): boolean {
  return err instanceof GrammyError && err.error_code === 400 && /message is not modified/iu.test(err.description);
}

/** Where an answer to this message goes: its forum topic, if it is in one. */
export function threadOf(message: Message | MaybeInaccessibleMessage | undefined): Pick<SendOptions, 'threadId'> {
  const topic = topicOf(message);
  return topic ? { threadId: Number(topic.id) } : {};
}

/** Replaces the text (and keyboard) of the message a button sits on. */
export async function editWithReply(ctx: Context, reply: Reply): Promise<void> {
  const message = renderReplyAsOne(reply);
  try {
    await ctx.editMessageText(message.html, {
      parse_mode: 'HTML',
      link_preview_options: NO_PREVIEW,
      reply_markup: message.keyboard,
    });
  } catch (err) {
    if (!isNotModified(err)) throw err;
  }
}

/** Replaces only the keyboard (a follow toggle). */
export async function editKeyboard(ctx: Context, reply: Reply): Promise<void> {
  const message = renderReplyAsOne(reply);
  try {
    await ctx.editMessageReplyMarkup({ reply_markup: message.keyboard ?? { inline_keyboard: [] } });
  } catch (err) {
    if (!isNotModified(err)) throw err;
  }
}

/** Sends a reply to where a command came from; logs instead of throwing. */
export async function answer(
  api: Api,
  logger: Logger,
  chatId: number | string,
  reply: Reply,
  options: SendOptions = {},
): Promise<void> {
  try {
    await sendReply(api, chatId, reply, options);
  } catch (err) {
    logger.warn({ err, chatId }, 'telegram: could not send a reply');
  }
}
