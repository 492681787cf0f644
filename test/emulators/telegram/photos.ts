import { createHash } from 'node:crypto';
import { crc32, inflateSync } from 'node:zlib';
import type { PhotoSize } from 'grammy/types';
import { ApiFailure, apiErrors } from './api-errors.ts';

/**
 * Photos as the Bot API server takes them in sendPhoto: by HTTP(S) URL, which the server
 * downloads itself, or by the file_id of a photo it returned earlier. Multipart uploads
 * are not emulated (emulator.ts refuses them with a 400 that says so).
 *
 * The refusals, in Telegram's words:
 * - not an http(s) URL and no known file_id: "wrong file identifier/HTTP URL specified";
 * - the download fails (connection refused, a status other than 2xx, the timeout, more
 *   than 5 MB: "5 MB max size for photos" sent by URL, Bot API "Sending files"):
 *   "failed to get HTTP URL content";
 * - the content-type is not an image: "wrong type of the web page content";
 * - said to be an image, but the bytes are no JPEG, PNG, WebP or GIF (by magic number,
 *   and the header must give a size): IMAGE_PROCESS_FAILED;
 * - "The photo's width and height must not exceed 10000 in total. Width and height ratio
 *   must be at most 20" (sendPhoto): PHOTO_INVALID_DIMENSIONS.
 *
 * Guesses, where Telegram documents nothing:
 * - the timeout (PHOTO_FETCH_TIMEOUT_MS, 5 s); Telegram's own is unpublished;
 * - a response without a content-type, or with application/octet-stream, is refused as
 *   "wrong type of the web page content" (Telegram may sniff the bytes instead);
 * - a PNG must be whole: signature, IHDR, chunk CRCs, IDAT data that inflates, IEND;
 *   JPEG, GIF and WebP are only checked for a header that gives width and height;
 * - every send downloads the URL again (Telegram caches downloads by URL for a while);
 * - the sizes answered: Telegram makes thumbnails that fit boxes of 90, 320, 800, 1280
 *   and 2560 pixels ('s', 'm', 'x', 'y', 'w'); here one per box smaller than the
 *   picture, then the picture itself fitted into the next box, none enlarged. Telegram
 *   re-encodes to JPEG, so its file_size differs from the download; here the largest
 *   size has the downloaded byte count and the others a share by area;
 * - a file_id of one size sends that size and the smaller ones.
 */

export const PHOTO_URL_MAX_BYTES = 5 * 1024 * 1024;
export const PHOTO_FETCH_TIMEOUT_MS = 5_000;
const DIMENSIONS_SUM_MAX = 10_000;
const RATIO_MAX = 20;
const SIZE_BOXES = [90, 320, 800, 1280, 2560];

export const photoErrors = {
  wrongIdentifier: () => apiErrors.badRequest('wrong file identifier/HTTP URL specified'),
  failedToGet: () => apiErrors.badRequest('failed to get HTTP URL content'),
  wrongType: () => apiErrors.badRequest('wrong type of the web page content'),
  processFailed: () => apiErrors.badRequest('IMAGE_PROCESS_FAILED'),
  invalidDimensions: () => apiErrors.badRequest('PHOTO_INVALID_DIMENSIONS'),
  noPhoto: () => apiErrors.badRequest('there is no photo in the request'),
};

export type ImageFormat = 'jpeg' | 'png' | 'webp' | 'gif';

export interface ImageInfo {
  format: ImageFormat;
  width: number;
  height: number;
}

/** What a downloaded picture was: where from, what it said it was, how many bytes. */
export interface DownloadedImage extends ImageInfo {
  url: string;
  contentType: string;
  bytes: number;
}

