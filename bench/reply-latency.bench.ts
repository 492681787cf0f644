/**
 * `reply-latency`: how long a reader waits for the answer to a command while a big
 * fan-out drains, now that replies share Telegram's pacing with deliveries (and go ahead
 * of them: src/delivery/limiter.ts, PlatformPacer). The real Telegram adapter (grammY,
 * long polling) against the Bot API emulator, which enforces Telegram's flood limits
 * (test/emulators/telegram/flood.ts), in one process:
 *
 * - `reply-latency.paid`: 10,000 deliveries at 1,000 a second (TELEGRAM_PAID_BROADCAST),
 *   measured until the drain ends;
 * - `reply-latency.free`: 10,000 deliveries at Telegram's free 30 a second, measured for
 *   the first 60 s of the drain (15 s with --quick; the whole drain takes 5.7 minutes);
 * - `reply-latency.idle`: the same commands with (almost) nothing to deliver, for comparison.
 *
 * Readers who receive nothing send `/tags` in turn, REPLIES_PER_SECOND in all, each
 * reader every few seconds (so its own chat's pace never holds it). Latency is from the
 * update being queued at the emulator to the reply arriving there: the long poll, the
 * handler, the pacing wait and HTTP. A command not answered before the reader's next one
 * counts as unanswered (lost). Figures: p50, p95 and the worst of the answered, the
 * unanswered (goal 0), the 429s the emulator answered (goal 0; those on replies apart),
 * and the deliveries a second meanwhile.
 */
import { PassThrough } from 'node:stream';
import { telegramAdapterFactory } from '../adapters/telegram/index.ts';
import { startBot } from '../src/runtime.ts';
import { TelegramEmulator, TEST_TOKEN } from '../test/emulators/telegram/emulator.ts';
import { setUpDelivery } from './deliver-overhead.bench.ts';
import type { BenchOptions, Figure } from './figure.ts';

const FIRST_CHAT = 6_000_000;
const FIRST_READER = 7_000_000;
const DELIVERIES = 10_000;
const READERS = 10;
/** Commands a second, from all readers together. */
const REPLIES_PER_SECOND = 5;
/** After the window, answers still owed are waited for this long. */
const SETTLE_MS = 10_000;

interface Scenario {
  name: string;
  deliveries: number;
  perSecond: number;
  paid: boolean;
  /** How long commands are sent; null: until the drain ends. */
  windowMs: number | null;
}

/** Nearest-rank percentile. */
function percentile(sorted: readonly number[], p: number): number {
  if (sorted.length === 0) return NaN;
  return sorted[Math.min(sorted.length - 1, Math.max(0, Math.ceil((p / 100) * sorted.length) - 1))] ?? NaN;
}

const round1 = (n: number) => Math.round(n * 10) / 10;

async function measure(scenario: Scenario): Promise<Figure> {
  const emulator = await new TelegramEmulator().start();
  // The set-up fans one article out to at least one chat.
  const chats = Math.max(1, scenario.deliveries);
  for (let i = 0; i < chats; i++) emulator.addUser({ id: FIRST_CHAT + i, first_name: `R${i}` });
  const readers = Array.from({ length: READERS }, (_, i) =>
    emulator.addUser({ id: FIRST_READER + i, first_name: `Asker${i}` }),
  );
  const setup = await setUpDelivery({
    chats,
    firstChatId: FIRST_CHAT,
    env: {
      TELEGRAM_BOT_TOKEN: TEST_TOKEN,
      TELEGRAM_API_ROOT: emulator.url,
      TELEGRAM_MAX_PER_SECOND: String(scenario.perSecond),
      TELEGRAM_PAID_BROADCAST: String(scenario.paid),
      DELIVERY_CONCURRENCY: '8',
      DELIVERY_POLL_MS: '100',
    },
  });
  const delivered = () =>
    emulator.calls('sendMessage').filter((c) => c.status === 200 && Number(c.payload.chat_id) < FIRST_READER).length;
  const asked: { chat: number; at: number }[] = [];
  try {
    const bot = await startBot(setup.handle, [telegramAdapterFactory], {
      input: new PassThrough(),
      output: new PassThrough(),
    });
    const started = performance.now();
    let next = 0;
    const windowOver = () =>
      scenario.windowMs === null ? delivered() >= setup.sends : performance.now() - started >= scenario.windowMs;
    while (!windowOver()) {
      const reader = readers[next++ % readers.length];
      if (reader) {
        asked.push({ chat: reader.id, at: performance.now() });
        emulator.sendText(reader, '/tags');
      }
      await new Promise((resolve) => setTimeout(resolve, 1000 / REPLIES_PER_SECOND));
    }
    const windowMs = performance.now() - started;
    const deliveredInWindow = delivered();
    // A command's answer is the first reply to its chat before that reader's next command.
    const until = asked.map((a, i) => asked.slice(i + 1).find((b) => b.chat === a.chat)?.at ?? Infinity);
    const answers = () => asked.map((a, i) => answerAt(emulator, a, until[i] ?? Infinity));
    const settleBy = performance.now() + SETTLE_MS;
    while (answers().some((at) => at === null) && performance.now() < settleBy)
      await new Promise((resolve) => setTimeout(resolve, 50));
    await bot.stop();
    const latencies = answers()
      .map((at, i) => (at === null ? null : at - (asked[i]?.at ?? 0)))
      .filter((ms): ms is number => ms !== null)
      .sort((a, b) => a - b);
    const isReader = (c: { payload: Record<string, unknown> }) => Number(c.payload.chat_id) >= FIRST_READER;
    return {
      name: `reply-latency.${scenario.name}`,
      value: Math.round(percentile(latencies, 95)),
      unit: 'ms p95',
      p50Ms: Math.round(percentile(latencies, 50)),
      maxMs: Math.round(latencies.at(-1) ?? NaN),
      replies: latencies.length,
      unanswered: asked.length - latencies.length,
      http429: emulator.floodRefusals().length,
      http429OnReplies: emulator.floodRefusals().filter(isReader).length,
      deliveries: scenario.deliveries,
      limitPerSecond: scenario.perSecond,
      deliveredPerSecond: round1(deliveredInWindow / (windowMs / 1000)),
      seconds: round1(windowMs / 1000),
    };
  } finally {
    await setup.cleanup();
    await emulator.stop();
  }
}

/** When the first reply after the command (and before `until`) reached the emulator, or null. */
function answerAt(emulator: TelegramEmulator, asked: { chat: number; at: number }, until: number): number | null {
  const reply = emulator
    .calls('sendMessage')
    .find((c) => c.status === 200 && Number(c.payload.chat_id) === asked.chat && c.at >= asked.at && c.at < until);
  return reply?.at ?? null;
}

export async function run(options: BenchOptions): Promise<Figure[]> {
  const scenarios: Scenario[] = [
    { name: 'paid', deliveries: DELIVERIES, perSecond: 1000, paid: true, windowMs: null },
    { name: 'free', deliveries: DELIVERIES, perSecond: 30, paid: false, windowMs: options.quick ? 15_000 : 60_000 },
    { name: 'idle', deliveries: 1, perSecond: 30, paid: false, windowMs: options.quick ? 5_000 : 20_000 },
  ];
  const figures: Figure[] = [];
  for (const scenario of scenarios) figures.push(await measure(scenario));
  return figures;
}
