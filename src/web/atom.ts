import type { Hono } from 'hono';
import type { ArticleView } from '../domain/reply.ts';
import { tagKey } from '../domain/tags.ts';
import type { Newsroom, NewsroomEnv } from './env.ts';

/*
 * Public Atom feeds (RFC 4287), no sign-in: /feeds/all.atom, the newest articles of the
 * archive, and /feeds/TAG.atom, the newest with one tag (any spelling or alias of it).
 * Built as a tree of elements whose text and attributes are escaped on output.
 */

export const ATOM_ENTRIES = 50;

type Node = { name: string; attrs?: Record<string, string>; children?: (Node | string)[] };

const escapeXml = (text: string): string =>
  text
    // Characters XML 1.0 cannot hold at all.
    .replace(/[^\t\n\r\u0020-\uD7FF\uE000-\uFFFD\u{10000}-\u{10FFFF}]/gu, '')
    .replace(/[&<>"']/gu, (c) => `&#${c.charCodeAt(0)};`);

function xml(node: Node | string): string {
  if (typeof node === 'string') return escapeXml(node);
  const attrs = Object.entries(node.attrs ?? {})
    .map(([k, v]) => ` ${k}="${escapeXml(v)}"`)
    .join('');
  const children = node.children ?? [];
  return children.length === 0
    ? `<${node.name}${attrs}/>`
    : `<${node.name}${attrs}>${children.map(xml).join('')}</${node.name}>`;
}

const el = (name: string, children: (Node | string)[] = [], attrs?: Record<string, string>): Node => ({
  name,
  children,
  attrs,
});

/** The Atom document for these articles (newest first). */
export function atomFeed(options: {
  id: string;
  title: string;
  selfUrl: string;
  articles: ArticleView[];
  now: Date;
}): string {
  const updated = (options.articles[0]?.createdAt ?? options.now).toISOString();
  const entries = options.articles.map((a) =>
    el('entry', [
      el('id', [`${options.id}:${a.publicId}`]),
      el('title', [a.title]),
      el('updated', [a.createdAt.toISOString()]),
      el('published', [(a.publishedAt ?? a.createdAt).toISOString()]),
      ...(a.url ? [el('link', [], { rel: 'alternate', href: a.url })] : []),
      ...(a.source ? [el('author', [el('name', [a.source])])] : []),
      el('summary', [a.summary]),
      ...a.tags.map((t) => el('category', [], { term: t })),
    ]),
  );
  const feed = el(
    'feed',
    [
      el('id', [options.id]),
      el('title', [options.title]),
      el('updated', [updated]),
      el('link', [], { rel: 'self', href: options.selfUrl }),
      el('generator', ['tagwire']),
      ...entries,
    ],
    { xmlns: 'http://www.w3.org/2005/Atom' },
  );
  return `<?xml version="1.0" encoding="utf-8"?>\n${xml(feed)}\n`;
}

export function atomRoutes(app: Hono<NewsroomEnv>, n: Newsroom): void {
  const stores = n.deps.stores;
  const send = (body: string) =>
    new Response(body, {
      headers: { 'content-type': 'application/atom+xml; charset=utf-8', 'cache-control': 'public, max-age=300' },
    });

  app.get('/feeds/:name{.+\\.atom}', async (c) => {
    const name = c.req.param('name').slice(0, -'.atom'.length);
    const now = n.deps.clock.now();
    const selfUrl = `${n.baseUrl}/feeds/${encodeURIComponent(name)}.atom`;
    if (name === 'all') {
      const rows = await stores.articles.latest({ limit: ATOM_ENTRIES, offset: 0 });
      return send(
        atomFeed({
          id: `${n.baseUrl}/feeds/all`,
          title: 'tagwire: every article',
          selfUrl,
          articles: await stores.articles.views(rows),
          now,
        }),
      );
    }
    let key: string;
    try {
      key = tagKey(name);
    } catch {
      key = '';
    }
    const tag = key === '' ? undefined : await stores.tags.find(key);
    if (!tag) return c.text(`No tag "${name.slice(0, 64)}" here. /feeds/all.atom has every article.\n`, 404);
    const rows = await stores.articles.latest({ tagId: tag.id, limit: ATOM_ENTRIES, offset: 0 });
    return send(
      atomFeed({
        id: `${n.baseUrl}/feeds/tag/${encodeURIComponent(tag.key)}`,
        title: `tagwire: #${tag.name}`,
        selfUrl,
        articles: await stores.articles.views(rows),
        now,
      }),
    );
  });
}
