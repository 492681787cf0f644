import { createReadStream } from 'node:fs';
import { createInterface } from 'node:readline';
import { createGunzip } from 'node:zlib';
import type { Readable } from 'node:stream';
import { parseDate, validateArticle, type ArticleInput, type ValidArticle } from '../domain/article.ts';
import { readArticleRecord, unknownFieldsWarning } from '../domain/article-record.ts';
import { UserInputError } from '../domain/errors.ts';
import { articleRow, fanOutArticle } from './articles.ts';
import type { CoreDeps } from './deps.ts';

/**
 * Lines committed per transaction: big enough to be fast (the statements of a batch are
 * shared, bench/import.bench.ts), small enough to keep the bot responsive (a batch holds
 * SQLite's write lock for tens of milliseconds; readers never wait for it).
 */
export const IMPORT_BATCH = 1000;
/** Longest line accepted, in characters; longer ones are reported and skipped. */
export const MAX_IMPORT_LINE = 1_000_000;

export interface ImportProblem {
  line: number;
  message: string;
}

export interface ImportSummary {
  lines: number;
  imported: number;
  /** Already in the archive (same id or URL): skipped, as a re-run should. */
  alreadyPresent: number;
  /** Bad lines, reported and skipped. */
  rejected: number;
  /** Deliveries enqueued (only with notify). */
  recipients: number;
  problems: ImportProblem[];
  /** Lines read with something left out (an unreadable date, an unknown field). */
  warnings: ImportProblem[];
}

/**
 * Reading the file failed part-way (a truncated gzip file, a read error). Every line
 * read before it was committed (`summary`); a re-run of the complete file skips them.
 */
export class ImportInterruptedError extends Error {
  override readonly name = 'ImportInterruptedError';
  constructor(
    readonly summary: ImportSummary,
    readonly reason: string,
  ) {
    super(`Reading stopped after line ${summary.lines}: ${reason}`);
  }
}

export interface ImportOptions {
  notify: boolean;
  postedBy?: string;
  /** Lines per transaction; IMPORT_BATCH unless given (tests cross batch boundaries with small ones). */
  batchSize?: number;
  /** Called after each committed batch (IMPORT_BATCH lines) with the running totals. */
  onProgress?: (summary: ImportSummary) => void;
}

/** The lines of an import, and how far through the file reading is, for a progress display. */
export interface ImportLines extends AsyncIterable<string> {
  /**
   * The share of the file read so far, 0 to 1: bytes read of the file's size (of a gzip
   * file, compressed bytes, which advance with the lines). Null for standard input.
   */
  fraction(): number | null;
}

/** Opens a JSON Lines file, gunzipping it when it is gzip (by its first bytes). '-' reads stdin. */
export async function openLines(path: string, stdin: Readable): Promise<ImportLines> {
  let stream: Readable;
  let fraction = (): number | null => null;
  if (path === '-') stream = stdin;
  else {
    const { open } = await import('node:fs/promises');
    const handle = await open(path, 'r');
    const { buffer, bytesRead } = await handle.read(Buffer.alloc(2), 0, 2, 0);
    const { size } = await handle.stat();
    await handle.close();
    const gzip = bytesRead === 2 && buffer[0] === 0x1f && buffer[1] === 0x8b;
    const file = createReadStream(path);
    if (size > 0) fraction = () => Math.min(1, file.bytesRead / size);
    if (gzip) {
      const gunzip = createGunzip();
      file.on('error', (err) => gunzip.destroy(err));
      stream = file.pipe(gunzip);
    } else stream = file;
  }
  const lines = createInterface({ input: stream, crlfDelay: Infinity });
  return { [Symbol.asyncIterator]: () => lines[Symbol.asyncIterator](), fraction };
}

function recordFrom(text: string): Record<string, unknown> {
  if (text.length > MAX_IMPORT_LINE) throw new UserInputError(`The line is longer than ${MAX_IMPORT_LINE} characters.`);
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch {
    throw new UserInputError('Not valid JSON.');
  }
  if (typeof value !== 'object' || value === null || Array.isArray(value))
    throw new UserInputError('Each line must be a JSON object.');
  return value as Record<string, unknown>;
}

/**
 * A line as an article to post, with what was left out of it as warnings. Throws a
 * UserInputError for a line that is no article record.
 */
