import { createHash, timingSafeEqual } from 'node:crypto';
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { Update } from 'grammy/types';
import type { Logger } from '../../src/index.ts';

/**
 * Webhook mode: Telegram POSTs each update to TELEGRAM_WEBHOOK_URL, which a reverse
 * proxy (or Telegram directly) routes to this server on PORT. Only POSTs to the URL's
 * path with the right `X-Telegram-Bot-Api-Secret-Token` header are accepted: anyone
 * who can reach the port could otherwise pose as any Telegram user, admins included.
 *
 * The answer (200) is sent once the update is handled, or after WEBHOOK_ANSWER_WITHIN_MS
 * if handling takes longer: Telegram resends updates it got no answer to, and a resent
 * update would be handled twice.
 */

export const WEBHOOK_ANSWER_WITHIN_MS = 5_000;
/** Updates are small JSON; anything bigger is not from Telegram. */
export const WEBHOOK_MAX_BODY_BYTES = 1_000_000;
export const SECRET_HEADER = 'x-telegram-bot-api-secret-token';

/**
 * The secret when TELEGRAM_WEBHOOK_SECRET is not set: derived from the bot token, so it
 * is stable across restarts, unguessable without the token, and in Telegram's alphabet.
 */
export function derivedWebhookSecret(token: string): string {
  return createHash('sha256').update(`tagwire webhook secret\n${token}`).digest('base64url');
}

function secretMatches(given: string | string[] | undefined, expected: string): boolean {
  if (typeof given !== 'string') return false;
  const a = Buffer.from(given, 'utf8');
  const b = Buffer.from(expected, 'utf8');
  return a.length === b.length && timingSafeEqual(a, b);
}

function readBody(req: IncomingMessage): Promise<Buffer | null> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    let size = 0;
    req.on('data', (chunk: Buffer) => {
      size += chunk.length;
      if (size > WEBHOOK_MAX_BODY_BYTES) {
        resolve(null);
        req.destroy();
        return;
      }
      chunks.push(chunk);
    });
    req.once('end', () => resolve(Buffer.concat(chunks)));
    req.once('error', reject);
  });
}

function isUpdate(value: unknown): value is Update {
  return (
    typeof value === 'object' && value !== null && typeof (value as { update_id?: unknown }).update_id === 'number'
  );
}

export interface WebhookServerOptions {
  port: number;
  /** Interface to listen on; all of them when unset. */
  host?: string;
  /** The path of TELEGRAM_WEBHOOK_URL, e.g. "/telegram". */
  path: string;
  secret: string;
  logger: Logger;
  /** Handles one update; must not throw. */
  handle(update: Update): Promise<void>;
}

export interface WebhookServer {
  address(): AddressInfo;
  /** Stops accepting requests and waits for the updates being handled. */
  close(): Promise<void>;
}

export async function startWebhookServer(options: WebhookServerOptions): Promise<WebhookServer> {
  const inFlight = new Set<Promise<void>>();
  const reply = (res: ServerResponse, status: number, text: string) => {
    res.writeHead(status, { 'content-type': 'text/plain; charset=utf-8' }).end(text);
  };

  async function onRequest(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const path = new URL(req.url ?? '/', 'http://localhost').pathname;
    if (req.method === 'GET' && path === '/healthz') return reply(res, 200, 'ok');
    if (path !== options.path) return reply(res, 404, 'not found');
    if (req.method !== 'POST') return reply(res, 405, 'method not allowed');
    if (!secretMatches(req.headers[SECRET_HEADER], options.secret)) {
      options.logger.warn(
        { from: req.socket.remoteAddress },
        'telegram webhook: request without the right secret token refused',
      );
      return reply(res, 401, 'unauthorized');
    }
    const body = await readBody(req);
    if (body === null) return reply(res, 413, 'too large');
    let update: unknown;
    try {
      update = JSON.parse(body.toString('utf8'));
    } catch {
      return reply(res, 400, 'not JSON');
    }
    if (!isUpdate(update)) return reply(res, 400, 'not an update');
    const work = options.handle(update);
    inFlight.add(work);
    void work.finally(() => inFlight.delete(work));
    let timer: NodeJS.Timeout | undefined;
    await Promise.race([
      work,
      new Promise<void>((resolve) => {
        timer = setTimeout(resolve, WEBHOOK_ANSWER_WITHIN_MS);
      }),
    ]);
    clearTimeout(timer);
    reply(res, 200, '');
  }

  const server: Server = createServer((req, res) => {
    onRequest(req, res).catch((err: unknown) => {
      options.logger.error({ err }, 'telegram webhook: request failed');
      if (!res.headersSent) reply(res, 500, 'error');
    });
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(options.port, options.host, () => {
      server.off('error', reject);
      resolve();
    });
  });
  return {
    address: () => server.address() as AddressInfo,
    async close() {
      await new Promise<void>((resolve) => {
        server.close(() => resolve());
        server.closeIdleConnections();
      });
      await Promise.allSettled([...inFlight]);
    },
  };
}
