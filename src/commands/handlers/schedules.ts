import {
  scheduleOf,
  pauseChat,
  resumeChat,
  setDigest,
  setQuietHours,
  setTimeZone,
  type ReaderSchedule,
} from '../../app/schedules.ts';
import { msg, UserInputError } from '../../domain/errors.ts';
import { okReply, paragraph, span, type Block, type Reply } from '../../domain/reply.ts';
import {
  localDateTimeLabel,
  nextDigestAt,
  parseQuietHours,
  parseTimeOfDay,
  parseTimeZone,
  parseWeekday,
  type DigestSchedule,
} from '../../domain/schedule-time.ts';
import { describeDigest, describeQuiet } from '../schedule-format.ts';
import { richParagraph } from '../format.ts';
import type { CommandRun, CommandSpec } from '../spec.ts';
import { subscriberFor } from './subscriptions.ts';

/** What a group member who is not an admin is told by the schedule commands (a message id). */
const SCHEDULE_REFUSAL = 'refused-schedule';

const DIGEST_EXAMPLE = '/digest daily 08:00';
const code = (text: string) => span(text, { code: true });

function parseDigest(args: string): DigestSchedule | null {
  const words = args.trim().split(/\s+/u);
  const cadence = words[0]?.toLowerCase();
  if (cadence === 'off' && words.length === 1) return null;
  if (cadence === 'daily' && words.length === 2)
    return { cadence: 'daily', minute: parseTimeOfDay(words[1] ?? '', DIGEST_EXAMPLE), weekday: null };
  if (cadence === 'weekly' && words.length === 3) {
    const example = '/digest weekly monday 08:00';
    return {
      cadence: 'weekly',
      weekday: parseWeekday(words[1] ?? '', example),
      minute: parseTimeOfDay(words[2] ?? '', example),
    };
  }
  if (cadence === 'weekly') throw new UserInputError(msg('err-weekly-needs'), '/digest weekly monday 08:00');
  if (cadence === 'daily') throw new UserInputError(msg('err-daily-needs'), DIGEST_EXAMPLE);
  throw new UserInputError(msg('err-digest-setting', { text: args.trim().slice(0, 40) }), DIGEST_EXAMPLE);
}

/** /pause and /resume take no arguments: words after them are refused, not ignored. */
function refuseArguments(command: string, args: string): void {
  const extra = args.trim();
  if (extra === '') return;
  throw new UserInputError(msg('err-no-arguments', { command, text: extra.slice(0, 40) }), `/${command}`);
}

const utcHint = (schedule: ReaderSchedule, run: CommandRun): Block[] =>
  schedule.timezone === 'UTC' ? [richParagraph(run.t('schedule-utc-hint'))] : [];

const digestCommand: CommandSpec = {
  name: 'digest',
  args: '[off | daily HH:MM | weekly DAY HH:MM]',
  access: 'manager',
  refusal: SCHEDULE_REFUSAL,
  example: DIGEST_EXAMPLE,
  async run(run): Promise<Reply> {
    const sub = await subscriberFor(run);
    const before = scheduleOf(sub);
    if (run.args.trim() === '') {
      return okReply([paragraph(describeDigest(before, run.locale)), richParagraph(run.t('digest-change-hint'))]);
    }
    const digest = parseDigest(run.args);
    const { nextAt, flushed } = await setDigest(run.deps, sub, digest, run.ctx.chat.thread?.id ?? null);
    if (digest === null) {
      const blocks = [paragraph(run.t('digest-off'))];
      if (flushed > 0) blocks.push(paragraph(run.t('digest-flushed', { count: flushed })));
      return okReply(blocks);
    }
    const after: ReaderSchedule = { ...before, digest, digestNextAt: nextAt };
    return okReply([
      paragraph(describeDigest(after, run.locale)),
      paragraph(run.t('digest-on')),
      ...utcHint(after, run),
    ]);
  },
};

