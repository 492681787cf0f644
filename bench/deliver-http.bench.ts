/**
 * `deliver-http`: the deliver-limit drain through the real Telegram adapter (grammY over
 * HTTP) to the local Bot API emulator (test/emulators/telegram), so the adapter's own
 * cost shows:
 * - `deliver-http.limit`: 5,000 chats at TELEGRAM_MAX_PER_SECOND=30: achieved rate ÷ 30,
 *   the 429s, and the most sendMessage requests the emulator received in any second
 *   (stamped on arrival through node:http's diagnostics channel);
 * - `deliver-http.throughput`: the same path with the overall limit at its maximum
 *   (1,000/s): what one process pushes through grammY and HTTP.
 * The emulator runs in the same process, so its cost is counted too.
 */
import diagnostics from 'node:diagnostics_channel';
import type { IncomingMessage } from 'node:http';
import { PassThrough } from 'node:stream';
import { telegramAdapterFactory } from '../adapters/telegram/index.ts';
import { startBot } from '../src/runtime.ts';
import { TelegramEmulator, TEST_TOKEN } from '../test/emulators/telegram/emulator.ts';
import { achievedRate } from './deliver-limit.bench.ts';
import { setUpDelivery } from './deliver-overhead.bench.ts';
import type { BenchOptions, Figure } from './figure.ts';

const FIRST_CHAT = 5_000_000;

/** The most times inside any window of `windowMs`. */
function maxInWindow(times: readonly number[], windowMs: number): number {
  const sorted = [...times].sort((a, b) => a - b);
  let best = 0;
  for (let end = 0, start = 0; end < sorted.length; end++) {
    while ((sorted[end] ?? 0) - (sorted[start] ?? 0) >= windowMs) start++;
    best = Math.max(best, end - start + 1);
  }
  return best;
}

/** The shortest time spanned by `count + 1` consecutive times: under 1000 ms means `count + 1` landed in one second. */
function tightestSpan(times: readonly number[], count: number): number {
  const sorted = [...times].sort((a, b) => a - b);
  let best = Infinity;
  for (let i = 0; i + count < sorted.length; i++) best = Math.min(best, (sorted[i + count] ?? 0) - (sorted[i] ?? 0));
  return Math.round(best * 10) / 10;
}

async function drainOverHttp(
  chats: number,
  perSecond: number,
): Promise<{
  rate: number;
  seconds: number;
  sends: number;
  http429: number;
  maxInAnySecond: number;
  tightestMs: number;
}> {
  const emulator = await new TelegramEmulator().start();
  for (let i = 0; i < chats; i++) emulator.addUser({ id: FIRST_CHAT + i, first_name: `Reader${i}` });
  const setup = await setUpDelivery({
    chats,
    firstChatId: FIRST_CHAT,
    env: {
      TELEGRAM_BOT_TOKEN: TEST_TOKEN,
      TELEGRAM_API_ROOT: emulator.url,
      TELEGRAM_MAX_PER_SECOND: String(perSecond),
      // Above Telegram's free 30 a second only as a paid broadcast (the emulator enforces it).
      TELEGRAM_PAID_BROADCAST: String(perSecond > 30),
      DELIVERY_CONCURRENCY: '8',
      DELIVERY_POLL_MS: '100',
    },
  });
  const times: number[] = [];
  const stamp = (message: unknown) => {
    const { request } = message as { request: IncomingMessage };
    if (request.url?.endsWith('/sendMessage')) times.push(performance.timeOrigin + performance.now());
  };
  diagnostics.subscribe('http.server.request.start', stamp);
  const delivered = () => emulator.calls('sendMessage').filter((c) => c.status === 200).length;
  try {
    const started = performance.now();
    const bot = await startBot(setup.handle, [telegramAdapterFactory], {
      input: new PassThrough(),
      output: new PassThrough(),
    });
    await emulator.waitUntil(
      () => delivered() >= setup.sends,
      'every delivery',
      (setup.sends / perSecond) * 1000 * 2 + 60_000,
    );
    const seconds = (performance.now() - started) / 1000;
    await bot.stop();
    return {
      rate: achievedRate(times),
      seconds,
      sends: setup.sends,
      http429: emulator.calls('sendMessage').filter((c) => c.status === 429).length,
      maxInAnySecond: maxInWindow(times, 1000),
      tightestMs: tightestSpan(times, perSecond),
    };
  } finally {
    diagnostics.unsubscribe('http.server.request.start', stamp);
    await setup.cleanup();
    await emulator.stop();
  }
}

export async function run(options: BenchOptions): Promise<Figure[]> {
  const limit = 30;
  const limited = await drainOverHttp(options.quick ? 300 : 5_000, limit);
  const fast = await drainOverHttp(options.quick ? 1_000 : 5_000, 1000);
  return [
    {
      name: 'deliver-http.limit',
      value: Math.round((limited.rate / limit) * 1000) / 1000,
      unit: 'of limit',
      ratePerSecond: Math.round(limited.rate * 100) / 100,
      limitPerSecond: limit,
      sends: limited.sends,
      http429: limited.http429,
      maxInAnySecond: limited.maxInAnySecond,
      [`msFor${limit + 1}Sends`]: limited.tightestMs,
      seconds: Math.round(limited.seconds),
    },
    {
      name: 'deliver-http.throughput',
      value: Math.round(fast.rate),
      unit: 'deliveries/s',
      limitPerSecond: 1000,
      sends: fast.sends,
      http429: fast.http429,
      seconds: Math.round(fast.seconds * 10) / 10,
    },
  ];
}
