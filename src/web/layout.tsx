/** @jsxImportSource hono/jsx */
import type { Child, FC } from 'hono/jsx';
import type { WebUser } from '../storage/session-store.ts';

/** The pages of the newsroom's navigation, in order. */
export const NAV = [
  ['compose', 'Compose'],
  ['archive', 'Archive'],
  ['deliveries', 'Deliveries'],
  ['chats', 'Chats'],
  ['tags', 'Tags'],
  ['feeds', 'Feeds'],
  ['audit', 'Audit log'],
] as const;
export type NavPage = (typeof NAV)[number][0];

/** What every signed-in page knows: who, and the session's form token. */
export interface PageContext {
  user: WebUser;
  csrf: string;
}

export const userLabel = (user: WebUser): string =>
  user.name ? `${user.name} (${user.platform}:${user.userId})` : `${user.platform}:${user.userId}`;

/** A form posting to the newsroom, with the session's CSRF token. */
export const Form: FC<{
  action: string;
  ctx: PageContext;
  class?: string;
  children?: Child;
  id?: string;
  /** multipart/form-data for a form with a file. */
  enctype?: 'multipart/form-data';
}> = (props) => (
  <form method="post" action={props.action} class={props.class} id={props.id} enctype={props.enctype}>
    <input type="hidden" name="_csrf" value={props.ctx.csrf} />
    {props.children}
  </form>
);

/** A notice above the page: done, or what went wrong. */
export const Notice: FC<{ kind: 'ok' | 'error'; children?: Child }> = ({ kind, children }) => (
  <div class={`notice notice-${kind}`} role={kind === 'error' ? 'alert' : 'status'}>
    {children}
  </div>
);

export const Page: FC<{ title: string; ctx?: PageContext; current?: NavPage; children?: Child }> = (props) => (
  <>
    <html lang="en">
      <head>
        <meta charset="utf-8" />
        <meta name="viewport" content="width=device-width, initial-scale=1" />
        <meta name="referrer" content="no-referrer" />
        <title>{`${props.title} · tagwire newsroom`}</title>
        <link rel="stylesheet" href="/admin/assets/newsroom.css" />
        {props.ctx ? <script src="/admin/assets/newsroom.js" defer /> : null}
      </head>
      <body>
        <a class="skip" href="#main">
          Skip to the content
        </a>
        <header class="top">
          <span class="brand">tagwire newsroom</span>
          {props.ctx ? (
            <>
              <nav aria-label="Newsroom">
                <ul>
                  {NAV.map(([page, label]) => (
                    <li>
                      <a href={`/admin/${page}`} aria-current={props.current === page ? 'page' : undefined}>
                        {label}
                      </a>
                    </li>
                  ))}
                </ul>
              </nav>
              <Form action="/admin/logout" ctx={props.ctx} class="signout">
                <span class="who">{userLabel(props.ctx.user)}</span> <button type="submit">Sign out</button>
              </Form>
            </>
          ) : null}
        </header>
        <main id="main">
          <h1>{props.title}</h1>
          {props.children}
        </main>
      </body>
    </html>
  </>
);

/** Previous / next links of a paged list. */
export const Pager: FC<{ page: number; hasMore: boolean; href: (page: number) => string; total?: number }> = (p) =>
  p.page > 1 || p.hasMore ? (
    <nav class="pager" aria-label="Pages">
      {p.page > 1 ? <a href={p.href(p.page - 1)}>← Newer</a> : null}
      <span>
        Page {p.page}
        {p.total !== undefined ? ` of ${Math.max(1, p.total)}` : ''}
      </span>
      {p.hasMore ? <a href={p.href(p.page + 1)}>Older →</a> : null}
    </nav>
  ) : null;

export const utc = (ms: number | Date | null | undefined): string =>
  ms === null || ms === undefined
    ? '–'
    : `${new Date(typeof ms === 'number' ? ms : ms.getTime()).toISOString().slice(0, 16).replace('T', ' ')} UTC`;