const timezoneCommand: CommandSpec = {
  name: 'timezone',
  args: '[ZONE]',
  access: 'manager',
  refusal: SCHEDULE_REFUSAL,
  example: '/timezone Europe/Yerevan',
  async run(run) {
    const sub = await subscriberFor(run);
    const schedule = scheduleOf(sub);
    const now = run.deps.clock.now().getTime();
    if (run.args.trim() === '') {
      return okReply([
        paragraph(
          run.t('timezone-current', {
            zone: schedule.timezone,
            now: localDateTimeLabel(now, schedule.timezone, run.locale),
          }),
        ),
        richParagraph(run.t('timezone-change-hint')),
      ]);
    }
    const zone = parseTimeZone(run.args);
    await setTimeZone(run.deps, sub, zone);
    const after: ReaderSchedule = {
      ...schedule,
      timezone: zone,
      digestNextAt: schedule.digest === null ? null : nextDigestAt(schedule.digest, zone, now),
    };
    const blocks = [paragraph(run.t('timezone-set', { zone, now: localDateTimeLabel(now, zone, run.locale) }))];
    if (after.digest !== null) blocks.push(paragraph(describeDigest(after, run.locale)));
    if (after.quiet !== null) blocks.push(paragraph(describeQuiet(after, run.locale)));
    return okReply(blocks);
  },
};

const quietCommand: CommandSpec = {
  name: 'quiet',
  args: '[HH:MM-HH:MM | off]',
  access: 'manager',
  refusal: SCHEDULE_REFUSAL,
  example: '/quiet 22:00-07:00',
  async run(run) {
    const sub = await subscriberFor(run);
    const schedule = scheduleOf(sub);
    const args = run.args.trim();
    if (args === '')
      return okReply([paragraph(describeQuiet(schedule, run.locale)), richParagraph(run.t('quiet-change-hint'))]);
    const quiet = args.toLowerCase() === 'off' ? null : parseQuietHours(args);
    const window = await setQuietHours(run.deps, sub, quiet);
    if (quiet === null || window === null) return okReply([paragraph(run.t('quiet-off'))]);
    const now = run.deps.clock.now().getTime();
    const blocks = [
      paragraph(describeQuiet({ ...schedule, quiet }, run.locale)),
      paragraph(run.t(schedule.digest === null ? 'quiet-on' : 'quiet-on-digest')),
    ];
    if (window.from <= now)
      blocks.push(
        paragraph(run.t('quiet-now', { until: localDateTimeLabel(window.until, schedule.timezone, run.locale) })),
      );
    return okReply([...blocks, ...utcHint(schedule, run)]);
  },
};

const pauseCommand: CommandSpec = {
  name: 'pause',
  args: '',
  access: 'manager',
  refusal: SCHEDULE_REFUSAL,
  example: '/pause',
  async run(run) {
    refuseArguments('pause', run.args);
    const sub = await subscriberFor(run);
    const pausedAt = scheduleOf(sub).pausedAt;
    if (pausedAt !== null)
      return okReply([
        richParagraph(
          run.t('pause-already', { since: localDateTimeLabel(pausedAt, scheduleOf(sub).timezone, run.locale) }),
        ),
      ]);
    const skipped = await pauseChat(run.deps, sub);
    const blocks = [richParagraph(run.t('pause-done'))];
    if (skipped > 0) blocks.push(paragraph(run.t('pause-skipped', { count: skipped })));
    return okReply(blocks);
  },
};

const resumeCommand: CommandSpec = {
  name: 'resume',
  args: '',
  access: 'manager',
  refusal: SCHEDULE_REFUSAL,
  example: '/resume',
  async run(run) {
    refuseArguments('resume', run.args);
    const sub = await subscriberFor(run);
    const summary = await resumeChat(run.deps, sub);
    if (summary === null) return okReply([paragraph(run.t('resume-not-paused'))]);
    const blocks: Block[] = [paragraph(run.t('resume-done'))];
    if (summary.skipped === 0) return okReply([...blocks, paragraph(run.t('resume-nothing-skipped'))]);
    blocks.push(
      paragraph(
        summary.skipped > summary.newestArticleIds.length
          ? run.t('resume-skipped-newest', { count: summary.skipped, shown: summary.newestArticleIds.length })
          : run.t('resume-skipped', { count: summary.skipped }),
      ),
    );
    const rows = await run.deps.stores.articles.byIds(summary.newestArticleIds);
    const views = await run.deps.stores.articles.views(rows.sort((a, b) => b.id - a.id));
    blocks.push({
      kind: 'list',
      items: views.map((v) => [v.url ? span(v.title, { url: v.url }) : span(v.title), span(' · '), code(v.publicId)]),
    });
    blocks.push(richParagraph(run.t('resume-read-hint')));
    return okReply(blocks);
  },
};

export const scheduleCommands: CommandSpec[] = [
  digestCommand,
  timezoneCommand,
  quietCommand,
  pauseCommand,
  resumeCommand,
];
