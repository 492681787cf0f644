/**
 * Dates as people and feeds write them, read exactly: a date that cannot be read, or
 * that names a day or time that does not exist, is refused (null), never guessed at or
 * rolled over into the next month.
 */

/** Earliest and latest years accepted: anything else is a typo. */
const MIN_YEAR = 1900;
const MAX_YEAR = 2200;

const MONTHS: Record<string, number> = {
  jan: 1,
  january: 1,
  feb: 2,
  february: 2,
  mar: 3,
  march: 3,
  apr: 4,
  april: 4,
  may: 5,
  jun: 6,
  june: 6,
  jul: 7,
  july: 7,
  aug: 8,
  august: 8,
  sep: 9,
  sept: 9,
  september: 9,
  oct: 10,
  october: 10,
  nov: 11,
  november: 11,
  dec: 12,
  december: 12,
};

const WEEKDAYS = new Set([
  'mon',
  'monday',
  'tue',
  'tues',
  'tuesday',
  'wed',
  'wednesday',
  'thu',
  'thur',
  'thurs',
  'thursday',
  'fri',
  'friday',
  'sat',
  'saturday',
  'sun',
  'sunday',
]);

/** RFC 2822's named zones, in minutes east of UTC. */
const ZONES: Record<string, number> = {
  z: 0,
  ut: 0,
  utc: 0,
  gmt: 0,
  est: -300,
  edt: -240,
  cst: -360,
  cdt: -300,
  mst: -420,
  mdt: -360,
  pst: -480,
  pdt: -420,
};

/** `2024-05-01`, `2024-05-01 14:30`, `2024-05-01T14:30:00.123+04:00`, … */
const ISO =
  /^(\d{4})-(\d{2})-(\d{2})(?:[Tt ](\d{2}):(\d{2})(?::(\d{2})(?:[.,](\d{1,9}))?)?)?\s*([Zz]|[+-]\d{2}(?::?\d{2})?)?$/u;

/** `[Sat,] 02 Mar 2024 [10:00[:00]] [GMT | +0200] [(comment)]`, month and weekday names short or long. */
const RFC_2822 =
  /^(?:([a-z]+)\.?,?\s+)?(\d{1,2})\s+([a-z]+)\.?\s+(\d{4}|\d{2})(?:\s+(\d{1,2}):(\d{2})(?::(\d{2}))?)?(?:\s*([a-z]+|[+-]\d{2}:?\d{2}))?(?:\s*\([^()]*\))?$/iu;

/**
 * Parses a date as people and feeds write it: ISO 8601 (`2024-05-01`,
 * `2024-05-01 14:30`, `2024-05-01T14:30:00Z`, with or without a zone; no zone means
 * UTC) or RFC 2822 (`Sat, 02 Mar 2024 10:00:00 GMT`, `2 March 2024`). Returns null for
 * anything else: an unknown month or weekday, a day the month does not have
 * (`31 Feb`), an hour past 23, a year outside 1900..2200.
 */
export function parseDate(raw: string): Date | null {
  const text = raw.trim();
  const iso = ISO.exec(text);
  if (iso) {
    const fraction = (iso[7] ?? '').padEnd(3, '0').slice(0, 3);
    return exactDate(
      Number(iso[1]),
      Number(iso[2]),
      Number(iso[3]),
      Number(iso[4] ?? 0),
      Number(iso[5] ?? 0),
      Number(iso[6] ?? 0),
      Number(fraction),
      isoOffset(iso[8]),
    );
  }
  const rfc = RFC_2822.exec(text);
  if (rfc) {
    const weekday = rfc[1]?.toLowerCase();
    if (weekday !== undefined && !WEEKDAYS.has(weekday)) return null;
    const month = MONTHS[(rfc[3] ?? '').toLowerCase()];
    if (month === undefined) return null;
    let year = Number(rfc[4]);
    // RFC 2822's obsolete two-digit years: 00-49 are 2000-2049, 50-99 are 1950-1999.
    if ((rfc[4] ?? '').length === 2) year += year < 50 ? 2000 : 1900;
    const zone = rfc[8];
    const offset = zone === undefined ? 0 : /^[+-]/u.test(zone) ? isoOffset(zone) : ZONES[zone.toLowerCase()];
    if (offset === undefined || offset === null) return null;
    return exactDate(
      year,
      month,
      Number(rfc[2]),
      Number(rfc[5] ?? 0),
      Number(rfc[6] ?? 0),
      Number(rfc[7] ?? 0),
      0,
      offset,
    );
  }
  return null;
}

/** `Z`, `+04`, `+0400` or `+04:00` as minutes east of UTC; no zone is UTC; null when out of range. */
function isoOffset(zone: string | undefined): number | null {
  if (zone === undefined || zone === 'Z' || zone === 'z') return 0;
  const m = /^([+-])(\d{2}):?(\d{2})?$/u.exec(zone);
  if (!m) return null;
  const hours = Number(m[2]);
  const minutes = Number(m[3] ?? 0);
  if (hours > 23 || minutes > 59) return null;
  return (m[1] === '-' ? -1 : 1) * (hours * 60 + minutes);
}

/** The instant, or null when a part is out of range (no rolling over into the next day or month). */
function exactDate(
  year: number,
  month: number,
  day: number,
  hour: number,
  minute: number,
  second: number,
  ms: number,
  offsetMinutes: number | null,
): Date | null {
  if (offsetMinutes === null) return null;
  if (year < MIN_YEAR || year > MAX_YEAR || month < 1 || month > 12 || day < 1) return null;
  if (day > new Date(Date.UTC(year, month, 0)).getUTCDate()) return null;
  // A leap second (:60) is read as the last second of its minute.
  if (hour > 23 || minute > 59 || second > 60) return null;
  const local = Date.UTC(year, month - 1, day, hour, minute, Math.min(second, 59), ms);
  return new Date(local - offsetMinutes * 60_000);
}
