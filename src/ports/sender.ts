import type { ChatKind, Platform } from '../domain/platform.ts';
import type { ArticleView, Button } from '../domain/reply.ts';

/** One article to one chat, as the delivery worker hands it to a platform's sender. */
export interface DeliveryMessage {
  /** The outbox row id: stable across retries, usable as an idempotency key. */
  deliveryId: number;
  subscriber: {
    id: number;
    platform: Platform;
    chatId: string;
    kind: ChatKind;
  };
  article: ArticleView;
  /** Role ids to mention (Discord channel subscriptions); empty means mention no one. */
  mentionRoleIds: string[];
  buttons: Button[][];
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
}
