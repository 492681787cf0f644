import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { LOGIN_LINK_TTL_MS } from '../../src/commands/handlers/weblogin.ts';
import type { CoreHandle } from '../../src/runtime.ts';
import { SESSION_TTL_MS, SigninLimiter } from '../../src/web/auth.tsx';
import { CONTENT_SECURITY_POLICY } from '../../src/web/newsroom.tsx';
import { FakeClock } from '../helpers/core.ts';
import { DIALECTS, openDialectCore, openDialectCoreWith, openDialectStorage } from '../helpers/dialects.ts';
import { coreOnStorage } from '../../src/runtime.ts';
import { silentLogger } from '../../src/logger.ts';
import { testConfig } from '../helpers/core.ts';
import { Browser, linkPath, signIn, startNewsroom, useLink, WEB_ENV, type TestHttp } from './helpers.ts';

describe.each(DIALECTS)('newsroom sign-in on %s', (dialect) => {
  let handle: CoreHandle;
  let http: TestHttp;
  let clock: FakeClock;

  beforeEach(async () => {
    clock = new FakeClock();
    handle = await openDialectCore(dialect, WEB_ENV, clock);
    http = await startNewsroom(handle);
  });
  afterEach(async () => {
    await http.close();
    await handle.close();
  });

  it('sends a visitor without a session to the sign-in page, which says how to get a link', async () => {
    const browser = new Browser(http);
    const page = await browser.get('/admin/archive');
    expect(page.status).toBe(303);
    expect(page.response.headers.get('location')).toBe('/admin/login');
    const signin = await browser.get('/admin/login');
    expect(signin.status).toBe(200);
    expect(signin.text).toContain('/weblogin');
    expect(signin.text).toContain('tagwire admin-link');
  });

  it('signs in with a one-time link: an HttpOnly, SameSite=Strict session cookie that expires', async () => {
    const browser = new Browser(http);
    const path = await linkPath(handle);
    expect(path).toMatch(/^\/admin\/login\?token=[\w-]{43}$/u);
    // Opening the link (a chat's link preview does) uses nothing: only the button does.
    await browser.get(path);
    const answer = await useLink(browser, path);
    expect(answer.status).toBe(303);
    const cookie = answer.response.headers.getSetCookie().find((c) => c.startsWith('tagwire_session='));
    expect(cookie).toMatch(/HttpOnly/u);
    expect(cookie).toMatch(/SameSite=Strict/u);
    expect(cookie).toMatch(new RegExp(`Max-Age=${SESSION_TTL_MS / 1000}`, 'u'));
    expect(cookie).not.toMatch(/Secure/u);
    const page = await browser.get('/admin/archive');
    expect(page.status).toBe(200);
    expect(page.text).toContain('Ann (telegram:7)');
    const log = await browser.get('/admin/audit');
    expect(log.text).toContain('sign-in');
  });

  it('refuses a link used twice, an expired link and a made-up one', async () => {
    const path = await linkPath(handle);
    expect((await useLink(new Browser(http), path)).status).toBe(303);
    const second = await useLink(new Browser(http), path);
    expect(second.status).toBe(400);
    expect(second.text).toContain('used already or has expired');

    const old = await linkPath(handle);
    clock.advance(LOGIN_LINK_TTL_MS + 1);
    expect((await useLink(new Browser(http), old)).status).toBe(400);
    expect((await useLink(new Browser(http), '/admin/login?token=nonsense')).status).toBe(400);
  });

  it('refuses a sign-in that did not start on the sign-in page (no nonce cookie)', async () => {
    const path = await linkPath(handle);
    const browser = new Browser(http);
    const page = await browser.get(path);
    browser.cookies.clear();
    const token = /name="token" value="([^"]+)"/u.exec(page.text)?.[1] ?? '';
    const nonce = /name="nonce" value="([^"]+)"/u.exec(page.text)?.[1] ?? '';
    const answer = await browser.post('/admin/login', { token, nonce });
    expect(answer.status).toBe(403);
    // The link is still good.
    expect((await useLink(new Browser(http), path)).status).toBe(303);
  });

  it('refuses a form without the session CSRF token, or with a forged one', async () => {
    const browser = await signIn(handle, http);
    const forged = await browser.post('/admin/deliveries/retry', { _csrf: 'forged-token' });
    expect(forged.status).toBe(403);
    expect(forged.text).toContain('security token');
    const missing = await browser.post('/admin/deliveries/retry', { _csrf: '' });
    expect(missing.status).toBe(403);
    expect((await browser.get('/admin/audit')).text).not.toContain('retry');
    expect((await browser.post('/admin/deliveries/retry', {})).status).toBe(200);
  });

  it('ends the session on sign-out, and when it expires', async () => {
    const browser = await signIn(handle, http);
    const out = await browser.post('/admin/logout', {});
    expect(out.status).toBe(303);
    expect(out.response.headers.get('location')).toBe('/admin/login?m=out');
    expect((await browser.get('/admin/archive')).status).toBe(303);

    const other = await signIn(handle, http);
    clock.advance(SESSION_TTL_MS + 1);
    const expired = await other.get('/admin/archive');
    expect(expired.status).toBe(303);
    expect(expired.response.headers.get('location')).toBe('/admin/login?m=expired');
  });

  it('refuses a user who is not a bot admin', async () => {
    const answer = await useLink(new Browser(http), await linkPath(handle, { platform: 'telegram', id: '8' }));
    expect(answer.status).toBe(403);
    expect(answer.text).toContain('Only the bot admins');
  });

  it('lets a Discord admin in by role', async () => {
    const browser = await signIn(handle, http, { platform: 'discord', id: '55', roleIds: ['900'] });
    expect((await browser.get('/admin/chats')).status).toBe(200);
  });

  it('sends every page with a Content-Security-Policy without inline scripts, and no-store', async () => {
    const browser = await signIn(handle, http);
    const page = await browser.get('/admin/compose');
    expect(page.response.headers.get('content-security-policy')).toBe(CONTENT_SECURITY_POLICY);
    expect(CONTENT_SECURITY_POLICY).not.toContain('unsafe-inline');
    expect(page.response.headers.get('cache-control')).toBe('no-store');
    expect(page.response.headers.get('x-frame-options')).toBe('DENY');
    expect(page.text).not.toMatch(/<script(?![^>]*\bsrc=)/u);
    expect(page.text).not.toMatch(/ on[a-z]+="/u);
    expect(page.text).not.toMatch(/ style="/u);
  });
});

