import { describe, expect, it } from 'vitest';
import { RetryLaterError, TransientDeliveryError } from '../../src/delivery/errors.ts';
import { PlatformPacer, RateLimiter, REPLY_GIVE_UP_MS, REPLY_HOLD_MS } from '../../src/delivery/limiter.ts';
import { PACE_GUARD_MS, type PlatformLimits } from '../../src/delivery/limits.ts';

/**
 * PlatformPacer: one platform's pacing shared by the delivery worker (synchronous
 * reserve) and the adapters' replies (acquire, send), replies first. On a clock the test
 * moves; sleeps are either held until the test releases them, or advance the clock.
 */

const limits: PlatformLimits = { overallPerSecond: 10, perChatIntervalMs: { user: 1000, group: 3000, channel: 3000 } };

function fakeTime(start = 1_000_000) {
  let t = start;
  return {
    now: () => t,
    advance: (ms: number) => {
      t += ms;
    },
  };
}

/** Sleeps that wait until the test releases them (advancing the clock by their time). */
function heldSleeps(time: ReturnType<typeof fakeTime>) {
  const waiting: { ms: number; wake: () => void }[] = [];
  return {
    sleep: (ms: number) => new Promise<void>((wake) => waiting.push({ ms, wake })),
    pending: () => waiting.length,
    async releaseNext(): Promise<number> {
      const next = waiting.shift();
      if (!next) throw new Error('nothing is sleeping');
      time.advance(next.ms);
      next.wake();
      await flush();
      return next.ms;
    },
  };
}

const flush = () => new Promise((resolve) => setImmediate(resolve));

describe('PlatformPacer', () => {
  it("gives a waiting reply the platform's next slot: deliveries step aside until it is taken", async () => {
    const time = fakeTime();
    const sleeps = heldSleeps(time);
    const pacer = new PlatformPacer(new RateLimiter(limits, time.now), { sleep: sleeps.sleep });
    expect(pacer.reserve('d1', 'user')).toBe(0);

    let replied = false;
    void pacer.acquire('reader', 'user').then(() => {
      replied = true;
    });
    await flush();
    expect(sleeps.pending()).toBe(1);
    // The slot the reply waits for has come: a delivery asking first is still told to wait.
    time.advance(200);
    expect(pacer.overallWait()).toBeGreaterThan(0);
    expect(pacer.reserve('d2', 'user')).toBeGreaterThan(0);
    await sleeps.releaseNext();
    expect(replied).toBe(true);
    // The reply took that slot; the delivery gets the one after.
    expect(pacer.reserve('d2', 'user')).toBeGreaterThan(0);
    expect(pacer.stats()).toMatchObject({ replyRetries: 0 });
  });

  it('while a reply waits for its chat, only deliveries to that chat step aside', async () => {
    const time = fakeTime();
    const sleeps = heldSleeps(time);
    const pacer = new PlatformPacer(new RateLimiter({ ...limits, overallPerSecond: 1000 }, time.now), {
      sleep: sleeps.sleep,
    });
    expect(pacer.reserve('reader', 'user')).toBe(0); // a delivery to the reader just went out
    time.advance(10);
    let replied = false;
    void pacer.acquire('reader', 'user').then(() => {
      replied = true;
    });
    await flush();
    expect(pacer.chatWait('reader')).toBeGreaterThanOrEqual(REPLY_HOLD_MS);
    expect(pacer.reserve('someone-else', 'user')).toBe(0);
    // The chat's second is up: the reply goes, not a delivery to the same chat.
    const slept = await sleeps.releaseNext();
    expect(slept).toBeGreaterThan(900);
    expect(replied).toBe(true);
    expect(pacer.chatWait('reader')).toBeGreaterThan(900);
  });

  it('sends a reply that met a 429 again after retry_after, slowing its chat for the worker too', async () => {
    const time = fakeTime();
    const slept: number[] = [];
    const workerSaw: number[] = [];
    const pacer: PlatformPacer = new PlatformPacer(new RateLimiter(limits, time.now), {
      sleep: async (ms) => {
        slept.push(ms);
        workerSaw.push(pacer.chatWait('reader'));
        time.advance(ms);
      },
    });
    let attempts = 0;
    const result = await pacer.send('reader', 'user', async () => {
      attempts++;
      if (attempts === 1) throw new RetryLaterError(4000);
      return 'sent';
    });
    expect(result).toBe('sent');
    expect(attempts).toBe(2);
    expect(Math.max(...slept)).toBeGreaterThanOrEqual(4000);
    expect(pacer.stats()).toEqual({ replies: 1, replyRetries: 1, repliesGivenUp: 0 });
    // Meanwhile the worker kept away from the chat too.
    expect(Math.max(...workerSaw)).toBeGreaterThanOrEqual(4000);
  });

  it('gives a reply up once the waits asked for pass REPLY_GIVE_UP_MS; other errors at once', async () => {
    const time = fakeTime();
    const pacer = new PlatformPacer(new RateLimiter(limits, time.now), {
      sleep: async (ms) => {
        time.advance(ms);
      },
    });
    let attempts = 0;
    const step = 60_000;
    await expect(
      pacer.send('reader', 'user', async () => {
        attempts++;
        throw new RetryLaterError(step);
      }),
    ).rejects.toBeInstanceOf(RetryLaterError);
    expect(attempts).toBe(Math.floor(REPLY_GIVE_UP_MS / step) + 1);
    expect(pacer.stats().repliesGivenUp).toBe(1);

    let tries = 0;
    await expect(
      pacer.send('other', 'user', async () => {
        tries++;
        throw new TransientDeliveryError('502');
      }),
    ).rejects.toBeInstanceOf(TransientDeliveryError);
    expect(tries).toBe(1);
  });

  it('a penalty from a 429 on a delivery holds replies to that chat back as well', async () => {
    const time = fakeTime();
    const slept: number[] = [];
    const pacer = new PlatformPacer(new RateLimiter(limits, time.now), {
      sleep: async (ms) => {
        slept.push(ms);
        time.advance(ms);
      },
    });
    pacer.penalize('reader', 7000, false);
    await pacer.acquire('reader', 'user');
    expect(slept.reduce((a, b) => a + b, 0)).toBeGreaterThanOrEqual(7000);
  });
});

