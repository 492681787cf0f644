/** @jsxImportSource hono/jsx */
import { readFileSync } from 'node:fs';
import { Hono } from 'hono';
import { bodyLimit } from 'hono/body-limit';
import type { CoreDeps } from '../app/deps.ts';
import { createCore, type Core } from '../core/core.ts';
import type { CardPreviewer } from '../ports/card-preview.ts';
import { atomRoutes } from './atom.ts';
import { requireSession, SigninLimiter, signinRoutes } from './auth.tsx';
import { render, type Newsroom, type NewsroomEnv } from './env.ts';
import { Notice, Page } from './layout.tsx';
import { archiveRoutes } from './pages/archive.tsx';
import { auditRoutes } from './pages/audit.tsx';
import { chatsRoutes } from './pages/chats.tsx';
import { composeRoutes } from './pages/compose.tsx';
import { deliveriesRoutes } from './pages/deliveries.tsx';
import { editRoutes } from './pages/edit.tsx';
import { feedsRoutes } from './pages/feeds.tsx';
import { tagsRoutes } from './pages/tags.tsx';

/**
 * The newsroom (docs/newsroom.md): the admins' web pages under /admin and the public
 * Atom feeds under /feeds, served by the HTTP server (src/http/server.ts). Pages are
 * rendered on the server (Hono's JSX, which escapes every value) and work without
 * JavaScript; the one script (assets/newsroom.js) adds the live preview and the tag
 * suggestions. No inline script or style: the Content-Security-Policy forbids them.
 */

/** The largest form accepted (an article's body is at most 100,000 characters). */
export const MAX_FORM_BYTES = 1_000_000;

export const CONTENT_SECURITY_POLICY = [
  "default-src 'none'",
  "script-src 'self'",
  "style-src 'self'",
  "img-src 'self' data:",
  "connect-src 'self'",
  "form-action 'self'",
  "frame-ancestors 'none'",
  "base-uri 'none'",
].join('; ');

const ASSETS: Record<string, string> = {
  'newsroom.css': 'text/css; charset=utf-8',
  'newsroom.js': 'text/javascript; charset=utf-8',
};

function loadAssets(): Map<string, { body: string; type: string }> {
  const assets = new Map<string, { body: string; type: string }>();
  for (const [name, type] of Object.entries(ASSETS))
    assets.set(name, { body: readFileSync(new URL(`./assets/${name}`, import.meta.url), 'utf8'), type });
  return assets;
}

export interface NewsroomOptions {
  deps: CoreDeps;
  /** The core over the same deps; made here when not given. */
  core?: Core;
  /** Sign-in attempts per address and window (tests make it small). */
  limiter?: SigninLimiter;
  /** The platforms' card renderers the compose and edit previews show (none: the preview says so). */
  cardPreviewers?: readonly CardPreviewer[] | undefined;
}

/** The newsroom as a Hono app: GET/POST under /admin, GET /feeds/*.atom. */
export function createNewsroom(options: NewsroomOptions): Hono<NewsroomEnv> {
  const { deps } = options;
  const baseUrl = deps.config.http.webUrl ?? 'http://localhost';
  const n: Newsroom = {
    deps,
    core: options.core ?? createCore(deps),
    secure: baseUrl.startsWith('https:'),
    baseUrl,
    cardPreviewers: options.cardPreviewers ?? [],
  };
  const assets = loadAssets();
  const app = new Hono<NewsroomEnv>();

  app.use('*', async (c, next) => {
    await next();
    c.header('content-security-policy', CONTENT_SECURITY_POLICY);
    c.header('x-content-type-options', 'nosniff');
    c.header('x-frame-options', 'DENY');
    c.header('referrer-policy', 'no-referrer');
    if (c.req.path.startsWith('/admin') && !c.req.path.startsWith('/admin/assets/'))
      c.header('cache-control', 'no-store');
  });
  app.use(
    '/admin/*',
    bodyLimit({
      maxSize: MAX_FORM_BYTES,
      onError: (c) => c.text('The form is larger than the newsroom accepts (1 MB).', 413),
    }),
  );

  app.get('/admin/assets/:name', (c) => {
    const asset = assets.get(c.req.param('name'));
    if (!asset) return c.text('No such file.', 404);
    c.header('cache-control', 'public, max-age=300');
    return c.body(asset.body, 200, { 'content-type': asset.type });
  });
  atomRoutes(app, n);
  signinRoutes(app, n, options.limiter);

  app.use('/admin', requireSession(n));
  app.use('/admin/*', requireSession(n));
  app.get('/admin', (c) => c.redirect('/admin/compose', 303));
  composeRoutes(app, n);
  archiveRoutes(app, n);
  editRoutes(app, n);
  deliveriesRoutes(app, n);
  chatsRoutes(app, n);
  tagsRoutes(app, n);
  feedsRoutes(app, n);
  auditRoutes(app, n);

  app.notFound((c) =>
    render(
      c,
      <Page title="Not found">
        <p>
          There is no such page. The newsroom starts at <a href="/admin">/admin</a>.
        </p>
      </Page>,
      404,
    ),
  );
  app.onError((err, c) => {
    deps.logger.error({ err, method: c.req.method, path: c.req.path }, 'newsroom request failed');
    return c.html(
      `<!doctype html>${String(
        <Page title="Something went wrong">
          <Notice kind="error">Something went wrong on our side; it was logged. Try again, or go back.</Notice>
        </Page>,
      )}`,
      500,
    );
  });
  return app;
}
