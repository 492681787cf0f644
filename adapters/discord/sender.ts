import { DiscordAPIError, REST, RESTJSONErrorCodes, Routes, type RESTPostAPIChannelMessageJSONBody } from 'discord.js';
import {
  PermanentDeliveryError,
  RetryLaterError,
  type DeliveryMessage,
  type DigestDeliveryMessage,
  type Logger,
  type SendResult,
  type Sender,
  type SenderIdentity,
} from '../../src/index.ts';
import { missingPermissionsNotice, toDeliveryError } from './delivery-errors.ts';
import { renderDelivery, renderDigestPage } from './delivery-message.ts';
import {
  availableTagsOf,
  chooseForumTags,
  forumPostBody,
  forumPostName,
  withMissingTags,
  type ForumTag,
} from './forum.ts';
import { fitsOneMessage } from './render.ts';
import { RequestWindow, type CountedRequest } from './request-window.ts';
import {
  createWebhookDirectory,
  isUnknownWebhook,
  parseWebhookMessageRef,
  webhookMessageRef,
  type WebhookDirectory,
} from './webhooks.ts';

/** How many user → DM channel ids to remember; the oldest is forgotten first. */
export const DM_CHANNEL_CACHE_SIZE = 10_000;

/** How long a forum's tag list is trusted before it is read again, in ms. */
export const FORUM_TAGS_TTL_MS = 5 * 60_000;
/** How long the bot does not try again to add tags to a forum that refused it (no Manage Channels), in ms. */
export const FORUM_TAGS_REFUSED_MS = 30 * 60_000;

/** The `id` of a Discord object in a REST answer. */
function idOf(value: unknown, what: string): string {
  if (typeof value === 'object' && value !== null && 'id' in value && typeof value.id === 'string') return value.id;
  throw new Error(`Discord answered without a ${what} id`);
}

/** The first message of a forum post Discord returned (its `message`), or undefined. */
function starterOf(thread: unknown): unknown {
  return typeof thread === 'object' && thread !== null && 'message' in thread ? thread.message : undefined;
}

/** A digest page's heading ("Daily digest, 5 March: 12 articles"), the name of its forum post. */
function digestTitle(message: DigestDeliveryMessage): string {
  const first = message.page.blocks[0];
  const text = message.page.heading ?? (first?.kind === 'paragraph' ? first.spans.map((sp) => sp.text).join('') : '');
  return text.trim() === '' ? `Digest ${message.pageNumber}/${message.pages}` : text;
}

/** How many embeds a message Discord returned has. */
function embedCount(value: unknown): number {
  if (typeof value !== 'object' || value === null || !('embeds' in value)) return 0;
  return Array.isArray(value.embeds) ? value.embeds.length : 0;
}

export interface DiscordSenderOptions {
  token: string;
  /** DISCORD_API_ROOT, without the version. */
  apiRoot: string;
  /**
   * DISCORD_MAX_PER_SECOND: the cap of the sender's RequestWindow (every request, DM-channel
   * opens included) and of the REST client's own global count, on top of the worker's pacing.
   */
  maxPerSecond: number;
  logger: Logger;
  /** DISCORD_APPLICATION_ID: recognises the webhooks the bot made (`/identity`); without it cards always come from the bot. */
  applicationId?: string;
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
 * behind the worker's back: a 429 (or a bucket its headers say is exhausted) rejects
 * with a RateLimitError at once (`rejectOnRateLimit`), which becomes a RetryLaterError
 * so the worker reschedules the row after Discord's Retry-After; 5xx answers and
 * timeouts are not retried here (`retries: 0`) but by the worker, with backoff. So a
 * delivery is never lost to the REST queue and never sent twice by it. Every request
 * also counts toward the sender's RequestWindow (request-window.ts: Discord's global
 * limit, DM-channel opens included).
 *
 * Without Embed Links in a channel, Discord posts the message without its embeds
 * (refusing it, 50013, only when nothing else is left): a card with nothing but
 * buttons. When the answer comes back with fewer embeds than were sent, the stripped
 * message is deleted and the delivery fails as missing permissions (the channel is
 * paused, and its moderators told to grant Embed Links).
 */
