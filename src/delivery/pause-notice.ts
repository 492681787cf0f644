import { setTimeout as sleep } from 'node:timers/promises';
import type { CoreDeps } from '../app/deps.ts';
import { noticeReply } from '../domain/reply.ts';
import { localeOr, noticeText } from '../i18n/index.ts';
import type { Sender } from '../ports/sender.ts';
import type { ClaimedDelivery } from '../storage/outbox-store.ts';
import { RetryLaterError } from './errors.ts';
import type { Pacer } from './shared-limiter.ts';

/** A paused route's notice waits at most this long for the chat's pace (a group's interval is 3 s). */
export const NOTICE_MAX_WAIT_MS = 5_000;

export interface PauseNoticeInput {
  deps: CoreDeps;
  row: ClaimedDelivery;
  sender: Sender;
  limiter: Pacer;
  /** Aborted when the worker stops. */
  signal: AbortSignal;
}

/**
 * A route of the chat (a forum topic) paused just now because a send there was refused:
 * the notice stored for the chat (src/delivery/failure.ts) is posted in the chat itself
 * (Telegram's General topic, where the group's admins read), at the chat's pace, and
 * cleared once posted. A notice that cannot go (the chat refuses it, the pace would hold
 * the lane too long, the worker stops) stays stored and shows above the chat's next
 * reply, so it is never lost. Returns whether it was posted.
 */
export async function postPauseNotice({ deps, row, sender, limiter, signal }: PauseNoticeInput): Promise<boolean> {
  if (!sender.sendNotice) return false;
  const sub = await deps.stores.subscribers.find(row.platform, row.chatId);
  const notice = sub?.notice;
  if (!sub || !notice) return false;
  for (let waited = 0; ;) {
    const wait = limiter.reserve(row.chatId, row.kind);
    if (wait === 0) break;
    waited += wait;
    if (waited > NOTICE_MAX_WAIT_MS) return false;
    try {
      await sleep(wait, undefined, { signal });
    } catch {
      return false; // stopping
    }
  }
  const subscriber = { id: sub.id, platform: row.platform, chatId: row.chatId, kind: row.kind };
  try {
    await sender.sendNotice(subscriber, noticeReply(noticeText(notice, localeOr(sub.language))));
  } catch (err) {
    if (err instanceof RetryLaterError) limiter.penalize(row.chatId, err.retryAfterMs, err.global);
    deps.logger.warn(
      { err, chat: row.chatId },
      "could not post a paused route's notice; it shows at the chat's next command",
    );
    return false;
  }
  await deps.stores.subscribers.clearNotice(sub.id, notice);
  return true;
}
