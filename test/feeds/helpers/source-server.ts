import { readFileSync } from 'node:fs';
import { createServer, type IncomingHttpHeaders, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';

/** A fixture file's text (test/feeds/fixtures). */
export function fixture(name: string): string {
  return readFileSync(new URL(`../fixtures/${name}`, import.meta.url), 'utf8');
}

export type Handler = (req: IncomingMessage, res: ServerResponse) => void;

/** What a route answers: a body with a content type, optionally an ETag honoured with 304. */
export interface Page {
  body: string;
  type?: string;
  etag?: string;
  status?: number;
}

/**
 * A local web server for feeds and pages, on 127.0.0.1 and a free port. Routes can be
 * changed while it runs (a feed gets a new entry); every request's headers are kept.
 */
export class SourceServer {
  readonly requests: { path: string; headers: IncomingHttpHeaders }[] = [];
  private routes = new Map<string, Handler>();
  private server = createServer((req, res) => {
    const path = new URL(req.url ?? '/', 'http://x').pathname;
    this.requests.push({ path, headers: req.headers });
    const handler = this.routes.get(path);
    if (handler) handler(req, res);
    else {
      res.writeHead(404, { 'content-type': 'text/plain' });
      res.end('not found');
    }
  });
  port = 0;

  async start(): Promise<this> {
    await new Promise<void>((resolve) => this.server.listen(0, '127.0.0.1', resolve));
    this.port = (this.server.address() as AddressInfo).port;
    return this;
  }

  url(path: string): string {
    return `http://127.0.0.1:${this.port}${path}`;
  }

  route(path: string, handler: Handler): string {
    this.routes.set(path, handler);
    return this.url(path);
  }

  /** Serves `page`; with an etag, a request carrying it in If-None-Match gets 304. */
  serve(path: string, page: Page): string {
    return this.route(path, (req, res) => {
      if (page.etag !== undefined && req.headers['if-none-match'] === page.etag) {
        res.writeHead(304, { etag: page.etag });
        res.end();
        return;
      }
      res.writeHead(page.status ?? 200, {
        'content-type': page.type ?? 'application/rss+xml; charset=utf-8',
        ...(page.etag ? { etag: page.etag } : {}),
      });
      res.end(page.body);
    });
  }

  requestsTo(path: string): { path: string; headers: IncomingHttpHeaders }[] {
    return this.requests.filter((r) => r.path === path);
  }

  async stop(): Promise<void> {
    this.server.closeAllConnections();
    await new Promise<void>((resolve) => this.server.close(() => resolve()));
  }
}

/** An RSS document with the given items (title, guid, link, categories, description). */
export function rssWith(
  items: { title: string; guid: string; link: string; categories?: string[]; description?: string }[],
  title = 'Generated Feed',
): string {
  const esc = (s: string) => s.replace(/&/gu, '&amp;').replace(/</gu, '&lt;');
  return `<?xml version="1.0"?><rss version="2.0"><channel><title>${esc(title)}</title>${items.map((i) => `<item><title>${esc(i.title)}</title><guid>${esc(i.guid)}</guid><link>${esc(i.link)}</link>${(i.categories ?? []).map((c) => `<category>${esc(c)}</category>`).join('')}<description>${esc(i.description ?? '')}</description></item>`).join('')}</channel></rss>`;
}
