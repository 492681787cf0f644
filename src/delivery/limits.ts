import { TELEGRAM_FREE_PER_SECOND, type Config } from '../config.ts';
import type { ChatKind, Platform } from '../domain/platform.ts';

/**
 * A platform's sending limits, as data. `overallPerSecond` spaces all sends of the
 * platform evenly; `perChatIntervalMs` is the least time between two sends to one chat,
 * by kind of chat.
 */
export interface PlatformLimits {
  overallPerSecond: number;
  perChatIntervalMs: Record<ChatKind, number>;
  /**
   * The ceiling for a message that cannot pay for a broadcast when the others do
   * (Telegram's edits while TELEGRAM_PAID_BROADCAST lifts the overall rate): such a
   * message may go only when the last second holds fewer than this many messages of any
   * kind, and these messages together keep to it too. Unset: no such class.
   */
  unpaidPerSecond?: number;
}

/**
 * Slack added to every pacing window (1 s overall, a chat's interval), in ms. A send
 * leaves when its slot is granted, but it reaches the platform after a latency that
 * varies (building the request, the connection pool, the network): two sends a second
 * apart here can land a few ms less than a second apart there. Measured over HTTP to a
 * local emulator on a busy machine: about 10 ms (bench/deliver-http.bench.ts reports it).
 */
export const PACE_GUARD_MS = 12;

/**
 * The even schedule runs this much slower again than the window cap allows (ms per
 * second), so that a send a timer made late can be caught up within the cap instead of
 * pushing its successors a second later for good. Together with PACE_GUARD_MS it costs
 * 2% of the rate.
 */
export const SCHEDULE_SLACK_MS = 8;

/** Telegram (bot FAQ): about one message a second to one chat. */
export const TELEGRAM_PRIVATE_INTERVAL_MS = 1000;
/** Telegram: at most 20 messages a minute to one group or channel. */
export const TELEGRAM_GROUP_INTERVAL_MS = 60_000 / 20;
/** Discord: a channel's message bucket allows 5 per 5 s; spacing them keeps clear of it. */
export const DISCORD_CHANNEL_INTERVAL_MS = 1000;
/** The console prints; it has no limit worth the name, but a runaway loop should not flood the terminal. */
export const CONSOLE_PER_SECOND = 1000;

/**
 * Each platform's limits, for deliveries and replies alike (one PlatformPacer per
 * platform and process, src/delivery/limiter.ts). The overall rates come from the
 * configuration: TELEGRAM_MAX_PER_SECOND (at most 30/s, Telegram's ceiling for free
 * broadcasts, or 1,000/s with TELEGRAM_PAID_BROADCAST; src/config.ts refuses more) and
 * DISCORD_MAX_PER_SECOND (Discord's global limit is 50 requests a second).
 */
export function limitsFor(platform: Platform, config: Config): PlatformLimits {
  switch (platform) {
    case 'telegram':
      return {
        overallPerSecond: config.telegram.maxPerSecond,
        perChatIntervalMs: {
          user: TELEGRAM_PRIVATE_INTERVAL_MS,
          group: TELEGRAM_GROUP_INTERVAL_MS,
          channel: TELEGRAM_GROUP_INTERVAL_MS,
        },
        // Edits take no allow_paid_broadcast: they keep to the free ceiling, counting the paid messages.
        ...(config.telegram.paidBroadcast ? { unpaidPerSecond: TELEGRAM_FREE_PER_SECOND } : {}),
      };
    case 'discord':
      return {
        overallPerSecond: config.discord.maxPerSecond,
        perChatIntervalMs: {
          user: DISCORD_CHANNEL_INTERVAL_MS,
          group: DISCORD_CHANNEL_INTERVAL_MS,
          channel: DISCORD_CHANNEL_INTERVAL_MS,
        },
      };
    case 'console':
      return { overallPerSecond: CONSOLE_PER_SECOND, perChatIntervalMs: { user: 0, group: 0, channel: 0 } };
  }
}
