import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { silentLogger } from '../../src/logger.ts';
import { openCore, type CoreHandle } from '../../src/runtime.ts';
import { SIGNIN_ATTEMPTS, SIGNIN_WINDOW_MS, SigninLimiter } from '../../src/web/auth.tsx';
import { testConfig } from '../helpers/core.ts';
import { DIALECTS, type DialectName } from '../helpers/dialects.ts';
import { sharedSchema } from '../scale/helpers.ts';
import { Browser, startNewsroom, WEB_ENV, type TestHttp } from './helpers.ts';

/**
 * The newsroom's sign-in limit is kept in the database (signin_attempts), so several
 * tagwire processes behind one database give an address one allowance between them.
 * Each "process" here is its own core over its own connection (pool) to one database: a
 * SQLite file, or a PostgreSQL schema.
 */

let cleanup: (() => Promise<void>)[] = [];
afterEach(async () => {
  for (const step of cleanup.reverse()) await step();
  cleanup = [];
});

/** Two migrated cores on one database. */
async function twoProcesses(dialect: DialectName): Promise<[CoreHandle, CoreHandle]> {
  if (dialect === 'postgres') {
    const shared = await sharedSchema(2, WEB_ENV);
    cleanup.push(() => shared.close());
    const [a, b] = shared.handles;
    if (!a || !b) throw new Error('two handles expected');
    return [a, b];
  }
  const dir = mkdtempSync(join(tmpdir(), 'tagwire-signin-'));
  cleanup.push(async () => rmSync(dir, { recursive: true, force: true }));
  const config = testConfig({ ...WEB_ENV, DATABASE_URL: `sqlite:${join(dir, 'tagwire.db')}` });
  const a = await openCore(config, silentLogger);
  cleanup.push(() => a.close());
  const b = await openCore(config, silentLogger);
  cleanup.push(() => b.close());
  return [a, b];
}

const T0 = Date.UTC(2024, 4, 1, 12, 0, 0);
const WINDOW = 60_000;

