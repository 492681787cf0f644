import type { ArticleChanges } from '../app/article-edit.ts';
import { msg, UserInputError } from '../domain/errors.ts';
import { splitTagList } from '../domain/tags.ts';

export const EDIT_FORMAT_EXAMPLE = [
  '/edit k3x9pq',
  'title: Armenia freezes its CSTO participation',
  'tags: Armenia, CSTO',
].join('\n');

const HEADER = /^(title|tags?|url|link|image|picture|source|date|lang|language)\s*:\s*(.*)$/iu;

/**
 * Reads the one-message /edit form: the article's id after the command, then the fields
 * to change as header lines (`title:`, `tags:`, `url:`, `image:`, `source:`, `date:`,
 * `lang:`, any case; an empty value clears an optional field), and after a blank line the
 * new body. A field not written keeps its value; no body keeps the body.
 */
export function parseEditMessage(args: string): { id: string; changes: ArticleChanges } {
  const lines = args.replace(/\r\n?/gu, '\n').split('\n');
  const id = (lines[0] ?? '').trim();
  if (id === '') throw new UserInputError(msg('err-which-article'), EDIT_FORMAT_EXAMPLE);
  const changes: ArticleChanges = {};
  let i = 1;
  for (; i < lines.length; i++) {
    const line = (lines[i] ?? '').trim();
    if (line === '') break;
    const m = HEADER.exec(line);
    if (!m) throw new UserInputError(msg('err-edit-line', { line: line.slice(0, 60) }), EDIT_FORMAT_EXAMPLE);
    const value = (m[2] ?? '').trim();
    switch ((m[1] ?? '').toLowerCase()) {
      case 'title':
        changes.title = value;
        break;
      case 'tag':
      case 'tags':
        changes.tags = splitTagList(value);
        break;
      case 'url':
      case 'link':
        changes.url = value === '' ? null : value;
        break;
      case 'image':
      case 'picture':
        changes.image = value === '' ? null : value;
        break;
      case 'source':
        changes.source = value === '' ? null : value;
        break;
      case 'date':
        changes.publishedAt = value === '' ? null : value;
        break;
      default:
        changes.language = value === '' ? null : value;
    }
  }
  const body = lines
    .slice(i + 1)
    .join('\n')
    .trim();
  if (body !== '') changes.body = body;
  return { id, changes };
}

/** An article as the /edit form that would leave it as it is: a starting point to copy and correct. */
export function editFormOf(article: {
  publicId: string;
  title: string;
  tags: readonly string[];
  url: string | null;
  imageUrl?: string | null | undefined;
  source: string | null;
  body: string;
}): string {
  const lines = [`/edit ${article.publicId}`, `title: ${article.title}`, `tags: ${article.tags.join(', ')}`];
  if (article.url) lines.push(`url: ${article.url}`);
  if (article.imageUrl) lines.push(`image: ${article.imageUrl}`);
  if (article.source) lines.push(`source: ${article.source}`);
  return article.body.trim() === '' ? lines.join('\n') : `${lines.join('\n')}\n\n${article.body.trim()}`;
}
