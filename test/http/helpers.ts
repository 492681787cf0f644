import type { CoreHandle } from '../../src/runtime.ts';
import { startHttpServer, type HttpServerHandle, type HttpServerOptions } from '../../src/http/server.ts';

export const TOKEN = 'test-ingest-token-0123456789';

/** The HTTP server over a test core, on 127.0.0.1 and a free port. */
export async function startTestHttp(
  handle: CoreHandle,
  options: Partial<HttpServerOptions> = {},
): Promise<HttpServerHandle & { url(path: string): string }> {
  const server = await startHttpServer({
    deps: handle.deps,
    port: 0,
    host: '127.0.0.1',
    ingestToken: TOKEN,
    ...options,
  });
  return { ...server, url: (path: string) => `http://127.0.0.1:${server.port}${path}` };
}

export interface JsonAnswer {
  status: number;
  headers: Headers;
  body: Record<string, unknown>;
}

export function postJson(url: string, body: unknown, headers: Record<string, string> = {}): Promise<JsonAnswer> {
  return sendJson('POST', url, body, headers);
}

/** A JSON request to the ingest API with the test's token; a string body is sent as it is. */
export async function sendJson(
  method: 'POST' | 'PATCH',
  url: string,
  body: unknown,
  headers: Record<string, string> = {},
): Promise<JsonAnswer> {
  const response = await fetch(url, {
    method,
    headers: { authorization: `Bearer ${TOKEN}`, 'content-type': 'application/json', ...headers },
    body: typeof body === 'string' ? body : JSON.stringify(body),
  });
  return {
    status: response.status,
    headers: response.headers,
    body: (await response.json()) as Record<string, unknown>,
  };
}
