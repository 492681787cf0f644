import { DateTime, IANAZone } from 'luxon';
import { msg, UserInputError } from './errors.ts';
import type { Locale } from '../i18n/index.ts';

/**
 * Local times of day in a subscriber's time zone: parsing what readers type ("08:00",
 * "mon", "Europe/Yerevan") and finding the next digest or quiet window as an instant.
 * Time-zone rules (DST) come from luxon over the platform's IANA database. A local time
 * that does not exist on a day (skipped by a spring-forward change) moves forward by the
 * gap; one that happens twice (autumn) is taken the first time.
 */

/** Minutes after local midnight. */
export type MinuteOfDay = number;

/** ISO weekday: 1 = Monday … 7 = Sunday. */
export type Weekday = 1 | 2 | 3 | 4 | 5 | 6 | 7;

export const WEEKDAY_NAMES = ['Monday', 'Tuesday', 'Wednesday', 'Thursday', 'Friday', 'Saturday', 'Sunday'] as const;

export function parseTimeOfDay(raw: string, example: string): MinuteOfDay {
  const match = /^(\d{1,2})[:.h](\d{2})$/u.exec(raw.trim());
  const hours = match ? Number(match[1]) : NaN;
  const minutes = match ? Number(match[2]) : NaN;
  if (!(hours >= 0 && hours <= 23 && minutes >= 0 && minutes <= 59)) {
    throw new UserInputError(msg('err-not-a-time', { text: raw.trim().slice(0, 20) }), example);
  }
  return hours * 60 + minutes;
}

export const formatTimeOfDay = (minute: MinuteOfDay): string =>
  `${String(Math.floor(minute / 60)).padStart(2, '0')}:${String(minute % 60).padStart(2, '0')}`;

/** The languages whose day names readers may type: the bot's (their alphabets never overlap). */
const WEEKDAY_LOCALES = ['en', 'ru', 'hy'] as const;

/** A day's name as Intl writes it in a language, lower case, without an abbreviation's dot. */
const dayName = (locale: string, weekday: 'long' | 'short', index: number): string =>
  new Intl.DateTimeFormat(locale, { weekday, timeZone: 'UTC' })
    .format(new Date(Date.UTC(2024, 0, index + 1))) // 1 January 2024 was a Monday
    .toLowerCase()
    .replace(/\.$/u, '');

/** Each day's full names ("monday", "понедельник", "երկուշաբթի") and short ones ("mon", "пн", "երկ"), Monday first. */
const WEEKDAY_WORDS = WEEKDAY_NAMES.map((_, i) => ({
  full: WEEKDAY_LOCALES.map((locale) => dayName(locale, 'long', i)),
  short: WEEKDAY_LOCALES.map((locale) => dayName(locale, 'short', i)),
}));

/**
 * A day of the week as a reader types it, in English, Russian or Armenian, in any case:
 * a short name ("mon", "пн", "երկ") or the start of a full name that only one day has
 * ("mo", "tu", "th"; "пят"; "երկու", while "եր" could be two days). The Russian form
 * after "в" (среду, пятницу, субботу) is read as the name.
 */
export function parseWeekday(raw: string, example: string): Weekday {
  let word = raw.trim().toLowerCase().replace(/\.$/u, '');
  if (word.length > 3) word = word.replace(/у$/u, 'а');
  const matches =
    word.length < 2
      ? []
      : WEEKDAY_WORDS.flatMap((day, i) =>
          day.short.includes(word) || day.full.some((name) => name.startsWith(word)) ? [i] : [],
        );
  const [index] = matches;
  if (index === undefined || matches.length > 1)
    throw new UserInputError(msg('err-not-a-weekday', { text: raw.trim().slice(0, 20) }), example);
  return (index + 1) as Weekday;
}

const ZONE_ALIASES: Record<string, string> = { utc: 'UTC', gmt: 'UTC', z: 'UTC' };

/** All IANA zone names this runtime knows. */
function knownZones(): string[] {
  return Intl.supportedValuesOf('timeZone');
}

/**
 * The canonical IANA name for what a reader typed (case does not matter). A city that
 * names exactly one zone stands for it, whatever region was typed before it ("Yerevan",
 * "Europe/Yerevan" → Asia/Yerevan); otherwise a UserInputError with suggestions.
 */
