import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { runScheduleTick } from '../../src/app/schedules.ts';
import type { CoreHandle } from '../../src/runtime.ts';
import { postTo, testWorker } from '../delivery/worker-helpers.ts';
import { RecordingSink } from '../delivery/sink.ts';
import { FakeClock, openTestCore } from '../helpers/core.ts';
import { DIALECTS, openDialectCore } from '../helpers/dialects.ts';
import { replyText, telegramUser } from '../helpers/reply.ts';

const reader = telegramUser('100');

describe.each(DIALECTS)('quiet hours and pause on %s', (dialect) => {
  let handle: CoreHandle;
  let clock: FakeClock;
  let sink: RecordingSink;
  beforeEach(async () => {
    // Friday 27 November 2026, 21:30 UTC = 22:30 in Berlin (UTC+1).
    clock = new FakeClock(Date.parse('2026-11-27T21:30:00Z'));
    handle = await openDialectCore(dialect, {}, clock);
    sink = new RecordingSink({ now: () => clock.now().getTime() });
    await run('/follow Armenia');
    await run('/timezone Europe/Berlin');
  });
  afterEach(async () => {
    await handle.close();
  });

  const run = (text: string, ctx = reader) => handle.core.handleCommand(ctx, text);
  const drain = () => testWorker(handle, [sink]).drainDue();
  const received = () => sink.received.get('100') ?? [];

  it('holds what is posted in quiet hours until they end, then sends it in order', async () => {
    const reply = replyText(await run('/quiet 22:00-07:00'));
    expect(reply).toContain('Quiet hours 22:00–07:00 (Europe/Berlin).');
    expect(reply).toContain('Quiet now, until Sat 28 Nov, 07:00.');
    const a = await postTo(handle, 'First in the night', ['Armenia']);
    clock.set(new Date('2026-11-28T03:00:00Z'));
    const b = await postTo(handle, 'Second in the night', ['Armenia']);
    expect(await drain()).toBe(0);
    expect(await runScheduleTick(handle.deps)).toMatchObject({ released: 0 });
    const sub = await handle.deps.stores.subscribers.find('telegram', '100');
    expect(await handle.deps.stores.outbox.find(sub?.id ?? 0, a.articleId)).toMatchObject({
      status: 'deferred',
      nextAttemptAt: Date.parse('2026-11-28T06:00:00Z'),
    });

    // 07:00 in Berlin: posted just before the job's run, a third article waits its turn.
    clock.set(new Date('2026-11-28T06:00:05Z'));
    const c = await postTo(handle, 'Morning news', ['Armenia']);
    expect(await drain()).toBe(0);
    expect(await runScheduleTick(handle.deps)).toMatchObject({ released: 2 });
    for (let i = 0; i < 3; i++) await drain();
    expect(received()).toEqual([a.publicId, b.publicId, c.publicId]);

    // The window moved on to tonight: 22:00 Berlin = 21:00 UTC.
    const moved = await handle.deps.stores.subscribers.find('telegram', '100');
    expect([Number(moved?.quiet_from), Number(moved?.quiet_until)]).toEqual([
      Date.parse('2026-11-28T21:00:00Z'),
      Date.parse('2026-11-29T06:00:00Z'),
    ]);
    clock.set(new Date('2026-11-28T12:00:00Z'));
    await postTo(handle, 'Midday', ['Armenia']);
    expect(await drain()).toBe(1);
  });

  it('follows the local clock on the night summer time begins', async () => {
    // Saturday 28 March 2026, 23:00 in Berlin (CET, UTC+1); at 02:00 the clocks go to 03:00 CEST.
    clock.set(new Date('2026-03-28T22:00:00Z'));
    await run('/quiet 22:00-07:00');
    await postTo(handle, 'Spring night', ['Armenia']);
    clock.set(new Date('2026-03-29T04:59:00Z')); // 06:59 CEST
    await runScheduleTick(handle.deps);
    expect(await drain()).toBe(0);
    clock.set(new Date('2026-03-29T05:00:00Z')); // 07:00 CEST: only 8 hours after 22:00 CET
    expect(await runScheduleTick(handle.deps)).toMatchObject({ released: 1 });
    expect(await drain()).toBe(1);
  });

  it('/quiet off sends what was waiting at once; a change of time zone moves the window', async () => {
    await run('/quiet 22:00-07:00');
    await postTo(handle, 'Night item', ['Armenia']);
    expect(await drain()).toBe(0);
    // In Tokyo it is 06:30 on Saturday: still quiet there, until 07:00 JST = 22:00 UTC.
    expect(replyText(await run('/timezone Asia/Tokyo'))).toContain('Quiet hours 22:00–07:00 (Asia/Tokyo).');
    clock.set(new Date('2026-11-27T21:59:00Z'));
    expect(await runScheduleTick(handle.deps)).toMatchObject({ released: 0 });
    expect(await drain()).toBe(0);
    expect(replyText(await run('/quiet off'))).toContain('Any that were waiting are on their way.');
    expect(await drain()).toBe(1);
  });

  it('/pause and /resume refuse words after them, with their usage, and change nothing', async () => {
    for (const text of ['/pause extra words', '/pause for a week', '/resume now please']) {
      const reply = await run(text);
      expect(reply.status, text).toBe('error');
      const command = text.split(' ')[0] ?? '';
      expect(replyText(reply), text).toBe(
        `${command} takes nothing after it; "${text.slice(command.length + 1)}" was not understood. Nothing was changed.\nExample: ${command}`,
      );
    }
    const sub = await handle.deps.stores.subscribers.find('telegram', '100');
    expect(sub?.paused_at ?? null).toBeNull();
    expect(replyText(await run('/pause'))).toContain('Paused.');
  });

  it('skips what arrives while paused, says so on /resume, and keeps the follows', async () => {
    await postTo(handle, 'Before the pause', ['Armenia']);
    const pause = replyText(await run('/pause'));
    expect(pause).toContain('Paused.');
    expect(pause).toContain('1 article that was waiting to be sent will not be.');
    expect(replyText(await run('/pause'))).toContain('Already paused since Fri 27 Nov, 22:30.');
    const during = await postTo(handle, 'During the pause', ['Armenia']);
    expect(during.recipients).toBe(1);
    expect(await drain()).toBe(0);
    expect(replyText(await run('/tags'))).toContain('Paused: articles for this chat are skipped until /resume.');
    const sub = await handle.deps.stores.subscribers.find('telegram', '100');
    expect(await handle.deps.stores.outbox.find(sub?.id ?? 0, during.articleId)).toMatchObject({
      status: 'skipped',
      lastError: expect.stringContaining('paused deliveries'),
    });

    const resumed = await run('/resume');
    const text = replyText(resumed);
    expect(text).toContain('Resumed');
    expect(text).toContain('While paused, 2 articles were skipped');
    expect(text).toContain('During the pause');
    expect(replyText(await run('/resume'))).toContain('not paused');
    const after = await postTo(handle, 'After the pause', ['Armenia']);
    expect(await drain()).toBe(1);
    expect(received()).toEqual([after.publicId]);
    expect(replyText(await run('/tags'))).toContain('Following (1): #Armenia');
  });
});

