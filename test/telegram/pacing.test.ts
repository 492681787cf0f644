import { PassThrough } from 'node:stream';
import { afterEach, describe, expect, it } from 'vitest';
import { telegramAdapterFactory } from '../../adapters/telegram/index.ts';
import { ConfigError, loadConfig } from '../../src/config.ts';
import { startBot } from '../../src/runtime.ts';
import { seedFollowers } from '../delivery/sink.ts';
import { apiErrors } from '../emulators/telegram/api-errors.ts';
import { TelegramEmulator } from '../emulators/telegram/emulator.ts';
import type { StoredMessage } from '../emulators/telegram/world.ts';
import { openTestCore, waitFor } from '../helpers/core.ts';
import { deliveriesSettled, postCommand, startTelegramBot, type TelegramTestBot } from './harness.ts';

/**
 * tagwire within Telegram's limits, against the emulator that enforces them (flood.ts):
 * command replies, edits and deliveries share one pacing, replies first; a 429 on a reply
 * is waited out and the reply sent; a bot that sends too fast meets 429s and loses
 * nothing; paid broadcasts.
 */

let t: TelegramTestBot | undefined;
let cleanup: (() => Promise<void>) | undefined;
afterEach(async () => {
  await t?.close();
  t = undefined;
  await cleanup?.();
  cleanup = undefined;
});

const FIRST_CHAT = 40_000;

const articleTo = (emulator: TelegramEmulator, chatId: number, title: string): StoredMessage[] =>
  emulator.sent(chatId).filter((m) => m.text.startsWith(title));

