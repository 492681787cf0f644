import { PassThrough } from 'node:stream';
import { afterEach, describe, expect, it } from 'vitest';
import { parseStartArgs } from '../../src/cli.ts';
import { UsageError } from '../../src/cli/common.ts';
import type { AdapterFactory } from '../../src/ports/adapter.ts';
import { startBot, type CoreHandle, type RunningBot, type Role } from '../../src/runtime.ts';
import { RecordingSink, seedFollowers } from '../delivery/sink.ts';
import { postTo } from '../delivery/worker-helpers.ts';
import { waitFor } from '../helpers/core.ts';
import { DIALECTS, openDialectCore } from '../helpers/dialects.ts';

describe('tagwire start --role', () => {
  it('takes bot, worker and scheduler, alone or comma-separated; all by default', () => {
    expect(parseStartArgs([])).toEqual(['bot', 'worker', 'scheduler']);
    expect(parseStartArgs(['--role', 'worker'])).toEqual(['worker']);
    expect(parseStartArgs(['--role=bot,scheduler'])).toEqual(['bot', 'scheduler']);
    expect(() => parseStartArgs(['--role', 'cook'])).toThrow(UsageError);
    expect(() => parseStartArgs(['--role'])).toThrow(/needs a value/u);
    expect(() => parseStartArgs(['--verbose'])).toThrow(/unknown option/u);
  });
});

/** An adapter whose "platform" is a RecordingSink; it records whether it was started. */
function sinkFactory(sink: RecordingSink, started: string[]): AdapterFactory {
  return {
    platform: 'telegram',
    isConfigured: () => true,
    create: () => ({
      platform: 'telegram',
      sender: sink,
      start: async () => {
        started.push('start');
      },
      stop: async () => {
        started.push('stop');
      },
    }),
  };
}

describe.each(DIALECTS)('roles on %s', (dialect) => {
  let handle: CoreHandle | undefined;
  let bot: RunningBot | undefined;
  afterEach(async () => {
    await bot?.stop();
    bot = undefined;
    handle = undefined;
  });

  async function start(roles: readonly Role[], sink: RecordingSink, started: string[]) {
    handle = await openDialectCore(dialect, { DELIVERY_POLL_MS: '50' });
    bot = await startBot(
      handle,
      [sinkFactory(sink, started)],
      { input: new PassThrough(), output: new PassThrough() },
      { roles },
    );
    return handle;
  }

  it('a bot-only process takes commands but sends nothing; the adapter is started', async () => {
    const sink = new RecordingSink();
    const started: string[] = [];
    const core = await start(['bot'], sink, started);
    await seedFollowers(core.storage.db, { count: 3, tag: 'Roles', firstChatId: 10 });
    await postTo(core, 'Queued for the workers', ['Roles']);
    await new Promise((r) => setTimeout(r, 300));
    expect(sink.calls).toHaveLength(0);
    expect((await core.deps.stores.outbox.countByStatus()).queued).toBe(3);
    expect(started).toEqual(['start']);
  });

  it("a worker-only process sends through the adapter's sender without starting the adapter", async () => {
    const sink = new RecordingSink();
    const started: string[] = [];
    const core = await start(['worker'], sink, started);
    await seedFollowers(core.storage.db, { count: 3, tag: 'Roles', firstChatId: 10 });
    await postTo(core, 'Sent by the worker', ['Roles']);
    await waitFor(() => sink.count('sent') === 3, 'three sends');
    expect(started).toEqual([]);
  });
});
