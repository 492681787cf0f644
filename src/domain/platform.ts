export const PLATFORMS = ['console', 'telegram', 'discord'] as const;
export type Platform = (typeof PLATFORMS)[number];

/** A subscriber is a chat: a person's private chat or DM, a group, or a channel. */
export type ChatKind = 'user' | 'group' | 'channel';

export type SubscriberStatus = 'active' | 'deactivated' | 'paused';

export function isPlatform(value: string): value is Platform {
  return (PLATFORMS as readonly string[]).includes(value);
}
