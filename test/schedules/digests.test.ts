import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { runScheduleTick } from '../../src/app/schedules.ts';
import { scheduledJobs, startSchedules } from '../../src/jobs/index.ts';
import type { CoreHandle } from '../../src/runtime.ts';
import { postTo, testWorker } from '../delivery/worker-helpers.ts';
import { RecordingSink } from '../delivery/sink.ts';
import { FakeClock } from '../helpers/core.ts';
import { DIALECTS, openDialectCore } from '../helpers/dialects.ts';
import { replyText, telegramUser } from '../helpers/reply.ts';

const reader = telegramUser('100');
const other = telegramUser('200');

describe.each(DIALECTS)('digests on %s', (dialect) => {
  let handle: CoreHandle;
  let clock: FakeClock;
  let sink: RecordingSink;
  beforeEach(async () => {
    // Friday 27 November 2026, 02:00 UTC = 06:00 in Yerevan (UTC+4).
    clock = new FakeClock(Date.parse('2026-11-27T02:00:00Z'));
    handle = await openDialectCore(dialect, {}, clock);
    sink = new RecordingSink({ now: () => clock.now().getTime() });
  });
  afterEach(async () => {
    await handle.close();
  });

  const run = (text: string, ctx = reader) => handle.core.handleCommand(ctx, text);
  const drain = () => testWorker(handle, [sink]).drainDue();
  const statuses = async () => {
    const rows = await handle.storage.db
      .selectFrom('deliveries')
      .select(['status'])
      .orderBy('article_id')
      .orderBy('subscriber_id')
      .execute();
    return rows.map((r) => r.status);
  };

  async function setUp() {
    await run('/follow Armenia, Russia, CSTO');
    await run('/follow Armenia', other);
    expect(replyText(await run('/timezone Asia/Yerevan'))).toContain('Time zone set to Asia/Yerevan');
    const reply = replyText(await run('/digest daily 08:00'));
    expect(reply).toContain('Digest daily at 08:00 (Asia/Yerevan). Next: Fri 27 Nov, 08:00.');
  }

  it('collects articles and sends them at the local time as one message grouped by tag, once', async () => {
    await setUp();
    const a = await postTo(handle, 'Yerevan talks resume', ['Armenia', 'CSTO']);
    const b = await postTo(handle, 'Moscow comments', ['Russia']);
    const c = await postTo(handle, 'Border update', ['Armenia']);
    expect(await drain()).toBe(2); // the other reader, without a digest, gets its two at once
    expect(sink.digests).toHaveLength(0);
    expect(await statuses()).toEqual(['held', 'sent', 'held', 'held', 'sent']);

    clock.set(new Date('2026-11-27T03:59:00Z'));
    expect(await runScheduleTick(handle.deps)).toMatchObject({ digests: 0 });
    expect(await drain()).toBe(0);

    clock.set(new Date('2026-11-27T04:00:00Z'));
    expect(await runScheduleTick(handle.deps)).toEqual({ released: 0, digests: 1, digestRows: 3 });
    expect(await drain()).toBe(1);
    expect(sink.digests).toHaveLength(1);
    const text = sink.digests[0]?.text ?? '';
    expect(sink.digests[0]?.chatId).toBe('100');
    expect(text.split('\n')[0]).toBe('Your daily digest, Fri 27 Nov: 3 articles');
    // Grouped under the first followed tag of each article, the biggest group first.
    expect(text).toBe(
      [
        'Your daily digest, Fri 27 Nov: 3 articles',
        '#Armenia',
        `Yerevan talks resume · ${a.publicId} #CSTO`,
        `Border update · ${c.publicId}`,
        '#Russia',
        `Moscow comments · ${b.publicId}`,
      ].join('\n'),
    );
    expect(await statuses()).toEqual(['sent', 'sent', 'sent', 'sent', 'sent']);

    // Running the job again, or the next minute, sends nothing more.
    expect(await runScheduleTick(handle.deps)).toMatchObject({ digests: 0 });
    clock.advance(60_000);
    expect(await runScheduleTick(handle.deps)).toMatchObject({ digests: 0 });
    expect(await drain()).toBe(0);
    expect(sink.digests).toHaveLength(1);

    // The next digest is tomorrow at 08:00 local; an empty one is not sent.
    const sub = await handle.deps.stores.subscribers.find('telegram', '100');
    expect(Number(sub?.digest_next_at)).toBe(Date.parse('2026-11-28T04:00:00Z'));
    clock.set(new Date('2026-11-28T04:00:30Z'));
    expect(await runScheduleTick(handle.deps)).toMatchObject({ digests: 0, digestRows: 0 });
  });

  it('sends a digest that fell due while nothing ran when the job next runs, and only one', async () => {
    await setUp();
    await postTo(handle, 'Yerevan talks resume', ['Armenia']);
    // Down for two days: one digest with what was held, not one per missed day.
    clock.set(new Date('2026-11-29T10:00:00Z'));
    expect(await runScheduleTick(handle.deps)).toMatchObject({ digests: 1, digestRows: 1 });
    await drain();
    expect(sink.digests.map((d) => d.text.split('\n')[0])).toEqual(['Your daily digest, Fri 27 Nov: 1 article']);
    const sub = await handle.deps.stores.subscribers.find('telegram', '100');
    expect(Number(sub?.digest_next_at)).toBe(Date.parse('2026-11-30T04:00:00Z'));
  });

  it('never doubles a digest when two runs of the job race', async () => {
    await setUp();
    await postTo(handle, 'One', ['Armenia']);
    await postTo(handle, 'Two', ['Russia']);
    clock.set(new Date('2026-11-27T04:00:10Z'));
    const [first, second] = await Promise.all([runScheduleTick(handle.deps), runScheduleTick(handle.deps)]);
    expect((first?.digestRows ?? 0) + (second?.digestRows ?? 0)).toBe(2);
    await drain();
    expect(sink.digests).toHaveLength(1);
  });

  it('sends a long digest page by page, each page once, going on from the page that failed', async () => {
    sink = new RecordingSink({
      now: () => clock.now().getTime(),
      digestPageChars: 300,
      // Page 2 fails once (a network error): the retry sends page 2, not page 1 again.
      fault: (m, n) => ('pageNumber' in m && m.pageNumber === 2 && n <= 3 ? new Error('socket hang up') : null),
    });
    await setUp();
    const posted = [];
    for (let i = 0; i < 12; i++)
      posted.push(await postTo(handle, `Article number ${i} about the region`, [i % 2 === 0 ? 'Armenia' : 'Russia']));
    clock.set(new Date('2026-11-27T04:00:00Z'));
    await runScheduleTick(handle.deps);
    for (let round = 0; round < 20; round++) {
      await drain();
      clock.advance(60_000);
    }
    const pages = sink.digests.filter((d) => d.chatId === '100');
    expect(pages.length).toBeGreaterThan(2);
    expect(pages.map((p) => p.pageNumber)).toEqual(Array.from({ length: pages.length }, (_, k) => k + 1));
    const shown = pages.flatMap((p) => [...p.text.matchAll(/· (\w{6})/gu)].map((m) => m[1]));
    expect(shown.sort()).toEqual(posted.map((p) => p.publicId).sort());
    expect(sink.calls.filter((c) => c.outcome === 'fault')).toHaveLength(1);
    const rows = await handle.storage.db
      .selectFrom('deliveries')
      .innerJoin('subscribers', 'subscribers.id', 'deliveries.subscriber_id')
      .select(['deliveries.status'])
      .where('subscribers.chat_id', '=', '100')
      .execute();
    expect(rows.every((r) => r.status === 'sent')).toBe(true);
  });

  it('turning digests off sends what was collected at once, as one last digest', async () => {
    await setUp();
    await postTo(handle, 'Held one', ['Armenia']);
    await postTo(handle, 'Held two', ['Russia']);
    const reply = replyText(await run('/digest off'));
    expect(reply).toContain('Digest off');
    expect(reply).toContain('The 2 articles collected so far come now, as one last digest.');
    await drain();
    expect(sink.digests.map((d) => d.text.split('\n')[0])).toEqual(['Your digest, Fri 27 Nov: 2 articles']);
    await postTo(handle, 'Instant again', ['Armenia']);
    await drain();
    expect(sink.received.get('100')).toEqual([expect.stringMatching(/^\w{6}$/u)]);
  });

  it('weekly digests come on the given day', async () => {
    await run('/follow Armenia');
    expect(replyText(await run('/digest weekly mon 09:30'))).toContain(
      'Digest every Monday at 09:30 (UTC). Next: Mon 30 Nov, 09:30.',
    );
    expect(replyText(await run('/digest weekly mon 09:30'))).toContain('Times are in UTC');
    await postTo(handle, 'Weekly item', ['Armenia']);
    clock.set(new Date('2026-11-29T09:30:00Z'));
    expect(await runScheduleTick(handle.deps)).toMatchObject({ digests: 0 });
    clock.set(new Date('2026-11-30T09:30:00Z'));
    expect(await runScheduleTick(handle.deps)).toMatchObject({ digests: 1 });
    await drain();
    expect(sink.digests[0]?.text.split('\n')[0]).toBe('Your weekly digest, Mon 30 Nov: 1 article');
  });

  it("names the day in the chat's language, and takes its day names as well as English ones", async () => {
    await run('/follow Armenia');
    await run('/language ru');
    const russian = replyText(await run('/digest weekly среду 09:30'));
    expect(russian).toContain('Сводка раз в неделю: среда, 09:30 (UTC).');
    expect(russian).not.toMatch(/Wednesday|every/u);
    expect(replyText(await run('/digest weekly monday 09:30'))).toContain('раз в неделю: понедельник, 09:30');
    const wrong = await run('/digest weekly пятн1ца 09:30');
    expect(wrong.status).toBe('error');
    expect(replyText(wrong)).toContain('«пятн1ца» — не день недели.');

    await run('/language hy');
    expect(replyText(await run('/digest weekly ուրբ 09:30'))).toContain(
      'Ամփոփում շաբաթը մեկ անգամ՝ ուրբաթ, 09:30-ին (UTC)։',
    );
    expect(replyText(await run('/digest'))).toContain('ուրբաթ');
    const sub = await handle.deps.stores.subscribers.find('telegram', '100');
    expect(sub).toMatchObject({ digest_cadence: 'weekly', digest_weekday: 5 });
  });

  it('answers bad settings with what to type, and changes nothing', async () => {
    await run('/follow Armenia');
    for (const [text, expected] of [
      ['/digest daily 25:00', /not a time of day/u],
      ['/digest weekly funday 08:00', /not a day of the week/u],
      ['/digest hourly', /not a digest setting/u],
      ['/digest weekly 08:00', /needs a day and a time/u],
      ['/timezone Mars/Olympus_Mons', /not a time zone I know/u],
    ] as const) {
      const reply = await run(text);
      expect(reply.status, text).toBe('error');
      expect(replyText(reply), text).toMatch(expected);
    }
    const sub = await handle.deps.stores.subscribers.find('telegram', '100');
    expect(sub).toMatchObject({ digest_cadence: null, digest_next_at: null, timezone: 'UTC' });
  });

  it('runs as one scheduler job every minute, not a timer per subscriber', async () => {
    await setUp();
    await postTo(handle, 'Through the scheduler', ['Armenia']);
    const job = scheduledJobs(handle.deps.config).find((j) => j.name === 'reader-schedules');
    expect(job?.cron).toBe('* * * * *');
    const schedules = startSchedules(handle.deps, job ? [job] : []);
    try {
      clock.set(new Date('2026-11-27T04:00:00Z'));
      expect(await schedules.runNow('reader-schedules')).toMatchObject({ digests: 1, digestRows: 1 });
    } finally {
      await schedules.stop();
    }
  });

  it("is for the chat's admins in a group", async () => {
    const member = {
      platform: 'telegram' as const,
      chat: { id: '-5', kind: 'group' as const },
      user: { id: '7' },
      canManageChat: false,
    };
    for (const text of ['/digest daily 08:00', '/quiet 22:00-07:00', '/timezone UTC', '/pause', '/resume']) {
      const reply = await run(text, member);
      expect(reply.status, text).toBe('refused');
      expect(replyText(reply), text).toContain("can change this chat's schedule");
      expect(replyText(reply), text).not.toContain('what it follows');
    }
  });
});
