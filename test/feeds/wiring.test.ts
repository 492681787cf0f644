/* The wiring of article sources into the router, the CLI and `tagwire start`. */
import { createServer } from 'node:net';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { main } from '../../src/cli.ts';
import { captureIO } from '../helpers/cli.ts';
import { counterSnapshot } from '../../src/metrics.ts';
import type { CoreHandle } from '../../src/runtime.ts';
import { openTestCore, startTestBot } from '../helpers/core.ts';
import { consoleCtx, replyText, telegramUser } from '../helpers/reply.ts';

async function runMain(args: string[]): Promise<{ code: number; out: string; err: string }> {
  const { io, out, err } = captureIO({ DATABASE_URL: ':memory:', LOG_LEVEL: 'silent' });
  const code = await main(args, [], io);
  return { code, out: out(), err: err() };
}

describe('/feed through the router', () => {
  let handle: CoreHandle;
  beforeEach(async () => {
    handle = await openTestCore({ TELEGRAM_ADMIN_IDS: '1' });
  });
  afterEach(async () => {
    await handle.close();
  });

  it('is listed for admins, refused to others, and its mistakes come back as friendly errors', async () => {
    expect(replyText(await handle.core.handleCommand(consoleCtx, '/help'))).toContain('/feed add URL [TAGS]');
    expect(replyText(await handle.core.handleCommand(consoleCtx, '/feed list'))).toMatch(/^No feeds yet/);
    expect((await handle.core.handleCommand(telegramUser('9'), '/feed list')).status).toBe('refused');
    const bad = await handle.core.handleCommand(consoleCtx, '/feed add nope');
    expect(bad.status).toBe('error');
    expect(replyText(bad)).toMatch(/"nope" is not a web address/);
  });

  it('counts commands for /metrics', async () => {
    const before = counterSnapshot().commands.get('feed') ?? 0;
    await handle.core.handleCommand(consoleCtx, '/feed list');
    expect(counterSnapshot().commands.get('feed')).toBe(before + 1);
  });
});

describe('tagwire feed', () => {
  it('is in the main help and runs', async () => {
    expect((await runMain(['--help'])).out).toMatch(/\n {2}feed /);
    expect(await runMain(['feed', 'list'])).toMatchObject({ code: 0, out: expect.stringContaining('No feeds yet') });
    expect(await runMain(['feed', 'remove', '9'])).toMatchObject({
      code: 1,
      err: 'There is no feed #9. The feed list shows them.\n',
    });
    expect((await runMain(['feed', 'add'])).code).toBe(2);
  });
});

describe('the HTTP server under tagwire start', () => {
  it('serves while the bot runs and stops with it', async () => {
    const port = await new Promise<number>((resolve) => {
      const s = createServer();
      s.listen(0, '127.0.0.1', () => {
        const { port: free } = s.address() as { port: number };
        s.close(() => resolve(free));
      });
    });
    const { bot } = await startTestBot([], { HTTP_PORT: String(port), INGEST_TOKEN: 'abcdefghijklmnopqrstuvwxyz' });
    try {
      expect((await fetch(`http://127.0.0.1:${port}/healthz`)).status).toBe(200);
      expect(await (await fetch(`http://127.0.0.1:${port}/metrics`)).text()).toContain('tagwire_feeds{status="new"} 0');
    } finally {
      await bot.stop();
    }
    await expect(fetch(`http://127.0.0.1:${port}/healthz`)).rejects.toThrow();
  });
});
