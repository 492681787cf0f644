import { spawn, type ChildProcess } from 'node:child_process';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { seedFollowers } from '../delivery/sink.ts';
import { postTo } from '../delivery/worker-helpers.ts';
import { BIN, ROOT } from '../helpers/cli.ts';
import { waitFor } from '../helpers/core.ts';
import { TEST_DATABASE_URL, urlWithSchema } from '../helpers/dialects.ts';
import { TelegramEmulator, TEST_TOKEN } from '../emulators/telegram/emulator.ts';
import { sharedSchema } from './helpers.ts';

/**
 * Scale-out with real processes: three `tagwire start --role worker` children on one
 * PostgreSQL schema drain a fan-out of 20,000 deliveries to the Telegram Bot API
 * emulator over HTTP. One is killed (SIGKILL) part-way: its leased rows go out through
 * the others once the lease runs out. Every chat gets the article; the only repeats
 * allowed are the sends the killed worker had in flight (DELIVERY_CONCURRENCY).
 * The combined rate under a low limit is checked in shared-outbox.test.ts, where each
 * send's time is recorded.
 */
const CHATS = 20_000;
const FIRST_CHAT = 300_000;
const CONCURRENCY = 16;
const KILL_AFTER_SENDS = 5_000;

let emulator: TelegramEmulator;
let shared: Awaited<ReturnType<typeof sharedSchema>> | undefined;
const children: ChildProcess[] = [];

function worker(env: NodeJS.ProcessEnv): { child: ChildProcess; output: () => string; exited: Promise<number | null> } {
  const child = spawn(process.execPath, [BIN, 'start', '--role', 'worker'], {
    cwd: ROOT,
    env,
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  children.push(child);
  let output = '';
  child.stdout?.on('data', (d: Buffer) => {
    output += d.toString();
  });
  child.stderr?.on('data', (d: Buffer) => {
    output += d.toString();
  });
  return { child, output: () => output, exited: new Promise((resolve) => child.once('exit', (code) => resolve(code))) };
}

const sends = () => emulator.calls('sendMessage').filter((c) => c.status === 200).length;

beforeAll(async () => {
  if (!TEST_DATABASE_URL) return;
  emulator = await new TelegramEmulator().start();
  for (let i = 0; i < CHATS; i++) emulator.addUser({ id: FIRST_CHAT + i, first_name: `R${i}` });
  shared = await sharedSchema(1);
});

afterAll(async () => {
  for (const child of children) if (child.exitCode === null && child.signalCode === null) child.kill('SIGKILL');
  await emulator?.stop();
  await shared?.close();
});

describe.runIf(TEST_DATABASE_URL)('three worker processes on one PostgreSQL outbox', () => {
  it('deliver a 20,000-chat fan-out, losing none when one is killed part-way', async () => {
    const handle = shared?.handles[0];
    if (!shared || !handle) throw new Error('no database');
    await seedFollowers(handle.storage.db, { count: CHATS, tag: 'Scale', firstChatId: FIRST_CHAT });
    const posted = await postTo(handle, 'Scale out', ['Scale']);
    expect(posted.recipients).toBe(CHATS);
    const env: NodeJS.ProcessEnv = {
      PATH: process.env.PATH,
      HOME: process.env.HOME,
      LOG_LEVEL: 'warn',
      DATABASE_URL: urlWithSchema(shared.url, shared.schema),
      DATABASE_POOL_SIZE: '4',
      TELEGRAM_BOT_TOKEN: TEST_TOKEN,
      TELEGRAM_API_ROOT: emulator.url,
      TELEGRAM_MAX_PER_SECOND: '1000',
      TELEGRAM_PAID_BROADCAST: 'true',
      DELIVERY_CONCURRENCY: String(CONCURRENCY),
      DELIVERY_LEASE_SECONDS: '5',
      DELIVERY_POLL_MS: '100',
    };
    const workers = [worker(env), worker(env), worker(env)];
    const [victim] = workers;
    if (!victim) throw new Error('no worker');
    await emulator.waitUntil(
      () => sends() >= KILL_AFTER_SENDS,
      `${KILL_AFTER_SENDS} sends (output: ${victim.output()})`,
      60_000,
    );
    victim.child.kill('SIGKILL');
    expect(await victim.exited).toBeNull();
    const outputs = () => workers.map((w) => w.output()).join('\n');
    await waitFor(
      async () => (await handle.deps.stores.outbox.countByStatus()).sent === CHATS,
      'every row marked sent',
      150_000,
    ).catch((err: unknown) => {
      throw new Error(`${String(err)} (sent ${sends()}; output: ${outputs()})`);
    });

    const perChat = Array.from({ length: CHATS }, (_, i) => emulator.sent(FIRST_CHAT + i).length);
    expect(perChat.filter((n) => n === 0)).toHaveLength(0);
    const repeats = perChat.reduce((sum, n) => sum + n - 1, 0);
    expect(repeats).toBeLessThanOrEqual(CONCURRENCY);
    expect(await handle.deps.stores.outbox.countByStatus()).toMatchObject({
      sent: CHATS,
      queued: 0,
      sending: 0,
      failed: 0,
    });
    for (const w of workers.slice(1)) w.child.kill('SIGTERM');
    expect(await Promise.all(workers.slice(1).map((w) => w.exited))).toEqual([0, 0]);
  }, 240_000);
});
