/** @jsxImportSource hono/jsx */
import type { Hono } from 'hono';
import type { FC } from 'hono/jsx';
import { isPlatform, PLATFORMS, type Platform } from '../../domain/platform.ts';
import type { ChatListing } from '../../storage/newsroom-store.ts';
import { pageNumber, render, type Newsroom, type NewsroomEnv } from '../env.ts';
import { Page, Pager, utc, type PageContext } from '../layout.tsx';

export const CHATS_PAGE_SIZE = 50;

const schedule = (c: ChatListing): string =>
  [
    c.paused ? 'paused' : null,
    c.digest ? `${c.digest} digest` : 'instant',
    c.quiet ? 'quiet hours' : null,
    c.timezone === 'UTC' ? null : c.timezone,
  ]
    .filter(Boolean)
    .join(', ');

const ChatsView: FC<{
  ctx: PageContext;
  chats: ChatListing[];
  page: number;
  total: number;
  platform?: Platform;
}> = (p) => (
  <Page title="Chats" ctx={p.ctx} current="chats">
    <nav class="tabs" aria-label="Platform">
      <a href="/admin/chats" aria-current={p.platform === undefined ? 'page' : undefined}>
        All
      </a>
      {PLATFORMS.map((platform) => (
        <a href={`/admin/chats?platform=${platform}`} aria-current={p.platform === platform ? 'page' : undefined}>
          {platform}
        </a>
      ))}
    </nav>
    <p>{p.total} chats.</p>
    <div class="table-wrap">
      <table>
        <thead>
          <tr>
            <th scope="col">Chat</th>
            <th scope="col">Kind</th>
            <th scope="col">Status</th>
            <th scope="col">Follows</th>
            <th scope="col">Schedule</th>
            <th scope="col">Language</th>
            <th scope="col">Since</th>
          </tr>
        </thead>
        <tbody>
          {p.chats.map((c) => (
            <tr>
              <td>
                {c.title ? (
                  <>
                    {c.title}
                    <br />
                  </>
                ) : null}
                <code>{`${c.platform}:${c.chatId}`}</code>
              </td>
              <td>{c.kind}</td>
              <td>
                <span class={`status status-${c.status}`}>{c.status}</span>
                {c.statusReason ? <div class="muted">{c.statusReason}</div> : null}
              </td>
              <td>
                {c.follows} tags{c.mutes > 0 ? `, ${c.mutes} muted` : ''}
                {c.searches > 0 ? `, ${c.searches} searches` : ''}
              </td>
              <td>{schedule(c)}</td>
              <td>{c.language ?? '–'}</td>
              <td>{utc(c.createdAt).slice(0, 10)}</td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
    <Pager
      page={p.page}
      hasMore={p.page * CHATS_PAGE_SIZE < p.total}
      total={Math.ceil(p.total / CHATS_PAGE_SIZE)}
      href={(page) =>
        `/admin/chats?${new URLSearchParams({ ...(p.platform ? { platform: p.platform } : {}), page: String(page) })}`
      }
    />
  </Page>
);

export function chatsRoutes(app: Hono<NewsroomEnv>, n: Newsroom): void {
  app.get('/admin/chats', async (c) => {
    const raw = c.req.query('platform') ?? '';
    const platform = isPlatform(raw) ? raw : undefined;
    const page = pageNumber(c);
    const chats = await n.deps.stores.newsroom.chats({
      limit: CHATS_PAGE_SIZE,
      offset: (page - 1) * CHATS_PAGE_SIZE,
      platform,
    });
    const total = await n.deps.stores.newsroom.chatCount(platform);
    return render(c, <ChatsView ctx={c.get('page')} chats={chats} page={page} total={total} platform={platform} />);
  });
}
