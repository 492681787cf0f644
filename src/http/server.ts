import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { getRequestListener } from '@hono/node-server';
import type { CoreDeps } from '../app/deps.ts';
import type { Core } from '../core/core.ts';
import { createNewsroom } from '../web/newsroom.tsx';
import type { SigninLimiter } from '../web/auth.tsx';
import type { CardPreviewer } from '../ports/card-preview.ts';
import { handleEdit, handleIngest, MAX_INGEST_BODY_BYTES } from './ingest.ts';
import { METRICS_CONTENT_TYPE, renderMetrics } from './metrics-text.ts';
import { ClientAbortError, HttpError, sendError, sendJson, sendText } from './respond.ts';

/** A request, headers and body, must arrive within this many ms. */
export const REQUEST_TIMEOUT_MS = 30_000;

export interface HttpServerOptions {
  deps: CoreDeps;
  /** Default: HTTP_PORT. 0 picks a free port (tests). */
  port?: number;
  /** Interface to listen on. Default: all. */
  host?: string;
  /** Default: INGEST_TOKEN. Without one, POST /api/articles (and PATCH) answers 503. */
  ingestToken?: string;
  /** Default MAX_INGEST_BODY_BYTES. */
  maxBodyBytes?: number;
  /** The core the newsroom runs commands through; one over `deps` when not given. */
  core?: Core;
  /** The newsroom's sign-in limits (tests). */
  signinLimiter?: SigninLimiter;
  /** The platforms' card renderers for the newsroom's preview (AdapterFactory.cardPreviewer). */
  cardPreviewers?: readonly CardPreviewer[];
}

export interface HttpServerHandle {
  /** The port it listens on (the chosen one when asked for 0). */
  port: number;
  /** Stops accepting, ends idle connections, waits for requests in flight. */
  close(): Promise<void>;
}

function allow(req: IncomingMessage, methods: string[]): void {
  if (!methods.includes(req.method ?? '')) {
    throw new HttpError(405, 'method_not_allowed', `Use ${methods.join(' or ')} here.`, { allow: methods.join(', ') });
  }
}

async function health(deps: CoreDeps, res: ServerResponse): Promise<void> {
  try {
    await deps.stores.ping();
    sendJson(res, 200, { status: 'ok' });
  } catch (err) {
    deps.logger.error({ err }, 'health check: database unreachable');
    sendJson(res, 503, { status: 'unavailable', message: 'The database cannot be reached.' });
  }
}

/** Paths the newsroom (src/web/) answers: its pages and the public Atom feeds. */
const isNewsroomPath = (path: string) => path === '/admin' || path.startsWith('/admin/') || path.startsWith('/feeds/');

/**
 * The HTTP side of tagwire: POST /api/articles and PATCH /api/articles/ID (the ingest API), GET /healthz and
 * GET /metrics, and the newsroom (/admin, /feeds/*.atom; src/web/). A request can never crash the process: every failure is answered
 * (4xx for the client's, 500 for ours, logged).
 */
export async function startHttpServer(options: HttpServerOptions): Promise<HttpServerHandle> {
  const { deps } = options;
  const port = options.port ?? deps.config.http.port;
  if (port === undefined) throw new Error('startHttpServer needs a port: set HTTP_PORT');
  const token = options.ingestToken ?? deps.config.http.ingestToken;
  const maxBodyBytes = options.maxBodyBytes ?? MAX_INGEST_BODY_BYTES;
  const newsroom = getRequestListener(
    createNewsroom({
      deps,
      core: options.core,
      limiter: options.signinLimiter,
      cardPreviewers: options.cardPreviewers,
    }).fetch,
    // Node's own Request and Response stay as they are for the rest of the process.
    { overrideGlobalObjects: false },
  );

  const route = async (req: IncomingMessage, res: ServerResponse) => {
    const url = new URL(req.url ?? '/', 'http://localhost');
    const path = url.pathname.replace(/\/+$/u, '') || '/';
    if (isNewsroomPath(path)) return newsroom(req, res);
    const articleId = /^\/api\/articles\/([^/]+)$/u.exec(path)?.[1];
    if (articleId !== undefined) {
      allow(req, ['PATCH']);
      return handleEdit(deps, req, res, { token, maxBodyBytes, rawId: articleId, search: url.searchParams });
    }
    switch (path) {
      case '/api/articles':
        allow(req, ['POST']);
        return handleIngest(deps, req, res, { token, maxBodyBytes });
      case '/healthz':
        allow(req, ['GET', 'HEAD']);
        return health(deps, res);
      case '/metrics':
        allow(req, ['GET']);
        return sendText(res, 200, await renderMetrics(deps), METRICS_CONTENT_TYPE);
      default:
        throw new HttpError(
          404,
          'not_found',
          'Nothing here. The API is POST /api/articles, PATCH /api/articles/ID, GET /healthz and GET /metrics; the newsroom is at /admin.',
        );
    }
  };

  const server = createServer((req, res) => {
    route(req, res).catch((err: unknown) => {
      if (err instanceof ClientAbortError) {
        // The client's doing, and nobody to answer: one line, no stack.
        deps.logger.info(
          { method: req.method, url: req.url, receivedBytes: err.receivedBytes },
          'http client aborted the request',
        );
        res.destroy();
        return;
      }
      if (res.headersSent) {
        res.destroy();
        return;
      }
      if (err instanceof HttpError) return sendError(res, err);
      deps.logger.error({ err, method: req.method, url: req.url }, 'http request failed');
      sendJson(res, 500, { error: 'internal', message: 'Something went wrong on our side; it was logged.' });
    });
  });
  server.requestTimeout = REQUEST_TIMEOUT_MS;
  server.headersTimeout = Math.min(server.headersTimeout, REQUEST_TIMEOUT_MS);

  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(port, options.host, () => {
      server.off('error', reject);
      resolve();
    });
  });
  server.on('error', (err) => deps.logger.error({ err }, 'http server error'));
  const address = server.address() as AddressInfo;
  deps.logger.info({ port: address.port, host: options.host ?? 'all' }, 'http server listening');
  return {
    port: address.port,
    close: () =>
      new Promise<void>((resolve) => {
        server.close(() => resolve());
        server.closeIdleConnections();
      }),
  };
}
