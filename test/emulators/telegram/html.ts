import type { MessageEntity } from 'grammy/types';

/**
 * Telegram's parse_mode "HTML", as the Bot API server reads it: supported tags become
 * entities (offsets in UTF-16 units), `&lt; &gt; &amp; &quot;` and numeric entities are
 * decoded. Stricter than Telegram on purpose: a bare `&`, `<` or `>` that is not
 * markup is refused, so an unescaped user string fails a test instead of slipping by.
 */

const TAGS: Record<string, MessageEntity['type']> = {
  b: 'bold',
  strong: 'bold',
  i: 'italic',
  em: 'italic',
  u: 'underline',
  ins: 'underline',
  s: 'strikethrough',
  strike: 'strikethrough',
  del: 'strikethrough',
  a: 'text_link',
  code: 'code',
  pre: 'pre',
  'tg-spoiler': 'spoiler',
  span: 'spoiler',
  blockquote: 'blockquote',
};

export type ParsedHtml = { ok: true; text: string; entities: MessageEntity[] } | { ok: false; error: string };

const OPEN_TAG = /^<([a-zA-Z][a-zA-Z0-9-]*)((?:\s+[a-zA-Z-]+\s*=\s*(?:"[^"]*"|'[^']*'|[^\s>"']+))*)\s*>/u;
const CLOSE_TAG = /^<\/([a-zA-Z][a-zA-Z0-9-]*)\s*>/u;
const ATTRIBUTE = /([a-zA-Z-]+)\s*=\s*(?:"([^"]*)"|'([^']*)'|([^\s>"']+))/gu;
const ENTITY = /^&(lt|gt|amp|quot|#\d{1,7}|#x[0-9a-fA-F]{1,6});/u;

function decodeEntity(name: string): string {
  switch (name) {
    case 'lt':
      return '<';
    case 'gt':
      return '>';
    case 'amp':
      return '&';
    case 'quot':
      return '"';
    default:
      return String.fromCodePoint(name.startsWith('#x') ? parseInt(name.slice(2), 16) : Number(name.slice(1)));
  }
}

function decodeAll(value: string): string {
  return value.replace(/&(lt|gt|amp|quot|#\d{1,7}|#x[0-9a-fA-F]{1,6});/gu, (_, name: string) => decodeEntity(name));
}

const fail = (error: string): ParsedHtml => ({ ok: false, error: `Bad Request: can't parse entities: ${error}` });

export function parseTelegramHtml(html: string): ParsedHtml {
  let text = '';
  const entities: MessageEntity[] = [];
  const open: { tag: string; offset: number; url?: string; at: number }[] = [];
  let i = 0;
  while (i < html.length) {
    const rest = html.slice(i);
    const ch = html[i];
    const byteOffset = Buffer.byteLength(html.slice(0, i), 'utf8');
    if (ch === '<') {
      const close = CLOSE_TAG.exec(rest);
      if (close) {
        const name = (close[1] ?? '').toLowerCase();
        const top = open.pop();
        if (!top) return fail(`Unexpected end tag at byte offset ${byteOffset}`);
        if (top.tag !== name)
          return fail(`Unmatched end tag at byte offset ${byteOffset}, expected "</${top.tag}>", found "</${name}>"`);
        const type = TAGS[name];
        const length = text.length - top.offset;
        if (type && length > 0) {
          entities.push(
            type === 'text_link'
              ? { type, offset: top.offset, length, url: top.url ?? '' }
              : ({ type, offset: top.offset, length } as MessageEntity),
          );
        }
        i += close[0].length;
        continue;
      }
      const tag = OPEN_TAG.exec(rest);
      const name = (tag?.[1] ?? '').toLowerCase();
      if (!tag || TAGS[name] === undefined)
        return fail(`Unsupported start tag "${name || rest.slice(1, 10)}" at byte offset ${byteOffset}`);
      const attributes = new Map<string, string>();
      for (const m of (tag[2] ?? '').matchAll(ATTRIBUTE))
        attributes.set((m[1] ?? '').toLowerCase(), decodeAll(m[2] ?? m[3] ?? m[4] ?? ''));
      if (name === 'a' && !attributes.get('href'))
        return fail(`Can't find "href" attribute of the "a" tag at byte offset ${byteOffset}`);
      if (name === 'span' && attributes.get('class') !== 'tg-spoiler')
        return fail(`Tag "span" must have class "tg-spoiler" at byte offset ${byteOffset}`);
      const href = attributes.get('href');
      open.push(
        href === undefined
          ? { tag: name, offset: text.length, at: byteOffset }
          : { tag: name, offset: text.length, url: href, at: byteOffset },
      );
      i += tag[0].length;
      continue;
    }
    if (ch === '&') {
      const entity = ENTITY.exec(rest);
      if (!entity) return fail(`Character '&' at byte offset ${byteOffset} must be escaped as &amp;`);
      text += decodeEntity(entity[1] ?? '');
      i += entity[0].length;
      continue;
    }
    if (ch === '>') return fail(`Character '>' at byte offset ${byteOffset} must be escaped as &gt;`);
    text += ch;
    i++;
  }
  const unclosed = open.pop();
  if (unclosed) return fail(`Can't find end tag corresponding to start tag "${unclosed.tag}"`);
  entities.sort((a, b) => a.offset - b.offset || b.length - a.length);
  return { ok: true, text, entities };
}

/** Telegram counts a message's length in characters (code points), after parsing. */
export function characterCount(text: string): number {
  return Array.from(text).length;
}
