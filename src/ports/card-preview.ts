import type { Platform } from '../domain/platform.ts';
import type { ArticleView, Button } from '../domain/reply.ts';
import type { Locale } from '../i18n/index.ts';

/**
 * A delivered card as a platform would show it, for the newsroom's preview (src/web/):
 * what the adapter's own renderer makes of the card, handed back as the text a reader
 * sees. The adapter renders; the page only lays it out, so the preview cannot drift from
 * what chats get.
 */
export type CardPreview =
  | {
      platform: 'telegram';
      /** The message (or photo caption) in Telegram's HTML parse mode, exactly as sent. */
      html: string;
      /** The picture: sent as a photo with the card as its caption, or shown as a large link preview above the text. */
      picture: { url: string; as: 'photo' | 'large-preview' } | null;
      /** The inline keyboard's button labels, row by row. */
      buttons: string[][];
    }
  | {
      platform: 'discord';
      /** The embed's parts as a reader sees them (markdown escapes resolved). */
      embed: PreviewEmbed;
      /** The message's button labels, row by row. */
      buttons: string[][];
    };

export interface PreviewEmbed {
  title?: string;
  url?: string;
  description?: string;
  fields: { name: string; value: string }[];
  footer?: string;
  /** ISO 8601; Discord shows it in each reader's own time zone. */
  timestamp?: string;
  imageUrl?: string;
}

/** What the preview renders: an article as one chat would get it (its language's labels, its buttons). */
export interface PreviewCard {
  article: ArticleView;
  buttons: Button[][];
  locale: Locale;
}

/** A platform's card renderer, lent to the newsroom by its adapter (AdapterFactory.cardPreviewer). */
export interface CardPreviewer {
  readonly platform: Platform;
  render(card: PreviewCard): CardPreview;
}
