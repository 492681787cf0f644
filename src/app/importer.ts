import { createReadStream } from 'node:fs';
import { createInterface } from 'node:readline';
import { createGunzip } from 'node:zlib';
import type { Readable } from 'node:stream';
import { parseDate } from '../domain/article.ts';
import { DuplicateArticleError, UserInputError } from '../domain/errors.ts';
import { postArticle } from './articles.ts';
import type { CoreDeps } from './deps.ts';

/** Lines committed per transaction: big enough to be fast, small enough to keep the bot responsive. */
export const IMPORT_BATCH = 500;
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
  /** Lines imported with something dropped (an unreadable date). */
  warnings: ImportProblem[];
}

export interface ImportOptions {
  notify: boolean;
  postedBy?: string;
  onProgress?: (summary: ImportSummary) => void;
}

/** Opens a JSON Lines file, gunzipping it when it is gzip (by its first bytes). '-' reads stdin. */
export async function openLines(path: string, stdin: Readable): Promise<AsyncIterable<string>> {
  let stream: Readable;
  if (path === '-') stream = stdin;
  else {
    const { open } = await import('node:fs/promises');
    const handle = await open(path, 'r');
    const { buffer, bytesRead } = await handle.read(Buffer.alloc(2), 0, 2, 0);
    await handle.close();
    const gzip = bytesRead === 2 && buffer[0] === 0x1f && buffer[1] === 0x8b;
    stream = gzip ? createReadStream(path).pipe(createGunzip()) : createReadStream(path);
  }
  return createInterface({ input: stream, crlfDelay: Infinity });
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
 * Imports articles from JSON Lines (`id`, `title`, `body`, `url`, `tags`, `date`, `source`).
 * Idempotent: an article whose id or URL is already there is counted and skipped.
 * Bad lines are reported with their line number and skipped; the rest goes in.
 * No deliveries unless `notify`.
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
  let batch: { line: number; record: Record<string, unknown> }[] = [];
  const postedBy = options.postedBy ?? 'import';

  const flush = async () => {
    if (batch.length === 0) return;
    const current = batch;
    batch = [];
    let enqueued = 0;
    await deps.stores.transaction(async (stores) => {
      const quiet = {
        ...deps,
        stores,
        onEnqueued: () => {
          enqueued++;
        },
      };
      for (const { line, record } of current) {
        let date = record.date;
        if (typeof date === 'string' && date.trim() !== '' && parseDate(date) === null) {
          summary.warnings.push({ line, message: `unreadable date "${date.slice(0, 40)}" left out` });
          date = null;
        }
        try {
          const result = await postArticle(
            quiet,
            {
              externalId: record.id,
              title: record.title,
              body: record.body,
              url: record.url,
              tags: record.tags,
              publishedAt: date,
              source: record.source,
            },
            { postedBy, notify: options.notify },
          );
          summary.imported++;
          summary.recipients += result.recipients;
        } catch (err) {
          if (err instanceof DuplicateArticleError) summary.alreadyPresent++;
          else if (err instanceof UserInputError) {
            summary.rejected++;
            summary.problems.push({ line, message: err.message });
          } else throw err;
        }
      }
    });
    if (enqueued > 0) deps.onEnqueued();
    options.onProgress?.(summary);
  };

  for await (const text of lines) {
    summary.lines++;
    if (text.trim() === '') continue;
    try {
      batch.push({ line: summary.lines, record: recordFrom(text) });
    } catch (err) {
      summary.rejected++;
      summary.problems.push({ line: summary.lines, message: err instanceof Error ? err.message : String(err) });
    }
    if (batch.length >= IMPORT_BATCH) await flush();
  }
  await flush();
  return summary;
}
