import { constants } from 'node:fs';
import { access, readFile } from 'node:fs/promises';
import { editArticle, type ArticleChanges } from '../app/article-edit.ts';
import { findArticle, postArticle } from '../app/articles.ts';
import {
  ImportInterruptedError,
  importArticles,
  openLines,
  type ImportLines,
  type ImportSummary,
} from '../app/importer.ts';
import { ARTICLE_RECORD_FIELDS } from '../domain/article-record.ts';
import { DuplicateArticleError } from '../domain/errors.ts';
import { asHashtag, splitTagList } from '../domain/tags.ts';
import type { CoreHandle } from '../runtime.ts';
import { articleJson, jsonFieldName } from '../domain/article-json.ts';
import { parseFlags, UsageError, writeJson, writeLine, type CliIO } from './common.ts';
import { createProgress } from './progress.ts';

/** A file of this many lines or more gets a final progress line; below, the summary on stdout says it all. */
const FINAL_LINE_FROM = 501;

export const IMPORT_HELP = `Usage: tagwire import FILE [--notify] [--json] [--quiet]

Loads articles from JSON Lines, one object a line:
  {"id": "...", "title": "...", "body": "...", "url": "https://...", "tags": ["..."], "date": "2024-05-01", "source": "...", "lang": "ru",
   "image": "https://.../picture.jpg"}
The fields are ${ARTICLE_RECORD_FIELDS.join(', ')} ("publishedAt" is another name for
"date"; "lang" is the language's ISO 639-1 code, detected from the text when absent;
"image" is the address of the article's picture, shown on its cards);
other fields are ignored with a warning. FILE may be gzip-compressed (.gz), or -
for standard input. Re-running is safe: an article whose id or url is already there is
skipped. Bad lines (an empty id included) are reported with their line number and
skipped; an unreadable date is left out with a warning. If reading stops part-way (a
truncated file), what was read is kept: run the import again on the complete file.

  --notify   deliver the imported articles to their followers (default: archive only)
  --json     print the summary as JSON (and no progress)
  --quiet    no progress on stderr (bad lines and the summary still print)

Progress goes to stderr: on a terminal one line kept up to date (lines read, the rate,
and the time left when reading a file); otherwise a line every 5 seconds, and one at the
end when the file had more than ${FINAL_LINE_FROM - 1} lines.`;

export const POST_HELP = `Usage: tagwire post --title TITLE --tags A,B [--url URL] [--image URL] [--source NAME]
                    [--date DATE] [--lang CODE] [--body TEXT | --body-file FILE] [--id ID] [--json]

Posts one article and delivers it to everyone who follows one of its tags. When the
bot runs (tagwire start) on the same database, its worker sends the deliveries.
--tags is read as /follow reads tags: "Armenia, CSTO", "#Armenia #CSTO", or one
multi-word tag such as "Nagorno Karabakh". --date takes 2024-05-01, ISO 8601 or
RFC 2822 (Sat, 02 Mar 2024 10:00:00 GMT). --lang is the article's language as an ISO
639-1 code (en, ru, hy, …); without it the language is detected from the text.
--image is the address (http or https) of the article's picture: Telegram shows it as
a photo with the card as its caption, Discord as the embed's image.`;

export const EDIT_HELP = `Usage: tagwire edit ID [--external] [--title TITLE] [--tags A,B] [--url URL] [--image URL]
                    [--source NAME] [--date DATE] [--lang CODE] [--body TEXT | --body-file FILE] [--json]

Corrects one article, as /edit does in the chat: the fields given change, the others
keep their value, and every card already delivered is edited in place. When the bot
runs (tagwire start) on the same database, its worker sends the edits, and delivers the
article to the followers of the tags it gained. The rules are those of tagwire post;
an empty value (--url '') clears an optional field (url, image, source, date, lang:
without a date the posting time counts, without a language it is detected anew).
The import id never changes. At least one field is needed.

  --external   ID is the article's import id, not its short id
  --json       print JSON: {article, changed, cards, recipients}`;

const MAX_PROBLEMS_SHOWN = 20;

