import { describe, expect, it } from 'vitest';
import { UserInputError } from '../../src/domain/errors.ts';
import {
  nextDigestAt,
  parseQuietHours,
  parseTimeOfDay,
  parseTimeZone,
  parseWeekday,
  quietWindowAt,
} from '../../src/domain/schedule-time.ts';

const at = (iso: string) => Date.parse(iso);
const iso = (ms: number) => new Date(ms).toISOString();
const daily = (hhmm: string) => ({ cadence: 'daily' as const, minute: parseTimeOfDay(hhmm, ''), weekday: null });

describe('parsing what readers type', () => {
  it('reads times of day and refuses impossible ones', () => {
    expect(parseTimeOfDay('08:00', '')).toBe(480);
    expect(parseTimeOfDay('7:05', '')).toBe(425);
    expect(parseTimeOfDay('23.59', '')).toBe(1439);
    for (const bad of ['24:00', '12:60', '8', 'noon', '-1:00', ''])
      expect(() => parseTimeOfDay(bad, '')).toThrow(UserInputError);
  });

  it('reads days of the week by name or a start of it', () => {
    expect(parseWeekday('Monday', '')).toBe(1);
    expect(parseWeekday('tu', '')).toBe(2);
    expect(parseWeekday('THU', '')).toBe(4);
    expect(parseWeekday('sun', '')).toBe(7);
    for (const bad of ['t', 'funday', 'm0n']) expect(() => parseWeekday(bad, '')).toThrow(UserInputError);
  });

  it('reads Russian and Armenian day names, short names and unambiguous starts too', () => {
    const russian = ['понедельник', 'Вторник', 'среда', 'четверг', 'пятница', 'суббота', 'воскресенье'];
    const armenian = ['երկուշաբթի', 'երեքշաբթի', 'չորեքշաբթի', 'հինգշաբթի', 'ուրբաթ', 'Շաբաթ', 'կիրակի'];
    russian.forEach((name, i) => expect(parseWeekday(name, ''), name).toBe(i + 1));
    armenian.forEach((name, i) => expect(parseWeekday(name, ''), name).toBe(i + 1));
    // Short names, with or without the abbreviation's dot, and the form after "в" (в среду, в пятницу).
    expect(['пн', 'вт', 'ср.', 'чт', 'пт', 'сб', 'ВС'].map((w) => parseWeekday(w, ''))).toEqual([1, 2, 3, 4, 5, 6, 7]);
    expect(['среду', 'пятницу', 'субботу'].map((w) => parseWeekday(w, ''))).toEqual([3, 5, 6]);
    expect(['երկ', 'երք', 'չրք', 'հնգ', 'ուր', 'շբթ', 'կիր'].map((w) => parseWeekday(w, ''))).toEqual([
      1, 2, 3, 4, 5, 6, 7,
    ]);
    expect(parseWeekday('пят', '')).toBe(5);
    expect(parseWeekday('երկու', '')).toBe(1);
    // "եր" starts both Monday and Tuesday: refused, not guessed; one letter is never enough.
    for (const bad of ['եր', 'с', 'понедельникам', 'шабат'])
      expect(() => parseWeekday(bad, ''), bad).toThrow(UserInputError);
  });

  it('takes IANA zones in any case, keeps their canonical spelling, and knows a zone by its city', () => {
    expect(parseTimeZone('europe/berlin')).toBe('Europe/Berlin');
    expect(parseTimeZone('Asia/Yerevan')).toBe('Asia/Yerevan');
    // Yerevan is in Asia/; the city alone, or under another region, names it all the same.
    expect(parseTimeZone('Europe/Yerevan')).toBe('Asia/Yerevan');
    expect(parseTimeZone('yerevan')).toBe('Asia/Yerevan');
    expect(parseTimeZone(' utc ')).toBe('UTC');
    expect(parseTimeZone('America/New York')).toBe('America/New_York');
    expect(() => parseTimeZone('Mars/Olympus_Mons')).toThrow(/not a time zone I know/u);
    expect(() => parseTimeZone('<script>')).toThrow(UserInputError);
  });

  it('reads quiet hours with a dash, an en dash or "to", and refuses an empty window', () => {
    expect(parseQuietHours('22:00-07:00')).toEqual({ start: 1320, end: 420 });
    expect(parseQuietHours('22:00 – 7:00')).toEqual({ start: 1320, end: 420 });
    expect(parseQuietHours('12:00 to 14:30')).toEqual({ start: 720, end: 870 });
    expect(() => parseQuietHours('22:00-22:00')).toThrow(/different/u);
    expect(() => parseQuietHours('22:00')).toThrow(UserInputError);
  });
});

