import type { Config } from '../config.ts';
import type { ChatKind, Platform } from '../domain/platform.ts';

/**
 * A platform's sending limits, as data. `overallPerSecond` spaces all sends of the
 * platform evenly; `perChatIntervalMs` is the least time between two sends to one chat,
 * by kind of chat.
 */
export interface PlatformLimits {
  overallPerSecond: number;
  perChatIntervalMs: Record<ChatKind, number>;
}

/**
 * Telegram (bot FAQ): about 1 message a second to one chat, at most 20 a minute to a
 * group or channel (one every 3 s), and an overall rate (TELEGRAM_MAX_PER_SECOND, 30/s
 * being the documented ceiling for free broadcasts).
 * Discord: 50 requests a second overall; a channel's message bucket allows 5 per 5 s.
 * The console has no limits worth the name.
 */
export function limitsFor(platform: Platform, config: Config): PlatformLimits {
  switch (platform) {
    case 'telegram':
      return { overallPerSecond: config.telegram.maxPerSecond, perChatIntervalMs: { user: 1000, group: 3000, channel: 3000 } };
    case 'discord':
      return { overallPerSecond: config.discord.maxPerSecond, perChatIntervalMs: { user: 1000, group: 1000, channel: 1000 } };
    case 'console':
      return { overallPerSecond: 1000, perChatIntervalMs: { user: 0, group: 0, channel: 0 } };
  }
}
