import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { postArticle } from '../../src/app/articles.ts';
import { addFeed } from '../../src/feeds/manage.ts';
import { labelValue } from '../../src/http/metrics-text.ts';
import { countCommand, MAX_COMMAND_NAMES } from '../../src/metrics.ts';
import type { CoreHandle } from '../../src/runtime.ts';
import { FakeClock } from '../helpers/core.ts';
import { DIALECTS, openDialectCore } from '../helpers/dialects.ts';
import { telegramUser } from '../helpers/reply.ts';
import { rssWith, SourceServer } from '../feeds/helpers/source-server.ts';
import { startTestHttp } from './helpers.ts';

describe.each(DIALECTS)('on %s', (dialect) => {
  let handle: CoreHandle;
  let http: Awaited<ReturnType<typeof startTestHttp>>;
  let clock: FakeClock;

  beforeEach(async () => {
    clock = new FakeClock();
    handle = await openDialectCore(dialect, {}, clock);
    http = await startTestHttp(handle);
  });
  afterEach(async () => {
    await http.close();
    await handle.close().catch(() => {});
  });

  /** Parses the Prometheus text format strictly enough to catch malformed lines. */
  function parseMetrics(text: string): { samples: Map<string, number>; types: Map<string, string> } {
    const samples = new Map<string, number>();
    const types = new Map<string, string>();
    expect(text.endsWith('\n')).toBe(true);
    for (const line of text.trimEnd().split('\n')) {
      if (line.startsWith('# HELP ')) continue;
      const type = /^# TYPE (\w+) (counter|gauge)$/.exec(line);
      if (type) {
        types.set(type[1] ?? '', type[2] ?? '');
        continue;
      }
      const m = /^([a-z_]+)(\{(?:[a-z_]+="(?:[^"\\\n]|\\.)*",?)*\})? (-?\d+(?:\.\d+)?(?:e[+-]?\d+)?)$/.exec(line);
      if (!m) throw new Error(`not a metrics line: ${line}`);
      expect(types.has(m[1] ?? '')).toBe(true);
      samples.set(`${m[1]}${m[2] ?? ''}`, Number(m[3]));
    }
    return { samples, types };
  }

  async function scrape() {
    const response = await fetch(http.url('/metrics'));
    expect(response.status).toBe(200);
    expect(response.headers.get('content-type')).toBe('text/plain; version=0.0.4; charset=utf-8');
    return parseMetrics(await response.text());
  }

  describe('GET /healthz', () => {
    it('is ok while the database answers, 503 when it does not', async () => {
      const ok = await fetch(http.url('/healthz'));
      expect(ok.status).toBe(200);
      expect(await ok.json()).toEqual({ status: 'ok' });
      await handle.close();
      const down = await fetch(http.url('/healthz'));
      expect(down.status).toBe(503);
      expect(await down.json()).toMatchObject({ status: 'unavailable' });
    });
  });

  describe('GET /metrics', () => {
    it('reports deliveries by platform and status, and the oldest queued one', async () => {
      const empty = await scrape();
      expect(empty.types.get('tagwire_deliveries')).toBe('gauge');
      expect(empty.samples.get('tagwire_deliveries{platform="telegram",status="queued"}')).toBe(0);
      expect(empty.samples.get('tagwire_delivery_oldest_queued_age_seconds{platform="telegram"}')).toBe(0);

      await handle.core.handleCommand(telegramUser('5'), '/follow Armenia');
      await handle.core.handleCommand(telegramUser('6'), '/follow Armenia');
      await postArticle(handle.deps, { title: 'One', tags: ['Armenia'] }, { postedBy: 'test', notify: true });
      clock.advance(90_000);
      const { samples } = await scrape();
      expect(samples.get('tagwire_deliveries{platform="telegram",status="queued"}')).toBe(2);
      expect(samples.get('tagwire_deliveries{platform="discord",status="queued"}')).toBe(0);
      expect(samples.get('tagwire_deliveries{platform="telegram",status="sent"}')).toBe(0);
      expect(samples.get('tagwire_delivery_oldest_queued_age_seconds{platform="telegram"}')).toBe(90);
    });

    it('counts commands, with odd names folded into "other"', async () => {
      const before = (await scrape()).samples;
      const count = (samples: Map<string, number>, command: string) =>
        samples.get(`tagwire_commands_total{command="${command}"}`) ?? 0;
      countCommand('follow');
      countCommand('follow');
      countCommand('Bad Name!');
      const { samples, types } = await scrape();
      expect(types.get('tagwire_commands_total')).toBe('counter');
      expect(count(samples, 'follow') - count(before, 'follow')).toBe(2);
      expect(count(samples, 'other') - count(before, 'other')).toBe(1);
      for (let i = 0; i < MAX_COMMAND_NAMES + 5; i++) countCommand(`c${i}`);
      const after = await scrape();
      expect(
        [...after.samples.keys()].filter((k) => k.startsWith('tagwire_commands_total')).length,
      ).toBeLessThanOrEqual(MAX_COMMAND_NAMES);
    });

    it('reports feed polls and feeds by status', async () => {
      const server = await new SourceServer().start();
      try {
        const url = server.serve('/feed', {
          body: rssWith([{ title: 'A', guid: 'a', link: 'https://a.example/a', categories: ['X'] }]),
        });
        // The counters are the process's (this file runs once per database engine): compare with before.
        const before = (await scrape()).samples;
        await addFeed(handle.deps, { url, tags: [], autoTag: false, addedBy: 'test' });
        const { samples } = await scrape();
        const added = (name: string) => (samples.get(name) ?? 0) - (before.get(name) ?? 0);
        expect(added('tagwire_feed_polls_total{result="ok"}')).toBe(1);
        expect(added('tagwire_feed_polls_total{result="error"}')).toBe(0);
        expect(added('tagwire_feed_articles_total')).toBe(1);
        expect(samples.get('tagwire_feeds{status="ok"}')).toBe(1);
        expect(samples.get('tagwire_feeds_failing')).toBe(0);
      } finally {
        await server.stop();
      }
    });

    it('escapes label values', () => {
      expect(labelValue('a"b\\c\nd')).toBe('a\\"b\\\\c\\nd');
    });
  });
});
