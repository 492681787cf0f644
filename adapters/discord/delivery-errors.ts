import { DiscordAPIError, HTTPError, RateLimitError, RESTJSONErrorCodes } from 'discord.js';
import {
  PermanentDeliveryError,
  RetryLaterError,
  TransientDeliveryError,
  type ChatKind,
  type DeliveryError,
  noticeOf,
} from '../../src/index.ts';

/**
 * Notices are stored as messages (noticeOf) and shown in the chat's language the next
 * time someone there uses a command.
 * Shown to the member the next time they use a command, after Discord refused to DM them (50007).
 */
export const DMS_CLOSED_NOTICE = noticeOf('discord-dms-closed');

/** Shown in the channel the next time a moderator uses /channel there, after 50001 or 50013. */
export function missingPermissionsNotice(code: number): string {
  return noticeOf(code === RESTJSONErrorCodes.MissingAccess ? 'discord-missing-access' : 'discord-missing-permissions');
}

const FORBIDDEN_NOTICE = noticeOf('discord-forbidden');

/** Discord's code for a forum post without a tag in a forum that requires one. */
export const FORUM_TAG_REQUIRED = 40067;

/**
 * Maps what @discordjs/rest threw on a delivery onto the core's delivery errors
 * (src/delivery/errors.ts), which decide whether the worker waits, retries, pauses or
 * deactivates the chat:
 * - RateLimitError (the sender's REST rejects on 429 instead of waiting) → retry later,
 *   after Discord's Retry-After, globally when Discord said so;
 * - 50007 cannot DM this user → the member's DM subscription is deactivated, with a notice;
 * - 10003 unknown channel, 10013 unknown user → deactivated: the target is gone;
 * - 50001 missing access, 50013 missing permissions → the channel is paused, with a notice
 *   telling its moderators what to grant;
 * - 50008 the channel takes no messages (it became a forum, say), 40067 the forum requires
 *   a tag the bot could not give → the channel is paused, with a notice saying what to do;
 * - another 403 → paused (a channel) or deactivated (a DM), but only after repeats;
 * - 5xx, timeouts, dropped connections, anything else → transient, retried with backoff.
 */
export function toDeliveryError(err: unknown, target: { kind: ChatKind }): DeliveryError {
  if (err instanceof RateLimitError) {
    return new RetryLaterError(
      Math.max(1, Math.ceil(err.retryAfter)),
      err.global,
      `rate limited on ${err.route}; retry in ${Math.ceil(err.retryAfter)} ms`,
    );
  }
  if (err instanceof DiscordAPIError) {
    const code = typeof err.code === 'number' ? err.code : Number.NaN;
    const message = `Discord ${err.status} ${err.code}: ${err.message}`;
    switch (code) {
      case RESTJSONErrorCodes.CannotSendMessagesToThisUser:
        return new PermanentDeliveryError('dms-closed', message, 'deactivate', false, DMS_CLOSED_NOTICE);
      case RESTJSONErrorCodes.UnknownChannel:
      case RESTJSONErrorCodes.UnknownUser:
        return new PermanentDeliveryError('gone', message, 'deactivate');
      case RESTJSONErrorCodes.MissingAccess:
      case RESTJSONErrorCodes.MissingPermissions:
        return target.kind === 'user'
          ? new PermanentDeliveryError('forbidden', message, 'deactivate', true)
          : new PermanentDeliveryError('missing-permissions', message, 'pause', false, missingPermissionsNotice(code));
      case RESTJSONErrorCodes.CannotSendMessagesInNonTextChannel:
        return new PermanentDeliveryError('forbidden', message, 'pause', false, noticeOf('discord-not-text-channel'));
      case FORUM_TAG_REQUIRED:
        return new PermanentDeliveryError('forbidden', message, 'pause', false, noticeOf('discord-forum-tag-required'));
      case RESTJSONErrorCodes.OpeningDirectMessagesTooFast:
        return new RetryLaterError(60_000, false, message);
      default:
        break;
    }
    if (err.status === 429) return new RetryLaterError(1000, false, message);
    if (err.status === 403) {
      return target.kind === 'user'
        ? new PermanentDeliveryError('forbidden', message, 'deactivate', true)
        : new PermanentDeliveryError('forbidden', message, 'pause', true, FORBIDDEN_NOTICE);
    }
    return new TransientDeliveryError(message);
  }
  if (err instanceof HTTPError) return new TransientDeliveryError(`Discord ${err.status}: ${err.message}`);
  if (err instanceof Error) return new TransientDeliveryError(`${err.name}: ${err.message}`);
  return new TransientDeliveryError(String(err));
}