describe('newsroom sign-in limits and revocation', () => {
  it('limits sign-in attempts per address', async () => {
    const handle = await openDialectCore('sqlite', WEB_ENV);
    const http = await startNewsroom(handle, new SigninLimiter(handle.deps.stores.webSessions, { attempts: 3 }));
    try {
      for (let i = 0; i < 3; i++)
        expect((await new Browser(http).post('/admin/login', { token: 'x', nonce: 'y' })).status).toBe(403);
      const limited = await new Browser(http).post('/admin/login', { token: 'x', nonce: 'y' });
      expect(limited.status).toBe(429);
      expect(limited.text).toContain('Too many sign-in attempts');
      expect(Number(limited.response.headers.get('retry-after'))).toBeGreaterThan(0);
    } finally {
      await http.close();
      await handle.close();
    }
  });

  it('behind a trusted reverse proxy, limits each client by the address the proxy passes, not by the proxy', async () => {
    const attempt = (http: TestHttp, forwardedFor: string) =>
      new Browser(http, { 'x-forwarded-for': forwardedFor }).post('/admin/login', { token: 'x', nonce: 'y' });
    const proxied = await openDialectCore('sqlite', { ...WEB_ENV, TRUSTED_PROXIES: '1' });
    const http = await startNewsroom(proxied, new SigninLimiter(proxied.deps.stores.webSessions, { attempts: 2 }));
    try {
      for (let i = 0; i < 2; i++) expect((await attempt(http, '203.0.113.9')).status).toBe(403);
      expect((await attempt(http, '203.0.113.9')).status).toBe(429);
      // Another reader behind the same proxy still may; one who writes the header himself may not escape.
      expect((await attempt(http, '198.51.100.4')).status).toBe(403);
      expect((await attempt(http, '198.51.100.77, 203.0.113.9')).status).toBe(429);
    } finally {
      await http.close();
      await proxied.close();
    }
    // Without TRUSTED_PROXIES the header is not read: changing it does not escape the limit.
    const direct = await openDialectCore('sqlite', WEB_ENV);
    const http2 = await startNewsroom(direct, new SigninLimiter(direct.deps.stores.webSessions, { attempts: 2 }));
    try {
      for (let i = 0; i < 2; i++) expect((await attempt(http2, `198.51.100.${i}`)).status).toBe(403);
      expect((await attempt(http2, '198.51.100.9')).status).toBe(429);
    } finally {
      await http2.close();
      await direct.close();
    }
  });

  it('revokes the sessions of a user who stopped being a bot admin', async () => {
    const { storage } = await openDialectStorage('sqlite');
    await storage.migrate();
    const before = coreOnStorage(storage, testConfig(WEB_ENV), silentLogger);
    const http1 = await startNewsroom(before);
    const browser = await signIn(before, http1);
    await http1.close();
    // The same database, served with a configuration where user 7 is no longer an admin.
    const after = coreOnStorage(storage, testConfig({ ...WEB_ENV, TELEGRAM_ADMIN_IDS: '9' }), silentLogger);
    const http2 = await startNewsroom(after);
    try {
      const cookies = new Map(browser.cookies);
      const again = new Browser(http2);
      for (const [k, v] of cookies) again.cookies.set(k, v);
      const page = await again.get('/admin/archive');
      expect(page.status).toBe(303);
      expect(page.response.headers.get('location')).toBe('/admin/login?m=revoked');
      expect(await storage.stores.webSessions.endSessionsOf('telegram', '7')).toBe(0);
    } finally {
      await http2.close();
      await storage.close();
    }
  });

  it('marks the cookie Secure when the newsroom is served over https', async () => {
    const handle = await openDialectCoreWith('sqlite', testConfig({ ...WEB_ENV, WEB_URL: 'https://news.example.com' }));
    const http = await startNewsroom(handle);
    try {
      const answer = await useLink(new Browser(http), await linkPath(handle));
      expect(answer.response.headers.getSetCookie().find((c) => c.startsWith('tagwire_session='))).toMatch(/Secure/u);
    } finally {
      await http.close();
      await handle.close();
    }
  });
});