export function createDiscordSender(options: DiscordSenderOptions): DiscordSender {
  const rest = new REST({
    api: options.apiRoot,
    rejectOnRateLimit: () => true,
    retries: 0,
    globalRequestsPerSecond: options.maxPerSecond,
  }).setToken(options.token);
  const dmChannels = new Map<string, string>();
  const window = new RequestWindow(options.maxPerSecond);
  /** Each forum's tags as last read, and when. */
  const forumTags = new Map<string, { tags: ForumTag[]; at: number }>();
  /** Forums that refused the bot adding tags, until when. */
  const tagsRefused = new Map<string, number>();

  /** The request's answer, counted by the window until a second after it came back. */
  async function counted<T>(request: CountedRequest | undefined, answer: () => Promise<T>): Promise<T> {
    const counting = request ?? window.count();
    try {
      return await answer();
    } finally {
      counting.done();
    }
  }

  async function dmChannelFor(userId: string, request: CountedRequest | undefined): Promise<string> {
    const cached = dmChannels.get(userId);
    if (cached !== undefined) return cached;
    const opened = await counted(request, () => rest.post(Routes.userChannels(), { body: { recipient_id: userId } }));
    const channel = idOf(opened, 'DM channel');
    if (dmChannels.size >= DM_CHANNEL_CACHE_SIZE) {
      const oldest = dmChannels.keys().next();
      if (oldest.done !== true) dmChannels.delete(oldest.value);
    }
    dmChannels.set(userId, channel);
    return channel;
  }

  const webhooks: WebhookDirectory | null =
    options.applicationId === undefined
      ? null
      : createWebhookDirectory({
          rest,
          applicationId: options.applicationId,
          counted: (answer) => counted(undefined, answer),
          logger: options.logger,
        });

  /**
   * Executes the bot's webhook for a channel (`POST /webhooks/{id}/{token}?wait=true`,
   * with `?thread_id=` for a thread, through its parent's webhook) and returns the
   * message, or null when the channel gives the bot no webhook (no Manage Webhooks). A
   * webhook a moderator deleted (10015) is found or made anew, once.
   */
  async function executeWebhook(
    channelId: string,
    payload: Record<string, unknown>,
    request: CountedRequest | undefined,
  ): Promise<{ hookId: string; sent: unknown } | null> {
    if (!webhooks) return null;
    for (let attempt = 0; ; attempt++) {
      const target = await webhooks.forChannel(channelId);
      if (!target) return null;
      const query = new URLSearchParams({ wait: 'true' });
      if (target.threadId !== undefined) query.set('thread_id', target.threadId);
      try {
        const sent = await counted(attempt === 0 ? request : undefined, () =>
          rest.post(Routes.webhook(target.id, target.token), { body: payload, query, auth: false }),
        );
        return { hookId: target.id, sent };
      } catch (err) {
        if (!isUnknownWebhook(err) || attempt > 0) throw err;
        webhooks.forget(target.id);
      }
    }
  }

  /** A card's body under an identity: the name and picture, and no nonce (a webhook takes none). */
  function asIdentity(body: Record<string, unknown>, identity: SenderIdentity): Record<string, unknown> {
    const { nonce: _nonce, enforce_nonce: _enforce, ...card } = body;
    return {
      ...card,
      username: identity.name,
      ...(identity.avatarUrl === null ? {} : { avatar_url: identity.avatarUrl }),
    };
  }

  /**
   * A card (or digest page) to a channel or thread under its `/identity`, through the
   * bot's webhook, stored as the webhook's message (webhookMessageRef). Null when the
   * channel gives the bot no webhook: the caller posts as the bot.
   */
  async function postAs(
    subscriber: DeliveryMessage['subscriber'],
    deliveryId: number,
    body: RESTPostAPIChannelMessageJSONBody,
    identity: SenderIdentity,
  ): Promise<SendResult | null> {
    if (!webhooks || subscriber.kind === 'user') return null;
    const taken = window.take(1);
    if ('wait' in taken)
      throw new RetryLaterError(taken.wait, true, `Discord's global limit: room again in ${taken.wait} ms`);
    try {
      const done = await executeWebhook(subscriber.chatId, asIdentity({ ...body }, identity), taken.requests[0]);
      return done === null ? null : { messageId: webhookMessageRef(done.hookId, idOf(done.sent, 'message')) };
    } catch (err) {
      const mapped = toDeliveryError(err, { kind: subscriber.kind });
      options.logger.debug(
        { err, chatId: subscriber.chatId, delivery: deliveryId, mappedAs: mapped.kind },
        'discord webhook delivery failed',
      );
      throw mapped;
    } finally {
      for (const request of taken.requests) request.done();
    }
  }

  /** A message to a channel or DM: under the channel's identity where it has one and the bot may, else as the bot. */
  async function deliver(
    subscriber: DeliveryMessage['subscriber'],
    deliveryId: number,
    body: RESTPostAPIChannelMessageJSONBody,
    identity: SenderIdentity | undefined,
  ): Promise<SendResult> {
    const asIdentity = identity === undefined ? null : await postAs(subscriber, deliveryId, body, identity);
    return asIdentity ?? post(subscriber, deliveryId, body);
  }

  /** Posts one message to a subscriber's channel or DM; Discord's refusals become delivery errors. */
  async function post(
    subscriber: DeliveryMessage['subscriber'],
    deliveryId: number,
    body: RESTPostAPIChannelMessageJSONBody,
  ): Promise<SendResult> {
    const { chatId, kind } = subscriber;
    const opening = kind === 'user' && !dmChannels.has(chatId);
    const taken = window.take(opening ? 2 : 1);
    if ('wait' in taken)
      throw new RetryLaterError(taken.wait, true, `Discord's global limit: room again in ${taken.wait} ms`);
    const [first, second] = taken.requests;
    let channelId: string;
    let sent: unknown;
    try {
      channelId = kind === 'user' ? await dmChannelFor(chatId, opening ? second : undefined) : chatId;
      sent = await counted(first, () => rest.post(Routes.channelMessages(channelId), { body }));
    } catch (err) {
      const mapped = toDeliveryError(err, { kind });
      // A DM channel that vanished is reopened on the next attempt.
      if (kind === 'user' && mapped.kind !== 'retry-later') dmChannels.delete(chatId);
      options.logger.debug(
        { err, chatId, kind, delivery: deliveryId, mappedAs: mapped.kind },
        'discord delivery failed',
      );
      throw mapped;
    } finally {
      for (const request of taken.requests) request.done();
    }
    const messageId = idOf(sent, 'message');
    if (embedCount(sent) < (body.embeds?.length ?? 0)) return strippedEmbeds(channelId, messageId, deliveryId);
    return { messageId };
  }

  /** A forum's tags: cached for FORUM_TAGS_TTL_MS, else read with `GET /channels/{id}`. */
  async function tagsOf(forumId: string): Promise<ForumTag[]> {
    const cached = forumTags.get(forumId);
    if (cached && Date.now() - cached.at < FORUM_TAGS_TTL_MS) return cached.tags;
    const tags = availableTagsOf(await counted(undefined, () => rest.get(Routes.channel(forumId))));
    if (forumTags.size >= DM_CHANNEL_CACHE_SIZE) forumTags.clear();
    forumTags.set(forumId, { tags, at: Date.now() });
    return tags;
  }

  /**
   * Adds the followed tags a forum lacks to its tags (`PATCH /channels/{id}`, needs Manage
   * Channels), while it has room (20); returns the new list, or the old one when it may
   * not (remembered for FORUM_TAGS_REFUSED_MS) or Discord refused it.
   */
  async function addForumTags(forumId: string, tags: ForumTag[], missing: string[]): Promise<ForumTag[]> {
    const next = withMissingTags(tags, missing);
    if (next === null || (tagsRefused.get(forumId) ?? 0) > Date.now()) return tags;
    try {
      const updated = availableTagsOf(
        await counted(undefined, () => rest.patch(Routes.channel(forumId), { body: { available_tags: next } })),
      );
      forumTags.set(forumId, { tags: updated, at: Date.now() });
      return updated;
    } catch (err) {
      if (err instanceof DiscordAPIError && (err.status === 403 || err.status === 400))
        tagsRefused.set(forumId, Date.now() + FORUM_TAGS_REFUSED_MS);
      options.logger.info({ err, forumId }, 'could not add tags to a Discord forum; posting with the tags it has');
      return tags;
    }
  }

  /**
   * A card to a forum or media channel: a post (thread) named by the article's title, the
   * card its first message, tagged with the forum's tags for the followed tags (created
   * first where the bot may). The thread's id is the message id: Discord gives a forum
   * post's first message the thread's id.
   */
  async function postToForum(
    message: Pick<DeliveryMessage, 'subscriber' | 'deliveryId' | 'identity'> & { followedTags?: string[] },
    title: string,
    articleTags: readonly string[],
    card: RESTPostAPIChannelMessageJSONBody,
  ): Promise<SendResult> {
    const { chatId: forumId, kind } = message.subscriber;
    const taken = window.take(1);
    if ('wait' in taken)
      throw new RetryLaterError(taken.wait, true, `Discord's global limit: room again in ${taken.wait} ms`);
    let thread: unknown;
    try {
      let tags = await tagsOf(forumId);
      const followed = message.followedTags ?? [];
      let choice = chooseForumTags(tags, followed, articleTags);
      if (choice.missing.length > 0) {
        tags = await addForumTags(forumId, tags, choice.missing);
        choice = chooseForumTags(tags, followed, articleTags);
      }
      const body = forumPostBody(title, card, choice.applied);
      // Under the forum's /identity the post is the webhook's: started with thread_name.
      const viaHook =
        message.identity === undefined
          ? null
          : await executeWebhook(
              forumId,
              {
                ...asIdentity({ ...body.message }, message.identity),
                thread_name: body.name,
                ...(body.applied_tags ? { applied_tags: body.applied_tags } : {}),
              },
              taken.requests[0],
            );
      if (viaHook) return { messageId: webhookMessageRef(viaHook.hookId, idOf(viaHook.sent, 'message')) };
      thread = await counted(taken.requests[0], () => rest.post(Routes.threads(forumId), { body }));
    } catch (err) {
      const mapped = toDeliveryError(err, { kind });
      // A tag deleted meanwhile: read the forum's tags again on the next attempt.
      forumTags.delete(forumId);
      options.logger.debug(
        { err, chatId: forumId, delivery: message.deliveryId, mappedAs: mapped.kind },
        'discord forum post failed',
      );
      throw mapped;
    } finally {
      for (const request of taken.requests) request.done();
    }
    const threadId = idOf(thread, 'thread');
    if (embedCount(starterOf(thread)) < (card.embeds?.length ?? 0)) {
      // Without Embed Links the post would be a title over nothing: it goes, and the forum is paused.
      return strippedEmbeds(threadId, null, message.deliveryId);
    }
    return { messageId: threadId };
  }

  /** Discord dropped the embeds (no Embed Links): the card is deleted, the channel paused. */
  async function strippedEmbeds(channelId: string, messageId: string | null, deliveryId: number): Promise<never> {
    try {
      // A forum post (messageId null) goes whole: its thread.
      const route = messageId === null ? Routes.channel(channelId) : Routes.channelMessage(channelId, messageId);
      await counted(undefined, () => rest.delete(route));
    } catch (err) {
      options.logger.warn(
        { err, channelId, messageId, delivery: deliveryId },
        'could not delete a message without its embed',
      );
    }
    throw new PermanentDeliveryError(
      'missing-permissions',
      `Discord posted the message without its embed (no Embed Links in channel ${channelId})`,
      'pause',
      false,
      missingPermissionsNotice(RESTJSONErrorCodes.MissingPermissions),
    );
  }

  /** Where a delivered card lives: its channel (a DM's, a forum post's thread, or the channel) and message. */
  async function cardAt(
    subscriber: DeliveryMessage['subscriber'],
    messageId: string,
  ): Promise<{ channelId: string; messageId: string }> {
    if (subscriber.forum === true) return { channelId: messageId, messageId };
    if (subscriber.kind === 'user') return { channelId: await dmChannelFor(subscriber.chatId, undefined), messageId };
    return { channelId: subscriber.chatId, messageId };
  }

  /** Runs an edit or delete of a delivered card; a message (or its webhook) that is gone fails that update only. */
  async function changeCard(subscriber: DeliveryMessage['subscriber'], work: () => Promise<unknown>): Promise<void> {
    try {
      await counted(undefined, work);
    } catch (err) {
      if (err instanceof DiscordAPIError && (err.code === RESTJSONErrorCodes.UnknownMessage || isUnknownWebhook(err)))
        throw new PermanentDeliveryError('gone', `Discord ${err.status} ${err.code}: ${err.message}`);
      throw toDeliveryError(err, { kind: subscriber.kind });
    }
  }

  /** `?thread_id=` for a webhook's message in a thread of its channel (a forum post, a thread); none in the channel itself. */
  function threadQuery(hookChannelId: string, messageChannelId: string): URLSearchParams {
    return new URLSearchParams(messageChannelId === hookChannelId ? {} : { thread_id: messageChannelId });
  }

  /** The webhook a card was posted through, for its edit or delete. */
  async function webhooksFor(webhookId: string) {
    if (!webhooks) throw new Error('a card posted through a webhook, but the sender has no application id');
    return webhooks.byId(webhookId);
  }

  return {
    platform: 'discord',
    /** A corrected card, edited in place (`PATCH` of its message: embed, buttons, mentions; a message's flags stay). */
    async editCard(message, messageId) {
      const { nonce: _nonce, enforce_nonce: _enforce, flags: _flags, ...body } = renderDelivery(message);
      const viaWebhook = parseWebhookMessageRef(messageId);
      await changeCard(message.subscriber, async () => {
        const at = await cardAt(message.subscriber, viaWebhook?.messageId ?? messageId);
        if (viaWebhook) {
          // A card posted under the channel's identity is edited by its author, the webhook.
          const hook = await webhooksFor(viaWebhook.webhookId);
          await rest.patch(Routes.webhookMessage(hook.id, hook.token, at.messageId), {
            body,
            query: threadQuery(hook.channelId, at.channelId),
            auth: false,
          });
        } else {
          await rest.patch(Routes.channelMessage(at.channelId, at.messageId), { body });
        }
        // A forum post is named by the title: renamed with it (the bot owns its posts; a
        // webhook's it may rename only with Manage Threads, else the name stays).
        if (message.subscriber.forum === true) {
          try {
            await rest.patch(Routes.channel(at.channelId), { body: { name: forumPostName(message.article.title) } });
          } catch (err) {
            if (!(viaWebhook && err instanceof DiscordAPIError && err.code === RESTJSONErrorCodes.MissingPermissions))
              throw err;
            options.logger.info({ thread: at.channelId }, "discord: a webhook's forum post keeps its name");
          }
        }
      });
    },
    /**
     * Deletes a delivered card: its message; a forum post goes whole (its thread) where the
     * bot has Manage Threads, else its first message, the card, goes. A card posted under
     * the channel's identity is deleted through its webhook (by the bot itself, with
     * Manage Messages, once the webhook is gone).
     */
    async deleteCard(subscriber, messageId) {
      const viaWebhook = parseWebhookMessageRef(messageId);
      await changeCard(subscriber, async () => {
        const at = await cardAt(subscriber, viaWebhook?.messageId ?? messageId);
        if (subscriber.forum === true) {
          try {
            return await rest.delete(Routes.channel(at.channelId));
          } catch (err) {
            if (!(err instanceof DiscordAPIError && err.code === RESTJSONErrorCodes.MissingPermissions)) throw err;
          }
        }
        if (viaWebhook) {
          try {
            const hook = await webhooksFor(viaWebhook.webhookId);
            return await rest.delete(Routes.webhookMessage(hook.id, hook.token, at.messageId), {
              query: threadQuery(hook.channelId, at.channelId),
              auth: false,
            });
          } catch (err) {
            if (!isUnknownWebhook(err)) throw err;
          }
        }
        return rest.delete(Routes.channelMessage(at.channelId, at.messageId));
      });
    },
    send: (message) =>
      message.subscriber.forum === true
        ? postToForum(message, message.article.title, message.article.tags, renderDelivery(message))
        : deliver(message.subscriber, message.deliveryId, renderDelivery(message), message.identity),
    // A digest page in a forum is a post of its own too, named by the page's heading.
    sendDigest: (message) =>
      message.subscriber.forum === true
        ? postToForum(message, digestTitle(message), [], renderDigestPage(message))
        : deliver(message.subscriber, message.deliveryId, renderDigestPage(message), message.identity),
    fits: fitsOneMessage,
    close() {
      rest.clearHashSweeper();
      rest.clearHandlerSweeper();
    },
  };
}
