import type { LinkPreviewOptions, MessageEntity } from 'grammy/types';
import { apiErrors } from './api-errors.ts';

/**
 * `link_preview_options` of sendMessage and editMessageText (Bot API 7.0), and the
 * legacy `disable_web_page_preview` it replaced.
 *
 * What the returned Message shows follows the Bot API server and TDLib under it
 * (telegram-bot-api Client.cpp JsonMessage; TDLib MessageContent.cpp, messageText):
 * `link_preview_options` is there only when the options differ from the default, and
 * then only with its true fields:
 * - `is_disabled` when the preview was disabled and the text has a link (TDLib forgets
 *   the flag on a text without one, and then shows nothing);
 * - `url` when one was given; `prefer_large_media` / `prefer_small_media` only with a
 *   `url` (TDLib drops them without one; large wins when both are set);
 * - `show_above_text` when set.
 *
 * Guesses (undocumented): the error wordings below follow the server's for
 * reply_parameters ("can't parse ... JSON object", "object expected as ..."); a `url`
 * that is no http(s) URL or host name is refused with WEBPAGE_URL_INVALID (Telegram may
 * ignore it instead); a disabled preview shows only `is_disabled` (the url and media
 * preferences of a message without a preview are dropped); "has a link" is a text_link
 * or url entity, or text that looks like an http(s) URL, `www.`, or a host name under a
 * common top-level domain (Telegram detects links with its full list of domains).
 */

const FIELDS = ['is_disabled', 'prefer_small_media', 'prefer_large_media', 'show_above_text'] as const;

/** The options a send or edit carries (normalized: only true flags and a url), or undefined for none. */
export function parseLinkPreviewOptions(payload: Record<string, unknown>): LinkPreviewOptions | undefined {
  let raw = payload.link_preview_options;
  if (raw === undefined || raw === null || raw === '') {
    const legacy = payload.disable_web_page_preview;
    return legacy === true || legacy === 'true' ? { is_disabled: true } : undefined;
  }
  if (typeof raw === 'string') {
    try {
      raw = JSON.parse(raw) as unknown;
    } catch {
      throw apiErrors.badRequest("can't parse link preview options JSON object");
    }
  }
  if (typeof raw !== 'object' || raw === null || Array.isArray(raw))
    throw apiErrors.badRequest('object expected as link preview options');
  const given = raw as Record<string, unknown>;
  const options: LinkPreviewOptions = {};
  for (const field of FIELDS) {
    const value = given[field];
    if (value === undefined) continue;
    if (typeof value !== 'boolean') throw apiErrors.badRequest(`field "${field}" must be of type Boolean`);
    if (value) options[field] = true;
  }
  if (given.url !== undefined) {
    if (typeof given.url !== 'string') throw apiErrors.badRequest('field "url" must be of type String');
    if (given.url !== '') {
      if (!isLink(given.url)) throw apiErrors.badRequest('WEBPAGE_URL_INVALID');
      options.url = given.url;
    }
  }
  return options;
}

/** The `link_preview_options` the Message object shows for these options and this text, or undefined. */
export function shownLinkPreviewOptions(
  options: LinkPreviewOptions | undefined,
  text: string,
  entities: MessageEntity[],
): LinkPreviewOptions | undefined {
  if (!options) return undefined;
  if (options.is_disabled === true) return hasLink(text, entities) ? { is_disabled: true } : undefined;
  const shown: LinkPreviewOptions = {};
  if (options.url) {
    shown.url = options.url;
    if (options.prefer_large_media === true) shown.prefer_large_media = true;
    else if (options.prefer_small_media === true) shown.prefer_small_media = true;
  }
  if (options.show_above_text === true) shown.show_above_text = true;
  return Object.keys(shown).length > 0 ? shown : undefined;
}

const TLDS = 'com|org|net|io|dev|app|info|me|co|uk|de|fr|ru|am|ge|ua|by|kz|eu|us|news|tv|ai';
const LINK_IN_TEXT = new RegExp(`(?:https?://\\S|\\bwww\\.\\S|\\b[a-z0-9-]+(?:\\.[a-z0-9-]+)*\\.(?:${TLDS})\\b)`, 'iu');

/** Does the text have a link a preview could be made of. */
export function hasLink(text: string, entities: MessageEntity[]): boolean {
  return entities.some((e) => e.type === 'text_link' || e.type === 'url') || LINK_IN_TEXT.test(text);
}

function isLink(value: string): boolean {
  const candidate = /^[a-z][a-z0-9+.-]*:/iu.test(value) ? value : `http://${value}`;
  try {
    const url = new URL(candidate);
    return (url.protocol === 'http:' || url.protocol === 'https:') && url.hostname.includes('.');
  } catch {
    return false;
  }
}
