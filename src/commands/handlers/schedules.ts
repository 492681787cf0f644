import {
  scheduleOf,
  pauseChat,
  resumeChat,
  setDigest,
  setQuietHours,
  setTimeZone,
  type ReaderSchedule,
} from '../../app/schedules.ts';
import { UserInputError } from '../../domain/errors.ts';
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
import type { CommandSpec } from '../spec.ts';
import { subscriberFor } from './subscriptions.ts';

/** What a group member who is not an admin is told by the schedule commands. */
const SCHEDULE_REFUSAL =
  "Sorry, only this chat's admins can change this chat's schedule. Nothing was changed. You can set your own in a private chat with me.";

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
  if (cadence === 'weekly')
    throw new UserInputError('A weekly digest needs a day and a time.', '/digest weekly monday 08:00');
  if (cadence === 'daily') throw new UserInputError('A daily digest needs a time (24-hour HH:MM).', DIGEST_EXAMPLE);
  throw new UserInputError(
    `"${args.trim().slice(0, 40)}" is not a digest setting. Use off, daily HH:MM or weekly DAY HH:MM.`,
    DIGEST_EXAMPLE,
  );
}

/** /pause and /resume take no arguments: words after them are refused, not ignored. */
function refuseArguments(command: string, args: string): void {
  const extra = args.trim();
  if (extra === '') return;
  throw new UserInputError(
    `/${command} takes nothing after it; "${extra.slice(0, 40)}" was not understood. Nothing was changed.`,
    `/${command}`,
  );
}

const utcHint = (schedule: ReaderSchedule): Block[] =>
  schedule.timezone === 'UTC'
    ? [paragraph('Times are in UTC. Set your time zone with ', code('/timezone Europe/Berlin'), ' (any IANA name).')]
    : [];

const digestCommand: CommandSpec = {
  name: 'digest',
  args: '[off | daily HH:MM | weekly DAY HH:MM]',
  summary: 'Get articles as one digest a day or a week instead of one by one',
  access: 'manager',
  refusal: SCHEDULE_REFUSAL,
  example: DIGEST_EXAMPLE,
  async run(run): Promise<Reply> {
    const sub = await subscriberFor(run);
    const before = scheduleOf(sub);
    if (run.args.trim() === '') {
      return okReply([
        paragraph(describeDigest(before)),
        paragraph(
          'Change it with ',
          code(DIGEST_EXAMPLE),
          ', ',
          code('/digest weekly monday 08:00'),
          ' or ',
          code('/digest off'),
          '.',
        ),
      ]);
    }
    const digest = parseDigest(run.args);
    const { nextAt, flushed } = await setDigest(run.deps, sub, digest);
    if (digest === null) {
      const blocks = [paragraph('Digest off: articles arrive as they are posted.')];
      if (flushed > 0)
        blocks.push(
          paragraph(
            `The ${flushed} ${flushed === 1 ? 'article' : 'articles'} collected so far ${flushed === 1 ? 'comes' : 'come'} now, as one last digest.`,
          ),
        );
      return okReply(blocks);
    }
    const after: ReaderSchedule = { ...before, digest, digestNextAt: nextAt };
    return okReply([
      paragraph(describeDigest(after)),
      paragraph(
        'Articles for this chat now collect until then and arrive as one message, grouped by tag. A digest with nothing in it is not sent.',
      ),
      ...utcHint(after),
    ]);
  },
};

const timezoneCommand: CommandSpec = {
  name: 'timezone',
  args: '[ZONE]',
  summary: 'Set the time zone for digests and quiet hours (e.g. Europe/Yerevan)',
  access: 'manager',
  refusal: SCHEDULE_REFUSAL,
  example: '/timezone Europe/Yerevan',
  async run(run) {
    const sub = await subscriberFor(run);
    const schedule = scheduleOf(sub);
    const now = run.deps.clock.now().getTime();
    if (run.args.trim() === '') {
      return okReply([
        paragraph(`Time zone: ${schedule.timezone} (${localDateTimeLabel(now, schedule.timezone)} there now).`),
        paragraph('Change it with ', code('/timezone Asia/Yerevan'), '.'),
      ]);
    }
    const zone = parseTimeZone(run.args);
    await setTimeZone(run.deps, sub, zone);
    const after: ReaderSchedule = {
      ...schedule,
      timezone: zone,
      digestNextAt: schedule.digest === null ? null : nextDigestAt(schedule.digest, zone, now),
    };
    const blocks = [paragraph(`Time zone set to ${zone}: it is ${localDateTimeLabel(now, zone)} there now.`)];
    if (after.digest !== null) blocks.push(paragraph(describeDigest(after)));
    if (after.quiet !== null) blocks.push(paragraph(describeQuiet(after)));
    return okReply(blocks);
  },
};