describe('a restart', () => {
  let dir: string;
  beforeEach(() => {
    dir = mkdtempSync(join(tmpdir(), 'tagwire-digest-'));
  });
  afterEach(() => {
    rmSync(dir, { recursive: true, force: true });
  });

  it('loses no digest that fell due while the bot was down', async () => {
    const env = { DATABASE_URL: `sqlite:${join(dir, 'bot.db')}` };
    const clock = new FakeClock(Date.parse('2026-11-27T02:00:00Z'));
    const first = await openTestCore(env, clock);
    await first.core.handleCommand(reader, '/follow Armenia');
    await first.core.handleCommand(reader, '/digest daily 08:00');
    await postTo(first, 'Kept over the restart', ['Armenia']);
    await first.close();

    clock.set(new Date('2026-11-27T09:30:00Z'));
    const second = await openTestCore(env, clock);
    try {
      const sink = new RecordingSink({ now: () => clock.now().getTime() });
      expect(await runScheduleTick(second.deps)).toMatchObject({ digests: 1, digestRows: 1 });
      await testWorker(second, [sink]).drainDue();
      expect(sink.digests.map((d) => d.text.split('\n')[1])).toEqual(['#Armenia']);
      expect(await runScheduleTick(second.deps)).toMatchObject({ digests: 0 });
    } finally {
      await second.close();
    }
  });
});
