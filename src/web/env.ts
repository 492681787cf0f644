import type { HttpBindings } from '@hono/node-server';
import type { Context } from 'hono';
import type { CoreDeps } from '../app/deps.ts';
import type { Core } from '../core/core.ts';
import type { CardPreviewer } from '../ports/card-preview.ts';
import type { PageContext } from './layout.tsx';

/** What the newsroom's handlers share: the core's dependencies and the core itself. */
export interface Newsroom {
  deps: CoreDeps;
  core: Core;
  /** Cookies are Secure (WEB_URL is https). */
  secure: boolean;
  /** WEB_URL without a trailing slash: links in feeds. */
  baseUrl: string;
  /** The platforms' card renderers, for the compose and edit previews. */
  cardPreviewers: readonly CardPreviewer[];
}

/** Hono's environment for the newsroom: node's request, and the signed-in page context. */
export interface NewsroomEnv {
  Bindings: HttpBindings;
  Variables: { page: PageContext; sessionToken: string };
}

export type NewsroomContext = Context<NewsroomEnv>;

/** A form field as text ('' when absent or a file). */
export async function field(c: NewsroomContext, name: string): Promise<string> {
  const body = await c.req.parseBody();
  const value = body[name];
  return typeof value === 'string' ? value : '';
}

/** Who did something, for the audit log and `postedBy`: "web:telegram:123". */
export const actorOf = (c: NewsroomContext): string => {
  const user = c.get('page').user;
  return `web:${user.platform}:${user.userId}`;
};

/** Writes an audit entry for a change made by the signed-in user. */
export async function audit(n: Newsroom, c: NewsroomContext, action: string, detail: string): Promise<void> {
  const user = c.get('page').user;
  const actor = user.name ? `${user.platform}:${user.userId} (${user.name})` : `${user.platform}:${user.userId}`;
  await n.deps.stores.webSessions.audit(actor, action, detail.slice(0, 500), n.deps.clock.now().getTime());
}

/** A page number from the query: 1 and up, 1 when absent or not a whole number. */
export function pageNumber(c: NewsroomContext, max = 100_000): number {
  const raw = c.req.query('page') ?? '1';
  const n = /^\d{1,6}$/u.test(raw) ? Number(raw) : 1;
  return Math.min(Math.max(1, n), max);
}

/** An HTML page (JSX, escaped by the runtime) as the response. */
export const render = (c: NewsroomContext, node: unknown, status: 200 | 400 | 403 | 404 | 409 | 422 | 429 = 200) =>
  c.html(`<!doctype html>${String(node)}`, status);
