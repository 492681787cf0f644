import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { Writable } from 'node:stream';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { feedCommand } from '../../src/cli/feeds.ts';
import { loadConfig } from '../../src/config.ts';
import { migrateDataCommand } from '../../src/cli/migrate-data.ts';
import { createProgress, formatDuration, type ProgressOptions } from '../../src/cli/progress.ts';
import { openStorage } from '../../src/storage/connect.ts';
import { captureIO, runCli, tempWorkspace } from '../helpers/cli.ts';
import { openDialectCore } from '../helpers/dialects.ts';
import { fixture, SourceServer } from '../feeds/helpers/source-server.ts';

/** A stderr stand-in that keeps what was written, a terminal when `tty`. */
function fakeStream(tty: boolean, columns = 80) {
  const chunks: string[] = [];
  const stream = Object.assign(
    new Writable({
      write(chunk: Buffer | string, _encoding, callback) {
        chunks.push(chunk.toString());
        callback();
      },
    }),
    tty ? { isTTY: true, columns } : {},
  );
  return { stream, text: () => chunks.join(''), chunks };
}

/** A clock the test moves, in milliseconds. */
function fakeClock(start = 1_000_000) {
  let t = start;
  return { now: () => t, advance: (ms: number) => void (t += ms) };
}

const ARTICLES: Pick<ProgressOptions, 'verb' | 'unit' | 'label'> = {
  verb: 'imported',
  unit: 'articles',
  label: 'Importing',
};

describe('createProgress on a terminal', () => {
  it('redraws one line in place with the rate and the time left, and ends it with a newline', () => {
    const { stream, chunks, text } = fakeStream(true);
    const clock = fakeClock();
    const progress = createProgress(stream, { ...ARTICLES, total: 10_000, now: clock.now });
    clock.advance(1_000);
    progress.update(2_000);
    clock.advance(1_000);
    progress.update(4_000, { detail: '3,900 new' });
    expect(chunks).toEqual([
      '\r\x1b[2KImporting: 2,000 of 10,000 articles (2,000/s), about 4.0s left',
      '\r\x1b[2KImporting: 4,000 of 10,000 articles, 3,900 new (2,000/s), about 3.0s left',
    ]);
    clock.advance(3_000);
    progress.done(10_000);
    expect(text().endsWith('\r\x1b[2Kimported 10,000 articles in 5.0s (2,000/s)\n')).toBe(true);
    expect(text().split('\n')).toHaveLength(2);
    progress.done(10_000);
    progress.update(11_000);
    expect(text().split('\n')).toHaveLength(2);
  });

  it('estimates the time left from the fraction done when the total is unknown, and shows none without either', () => {
    const { stream, chunks } = fakeStream(true);
    const clock = fakeClock();
    const progress = createProgress(stream, { ...ARTICLES, now: clock.now });
    clock.advance(30_000);
    progress.update(3_000, { fraction: 0.25 });
    clock.advance(30_000);
    progress.update(6_000);
    expect(chunks).toEqual([
      '\r\x1b[2KImporting: 3,000 articles (100/s), about 1m 30s left',
      '\r\x1b[2KImporting: 6,000 articles (100/s)',
    ]);
  });

  it('redraws at most every 100 ms and never wider than the terminal', () => {
    const { stream, chunks } = fakeStream(true, 20);
    const clock = fakeClock();
    const progress = createProgress(stream, { ...ARTICLES, now: clock.now });
    clock.advance(100);
    progress.update(1);
    clock.advance(50);
    progress.update(2);
    expect(chunks).toHaveLength(1);
    const shown = (chunks[0] ?? '').replace('\r\x1b[2K', '');
    expect(shown).toBe('Importing: 1 artic…');
    expect(shown.endsWith('…')).toBe(true);
  });

  it('stop() ends a drawn line and writes no final line', () => {
    const { stream, text } = fakeStream(true);
    const clock = fakeClock();
    const progress = createProgress(stream, { ...ARTICLES, now: clock.now });
    clock.advance(200);
    progress.update(5);
    progress.stop();
    expect(text()).toBe('\r\x1b[2KImporting: 5 articles (25/s)\n');
    progress.done();
    expect(text()).toBe('\r\x1b[2KImporting: 5 articles (25/s)\n');
  });
});

