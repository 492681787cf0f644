import type { ArticleInput } from './article.ts';
import { msg, UserInputError } from './errors.ts';
import { splitTagList } from './tags.ts';

/**
 * The fields of an article record, defined once: a line of `tagwire import` and the
 * body of `POST /api/articles` (which adds its options, `autoTag` and `notify`).
 * `date` and `publishedAt` are two names for one field.
 */
export const ARTICLE_RECORD_FIELDS = [
  'id',
  'title',
  'body',
  'url',
  'tags',
  'date',
  'publishedAt',
  'source',
  'lang',
  'image',
] as const;

export interface ArticleRecord {
  /** The article, for validateArticle. */
  input: ArticleInput;
  /** Fields the record has that nothing reads (a typo, another system's field): to warn about. */
  unknownFields: string[];
}

const present = (value: unknown) => value !== undefined && value !== null;

/**
 * Reads an article record (a parsed JSON object). Throws a UserInputError for a record
 * that cannot be meant: an empty or blank `id` (taken as no id, it would make a copy
 * at every re-run), or both `date` and `publishedAt`. `known` are the other fields the
 * caller reads itself. Everything else is left to validateArticle.
 */
export function readArticleRecord(record: Record<string, unknown>, known: readonly string[] = []): ArticleRecord {
  const fields: readonly string[] = [...ARTICLE_RECORD_FIELDS, ...known];
  const unknownFields = Object.keys(record).filter((key) => !fields.includes(key));
  if (typeof record.id === 'string' && record.id.trim() === '') throw new UserInputError(msg('err-article-empty-id'));
  if (present(record.date) && present(record.publishedAt)) throw new UserInputError(msg('err-article-two-dates'));
  return {
    input: {
      externalId: record.id,
      title: record.title,
      body: record.body,
      url: record.url,
      tags: tagPieces(record.tags),
      publishedAt: present(record.date) ? record.date : record.publishedAt,
      source: record.source,
      language: record.lang,
      image: record.image,
    },
    unknownFields,
  };
}

/**
 * The tags as one tag a piece, by the one rule (splitTagList): `"Armenia, CSTO"` and
 * `["#Armenia #CSTO"]` are two tags each. Anything else is left for validateArticle.
 */
function tagPieces(tags: unknown): unknown {
  if (typeof tags === 'string') return splitTagList(tags);
  if (!Array.isArray(tags)) return tags;
  return tags.flatMap((tag: unknown) => (typeof tag === 'string' ? splitTagList(tag) : [tag]));
}

/** `unknown fields "tittle", "topics" ignored; the fields are id, title, …`: `fields`, a record's by default. */
export function unknownFieldsWarning(
  unknownFields: readonly string[],
  fields: readonly string[] = ARTICLE_RECORD_FIELDS,
): string {
  const names = unknownFields
    .slice(0, 5)
    .map((k) => JSON.stringify(k.slice(0, 40)))
    .join(', ');
  const more = unknownFields.length > 5 ? ` and ${unknownFields.length - 5} more` : '';
  return `unknown field${unknownFields.length > 1 ? 's' : ''} ${names}${more} ignored; the fields are ${fields.join(', ')}`;
}
