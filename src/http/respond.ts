import type { IncomingMessage, ServerResponse } from 'node:http';

/** An answer other than success, with a JSON body { error, message } (and `extra` fields, such as warnings). */
export class HttpError extends Error {
  override readonly name = 'HttpError';
  constructor(
    readonly status: number,
    readonly code: string,
    message: string,
    readonly headers: Record<string, string> = {},
    readonly extra: Record<string, unknown> = {},
  ) {
    super(message);
  }
}

/**
 * The client went away before its request was read to the end (a dropped connection,
 * a cancelled upload): nobody is left to answer, and nothing on our side went wrong.
 */
export class ClientAbortError extends Error {
  override readonly name = 'ClientAbortError';
  constructor(readonly receivedBytes: number) {
    super(`the client disconnected after sending ${receivedBytes} bytes of the body`);
  }
}

export function sendJson(
  res: ServerResponse,
  status: number,
  body: unknown,
  headers: Record<string, string> = {},
): void {
  const text = `${JSON.stringify(body)}\n`;
  res.writeHead(status, {
    'content-type': 'application/json; charset=utf-8',
    'content-length': Buffer.byteLength(text),
    'cache-control': 'no-store',
    ...headers,
  });
  res.end(text);
}

export function sendText(res: ServerResponse, status: number, text: string, contentType: string): void {
  res.writeHead(status, {
    'content-type': contentType,
    'content-length': Buffer.byteLength(text),
    'cache-control': 'no-store',
  });
  res.end(text);
}

export function sendError(res: ServerResponse, err: HttpError): void {
  sendJson(res, err.status, { error: err.code, message: err.message, ...err.extra }, err.headers);
}

/** A body this many times over the cap is not drained to the end: the connection is cut. */
const DRAIN_FACTOR = 16;

/**
 * Reads the raw body, at most `maxBytes`. Past the cap it rejects with 413 at once but
 * keeps reading (and discarding) what the client still sends, up to a bound, so the
 * client gets the 413 instead of a reset connection.
 */
function readBody(req: IncomingMessage, maxBytes: number, tooLarge: () => HttpError): Promise<Buffer> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    let total = 0;
    let over = false;
    req.on('data', (chunk: Buffer) => {
      total += chunk.byteLength;
      if (over) {
        if (total > maxBytes * DRAIN_FACTOR) req.destroy();
      } else if (total > maxBytes) {
        over = true;
        chunks.length = 0;
        reject(tooLarge());
      } else {
        chunks.push(chunk);
      }
    });
    req.on('end', () => resolve(Buffer.concat(chunks)));
    // A client that hangs up mid-upload ends the request with an 'aborted' error, or
    // closes it before its end: either way, no one waits for an answer.
    req.on('error', (err: NodeJS.ErrnoException) =>
      reject(err.code === 'ECONNRESET' || err.message === 'aborted' ? new ClientAbortError(total) : err),
    );
    req.on('close', () => {
      if (!req.complete) reject(new ClientAbortError(total));
    });
  });
}

/**
 * Reads a JSON body of at most `maxBytes`, a leading byte-order mark ignored; throws
 * HttpError 413 / 400 / 415, or ClientAbortError when the client hangs up first.
 */
export async function readJsonBody(req: IncomingMessage, maxBytes: number): Promise<unknown> {
  const type = (req.headers['content-type'] ?? '').split(';')[0]?.trim().toLowerCase();
  if (type !== 'application/json') {
    throw new HttpError(
      415,
      'unsupported_media_type',
      `Send the article as JSON with "Content-Type: application/json"${type ? `, not ${type.slice(0, 60)}` : ''}.`,
    );
  }
  const tooLarge = () =>
    new HttpError(413, 'payload_too_large', `The body is larger than ${maxBytes} bytes, the most accepted.`);
  const declared = Number(req.headers['content-length'] ?? NaN);
  if (declared > maxBytes) throw tooLarge();
  // A UTF-8 byte-order mark before the JSON (some editors and Windows tools write one) is not part of it.
  const text = (await readBody(req, maxBytes, tooLarge)).toString('utf8').replace(/^\uFEFF/u, '');
  if (text.trim() === '')
    throw new HttpError(400, 'invalid_json', 'The body is empty; send the article as a JSON object.');
  try {
    return JSON.parse(text);
  } catch (err) {
    throw new HttpError(
      400,
      'invalid_json',
      `The body is not valid JSON: ${err instanceof Error ? err.message.slice(0, 200) : 'parse error'}.`,
    );
  }
}