describe('tagwire within Telegram limits', () => {
  it("meets no 429 in a fan-out at Telegram's pace, with readers' commands answered in the middle of it", async () => {
    const chats = 150;
    t = await startTelegramBot({
      env: { TELEGRAM_MAX_PER_SECOND: '30' },
      arrange: (e) => {
        for (let i = 0; i < chats; i++) e.addUser({ id: FIRST_CHAT + i, first_name: `R${i}` });
      },
    });
    const { emulator } = t;
    await seedFollowers(t.db, { count: chats, tag: 'Oil', firstChatId: FIRST_CHAT });
    await t.core.postArticle(
      { title: 'Oil fan-out', tags: ['Oil'], body: 'Body.' },
      { postedBy: 'test', notify: true },
    );
    // Readers who also receive the article ask for something while it goes out.
    const askers = [0, 40, 80, 120, 149].map((i) => ({ id: FIRST_CHAT + i, first_name: `R${i}`, is_bot: false }));
    await emulator.waitUntil(() => emulator.calls('sendMessage').length >= 30, 'the fan-out to be under way');
    for (const asker of askers) emulator.sendText(asker, '/tags');

    await waitFor(
      () =>
        Array.from({ length: chats }, (_, i) => articleTo(emulator, FIRST_CHAT + i, 'Oil fan-out').length).every(
          (n) => n === 1,
        ),
      'every reader to get the article once',
      30_000,
    );
    for (const asker of askers)
      await emulator.waitForMessage(
        (m) => m.chatId === asker.id && /follow/iu.test(m.text),
        `the answer to ${asker.id}`,
      );
    expect(emulator.floodRefusals()).toEqual([]);
    expect(await deliveriesSettled(t.stores)).toMatchObject({ sent: chats });
  }, 60_000);

  it('sends a reply that met a 429 again after retry_after, and an edit too', async () => {
    t = await startTelegramBot();
    const { emulator, admin, reader } = t;
    emulator.fail('sendMessage', apiErrors.tooManyRequests(1), { chatId: reader.id, times: 2 });
    const answer = await emulator.command(reader, '/follow Armenia');
    expect(answer.text).toContain('Now following #Armenia');
    const toReader = emulator.calls('sendMessage').filter((c) => Number(c.payload.chat_id) === reader.id);
    expect(toReader.map((c) => c.status)).toEqual([429, 429, 200]);
    // Waited at least the retry_after each time (1 s), not resent at once.
    expect((toReader[2]?.at ?? 0) - (toReader[0]?.at ?? 0)).toBeGreaterThanOrEqual(2000);

    await emulator.command(admin, postCommand('Edit me', 'Armenia, CSTO'));
    const card = await emulator.waitForMessage((m) => m.chatId === reader.id && m.text.startsWith('Edit me'));
    emulator.fail('editMessageReplyMarkup', apiErrors.tooManyRequests(1), { chatId: reader.id, times: 1 });
    const press = emulator.pressButtonLabeled(reader, card, /\+ #CSTO/u);
    await emulator.waitUntil(
      () => card.replyMarkup?.inline_keyboard.flat().some((b) => b.text === '✓ #CSTO'),
      'the edit, sent again',
    );
    expect(emulator.calls('editMessageReplyMarkup').map((c) => c.status)).toEqual([429, 200]);
    await emulator.waitUntil(() => emulator.callbackAnswer(press), 'the answer to the press');
  });

  it('answers a button press in time while its edit still waits', async () => {
    t = await startTelegramBot();
    const { emulator, admin, reader } = t;
    await emulator.command(reader, '/follow Armenia');
    await emulator.command(admin, postCommand('Slow edit', 'Armenia, CSTO'));
    const card = await emulator.waitForMessage((m) => m.chatId === reader.id && m.text.startsWith('Slow edit'));
    // The edit takes longer than Telegram waits for the answer to the press.
    emulator.slowDown('editMessageReplyMarkup', 7_000);
    const press = emulator.pressButtonLabeled(reader, card, /\+ #CSTO/u);
    const answered = await emulator.waitUntil(() => emulator.callbackAnswer(press), 'the answer to the press');
    expect(answered.text).toBe('Now following #CSTO.');
    expect(emulator.calls('answerCallbackQuery').map((c) => c.status)).toEqual([200]);
    expect(card.replyMarkup?.inline_keyboard.flat().map((b) => b.text)).toContain('+ #CSTO');
    await emulator.waitUntil(
      () => card.replyMarkup?.inline_keyboard.flat().some((b) => b.text === '✓ #CSTO'),
      'the edit',
      15_000,
    );
  }, 30_000);

  it('meets 429s when made to send faster than Telegram allows, and loses nothing', async () => {
    const chats = 300;
    const emulator = await new TelegramEmulator().start();
    for (let i = 0; i < chats; i++) emulator.addUser({ id: FIRST_CHAT + i, first_name: `R${i}` });
    const handle = await openTestCore({ TELEGRAM_BOT_TOKEN: emulator.token, TELEGRAM_API_ROOT: emulator.url });
    await seedFollowers(handle.storage.db, { count: chats, tag: 'Oil', firstChatId: FIRST_CHAT });
    // Pacing set above the free limit, past what the configuration would accept.
    const bot = await startBot(
      handle,
      [telegramAdapterFactory],
      { input: new PassThrough(), output: new PassThrough() },
      {
        limits: () => ({ overallPerSecond: 100, perChatIntervalMs: { user: 1000, group: 3000, channel: 3000 } }),
      },
    );
    cleanup = async () => {
      await bot.stop();
      await emulator.stop();
    };
    await handle.core.postArticle(
      { title: 'Too fast', tags: ['Oil'], body: 'Body.' },
      { postedBy: 'test', notify: true },
    );
    await waitFor(
      async () => (await handle.deps.stores.outbox.countByStatus()).sent === chats,
      'every row sent',
      60_000,
    );
    expect(emulator.floodRefusals().length).toBeGreaterThan(0);
    expect(emulator.floodRefusals().every((c) => c.limitedBy?.startsWith('overall'))).toBe(true);
    for (let i = 0; i < chats; i++) expect(articleTo(emulator, FIRST_CHAT + i, 'Too fast')).toHaveLength(1);
    expect(await handle.deps.stores.outbox.countByStatus()).toMatchObject({ sent: chats, failed: 0 });
    expect(bot.worker.stats().failedAttempts).toBe(0);
  }, 90_000);

  it('sends paid broadcasts above 30 a second with allow_paid_broadcast, replies included; refuses that rate unpaid', async () => {
    expect(() => loadConfig({ DATABASE_URL: ':memory:', TELEGRAM_MAX_PER_SECOND: '200' })).toThrow(ConfigError);
    expect(() => loadConfig({ DATABASE_URL: ':memory:', TELEGRAM_MAX_PER_SECOND: '200' })).toThrow(
      /TELEGRAM_MAX_PER_SECOND: 200 is above Telegram's free limit of 30 .*TELEGRAM_PAID_BROADCAST=true/u,
    );
    expect(() => loadConfig({ DATABASE_URL: ':memory:', TELEGRAM_PAID_BROADCAST: 'maybe' })).toThrow(
      /TELEGRAM_PAID_BROADCAST: expected true or false/u,
    );

    const chats = 400;
    t = await startTelegramBot({
      env: { TELEGRAM_MAX_PER_SECOND: '200', TELEGRAM_PAID_BROADCAST: 'true' },
      arrange: (e) => {
        for (let i = 0; i < chats; i++) e.addUser({ id: FIRST_CHAT + i, first_name: `R${i}` });
      },
    });
    const { emulator, reader } = t;
    await seedFollowers(t.db, { count: chats, tag: 'Oil', firstChatId: FIRST_CHAT });
    await t.core.postArticle({ title: 'Paid news', tags: ['Oil'], body: 'Body.' }, { postedBy: 'test', notify: true });
    await emulator.command(reader, '/tags');
    expect(await deliveriesSettled(t.stores)).toMatchObject({ sent: chats });
    const sends = emulator.calls('sendMessage');
    expect(sends.length).toBe(chats + 1);
    expect(sends.every((c) => c.payload.allow_paid_broadcast === true && c.status === 200)).toBe(true);
    expect(emulator.floodRefusals()).toEqual([]);
  }, 60_000);
});
