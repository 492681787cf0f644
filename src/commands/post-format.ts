import type { ArticleInput } from '../domain/article.ts';
import { msg, UserInputError } from '../domain/errors.ts';
import { hashtagsOnLine, splitTagList } from '../domain/tags.ts';

export const POST_FORMAT_EXAMPLE = [
  '/post Armenia freezes its CSTO participation',
  'tags: Armenia, CSTO',
  'url: https://example.com/armenia-csto',
  'source: Example News',
  'image: https://example.com/armenia-csto.jpg',
  'date: 2024-02-23',
  'lang: en',
  '',
  'Armenia has frozen its participation in the Russian-led security bloc...',
  '#Russia',
].join('\n');

const HEADER = /^(tags?|url|link|image|picture|source|date|id|lang|language)\s*:\s*(.*)$/iu;

/**
 * Reads the one-message /post form: the title after the command (or on the next line),
 * then optional `tags:`, `url:`, `image:`, `source:`, `date:`, `lang:` header lines (any case), a blank line,
 * and the body. The `tags:` line is read as /follow reads tags; hashtags alone on the
 * body's last line count as tags too.
 */
export function parsePostMessage(args: string): ArticleInput {
  const lines = args.replace(/\r\n?/gu, '\n').split('\n');
  let i = 0;
  while (i < lines.length && (lines[i] ?? '').trim() === '') i++;
  const title = (lines[i] ?? '').trim();
  if (title === '' || HEADER.test(title)) {
    throw new UserInputError(msg('err-post-no-title'), POST_FORMAT_EXAMPLE);
  }
  i++;
  const headers: Record<string, string> = {};
  for (; i < lines.length; i++) {
    const m = HEADER.exec((lines[i] ?? '').trim());
    if (!m) break;
    let key = (m[1] ?? '').toLowerCase();
    if (key === 'tag') key = 'tags';
    if (key === 'link') key = 'url';
    if (key === 'language') key = 'lang';
    if (key === 'picture') key = 'image';
    headers[key] =
      headers[key] !== undefined && key === 'tags' ? `${headers[key]}, ${m[2] ?? ''}` : (m[2] ?? '').trim();
  }
  const bodyLines = lines.slice(i);
  while (bodyLines.length > 0 && (bodyLines[bodyLines.length - 1] ?? '').trim() === '') bodyLines.pop();
  // Read as /follow reads tags (splitTagList): `Armenia, CSTO`, `#Armenia #CSTO`, `Nagorno Karabakh`.
  const tags = splitTagList(headers.tags ?? '');
  const last = bodyLines[bodyLines.length - 1];
  const trailing = last === undefined ? null : hashtagsOnLine(last);
  if (trailing) {
    bodyLines.pop();
    tags.push(...trailing.map((t) => t.display));
  }
  if (tags.length === 0) {
    throw new UserInputError(msg('err-post-no-tags'), POST_FORMAT_EXAMPLE);
  }
  return {
    title,
    tags,
    body: bodyLines.join('\n').trim(),
    url: headers.url,
    image: headers.image,
    source: headers.source,
    publishedAt: headers.date,
    externalId: headers.id,
    language: headers.lang,
  };
}

export interface PostFields {
  title: string;
  /** As typed: comma-separated, or hashtags. */
  tags: string;
  url?: string | undefined;
  image?: string | undefined;
  source?: string | undefined;
  date?: string | undefined;
  body?: string | undefined;
}

/**
 * Writes form fields (a Discord modal, a guided conversation) as the one-message /post
 * form, so every way of posting goes through the same parsing, checks and reply.
 * One-line fields lose their line breaks; hashtags-only tags become comma-separated.
 */
export function composePostMessage(fields: PostFields): string {
  const line = (value: string | undefined) => (value ?? '').replace(/[\r\n]+/gu, ' ').trim();
  const tags = line(fields.tags);
  const tagLine = !/[,，]/u.test(tags) && /(^|\s)[#＃]/u.test(tags) ? tags.split(/\s+/u).join(', ') : tags;
  const lines = [`/post ${line(fields.title)}`, `tags: ${tagLine}`];
  if (line(fields.url) !== '') lines.push(`url: ${line(fields.url)}`);
  if (line(fields.image) !== '') lines.push(`image: ${line(fields.image)}`);
  if (line(fields.source) !== '') lines.push(`source: ${line(fields.source)}`);
  if (line(fields.date) !== '') lines.push(`date: ${line(fields.date)}`);
  const body = (fields.body ?? '').trim();
  return body === '' ? lines.join('\n') : `${lines.join('\n')}\n\n${body}`;
}
