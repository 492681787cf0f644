import { run, type RunnerHandle } from '@grammyjs/runner';
import { Api, Bot } from 'grammy';
import type { AddressInfo } from 'node:net';
import type { Adapter, AdapterFactory, AdapterHost } from '../../src/index.ts';
import { registerCommandMenus } from './bot-commands.ts';
import { ALLOWED_UPDATES, installInbound } from './inbound.ts';
import { installReplyPacing } from './pacing.ts';
import { createTelegramSender } from './sender.ts';
import { derivedWebhookSecret, startWebhookServer, type WebhookServer } from './webhook.ts';
import { telegramCardPreviewer } from './preview.ts';

/**
 * The Telegram adapter (grammY). Long polling by default, through @grammyjs/runner so
 * updates are handled concurrently (in order per chat); webhook mode when
 * TELEGRAM_WEBHOOK_URL is set. `start` makes Telegram's side match the configuration:
 * it sets the webhook, or deletes it before polling (getUpdates fails while one is set).
 */

/** Long-poll timeout for getUpdates, in seconds. */
export const LONG_POLL_SECONDS = 30;
/**
 * How long one Bot API request may take before it counts as failed (grammY's default is
 * 500 s). Above LONG_POLL_SECONDS, and well under the delivery lease
 * (DELIVERY_LEASE_SECONDS, 60 by default), so a hung send is given up on before another
 * worker could claim and repeat it.
 */
export const API_TIMEOUT_SECONDS = 40;
/** On stop, replies still waiting for a slot of Telegram's pace after this long give up. */
export const STOP_REPLIES_AFTER_MS = 2_000;

export interface TelegramAdapterOptions {
  /** Listen for the webhook here instead of PORT (tests pass 0 for a free port). */
  webhookPort?: number;
  webhookHost?: string;
}

export interface TelegramAdapter extends Adapter {
  readonly bot: Bot;
  /** The webhook server's address while running in webhook mode, else null. */
  webhookAddress(): AddressInfo | null;
}

export function createTelegramAdapter(host: AdapterHost, options: TelegramAdapterOptions = {}): TelegramAdapter {
  const { config, core, logger } = host;
  const settings = config.telegram;
  if (settings.token === undefined) throw new Error('The Telegram adapter needs TELEGRAM_BOT_TOKEN.');
  const token = settings.token;
  const client = { apiRoot: settings.apiRoot, timeoutSeconds: API_TIMEOUT_SECONDS };
  const bot = new Bot(token, { client });
  // Replies, edits and paging wait for their slot of Telegram's pace, ahead of deliveries.
  const stopping = new AbortController();
  installReplyPacing(bot.api, host.pacing('telegram'), {
    paidBroadcast: settings.paidBroadcast,
    stopped: stopping.signal,
  });
  // The runner retries failed getUpdates calls by itself, silently (`silent: true` keeps
  // it off the console): say so in our logs, where an operator looks.
  bot.api.config.use(async (prev, method, payload, signal) => {
    try {
      const result = await prev(method, payload, signal);
      if (method === 'getUpdates' && !result.ok)
        logger.warn(
          { code: result.error_code, description: result.description },
          'telegram: getUpdates failed; retrying',
        );
      return result;
    } catch (err) {
      if (method === 'getUpdates' && signal?.aborted !== true)
        logger.warn({ err }, 'telegram: getUpdates failed; retrying');
      throw err;
    }
  });
  const updates = installInbound(bot, { core, logger });
  // Deliveries are paced by the worker: their Api has no reply pacing.
  const sender = createTelegramSender(new Api(token, client), { paidBroadcast: settings.paidBroadcast });
  let runner: RunnerHandle | null = null;
  let webhook: WebhookServer | null = null;

  async function startPolling(): Promise<void> {
    await bot.api.deleteWebhook({ drop_pending_updates: false });
    const handle = run(bot, {
      runner: { fetch: { timeout: LONG_POLL_SECONDS, allowed_updates: ALLOWED_UPDATES }, silent: true },
    });
    runner = handle;
    void handle.task()?.catch((err: unknown) => {
      logger.error(
        { err },
        'telegram: polling stopped after an error it cannot recover from (another instance running? a webhook set elsewhere?)',
      );
    });
  }

  async function startWebhook(url: string): Promise<void> {
    const secret = settings.webhookSecret ?? derivedWebhookSecret(token);
    webhook = await startWebhookServer({
      port: options.webhookPort ?? settings.port,
      host: options.webhookHost,
      path: new URL(url).pathname,
      secret,
      logger,
      handle: (update) =>
        bot.handleUpdate(update).catch((err: unknown) => {
          logger.error({ err, update: update.update_id }, 'telegram: update handling failed');
        }),
    });
    await bot.api.setWebhook(url, {
      secret_token: secret,
      allowed_updates: ALLOWED_UPDATES,
      drop_pending_updates: false,
    });
  }

  /** Tells Telegram which updates were handled, so a restart does not get them again. */
  async function confirmHandled(): Promise<void> {
    const last = updates.lastUpdateId();
    if (last === null) return;
    try {
      await bot.api.getUpdates({ offset: last + 1, limit: 1, timeout: 0 });
    } catch (err) {
      logger.warn({ err }, 'telegram: could not confirm the last updates; some may be handled again after a restart');
    }
  }

  return {
    platform: 'telegram',
    sender,
    bot,
    webhookAddress: () => webhook?.address() ?? null,
    async start() {
      await bot.init();
      const me = bot.botInfo;
      try {
        await registerCommandMenus(bot.api, core.commands, settings.adminIds, logger);
      } catch (err) {
        logger.warn({ err }, 'telegram: could not set the command menus');
      }
      if (settings.webhookUrl !== undefined) await startWebhook(settings.webhookUrl);
      else await startPolling();
      logger.info(
        { bot: `@${me.username}`, id: me.id, mode: settings.webhookUrl === undefined ? 'polling' : 'webhook' },
        `telegram: running as @${me.username}`,
      );
      if (!me.supports_inline_queries)
        logger.info(
          'telegram: inline mode is off; enable it with /setinline in @BotFather to let people search from any chat',
        );
    },
    async stop() {
      const giveUp = setTimeout(() => stopping.abort(), STOP_REPLIES_AFTER_MS);
      try {
        const polling = runner;
        runner = null;
        await polling?.stop();
        const server = webhook;
        webhook = null;
        await server?.close();
        await updates.idle();
        if (polling) await confirmHandled();
      } finally {
        clearTimeout(giveUp);
        stopping.abort();
      }
    },
  };
}

export const telegramAdapterFactory: AdapterFactory = {
  platform: 'telegram',
  isConfigured: (config) => config.telegram.token !== undefined,
  create: (host) => createTelegramAdapter(host),
  cardPreviewer: telegramCardPreviewer,
};
