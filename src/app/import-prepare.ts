import { parseDate, validateArticle, type ArticleInput, type ValidArticle } from '../domain/article.ts';
import { describeArticle, type ArticleDescription } from '../domain/article-description.ts';
import { readArticleRecord, unknownFieldsWarning } from '../domain/article-record.ts';
import { UserInputError } from '../domain/errors.ts';
import { analysedText } from '../domain/tokenize.ts';

/*
 * The part of `tagwire import` that needs no database: each line read as JSON, checked as
 * an article, its language detected and its summary made, and (for SQLite, whose search
 * index the application analyses) its title and body analysed. Pure and synchronous, so
 * it runs in worker threads (src/app/import-workers.ts) while the importer writes the
 * batch before, or in the importer's own thread: the outcome is the same.
 */

/** Longest line accepted, in characters; longer ones are reported and skipped. */
export const MAX_IMPORT_LINE = 1_000_000;

export interface ImportProblem {
  line: number;
  message: string;
}

/** A line of the file and its number (1-based). */
export interface ImportLine {
  line: number;
  text: string;
}

/** A line that is an article, ready to be stored. */
export interface PreparedArticle {
  line: number;
  article: ValidArticle;
  description: ArticleDescription;
  /** The search index's analysis of the title and body, when asked for (SQLite). */
  terms?: { title: string; body: string };
}

/** A batch of lines, prepared: its articles, and its bad lines and warnings, in line order. */
export interface PreparedBatch {
  articles: PreparedArticle[];
  problems: ImportProblem[];
  warnings: ImportProblem[];
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

/** Prepares the lines of a batch; `analyse` adds the search index's analysis of each article. */
export function prepareLines(lines: readonly ImportLine[], analyse: boolean): PreparedBatch {
  const batch: PreparedBatch = { articles: [], problems: [], warnings: [] };
  for (const { line, text } of lines) {
    try {
      const { input, warnings } = readImportLine(text);
      for (const message of warnings) batch.warnings.push({ line, message });
      const article = validateArticle(input);
      batch.articles.push({
        line,
        article,
        description: describeArticle(article),
        ...(analyse ? { terms: { title: analysedText(article.title), body: analysedText(article.body) } } : {}),
      });
    } catch (err) {
      batch.problems.push({ line, message: err instanceof Error ? err.message : String(err) });
    }
  }
  return batch;
}