/** An http(s) URL as the Bot API takes one in `photo`, or null. */
export function httpUrl(value: string): URL | null {
  if (!/^https?:\/\//iu.test(value)) return null;
  try {
    const url = new URL(value);
    return (url.protocol === 'http:' || url.protocol === 'https:') && url.hostname !== '' ? url : null;
  } catch {
    return null;
  }
}

/** Downloads pictures for sendPhoto, as Telegram's servers do; `abortAll` ends the ones under way. */
export class PhotoFetcher {
  private readonly running = new Set<AbortController>();

  constructor(
    readonly timeoutMs = PHOTO_FETCH_TIMEOUT_MS,
    readonly maxBytes = PHOTO_URL_MAX_BYTES,
  ) {}

  async fetch(url: URL): Promise<DownloadedImage> {
    const controller = new AbortController();
    const timer = setTimeout(() => controller.abort(), this.timeoutMs);
    this.running.add(controller);
    try {
      let response: Response;
      try {
        // Telegram's downloader introduces itself so (as sites that serve previews see it).
        response = await fetch(url, {
          signal: controller.signal,
          redirect: 'follow',
          headers: { 'user-agent': 'TelegramBot (like TwitterBot)' },
        });
      } catch {
        throw photoErrors.failedToGet();
      }
      if (response.status < 200 || response.status > 299) {
        await response.body?.cancel().catch(() => undefined);
        throw photoErrors.failedToGet();
      }
      const declared = Number(response.headers.get('content-length') ?? NaN);
      if (Number.isFinite(declared) && declared > this.maxBytes) {
        await response.body?.cancel().catch(() => undefined);
        throw photoErrors.failedToGet();
      }
      const contentType = (response.headers.get('content-type') ?? '').split(';')[0]?.trim().toLowerCase() ?? '';
      if (!contentType.startsWith('image/')) {
        await response.body?.cancel().catch(() => undefined);
        throw photoErrors.wrongType();
      }
      const body = await readCapped(response, this.maxBytes);
      const info = sniffImage(body);
      if (!info) throw photoErrors.processFailed();
      checkDimensions(info);
      return { ...info, url: url.href, contentType, bytes: body.length };
    } finally {
      clearTimeout(timer);
      this.running.delete(controller);
    }
  }

  abortAll(): void {
    for (const controller of this.running) controller.abort();
  }
}

/** The body, or "failed to get HTTP URL content" once it passes `max` bytes or breaks off. */
async function readCapped(response: Response, max: number): Promise<Buffer> {
  if (!response.body) return Buffer.alloc(0);
  const reader = response.body.getReader();
  const chunks: Buffer[] = [];
  let total = 0;
  try {
    for (;;) {
      const { done, value } = await reader.read();
      if (done) break;
      total += value.byteLength;
      if (total > max) {
        await reader.cancel().catch(() => undefined);
        throw photoErrors.failedToGet();
      }
      chunks.push(Buffer.from(value));
    }
  } catch (err) {
    if (err instanceof ApiFailure) throw err;
    throw photoErrors.failedToGet();
  }
  return Buffer.concat(chunks);
}

export function checkDimensions({ width, height }: { width: number; height: number }): void {
  if (width < 1 || height < 1) throw photoErrors.processFailed();
  if (width + height > DIMENSIONS_SUM_MAX || Math.max(width, height) / Math.min(width, height) > RATIO_MAX)
    throw photoErrors.invalidDimensions();
}

/** The format and size a picture's bytes give, by magic number and header; null when they are no picture. */
export function sniffImage(bytes: Buffer): ImageInfo | null {
  if (bytes.length >= 8 && bytes.subarray(0, 8).equals(PNG_SIGNATURE)) return png(bytes);
  if (bytes.length >= 3 && bytes[0] === 0xff && bytes[1] === 0xd8 && bytes[2] === 0xff) return jpeg(bytes);
  if (bytes.length >= 10 && /^GIF8[79]a$/u.test(bytes.toString('latin1', 0, 6))) {
    const width = bytes.readUInt16LE(6);
    const height = bytes.readUInt16LE(8);
    return width > 0 && height > 0 ? { format: 'gif', width, height } : null;
  }
  if (bytes.length >= 16 && bytes.toString('latin1', 0, 4) === 'RIFF' && bytes.toString('latin1', 8, 12) === 'WEBP')
    return webp(bytes);
  return null;
}

const PNG_SIGNATURE = Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]);

