import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { crc32, deflateSync } from 'node:zlib';

/**
 * Pictures for the tests: real PNG bytes, and a local web server that answers with them
 * (or refuses, stalls or lies about them) as an article's image URL would.
 */

/** A PNG of `width` x `height` (RGB, all black), whole: signature, IHDR, IDAT, IEND with CRCs. */
export function png(width: number, height: number): Buffer {
  const chunk = (type: string, data: Buffer) => {
    const length = Buffer.alloc(4);
    length.writeUInt32BE(data.length);
    const body = Buffer.concat([Buffer.from(type, 'latin1'), data]);
    const crc = Buffer.alloc(4);
    crc.writeUInt32BE(crc32(body));
    return Buffer.concat([length, body, crc]);
  };
  const header = Buffer.alloc(13);
  header.writeUInt32BE(width, 0);
  header.writeUInt32BE(height, 4);
  header[8] = 8; // bit depth
  header[9] = 2; // colour type: RGB
  const scanlines = Buffer.alloc((1 + width * 3) * height); // filter byte 0, then black pixels
  return Buffer.concat([
    Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]),
    chunk('IHDR', header),
    chunk('IDAT', deflateSync(scanlines)),
    chunk('IEND', Buffer.alloc(0)),
  ]);
}

export const TINY_PNG = png(1, 1);

export interface ImageRoute {
  status?: number;
  type?: string;
  body?: Buffer | string;
  /** Send the body in chunks without content-length. */
  chunked?: boolean;
  delayMs?: number;
  /** Never answer. */
  hang?: boolean;
}

/** A local web server for pictures; counts the requests per path. */
export class ImageServer {
  private readonly routes = new Map<string, ImageRoute>();
  readonly hits = new Map<string, number>();
  private server: Server | null = null;
  url = '';

  async start(): Promise<this> {
    const server = createServer((req, res) => this.handle(req, res));
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    this.server = server;
    this.url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
    return this;
  }

  serve(path: string, route: ImageRoute): string {
    this.routes.set(path, route);
    return `${this.url}${path}`;
  }

  hitsOf(path: string): number {
    return this.hits.get(path) ?? 0;
  }

  private handle(req: IncomingMessage, res: ServerResponse): void {
    const path = new URL(req.url ?? '/', 'http://x').pathname;
    this.hits.set(path, this.hitsOf(path) + 1);
    const route = this.routes.get(path);
    if (!route) {
      res.writeHead(404, { 'content-type': 'text/plain' }).end('not found');
      return;
    }
    if (route.hang) return;
    const answer = () => {
      const body = typeof route.body === 'string' ? Buffer.from(route.body) : (route.body ?? TINY_PNG);
      const headers: Record<string, string> = route.type === '' ? {} : { 'content-type': route.type ?? 'image/png' };
      if (!route.chunked) {
        res.writeHead(route.status ?? 200, { ...headers, 'content-length': String(body.length) }).end(body);
        return;
      }
      res.writeHead(route.status ?? 200, headers);
      for (let at = 0; at < body.length; at += 64 * 1024) res.write(body.subarray(at, at + 64 * 1024));
      res.end();
    };
    if (route.delayMs) setTimeout(answer, route.delayMs);
    else answer();
  }

  async stop(): Promise<void> {
    const server = this.server;
    this.server = null;
    if (!server) return;
    await new Promise<void>((resolve) => {
      server.close(() => resolve());
      server.closeAllConnections();
    });
  }
}