export function parseTimeZone(raw: string): string {
  const typed = raw.trim().replace(/\s+/gu, '_');
  const example = '/timezone Europe/Berlin';
  if (typed === '') throw new UserInputError(msg('err-which-zone'), example);
  const alias = ZONE_ALIASES[typed.toLowerCase()];
  if (alias) return alias;
  if (typed.length <= 64 && /^[A-Za-z0-9_+\-/]+$/u.test(typed) && IANAZone.isValidZone(typed)) {
    const canonical = new Intl.DateTimeFormat('en-US', { timeZone: typed }).resolvedOptions().timeZone;
    return canonical === 'Etc/UTC' || canonical === 'Etc/GMT' ? 'UTC' : canonical;
  }
  const city = typed.toLowerCase().split('/').pop() ?? '';
  const matches = city.length >= 3 ? knownZones().filter((z) => z.toLowerCase().split('/').pop() === city) : [];
  // "Yerevan" or "Europe/Yerevan": one zone has that city, so that is the one meant.
  const [only] = matches;
  if (only !== undefined && matches.length === 1) return only;
  const text = raw.trim().slice(0, 40);
  throw new UserInputError(
    matches.length > 0
      ? msg('err-zone-unknown-near', { text, zones: matches.slice(0, 3).join(', ') })
      : msg('err-zone-unknown', { text }),
    matches[0] ? `/timezone ${matches[0]}` : example,
  );
}

function atLocal(date: DateTime, minute: MinuteOfDay): DateTime {
  // Built from the wall-clock fields: luxon moves a time in a DST gap forward. For a time
  // that occurs twice it takes the later offset; the earlier occurrence, if there is one,
  // is the same wall time shifted by the offset change.
  const hour = Math.floor(minute / 60);
  const at = DateTime.fromObject(
    { year: date.year, month: date.month, day: date.day, hour, minute: minute % 60 },
    { zone: date.zone },
  );
  const before = at.minus({ hours: 3 });
  if (before.offset <= at.offset) return at;
  const earlier = at.minus({ minutes: before.offset - at.offset });
  return earlier.hour === at.hour && earlier.minute === at.minute && earlier.day === at.day ? earlier : at;
}

export interface DigestSchedule {
  cadence: 'daily' | 'weekly';
  minute: MinuteOfDay;
  /** For weekly digests. */
  weekday: Weekday | null;
}

/** The first digest time strictly after `after` (epoch ms). */
export function nextDigestAt(schedule: DigestSchedule, zone: string, after: number): number {
  const start = DateTime.fromMillis(after, { zone }).startOf('day');
  for (let day = 0; day <= 8; day++) {
    const date = start.plus({ days: day });
    if (schedule.cadence === 'weekly' && date.weekday !== schedule.weekday) continue;
    const at = atLocal(date, schedule.minute).toMillis();
    if (at > after) return at;
  }
  throw new Error('no digest time within 8 days');
}

export interface QuietHours {
  start: MinuteOfDay;
  end: MinuteOfDay;
}

/** The quiet window that contains `at`, or else the next one to begin: epoch ms, `until` exclusive. */
export function quietWindowAt(quiet: QuietHours, zone: string, at: number): { from: number; until: number } {
  const today = DateTime.fromMillis(at, { zone }).startOf('day');
  const overnight = quiet.start > quiet.end;
  for (let day = -1; day <= 2; day++) {
    const date = today.plus({ days: day });
    const from = atLocal(date, quiet.start).toMillis();
    const until = atLocal(overnight ? date.plus({ days: 1 }) : date, quiet.end).toMillis();
    if (until > at && until > from) return { from, until };
  }
  throw new Error('no quiet window within 2 days');
}

/** Luxon's (Intl's) locale for a language: British English for "Fri 27 Nov". */
const luxonLocale = (locale: Locale): string => (locale === 'en' ? 'en-GB' : locale);

/** "Fri 27 Nov" (Russian "пт 27 нояб.", Armenian "ուրբ 27 նոյ") for the local date of an instant. */
export function localDateLabel(at: number, zone: string, locale: Locale = 'en'): string {
  return DateTime.fromMillis(at, { zone }).setLocale(luxonLocale(locale)).toFormat('ccc d LLL');
}

/** "Fri 27 Nov, 08:00" for an instant, in a zone. */
export function localDateTimeLabel(at: number, zone: string, locale: Locale = 'en'): string {
  return DateTime.fromMillis(at, { zone }).setLocale(luxonLocale(locale)).toFormat('ccc d LLL, HH:mm');
}

/** A weekday's name in a language (1 = Monday). */
export function weekdayName(weekday: number, locale: Locale = 'en'): string {
  return DateTime.fromObject({ year: 2024, month: 1, day: weekday }).setLocale(luxonLocale(locale)).toFormat('cccc');
}

/** "22:00-07:00", "22:00 – 07:00", "22.00 to 7.00": the start and end of quiet hours. */
export function parseQuietHours(raw: string): QuietHours {
  const example = '/quiet 22:00-07:00';
  const parts = raw.trim().split(/\s*(?:-|–|—|\bto\b)\s*/u);
  if (parts.length !== 2 || parts.some((p) => p === '')) {
    throw new UserInputError(msg('err-quiet-form'), example);
  }
  const start = parseTimeOfDay(parts[0] ?? '', example);
  const end = parseTimeOfDay(parts[1] ?? '', example);
  if (start === end) throw new UserInputError(msg('err-quiet-same'), example);
  return { start, end };
}
