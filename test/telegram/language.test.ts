import { afterEach, describe, expect, it } from 'vitest';
import { deliveriesSettled, postCommand, startTelegramBot, type TelegramTestBot } from './harness.ts';

/** The chat's language with the real grammY client against the Bot API emulator. */
let t: TelegramTestBot;
afterEach(async () => {
  await t?.close();
});

describe("Telegram in the reader's language", () => {
  it('sets a command menu per language (language_code), and the emulator refuses a code that is not one', async () => {
    t = await startTelegramBot();
    const { emulator, admin } = t;
    const menu = (scope: string) => emulator.commandMenu(scope) ?? [];
    const follow = (scope: string) => menu(scope).find((c) => c.command === 'follow')?.description;
    expect(follow('default')).toBe('Follow tags: get each new article with them once');
    expect(follow('default|ru')).toBe('Подписаться на теги: каждая новая статья с ними придёт один раз');
    expect(follow('all_private_chats|hy')).toMatch(/^Հետևել պիտակներին/u);
    expect(menu(`chat:${admin.id}|ru`).map((c) => c.command)).toEqual(expect.arrayContaining(['post', 'language']));
    // The same commands in every language: only the descriptions differ.
    expect(menu('all_group_chats|hy').map((c) => c.command)).toEqual(menu('all_group_chats').map((c) => c.command));
    await expect(
      fetch(`${emulator.url}/bot${emulator.token}/setMyCommands`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ commands: [{ command: 'a', description: 'b' }], language_code: 'rus' }),
      }).then((r) => r.status),
    ).resolves.toBe(400);
  });

  it('answers in the language of the app of whoever sets the chat up, and /language changes replies and cards', async () => {
    t = await startTelegramBot({
      arrange: (e) => {
        e.addUser({ id: 3003, first_name: 'Ruben', language_code: 'ru' } as never);
      },
    });
    const { emulator, admin, reader } = t;
    const ruben = emulator.world.users.get(3003);
    if (!ruben) throw new Error('no user 3003');

    // language_code "ru": the chat is set up in Russian.
    const followed = await emulator.command(ruben, '/follow Armenia');
    expect(followed.text).toContain('Вы подписаны на #Армения.');

    // A reader whose app is in English switches to Armenian.
    expect((await emulator.command(reader, '/language')).text).toContain("This chat's language: English");
    expect((await emulator.command(reader, '/language hy')).text).toContain('հայերեն');
    expect((await emulator.command(reader, '/follow Armenia')).text).toContain('Այժմ հետևում եք #Հայաստան-ին։');

    await emulator.command(admin, postCommand('Armenia freezes its CSTO participation', 'Armenia, CSTO'));
    const toRuben = await emulator.waitForMessage(
      (m) => m.chatId === ruben.id && m.text.startsWith('Armenia freezes'),
      'the Russian card',
    );
    expect(toRuben.replyMarkup?.inline_keyboard.flat().map((b) => b.text)).toEqual([
      'Похожие',
      '✓ #Армения',
      '+ #ОДКБ',
    ]);
    expect(toRuben.text).toMatch(/\d{1,2} [а-я]+\.? \d{4} г\./u);
    // Built-in tags by their Russian names on the card; the others as named.
    expect(toRuben.text).toContain('#Армения #ОДКБ');
    const toReader = await emulator.waitForMessage(
      (m) => m.chatId === reader.id && m.text.startsWith('Armenia freezes'),
      'the Armenian card',
    );
    expect(toReader.replyMarkup?.inline_keyboard.flat()[0]?.text).toBe('Առնչվող');
    expect((await deliveriesSettled(t.stores)).sent).toBe(2);
  });
});