export function readImportLine(text: string): { input: ArticleInput; warnings: string[] } {
  const { input, unknownFields } = readArticleRecord(recordFrom(text));
  const warnings = unknownFields.length > 0 ? [unknownFieldsWarning(unknownFields)] : [];
  const date = input.publishedAt;
  if (typeof date === 'string' && date.trim() !== '' && parseDate(date) === null) {
    warnings.push(`unreadable date ${JSON.stringify(date.slice(0, 40))} left out`);
    return { input: { ...input, publishedAt: null }, warnings };
  }
  return { input, warnings };
}

/**
 * Imports articles from JSON Lines, the fields of ARTICLE_RECORD_FIELDS (`id`, `title`,
 * `body`, `url`, `tags`, `date` or `publishedAt`, `source`); other fields are warned
 * about and ignored. A byte-order mark before the first line is ignored.
 * Idempotent: an article whose id or URL is already there is counted and skipped.
 * Bad lines are reported with their line number and skipped; the rest goes in.
 * No deliveries unless `notify`. When reading fails part-way (a truncated gzip file),
 * the lines read so far are committed and ImportInterruptedError says how many.
 */
export async function importArticles(
  deps: CoreDeps,
  lines: AsyncIterable<string>,
  options: ImportOptions,
): Promise<ImportSummary> {
  const summary: ImportSummary = {
    lines: 0,
    imported: 0,
    alreadyPresent: 0,
    rejected: 0,
    recipients: 0,
    problems: [],
    warnings: [],
  };
  let batch: ValidArticle[] = [];
  const postedBy = options.postedBy ?? 'import';
  const batchSize = options.batchSize ?? IMPORT_BATCH;

  // Lines are read and validated outside the transactions, which hold only the writes:
  // short, so that another process (the bot, on the same SQLite file) gets the write lock
  // between batches. On PostgreSQL, where the writes run in the server, the next batch is
  // read while the last one is written (one batch in flight).
  const overlap = deps.stores.capabilities.sharedByProcesses;
  let inFlight: Promise<void> | null = null;
  const write = async (articles: ValidArticle[]) => {
    const now = deps.clock.now().getTime();
    const rows = articles.map((article) => ({ row: articleRow(article, now, postedBy), tags: article.tags }));
    const done = await deps.stores.transaction(async (stores) => {
      const outcomes = await stores.articles.insertMany(rows, now);
      let imported = 0;
      let recipients = 0;
      for (const [i, outcome] of outcomes.entries()) {
        if (!outcome.inserted) continue;
        imported++;
        const article = articles[i];
        if (options.notify && article) {
          const tagNames = outcome.tags.map((t) => t.name);
          recipients += await fanOutArticle(stores, outcome.articleId, article, tagNames, now);
        }
      }
      return { imported, alreadyPresent: outcomes.length - imported, recipients };
    });
    summary.imported += done.imported;
    summary.alreadyPresent += done.alreadyPresent;
    summary.recipients += done.recipients;
    if (done.recipients > 0) deps.onEnqueued();
    options.onProgress?.(summary);
  };
  /** Waits for the batch being written, if any; its failure is thrown here. */
  const settle = async () => {
    const pending = inFlight;
    inFlight = null;
    if (pending) await pending;
  };
  const flush = async () => {
    await settle();
    if (batch.length === 0) return;
    const current = batch;
    batch = [];
    inFlight = write(current);
    // Thrown at the next settle(), not as an unhandled rejection meanwhile.
    inFlight.catch(() => {});
    if (!overlap) await settle();
  };

  const iterator = lines[Symbol.asyncIterator]();
  let done = false;
  try {
    for (;;) {
      let next: IteratorResult<string>;
      try {
        next = await iterator.next();
      } catch (err) {
        done = true;
        // Every line read so far is whole: keep it, and say where reading stopped.
        await flush();
        await settle();
        throw new ImportInterruptedError(summary, err instanceof Error ? err.message : String(err));
      }
      if (next.done) {
        done = true;
        break;
      }
      summary.lines++;
      const text = summary.lines === 1 ? next.value.replace(/^\uFEFF/u, '') : next.value;
      if (text.trim() === '') continue;
      try {
        const { input, warnings } = readImportLine(text);
        for (const message of warnings) summary.warnings.push({ line: summary.lines, message });
        batch.push(validateArticle(input));
      } catch (err) {
        summary.rejected++;
        summary.problems.push({ line: summary.lines, message: err instanceof Error ? err.message : String(err) });
      }
      if (batch.length >= batchSize) await flush();
    }
  } finally {
    if (!done) await iterator.return?.();
    // Failing or not, the batch being written ends (committed or rolled back) before this returns.
    await (inFlight as Promise<void> | null)?.catch(() => {});
  }
  await flush();
  await settle();
  return summary;
}
