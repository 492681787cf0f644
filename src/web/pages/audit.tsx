/** @jsxImportSource hono/jsx */
import type { Hono } from 'hono';
import { pageNumber, render, type Newsroom, type NewsroomEnv } from '../env.ts';
import { Page, Pager, utc } from '../layout.tsx';

export const AUDIT_PAGE_SIZE = 50;

export function auditRoutes(app: Hono<NewsroomEnv>, n: Newsroom): void {
  app.get('/admin/audit', async (c) => {
    const page = pageNumber(c);
    const rows = await n.deps.stores.webSessions.auditLog(AUDIT_PAGE_SIZE + 1, (page - 1) * AUDIT_PAGE_SIZE);
    return render(
      c,
      <Page title="Audit log" ctx={c.get('page')} current="audit">
        <p>Every change made in the newsroom, newest first.</p>
        <div class="table-wrap">
          <table>
            <thead>
              <tr>
                <th scope="col">When</th>
                <th scope="col">Who</th>
                <th scope="col">What</th>
                <th scope="col">Detail</th>
              </tr>
            </thead>
            <tbody>
              {rows.slice(0, AUDIT_PAGE_SIZE).map((r) => (
                <tr>
                  <td>{utc(r.at)}</td>
                  <td>{r.actor}</td>
                  <td>{r.action}</td>
                  <td>{r.detail}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
        <Pager page={page} hasMore={rows.length > AUDIT_PAGE_SIZE} href={(p) => `/admin/audit?page=${p}`} />
      </Page>,
    );
  });
}
