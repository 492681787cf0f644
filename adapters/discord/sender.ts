import { REST, Routes, type RESTPostAPIChannelMessageJSONBody } from 'discord.js';
import type { DeliveryMessage, Logger, SendResult, Sender } from '../../src/index.ts';
import { toDeliveryError } from './delivery-errors.ts';
import { renderDelivery, renderDigestPage } from './delivery-message.ts';
import { fitsOneMessage } from './render.ts';

/** How many user → DM channel ids to remember; the oldest is forgotten first. */
export const DM_CHANNEL_CACHE_SIZE = 10_000;

/** The `id` of a Discord object in a REST answer. */
function idOf(value: unknown, what: string): string {
  if (typeof value === 'object' && value !== null && 'id' in value && typeof value.id === 'string') return value.id;
  throw new Error(`Discord answered without a ${what} id`);
}

export interface DiscordSenderOptions {
  token: string;
  /** DISCORD_API_ROOT, without the version. */
  apiRoot: string;
  /** DISCORD_MAX_PER_SECOND: the REST client's own global cap, on top of the worker's pacing. */
  maxPerSecond: number;
  logger: Logger;
}

export interface DiscordSender extends Sender {
  /** Stops the REST client's sweep timers. */
  close(): void;
}

/**
 * Sends deliveries (article cards and digest pages) over REST only (no gateway needed):
 * channel subscriptions with `POST /channels/{id}/messages`, DM subscriptions (chat id =
 * user id) through the DM channel opened with `POST /users/@me/channels` and cached.
 * Both kinds go through one path, so they fail alike (delivery-errors.ts). `fits` says
 * whether a reply renders whole as one message (render.ts), for splitting digests.
 *
 * The REST client is the sender's own, configured so that it never waits or retries
 * behind the worker's back: a 429 (or a bucket known to be exhausted) rejects with a
 * RateLimitError at once (`rejectOnRateLimit`), which becomes a RetryLaterError so the
 * worker reschedules the row after Discord's Retry-After; 5xx answers and timeouts are
 * not retried here (`retries: 0`) but by the worker, with backoff. So a delivery is
 * never lost to the REST queue and never sent twice by it.
 */
export function createDiscordSender(options: DiscordSenderOptions): DiscordSender {
  const rest = new REST({
    api: options.apiRoot,
    rejectOnRateLimit: () => true,
    retries: 0,
    globalRequestsPerSecond: options.maxPerSecond,
  }).setToken(options.token);
  const dmChannels = new Map<string, string>();

  async function dmChannelFor(userId: string): Promise<string> {
    const cached = dmChannels.get(userId);
    if (cached !== undefined) return cached;
    const channel = idOf(await rest.post(Routes.userChannels(), { body: { recipient_id: userId } }), 'DM channel');
    if (dmChannels.size >= DM_CHANNEL_CACHE_SIZE) {
      const oldest = dmChannels.keys().next();
      if (oldest.done !== true) dmChannels.delete(oldest.value);
    }
    dmChannels.set(userId, channel);
    return channel;
  }

  /** Posts one message to a subscriber's channel or DM; Discord's refusals become delivery errors. */
  async function post(
    subscriber: DeliveryMessage['subscriber'],
    deliveryId: number,
    body: RESTPostAPIChannelMessageJSONBody,
  ): Promise<SendResult> {
    const { chatId, kind } = subscriber;
    try {
      const channelId = kind === 'user' ? await dmChannelFor(chatId) : chatId;
      const sent = await rest.post(Routes.channelMessages(channelId), { body });
      return { messageId: idOf(sent, 'message') };
    } catch (err) {
      const mapped = toDeliveryError(err, { kind });
      // A DM channel that vanished is reopened on the next attempt.
      if (kind === 'user' && mapped.kind !== 'retry-later') dmChannels.delete(chatId);
      options.logger.debug(
        { err, chatId, kind, delivery: deliveryId, mappedAs: mapped.kind },
        'discord delivery failed',
      );
      throw mapped;
    }
  }

  return {
    platform: 'discord',
    send: (message) => post(message.subscriber, message.deliveryId, renderDelivery(message)),
    sendDigest: (message) => post(message.subscriber, message.deliveryId, renderDigestPage(message)),
    fits: fitsOneMessage,
    close() {
      rest.clearHashSweeper();
      rest.clearHandlerSweeper();
    },
  };
}
