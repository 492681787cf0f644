import { parseArgs, type ParseArgsConfig } from 'node:util';
import type { Writable } from 'node:stream';
import { readWholeNumber } from '../domain/numbers.ts';
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

/** The most `--offset` takes: far past any page of results, small enough to stay exact. */
export const MAX_OFFSET = 1_000_000;

/**
 * node:util parseArgs, with its errors turned into friendly UsageErrors. A negative
 * number after a flag that takes a value (`--limit -1`) is that flag's value, as
 * `--limit=-1` is, so the flag's own check can say it is out of range; parseArgs
 * alone would call it an ambiguous option.
 */
export function parseFlags<T extends NonNullable<ParseArgsConfig['options']>>(
  args: string[],
  options: T,
  allowPositionals = true,
) {
  try {
    return parseArgs({
      args: joinNegativeValues(args, options),
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

/** `--limit -1` as `--limit=-1` (and `-l -1` as `-l-1`), for the flags that take a value. */
function joinNegativeValues(args: string[], options: NonNullable<ParseArgsConfig['options']>): string[] {
  const takesValue = (arg: string): string | null => {
    const long = /^--([^=]+)$/u.exec(arg)?.[1];
    if (long !== undefined) return options[long]?.type === 'string' ? `--${long}=` : null;
    const short = /^-([^-])$/u.exec(arg)?.[1];
    if (short === undefined) return null;
    const found = Object.values(options).find((o) => o.short === short && o.type === 'string');
    return found ? `-${short}` : null;
  };
  const out: string[] = [];
  for (let i = 0; i < args.length; i++) {
    const arg = args[i] ?? '';
    if (arg === '--') {
      out.push(...args.slice(i));
      break;
    }
    const next = args[i + 1];
    const joined = takesValue(arg);
    if (joined !== null && next !== undefined && /^-[\d.]/u.test(next)) {
      out.push(`${joined}${next}`);
      i++;
    } else out.push(arg);
  }
  return out;
}

/** A whole-number flag by the one rule (src/domain/numbers.ts), from `min` to `max`. */
export function parseWholeNumber(value: string, name: string, min: number, max: number): number {
  const reading = readWholeNumber(value, min, max);
  if (reading.ok) return reading.value;
  const shown = value.trim().length > 40 ? `${value.trim().slice(0, 40)}…` : value.trim();
  throw new UsageError(
    `${name} takes a whole number from ${min} to ${max}, not "${shown}"${reading.problem === 'range' ? ', which is out of range.' : ': write plain digits.'}`,
  );
}

export function parseLimit(value: string | undefined, fallback: number, max: number, name = '--limit'): number {
  return value === undefined ? fallback : parseWholeNumber(value, name, 1, max);
}

export function parseOffset(value: string | undefined): number {
  return value === undefined ? 0 : parseWholeNumber(value, '--offset', 0, MAX_OFFSET);
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