describe('next digest time', () => {
  it('is the next local time in the zone, today if still ahead, else tomorrow', () => {
    // Yerevan is UTC+4 all year.
    expect(iso(nextDigestAt(daily('08:00'), 'Asia/Yerevan', at('2026-11-27T03:00:00Z')))).toBe(
      '2026-11-27T04:00:00.000Z',
    );
    expect(iso(nextDigestAt(daily('08:00'), 'Asia/Yerevan', at('2026-11-27T04:00:00Z')))).toBe(
      '2026-11-28T04:00:00.000Z',
    );
    expect(iso(nextDigestAt(daily('08:00'), 'UTC', at('2026-11-27T03:00:00Z')))).toBe('2026-11-27T08:00:00.000Z');
  });

  it('keeps the local time across a spring-forward change, and moves a skipped time forward', () => {
    // New York, 8 March 2026: 02:00 EST becomes 03:00 EDT.
    expect(iso(nextDigestAt(daily('08:00'), 'America/New_York', at('2026-03-07T14:00:00Z')))).toBe(
      '2026-03-08T12:00:00.000Z',
    );
    expect(iso(nextDigestAt(daily('08:00'), 'America/New_York', at('2026-03-06T14:00:00Z')))).toBe(
      '2026-03-07T13:00:00.000Z',
    );
    // 02:30 does not exist that night: the digest comes at 03:30 EDT, once.
    const skipped = nextDigestAt(daily('02:30'), 'America/New_York', at('2026-03-08T00:00:00Z'));
    expect(iso(skipped)).toBe('2026-03-08T07:30:00.000Z');
    expect(iso(nextDigestAt(daily('02:30'), 'America/New_York', skipped))).toBe('2026-03-09T06:30:00.000Z');
  });

  it('sends a digest at a time that happens twice (autumn) only the first time', () => {
    // New York, 1 November 2026: 02:00 EDT becomes 01:00 EST, so 01:30 happens twice.
    const first = nextDigestAt(daily('01:30'), 'America/New_York', at('2026-11-01T00:00:00Z'));
    expect(iso(first)).toBe('2026-11-01T05:30:00.000Z');
    expect(iso(nextDigestAt(daily('01:30'), 'America/New_York', first))).toBe('2026-11-02T06:30:00.000Z');
  });

  it('finds the next weekday for a weekly digest, this week or the next', () => {
    const monday9 = { cadence: 'weekly' as const, minute: 540, weekday: 1 as const };
    // Friday 27 November 2026 in Tokyo (UTC+9) → Monday 30 November 09:00 JST.
    expect(iso(nextDigestAt(monday9, 'Asia/Tokyo', at('2026-11-27T03:00:00Z')))).toBe('2026-11-30T00:00:00.000Z');
    // Right at that Monday's digest → the Monday after.
    expect(iso(nextDigestAt(monday9, 'Asia/Tokyo', at('2026-11-30T00:00:00Z')))).toBe('2026-12-07T00:00:00.000Z');
  });
});

describe('quiet windows', () => {
  const night = { start: 22 * 60, end: 7 * 60 };

  it('gives the window we are in, or the next one, across midnight', () => {
    // Berlin is UTC+1 in November.
    expect(quietWindowAt(night, 'Europe/Berlin', at('2026-11-27T22:00:00Z'))).toEqual({
      from: at('2026-11-27T21:00:00Z'),
      until: at('2026-11-28T06:00:00Z'),
    });
    expect(quietWindowAt(night, 'Europe/Berlin', at('2026-11-28T02:00:00Z'))).toEqual({
      from: at('2026-11-27T21:00:00Z'),
      until: at('2026-11-28T06:00:00Z'),
    });
    expect(quietWindowAt(night, 'Europe/Berlin', at('2026-11-28T11:00:00Z'))).toEqual({
      from: at('2026-11-28T21:00:00Z'),
      until: at('2026-11-29T06:00:00Z'),
    });
    // The window's end is not in it.
    expect(quietWindowAt(night, 'Europe/Berlin', at('2026-11-28T06:00:00Z')).from).toBe(at('2026-11-28T21:00:00Z'));
  });

  it('handles a window within one day', () => {
    const lunch = { start: 12 * 60, end: 14 * 60 };
    expect(quietWindowAt(lunch, 'UTC', at('2026-11-27T13:00:00Z'))).toEqual({
      from: at('2026-11-27T12:00:00Z'),
      until: at('2026-11-27T14:00:00Z'),
    });
    expect(quietWindowAt(lunch, 'UTC', at('2026-11-27T15:00:00Z'))).toEqual({
      from: at('2026-11-28T12:00:00Z'),
      until: at('2026-11-28T14:00:00Z'),
    });
  });

  it('ends at the local time on the night the clocks change', () => {
    // Berlin, 29 March 2026: 02:00 CET becomes 03:00 CEST; the night is an hour shorter.
    const w = quietWindowAt(night, 'Europe/Berlin', at('2026-03-28T23:00:00Z'));
    expect(w).toEqual({ from: at('2026-03-28T21:00:00Z'), until: at('2026-03-29T05:00:00Z') });
    // Berlin, 25 October 2026: 03:00 CEST becomes 02:00 CET; the night is an hour longer.
    const autumn = quietWindowAt(night, 'Europe/Berlin', at('2026-10-24T23:00:00Z'));
    expect(autumn).toEqual({ from: at('2026-10-24T20:00:00Z'), until: at('2026-10-25T06:00:00Z') });
  });
});
