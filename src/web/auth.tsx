/** @jsxImportSource hono/jsx */
import { timingSafeEqual } from 'node:crypto';
import type { Hono, MiddlewareHandler } from 'hono';
import { deleteCookie, getCookie, setCookie } from 'hono/cookie';
import { isBotAdmin } from '../commands/context.ts';
import { newToken, type SessionStore } from '../storage/session-store.ts';
import { audit, field, type Newsroom, type NewsroomContext, type NewsroomEnv } from './env.ts';
import { Notice, Page } from './layout.tsx';
import { clientAddress } from './client-address.ts';

/** How long a session lasts after sign-in. */
export const SESSION_TTL_MS = 12 * 60 * 60_000;
/** Sign-in attempts one address may make per window. */
export const SIGNIN_ATTEMPTS = 10;
export const SIGNIN_WINDOW_MS = 10 * 60_000;

export const SESSION_COOKIE = 'tagwire_session';
const NONCE_COOKIE = 'tagwire_signin';

const sameText = (a: string, b: string): boolean => {
  const x = Buffer.from(a);
  const y = Buffer.from(b);
  return x.length === y.length && x.length > 0 && timingSafeEqual(x, y);
};

/** The limit on sign-in attempts; the defaults are SIGNIN_ATTEMPTS per SIGNIN_WINDOW_MS. */
export interface SigninLimits {
  /** Attempts one address may make per window. */
  attempts?: number;
  windowMs?: number;
}

/** A limiter prunes ended windows on one take in this many. */
const PRUNE_EVERY = 100;

/**
 * Sign-in attempts per client address: a fixed window each, counted in the database
 * (signin_attempts), so every process on it shares one allowance per address.
 */
export class SigninLimiter {
  private readonly attempts: number;
  private readonly windowMs: number;
  private takes = 0;
  constructor(
    private readonly store: Pick<SessionStore, 'countSigninAttempt' | 'pruneSigninAttempts'>,
    limits: SigninLimits = {},
  ) {
    this.attempts = limits.attempts ?? SIGNIN_ATTEMPTS;
    this.windowMs = limits.windowMs ?? SIGNIN_WINDOW_MS;
  }
  /** Counts an attempt; false when the address used up its attempts (and how long until it may again). */
  async take(address: string, now: number): Promise<{ ok: boolean; retryAfterMs: number }> {
    if (++this.takes % PRUNE_EVERY === 0) await this.store.pruneSigninAttempts(now);
    const window = await this.store.countSigninAttempt(address, now, this.windowMs);
    return { ok: window.attempts <= this.attempts, retryAfterMs: Math.max(0, window.endsAt - now) };
  }
}

const MESSAGES: Record<string, string> = {
  out: 'You are signed out.',
  expired: 'Your session has ended. Sign in again with a new link.',
  revoked: 'You are no longer a bot admin, so your session was ended.',
};

const SigninHelp = () => (
  <>
    <p>The newsroom is for the bot's admins. To sign in, get a one-time link:</p>
    <ul>
      <li>
        send <code>/weblogin</code> to the bot in a private chat (Telegram, a Discord DM, or the console), or
      </li>
      <li>
        run <code>tagwire admin-link</code> on the server.
      </li>
    </ul>
    <p>A link works once, for 10 minutes.</p>
  </>
);

/** The client's address, through the reverse proxies TRUSTED_PROXIES names (client-address.ts). */
const addressOf = (c: NewsroomContext, trustedProxies: number): string =>
  clientAddress(c.env?.incoming?.socket?.remoteAddress, c.req.header('x-forwarded-for'), trustedProxies);

const html = (c: NewsroomContext, node: unknown, status: 200 | 400 | 403 | 429 = 200) =>
  c.html(`<!doctype html>${String(node)}`, status);

/**
 * GET and POST /admin/login, POST /admin/logout. Sign-in attempts are limited by `limiter`;
 * by default, SIGNIN_ATTEMPTS per SIGNIN_WINDOW_MS over the database.
 */
