/** @jsxImportSource hono/jsx */
import type { Hono } from 'hono';
import type { FC } from 'hono/jsx';
import { collectStats, type Stats } from '../../app/stats.ts';
import { parseSubscriberRef } from '../../app/why.ts';
import { localizedMessage, UserInputError } from '../../domain/errors.ts';
import type { DeliveryHour } from '../../storage/newsroom-store.ts';
import type { DeliveryListing } from '../../storage/outbox-store.ts';
import { DeliveryChart, DeliveryHoursTable } from '../chart.tsx';
import { audit, field, render, type Newsroom, type NewsroomEnv } from '../env.ts';
import { Form, Notice, Page, type PageContext } from '../layout.tsx';
import { DeliveryTable } from './archive.tsx';

const HOUR_MS = 3_600_000;
/** Days the chart may show. */
export const CHART_DAYS = [1, 2, 7, 14] as const;

const DeliveriesView: FC<{
  ctx: PageContext;
  days: number;
  hours: DeliveryHour[];
  stats: Stats;
  failed: DeliveryListing[];
  notice?: { kind: 'ok' | 'error'; text: string };
}> = (p) => {
  const d = p.stats.deliveries;
  return (
    <Page title="Deliveries" ctx={p.ctx} current="deliveries">
      {p.notice ? <Notice kind={p.notice.kind}>{p.notice.text}</Notice> : null}
      <ul class="figures">
        <li>
          <strong>{d.sent}</strong> sent
        </li>
        <li>
          <strong>{d.queued + d.sending}</strong> waiting
        </li>
        <li>
          <strong>{d.held}</strong> held for digests
        </li>
        <li>
          <strong>{d.deferred}</strong> in quiet hours
        </li>
        <li>
          <strong>{d.failed}</strong> failed
        </li>
        <li>
          <strong>{d.skipped}</strong> skipped
        </li>
      </ul>
      <h2>Per hour</h2>
      <nav class="tabs" aria-label="Chart period">
        {CHART_DAYS.map((days) => (
          <a href={`/admin/deliveries?days=${days}`} aria-current={days === p.days ? 'page' : undefined}>
            {days === 1 ? 'Last day' : `Last ${days} days`}
          </a>
        ))}
      </nav>
      <DeliveryChart hours={p.hours} />
      <DeliveryHoursTable hours={p.hours} />
      <h2>Why deliveries failed</h2>
      {p.stats.failureReasons.length === 0 ? (
        <p class="muted">Nothing failed.</p>
      ) : (
        <ul>
          {p.stats.failureReasons.map((r) => (
            <li>
              {r.count} × {r.reason}
            </li>
          ))}
        </ul>
      )}
      <h2>Retry</h2>
      <Form action="/admin/deliveries/retry" ctx={p.ctx} class="retry">
        <label for="retry-chat">Requeue failed deliveries of one chat (empty: of every chat)</label>
        <div class="row">
          <input id="retry-chat" name="chat" placeholder="telegram:12345" />
          <button type="submit">Retry failed</button>
        </div>
      </Form>
      <h2>Failed deliveries</h2>
      <DeliveryTable rows={p.failed} showArticle />
    </Page>
  );
};

export function deliveriesRoutes(app: Hono<NewsroomEnv>, n: Newsroom): void {
  const stores = n.deps.stores;
  const view = async (ctx: PageContext, days: number, notice?: { kind: 'ok' | 'error'; text: string }) => {
    const now = n.deps.clock.now().getTime();
    const until = (Math.floor(now / HOUR_MS) + 1) * HOUR_MS;
    return (
      <DeliveriesView
        ctx={ctx}
        days={days}
        hours={await stores.newsroom.deliveriesPerHour(until - days * 24 * HOUR_MS, until)}
        stats={await collectStats(stores)}
        failed={await stores.outbox.list({ statuses: ['failed'], limit: 50 })}
        notice={notice}
      />
    );
  };

  app.get('/admin/deliveries', async (c) => {
    const asked = Number(c.req.query('days') ?? 2);
    const days = (CHART_DAYS as readonly number[]).includes(asked) ? asked : 2;
    return render(c, await view(c.get('page'), days));
  });

  app.post('/admin/deliveries/retry', async (c) => {
    const chat = (await field(c, 'chat')).trim();
    const now = n.deps.clock.now().getTime();
    let subscriberId: number | undefined;
    if (chat !== '') {
      try {
        const ref = parseSubscriberRef(chat);
        const sub = await stores.subscribers.find(ref.platform, ref.chatId);
        if (!sub)
          return render(
            c,
            await view(c.get('page'), 2, { kind: 'error', text: `No chat ${chat} has ever used the bot.` }),
            404,
          );
        subscriberId = sub.id;
      } catch (err) {
        if (!(err instanceof UserInputError)) throw err;
        return render(c, await view(c.get('page'), 2, { kind: 'error', text: localizedMessage(err, 'en') }), 400);
      }
    }
    const count = await stores.outbox.retryFailed(now, subscriberId);
    if (count > 0) n.deps.onEnqueued();
    await audit(n, c, 'retry', `${count} deliveries${chat ? ` of ${chat}` : ''}`);
    return render(
      c,
      await view(c.get('page'), 2, {
        kind: 'ok',
        text: count === 0 ? 'No failed delivery to retry.' : `Requeued ${count} failed deliveries.`,
      }),
    );
  });
}
