/**
 * `deliver-limit`: the outbox drained to 5,000 distinct chats through a sender that
 * enforces Telegram's limits itself (at most 30 sends in any second overall, one a
 * second per chat) and answers 429 past them. Twenty of the chats also get a burst of
 * four more articles, which must wait their turn per chat without holding the others
 * back. Reports the achieved rate as a share of the limit (goal ≥ 0.97) and the 429s
 * the sender had to give (goal 0).
 */
import { createCommandRouter } from '../src/commands/router.ts';
import type { PlatformLimits } from '../src/delivery/limits.ts';
import { createDeliveryWorker } from '../src/delivery/worker.ts';
import { RecordingSink } from '../test/delivery/sink.ts';
import { setUpDelivery } from './deliver-overhead.bench.ts';
import type { BenchOptions, Figure } from './figure.ts';

export const LIMIT_PER_SECOND = 30;
export const CHAT_INTERVAL_MS = 1000;

/** What the worker is told: the same numbers the sink enforces (Telegram's, src/delivery/limits.ts). */
export const TELEGRAM_LIKE: PlatformLimits = {
  overallPerSecond: LIMIT_PER_SECOND,
  perChatIntervalMs: { user: CHAT_INTERVAL_MS, group: 3000, channel: 3000 },
};

/** Sends per second between the first and the last accepted send. */
export function achievedRate(times: readonly number[]): number {
  if (times.length < 2) return 0;
  const sorted = [...times].sort((a, b) => a - b);
  return (sorted.length - 1) / (((sorted[sorted.length - 1] ?? 0) - (sorted[0] ?? 0)) / 1000);
}

export async function run(options: BenchOptions): Promise<Figure[]> {
  const chats = options.quick ? 300 : 5_000;
  const burstChats = options.quick ? 3 : 20;
  const setup = await setUpDelivery({
    chats,
    burstChats,
    burstArticles: 4,
    env: { DELIVERY_CONCURRENCY: '8', DELIVERY_POLL_MS: '100' },
  });
  try {
    const sink = new RecordingSink({
      overallPerSecond: LIMIT_PER_SECOND,
      perChatIntervalMs: CHAT_INTERVAL_MS,
      retryAfterMs: 1000,
    });
    const router = createCommandRouter(setup.handle.deps);
    const worker = createDeliveryWorker({
      deps: setup.handle.deps,
      senders: [sink],
      limits: () => TELEGRAM_LIKE,
      cardButtons: router.cardButtonsFor,
    });
    const started = performance.now();
    worker.start();
    while (sink.count('sent') < setup.sends) await new Promise((resolve) => setTimeout(resolve, 50));
    const seconds = (performance.now() - started) / 1000;
    await worker.stop();
    const accepted = sink.calls.filter((c) => c.outcome === 'sent').map((c) => c.at);
    const rate = achievedRate(accepted);
    const burstInOrder = [...sink.received.values()]
      .filter((list) => list.length > 1)
      .every((list) => list.join() === setup.articles.join());
    return [
      {
        name: 'deliver-limit',
        value: Math.round((rate / LIMIT_PER_SECOND) * 1000) / 1000,
        unit: 'of limit',
        ratePerSecond: Math.round(rate * 100) / 100,
        limitPerSecond: LIMIT_PER_SECOND,
        sends: setup.sends,
        chats,
        http429: sink.count('rate-limited'),
        maxInAnySecond: sink.maxInWindow(1000),
        seconds: Math.round(seconds),
        burstsInOrder: burstInOrder,
      },
    ];
  } finally {
    await setup.cleanup();
  }
}
