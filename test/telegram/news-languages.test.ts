import { afterEach, describe, expect, it } from 'vitest';
import { deliveriesSettled, postCommand, startTelegramBot, type TelegramTestBot } from './harness.ts';

/** Russian and Armenian news, end to end: the real grammY client against the Bot API emulator. */
let t: TelegramTestBot;
afterEach(async () => {
  await t?.close();
});

describe('Telegram with news in Russian and Armenian', () => {
  it('delivers, searches in any inflection, filters by lang:, and answers in the reader’s language', async () => {
    t = await startTelegramBot({
      arrange: (e) => {
        e.addUser({ id: 3003, first_name: 'Ruben', language_code: 'ru' } as never);
      },
    });
    const { emulator, admin, reader } = t;
    const ruben = emulator.world.users.get(3003);
    if (!ruben) throw new Error('no user 3003');
    await emulator.command(ruben, '/follow Energy');

    await emulator.command(
      admin,
      postCommand(
        'Нефть подорожала после решения ОПЕК',
        'Energy',
        'Цены на нефть выросли ещё на два процента. В Ереване и Москве ждут новых решений.',
      ),
    );
    await emulator.command(
      admin,
      postCommand('Երևանում բենզինը թանկացել է', 'Energy', 'Հայաստանի կառավարությունը քննարկում է գները։'),
    );
    await emulator.waitForMessage(
      (m) => m.chatId === ruben.id && m.text.startsWith('Нефть подорожала'),
      'the Russian card',
    );
    expect((await deliveriesSettled(t.stores)).sent).toBeGreaterThanOrEqual(2);

    // Other forms of the words, ё as е, in Russian replies.
    const found = await emulator.command(ruben, '/search нефти Москва');
    expect(found.text).toContain('Нефть подорожала после решения ОПЕК');
    expect(found.text).toContain('Поиск: нефти москва');
    expect(found.text).not.toContain('Երևանում');
    expect((await emulator.command(ruben, '/search еще')).text).not.toContain('Error');
    expect((await emulator.command(ruben, '/search Ереван lang:ru')).text).toContain('Нефть подорожала');
    expect((await emulator.command(ruben, '/search ОПЕК lang:en')).text).not.toContain('Нефть подорожала');
    expect((await emulator.command(ruben, '/search ОПЕК lang:russian')).text).toContain('не код языка');

    // Armenian: Երևան and Երեւան alike, case endings, in Armenian replies.
    await emulator.command(reader, '/language hy');
    const armenian = await emulator.command(reader, '/search Երեւան Հայաստան');
    expect(armenian.text).toContain('Երևանում բենզինը թանկացել է');
    expect(armenian.text).not.toContain('Нефть');
  });
});
