import type { Api } from 'grammy';
import type { ApiResponse } from 'grammy/types';
import { RetryLaterError, type AdapterHost, type ChatKind } from '../../src/index.ts';

/**
 * Everything the bot sends outside the outbox (command replies, button edits, paging,
 * channel commands) goes through the core's pacing for Telegram, the same per-chat
 * intervals and overall rate as deliveries and ahead of them (src/delivery/limiter.ts).
 * This transformer on the bot's Api only translates: which Bot API methods are messages,
 * to which chat and what kind of chat, and a 429 into the core's RetryLaterError, which
 * the pacing waits out and sends again. Deliveries use an Api of their own, without it:
 * the worker paces them already.
 */

type Pacing = ReturnType<AdapterHost['pacing']>;

/** Methods that send a message and take `allow_paid_broadcast` (the edits do not). */
const PAID_METHODS: ReadonlySet<string> = new Set([
  'sendMessage',
  'sendPhoto',
  'sendDocument',
  'sendMediaGroup',
  'copyMessage',
  'forwardMessage',
]);

/** Bot API methods that send or edit a message in a chat: each takes a slot of the chat's and the bot's pace. */
export const PACED_METHODS: ReadonlySet<string> = new Set([
  ...PAID_METHODS,
  'editMessageText',
  'editMessageCaption',
  'editMessageMedia',
  'editMessageReplyMarkup',
]);

/** When a 429 carries no retry_after (it always should), wait this long. */
export const DEFAULT_RETRY_AFTER_SECONDS = 5;

/** `retry_after` of a 429, in ms (from the parameters, else the description). */
export function retryAfterMs(parameters: { retry_after?: number } | undefined, description: string): number {
  const given = parameters?.retry_after;
  if (typeof given === 'number' && Number.isFinite(given) && given >= 0) return given * 1000;
  const inText = /retry after (\d+)/iu.exec(description);
  return (inText ? Number(inText[1]) : DEFAULT_RETRY_AFTER_SECONDS) * 1000;
}

/**
 * The kind of chat a chat id names, for pacing: people have positive ids, groups and
 * channels negative ones (and only they have an @username the Bot API takes). A channel
 * counts as a group here: Telegram holds both to 20 messages a minute.
 */
export function chatKindOfId(chatId: number | string): ChatKind {
  if (typeof chatId === 'string' && !/^-?\d+$/u.test(chatId)) return 'group';
  return Number(chatId) > 0 ? 'user' : 'group';
}

export interface PacingOptions {
  /** TELEGRAM_PAID_BROADCAST: sends carry allow_paid_broadcast, as deliveries do. */
  paidBroadcast: boolean;
  /** Aborted when the adapter stops: replies still waiting for a slot give up. */
  stopped: AbortSignal;
}

/** Paces every message the Api sends (see above). */
export function installReplyPacing(api: Api, pacing: Pacing, options: PacingOptions): void {
  api.config.use(async (prev, method, payload, signal) => {
    const chatId = (payload as { chat_id?: unknown }).chat_id;
    if (!PACED_METHODS.has(method) || (typeof chatId !== 'number' && typeof chatId !== 'string'))
      return prev(method, payload, signal);
    const sent =
      options.paidBroadcast && PAID_METHODS.has(method) ? { ...payload, allow_paid_broadcast: true } : payload;
    let refused: ApiResponse<unknown> | null = null;
    try {
      return await pacing.send(
        String(chatId),
        chatKindOfId(chatId),
        async () => {
          const result = await prev(method, sent, signal);
          if (!result.ok && result.error_code === 429) {
            refused = result;
            throw new RetryLaterError(retryAfterMs(result.parameters, result.description), false, result.description);
          }
          return result;
        },
        // An edit cannot pay: during a paid broadcast it waits for a second quiet enough.
        { signal: options.stopped, unpaid: !PAID_METHODS.has(method) },
      );
    } catch (err) {
      // Rate limited past the point of waiting: the caller sees Telegram's 429.
      if (err instanceof RetryLaterError && refused) return refused as never;
      throw err;
    }
  });
}
