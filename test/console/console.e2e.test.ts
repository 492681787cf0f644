import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { loadConfig } from '../../src/config.ts';
import { createLogger, silentLogger } from '../../src/logger.ts';
import { openCore } from '../../src/runtime.ts';
import { runCli, tempWorkspace } from '../helpers/cli.ts';
import { createTestSchema, DIALECTS, urlWithSchema } from '../helpers/dialects.ts';

let ws: ReturnType<typeof tempWorkspace>;
beforeEach(() => {
  ws = tempWorkspace();
});
afterEach(() => {
  ws.remove();
});

describe('console adapter with piped input', () => {
  it('follows, posts with continued lines, and delivers the summary once', async () => {
    const input = [
      '/start',
      '/follow Armenia, CSTO',
      '/post Armenia freezes CSTO participation\\',
      'tags: Armenia, CSTO\\',
      'url: https://example.com/a\\',
      '\\',
      'Armenia has frozen its participation in the Russian-led bloc. The prime minister said so on Friday.',
      '/search armenia',
      '',
    ].join('\n');
    const result = await runCli(['console'], { DATABASE_URL: ws.dbUrl }, input);
    expect(result.code).toBe(0);
    expect(result.stdout).toMatch(/Now following #Armenia and #CSTO/);
    expect(result.stdout).toMatch(/Posted \w{6}: Armenia freezes CSTO participation/);
    expect(result.stdout).toMatch(/It reaches 1 subscriber/);
    const deliveries = result.stdout.split('📰').length - 1;
    expect(deliveries).toBe(1);
    expect(result.stdout).toMatch(
      /📰 Armenia freezes CSTO participation\n[^\n]*\nArmenia has frozen its participation/,
    );
    expect(result.stdout).toMatch(/1\. Armenia freezes CSTO participation/);
    expect(result.stdout).not.toMatch(/"level"/);
  });

  it('switches to Russian with /language ru: replies and the delivered card, kept in the database', async () => {
    const input = [
      '/language ru',
      '/follow Armenia, CSTO',
      '/post Armenia freezes CSTO participation\\',
      'tags: Armenia, CSTO\\',
      'date: 2024-02-23\\',
      '\\',
      'Armenia has frozen its participation in the Russian-led bloc.',
      '',
    ].join('\n');
    const result = await runCli(['console'], { DATABASE_URL: ws.dbUrl }, input);
    expect(result.code).toBe(0);
    expect(result.stdout).toMatch(/Теперь этот чат получает ответы, статьи и сводки на русском/u);
    expect(result.stdout).toMatch(/Вы подписаны на #Армения и #ОДКБ\./u);
    expect(result.stdout).toMatch(/Статья дойдёт до 1 подписчика/u);
    expect(result.stdout).toMatch(/📰 Armenia freezes CSTO participation\n23 февр\. 2024 г\.\n/u);
    expect(result.stdout).toMatch(/\[1\] Похожие {2}\[2\] ✓ #Армения {2}\[3\] ✓ #ОДКБ/u);
    const again = await runCli(['console'], { DATABASE_URL: ws.dbUrl }, '/language\n');
    expect(again.stdout).toMatch(/Язык этого чата: Русский/u);
    const english = await runCli(['console'], { DATABASE_URL: ws.dbUrl }, '/language en\n/tags\n');
    expect(english.stdout).toMatch(/Following \(2\): #Armenia #CSTO/u);
  });

  it('shows a card as /card sets it, with its picture address, and /tags says how cards look', async () => {
    const input = [
      '/follow Armenia',
      '/card headline silent on',
      '/post Armenia opens a border crossing\\',
      'tags: Armenia\\',
      'image: https://images.example.com/crossing.jpg\\',
      '\\',
      'A summary this chat did not ask for.',
      '/tags',
      '',
    ].join('\n');
    const result = await runCli(['console'], { DATABASE_URL: ws.dbUrl }, input);
    expect(result.code).toBe(0);
    expect(result.stdout).toMatch(/Saved: the next cards here look like this\./u);
    expect(result.stdout).toMatch(
      /📰 Armenia opens a border crossing\n[^\n]*\n🖼 https:\/\/images\.example\.com\/crossing\.jpg\n#Armenia/u,
    );
    expect(result.stdout).not.toContain('A summary this chat did not ask for.');
    expect(result.stdout).toMatch(
      /Cards here: headline \(the title only\)\. Link previews: off\. Silent delivery: on\./u,
    );
  });

  it('answers bad input with help and keeps going, and strips terminal escapes', async () => {
    const input = ['/nonsense', 'hello', '/follow', '/post \u001b[2JEvil title\\', 'tags: x', '/tags', ''].join('\n');
    const result = await runCli(['console'], { DATABASE_URL: ws.dbUrl }, input);
    expect(result.code).toBe(0);
    expect(result.stdout).toMatch(/There is no command \/nonsense/);
    expect(result.stdout).toMatch(/Commands start with "\/"/);
    expect(result.stdout).toMatch(/Which tags\?/);
    expect(result.stdout).toMatch(/control characters/);
    expect(result.stdout).not.toContain('\u001b[2J');
    expect(result.stdout).toMatch(/follows no tags yet/);
  });

  it('presses a button when its number is typed', async () => {
    // Nobody follows anything, so no delivery card can change which buttons are shown last.
    const input = ['/post Oil up\\', 'tags: Oil', '/post Oil down\\', 'tags: Oil', '1', '1', '9', ''].join('\n');
    const result = await runCli(['console'], { DATABASE_URL: ws.dbUrl }, input);
    expect(result.code).toBe(0);
    expect(result.stdout).toMatch(/\[1\] View/);
    expect(result.stdout).toMatch(/Oil down\n\d{4}-\d{2}-\d{2}\nOil down/);
    expect(result.stdout).toMatch(/Related to \w{6}: Oil down\n1\. Oil up/);
    expect(result.stdout).toMatch(/Commands start with/);
  });
});

describe.each(DIALECTS)('console session on %s', (dialect) => {
  it('shows what was waiting even when the input ends at once', async () => {
    let url = ws.dbUrl;
    let drop = async () => {};
    if (dialect === 'postgres') {
      const schema = await createTestSchema();
      url = urlWithSchema(schema.url, schema.schema);
      drop = schema.drop;
    }
    try {
      const env = { DATABASE_URL: url, LOG_FILE: join(ws.dir, 'tagwire.log') };
      const first = await runCli(['console'], env, '/follow Armenia\n');
      expect(first.stdout).toMatch(/Now following #Armenia/);
      // Posted while no console runs: it waits in the outbox for the next session.
      const core = await openCore(loadConfig(env), silentLogger);
      for (const title of ['Waiting one', 'Waiting two']) {
        const posted = await core.core.postArticle({ title, tags: ['Armenia'] }, { postedBy: 'test', notify: true });
        expect(posted.recipients).toBe(1);
      }
      await core.close();

      const second = await runCli(['console'], env, '');
      expect(second.code, second.stderr).toBe(0);
      expect(second.stdout).toMatch(/📰 Waiting one\n[\s\S]*📰 Waiting two\n/u);
    } finally {
      await drop();
    }
  });
});

describe('console log', () => {
  it('keeps JSON log lines out of the chat: they go to tagwire.log beside the database', async () => {
    const result = await runCli(['console'], { DATABASE_URL: ws.dbUrl, LOG_LEVEL: 'info' }, '/help\n');
    expect(result.code).toBe(0);
    expect(result.stdout).toMatch(/\/follow/);
    expect(result.stdout + result.stderr).not.toMatch(/"level"/);
    const log = readFileSync(join(ws.dir, 'tagwire.log'), 'utf8');
    expect(log).toMatch(/"level":30/);
  });

  it('writes to LOG_FILE when it is set, and LOG_LEVEL still decides what is written', async () => {
    const file = join(ws.dir, 'logs', 'bot.log');
    await runCli(['console'], { DATABASE_URL: ws.dbUrl, LOG_LEVEL: 'info', LOG_FILE: file }, '/help\n');
    expect(readFileSync(file, 'utf8')).toMatch(/"msg":"tagwire started"/);
    await runCli(['console'], { DATABASE_URL: ws.dbUrl, LOG_LEVEL: 'warn', LOG_FILE: file }, '/help\n');
    expect(readFileSync(file, 'utf8').match(/tagwire started/g)).toHaveLength(1);
    expect(existsSync(join(ws.dir, 'tagwire.log'))).toBe(false);
  });

  it('shows an error as one plain line on the terminal', () => {
    const errors: string[] = [];
    const original = process.stderr.write.bind(process.stderr);
    process.stderr.write = ((chunk: string) => {
      errors.push(String(chunk));
      return true;
    }) as typeof process.stderr.write;
    try {
      const logger = createLogger('info', { console: true, file: join(ws.dir, 'x.log') });
      logger.info('quiet');
      logger.error({ err: new Error('disk \u001b[2Jfull') }, 'cannot send');
    } finally {
      process.stderr.write = original;
    }
    expect(errors).toEqual([`tagwire: cannot send: disk [2Jfull (details in ${join(ws.dir, 'x.log')})\n`]);
  });
});