describe('createProgress elsewhere (a pipe, a log file)', () => {
  it('writes a plain line at most every interval, and a final line', () => {
    const { stream, text } = fakeStream(false);
    const clock = fakeClock();
    const progress = createProgress(stream, { ...ARTICLES, now: clock.now, intervalMs: 5_000 });
    for (let second = 1; second <= 12; second++) {
      clock.advance(1_000);
      progress.update(second * 1_000);
    }
    clock.advance(500);
    progress.done(12_345);
    expect(text()).toBe(
      'imported 5,000 articles (1,000/s)\n' +
        'imported 10,000 articles (1,000/s)\n' +
        'imported 12,345 articles in 13s (988/s)\n',
    );
    expect(text()).not.toContain('\r');
    expect(text()).not.toContain('\x1b');
  });

  it('skips the final line of small work that showed nothing (finalFrom), but not of work that showed progress', () => {
    const small = fakeStream(false);
    const clock = fakeClock();
    const quick = createProgress(small.stream, { ...ARTICLES, now: clock.now, finalFrom: 501 });
    quick.update(500);
    quick.done(500);
    expect(small.text()).toBe('');

    const big = fakeStream(false);
    const counted = createProgress(big.stream, { ...ARTICLES, now: clock.now, finalFrom: 501 });
    counted.done(501);
    expect(big.text()).toMatch(/^imported 501 articles in 0\.0s/u);

    const slow = fakeStream(false);
    const longer = createProgress(slow.stream, { ...ARTICLES, now: clock.now, finalFrom: 501, intervalMs: 5_000 });
    clock.advance(6_000);
    longer.update(100);
    longer.done(100);
    expect(slow.text()).toBe('imported 100 articles (17/s)\nimported 100 articles in 6.0s (17/s)\n');
  });

  it('shows the total when it is known', () => {
    const { stream, text } = fakeStream(false);
    const clock = fakeClock();
    const progress = createProgress(stream, {
      verb: 'articles: copied',
      unit: 'rows',
      total: 40_000,
      now: clock.now,
    });
    clock.advance(5_000);
    progress.update(12_000);
    expect(text()).toBe('articles: copied 12,000 of 40,000 rows (2,400/s)\n');
  });
});

describe('createProgress quiet', () => {
  it('writes nothing, on a terminal or not', () => {
    for (const tty of [true, false]) {
      const { stream, text } = fakeStream(tty);
      const clock = fakeClock();
      const progress = createProgress(stream, { ...ARTICLES, quiet: true, now: clock.now, intervalMs: 1 });
      clock.advance(10_000);
      progress.update(1_000, { fraction: 0.5 });
      progress.stop();
      progress.done(2_000);
      expect(text()).toBe('');
    }
  });
});

describe('formatDuration', () => {
  it('reads as seconds, minutes or hours', () => {
    expect([0, 2_540, 45_000, 185_000, 3_725_000].map(formatDuration)).toEqual([
      '0.0s',
      '2.5s',
      '45s',
      '3m 05s',
      '1h 02m',
    ]);
  });
});

