import type { ChatKind, Platform } from '../domain/platform.ts';
import type { SenderIdentity } from '../domain/identity.ts';
import type { ArticleView, Button, Reply } from '../domain/reply.ts';
import type { Locale } from '../i18n/index.ts';

/** What a correction changed of a delivered card, beyond its text. */
export interface CardChanges {
  /** The article's picture changed: a photo card changes its photo. */
  picture?: boolean;
}

/** One article to one chat, as the delivery worker hands it to a platform's sender. */
export interface DeliveryMessage {
  /** The outbox row id: stable across retries, usable as an idempotency key. */
  deliveryId: number;
  subscriber: {
    id: number;
    platform: Platform;
    chatId: string;
    kind: ChatKind;
    /** A Discord forum or media channel: the article becomes a post (thread) of its own, named by its title. */
    forum?: boolean;
  };
  /**
   * The article; its `summary` is the text the chat's card style shows under the title
   * (`/card`: empty for headline, the summary, or the first paragraphs for full).
   */
  article: ArticleView;
  /** The chat's `/card previews`: a card without a picture shows the article page's link preview. */
  linkPreviews?: boolean;
  /** The chat's `/card silent`: deliver without a notification sound. */
  silent?: boolean;
  /** The chat's `/identity`: the name and picture to post under where the platform can (a Discord channel's webhook). */
  identity?: SenderIdentity;
  /** Role ids to mention (Discord channel subscriptions); empty means mention no one. */
  mentionRoleIds: string[];
  /** The article's tags this chat follows, in the article's order (a forum post's tags are chosen from them). */
  followedTags?: string[];
  /** The thread of the chat to post in (a Telegram forum topic's message_thread_id); absent: the chat itself. */
  threadId?: string;
  buttons: Button[][];
  /** The chat's language, for the card's labels and date (the buttons come translated); English when absent. */
  locale?: Locale;
}

/**
 * One page of a digest to one chat: a reply (src/domain/digest.ts builds it) that the
 * sender renders like a command's answer, as a plain message that mentions no one.
 */
export interface DigestDeliveryMessage {
  /** The outbox row carrying the digest (its oldest article's). */
  deliveryId: number;
  subscriber: DeliveryMessage['subscriber'];
  /** The thread of the chat the digest goes to (the forum topic `/digest` was set in); absent: the chat itself. */
  threadId?: string;
  page: Reply;
  /** The chat's `/card silent`: deliver without a notification sound. */
  silent?: boolean;
  /** The chat's `/identity`, as for cards. */
  identity?: SenderIdentity;
  /** 1-based, of `pages`. */
  pageNumber: number;
  pages: number;
}

export interface SendResult {
  /** The platform's id of the sent message. */
  messageId: string;
}

/**
 * Outbound side of an adapter. `send` resolves when the platform accepted the message,
 * and otherwise throws one of the delivery errors in src/delivery/errors.ts so the
 * worker knows whether to wait, retry, move the chat, or give up on the subscriber.
 * Any other thrown value counts as transient.
 */
export interface Sender {
  readonly platform: Platform;
  send(message: DeliveryMessage): Promise<SendResult>;
  /** Sends one digest page; errors as for `send`. */
  sendDigest(message: DigestDeliveryMessage): Promise<SendResult>;
  /**
   * Edits a delivered card in place to show `message` (the article as it is now, after a
   * correction); `messageId` is what `send` returned. A card already showing it counts as
   * edited. Errors as for `send`; one whose message is gone is a PermanentDeliveryError.
   * Absent when the platform cannot edit.
   */
  editCard?(message: DeliveryMessage, messageId: string, changes?: CardChanges): Promise<void>;
  /**
   * Posts a notice in the chat itself (its main thread, never a forum topic), rendered like
   * a command's answer: that a route of the chat paused, and why. Errors as for `send`.
   * Absent on platforms whose threads the worker never pauses.
   */
  sendNotice?(subscriber: DeliveryMessage['subscriber'], notice: Reply): Promise<SendResult>;
  /** Deletes a delivered card (`/delete ID everywhere`); errors as for editCard. Absent when the platform cannot. */
  deleteCard?(subscriber: DeliveryMessage['subscriber'], messageId: string): Promise<void>;
  /**
   * Whether a reply fits in one message of this platform once rendered (text length
   * after markup, embed limits). The core splits digests with it.
   */
  fits(reply: Reply): boolean;
}
