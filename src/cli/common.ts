import { parseArgs, type ParseArgsConfig } from 'node:util';
import type { Writable } from 'node:stream';
import type { ArticleView } from '../domain/reply.ts';

/** A usage mistake: printed with the command's help, exit code 2. */
export class UsageError extends Error {
  override readonly name = 'UsageError';
}

export interface CliIO {
  stdout: Writable;
  stderr: Writable;
  stdin: NodeJS.ReadableStream & { isTTY?: boolean };
  env: Record<string, string | undefined>;
}

/** node:util parseArgs, with its errors turned into friendly UsageErrors. */
export function parseFlags<T extends NonNullable<ParseArgsConfig['options']>>(
  args: string[],
  options: T,
  allowPositionals = true,
) {
  try {
    return parseArgs({
      args,
      options: { ...options, help: { type: 'boolean', short: 'h' } },
      allowPositionals,
      strict: true,
    });
  } catch (err) {
    const message =
      err instanceof Error ? err.message.replace(/\. To specify a positional argument.*$/su, '.') : String(err);
    throw new UsageError(message);
  }
}

export function parseLimit(value: string | undefined, fallback: number, max: number, name = '--limit'): number {
  if (value === undefined) return fallback;
  const n = Number(value);
  if (!Number.isInteger(n) || n < 1 || n > max)
    throw new UsageError(`${name} takes a whole number from 1 to ${max}, not "${value}".`);
  return n;
}

export function parseOffset(value: string | undefined): number {
  if (value === undefined) return 0;
  const n = Number(value);
  if (!Number.isInteger(n) || n < 0) throw new UsageError(`--offset takes a whole number from 0 up, not "${value}".`);
  return n;
}

export function articleLine(rank: number, article: ArticleView, score?: number): string {
  const date = (article.publishedAt ?? article.createdAt).toISOString().slice(0, 10);
  const scoreText = score === undefined ? '' : `  (score ${score.toFixed(3)})`;
  return `${String(rank).padStart(2)}. [${article.publicId}] ${article.title} — ${date}${scoreText}`;
}

export function writeLine(stream: Writable, text = ''): void {
  stream.write(`${text}\n`);
}

export function writeJson(stream: Writable, value: unknown): void {
  stream.write(`${JSON.stringify(value, null, 2)}\n`);
}
