import type { ReaderSchedule } from '../app/schedules.ts';
import type { Block } from '../domain/reply.ts';
import { formatTimeOfDay, localDateTimeLabel, weekdayName } from '../domain/schedule-time.ts';
import { translator, type Locale } from '../i18n/index.ts';
import { richParagraph } from './format.ts';
import { paragraph } from '../domain/reply.ts';

/** How a chat's schedule reads in replies (/digest, /quiet, /tags), in the chat's language. */

export function describeDigest(schedule: ReaderSchedule, locale: Locale = 'en'): string {
  const t = translator(locale);
  const { digest, timezone } = schedule;
  if (digest === null) return t('schedule-no-digest');
  const when =
    digest.cadence === 'daily'
      ? t('schedule-daily-at', { time: formatTimeOfDay(digest.minute) })
      : t('schedule-weekly-at', {
          day: weekdayName(digest.weekday ?? 1, locale),
          time: formatTimeOfDay(digest.minute),
        });
  const text = t('schedule-digest', { when, zone: timezone });
  return schedule.digestNextAt === null
    ? text
    : `${text} ${t('schedule-next', { at: localDateTimeLabel(schedule.digestNextAt, timezone, locale) })}`;
}

export function describeQuiet(schedule: ReaderSchedule, locale: Locale = 'en'): string {
  const t = translator(locale);
  if (schedule.quiet === null) return t('schedule-no-quiet');
  return t('schedule-quiet', {
    start: formatTimeOfDay(schedule.quiet.start),
    end: formatTimeOfDay(schedule.quiet.end),
    zone: schedule.timezone,
  });
}

/** The schedule lines /tags shows under the follows. */
export function scheduleBlocks(schedule: ReaderSchedule, locale: Locale = 'en'): Block[] {
  const blocks = [paragraph(describeDigest(schedule, locale)), paragraph(describeQuiet(schedule, locale))];
  if (schedule.pausedAt !== null) blocks.unshift(richParagraph(translator(locale)('schedule-paused')));
  return blocks;
}