export async function importCommand(open: () => Promise<CoreHandle>, args: string[], io: CliIO): Promise<number> {
  const { values, positionals } = parseFlags(args, {
    notify: { type: 'boolean' },
    json: { type: 'boolean' },
    quiet: { type: 'boolean' },
  });
  if (values.help) return (writeLine(io.stdout, IMPORT_HELP), 0);
  if (positionals.length !== 1) throw new UsageError('Give one file to import, e.g. tagwire import articles.jsonl.gz');
  const path = positionals[0] ?? '';
  const cannotRead = (err: unknown) =>
    new UsageError(
      `Cannot read ${path}: ${(err as NodeJS.ErrnoException).code === 'ENOENT' ? 'no such file' : (err as Error).message}`,
    );
  if (path !== '-')
    await access(path, constants.R_OK).catch((err: unknown) => {
      throw cannotRead(err);
    });
  // The database first, the file after: lines read before anyone iterates them would be
  // lost, and opening PostgreSQL (connect, migrate) takes long enough for a small file.
  const handle = await open();
  try {
    let lines: ImportLines;
    try {
      lines = await openLines(path, io.stdin as unknown as import('node:stream').Readable);
    } catch (err) {
      throw cannotRead(err);
    }
    const progress = createProgress(io.stderr, {
      verb: 'read',
      label: 'Importing',
      unit: 'lines',
      finalFrom: FINAL_LINE_FROM,
      quiet: values.json === true || values.quiet === true,
    });
    const imported = (s: ImportSummary) => `${s.imported.toLocaleString('en')} imported`;
    let summary: ImportSummary;
    let interrupted: ImportInterruptedError | null = null;
    try {
      summary = await importArticles(handle.deps, lines, {
        notify: values.notify ?? false,
        onProgress: (s) => progress.update(s.lines, { fraction: lines.fraction(), detail: imported(s) }),
      });
    } catch (err) {
      if (!(err instanceof ImportInterruptedError)) {
        progress.stop();
        throw err;
      }
      interrupted = err;
      summary = err.summary;
    }
    progress.done(summary.lines, { detail: imported(summary) });
    for (const p of summary.problems.slice(0, MAX_PROBLEMS_SHOWN)) writeLine(io.stderr, `line ${p.line}: ${p.message}`);
    if (summary.problems.length > MAX_PROBLEMS_SHOWN)
      writeLine(io.stderr, `…and ${summary.problems.length - MAX_PROBLEMS_SHOWN} more bad lines.`);
    for (const w of summary.warnings.slice(0, MAX_PROBLEMS_SHOWN))
      writeLine(io.stderr, `line ${w.line}: warning: ${w.message}`);
    if (summary.warnings.length > MAX_PROBLEMS_SHOWN)
      writeLine(io.stderr, `…and ${summary.warnings.length - MAX_PROBLEMS_SHOWN} more warnings.`);
    const warned = new Set(summary.warnings.map((w) => w.line)).size;
    if (values.json) {
      writeJson(
        io.stdout,
        interrupted ? { ...summary, interrupted: { afterLine: summary.lines, message: interrupted.reason } } : summary,
      );
    } else {
      writeLine(
        io.stdout,
        `Read ${summary.lines} lines: ${summary.imported} imported, ${summary.alreadyPresent} already present, ${summary.rejected} rejected${warned > 0 ? `, ${warned} with warnings` : ''}.`,
      );
      if (values.notify) writeLine(io.stdout, `Deliveries enqueued: ${summary.recipients}.`);
    }
    if (interrupted) {
      writeLine(
        io.stderr,
        `Reading ${path === '-' ? 'standard input' : path} stopped after line ${summary.lines}: ${interrupted.reason} (is the file cut short?). ` +
          `Before that, ${summary.imported} articles were imported and are kept. Run the import again on the complete file to add the rest: ` +
          'articles already there (same id or url) are skipped.',
      );
      return 1;
    }
    return 0;
  } finally {
    await handle.close();
  }
}

/** Reads --body or --body-file (not both): undefined when neither is given. */
async function readBodyFlag(values: { body?: string; 'body-file'?: string }): Promise<string | undefined> {
  if (values.body !== undefined && values['body-file'] !== undefined)
    throw new UsageError('Give --body or --body-file, not both.');
  if (values['body-file'] === undefined) return values.body;
  try {
    return await readFile(values['body-file'], 'utf8');
  } catch (err) {
    throw new UsageError(
      `Cannot read ${values['body-file']}: ${(err as NodeJS.ErrnoException).code === 'ENOENT' ? 'no such file' : (err as Error).message}`,
    );
  }
}

/** The flags of an article's fields, as `tagwire post` and `tagwire edit` take them. */
const ARTICLE_FIELD_FLAGS = {
  title: { type: 'string' },
  tags: { type: 'string' },
  url: { type: 'string' },
  image: { type: 'string' },
  source: { type: 'string' },
  date: { type: 'string' },
  lang: { type: 'string' },
  body: { type: 'string' },
  'body-file': { type: 'string' },
} as const;

