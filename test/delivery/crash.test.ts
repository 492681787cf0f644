import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadConfig } from '../../src/config.ts';
import { silentLogger } from '../../src/logger.ts';
import { openCore } from '../../src/runtime.ts';
import { TelegramEmulator, TEST_TOKEN } from '../emulators/telegram/emulator.ts';
import { seedFollowers } from './sink.ts';
import { postTo } from './worker-helpers.ts';

/**
 * kill -9 of the real `tagwire start` (bin/tagwire.js, the Telegram adapter over HTTP to
 * the Bot API emulator) in the middle of a fan-out, at several points, then restart:
 * every chat gets every article, in order, and the duplicates are at most the in-flight
 * window (DELIVERY_CONCURRENCY) per kill.
 */
const CHATS = 300;
const FIRST_CHAT = 70_000;
const CONCURRENCY = 4;
const KILL_AFTER_SENDS = [40, 260, 470];
const BIN = new URL('../../bin/tagwire.js', import.meta.url).pathname;

let emulator: TelegramEmulator;
let dir: string;
let dbPath: string;
const children: ChildProcess[] = [];

function env(): NodeJS.ProcessEnv {
  return {
    PATH: process.env.PATH,
    HOME: process.env.HOME,
    DATABASE_URL: `sqlite:${dbPath}`,
    LOG_LEVEL: 'warn',
    TELEGRAM_BOT_TOKEN: TEST_TOKEN,
    TELEGRAM_API_ROOT: emulator.url,
    // Above Telegram's free 30 a second: paid broadcasts, as the emulator enforces.
    TELEGRAM_MAX_PER_SECOND: '150',
    TELEGRAM_PAID_BROADCAST: 'true',
    DELIVERY_CONCURRENCY: String(CONCURRENCY),
    DELIVERY_POLL_MS: '100',
  };
}

function tagwire(args: string[]): { child: ChildProcess; output: () => string; exited: Promise<number | null> } {
  const child = spawn(process.execPath, [BIN, ...args], { env: env(), stdio: ['ignore', 'pipe', 'pipe'] });
  children.push(child);
  let output = '';
  child.stdout?.on('data', (d: Buffer) => {
    output += d.toString();
  });
  child.stderr?.on('data', (d: Buffer) => {
    output += d.toString();
  });
  const exited = new Promise<number | null>((resolve) => child.once('exit', (code) => resolve(code)));
  return { child, output: () => output, exited };
}

const sends = () => emulator.calls('sendMessage').filter((c) => c.status === 200).length;

beforeAll(async () => {
  emulator = await new TelegramEmulator().start();
  for (let i = 0; i < CHATS; i++) emulator.addUser({ id: FIRST_CHAT + i, first_name: `Reader${i}` });
  dir = mkdtempSync(join(tmpdir(), 'tagwire-crash-'));
  dbPath = join(dir, 'crash.db');
  const handle = await openCore(loadConfig({ DATABASE_URL: `sqlite:${dbPath}` }), silentLogger);
  await seedFollowers(handle.storage.db, { count: CHATS, tag: 'Crash', firstChatId: FIRST_CHAT });
  await postTo(handle, 'Crash first', ['Crash']);
  await postTo(handle, 'Crash second', ['Crash']);
  await handle.close();
});

afterAll(async () => {
  for (const child of children) if (child.exitCode === null && child.signalCode === null) child.kill('SIGKILL');
  await emulator.stop();
  rmSync(dir, { recursive: true, force: true });
});

describe('kill -9 of tagwire start in the middle of a fan-out', () => {
  it('delivers every article to every chat, in order, with duplicates within the in-flight window', async () => {
    for (const point of KILL_AFTER_SENDS) {
      const run = tagwire(['start']);
      await emulator.waitUntil(() => sends() >= point, `${point} sends (output: ${run.output()})`, 30_000);
      run.child.kill('SIGKILL');
      expect(await run.exited).toBeNull();
    }
    const last = tagwire(['start']);
    const everyone = () =>
      Array.from({ length: CHATS }, (_, i) => emulator.sent(FIRST_CHAT + i)).every((m) =>
        m.some((x) => x.text.includes('Crash second')),
      );
    await emulator.waitUntil(() => everyone(), `every chat to get both articles (output: ${last.output()})`, 30_000);

    // One-shot commands work beside the running bot; a second worker refuses to start.
    const stats = tagwire(['stats', '--json']);
    expect(await stats.exited).toBe(0);
    const second = tagwire(['start']);
    expect(await second.exited).toBe(1);
    expect(second.output()).toMatch(/Another tagwire process \(pid \d+/u);

    last.child.kill('SIGTERM');
    expect(await last.exited).toBe(0);

    let duplicates = 0;
    for (let i = 0; i < CHATS; i++) {
      const texts = emulator
        .sent(FIRST_CHAT + i)
        .map((m) => (m.text.includes('Crash first') ? 'first' : m.text.includes('Crash second') ? 'second' : 'other'));
      expect(texts.indexOf('first'), `chat ${FIRST_CHAT + i}: ${texts.join(',')}`).toBeGreaterThanOrEqual(0);
      expect(texts.indexOf('first')).toBeLessThan(texts.indexOf('second'));
      expect(texts.filter((t) => t === 'other')).toHaveLength(0);
      duplicates += texts.length - 2;
    }
    if (process.env.CRASH_DEBUG) console.log({ duplicates, sends: sends(), http429: emulator.floodRefusals().length });
    expect(duplicates).toBeLessThanOrEqual(KILL_AFTER_SENDS.length * CONCURRENCY);

    const handle = await openCore(loadConfig({ DATABASE_URL: `sqlite:${dbPath}` }), silentLogger);
    try {
      expect(await handle.deps.stores.outbox.countByStatus()).toMatchObject({
        sent: 2 * CHATS,
        queued: 0,
        sending: 0,
        failed: 0,
      });
    } finally {
      await handle.close();
    }
  }, 120_000);
});
