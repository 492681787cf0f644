import { PassThrough } from 'node:stream';
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { explainDelivery, parseSubscriberRef } from '../../src/app/why.ts';
import { main } from '../../src/cli.ts';
import type { CommandContext } from '../../src/commands/context.ts';
import { UserInputError } from '../../src/domain/errors.ts';
import type { CoreHandle } from '../../src/runtime.ts';
import { FakeClock, openTestCore } from '../helpers/core.ts';
import { DIALECTS, openDialectCore, type DialectName } from '../helpers/dialects.ts';
import { replyText, telegramUser } from '../helpers/reply.ts';
import { RecordingSink, seedFollowers } from './sink.ts';
import { postTo, testWorker } from './worker-helpers.ts';
import { PermanentDeliveryError, TransientDeliveryError } from '../../src/delivery/errors.ts';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

let handle: CoreHandle;
let clock: FakeClock;
let dialect: DialectName = 'sqlite';
beforeEach(async () => {
  clock = new FakeClock();
  handle = await openDialectCore(dialect, { DELIVERY_MAX_ATTEMPTS: '1' }, clock);
});
afterEach(async () => {
  await handle.close();
});

const why = async (ref: string, articleId: number) => {
  const article = (await handle.deps.stores.articles.byIds([articleId]))[0];
  if (!article) throw new Error('no article');
  return explainDelivery(handle.deps.stores, parseSubscriberRef(ref), article, {
    retentionDays: 30,
    now: clock.now().getTime(),
  });
};

describe('parseSubscriberRef', () => {
  it('reads PLATFORM:CHAT_ID, negative group ids included, and "console"', () => {
    expect(parseSubscriberRef('telegram:-1001234')).toEqual({ platform: 'telegram', chatId: '-1001234' });
    expect(parseSubscriberRef('discord:112233')).toEqual({ platform: 'discord', chatId: '112233' });
    expect(parseSubscriberRef('console')).toEqual({ platform: 'console', chatId: 'local' });
    expect(() => parseSubscriberRef('12345')).toThrow(UserInputError);
    expect(() => parseSubscriberRef('slack:1')).toThrow(/PLATFORM:CHAT_ID/u);
  });
});