describe('unpaid messages during a paid broadcast', () => {
  // Telegram with allow_paid_broadcast: deliveries pay and go at up to 1,000 a second; an
  // edit cannot pay, and is held to the free ceiling of 30 counting every message sent.
  const paid: PlatformLimits = {
    overallPerSecond: 1000,
    unpaidPerSecond: 30,
    perChatIntervalMs: { user: 1000, group: 3000, channel: 3000 },
  };
  const windowMs = 1000 + PACE_GUARD_MS;

  it('the limiter lets an unpaid message go only when the last second holds fewer than the free ceiling', () => {
    const time = fakeTime();
    const limiter = new RateLimiter(paid, time.now);
    const sent: number[] = [];
    for (let i = 0; sent.length < 500; i++) {
      const wait = limiter.reserve(`d${i}`, 'user');
      if (wait > 0) time.advance(wait);
      else sent.push(time.now());
    }
    const wait = limiter.reserveUnpaid('reader', 'user');
    expect(wait).toBeGreaterThan(0);
    time.advance(wait);
    expect(limiter.reserveUnpaid('reader', 'user')).toBe(0);
    const inWindow = sent.filter((t) => t > time.now() - windowMs).length;
    expect(inWindow).toBeLessThan(30);
    // A free ceiling is not needed when every message may go at the overall rate anyway.
    const free = new RateLimiter({ ...paid, overallPerSecond: 25 }, time.now);
    const plain = new RateLimiter({ ...paid, overallPerSecond: 25 }, time.now);
    for (let i = 0; i < 50; i++) {
      const wait = free.reserveUnpaid(`r${i}`, 'user');
      expect(wait).toBe(plain.reserve(`r${i}`, 'user'));
      time.advance(Math.max(wait, 7));
    }
  });

  it('unpaid messages themselves keep to the free ceiling', () => {
    const time = fakeTime();
    const limiter = new RateLimiter(paid, time.now);
    const sent: number[] = [];
    for (let i = 0; sent.length < 100; i++) {
      const wait = limiter.reserveUnpaid(`r${i}`, 'user');
      if (wait > 0) time.advance(wait);
      else sent.push(time.now());
    }
    for (const t of sent) expect(sent.filter((s) => s > t - windowMs && s <= t).length).toBeLessThanOrEqual(30);
  });

  it('a waiting edit is sent within about a second of a broadcast at full speed: deliveries step aside', async () => {
    const time = fakeTime();
    const sleeps: { ms: number; wake: () => void }[] = [];
    const pacer = new PlatformPacer(new RateLimiter(paid, time.now), {
      sleep: (ms) => new Promise<void>((wake) => sleeps.push({ ms, wake })),
    });
    const sent: number[] = [];
    let edited: number | null = null;
    let started = 0;
    // The worker asks for slots every millisecond; half a second in, a reader's edit waits.
    for (let step = 0; step < 3000 && edited === null; step++) {
      if (step === 500) {
        started = time.now();
        void pacer.acquire('reader', 'user', 'reply', undefined, { unpaid: true }).then(() => {
          edited = time.now();
        });
        await flush();
      }
      for (let i = 0; i < 3; i++) if (pacer.reserve(`d${step}-${i}`, 'user') === 0) sent.push(time.now());
      time.advance(1);
      const due = sleeps.filter((s) => s.ms <= 1);
      for (const s of sleeps) s.ms -= 1;
      for (const s of due) {
        sleeps.splice(sleeps.indexOf(s), 1);
        s.wake();
      }
      await flush();
    }
    expect(sent.filter((t) => t < started).length).toBeGreaterThan(400);
    expect(edited).not.toBeNull();
    expect(edited! - started).toBeLessThan(1200);
    expect(sent.filter((t) => t > edited! - windowMs && t <= edited!).length).toBeLessThan(30);
  });
});
