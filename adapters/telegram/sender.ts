import { GrammyError, HttpError, type Api } from 'grammy';
import {
  ChatMovedError,
  PermanentDeliveryError,
  RetryLaterError,
  ThreadClosedError,
  TransientDeliveryError,
  type ArticleView,
  type DeliveryError,
  type Locale,
  type CardChanges,
  type DeliveryMessage,
  type DigestDeliveryMessage,
  type Reply,
  type Sender,
} from '../../src/index.ts';
import { retryAfterMs } from './pacing.ts';
import type { LinkPreviewOptions } from 'grammy/types';
import { articleCardHtml, fitsOneMessage, keyboardFor, renderReply, renderReplyCut, visibleLength } from './render.ts';

export { DEFAULT_RETRY_AFTER_SECONDS } from './pacing.ts';

export interface TelegramSenderOptions {
  /** TELEGRAM_PAID_BROADCAST: every delivery carries allow_paid_broadcast (up to 1,000 a second, paid). */
  paidBroadcast?: boolean;
}

/**
 * The outbound side: one delivered article, or one page of a digest, is one message in
 * HTML parse mode. An article with a picture is a photo with the card as its caption when
 * the card fits a caption (CAPTION_MAX), else a text card with the picture as a large
 * preview above it; a picture Telegram refuses (a broken URL, not an image) makes it a
 * text card. `/card` settings: previews of the article's page, and silent delivery.
 * Nothing here retries or waits: the core's delivery worker owns pacing (Telegram's
 * limits, src/delivery/limits.ts) and retries, so every failure is mapped to one of
 * the core's delivery errors and thrown straight back. The Api given should be one
 * without the replies' pacing (pacing.ts): the worker has paced the send already.
 */
export function createTelegramSender(api: Api, options: TelegramSenderOptions = {}): Sender {
  const paid = options.paidBroadcast === true ? { allow_paid_broadcast: true } : {};
  /**
   * A page of the core's (a digest page, a notice), rendered like a command's answer and
   * without buttons, as one message: a page the core should have split but did not is cut
   * to fit (renderReplyCut) rather than sent as two, since the worker counts pages sent.
   */
  async function sendPage(chatId: string, page: Reply, threadId: string | undefined, silent: boolean) {
    const [first, ...more] = renderReply(page);
    const html = first !== undefined && more.length === 0 ? first.html : renderReplyCut(page);
    try {
      const sent = await api.sendMessage(chatId, html, {
        parse_mode: 'HTML',
        link_preview_options: { is_disabled: true },
        ...(threadId !== undefined ? { message_thread_id: Number(threadId) } : {}),
        ...(silent ? { disable_notification: true } : {}),
        ...paid,
      });
      return { messageId: String(sent.message_id) };
    } catch (err) {
      throw deliveryErrorFor(err, threadId);
    }
  }
  return {
    platform: 'telegram',
    async send(message: DeliveryMessage) {
      const { chatId } = message.subscriber;
      const common = {
        parse_mode: 'HTML' as const,
        reply_markup: keyboardFor(message.buttons),
        ...(message.threadId !== undefined ? { message_thread_id: Number(message.threadId) } : {}),
        ...(message.silent === true ? { disable_notification: true } : {}),
        ...paid,
      };
      const card = cardMessage(message.article, message.locale);
      try {
        if ('photo' in card) {
          try {
            const sent = await api.sendPhoto(chatId, card.photo, { caption: card.caption, ...common });
            return { messageId: String(sent.message_id) };
          } catch (err) {
            // A picture Telegram could not fetch or read: the card goes out as text, never lost.
            if (!isImageRefusal(err)) throw err;
            const sent = await api.sendMessage(
              chatId,
              articleCardHtml(message.article, undefined, undefined, message.locale),
              {
                ...common,
                link_preview_options: articlePreview(message),
              },
            );
            return { messageId: String(sent.message_id) };
          }
        }
        const sent = await api.sendMessage(chatId, card.text, {
          ...common,
          // A card too long for a caption shows its picture as a large preview above the text.
          link_preview_options:
            card.picture !== null
              ? { url: card.picture, prefer_large_media: true, show_above_text: true }
              : articlePreview(message),
        });
        return { messageId: String(sent.message_id) };
      } catch (err) {
        throw deliveryErrorFor(err, message.threadId);
      }
    },
    /** A digest page, into the topic `/digest` was set in. */
    sendDigest: (message: DigestDeliveryMessage) =>
      sendPage(message.subscriber.chatId, message.page, message.threadId, message.silent === true),
    /** A notice goes to the chat itself: in a forum, the General topic. */
    sendNotice: (subscriber, notice) => sendPage(subscriber.chatId, notice, undefined, false),
    /**
     * A corrected card: its text edited in place (`editMessageText`), or its caption when
     * it went out as a photo (`editMessageCaption`, the card cut to a caption's length);
     * which one is learned from Telegram's answer. When the picture changed, a photo card
     * changes its photo too (`editMessageMedia`; a picture Telegram refuses leaves the old
     * one), and a text card shows the new one as its preview. A card already showing it
     * all is edited.
     */
    async editCard(message: DeliveryMessage, messageId: string, changes?: CardChanges) {
      const { chatId } = message.subscriber;
      const id = Number(messageId);
      const reply_markup = keyboardFor(message.buttons);
      const image = message.article.imageUrl ?? null;
      const caption = articleCardHtml(message.article, undefined, CAPTION_MAX, message.locale);
      const editText = () =>
        api.editMessageText(chatId, id, articleCardHtml(message.article, undefined, undefined, message.locale), {
          parse_mode: 'HTML',
          reply_markup,
          link_preview_options:
            image !== null ? { url: image, prefer_large_media: true, show_above_text: true } : articlePreview(message),
        });
      const editCaption = () => api.editMessageCaption(chatId, id, { caption, parse_mode: 'HTML', reply_markup });
      try {
        if (changes?.picture === true && image !== null) {
          try {
            await api.editMessageMedia(
              chatId,
              id,
              { type: 'photo', media: image, caption, parse_mode: 'HTML' },
              { reply_markup },
            );
            return;
          } catch (err) {
            // A text card shows the new picture as its preview; a refused picture leaves the old photo.
            if (err instanceof GrammyError && NO_MEDIA.test(err.description)) await editText();
            else if (isImageRefusal(err)) await editCaption();
            else throw err;
            return;
          }
        }
        try {
          await editText();
        } catch (err) {
          if (!(err instanceof GrammyError && NO_TEXT.test(err.description))) throw err;
          await editCaption();
        }
      } catch (err) {
        if (err instanceof GrammyError && NOT_MODIFIED.test(err.description)) return;
        throw cardUpdateErrorFor(err);
      }
    },
    /** Deletes a delivered card; Telegram deletes only messages under 48 hours old (the core leaves older ones). */
    async deleteCard(subscriber: DeliveryMessage['subscriber'], messageId: string) {
      try {
        await api.deleteMessage(subscriber.chatId, Number(messageId));
      } catch (err) {
        throw cardUpdateErrorFor(err);
      }
    },
    fits: fitsOneMessage,
  };
}