/** A whole PNG: IHDR first, every chunk's CRC right, IDAT data that inflates, IEND last. */
function png(bytes: Buffer): ImageInfo | null {
  let at = 8;
  let width = 0;
  let height = 0;
  const idat: Buffer[] = [];
  let first = true;
  while (at + 12 <= bytes.length) {
    const length = bytes.readUInt32BE(at);
    const type = bytes.toString('latin1', at + 4, at + 8);
    const end = at + 12 + length;
    if (end > bytes.length) return null;
    const data = bytes.subarray(at + 8, at + 8 + length);
    if (crc32(bytes.subarray(at + 4, at + 8 + length)) !== bytes.readUInt32BE(at + 8 + length)) return null;
    if (first) {
      if (type !== 'IHDR' || length !== 13) return null;
      width = data.readUInt32BE(0);
      height = data.readUInt32BE(4);
      first = false;
    }
    if (type === 'IDAT') idat.push(data);
    if (type === 'IEND') {
      if (idat.length === 0 || width === 0 || height === 0) return null;
      try {
        inflateSync(Buffer.concat(idat));
      } catch {
        return null;
      }
      return { format: 'png', width, height };
    }
    at = end;
  }
  return null;
}

/** The first start-of-frame marker's size. */
function jpeg(bytes: Buffer): ImageInfo | null {
  let at = 2;
  while (at + 4 <= bytes.length) {
    if (bytes[at] !== 0xff) return null;
    const marker = bytes[at + 1] ?? 0;
    if (marker === 0xff) {
      at++;
      continue;
    }
    if (marker === 0xd8 || (marker >= 0xd0 && marker <= 0xd7) || marker === 0x01) {
      at += 2;
      continue;
    }
    const length = bytes.readUInt16BE(at + 2);
    if (length < 2) return null;
    const isFrame = marker >= 0xc0 && marker <= 0xcf && marker !== 0xc4 && marker !== 0xc8 && marker !== 0xcc;
    if (isFrame) {
      if (at + 9 > bytes.length) return null;
      const height = bytes.readUInt16BE(at + 5);
      const width = bytes.readUInt16BE(at + 7);
      return width > 0 && height > 0 ? { format: 'jpeg', width, height } : null;
    }
    at += 2 + length;
  }
  return null;
}

function webp(bytes: Buffer): ImageInfo | null {
  const chunk = bytes.toString('latin1', 12, 16);
  if (chunk === 'VP8X' && bytes.length >= 30) {
    return { format: 'webp', width: 1 + bytes.readUIntLE(24, 3), height: 1 + bytes.readUIntLE(27, 3) };
  }
  if (chunk === 'VP8L' && bytes.length >= 25 && bytes[20] === 0x2f) {
    const bits = bytes.readUInt32LE(21);
    return { format: 'webp', width: 1 + (bits & 0x3fff), height: 1 + ((bits >> 14) & 0x3fff) };
  }
  if (chunk === 'VP8 ' && bytes.length >= 30 && bytes[23] === 0x9d && bytes[24] === 0x01 && bytes[25] === 0x2a) {
    const width = bytes.readUInt16LE(26) & 0x3fff;
    const height = bytes.readUInt16LE(28) & 0x3fff;
    return width > 0 && height > 0 ? { format: 'webp', width, height } : null;
  }
  return null;
}

/** The PhotoSize list of a new photo (see the guesses above), file ids made from `serial`. */
export function photoSizes(image: { width: number; height: number; bytes: number }, serial: number): PhotoSize[] {
  const { width, height } = image;
  const longest = Math.max(width, height);
  const sizes: { width: number; height: number }[] = [];
  for (const box of SIZE_BOXES) {
    const scale = Math.min(1, box / longest);
    sizes.push({ width: Math.max(1, Math.round(width * scale)), height: Math.max(1, Math.round(height * scale)) });
    if (box >= longest) break;
  }
  const largest = sizes[sizes.length - 1] ?? { width, height };
  const area = largest.width * largest.height;
  return sizes.map((size, i) => ({
    file_id: fileId('AgAC', serial, i),
    file_unique_id: fileId('AQAD', serial, i).slice(0, 16),
    width: size.width,
    height: size.height,
    file_size: Math.max(1, Math.round((image.bytes * size.width * size.height) / area)),
  }));
}

/** A file id shaped like Telegram's (a type prefix, then URL-safe base64), unique per photo and size. */
function fileId(prefix: string, serial: number, size: number): string {
  const digest = createHash('sha256').update(`${prefix}:${serial}:${size}`).digest('base64url');
  return `${prefix}${digest.slice(0, prefix === 'AgAC' ? 64 : 28)}`;
}
