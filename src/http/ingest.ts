import { createHash, timingSafeEqual } from 'node:crypto';
import type { IncomingMessage, ServerResponse } from 'node:http';
import { editArticle, type ArticleChanges } from '../app/article-edit.ts';
import { findArticle, postArticle } from '../app/articles.ts';
import type { CoreDeps } from '../app/deps.ts';
import { articleJson, jsonFieldName } from '../domain/article-json.ts';
import { ARTICLE_RECORD_FIELDS, readArticleRecord, unknownFieldsWarning } from '../domain/article-record.ts';
import type { ArticleInput } from '../domain/article.ts';
import { DuplicateArticleError, NotFoundError, UserInputError } from '../domain/errors.ts';
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
    record.unknownFields.length > 0
      ? [sentence(unknownFieldsWarning(record.unknownFields, [...ARTICLE_RECORD_FIELDS, ...OPTIONS]))]
      : [];
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

/*
 * PATCH /api/articles/ID: a correction, as /edit and `tagwire edit` make it. ID is the
 * article's public id, or its import id with `?external=1`. The body is a JSON object
 * with any of the article's fields but `id` (an import id never changes): a field left
 * out keeps its value, null or "" clears an optional one. Other fields are ignored and
 * named in `warnings`, as POST does. Every card delivered is edited in place, and the
 * followers of tags the article gained get it.
 */

/** The fields a correction may give: those of an article record but its import id. */
const EDIT_FIELDS = ARTICLE_RECORD_FIELDS.filter((f) => f !== 'id');

const fieldList = EDIT_FIELDS.join(', ');

interface EditRequest {
  changes: ArticleChanges;
  warnings: string[];
}

function readEditRequest(value: unknown): EditRequest {
  if (typeof value !== 'object' || value === null || Array.isArray(value)) {
    throw new HttpError(
      400,
      'invalid_article',
      `The body must be a JSON object of the fields to change (${fieldList}), e.g. {"title": "..."}.`,
    );
  }
  const body = value as Record<string, unknown>;
  const given = (field: string) => Object.hasOwn(body, field);
  let record;
  try {
    // The id is refused below, with the fields ignored named; not read as an empty one here.
    record = readArticleRecord({ ...body, id: undefined });
  } catch (err) {
    if (err instanceof UserInputError) throw new HttpError(400, 'invalid_article', err.message);
    throw err;
  }
  const unknown = record.unknownFields;
  const warnings = unknown.length > 0 ? [sentence(unknownFieldsWarning(unknown, EDIT_FIELDS))] : [];
  if (given('id'))
    throw new HttpError(
      400,
      'invalid_article',
      'An article\'s import id ("id") never changes: leave it out. To name the article by its import id, use PATCH /api/articles/IMPORT_ID?external=1.',
      {},
      { warnings },
    );
  const input = record.input;
  const changes: ArticleChanges = {};
  if (given('title')) changes.title = input.title;
  if (given('body')) changes.body = input.body;
  if (given('tags')) changes.tags = input.tags;
  if (given('url')) changes.url = input.url;
  if (given('image')) changes.image = input.image;
  if (given('source')) changes.source = input.source;
  // `"date": null` clears the date (the record reader takes a null date as none given).
  if (given('date') || given('publishedAt')) changes.publishedAt = input.publishedAt ?? null;
  if (given('lang')) changes.language = input.language;
  if (Object.keys(changes).length === 0)
    throw new HttpError(
      400,
      'invalid_article',
      `Nothing to change: give at least one of the fields ${fieldList}.`,
      {},
      { warnings },
    );
  return { changes, warnings };
}

/** `?external=1` (or `true`): the id in the path is the import id. */
function readExternal(search: URLSearchParams): boolean {
  const value = search.get('external');
  if (value === null || value === '0' || value === 'false') return false;
  if (value === '' || value === '1' || value === 'true') return true;
  throw new HttpError(
    400,
    'invalid_parameter',
    `"external" takes 1 (the id is the article's import id) or 0, not "${value.slice(0, 40)}".`,
  );
}

export async function handleEdit(
  deps: CoreDeps,
  req: IncomingMessage,
  res: ServerResponse,
  options: { token: string | undefined; maxBodyBytes: number; rawId: string; search: URLSearchParams },
): Promise<void> {
  checkBearer(req, options.token);
  const external = readExternal(options.search);
  let id: string;
  try {
    id = decodeURIComponent(options.rawId);
  } catch {
    throw new HttpError(400, 'invalid_parameter', 'The article id in the path is not valid percent-encoding.');
  }
  const { changes, warnings } = readEditRequest(await readJsonBody(req, options.maxBodyBytes));
  let row;
  try {
    row = await findArticle(deps.stores, id, external);
  } catch (err) {
    // Not an id, or no article has it: either way there is no article at this address.
    if (err instanceof NotFoundError || err instanceof UserInputError)
      throw new HttpError(404, 'not_found', err.message, {}, { warnings });
    throw err;
  }
  try {
    const result = await editArticle(deps, row, changes);
    sendJson(res, 200, {
      article: articleJson(result.article),
      changed: result.changed.map(jsonFieldName),
      cards: result.cards,
      recipients: result.recipients,
      warnings,
    });
  } catch (err) {
    if (err instanceof UserInputError) throw new HttpError(400, 'invalid_article', err.message, {}, { warnings });
    if (err instanceof DuplicateArticleError)
      throw new HttpError(409, 'duplicate_url', err.message, {}, { existingId: err.existingPublicId, warnings });
    throw err;
  }
}
