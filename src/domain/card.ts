import { codePointLength, foldSpaces, truncateAtWord } from './text.ts';

/**
 * How a chat's delivered cards look (`/card`): one rule for every platform, applied by
 * the core when it prepares a delivery, so each adapter only renders the text it is given.
 * - `headline`: the title only (with its link, date, tags and id);
 * - `compact`: the title and the article's summary (the default, and the card before `/card`);
 * - `full`: the title and the article's first paragraphs, up to FULL_CARD_MAX_LENGTH.
 */
export const CARD_STYLES = ['headline', 'compact', 'full'] as const;
export type CardStyle = (typeof CARD_STYLES)[number];

export interface CardSettings {
  style: CardStyle;
  /** A card without a picture shows the article page's link preview (Telegram; a Discord card is an embed already). */
  linkPreviews: boolean;
  /** Cards and digests arrive without a notification sound. */
  silent: boolean;
}

export const DEFAULT_CARD_SETTINGS: Readonly<CardSettings> = Object.freeze({
  style: 'compact',
  linkPreviews: false,
  silent: false,
});

/** The most a `full` card shows of the body, in characters: a few paragraphs, well inside every platform's limit. */
export const FULL_CARD_MAX_LENGTH = 1_500;

/** A stored style, or the default for null and anything unknown. */
export function cardStyleOr(value: string | null | undefined): CardStyle {
  return CARD_STYLES.find((s) => s === value) ?? DEFAULT_CARD_SETTINGS.style;
}

/** A style as a reader typed it (any case), or null. */
export function parseCardStyle(text: string): CardStyle | null {
  const word = text.trim().toLowerCase();
  return CARD_STYLES.find((s) => s === word) ?? null;
}

/**
 * The article's first paragraphs, whole, while they fit `max` characters (a first
 * paragraph longer than that is cut at a word). Paragraphs are separated by a blank line
 * in the stored body; lines inside a paragraph are joined, as wire text breaks lines mid-sentence.
 */
export function leadParagraphs(body: string, max = FULL_CARD_MAX_LENGTH): string {
  const paragraphs = body
    .split(/\n\s*\n/u)
    .map((p) => foldSpaces(p))
    .filter((p) => p !== '');
  let lead = '';
  for (const paragraph of paragraphs) {
    const next = lead === '' ? paragraph : `${lead}\n\n${paragraph}`;
    if (codePointLength(next) <= max) {
      lead = next;
      continue;
    }
    if (lead === '') lead = truncateAtWord(paragraph, max);
    break;
  }
  return lead;
}

/**
 * The text under a card's title for a style: nothing, the summary, or the lead. The
 * summary of an article without a body is its title: a card would show it twice, so it
 * shows nothing instead.
 */
export function cardText(article: { title: string; summary: string; body: string }, style: CardStyle): string {
  if (style === 'headline') return '';
  if (style === 'full' && article.body.trim() !== '') return leadParagraphs(article.body);
  if (article.body.trim() === '' && foldSpaces(article.summary) === foldSpaces(article.title)) return '';
  return article.summary;
}

const SWITCHES = { previews: 'linkPreviews', preview: 'linkPreviews', silent: 'silent' } as const;
const ON_OFF: Readonly<Record<string, boolean>> = { on: true, off: false };

/**
 * A `/card` argument line applied to the chat's settings: any of a style word,
 * `previews on|off` and `silent on|off`, in any order and case. Returns the new settings,
 * or the first word it could not read (a switch without on/off is that switch's name).
 */
export function applyCardWords(
  args: string,
  current: CardSettings,
): { ok: true; settings: CardSettings } | { ok: false; word: string } {
  const words = args.trim().toLowerCase().split(/\s+/u).filter(Boolean);
  const settings = { ...current };
  for (let i = 0; i < words.length; i++) {
    const word = words[i]!;
    const style = parseCardStyle(word);
    if (style) {
      settings.style = style;
      continue;
    }
    const key = Object.hasOwn(SWITCHES, word) ? SWITCHES[word as keyof typeof SWITCHES] : undefined;
    const value = words[i + 1];
    if (key === undefined || value === undefined || !Object.hasOwn(ON_OFF, value)) return { ok: false, word };
    settings[key] = ON_OFF[value]!;
    i++;
  }
  return { ok: true, settings };
}
