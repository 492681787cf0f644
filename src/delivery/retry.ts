/** First retry after a transient failure. */
export const RETRY_BASE_MS = 2_000;
/** Longest wait between two attempts. */
export const RETRY_CAP_MS = 15 * 60_000;
/** "Chat not found" this many times in a row deactivates the chat. */
export const CONFIRM_PERMANENT_AFTER = 3;

/**
 * Exponential backoff with jitter: RETRY_BASE_MS · 2^(attempt-1), capped at RETRY_CAP_MS,
 * then scaled by a random factor in [0.5, 1) so that many rows failing together do not
 * all come back at the same instant.
 */
export function backoffMs(attempt: number, random: () => number = Math.random): number {
  const exponential = Math.min(RETRY_CAP_MS, RETRY_BASE_MS * 2 ** Math.max(0, attempt - 1));
  return Math.round(exponential * (0.5 + random() / 2));
}