const NO_TEXT = /there is no text in the message to edit/iu;
const NO_MEDIA = /there is no media in the message to edit/iu;
const NOT_MODIFIED = /message is not modified/iu;
/** The message is gone or may not be changed any more: that update fails, the chat is not touched. */
const MESSAGE_GONE = /message to (?:edit|delete) not found|message can't be (?:edited|deleted)|MESSAGE_ID_INVALID/iu;

/** Telegram's refusals of an edit or delete as delivery errors: a message gone fails the update for good. */
function cardUpdateErrorFor(err: unknown): DeliveryError {
  if (err instanceof GrammyError && err.error_code === 400 && MESSAGE_GONE.test(err.description))
    return new PermanentDeliveryError('gone', err.description);
  return deliveryErrorFor(err);
}

/** Telegram's limit on a photo's caption, in characters after entity parsing (measured as MESSAGE_MAX is). */
export const CAPTION_MAX = 1024;

/**
 * How a delivered card goes out: a photo with the whole card as its caption when the
 * article has a picture and the card fits a caption, else a text message (with the
 * picture, if any, as a large preview above it). The sender and the newsroom's preview
 * (preview.ts) both ask here.
 */
export function cardMessage(
  article: ArticleView,
  locale?: Locale,
): { photo: string; caption: string } | { text: string; picture: string | null } {
  const image = article.imageUrl ?? null;
  if (image !== null) {
    const whole = articleCardHtml(article, undefined, Infinity, locale);
    if (visibleLength(whole) <= CAPTION_MAX) return { photo: image, caption: whole };
  }
  return { text: articleCardHtml(article, undefined, undefined, locale), picture: image };
}

/** The article page's preview when the chat turned previews on (`/card previews on`), else none. */
function articlePreview(message: DeliveryMessage): LinkPreviewOptions {
  const { url } = message.article;
  return message.linkPreviews === true && url !== null ? { url } : { is_disabled: true };
}

/** Telegram's answers for a picture it could not fetch or read (the URL, the page's type, the bytes). */
const IMAGE_REFUSED =
  /wrong file identifier|failed to get http url content|wrong type of the web page content|image_process_failed|photo_invalid|photo_save_file_invalid|webpage_curl_failed|webpage_media_empty/iu;

function isImageRefusal(err: unknown): boolean {
  return err instanceof GrammyError && err.error_code === 400 && IMAGE_REFUSED.test(err.description);
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