describe('tagwire import with stderr piped', () => {
  let ws: ReturnType<typeof tempWorkspace>;
  beforeEach(() => {
    ws = tempWorkspace();
  });
  afterEach(() => ws.remove());

  it('prints a plain final progress line, and none with --json or --quiet', async () => {
    const file = join(ws.dir, 'many.jsonl');
    const records = Array.from({ length: 600 }, (_, i) =>
      JSON.stringify({ id: `p${i}`, title: `Progress ${i}`, tags: ['progress'], url: `https://example.com/${i}` }),
    );
    writeFileSync(file, `${records.join('\n')}\n`);

    const plain = await runCli(['import', file], { DATABASE_URL: ws.dbUrl });
    expect(plain.code, plain.stderr).toBe(0);
    expect(plain.stdout).toMatch(/Read 600 lines: 600 imported/u);
    expect(plain.stderr).toMatch(/^read 600 lines, 600 imported in \d+\.\ds \([\d,]+\/s\)$/mu);
    expect(plain.stderr).not.toContain('\r');
    expect(plain.stderr).not.toContain('\x1b');

    const json = await runCli(['import', file, '--json'], { DATABASE_URL: ws.dbUrl });
    expect(json.code, json.stderr).toBe(0);
    expect(JSON.parse(json.stdout)).toMatchObject({ lines: 600, alreadyPresent: 600 });
    expect(json.stderr).not.toMatch(/read \d|lines\/s|imported in/u);

    const quiet = await runCli(['import', file, '--quiet'], { DATABASE_URL: ws.dbUrl });
    expect(quiet.code, quiet.stderr).toBe(0);
    expect(quiet.stdout).toMatch(/600 already present/u);
    expect(quiet.stderr).not.toMatch(/read \d|imported in/u);
  });
});

describe('tagwire feed poll and migrate-data with stderr piped', () => {
  let ws: ReturnType<typeof tempWorkspace>;
  beforeEach(() => {
    ws = tempWorkspace();
  });
  afterEach(() => ws.remove());

  it('feed poll of every feed ends with the feeds polled; one feed, --json and --quiet show none', async () => {
    const handle = await openDialectCore('sqlite', { FEED_TIMEOUT_MS: '2000' });
    const server = await new SourceServer().start();
    try {
      const feed = async (...args: string[]) => {
        const { io, out, err } = captureIO();
        const code = await feedCommand(async () => ({ ...handle, close: async () => {} }), args, io);
        return { code, out: out(), err: err() };
      };
      await feed('add', server.serve('/a.xml', { body: fixture('rss.xml') }), '--tags', 'A');
      expect((await feed('poll')).err).toMatch(/^$/u);
      await feed('add', server.serve('/b.xml', { body: fixture('atom.xml') }), '--tags', 'B');
      const all = await feed('poll');
      expect(all.code, all.err).toBe(0);
      expect(all.out.split('\n')).toHaveLength(3);
      expect(all.err).toMatch(/^polled 2 feeds in \d+\.\ds \([\d,]+\/s\)\n$/u);
      expect((await feed('poll', '--quiet')).err).toBe('');
      expect((await feed('poll', '--json')).err).toBe('');
      expect((await feed('poll', '1')).err).toBe('');
    } finally {
      await server.stop();
      await handle.close();
    }
  });

  it('migrate-data shows the rows copied per table, and nothing with --quiet', async () => {
    const source = join(ws.dir, 'source.db');
    const storage = openStorage(loadConfig({ DATABASE_URL: `sqlite:${source}` }).database);
    await storage.migrate();
    await storage.close();
    const run = async (target: string, ...more: string[]) => {
      const { io, out, err } = captureIO();
      const code = await migrateDataCommand(['--from', `sqlite:${source}`, '--to', `sqlite:${target}`, ...more], io);
      return { code, out: out(), err: err() };
    };
    const shown = await run(join(ws.dir, 'one.db'));
    expect(shown.code, shown.err).toBe(0);
    expect(shown.err).toMatch(/^tags: copied 0 rows in \d+\.\ds/mu);
    expect(shown.err).toMatch(/^feed_entries: copied 0 rows in /mu);
    const quiet = await run(join(ws.dir, 'two.db'), '--quiet');
    expect(quiet.code, quiet.err).toBe(0);
    expect(quiet.out).toMatch(/^Copied 0 rows/u);
    expect(quiet.err).toBe('');
  });
});
