import { isHttpUrl } from '../domain/article.ts';

/*
 * Fetching a feed or a page: http(s) only, a few redirects at most, one timeout for
 * the whole exchange (headers and body), and a cap on the body's size counted after
 * decompression, so neither a slow nor a huge answer can hold the bot. Conditional
 * requests (ETag, Last-Modified) turn an unchanged feed into a 304 with no body.
 */

/** Redirects followed before giving up. */
export const MAX_REDIRECTS = 5;
export const USER_AGENT = 'tagwire/0.1 (news-by-tag bot)';

export const FEED_ACCEPT =
  'application/rss+xml, application/atom+xml, application/feed+json, application/xml;q=0.9, text/xml;q=0.9, application/json;q=0.8, */*;q=0.5';
export const PAGE_ACCEPT = 'text/html, application/xhtml+xml;q=0.9, */*;q=0.5';

export interface FetchLimits {
  /** The whole exchange, redirects and body included, in ms. */
  timeoutMs: number;
  /** Largest body read, in bytes after decompression. */
  maxBytes: number;
}

export interface FetchRequest {
  url: string;
  accept: string;
  /** Validators from the last answer: the server may then answer 304 Not Modified. */
  etag?: string | null;
  lastModified?: string | null;
}

export type FetchResult =
  | { status: 'not_modified'; url: string }
  | { status: 'ok'; url: string; text: string; contentType: string; etag: string | null; lastModified: string | null };

/** The source could not be fetched; the message is a sentence for a person ("The server answered 404 Not Found."). */
export class SourceFetchError extends Error {
  override readonly name = 'SourceFetchError';
}

class BodyTooLarge extends Error {}

function describeSize(bytes: number): string {
  return bytes >= 1_000_000 ? `${Math.round(bytes / 100_000) / 10} MB` : `${Math.round(bytes / 1000)} kB`;
}

async function readCapped(body: ReadableStream<Uint8Array> | null, maxBytes: number): Promise<Uint8Array> {
  if (body === null) return new Uint8Array();
  const reader = body.getReader();
  const chunks: Uint8Array[] = [];
  let total = 0;
  for (;;) {
    const { done, value } = await reader.read();
    if (done) break;
    total += value.byteLength;
    if (total > maxBytes) {
      await reader.cancel().catch(() => {});
      throw new BodyTooLarge();
    }
    chunks.push(value);
  }
  return Buffer.concat(chunks);
}

const BOMS: [number[], string][] = [
  [[0xef, 0xbb, 0xbf], 'utf-8'],
  [[0xfe, 0xff], 'utf-16be'],
  [[0xff, 0xfe], 'utf-16le'],
];

/** The charset: a byte-order mark, else the Content-Type header, else the document's own declaration, else UTF-8. */
export function decodeBody(bytes: Uint8Array, contentType: string): string {
  let label: string | undefined;
  for (const [bom, name] of BOMS) if (bom.every((b, i) => bytes[i] === b)) label = name;
  label ??= /charset\s*=\s*["']?([\w.:-]+)/iu.exec(contentType)?.[1];
  if (label === undefined) {
    const head = Buffer.from(bytes.subarray(0, 2048)).toString('latin1');
    label =
      /<\?xml[^>]*encoding\s*=\s*["']([\w.:-]+)["']/iu.exec(head)?.[1] ??
      /<meta[^>]+charset\s*=\s*["']?([\w.:-]+)/iu.exec(head)?.[1];
  }
  try {
    return new TextDecoder(label ?? 'utf-8').decode(bytes);
  } catch {
    return new TextDecoder('utf-8').decode(bytes);
  }
}

function networkProblem(err: unknown): string {
  const cause = (err as { cause?: { code?: string; message?: string } }).cause;
  switch (cause?.code) {
    case 'ECONNREFUSED':
      return 'The server refused the connection.';
    case 'ENOTFOUND':
    case 'EAI_AGAIN':
      return 'The host name was not found (DNS lookup failed).';
    case 'ECONNRESET':
    case 'UND_ERR_SOCKET':
      return 'The server closed the connection before answering.';
    case 'CERT_HAS_EXPIRED':
    case 'DEPTH_ZERO_SELF_SIGNED_CERT':
    case 'UNABLE_TO_VERIFY_LEAF_SIGNATURE':
    case 'ERR_TLS_CERT_ALTNAME_INVALID':
      return `The server's certificate cannot be trusted (${cause.code}).`;
    default:
      return `The server could not be reached (${cause?.code ?? cause?.message ?? (err instanceof Error ? err.message : String(err))}).`;
  }
}

/**
 * Fetches one http(s) address within the limits. Resolves with the decoded text or
 * "not modified"; rejects with a SourceFetchError whose message says what went wrong.
 */
export async function fetchSource(request: FetchRequest, limits: FetchLimits): Promise<FetchResult> {
  if (!isHttpUrl(request.url))
    throw new SourceFetchError('That is not a web address; it must start with http:// or https://.');
  const controller = new AbortController();
  const timer = setTimeout(() => controller.abort(), limits.timeoutMs);
  const headers: Record<string, string> = { 'user-agent': USER_AGENT, accept: request.accept };
  if (request.etag) headers['if-none-match'] = request.etag;
  if (request.lastModified) headers['if-modified-since'] = request.lastModified;
  let url = request.url;
  try {
    for (let hop = 0; ; hop++) {
      const response = await fetch(url, { redirect: 'manual', signal: controller.signal, headers });
      if ([301, 302, 303, 307, 308].includes(response.status)) {
        await response.body?.cancel().catch(() => {});
        const location = response.headers.get('location');
        if (location === null)
          throw new SourceFetchError(`The server answered ${response.status} (a redirect) without saying where to.`);
        const next = new URL(location, url).href;
        if (!isHttpUrl(next))
          throw new SourceFetchError(`It redirects to "${next.slice(0, 80)}", which is not a web address.`);
        if (hop >= MAX_REDIRECTS) throw new SourceFetchError(`It redirects more than ${MAX_REDIRECTS} times.`);
        url = next;
        continue;
      }
      if (response.status === 304) {
        await response.body?.cancel().catch(() => {});
        return { status: 'not_modified', url };
      }
      if (!response.ok) {
        await response.body?.cancel().catch(() => {});
        throw new SourceFetchError(
          `The server answered ${response.status}${response.statusText ? ` ${response.statusText}` : ''}.`,
        );
      }
      const declared = Number(response.headers.get('content-length') ?? NaN);
      if (declared > limits.maxBytes) throw new BodyTooLarge();
      const contentType = response.headers.get('content-type') ?? '';
      const bytes = await readCapped(response.body, limits.maxBytes);
      return {
        status: 'ok',
        url,
        contentType,
        text: decodeBody(bytes, contentType),
        etag: response.headers.get('etag'),
        lastModified: response.headers.get('last-modified'),
      };
    }
  } catch (err) {
    if (err instanceof SourceFetchError) throw err;
    if (err instanceof BodyTooLarge)
      throw new SourceFetchError(
        `The answer is larger than ${describeSize(limits.maxBytes)}, the most read (FEED_MAX_BYTES).`,
      );
    if (controller.signal.aborted)
      throw new SourceFetchError(`No complete answer within ${limits.timeoutMs / 1000} s (FEED_TIMEOUT_MS).`);
    throw new SourceFetchError(networkProblem(err));
  } finally {
    clearTimeout(timer);
    controller.abort();
  }
}
