import { PassThrough } from 'node:stream';
import { afterEach, describe, expect, it } from 'vitest';
import type { AdapterFactory, AdapterHost } from '../../src/ports/adapter.ts';
import { startBot, type CoreHandle } from '../../src/runtime.ts';
import { RecordingSink } from '../delivery/sink.ts';
import { openDialectCore } from '../helpers/dialects.ts';

/**
 * An adapter that asks the host to shut down while its start() is still running, as the Discord
 * shard does when its manager dies while the shard registers its slash commands.
 */
function shutsDownWhileStarting(events: string[], hosts: AdapterHost[]): AdapterFactory {
  return {
    platform: 'telegram',
    isConfigured: () => true,
    create: (host) => {
      hosts.push(host);
      return {
        platform: 'telegram',
        sender: new RecordingSink(),
        start: async () => {
          events.push('start');
          void host.shutdown({ drain: false });
          await new Promise((r) => setTimeout(r, 100));
          events.push('started');
        },
        stop: async () => {
          events.push('stop');
        },
      };
    },
  };
}

describe('a shutdown asked for while an adapter starts', () => {
  let handle: CoreHandle | undefined;
  afterEach(async () => {
    await handle?.close().catch(() => undefined);
    handle = undefined;
  });

  it('stops that adapter once its start is over, and starts nothing after it', async () => {
    handle = await openDialectCore('sqlite', { DELIVERY_POLL_MS: '50' });
    const events: string[] = [];
    const second: string[] = [];
    const bot = await startBot(
      handle,
      [
        shutsDownWhileStarting(events, []),
        {
          platform: 'discord',
          isConfigured: () => true,
          create: () => ({
            platform: 'discord',
            sender: new RecordingSink(),
            start: async () => {
              second.push('start');
            },
            stop: async () => {
              second.push('stop');
            },
          }),
        },
      ],
      { input: new PassThrough(), output: new PassThrough() },
    );
    await bot.stopped;
    expect(events).toEqual(['start', 'started', 'stop']);
    expect(second).toEqual([]);
    await bot.stop();
    expect(events).toEqual(['start', 'started', 'stop']);
  });
});