describe.each(DIALECTS)('on %s', (name) => {
  beforeAll(() => {
    dialect = name;
  });
  afterAll(() => {
    dialect = 'sqlite';
  });

  describe('explainDelivery', () => {
    it('tells sent (with message id), failed (with reason), muted, not matched, deactivated and unknown apart', async () => {
      const db = handle.storage.db;
      await seedFollowers(db, { count: 4, tag: 'Oil', firstChatId: 10 });
      await seedFollowers(db, { count: 1, tag: 'Gas', firstChatId: 20 });
      const subs = handle.deps.stores.subscribers;
      const muter = await subs.find('telegram', '12');
      const gas = await handle.deps.stores.tags.find('gas');
      await subs.setFollow(muter?.id ?? 0, gas?.id ?? 0, 'mute', clock.now().getTime());
      const gone = await subs.find('telegram', '13');
      await subs.setStatus(gone?.id ?? 0, 'deactivated', 'blocked', clock.now().getTime());
      const article = await postTo(handle, 'Energy', ['Oil', 'Gas']);
      const sink = new RecordingSink({
        fault: (m) => (m.subscriber.chatId === '11' ? new TransientDeliveryError('502 Bad Gateway') : null),
      });
      await testWorker(handle, [sink]).drainDue();

      const sent = await why('telegram:10', article.articleId);
      expect(sent.verdict).toBe('sent');
      expect(sent.summary).toMatch(/as message m\d+/u);
      expect(sent.matchedTags).toEqual(['Oil']);
      expect(await why('telegram:11', article.articleId)).toMatchObject({
        verdict: 'failed',
        summary: expect.stringMatching(/502 Bad Gateway/u),
      });
      expect(await why('telegram:12', article.articleId)).toMatchObject({ verdict: 'muted', mutedTags: ['Gas'] });
      expect(await why('telegram:13', article.articleId)).toMatchObject({
        verdict: 'deactivated',
        summary: expect.stringMatching(/blocked/u),
      });
      expect((await why('telegram:20', article.articleId)).verdict).toBe('sent');
      expect((await why('telegram:99', article.articleId)).verdict).toBe('unknown-subscriber');
      const other = await postTo(handle, 'Other', ['Coal']);
      expect((await why('telegram:10', other.articleId)).verdict).toBe('not-matched');
    });

    it('reports queued with the next attempt, and a chat deactivated after a permanent error as skipped', async () => {
      handle.deps.config.delivery.maxAttempts = 5;
      await seedFollowers(handle.storage.db, { count: 2, tag: 'Oil', firstChatId: 10 });
      const a = await postTo(handle, 'A', ['Oil']);
      const b = await postTo(handle, 'B', ['Oil']);
      const sink = new RecordingSink({
        fault: (m) =>
          m.subscriber.chatId === '10'
            ? new TransientDeliveryError('timeout')
            : new PermanentDeliveryError('blocked', 'Forbidden: bot was blocked by the user'),
      });
      await testWorker(handle, [sink]).drainDue();
      expect(await why('telegram:10', a.articleId)).toMatchObject({
        verdict: 'queued',
        summary: expect.stringMatching(/next attempt at .* after 1 failed attempt/u),
      });
      expect((await why('telegram:11', a.articleId)).verdict).toBe('failed');
      expect(await why('telegram:11', b.articleId)).toMatchObject({
        verdict: 'skipped',
        summary: expect.stringMatching(/deactivated: blocked/u),
      });
    });
  });

  describe('/why, and /stats with failure reasons', () => {
    const admin: CommandContext = {
      platform: 'console',
      chat: { id: 'local', kind: 'user' },
      user: { id: 'local' },
      canManageChat: true,
    };
    const text = (reply: { blocks: unknown[] }) => JSON.stringify(reply.blocks);

    it('explains a delivery in the chat, for this chat or a named one; refuses non-admins', async () => {
      await seedFollowers(handle.storage.db, { count: 1, tag: 'Oil', firstChatId: 10 });
      const a = await postTo(handle, 'A', ['Oil']);
      await testWorker(handle, [
        new RecordingSink({ fault: () => new TransientDeliveryError('503 Service Unavailable') }),
      ]).drainDue();
      const reply = await handle.core.handleCommand(admin, `/why telegram:10 ${a.publicId}`);
      expect(reply.status).toBe('ok');
      expect(text(reply)).toMatch(/failed.*503 Service Unavailable/u);
      const own = text(await handle.core.handleCommand(admin, `/why ${a.publicId}`));
      expect(own, own).toMatch(/unknown-subscriber.*has ever used the bot/u);
      const stranger: CommandContext = {
        platform: 'telegram',
        chat: { id: '5', kind: 'user' },
        user: { id: '5' },
        canManageChat: true,
      };
      expect((await handle.core.handleCommand(stranger, `/why ${a.publicId}`)).status).toBe('refused');
      expect(text(await handle.core.handleCommand(admin, '/stats'))).toMatch(/1 × 503 Service Unavailable/u);
    });

    it("gives the verdict and the explanation in the chat's language; English stays as the CLI shows it", async () => {
      await seedFollowers(handle.storage.db, { count: 1, tag: 'Oil', firstChatId: 10 });
      const a = await postTo(handle, 'Oil prices', ['Oil']);
      await testWorker(handle, [
        new RecordingSink({ fault: () => new TransientDeliveryError('503 Service Unavailable') }),
      ]).drainDue();
      const whyIn = (text: string) => handle.core.handleCommand(admin, text);

      await whyIn('/language ru');
      const ru = await whyIn(`/why telegram:10 ${a.publicId}`);
      expect(ru.heading).toBe(`Почему: ${a.publicId}`);
      const russian = replyText(ru);
      expect(russian).toContain(`telegram:10 · ${a.publicId}: не доставлена\n`);
      // The recorded reason is quoted as stored; the sentence around it is Russian.
      expect(russian).toContain('Не удалась после 1 попытки: 503 Service Unavailable.');
      expect(russian).toMatch(
        new RegExp(`Статья ${a.publicId} «Oil prices», опубликована \\S+Z, кем: \\S+, теги: #Oil\\.`, 'u'),
      );
      expect(russian).toContain('Чат telegram:10 активен.');
      expect(russian).toContain('Он подписан на #Oil.');
      expect(russian).toMatch(/Доставка #\d+: не удалась, 1 попытка, последнее изменение \S+, последняя ошибка: 503/u);
      expect(russian).not.toMatch(/Failed|attempt|follows/u);
      // This chat (set up by /language) follows nothing.
      const own = replyText(await whyIn(`/why ${a.publicId}`));
      expect(own).toContain(': не подходит чату');
      expect(own).toContain('Не доставлена: чат не подписан ни на один тег статьи');
      expect(replyText(await whyIn(`/why slack:1 ${a.publicId}`))).toMatch(/^«slack:1» — не чат\./u);

      await whyIn('/language hy');
      const armenian = replyText(await whyIn(`/why telegram:10 ${a.publicId}`));
      expect(armenian).toContain(`telegram:10 · ${a.publicId}: չի առաքվել\n`);
      expect(armenian).toContain('Ձախողվեց 1 փորձից հետո՝ 503 Service Unavailable։');
      expect(armenian).toContain('telegram:10 զրույցը հիմա ակտիվ է։');
      expect(replyText(await whyIn(`/why telegram:99 ${a.publicId}`))).toContain(
        'telegram:99 զրույցը երբեք չի օգտվել բոտից։',
      );

      const english = await why('telegram:10', a.articleId);
      expect(english.summary).toBe('Failed after 1 attempt(s): 503 Service Unavailable.');
      expect(english.details).toContain('Chat telegram:10 is active.');
    });

    it('quotes muted words and followed searches in the language', async () => {
      const reader = telegramUser('30');
      await handle.core.handleCommand(reader, '/follow Oil');
      await handle.core.handleCommand(reader, '/mute "pipeline"');
      const a = await postTo(handle, 'Pipeline talks', ['Oil']);
      const article = (await handle.deps.stores.articles.byIds([a.articleId]))[0];
      if (!article) throw new Error('no article');
      const explain = (locale: 'en' | 'ru' | 'hy') =>
        explainDelivery(handle.deps.stores, parseSubscriberRef('telegram:30'), article, {
          retentionDays: 30,
          now: clock.now().getTime(),
          locale,
        });
      expect(await explain('en')).toMatchObject({
        verdict: 'muted',
        summary: 'Not delivered: the chat mutes the words “pipeline”.',
      });
      const ru = await explain('ru');
      expect(ru).toMatchObject({ verdict: 'muted', summary: 'Не доставлена: чат заглушил слова «pipeline».' });
      expect(ru.details).toContain('Он заглушил слова «pipeline», которые есть в статье.');
      expect((await explain('hy')).summary).toBe('Չի առաքվել. զրույցը լռեցրել է «pipeline» բառերը։');
    });
  });
});

describe('tagwire deliveries and tagwire why', () => {
  it('lists failed rows with their reasons, requeues them, and explains one', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'tagwire-cli-'));
    const env = { DATABASE_URL: `sqlite:${join(dir, 'cli.db')}`, LOG_LEVEL: 'silent', DELIVERY_MAX_ATTEMPTS: '1' };
    const run = async (argv: string[]) => {
      const stdout = new PassThrough();
      const stderr = new PassThrough();
      let out = '';
      stdout.on('data', (d: Buffer) => {
        out += d.toString();
      });
      stderr.on('data', (d: Buffer) => {
        out += d.toString();
      });
      const code = await main(argv, [], { stdout, stderr, stdin: new PassThrough(), env });
      return { code, out };
    };
    try {
      const file = await openTestCore(env);
      await seedFollowers(file.storage.db, { count: 2, tag: 'Oil', firstChatId: 10 });
      const a = await postTo(file, 'A', ['Oil']);
      await testWorker(file, [
        new RecordingSink({ fault: (m) => (m.subscriber.chatId === '10' ? new Error('ECONNRESET') : null) }),
      ]).drainDue();
      await file.close();

      const failed = await run(['deliveries', '--failed']);
      expect(failed.code).toBe(0);
      expect(failed.out).toMatch(new RegExp(`failed +telegram:10 +${a.publicId}.*\\n +ECONNRESET`, 'u'));
      expect(failed.out).not.toMatch(/telegram:11/u);
      const json = JSON.parse((await run(['deliveries', '--status', 'sent', '--json'])).out) as {
        deliveries: { subscriber: string; messageId: string }[];
      };
      expect(json.deliveries.map((d) => d.subscriber)).toEqual(['telegram:11']);
      const stats = await run(['stats']);
      expect(stats.out).toMatch(/1 × ECONNRESET/u);
      const statsJson = JSON.parse((await run(['stats', '--json'])).out) as { failureReasons: unknown };
      expect(statsJson.failureReasons).toEqual([{ reason: 'ECONNRESET', count: 1 }]);

      const explained = await run(['why', 'telegram:10', a.publicId]);
      expect(explained.code).toBe(0);
      expect(explained.out).toMatch(/: failed\n.*ECONNRESET/u);
      expect((await run(['why', '12345', a.publicId])).code).toBe(2);

      expect((await run(['deliveries', 'retry', '--subscriber', 'telegram:10'])).out).toMatch(/Requeued 1 failed/u);
      expect((await run(['deliveries', '--failed'])).out).toMatch(/No failed deliveries/u);
      expect((await run(['deliveries', 'retry', '--json'])).out).toMatch(/"requeued": 0/u);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
