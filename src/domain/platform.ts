export const PLATFORMS = ['console', 'telegram', 'discord'] as const;
export type Platform = (typeof PLATFORMS)[number];

/** A subscriber is a chat: a person's private chat or DM, a group, or a channel. */
export type ChatKind = 'user' | 'group' | 'channel';

export type SubscriberStatus = 'active' | 'deactivated' | 'paused';

export function isPlatform(value: string): value is Platform {
  return (PLATFORMS as readonly string[]).includes(value);
}

/**
 * How old a delivered message may be for the platform to delete it: Telegram deletes a
 * message only when it was sent less than 48 hours ago (Bot API, deleteMessage). Discord
 * and the console have no such limit.
 */
export const DELETE_MAX_AGE_MS: Partial<Record<Platform, number>> = { telegram: 48 * 60 * 60 * 1000 };
