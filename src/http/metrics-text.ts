import type { CoreDeps } from '../app/deps.ts';
import { PLATFORMS } from '../domain/platform.ts';
import { counterSnapshot, type FeedPollOutcome } from '../metrics.ts';
import type { DeliveryStatus } from '../storage/schema.ts';

/*
 * GET /metrics in the Prometheus text format (version 0.0.4). Delivery and feed
 * numbers are read from the database at each scrape, so they hold across processes
 * (a CLI post, a second worker); command and poll counters are this process's own.
 */

export const METRICS_CONTENT_TYPE = 'text/plain; version=0.0.4; charset=utf-8';

const DELIVERY_STATUSES: readonly DeliveryStatus[] = [
  'queued',
  'sending',
  'sent',
  'failed',
  'skipped',
  'held',
  'deferred',
];
const POLL_OUTCOMES: readonly FeedPollOutcome[] = ['ok', 'not_modified', 'error'];
const FEED_STATUSES = ['new', 'ok', 'not_modified', 'error'] as const;

/** A label value, escaped as the format requires: backslash, double quote, newline. */
export function labelValue(value: string): string {
  return value.replace(/\\/gu, '\\\\').replace(/"/gu, '\\"').replace(/\n/gu, '\\n');
}

type Labels = Record<string, string>;

class MetricsText {
  private lines: string[] = [];
  family(name: string, type: 'gauge' | 'counter', help: string, samples: [Labels, number][]): void {
    this.lines.push(`# HELP ${name} ${help}`, `# TYPE ${name} ${type}`);
    for (const [labels, value] of samples) {
      const pairs = Object.entries(labels).map(([k, v]) => `${k}="${labelValue(v)}"`);
      this.lines.push(`${name}${pairs.length > 0 ? `{${pairs.join(',')}}` : ''} ${Number.isFinite(value) ? value : 0}`);
    }
  }
  toString(): string {
    return `${this.lines.join('\n')}\n`;
  }
}

async function deliveryCounts(deps: CoreDeps): Promise<Map<string, number>> {
  const rows = await deps.stores.outbox.countByPlatformAndStatus();
  return new Map(rows.map((r) => [`${r.platform}/${r.status}`, r.count]));
}

export async function renderMetrics(deps: CoreDeps): Promise<string> {
  const now = deps.clock.now().getTime();
  const out = new MetricsText();
  const deliveries = await deliveryCounts(deps);
  out.family(
    'tagwire_deliveries',
    'gauge',
    'Deliveries in the outbox by platform and status (sent rows are pruned after DELIVERY_RETENTION_DAYS).',
    PLATFORMS.flatMap((platform) =>
      DELIVERY_STATUSES.map((status): [Labels, number] => [
        { platform, status },
        deliveries.get(`${platform}/${status}`) ?? 0,
      ]),
    ),
  );
  const oldest = await deps.stores.outbox.oldestQueuedByPlatform();
  out.family(
    'tagwire_delivery_oldest_queued_age_seconds',
    'gauge',
    'Age of the oldest queued delivery by platform, in seconds (0 when none is queued).',
    PLATFORMS.map((platform) => {
      const at = oldest.get(platform);
      return [{ platform }, at === undefined ? 0 : Math.max(0, (now - at) / 1000)];
    }),
  );

  const counters = counterSnapshot();
  out.family(
    'tagwire_commands_total',
    'counter',
    'Commands run since this process started, by command.',
    [...counters.commands].sort(([a], [b]) => a.localeCompare(b)).map(([command, n]) => [{ command }, n]),
  );
  out.family(
    'tagwire_feed_polls_total',
    'counter',
    'Feed polls since this process started, by result.',
    POLL_OUTCOMES.map((result) => [{ result }, counters.feedPolls.get(result) ?? 0]),
  );
  out.family('tagwire_feed_articles_total', 'counter', 'Articles created from feeds since this process started.', [
    [{}, counters.feedArticles],
  ]);

  const feeds = await deps.stores.feeds.countByStatus();
  out.family(
    'tagwire_feeds',
    'gauge',
    'Feeds by the result of their last poll (new: not polled yet).',
    FEED_STATUSES.map((status) => [{ status }, feeds.filter((f) => f.status === status).reduce((n, f) => n + f.n, 0)]),
  );
  out.family('tagwire_feeds_failing', 'gauge', 'Feeds whose last poll failed (backing off).', [
    [{}, feeds.filter((f) => f.failing).reduce((n, f) => n + f.n, 0)],
  ]);
  return out.toString();
}
