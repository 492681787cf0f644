import { PassThrough } from 'node:stream';
import { loadConfig, type Config } from '../../src/config.ts';
import { silentLogger } from '../../src/logger.ts';
import type { AdapterFactory } from '../../src/ports/adapter.ts';
import type { Clock } from '../../src/ports/clock.ts';
import { openCore, startBot, type CoreHandle, type RunningBot } from '../../src/runtime.ts';

/** A clock tests can move. */
export class FakeClock implements Clock {
  constructor(private ms = Date.UTC(2024, 4, 1, 12, 0, 0)) {}
  now(): Date {
    return new Date(this.ms);
  }
  advance(ms: number): void {
    this.ms += ms;
  }
  set(date: Date): void {
    this.ms = date.getTime();
  }
}

/** A config for tests: in-memory SQLite unless env says otherwise, quick polling. */
export function testConfig(env: Record<string, string> = {}): Config {
  return loadConfig({ DATABASE_URL: ':memory:', DELIVERY_POLL_MS: '50', ...env });
}

/**
 * An open core on a fresh in-memory database (or the one env names). Close it in
 * afterEach. A suite that must run on every engine uses openDialectCore (dialects.ts).
 */
export async function openTestCore(env: Record<string, string> = {}, clock?: Clock): Promise<CoreHandle> {
  return openCore(testConfig(env), silentLogger, clock);
}

/** Starts adapters and the delivery worker in-process over a fresh in-memory core. */
export async function startTestBot(
  factories: readonly AdapterFactory[],
  env: Record<string, string> = {},
): Promise<{ handle: CoreHandle; bot: RunningBot; input: PassThrough; output: PassThrough }> {
  const handle = await openTestCore(env);
  const input = new PassThrough();
  const output = new PassThrough();
  const bot = await startBot(handle, factories, { input, output });
  return { handle, bot, input, output };
}

/** Waits until `check` returns true, polling; throws with `what` after `timeoutMs`. */
export async function waitFor(
  check: () => boolean | Promise<boolean>,
  what: string,
  timeoutMs = 10_000,
): Promise<void> {
  const started = Date.now();
  while (!(await check())) {
    if (Date.now() - started > timeoutMs) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 20));
  }
}