export async function postCommand(open: () => Promise<CoreHandle>, args: string[], io: CliIO): Promise<number> {
  const { values, positionals } = parseFlags(
    args,
    {
      ...ARTICLE_FIELD_FLAGS,
      id: { type: 'string' },
      json: { type: 'boolean' },
    },
    false,
  );
  if (values.help) return (writeLine(io.stdout, POST_HELP), 0);
  void positionals;
  if (values.title === undefined) throw new UsageError('--title is required.');
  if (values.tags === undefined)
    throw new UsageError('--tags is required (comma-separated or hashtags, e.g. --tags "Armenia, CSTO").');
  if (values.id !== undefined && values.id.trim() === '')
    throw new UsageError('--id is empty: leave it out for an article without an import id, or give one.');
  const body = (await readBodyFlag(values)) ?? '';
  const handle = await open();
  try {
    const result = await postArticle(
      handle.deps,
      {
        title: values.title,
        tags: splitTagList(values.tags),
        url: values.url,
        image: values.image,
        source: values.source,
        publishedAt: values.date,
        body,
        externalId: values.id,
        language: values.lang,
      },
      { postedBy: 'cli', notify: true },
    );
    if (values.json) writeJson(io.stdout, { ...articleJson(result.article), recipients: result.recipients });
    else
      writeLine(
        io.stdout,
        `Posted ${result.article.publicId}: ${result.article.title} (${result.article.tags.map(asHashtag).join(' ')}); ${result.recipients} deliveries queued.`,
      );
    return 0;
  } catch (err) {
    return duplicateRefused(err, io);
  } finally {
    await handle.close();
  }
}

/** The flags of `tagwire edit` that change a field, in the order the help names them. */
const EDIT_FIELD_FLAGS = ['title', 'tags', 'url', 'image', 'source', 'date', 'lang', 'body', 'body-file'] as const;

const plural = (n: number, one: string, many: string) => `${n} ${n === 1 ? one : many}`;

export async function editCommand(open: () => Promise<CoreHandle>, args: string[], io: CliIO): Promise<number> {
  const { values, positionals } = parseFlags(args, {
    external: { type: 'boolean' },
    ...ARTICLE_FIELD_FLAGS,
    json: { type: 'boolean' },
  });
  if (values.help) return (writeLine(io.stdout, EDIT_HELP), 0);
  if (positionals.length !== 1)
    throw new UsageError('Give exactly one article id, e.g. tagwire edit k3x9pq --title "Corrected title"');
  if (EDIT_FIELD_FLAGS.every((flag) => values[flag] === undefined))
    throw new UsageError(
      `Give at least one field to change: ${EDIT_FIELD_FLAGS.map((f) => `--${f}`)
        .join(', ')
        .replace(/, (?=[^,]*$)/u, ' or ')}.`,
    );
  // Flags are checked (and the body file read) before the database is opened.
  const body = await readBodyFlag(values);
  const changes: ArticleChanges = {
    title: values.title,
    body,
    tags: values.tags === undefined ? undefined : splitTagList(values.tags),
    url: values.url,
    image: values.image,
    source: values.source,
    publishedAt: values.date,
    language: values.lang,
  };
  const handle = await open();
  try {
    const row = await findArticle(handle.deps.stores, positionals[0] ?? '', values.external);
    const result = await editArticle(handle.deps, row, changes);
    const changed = result.changed.map(jsonFieldName);
    if (values.json) {
      writeJson(io.stdout, {
        article: articleJson(result.article),
        changed,
        cards: result.cards,
        recipients: result.recipients,
      });
      return 0;
    }
    const head = `Edited ${result.article.publicId}: ${result.article.title}.`;
    const cards =
      result.cards === 0
        ? 'No card of it was delivered yet'
        : `${plural(result.cards, 'delivered card', 'delivered cards')} will be edited in place`;
    const recipients =
      result.recipients > 0 ? `; ${plural(result.recipients, 'new subscriber', 'new subscribers')} (added tags)` : '';
    writeLine(
      io.stdout,
      changed.length === 0
        ? `${head} Nothing changed: the article already reads so.`
        : `${head} Changed: ${changed.join(', ')}. ${cards}${recipients}.`,
    );
    return 0;
  } catch (err) {
    return duplicateRefused(err, io);
  } finally {
    await handle.close();
  }
}

/** An article another one has the URL or import id of: said on stderr, exit 1; anything else is thrown on. */
function duplicateRefused(err: unknown, io: CliIO): number {
  if (!(err instanceof DuplicateArticleError)) throw err;
  writeLine(io.stderr, err.message);
  return 1;
}
