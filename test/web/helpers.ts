import { expect } from 'vitest';
import { createLoginLink } from '../../src/commands/handlers/weblogin.ts';
import type { Platform } from '../../src/domain/platform.ts';
import { adapterFactories } from '../../adapters/index.ts';
import { cardPreviewersOf, type CoreHandle } from '../../src/runtime.ts';
import { SigninLimiter } from '../../src/web/auth.tsx';
import { startTestHttp } from '../http/helpers.ts';

/** The configuration of a newsroom test: HTTP on, one Telegram admin (7) and one Discord admin role. */
export const WEB_ENV = {
  HTTP_PORT: '18080',
  INGEST_TOKEN: 'test-ingest-token-0123456789',
  WEB_URL: 'http://newsroom.test',
  TELEGRAM_ADMIN_IDS: '7',
  DISCORD_ADMIN_ROLE_IDS: '900',
};

export type TestHttp = Awaited<ReturnType<typeof startTestHttp>>;

/**
 * The newsroom over `handle`, its preview rendered by every adapter's card renderer as
 * `tagwire start` lends them; sign-in limited by `limiter` (default: 1000 attempts per
 * window, over its database).
 */
export async function startNewsroom(
  handle: CoreHandle,
  limiter = new SigninLimiter(handle.deps.stores.webSessions, { attempts: 1000 }),
  cardPreviewers = cardPreviewersOf(adapterFactories),
): Promise<TestHttp> {
  return startTestHttp(handle, { signinLimiter: limiter, cardPreviewers });
}

/** A browser of sorts: keeps cookies, follows no redirects, reads the CSRF token off the last page. */
export class Browser {
  readonly cookies = new Map<string, string>();
  csrf = '';
  /** `sent`: headers every request carries (X-Forwarded-For, as a reverse proxy adds it). */
  constructor(
    private readonly http: TestHttp,
    private readonly sent: Record<string, string> = {},
  ) {}

  private remember(response: Response): void {
    for (const line of response.headers.getSetCookie()) {
      const [pair = ''] = line.split(';');
      const at = pair.indexOf('=');
      const name = pair.slice(0, at);
      const value = pair.slice(at + 1);
      if (value === '' || /max-age=0/iu.test(line) || /expires=Thu, 01 Jan 1970/iu.test(line))
        this.cookies.delete(name);
      else this.cookies.set(name, value);
    }
  }

  private headers(extra: Record<string, string> = {}): Record<string, string> {
    const cookie = [...this.cookies].map(([k, v]) => `${k}=${v}`).join('; ');
    return { ...this.sent, ...(cookie ? { cookie } : {}), ...extra };
  }

  async get(path: string): Promise<{ status: number; text: string; response: Response }> {
    const response = await fetch(this.http.url(path), { redirect: 'manual', headers: this.headers() });
    this.remember(response);
    const text = await response.text();
    const csrf = /name="_csrf" value="([^"]+)"/u.exec(text)?.[1];
    if (csrf) this.csrf = csrf;
    return { status: response.status, text, response };
  }

  /** Posts a form; the session's CSRF token goes along unless `_csrf` is given. */
  async post(
    path: string,
    form: Record<string, string>,
  ): Promise<{ status: number; text: string; response: Response }> {
    const body = new URLSearchParams({ _csrf: this.csrf, ...form });
    const response = await fetch(this.http.url(path), {
      method: 'POST',
      redirect: 'manual',
      headers: this.headers({ 'content-type': 'application/x-www-form-urlencoded' }),
      body,
    });
    this.remember(response);
    const text = await response.text();
    const csrf = /name="_csrf" value="([^"]+)"/u.exec(text)?.[1];
    if (csrf) this.csrf = csrf;
    return { status: response.status, text, response };
  }
}

/** A fresh sign-in link's path and query (the link as /weblogin makes it, on the test server). */
export async function linkPath(
  handle: CoreHandle,
  user: { platform: Platform; id: string; name?: string; roleIds?: string[] } = {
    platform: 'telegram',
    id: '7',
    name: 'Ann',
  },
): Promise<string> {
  const link = await createLoginLink(handle.deps, user);
  if (!link) throw new Error('the newsroom is off');
  const url = new URL(link.url);
  return `${url.pathname}${url.search}`;
}

/** Opens a link and presses Sign in; returns the answer to the press. */
export async function useLink(browser: Browser, path: string) {
  const page = await browser.get(path);
  expect(page.status).toBe(200);
  const token = /name="token" value="([^"]+)"/u.exec(page.text)?.[1] ?? '';
  const nonce = /name="nonce" value="([^"]+)"/u.exec(page.text)?.[1] ?? '';
  return browser.post('/admin/login', { token, nonce });
}

/** A signed-in browser. */
export async function signIn(
  handle: CoreHandle,
  http: TestHttp,
  user?: Parameters<typeof linkPath>[1],
): Promise<Browser> {
  const browser = new Browser(http);
  const answer = await useLink(browser, await linkPath(handle, user));
  expect(answer.status).toBe(303);
  expect(answer.response.headers.get('location')).toBe('/admin');
  await browser.get('/admin/compose');
  return browser;
}