const quietCommand: CommandSpec = {
  name: 'quiet',
  args: '[HH:MM-HH:MM | off]',
  summary: 'Quiet hours: articles posted then wait until they end',
  access: 'manager',
  refusal: SCHEDULE_REFUSAL,
  example: '/quiet 22:00-07:00',
  async run(run) {
    const sub = await subscriberFor(run);
    const schedule = scheduleOf(sub);
    const args = run.args.trim();
    if (args === '')
      return okReply([
        paragraph(describeQuiet(schedule)),
        paragraph('Set them with ', code('/quiet 22:00-07:00'), ', or turn them off with ', code('/quiet off'), '.'),
      ]);
    const quiet = args.toLowerCase() === 'off' ? null : parseQuietHours(args);
    const window = await setQuietHours(run.deps, sub, quiet);
    if (quiet === null || window === null)
      return okReply([
        paragraph('Quiet hours off: articles arrive as they are posted. Any that were waiting are on their way.'),
      ]);
    const now = run.deps.clock.now().getTime();
    const blocks = [
      paragraph(describeQuiet({ ...schedule, quiet })),
      paragraph(
        'Articles posted in that window wait until it ends, then arrive in order.',
        schedule.digest === null ? '' : ' Your digest comes at its time regardless.',
      ),
    ];
    if (window.from <= now)
      blocks.push(paragraph(`Quiet now, until ${localDateTimeLabel(window.until, schedule.timezone)}.`));
    return okReply([...blocks, ...utcHint(schedule)]);
  },
};

const pauseCommand: CommandSpec = {
  name: 'pause',
  args: '',
  summary: 'Pause all deliveries here (follows are kept); /resume restarts them',
  access: 'manager',
  refusal: SCHEDULE_REFUSAL,
  example: '/pause',
  async run(run) {
    refuseArguments('pause', run.args);
    const sub = await subscriberFor(run);
    const pausedAt = scheduleOf(sub).pausedAt;
    if (pausedAt !== null)
      return okReply([
        paragraph(
          `Already paused since ${localDateTimeLabel(pausedAt, scheduleOf(sub).timezone)}. Send `,
          code('/resume'),
          ' to restart.',
        ),
      ]);
    const skipped = await pauseChat(run.deps, sub);
    const blocks = [
      paragraph(
        'Paused. Articles for this chat are skipped, not saved for later, until you send ',
        code('/resume'),
        '. Your follows stay as they are.',
      ),
    ];
    if (skipped > 0)
      blocks.push(
        paragraph(
          `${skipped} ${skipped === 1 ? 'article that was' : 'articles that were'} waiting to be sent will not be.`,
        ),
      );
    return okReply(blocks);
  },
};

const resumeCommand: CommandSpec = {
  name: 'resume',
  args: '',
  summary: 'Restart deliveries after /pause',
  access: 'manager',
  refusal: SCHEDULE_REFUSAL,
  example: '/resume',
  async run(run) {
    refuseArguments('resume', run.args);
    const sub = await subscriberFor(run);
    const summary = await resumeChat(run.deps, sub);
    if (summary === null) return okReply([paragraph('Deliveries here are not paused.')]);
    const blocks: Block[] = [paragraph('Resumed: new articles arrive here again.')];
    if (summary.skipped === 0) return okReply([...blocks, paragraph('Nothing was skipped while paused.')]);
    blocks.push(
      paragraph(
        `While paused, ${summary.skipped} ${summary.skipped === 1 ? 'article was' : 'articles were'} skipped${summary.skipped > summary.newestArticleIds.length ? `; the newest ${summary.newestArticleIds.length}` : ''}:`,
      ),
    );
    const rows = await run.deps.stores.articles.byIds(summary.newestArticleIds);
    const views = await run.deps.stores.articles.views(rows.sort((a, b) => b.id - a.id));
    blocks.push({
      kind: 'list',
      items: views.map((v) => [v.url ? span(v.title, { url: v.url }) : span(v.title), span(' · '), code(v.publicId)]),
    });
    blocks.push(
      paragraph('Read any of them with ', code('/article ID'), ', or see the newest with ', code('/latest'), '.'),
    );
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
