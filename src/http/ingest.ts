import { createHash, timingSafeEqual } from 'node:crypto';
import type { IncomingMessage, ServerResponse } from 'node:http';
import { postArticle } from '../app/articles.ts';
import type { CoreDeps } from '../app/deps.ts';
import { articleJson } from '../domain/article-json.ts';
import { readArticleRecord, unknownFieldsWarning } from '../domain/article-record.ts';
import type { ArticleInput } from '../domain/article.ts';
import { DuplicateArticleError, UserInputError } from '../domain/errors.ts';
import { HttpError, readJsonBody, sendJson } from './respond.ts';

/*
 * POST /api/articles: one article as JSON, the fields of a line of `tagwire import`
 * (ARTICLE_RECORD_FIELDS) and this API's options:
 *   { "id", "title", "body", "url", "tags": [...], "date" | "publishedAt", "source", "lang", "autoTag", "notify" }
 * Other fields are ignored, and named in the answer's `warnings`.
 * Idempotent on `id` or `url`: sending an article the archive already has answers 200
 * with that article and delivers nothing again; a new one answers 201 and is delivered.
 */

/** Largest request body accepted, in bytes: room for the longest body an article may have. */
export const MAX_INGEST_BODY_BYTES = 1_000_000;

/** What this API takes besides the article's fields. */
const OPTIONS = ['autoTag', 'notify'] as const;

const digest = (value: string) => createHash('sha256').update(value, 'utf8').digest();

/**
 * Checks `Authorization: Bearer TOKEN` in constant time (both sides hashed first, so
 * neither the token's content nor its length leaks through timing).
 */
export function checkBearer(req: IncomingMessage, token: string | undefined): void {
  if (token === undefined)
    throw new HttpError(503, 'ingest_disabled', 'The ingest API is off: set INGEST_TOKEN to turn it on.');
  const header = req.headers.authorization ?? '';
  const m = /^Bearer[ ]+(\S+)\s*$/iu.exec(header);
  if (!m) {
    throw new HttpError(401, 'unauthorized', 'Send the ingest token as "Authorization: Bearer TOKEN".', {
      'www-authenticate': 'Bearer realm="tagwire"',
    });
  }
  if (!timingSafeEqual(digest(m[1] ?? ''), digest(token))) {
    throw new HttpError(403, 'forbidden', 'That is not the ingest token.');
  }
}

interface IngestRequest {
  article: ArticleInput;
  autoTag: boolean;
  notify: boolean;
  /** Sentences for the answer's `warnings`: fields ignored. */
  warnings: string[];
}

const sentence = (text: string) => `${text.charAt(0).toUpperCase()}${text.slice(1)}.`;

function readRequest(value: unknown): IngestRequest {
  if (typeof value !== 'object' || value === null || Array.isArray(value)) {
    throw new HttpError(
      400,
      'invalid_article',
      'The body must be a JSON object: {"title": "...", "tags": ["..."], ...}.',
    );
  }
  const body = value as Record<string, unknown>;
  let record;
  try {
    record = readArticleRecord(body, OPTIONS);
  } catch (err) {
    if (err instanceof UserInputError) throw new HttpError(400, 'invalid_article', err.message);
    throw err;
  }
  const warnings =
    record.unknownFields.length > 0 ? [sentence(unknownFieldsWarning(record.unknownFields, OPTIONS))] : [];
  for (const flag of OPTIONS) {
    if (body[flag] !== undefined && typeof body[flag] !== 'boolean')
      throw new HttpError(400, 'invalid_article', `"${flag}" must be true or false.`, {}, { warnings });
  }
  return { article: record.input, autoTag: body.autoTag === true, notify: body.notify !== false, warnings };
}

export async function handleIngest(
  deps: CoreDeps,
  req: IncomingMessage,
  res: ServerResponse,
  options: { token: string | undefined; maxBodyBytes: number },
): Promise<void> {
  checkBearer(req, options.token);
  const { article, autoTag, notify, warnings } = readRequest(await readJsonBody(req, options.maxBodyBytes));
  try {
    const result = await postArticle(deps, article, { postedBy: 'api', notify, autoTag });
    sendJson(res, 201, {
      created: true,
      article: { ...articleJson(result.article), autoTags: result.autoTags },
      recipients: result.recipients,
      warnings,
    });
  } catch (err) {
    if (err instanceof UserInputError) throw new HttpError(400, 'invalid_article', err.message, {}, { warnings });
    if (!(err instanceof DuplicateArticleError)) throw err;
    const row = await deps.stores.articles.byPublicId(err.existingPublicId);
    const [view] = row ? await deps.stores.articles.views([row]) : [];
    if (!row || !view) throw err;
    sendJson(res, 200, {
      created: false,
      duplicateOf: err.matchedOn === 'url' ? 'url' : 'id',
      article: { ...articleJson(view), autoTags: await deps.stores.articles.autoTagNames(row.id) },
      recipients: 0,
      warnings,
    });
  }
}
