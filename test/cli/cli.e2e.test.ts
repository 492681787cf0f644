import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { gzipSync } from 'node:zlib';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { runCli, startCli, tempWorkspace } from '../helpers/cli.ts';
import { waitFor } from '../helpers/core.ts';
import { createTestSchema, DIALECTS, urlWithSchema } from '../helpers/dialects.ts';

let ws: ReturnType<typeof tempWorkspace>;
beforeEach(() => {
  ws = tempWorkspace();
});
afterEach(() => {
  ws.remove();
});

const ARTICLES = [
  {
    id: 'r1',
    title: 'OPEC agrees to cut oil output',
    body: 'OPEC ministers agreed to cut crude oil output to support prices.',
    tags: ['crude', 'opec'],
    date: '1987-03-01T10:00:00',
    url: 'https://example.com/r1',
  },
  {
    id: 'r2',
    title: 'Oil prices rise after OPEC deal',
    body: 'Crude oil prices rose sharply after the OPEC output agreement.',
    tags: ['crude'],
    date: '1987-03-02T10:00:00',
  },
  {
    id: 'r3',
    title: 'Wheat harvest forecast raised',
    body: 'The wheat harvest forecast was raised by the agriculture department.',
    tags: ['wheat', 'grain'],
    date: '1987-03-03T10:00:00',
  },
  {
    id: 'r4',
    title: 'Армения и ОДКБ',
    body: 'Армения заморозила участие в ОДКБ.',
    tags: ['armenia', 'csto'],
    date: '1987-03-04',
  },
];

function writeFixture(name: string, extra: string[] = [], gzip = false): string {
  const lines = [...ARTICLES.map((a) => JSON.stringify(a)), ...extra].join('\n');
  const path = join(ws.dir, name);
  writeFileSync(path, gzip ? gzipSync(lines) : lines);
  return path;
}

