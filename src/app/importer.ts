import { createReadStream } from 'node:fs';
import { createInterface } from 'node:readline';
import { createGunzip } from 'node:zlib';
import type { Readable } from 'node:stream';
import { articleRowFrom, fanOutArticle } from './articles.ts';
import { DELIVERY_LOCK } from '../storage/worker-lock-store.ts';
import type { CoreDeps } from './deps.ts';
import { prepareLines, type ImportLine, type ImportProblem, type PreparedBatch } from './import-prepare.ts';
import { createBatchPreparer, defaultImportThreads, QUEUED_PER_WORKER } from './import-workers.ts';

/**
 * Lines committed per transaction: big enough to be fast (the statements of a batch are
 * shared, bench/import.bench.ts), small enough to keep the bot responsive (a batch holds
 * SQLite's write lock for a fraction of a second; readers never wait for it).
 */
export const IMPORT_BATCH = 1000;
/** A SQLite batch's write time over the pause after it, in which a running bot writes. */
const LOCK_SHARE = 3;

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
  /**
   * Worker threads preparing batches while one is written (src/app/import-workers.ts);
   * 0 prepares every batch in this thread. Default: the cores but one, at most 4.
   */
  threads?: number;
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
  const postedBy = options.postedBy ?? 'import';
  const batchSize = options.batchSize ?? IMPORT_BATCH;
  // SQLite's search index is analysed by the application: prepared with the batch.
  const analyse = deps.stores.capabilities.searchEngine === 'fts5';
  const threads = options.threads ?? defaultImportThreads();
  const preparer = createBatchPreparer(threads, analyse);

  // Lines are read and prepared outside the transactions, which hold only the writes:
  // short, so that another process (the bot, on the same SQLite file) gets the write lock
  // between batches. Batches are prepared in worker threads while the one before is
  // written (src/app/import-workers.ts), or here when every worker is busy; they are
  // written in the file's order. On PostgreSQL, where the writes run in the server, the
  // next batch is also read while the last one is written (one batch in flight).
  const overlap = deps.stores.capabilities.sharedByProcesses;
  let inFlight: Promise<void> | null = null;
  const write = async ({ articles, problems, warnings }: PreparedBatch) => {
    summary.rejected += problems.length;
    summary.problems.push(...problems);
    summary.warnings.push(...warnings);
    if (articles.length === 0) return;
    const now = deps.clock.now().getTime();
    const rows = articles.map((p) => ({
      row: articleRowFrom(p.article, p.description, now, postedBy),
      tags: p.article.tags,
      ...(p.terms ? { terms: p.terms } : {}),
    }));
    const done = await deps.stores.transaction(async (stores) => {
      const outcomes = await stores.articles.insertMany(rows, now);
      let imported = 0;
      let recipients = 0;
      for (const [i, outcome] of outcomes.entries()) {
        if (!outcome.inserted) continue;
        imported++;
        const article = articles[i]?.article;
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
  };
  /** Waits for the batch being written, if any; its failure is thrown here. */
  const settle = async () => {
    const pending = inFlight;
    inFlight = null;
    if (pending) await pending;
  };

  /** Batches being prepared, in the file's order; `ready` once prepared, when `prepared` settles. */
  const preparing: { batch: Promise<PreparedBatch>; ready: boolean; prepared: Promise<'batch'> }[] = [];
  /** Batches prepared ahead of the one being written, at most: what the workers hold, and one. */
  const ahead = threads * QUEUED_PER_WORKER + 1;
  /** Writes the batch at the head of the queue once it is prepared (on PostgreSQL, starts writing it). */
  const writeHead = async (head: { batch: Promise<PreparedBatch> }) => {
    const batch = await head.batch;
    preparing.shift();
    await settle();
    const started = performance.now();
    inFlight = write(batch).then(() => options.onProgress?.(summary));
    // Thrown at the next settle(), not as an unhandled rejection meanwhile.
    inFlight.catch(() => {});
    if (overlap) return;
    await settle();
    // SQLite, with a bot running on the same file (its delivery worker holds the lock
    // row): leave the write lock free for a third of the time the batch held it, so that
    // the bot's own writes get in between batches.
    const bot = await deps.stores.locks.find(DELIVERY_LOCK);
    if (bot && bot.expiresAt > deps.clock.now().getTime())
      await new Promise((resolve) => setTimeout(resolve, (performance.now() - started) / LOCK_SHARE));
  };
  /** Writes the prepared batches at the head of the queue, in order; with `all`, every batch, waiting for each. */
  const writeReady = async (all: boolean) => {
    for (let head = preparing[0]; head; head = preparing[0]) {
      if (!all && !head.ready && preparing.length <= ahead) return;
      await writeHead(head);
    }
  };
  let lineBatch: ImportLine[] = [];
  /** Sends the lines read to be prepared (a worker with room, else this thread), and writes what is ready. */
  const flush = async (all: boolean) => {
    // Let the workers' messages in (ready, a batch done): lines that arrive without I/O
    // (an array, a buffered stream) would otherwise keep this loop in microtasks.
    await new Promise((resolve) => setImmediate(resolve));
    if (lineBatch.length > 0) {
      const current = lineBatch;
      lineBatch = [];
      let batch = preparer.dispatch(current);
      // On PostgreSQL the server writes, on the same cores: rather than prepare here too,
      // wait for a worker to hand back a batch, and send that one to the server.
      for (let head = preparing[0]; batch === null && overlap && head && preparer.working(); head = preparing[0]) {
        await writeHead(head);
        batch = preparer.dispatch(current);
      }
      batch ??= Promise.resolve(prepareLines(current, analyse));
      const entry: (typeof preparing)[number] = {
        batch,
        ready: false,
        prepared: batch.then(() => {
          entry.ready = true;
          return 'batch';
        }),
      };
      preparing.push(entry);
    }
    await writeReady(all);
    if (all) await settle();
  };

  const iterator = lines[Symbol.asyncIterator]();
  let done = false;
  /** The line being waited for: a batch prepared meanwhile is written without waiting for it (a pipe may pause). */
  let nextLine: Promise<IteratorResult<string>> | null = null;
  try {
    for (;;) {
      nextLine ??= iterator.next();
      const head = preparing[0];
      const first = head && (await Promise.race([nextLine.then(() => 'line').catch(() => 'line'), head.prepared]));
      if (head && first === 'batch') {
        await writeHead(head);
        continue;
      }
      let next: IteratorResult<string>;
      try {
        next = await nextLine;
        nextLine = null;
      } catch (err) {
        done = true;
        // Every line read so far is whole: keep it, and say where reading stopped.
        await flush(true);
        throw new ImportInterruptedError(summary, err instanceof Error ? err.message : String(err));
      }
      if (next.done) {
        done = true;
        break;
      }
      summary.lines++;
      const text = summary.lines === 1 ? next.value.replace(/^\uFEFF/u, '') : next.value;
      if (text.trim() !== '') lineBatch.push({ line: summary.lines, text });
      if (lineBatch.length >= batchSize) await flush(false);
    }
    await flush(true);
  } finally {
    if (!done) {
      // A line still awaited may never come (an open pipe): close without waiting for it.
      const closing = iterator.return?.();
      if (nextLine === null) await closing;
      else closing?.catch(() => {});
    }
    // Failing or not, the batch being written ends (committed or rolled back) before this returns.
    await (inFlight as Promise<void> | null)?.catch(() => {});
    await preparer.close();
  }
  return summary;
}
