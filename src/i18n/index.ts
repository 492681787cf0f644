import { readFileSync } from 'node:fs';
import { FluentBundle, FluentResource, type FluentVariable } from '@fluent/bundle';

/**
 * The languages the bot speaks, and its messages: Fluent files (locales/en.ftl, ru.ftl,
 * hy.ftl, one message id per text a reader sees), read once when this module loads.
 * Every reply, button, help text, error, card and digest label is built in the core
 * with `translate(locale, id, args)`; adapters render what they get and translate their
 * few own texts the same way. Plurals go through Fluent's selectors, which use
 * Intl.PluralRules (Russian one/few/many, Armenian one/other). English is the fallback
 * for a message missing elsewhere, which test/i18n refuses.
 */

export const LOCALES = ['en', 'ru', 'hy'] as const;
export type Locale = (typeof LOCALES)[number];
export const DEFAULT_LOCALE: Locale = 'en';

/** The name of each language in that language, for /language. */
export const LANGUAGE_NAMES: Readonly<Record<Locale, string>> = { en: 'English', ru: 'Русский', hy: 'Հայերեն' };

export type MessageArgs = Readonly<Record<string, string | number>>;

/** A text to show, not yet in a language: what errors carry and notices store. */
export interface Message {
  id: string;
  args?: MessageArgs;
}

export type Translate = (id: string, args?: MessageArgs) => string;

/** The folder holding the .ftl files: beside this module, in the sources and in the build (bin/build.js copies them). */
export const LOCALES_DIR = new URL('./locales/', import.meta.url);

/** The Fluent source of one language. */
export function localeSource(locale: Locale): string {
  return readFileSync(new URL(`${locale}.ftl`, LOCALES_DIR), 'utf8');
}

function bundleOf(locale: Locale): FluentBundle {
  // No bidi isolation marks around placeables: the texts go to chats, where they would be stray characters.
  const bundle = new FluentBundle(locale, { useIsolating: false });
  const errors = bundle.addResource(new FluentResource(localeSource(locale)));
  if (errors.length > 0) throw new Error(`${locale}.ftl: ${errors.map((e) => e.message).join('; ')}`);
  return bundle;
}

const bundles = new Map<Locale, FluentBundle>(LOCALES.map((l) => [l, bundleOf(l)]));

export function isLocale(value: unknown): value is Locale {
  return typeof value === 'string' && (LOCALES as readonly string[]).includes(value);
}

/**
 * The bot's language for a platform's language tag (Telegram's `language_code`,
 * Discord's `locale`): `ru-RU` and `ru` are Russian, `hy` Armenian; undefined for
 * anything else, so the caller falls back (to English).
 */
export function localeFromTag(tag: string | null | undefined): Locale | undefined {
  if (tag === undefined || tag === null) return undefined;
  const base = tag.trim().toLowerCase().split(/[-_]/u)[0] ?? '';
  return isLocale(base) ? base : undefined;
}

/** A stored language (a subscriber's column), or the default. */
export const localeOr = (value: string | null | undefined, fallback: Locale = DEFAULT_LOCALE): Locale =>
  isLocale(value) ? value : fallback;

/**
 * One message in one language. A message missing in that language falls back to
 * English; an id missing in English is a bug and throws.
 */
export function translate(locale: Locale, id: string, args?: MessageArgs): string {
  for (const bundle of [bundles.get(locale), bundles.get(DEFAULT_LOCALE)]) {
    const message = bundle?.getMessage(id);
    if (bundle === undefined || message?.value === undefined || message.value === null) continue;
    const errors: Error[] = [];
    const text = bundle.formatPattern(message.value, args as Record<string, FluentVariable> | undefined, errors);
    if (errors.length > 0) throw new Error(`message ${id} (${locale}): ${errors.map((e) => e.message).join('; ')}`);
    return text;
  }
  throw new Error(`no message ${id}`);
}

export const translator =
  (locale: Locale): Translate =>
  (id, args) =>
    translate(locale, id, args);

export const render = (locale: Locale, message: Message): string => translate(locale, message.id, message.args);

/** Whether a message id exists (in English, hence everywhere). */
export const hasMessage = (id: string): boolean => bundles.get(DEFAULT_LOCALE)?.hasMessage(id) ?? false;

const dateFormats = new Map<Locale, Intl.DateTimeFormat>([
  // English keeps the ISO form readers have always seen (2026-12-04), through Intl's en-CA.
  ['en', new Intl.DateTimeFormat('en-CA', { year: 'numeric', month: '2-digit', day: '2-digit', timeZone: 'UTC' })],
  ['ru', new Intl.DateTimeFormat('ru', { dateStyle: 'medium', timeZone: 'UTC' })],
  ['hy', new Intl.DateTimeFormat('hy', { dateStyle: 'medium', timeZone: 'UTC' })],
]);

/** An article's date (UTC) as a reader of that language writes it: 2026-12-04, 4 дек. 2026 г., 04 դեկ, 2026 թ. */
export function formatDateIn(locale: Locale, date: Date): string {
  return (dateFormats.get(locale) ?? dateFormats.get(DEFAULT_LOCALE))!.format(date);
}

/** A count as a reader of that language writes it (1,234 · 1 234 · 1 234). */
export function formatNumberIn(locale: Locale, value: number): string {
  return new Intl.NumberFormat(locale).format(value);
}

/**
 * "a, b and c" (or "a or b or c") in the language: Intl.ListFormat, but English as the
 * bot always wrote it (no serial comma; "or" between each).
 */
export function listIn(
  locale: Locale,
  items: readonly string[],
  type: 'conjunction' | 'disjunction' = 'conjunction',
): string {
  if (locale === 'en' && items.length > 1)
    return type === 'disjunction'
      ? items.join(' or ')
      : `${items.slice(0, -1).join(', ')} and ${items[items.length - 1]}`;
  return new Intl.ListFormat(locale, { style: 'long', type }).format(items);
}

/**
 * A notice to store for a chat (src/storage: subscribers.notice), shown in the chat's
 * language the next time someone there uses a command: `@id {"arg":…}`.
 */
export function noticeOf(id: string, args?: MessageArgs): string {
  return args === undefined ? `@${id}` : `@${id} ${JSON.stringify(args)}`;
}

/** A stored notice in a language; one stored as plain text (older rows) is shown as it is. */
export function noticeText(stored: string, locale: Locale): string {
  const m = /^@([\w-]+)(?: (.*))?$/su.exec(stored);
  if (!m || !hasMessage(m[1] ?? '')) return stored;
  try {
    const args = m[2] === undefined ? undefined : (JSON.parse(m[2]) as Record<string, string | number>);
    return translate(locale, m[1] ?? '', args);
  } catch {
    return stored;
  }
}
