import type { Writable } from 'node:stream';

/** How often a plain (non-terminal) progress line may be written, by default. */
export const PLAIN_INTERVAL_MS = 5_000;
/** How often the terminal line may be redrawn: often enough to look alive, rarely enough to cost nothing. */
export const TTY_INTERVAL_MS = 100;

export type ProgressStream = Writable & { isTTY?: boolean; columns?: number };

export interface ProgressOptions {
  /** What is being counted, plural: "articles", "rows", "feeds". */
  unit: string;
  /** The verb of the plain lines and the final line: "imported" gives "imported 12,000 articles (3,400/s)". */
  verb: string;
  /** The terminal line's label, e.g. "Importing"; the verb, capitalised, when left out. */
  label?: string;
  /** How many there are, when known: the line shows "of N" and the time left. */
  total?: number | null;
  /** Nothing at all (--quiet, --json). */
  quiet?: boolean;
  /** Milliseconds, for tests; Date.now by default. */
  now?: () => number;
  /** Least time between two plain lines (not a terminal); PLAIN_INTERVAL_MS by default. */
  intervalMs?: number;
  /**
   * No final line for work of fewer than this many when nothing was shown before it (a
   * small import's summary says all there is). 0, always a final line, by default.
   */
  finalFrom?: number;
}

export interface ProgressUpdate {
  /** How much of the work is done, 0 to 1, when it can be estimated another way (bytes read of a file). */
  fraction?: number | null;
  /** A few words after the count, e.g. "9,500 new". */
  detail?: string;
}

export interface Progress {
  /** `count` done so far; written when it is time to (at most every interval). */
  update(count: number, more?: ProgressUpdate): void;
  /** The last state: ends the terminal line with a newline, or writes the final plain line. Once. */
  done(count?: number, more?: Pick<ProgressUpdate, 'detail'>): void;
  /** The work failed: end the terminal line (so an error prints on a line of its own), and nothing more. */
  stop(): void;
}

const QUIET: Progress = { update: () => undefined, done: () => undefined, stop: () => undefined };

const number = (n: number): string => Math.round(n).toLocaleString('en');

/** "2.5s", "45s", "3m 05s", "1h 02m". */
export function formatDuration(ms: number): string {
  if (ms < 9_950) return `${(Math.max(0, ms) / 1000).toFixed(1)}s`;
  const seconds = Math.round(ms / 1000);
  if (seconds < 60) return `${seconds}s`;
  const minutes = Math.floor(seconds / 60);
  if (minutes < 60) return `${minutes}m ${String(seconds % 60).padStart(2, '0')}s`;
  return `${Math.floor(minutes / 60)}h ${String(minutes % 60).padStart(2, '0')}m`;
}

/**
 * A progress display for bulk work on `stream` (stderr). On a terminal: one line redrawn
 * in place (`\r` and clear-line) with the count, the rate and, when the total or the
 * fraction done is known, the time left, ended with a newline by done(). Elsewhere (a
 * pipe, a log file): a plain line at most every `intervalMs`, and a final line (see
 * `finalFrom`). Quiet: nothing. Plain lines and no dependency: cli-progress would add
 * bars and a dependency for what is one line of text.
 */
export function createProgress(stream: ProgressStream, options: ProgressOptions): Progress {
  if (options.quiet) return QUIET;
  const now = options.now ?? Date.now;
  const tty = stream.isTTY === true;
  const interval = tty ? TTY_INTERVAL_MS : (options.intervalMs ?? PLAIN_INTERVAL_MS);
  const label = options.label ?? options.verb.charAt(0).toUpperCase() + options.verb.slice(1);
  const total = options.total ?? null;
  const started = now();
  let lastWrite = started;
  let finished = false;
  let drawn = false;
  let plainLines = 0;
  let last = 0;

  const rateOf = (count: number, at: number): number => count / Math.max(0.001, (at - started) / 1000);
  const counted = (count: number): string =>
    `${number(count)}${total !== null ? ` of ${number(total)}` : ''} ${options.unit}`;

  const timeLeft = (count: number, at: number, fraction: number | null | undefined): string | null => {
    const elapsed = at - started;
    if (elapsed <= 0) return null;
    let done = fraction ?? null;
    if (done === null && total !== null && total > 0) done = count / total;
    if (done === null || done <= 0 || done >= 1) return null;
    return formatDuration((elapsed * (1 - done)) / done);
  };

  const draw = (text: string) => {
    // A terminal that does not say its width (columns 0 or unset) is taken as 80 wide.
    const width = Math.max(20, stream.columns || 80) - 1;
    stream.write(`\r\x1b[2K${text.length > width ? `${text.slice(0, Math.max(0, width - 1))}…` : text}`);
    drawn = true;
  };

  return {
    update(count, more = {}) {
      if (finished) return;
      last = count;
      const at = now();
      if (at - lastWrite < interval) return;
      lastWrite = at;
      const rate = `${number(rateOf(count, at))}/s`;
      const detail = more.detail ? `, ${more.detail}` : '';
      if (tty) {
        const left = timeLeft(count, at, more.fraction);
        draw(`${label}: ${counted(count)}${detail} (${rate})${left === null ? '' : `, about ${left} left`}`);
      } else {
        stream.write(`${options.verb} ${counted(count)}${detail} (${rate})\n`);
        plainLines++;
      }
    },
    done(count = last, more = {}) {
      if (finished) return;
      finished = true;
      const at = now();
      const line = `${options.verb} ${number(count)} ${options.unit}${more.detail ? `, ${more.detail}` : ''} in ${formatDuration(at - started)} (${number(rateOf(count, at))}/s)`;
      if (!drawn && plainLines === 0 && count < (options.finalFrom ?? 0)) return;
      if (tty) {
        draw(line);
        stream.write('\n');
      } else stream.write(`${line}\n`);
    },
    stop() {
      if (finished) return;
      finished = true;
      if (drawn) stream.write('\n');
    },
  };
}