export function signinRoutes(
  app: Hono<NewsroomEnv>,
  n: Newsroom,
  limiter: SigninLimiter = new SigninLimiter(n.deps.stores.webSessions),
): void {
  const cookieBase = { httpOnly: true, sameSite: 'Strict' as const, secure: n.secure };

  app.get('/admin/login', (c) => {
    const token = c.req.query('token') ?? '';
    const message = MESSAGES[c.req.query('m') ?? ''];
    if (token === '') {
      return html(
        c,
        <Page title="Sign in">
          {message ? <Notice kind="ok">{message}</Notice> : null}
          <SigninHelp />
        </Page>,
      );
    }
    // The link is only used by the button: a chat's link preview fetching it uses nothing.
    const nonce = newToken();
    setCookie(c, NONCE_COOKIE, nonce, { ...cookieBase, path: '/admin/login', maxAge: 15 * 60 });
    return html(
      c,
      <Page title="Sign in">
        <p>Sign in to the tagwire newsroom with this one-time link.</p>
        <form method="post" action="/admin/login">
          <input type="hidden" name="token" value={token} />
          <input type="hidden" name="nonce" value={nonce} />
          <button type="submit">Sign in</button>
        </form>
      </Page>,
    );
  });

  app.post('/admin/login', async (c) => {
    const now = n.deps.clock.now().getTime();
    const limit = await limiter.take(addressOf(c, n.deps.config.http.trustedProxies), Date.now());
    if (!limit.ok) {
      c.header('retry-after', String(Math.ceil(limit.retryAfterMs / 1000)));
      return html(
        c,
        <Page title="Sign in">
          <Notice kind="error">
            Too many sign-in attempts from your address. Try again in {Math.ceil(limit.retryAfterMs / 60_000)} minutes.
          </Notice>
        </Page>,
        429,
      );
    }
    const refuse = (text: string, status: 400 | 403 = 400) =>
      html(
        c,
        <Page title="Sign in">
          <Notice kind="error">{text}</Notice>
          <SigninHelp />
        </Page>,
        status,
      );
    const nonce = await field(c, 'nonce');
    if (!sameText(nonce, getCookie(c, NONCE_COOKIE) ?? ''))
      return refuse('This sign-in did not start on this page. Open your sign-in link again.', 403);
    deleteCookie(c, NONCE_COOKIE, { ...cookieBase, path: '/admin/login' });
    const user = await n.deps.stores.webSessions.redeemLink(await field(c, 'token'), now);
    if (!user) return refuse('This link was used already or has expired. Ask for a new one.');
    if (!isBotAdmin(n.deps.config, { platform: user.platform, user: { id: user.userId, roleIds: user.roleIds } }))
      return refuse('Only the bot admins may use the newsroom.', 403);
    const session = await n.deps.stores.webSessions.createSession(user, now, now + SESSION_TTL_MS);
    setCookie(c, SESSION_COOKIE, session.token, { ...cookieBase, path: '/', maxAge: SESSION_TTL_MS / 1000 });
    const actor = user.name ? `${user.platform}:${user.userId} (${user.name})` : `${user.platform}:${user.userId}`;
    await n.deps.stores.webSessions.audit(actor, 'sign-in', '', now);
    return c.redirect('/admin', 303);
  });

  app.post('/admin/logout', requireSession(n), async (c) => {
    await n.deps.stores.webSessions.endSession(c.get('sessionToken'));
    await audit(n, c, 'sign-out', '');
    deleteCookie(c, SESSION_COOKIE, { ...cookieBase, path: '/' });
    return c.redirect('/admin/login?m=out', 303);
  });
}

/**
 * The newsroom's door: a live session of a user who is still a bot admin, and on every
 * POST the session's CSRF token (the form's `_csrf`, or the `x-csrf-token` header of
 * the page's script). A user who stopped being a bot admin loses every session.
 */
export function requireSession(n: Newsroom): MiddlewareHandler<NewsroomEnv> {
  return async (c, next) => {
    const token = getCookie(c, SESSION_COOKIE);
    const now = n.deps.clock.now().getTime();
    const session = token ? await n.deps.stores.webSessions.session(token, now) : undefined;
    const toSignin = (m?: string) => {
      if (c.req.method !== 'GET' && c.req.method !== 'HEAD')
        return html(
          c,
          <Page title="Signed out">
            <Notice kind="error">{MESSAGES[m ?? 'expired']}</Notice>
            <p>
              <a href="/admin/login">Sign in</a>
            </p>
          </Page>,
          403,
        );
      return c.redirect(m ? `/admin/login?m=${m}` : '/admin/login', 303);
    };
    if (!token || !session) return toSignin(token ? 'expired' : undefined);
    const { user } = session;
    if (!isBotAdmin(n.deps.config, { platform: user.platform, user: { id: user.userId, roleIds: user.roleIds } })) {
      const ended = await n.deps.stores.webSessions.endSessionsOf(user.platform, user.userId);
      n.deps.logger.info({ platform: user.platform, user: user.userId, sessions: ended }, 'newsroom sessions revoked');
      return toSignin('revoked');
    }
    if (c.req.method === 'POST') {
      const sent = c.req.header('x-csrf-token') ?? (await field(c, '_csrf'));
      if (!sameText(sent, session.csrfToken)) {
        return html(
          c,
          <Page title="Refused">
            <Notice kind="error">
              This form was not sent from a page of your session (its security token is missing or wrong). Go back,
              reload the page and try again.
            </Notice>
          </Page>,
          403,
        );
      }
    }
    c.set('page', { user, csrf: session.csrfToken });
    c.set('sessionToken', token);
    await next();
  };
}
