import { msg, UserInputError } from './errors.ts';
import type { ChatKind, Platform } from './platform.ts';
import { codePointLength, foldSpaces, hasLineControl } from './text.ts';
import { MAX_URL_LENGTH } from './article.ts';
import { normalizeUrl } from './urls.ts';

/**
 * The name and picture a chat's cards are posted under (`/identity`), where the platform
 * lets a bot post under another name: a Discord server channel, through a webhook the
 * bot manages. Elsewhere cards come from the bot itself.
 */
export interface SenderIdentity {
  name: string;
  /** An http(s) address of the picture; null: the platform's default picture. */
  avatarUrl: string | null;
}

/** Discord's limit on a webhook's name (and on the name a message is posted under). */
export const IDENTITY_NAME_MAX = 80;

/**
 * What Discord refuses in such a name (its username rules, and two words of its own a
 * webhook may not use): checked here so the admin hears it now, not at the next delivery.
 */
const FORBIDDEN_PARTS = ['discord', 'clyde', '@', '#', ':', '```'] as const;
const FORBIDDEN_NAMES = new Set(['everyone', 'here']);

/** Whether a chat of this platform and kind can post under a name of its own. */
export function canPostAsIdentity(platform: Platform, kind: ChatKind): boolean {
  return platform === 'discord' && kind !== 'user';
}

/**
 * Reads `/identity NAME [PICTURE_URL]`: the name, and a picture when the last word is an
 * address (which must be http or https). Throws UserInputError saying what is wrong.
 */
export function parseIdentity(args: string): SenderIdentity {
  const words = foldSpaces(args).split(' ');
  const last = words.at(-1) ?? '';
  // A name may hold no colon, so a last word with a scheme ("https:", "javascript:") is the picture.
  const hasPicture = words.length > 1 && /^[a-z][a-z0-9+.-]*:/iu.test(last);
  return validateIdentity(hasPicture ? words.slice(0, -1).join(' ') : words.join(' '), hasPicture ? last : null);
}

export function validateIdentity(rawName: string, rawAvatar: string | null): SenderIdentity {
  const name = foldSpaces(rawName);
  if (name === '') throw new UserInputError(msg('identity-name-empty'), '/identity Armenia Wire');
  if (hasLineControl(name) || codePointLength(name) > IDENTITY_NAME_MAX)
    throw new UserInputError(msg('identity-name-too-long', { max: IDENTITY_NAME_MAX }), '/identity Armenia Wire');
  const lower = name.toLowerCase();
  const part = FORBIDDEN_PARTS.find((p) => lower.includes(p));
  if (part !== undefined || FORBIDDEN_NAMES.has(lower))
    throw new UserInputError(msg('identity-name-forbidden', { part: part ?? lower }), '/identity Armenia Wire');
  if (rawAvatar === null) return { name, avatarUrl: null };
  const avatarUrl = normalizeUrl(rawAvatar.trim());
  if (avatarUrl === null || codePointLength(avatarUrl) > MAX_URL_LENGTH)
    throw new UserInputError(
      msg('identity-avatar-invalid', { text: rawAvatar.slice(0, 80) }),
      '/identity Armenia Wire https://example.com/logo.png',
    );
  return { name, avatarUrl };
}
