import { DiscordAPIError, RESTJSONErrorCodes, Routes, type REST } from 'discord.js';
import type { Logger } from '../../src/index.ts';

/** The name the bot gives the webhook it makes in a channel; each card carries its own name. */
export const WEBHOOK_NAME = 'tagwire';
/** How long the bot does not try again to make a webhook in a channel that refused it (no Manage Webhooks), in ms. */
export const WEBHOOKS_REFUSED_MS = 30 * 60_000;
/** How many channels' webhooks to remember; the oldest is forgotten first. */
export const WEBHOOK_CACHE_SIZE = 10_000;

/** A channel's webhook the bot made: what executing it takes, and the channel it belongs to. */
export interface ChannelWebhook {
  id: string;
  token: string;
  channelId: string;
}

/** Where a channel's cards go through a webhook: its parent channel's webhook, for a thread, with the thread's id. */
export interface WebhookTarget extends ChannelWebhook {
  threadId?: string;
}

/**
 * A card posted through a webhook is stored as "WEBHOOK_ID/MESSAGE_ID" (the delivery's
 * message id), so that its edit and delete, maybe after a restart, go through the same
 * webhook: only a message's author may edit it.
 */
export function webhookMessageRef(webhookId: string, messageId: string): string {
  return `${webhookId}/${messageId}`;
}

export function parseWebhookMessageRef(stored: string): { webhookId: string; messageId: string } | null {
  const m = /^(\d+)\/(\d+)$/u.exec(stored);
  return m ? { webhookId: m[1] ?? '', messageId: m[2] ?? '' } : null;
}

export const isUnknownWebhook = (err: unknown): boolean =>
  err instanceof DiscordAPIError && err.code === RESTJSONErrorCodes.UnknownWebhook;

function webhookOf(value: unknown): (ChannelWebhook & { applicationId: string | null }) | null {
  if (typeof value !== 'object' || value === null) return null;
  const { id, token, channel_id: channelId, application_id: app } = value as Record<string, unknown>;
  if (typeof id !== 'string' || typeof token !== 'string' || typeof channelId !== 'string') return null;
  return { id, token, channelId, applicationId: typeof app === 'string' ? app : null };
}

/** Discord's thread channel types: announcement, public and private threads. */
const THREAD_TYPES = new Set([10, 11, 12]);

/** The parent of a thread, from a channel object; null for any other channel. */
function threadParentOf(channel: unknown): string | null {
  if (typeof channel !== 'object' || channel === null) return null;
  const { type, parent_id: parent } = channel as Record<string, unknown>;
  return typeof type === 'number' && THREAD_TYPES.has(type) && typeof parent === 'string' ? parent : null;
}

export interface WebhookDirectory {
  /**
   * The bot's webhook for a channel: remembered, else found among the channel's webhooks
   * (the one its application owns) or made; for a thread, its parent channel's, with the
   * thread's id. Null when the channel refuses (no Manage Webhooks, too many webhooks),
   * which is remembered for WEBHOOKS_REFUSED_MS: the card then comes from the bot itself.
   * Other failures throw.
   */
  forChannel(channelId: string): Promise<WebhookTarget | null>;
  /** A webhook by id, with its token (`GET /webhooks/{id}`), for a card's edit after a restart. */
  byId(webhookId: string): Promise<ChannelWebhook>;
  /** A webhook that answered Unknown Webhook (a moderator deleted it): found or made anew next time. */
  forget(webhookId: string): void;
}

/** Per-channel webhooks for `/identity` (Resources › Webhook); every request goes through `counted`. */
export function createWebhookDirectory(options: {
  rest: REST;
  applicationId: string;
  counted: <T>(answer: () => Promise<T>) => Promise<T>;
  logger: Logger;
}): WebhookDirectory {
  const { rest, counted, logger } = options;
  const byChannel = new Map<string, WebhookTarget>();
  const byId = new Map<string, ChannelWebhook>();
  const refused = new Map<string, number>();

  function remember(channelId: string, target: WebhookTarget): WebhookTarget {
    if (byChannel.size >= WEBHOOK_CACHE_SIZE) {
      const oldest = byChannel.keys().next();
      if (oldest.done !== true) byChannel.delete(oldest.value);
    }
    if (byId.size >= WEBHOOK_CACHE_SIZE) byId.clear();
    byChannel.set(channelId, target);
    byId.set(target.id, { id: target.id, token: target.token, channelId: target.channelId });
    return target;
  }

  /** The application's webhook of a channel that takes webhooks: found or made. */
  async function ownWebhook(channelId: string): Promise<ChannelWebhook> {
    const listed = await counted(() => rest.get(Routes.channelWebhooks(channelId)));
    const ours = (Array.isArray(listed) ? listed : [])
      .map(webhookOf)
      .find((w) => w !== null && w.applicationId === options.applicationId);
    if (ours) return { id: ours.id, token: ours.token, channelId: ours.channelId };
    const made = webhookOf(
      await counted(() => rest.post(Routes.channelWebhooks(channelId), { body: { name: WEBHOOK_NAME } })),
    );
    if (!made) throw new Error('Discord answered a new webhook without its id, token and channel');
    return { id: made.id, token: made.token, channelId: made.channelId };
  }

  return {
    async forChannel(channelId) {
      const cached = byChannel.get(channelId);
      if (cached) return cached;
      if ((refused.get(channelId) ?? 0) > Date.now()) return null;
      try {
        // A thread takes no webhook of its own: its parent's posts in it (?thread_id=).
        const parent = threadParentOf(await counted(() => rest.get(Routes.channel(channelId))));
        const hook = await ownWebhook(parent ?? channelId);
        return remember(channelId, parent === null ? hook : { ...hook, threadId: channelId });
      } catch (err) {
        if (err instanceof DiscordAPIError && (err.status === 403 || err.status === 400)) {
          refused.set(channelId, Date.now() + WEBHOOKS_REFUSED_MS);
          logger.info({ err, channelId }, 'discord: no webhook in this channel; its cards come from the bot itself');
          return null;
        }
        throw err;
      }
    },
    async byId(webhookId) {
      const cached = byId.get(webhookId);
      if (cached) return cached;
      const found = webhookOf(await counted(() => rest.get(Routes.webhook(webhookId))));
      if (!found) throw new Error('Discord answered a webhook without its token');
      const hook = { id: found.id, token: found.token, channelId: found.channelId };
      byId.set(hook.id, hook);
      return hook;
    },
    forget(webhookId) {
      byId.delete(webhookId);
      for (const [channel, hook] of byChannel) if (hook.id === webhookId) byChannel.delete(channel);
    },
  };
}