describe.each(DIALECTS)('on %s', (dialect) => {
  let dbUrl = '';
  let dropSchema: (() => Promise<void>) | null = null;
  // PostgreSQL: a fresh schema per test, as every connection's search_path through the URL.
  beforeEach(async () => {
    if (dialect === 'sqlite') {
      dbUrl = ws.dbUrl;
      return;
    }
    const schema = await createTestSchema();
    dbUrl = urlWithSchema(schema.url, schema.schema);
    dropSchema = schema.drop;
  });
  afterEach(async () => {
    await dropSchema?.();
    dropSchema = null;
  });

  describe('tagwire import', () => {
    it('imports JSON Lines, reports bad lines by number, and is idempotent', async () => {
      const file = writeFixture('a.jsonl', [
        '{not json',
        JSON.stringify({ id: 'bad1', title: '', tags: ['x'] }),
        JSON.stringify({ id: 'bad2', title: 'No tags', tags: [] }),
        '[1,2]',
        JSON.stringify({ id: 'r5', title: 'Odd date', tags: ['misc'], date: '30-APR-1999 705:14:22.31' }),
      ]);
      const first = await runCli(['import', file], { DATABASE_URL: dbUrl });
      expect(first.code).toBe(0);
      expect(first.stdout).toMatch(/Read 9 lines: 5 imported, 0 already present, 4 rejected, 1 with warnings/);
      expect(first.stderr).toMatch(/line 5: Not valid JSON/);
      expect(first.stderr).toMatch(/line 6: The title is missing/);
      expect(first.stderr).toMatch(/line 7: At least one tag is needed/);
      expect(first.stderr).toMatch(/line 8: Each line must be a JSON object/);
      expect(first.stderr).toMatch(/line 9: warning: unreadable date/);

      const again = await runCli(['import', file, '--json'], { DATABASE_URL: dbUrl });
      const summary = JSON.parse(again.stdout) as { imported: number; alreadyPresent: number };
      expect(summary).toMatchObject({ imported: 0, alreadyPresent: 5 });
    });

    it('reads gzip files and refuses a missing file clearly', async () => {
      const file = writeFixture('a.jsonl.gz', [], true);
      const result = await runCli(['import', file], { DATABASE_URL: dbUrl });
      expect(result.stdout).toMatch(/4 imported/);
      const missing = await runCli(['import', join(ws.dir, 'nope.jsonl')], { DATABASE_URL: dbUrl });
      expect(missing.code).toBe(2);
      expect(missing.stderr).toMatch(/Cannot read .*nope\.jsonl: no such file/);
    });
  });

  describe('tagwire search, related, article, stats', () => {
    beforeEach(async () => {
      await runCli(['import', writeFixture('a.jsonl')], { DATABASE_URL: dbUrl });
    });

    it('search --json returns ranked results with the documented fields', async () => {
      const result = await runCli(['search', 'oil prices', '--json', '--limit', '2'], { DATABASE_URL: dbUrl });
      expect(result.code).toBe(0);
      const body = JSON.parse(result.stdout) as { results: Record<string, unknown>[] };
      expect(body.results).toHaveLength(2);
      const [top] = body.results;
      expect(Object.keys(top ?? {})).toEqual(
        expect.arrayContaining(['id', 'externalId', 'title', 'url', 'tags', 'publishedAt', 'score']),
      );
      expect(top?.externalId).toBe('r2');
      expect(body.results.map((r) => r.externalId)).not.toContain('r3');
    });

    it('related and article find an article by its import id', async () => {
      const related = await runCli(['related', 'r1', '--external', '--json'], { DATABASE_URL: dbUrl });
      const body = JSON.parse(related.stdout) as { article: { externalId: string }; results: { externalId: string }[] };
      expect(body.article.externalId).toBe('r1');
      expect(body.results[0]?.externalId).toBe('r2');
      expect(body.results.map((r) => r.externalId)).not.toContain('r1');

      const article = await runCli(['article', 'r4', '--external'], { DATABASE_URL: dbUrl });
      expect(article.stdout).toMatch(/Армения заморозила участие в ОДКБ/);
      const missing = await runCli(['article', 'nope', '--external'], { DATABASE_URL: dbUrl });
      expect(missing.code).toBe(1);
      expect(missing.stderr).toMatch(/No article has the import id "nope"/);
    });

    it('stats --json counts the archive', async () => {
      const result = await runCli(['stats', '--json'], { DATABASE_URL: dbUrl });
      expect(JSON.parse(result.stdout)).toMatchObject({ articles: 4, tags: 6 });
    });

    it('explains usage mistakes with exit code 2', async () => {
      const noQuery = await runCli(['search'], { DATABASE_URL: dbUrl });
      expect(noQuery.code).toBe(2);
      expect(noQuery.stderr).toMatch(/What should I search for\?/);
      const badLimit = await runCli(['search', 'oil', '--limit', 'lots'], { DATABASE_URL: dbUrl });
      expect(badLimit.code).toBe(2);
      expect(badLimit.stderr).toMatch(/--limit takes a whole number/);
      const badFlag = await runCli(['stats', '--frobnicate'], { DATABASE_URL: dbUrl });
      expect(badFlag.code).toBe(2);
      expect(badFlag.stderr).toMatch(/Unknown option '--frobnicate'/);
      const unknown = await runCli(['frobnicate'], { DATABASE_URL: dbUrl });
      expect(unknown.code).toBe(2);
      expect(unknown.stderr).toMatch(/Unknown command "frobnicate"/);
    });
  });

  describe('tagwire post', () => {
    it('validates flags and posts', async () => {
      const missing = await runCli(['post', '--title', 'x'], { DATABASE_URL: dbUrl });
      expect(missing.code).toBe(2);
      expect(missing.stderr).toMatch(/--tags is required/);
      const badUrl = await runCli(['post', '--title', 'x', '--tags', 'a', '--url', 'javascript:alert(1)'], {
        DATABASE_URL: dbUrl,
      });
      expect(badUrl.code).toBe(2);
      expect(badUrl.stderr).toMatch(/not a web address/);
      const badLang = await runCli(['post', '--title', 'x', '--tags', 'a', '--lang', 'Russian'], {
        DATABASE_URL: dbUrl,
      });
      expect(badLang.code).toBe(2);
      expect(badLang.stderr).toMatch(/"Russian" is not a language code/);
      const russian = await runCli(['post', '--title', 'Новости', '--tags', 'a', '--lang', 'ru', '--json'], {
        DATABASE_URL: dbUrl,
      });
      expect(JSON.parse(russian.stdout)).toMatchObject({ title: 'Новости', lang: 'ru' });
      const bodyFile = join(ws.dir, 'body.txt');
      writeFileSync(bodyFile, 'The body from a file. Second sentence.');
      const ok = await runCli(
        ['post', '--title', 'From the CLI', '--tags', 'Armenia, CSTO', '--body-file', bodyFile, '--json'],
        { DATABASE_URL: dbUrl },
      );
      expect(ok.code).toBe(0);
      expect(JSON.parse(ok.stdout)).toMatchObject({
        title: 'From the CLI',
        tags: ['Armenia', 'CSTO'],
        recipients: 0,
        summary: 'The body from a file. Second sentence.',
      });
    });

    it('is delivered by a bot running on the same database', async () => {
      const bot = startCli(['console'], { DATABASE_URL: dbUrl, DELIVERY_POLL_MS: '100' });
      try {
        bot.child.stdin.write('/follow Armenia\n');
        await waitFor(() => bot.output().includes('Now following #Armenia'), 'the follow reply');
        const posted = await runCli(
          [
            'post',
            '--title',
            'Posted beside the bot',
            '--tags',
            'armenia',
            '--body',
            'Delivered by the running worker.',
          ],
          { DATABASE_URL: dbUrl },
        );
        expect(posted.stdout).toMatch(/1 deliveries queued/);
        await waitFor(() => bot.output().includes('📰 Posted beside the bot'), 'the delivery in the running bot');
      } finally {
        bot.child.stdin.end();
        await new Promise((resolve) => bot.child.on('close', resolve));
      }
      expect(bot.child.exitCode).toBe(0);
    });
  });
});

describe('configuration and help', () => {
  it('stops with one clear message naming a wrong variable', async () => {
    const result = await runCli(['stats'], { DATABASE_URL: ws.dbUrl, DELIVERY_CONCURRENCY: 'many', LOG_LEVEL: 'loud' });
    expect(result.code).toBe(2);
    expect(result.stderr).toMatch(/DELIVERY_CONCURRENCY: expected a whole number from 1 to 256, got "many"/);
    expect(result.stderr).toMatch(/LOG_LEVEL: expected one of fatal, error, warn, info, debug, trace, silent/);
    const db = await runCli(['stats'], { DATABASE_URL: 'mysql://x' });
    expect(db.stderr).toMatch(/DATABASE_URL: expected sqlite:PATH, :memory:, or postgres:\/\//);
  });

  it('prints --help for every command', async () => {
    for (const command of ['start', 'console', 'migrate', 'import', 'post', 'search', 'related', 'article', 'stats']) {
      const result = await runCli([command, '--help'], { DATABASE_URL: ws.dbUrl });
      expect(result.code, command).toBe(0);
      expect(result.stdout, command).toMatch(new RegExp(`Usage: tagwire ${command}`));
    }
    expect((await runCli(['--help'], {})).stdout).toMatch(/Commands:/);
  });
});
