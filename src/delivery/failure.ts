import type { CoreDeps } from '../app/deps.ts';
import { deactivateChat } from '../app/subscriptions.ts';
import { threadLabel, threadPausedNotice } from '../app/threads.ts';
import type { ClaimedDelivery } from '../storage/outbox-store.ts';
import { ChatMovedError, PermanentDeliveryError, RetryLaterError, ThreadClosedError } from './errors.ts';
import type { Pacer } from './shared-limiter.ts';
import { backoffMs, CONFIRM_PERMANENT_AFTER } from './retry.ts';

/** What became of a row whose send threw. */
export type FailureOutcome =
  | 'rate-limited'
  | 'moved'
  | 'retrying'
  | 'failed'
  | 'deactivated'
  | 'paused'
  /** A thread's route paused just now: the chat should be told (the worker posts the stored notice). */
  | 'route-paused'
  | 'rerouted';

export interface FailureInput {
  deps: CoreDeps;
  row: ClaimedDelivery;
  err: unknown;
  limiter: Pacer;
  random?: (() => number) | undefined;
}

/**
 * Maps a failed send to what happens next, in the core's terms (src/delivery/errors.ts):
 * - RetryLaterError (429): the chat (or, when global, the platform) is slowed for the
 *   time given and the row resent then; not an attempt, so rate limits never fail a row;
 * - ChatMovedError: the subscriber moves to the new chat id and the row is resent at once;
 * - ThreadClosedError: that thread's route is paused (the chat is told why, once: the
 *   notice is stored, and the worker posts it in the chat) and the row is claimed again
 *   at once, for the chat's next route or to be skipped;
 * - PermanentDeliveryError: the row fails with the reason and the subscriber is
 *   deactivated (its pending rows skipped) or paused; "only after repeats" errors count
 *   toward CONFIRM_PERMANENT_AFTER first and are retried meanwhile;
 * - anything else is transient: retried with exponential backoff and jitter until
 *   DELIVERY_MAX_ATTEMPTS attempts, then the row fails with the last reason.
 */
export async function recordDeliveryFailure({
  deps,
  row,
  err,
  limiter,
  random,
}: FailureInput): Promise<FailureOutcome> {
  const { outbox, subscribers } = deps.stores;
  const message = (err instanceof Error ? err.message : String(err)).slice(0, 500) || 'unknown error';
  const at = deps.clock.now().getTime();
  const attempt = row.attempts + 1;
  if (err instanceof RetryLaterError) {
    limiter.penalize(row.chatId, err.retryAfterMs, err.global);
    await outbox.reschedule(row.id, at + err.retryAfterMs, message, false, at);
    deps.logger.warn(
      { delivery: row.id, chat: row.chatId, retryAfterMs: err.retryAfterMs, global: err.global },
      'rate limited by platform',
    );
    return 'rate-limited';
  }
  if (err instanceof ChatMovedError) {
    await subscribers.moveChat(row.platform, row.chatId, err.newChatId, at);
    await outbox.reschedule(row.id, at, message, false, at);
    deps.logger.info({ from: row.chatId, to: err.newChatId }, 'chat moved; resending there');
    return 'moved';
  }
  if (err instanceof ThreadClosedError) {
    const paused = await deps.stores.threads.pause(row.subscriberId, err.threadId, `${err.reason}: ${message}`, at);
    if (paused) {
      const thread = (await deps.stores.threads.list(row.subscriberId)).find((t) => t.threadId === err.threadId);
      await subscribers.setNotice(row.subscriberId, threadPausedNotice(threadLabel(thread, err.threadId), err.reason));
    }
    await outbox.reschedule(row.id, at, message, false, at);
    deps.logger.warn(
      { delivery: row.id, chat: row.chatId, thread: err.threadId, reason: err.reason },
      'thread closed; its route is paused',
    );
    return paused ? 'route-paused' : 'rerouted';
  }
  if (err instanceof PermanentDeliveryError) {
    if (err.confirmAfterRepeats && (await subscribers.addFailure(row.subscriberId)) < CONFIRM_PERMANENT_AFTER) {
      await outbox.reschedule(row.id, at + backoffMs(attempt, random), message, true, at);
      deps.logger.warn(
        { delivery: row.id, chat: row.chatId, reason: err.reason },
        'delivery failed; permanent if it repeats',
      );
      return 'retrying';
    }
    await outbox.markFailed(row.id, `${err.reason}: ${message}`, at);
    if (err.notice !== null) await subscribers.setNotice(row.subscriberId, err.notice);
    if (err.effect === 'pause') {
      await subscribers.setStatus(row.subscriberId, 'paused', `${err.reason}: ${message}`, at);
    } else {
      await deactivateChat(deps, row.platform, row.chatId, err.reason);
    }
    deps.logger.warn(
      { delivery: row.id, chat: row.chatId, reason: err.reason, effect: err.effect },
      'permanent delivery failure',
    );
    return err.effect === 'pause' ? 'paused' : 'deactivated';
  }
  if (attempt >= deps.config.delivery.maxAttempts) {
    await outbox.markFailed(row.id, message, at);
    deps.logger.error(
      { delivery: row.id, chat: row.chatId, attempts: attempt, err: message },
      'delivery failed for good',
    );
    return 'failed';
  }
  await outbox.reschedule(row.id, at + backoffMs(attempt, random), message, true, at);
  deps.logger.warn({ delivery: row.id, chat: row.chatId, attempt, err: message }, 'delivery failed; will retry');
  return 'retrying';
}
