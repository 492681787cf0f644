import { GrammyError, HttpError, type Api } from 'grammy';
import {
  ChatMovedError,
  PermanentDeliveryError,
  RetryLaterError,
  ThreadClosedError,
  TransientDeliveryError,
  type DeliveryError,
  type DeliveryMessage,
  type DigestDeliveryMessage,
  type Sender,
} from '../../src/index.ts';
import { retryAfterMs } from './pacing.ts';
import { articleCardHtml, fitsOneMessage, keyboardFor, renderReply, renderReplyCut } from './render.ts';

export { DEFAULT_RETRY_AFTER_SECONDS } from './pacing.ts';

export interface TelegramSenderOptions {
  /** TELEGRAM_PAID_BROADCAST: every delivery carries allow_paid_broadcast (up to 1,000 a second, paid). */
  paidBroadcast?: boolean;
}

/**
 * The outbound side: one delivered article, or one page of a digest, is one sendMessage
 * in HTML parse mode.
 * Nothing here retries or waits: the core's delivery worker owns pacing (Telegram's
 * limits, src/delivery/limits.ts) and retries, so every failure is mapped to one of
 * the core's delivery errors and thrown straight back. The Api given should be one
 * without the replies' pacing (pacing.ts): the worker has paced the send already.
 */
export function createTelegramSender(api: Api, options: TelegramSenderOptions = {}): Sender {
  const paid = options.paidBroadcast === true ? { allow_paid_broadcast: true } : {};
  return {
    platform: 'telegram',
    async send(message: DeliveryMessage) {
      try {
        const sent = await api.sendMessage(
          message.subscriber.chatId,
          articleCardHtml(message.article, undefined, undefined, message.locale),
          {
            parse_mode: 'HTML',
            link_preview_options: { is_disabled: true },
            reply_markup: keyboardFor(message.buttons),
            ...(message.threadId !== undefined ? { message_thread_id: Number(message.threadId) } : {}),
            ...paid,
          },
        );
        return { messageId: String(sent.message_id) };
      } catch (err) {
        throw deliveryErrorFor(err, message.threadId);
      }
    },
    /**
     * A digest page is rendered like a command's answer, without buttons. One page is one
     * message (the worker counts pages sent): a page the core should have split but did
     * not is cut to fit (renderReplyCut) rather than sent as two.
     */
    async sendDigest(message: DigestDeliveryMessage) {
      const [first, ...more] = renderReply(message.page);
      const html = first !== undefined && more.length === 0 ? first.html : renderReplyCut(message.page);
      try {
        const sent = await api.sendMessage(message.subscriber.chatId, html, {
          parse_mode: 'HTML',
          link_preview_options: { is_disabled: true },
          ...(message.threadId !== undefined ? { message_thread_id: Number(message.threadId) } : {}),
          ...paid,
        });
        return { messageId: String(sent.message_id) };
      } catch (err) {
        throw deliveryErrorFor(err, message.threadId);
      }
    },
    fits: fitsOneMessage,
  };
}

/** Shown in a chat whose deliveries were paused for missing rights, the next time someone there uses a command. */
export const MISSING_RIGHTS_NOTICE =
  'Deliveries here were paused: I am not allowed to post in this chat. Give me the right to send messages, then send /tags to resume.';

const BLOCKED = /blocked by the user/iu;
const USER_GONE = /user is deactivated/iu;
const REMOVED = /kicked|not a member|chat was deleted|group chat was deactivated|channel_private/iu;
const NEVER_STARTED = /can't initiate conversation|can't send messages to bots/iu;
const CHAT_NOT_FOUND = /chat not found|peer_id_invalid|user not found/iu;
const TOPIC_CLOSED = /topic_closed/iu;
const TOPIC_GONE = /message thread not found|topic_deleted|topic_id_invalid/iu;
const NO_RIGHTS =
  /not enough rights|have no rights|need administrator rights|chat_write_forbidden|chat_send_plain_forbidden|topic_closed/iu;

/**
 * Maps what Telegram answered to what the worker should do (PLATFORMS.md, "Errors"):
 * - 429: wait `retry_after` seconds and resend, not counted as a failure;
 * - 400 with `migrate_to_chat_id`: the group became a supergroup; move and resend;
 * - 403 blocked, kicked, deactivated account, never started: deactivate at once;
 * - 400 "chat not found": deactivate only after repeated failures (it can be a glitch);
 * - 400 missing rights to post: pause the chat until an admin fixes it;
 * - 400 TOPIC_CLOSED or "message thread not found" for a send into a forum topic: pause
 *   that topic's route only (ThreadClosedError); into General, TOPIC_CLOSED pauses the chat;
 * - any other 4xx (a malformed message, a wrong token) and 5xx, and no answer at all
 *   (HttpError): transient. The row is retried and eventually fails on its own; the
 *   subscriber is never punished for our mistake or Telegram's hiccup.
 */
export function deliveryErrorFor(err: unknown, threadId?: string): DeliveryError {
  if (err instanceof GrammyError) {
    const { error_code: code, description, parameters } = err;
    if (code === 400 && threadId !== undefined) {
      if (TOPIC_CLOSED.test(description)) return new ThreadClosedError(threadId, 'closed', description);
      if (TOPIC_GONE.test(description)) return new ThreadClosedError(threadId, 'deleted', description);
    }
    if (parameters.migrate_to_chat_id !== undefined) return new ChatMovedError(String(parameters.migrate_to_chat_id));
    if (code === 429) return new RetryLaterError(retryAfterMs(parameters, description), false, description);
    if (code === 403) {
      if (BLOCKED.test(description)) return new PermanentDeliveryError('blocked', description);
      if (USER_GONE.test(description)) return new PermanentDeliveryError('gone', description);
      if (REMOVED.test(description)) return new PermanentDeliveryError('kicked', description);
      if (NEVER_STARTED.test(description)) return new PermanentDeliveryError('blocked', description);
      if (NO_RIGHTS.test(description))
        return new PermanentDeliveryError('missing-permissions', description, 'pause', false, MISSING_RIGHTS_NOTICE);
      return new PermanentDeliveryError('forbidden', description);
    }
    if (code === 400) {
      if (CHAT_NOT_FOUND.test(description)) return new PermanentDeliveryError('gone', description, 'deactivate', true);
      if (NO_RIGHTS.test(description))
        return new PermanentDeliveryError('missing-permissions', description, 'pause', false, MISSING_RIGHTS_NOTICE);
      if (REMOVED.test(description)) return new PermanentDeliveryError('gone', description);
    }
    return new TransientDeliveryError(`Telegram ${code}: ${description}`);
  }
  if (err instanceof HttpError) return new TransientDeliveryError(`no answer from Telegram: ${err.message}`);
  return new TransientDeliveryError(err instanceof Error ? err.message : String(err));
}
