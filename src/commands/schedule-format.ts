import type { ReaderSchedule } from '../app/schedules.ts';
import { paragraph, span, type Block } from '../domain/reply.ts';
import { formatTimeOfDay, localDateTimeLabel, WEEKDAY_NAMES } from '../domain/schedule-time.ts';

/** How a chat's schedule reads in replies (/digest, /quiet, /tags). */

export function describeDigest(schedule: ReaderSchedule): string {
  const { digest, timezone } = schedule;
  if (digest === null) return 'Articles arrive as they are posted (no digest).';
  const when =
    digest.cadence === 'daily'
      ? `daily at ${formatTimeOfDay(digest.minute)}`
      : `every ${WEEKDAY_NAMES[(digest.weekday ?? 1) - 1]} at ${formatTimeOfDay(digest.minute)}`;
  const next = schedule.digestNextAt === null ? '' : ` Next: ${localDateTimeLabel(schedule.digestNextAt, timezone)}.`;
  return `Digest ${when} (${timezone}).${next}`;
}

export function describeQuiet(schedule: ReaderSchedule): string {
  if (schedule.quiet === null) return 'No quiet hours.';
  return `Quiet hours ${formatTimeOfDay(schedule.quiet.start)}–${formatTimeOfDay(schedule.quiet.end)} (${schedule.timezone}).`;
}

/** The schedule lines /tags shows under the follows. */
export function scheduleBlocks(schedule: ReaderSchedule): Block[] {
  const blocks = [paragraph(describeDigest(schedule)), paragraph(describeQuiet(schedule))];
  if (schedule.pausedAt !== null)
    blocks.unshift(
      paragraph(
        span('Paused', { bold: true }),
        ': articles for this chat are skipped until ',
        span('/resume', { code: true }),
        '.',
      ),
    );
  return blocks;
}
