import { GrammyError, type Api, type Context } from 'grammy';
import { DEFAULT_LOCALE, localeFromTag, translate, type Core, type Logger, type Reply } from '../../src/index.ts';
import { commandContextFor, type AdminRights } from './chat-context.ts';
import { replyPlainText } from './render.ts';
import { editKeyboard, editWithReply, sendReply, threadOf } from './replies.ts';

/**
 * Button presses (callback queries). The button's data goes back to the core as is;
 * the Reply says what to do with the message the button sits on:
 * - `edit` + `buttonsOnly` (a follow toggle): only the keyboard is replaced, and the
 *   Reply's text becomes the small notice Telegram shows;
 * - `edit` (paging): the message's text and keyboard are replaced;
 * - otherwise (Related): a new message. In a channel that would post to every
 *   subscriber of the channel, so it goes to the presser's private chat instead.
 * A refusal or error that is not an edit is shown as an alert, not posted to the chat.
 * Every press is answered exactly once, or the button keeps spinning. The edit or message
 * it causes waits for its slot of Telegram's pace (pacing.ts), which in a busy group can
 * take seconds, and Telegram refuses an answer that comes too late: so the press is
 * answered after the edit, or after CALLBACK_ANSWER_WITHIN_MS with what the edit is
 * expected to show, whichever comes first.
 */

/** Telegram's limit on a callback answer's text. */
export const CALLBACK_TEXT_MAX = 200;
/** A press is answered within this long, even while its edit still waits for a slot (Telegram waits about 10 s). */
export const CALLBACK_ANSWER_WITHIN_MS = 5_000;

type CallbackAnswer = { text?: string; show_alert?: boolean };

export interface ButtonDeps {
  api: Api;
  core: Core;
  logger: Logger;
  rights: AdminRights;
  botUsername: () => string;
}

export async function handleButtonPress(ctx: Context, deps: ButtonDeps): Promise<void> {
  const query = ctx.callbackQuery;
  if (!query?.data) return;
  const locale = localeFromTag(query.from.language_code) ?? DEFAULT_LOCALE;
  let answered = false;
  const answerOnce = async (answer: CallbackAnswer): Promise<void> => {
    if (answered) return;
    answered = true;
    await ctx
      .answerCallbackQuery(answer)
      .catch((err: unknown) => deps.logger.warn({ err }, 'telegram: could not answer a button press'));
  };
  // What to answer if the edit is still waiting when time is up: set before each paced step.
  let expected: CallbackAnswer = {};
  const timer = setTimeout(() => void answerOnce(expected), CALLBACK_ANSWER_WITHIN_MS);
  let answer: CallbackAnswer = {};
  try {
    const context = query.message ? await commandContextFor(ctx, deps.rights) : null;
    if (!context || !query.message) {
      answer = { text: translate(locale, 'button-open-chat', { bot: deps.botUsername() }), show_alert: true };
      return;
    }
    const reply = await deps.core.pressButton(context, query.data);
    answer = await applyPress(ctx, deps, reply, query.message.chat, query.from.id, (next) => {
      expected = next;
    });
  } catch (err) {
    deps.logger.error({ err, answered }, 'telegram: button press failed');
    answer = { text: translate(locale, 'button-failed'), show_alert: true };
  } finally {
    clearTimeout(timer);
    await answerOnce(answer);
  }
}

async function applyPress(
  ctx: Context,
  deps: ButtonDeps,
  reply: Reply,
  chat: { id: number; type: string },
  presserId: number,
  expect: (answer: CallbackAnswer) => void,
): Promise<CallbackAnswer> {
  const toast = replyPlainText(reply, CALLBACK_TEXT_MAX);
  if (reply.status !== 'ok' && !reply.edit) return { text: toast, show_alert: true };
  if (reply.edit && reply.buttonsOnly) {
    expect({ text: toast });
    await editKeyboard(ctx, reply);
    return { text: toast };
  }
  if (reply.edit) {
    await editWithReply(ctx, reply);
    return {};
  }
  if (chat.type !== 'channel') {
    await sendReply(deps.api, chat.id, reply, threadOf(ctx.callbackQuery?.message));
    return {};
  }
  const locale = reply.locale ?? DEFAULT_LOCALE;
  const bot = deps.botUsername();
  expect({ text: translate(locale, 'button-sending-private', { bot }) });
  try {
    await sendReply(deps.api, presserId, reply);
    return { text: translate(locale, 'button-sent-private', { bot }) };
  } catch (err) {
    if (err instanceof GrammyError && err.error_code === 403) {
      return { text: translate(locale, 'button-start-chat-first', { bot }), show_alert: true };
    }
    throw err;
  }
}