describe.each(DIALECTS)('sign-in limit shared through the database on %s', (dialect) => {
  it('gives two processes one allowance per address', async () => {
    const [a, b] = await twoProcesses(dialect);
    const first = new SigninLimiter(a.deps.stores.webSessions, { attempts: 3, windowMs: WINDOW });
    const second = new SigninLimiter(b.deps.stores.webSessions, { attempts: 3, windowMs: WINDOW });
    expect(await first.take('203.0.113.5', T0)).toEqual({ ok: true, retryAfterMs: WINDOW });
    expect(await second.take('203.0.113.5', T0 + 1_000)).toEqual({ ok: true, retryAfterMs: WINDOW - 1_000 });
    expect(await first.take('203.0.113.5', T0 + 2_000)).toEqual({ ok: true, retryAfterMs: WINDOW - 2_000 });
    // The fourth attempt is refused on either process: they count into the same window.
    expect(await second.take('203.0.113.5', T0 + 3_000)).toEqual({ ok: false, retryAfterMs: WINDOW - 3_000 });
    expect(await first.take('203.0.113.5', T0 + 4_000)).toEqual({ ok: false, retryAfterMs: WINDOW - 4_000 });
  });

  it('starts a new window when the last one ended', async () => {
    const [a, b] = await twoProcesses(dialect);
    const first = new SigninLimiter(a.deps.stores.webSessions, { attempts: 2, windowMs: WINDOW });
    const second = new SigninLimiter(b.deps.stores.webSessions, { attempts: 2, windowMs: WINDOW });
    expect((await first.take('198.51.100.7', T0)).ok).toBe(true);
    expect((await second.take('198.51.100.7', T0 + 10)).ok).toBe(true);
    expect(await second.take('198.51.100.7', T0 + WINDOW - 1)).toEqual({ ok: false, retryAfterMs: 1 });
    // The window ends at T0 + WINDOW: a new one starts there, with its full allowance.
    expect(await first.take('198.51.100.7', T0 + WINDOW)).toEqual({ ok: true, retryAfterMs: WINDOW });
    expect(await second.take('198.51.100.7', T0 + WINDOW + 5)).toEqual({ ok: true, retryAfterMs: WINDOW - 5 });
    expect((await first.take('198.51.100.7', T0 + WINDOW + 6)).ok).toBe(false);
  });

  it('counts each address on its own', async () => {
    const [a, b] = await twoProcesses(dialect);
    const first = new SigninLimiter(a.deps.stores.webSessions, { attempts: 1, windowMs: WINDOW });
    const second = new SigninLimiter(b.deps.stores.webSessions, { attempts: 1, windowMs: WINDOW });
    expect((await first.take('192.0.2.1', T0)).ok).toBe(true);
    expect((await second.take('192.0.2.1', T0)).ok).toBe(false);
    expect((await second.take('192.0.2.2', T0)).ok).toBe(true);
    expect((await first.take('2001:db8::1', T0)).ok).toBe(true);
    expect((await first.take('192.0.2.2', T0)).ok).toBe(false);
  });

  it('lets no more than the allowance through when the processes take at once', async () => {
    const [a, b] = await twoProcesses(dialect);
    const limiters = [a, b].map((h) => new SigninLimiter(h.deps.stores.webSessions, { attempts: 5, windowMs: WINDOW }));
    const results = await Promise.all(
      Array.from({ length: 24 }, (_, i) => limiters[i % 2]!.take('203.0.113.9', T0 + (i % 3))),
    );
    expect(results.filter((r) => r.ok)).toHaveLength(5);
  });

  it('uses the default limits, and prunes ended windows', async () => {
    const [a, b] = await twoProcesses(dialect);
    const limiter = new SigninLimiter(a.deps.stores.webSessions);
    for (let i = 0; i < SIGNIN_ATTEMPTS; i++) expect((await limiter.take('192.0.2.50', T0)).ok).toBe(true);
    expect(await limiter.take('192.0.2.50', T0)).toEqual({ ok: false, retryAfterMs: SIGNIN_WINDOW_MS });
    await limiter.take('192.0.2.51', T0 + SIGNIN_WINDOW_MS / 2);
    const store = b.deps.stores.webSessions;
    expect(await store.pruneSigninAttempts(T0 + SIGNIN_WINDOW_MS - 1)).toBe(0);
    expect(await store.pruneSigninAttempts(T0 + SIGNIN_WINDOW_MS)).toBe(1);
    // The sessions' prune (run on /weblogin) takes ended windows along.
    expect(await store.prune(T0 + 2 * SIGNIN_WINDOW_MS)).toBe(1);
    expect(await limiter.take('192.0.2.50', T0 + 2 * SIGNIN_WINDOW_MS)).toEqual({
      ok: true,
      retryAfterMs: SIGNIN_WINDOW_MS,
    });
  });

  it('answers 429 on one newsroom process after the attempts were used up on the other', async () => {
    const [a, b] = await twoProcesses(dialect);
    const servers: TestHttp[] = [];
    for (const handle of [a, b]) {
      const http = await startNewsroom(handle, new SigninLimiter(handle.deps.stores.webSessions, { attempts: 3 }));
      cleanup.push(() => http.close());
      servers.push(http);
    }
    const [one, two] = servers as [TestHttp, TestHttp];
    const attempt = (http: TestHttp) => new Browser(http).post('/admin/login', { token: 'x', nonce: 'y' });
    expect((await attempt(one)).status).toBe(403);
    expect((await attempt(two)).status).toBe(403);
    expect((await attempt(one)).status).toBe(403);
    const limited = await attempt(two);
    expect(limited.status).toBe(429);
    expect(limited.text).toContain('Too many sign-in attempts');
    expect(Number(limited.response.headers.get('retry-after'))).toBeGreaterThan(0);
    expect((await attempt(one)).status).toBe(429);
  });
});
