/**
 * How a send failed, in the core's terms, modelled on grammY's split between "the
 * server answered with an error" and "no answer". Senders map platform errors onto
 * these; the worker decides what happens to the outbox row and the subscriber.
 */
export abstract class DeliveryError extends Error {
  abstract readonly kind: 'retry-later' | 'permanent' | 'transient' | 'chat-moved' | 'thread-closed';
}

/**
 * The platform asked us to slow down (HTTP 429). The row is resent after `retryAfterMs`
 * and the attempt is not counted as a failure. `global` means the whole platform
 * (Discord's global limit), not just this chat.
 */
export class RetryLaterError extends DeliveryError {
  readonly kind = 'retry-later';
  constructor(
    readonly retryAfterMs: number,
    readonly global = false,
    message = `rate limited; retry in ${retryAfterMs} ms`,
  ) {
    super(message);
  }
}

/**
 * The chat cannot receive messages and will not by itself: the user blocked the bot,
 * the bot was removed, the chat is gone. The subscriber is deactivated at once
 * (or paused, for missing permissions a moderator can fix), and the row fails.
 */
export class PermanentDeliveryError extends DeliveryError {
  readonly kind = 'permanent';
  constructor(
    readonly reason: 'blocked' | 'kicked' | 'gone' | 'forbidden' | 'missing-permissions' | 'dms-closed',
    message: string,
    /** `pause` keeps the follows and waits for a moderator to fix it; `deactivate` waits for the reader to come back. */
    readonly effect: 'deactivate' | 'pause' = 'deactivate',
    /** True for errors that are only permanent after repeats (Telegram's "chat not found"). */
    readonly confirmAfterRepeats = false,
    /** Shown in the chat the next time someone there uses a command: why deliveries stopped, how to fix it. */
    readonly notice: string | null = null,
  ) {
    super(message);
  }
}

/** A failure that may pass (5xx, a dropped connection): retried with backoff. */
export class TransientDeliveryError extends DeliveryError {
  readonly kind = 'transient';
}

/** The chat moved (a Telegram group upgraded to a supergroup): move the subscriber and resend. */
export class ChatMovedError extends DeliveryError {
  readonly kind = 'chat-moved';
  constructor(readonly newChatId: string) {
    super(`chat moved to ${newChatId}`);
  }
}

/**
 * The thread the row was sent to (a forum topic) cannot take messages: it was closed, or
 * deleted. That thread's route is paused, not the chat: the row is claimed again at once
 * and goes to the chat's next route for the article, or is skipped when none is left.
 */
export class ThreadClosedError extends DeliveryError {
  readonly kind = 'thread-closed';
  constructor(
    readonly threadId: string,
    readonly reason: 'closed' | 'deleted',
    message: string,
  ) {
    super(message);
  }
}
