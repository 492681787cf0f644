import { afterEach, describe, expect, it } from 'vitest';
import { deliveriesSettled, postCommand, startTelegramBot, type TelegramTestBot } from './harness.ts';

let t: TelegramTestBot;
afterEach(async () => {
  await t?.close();
});

describe('Telegram: following a search and muting words, end to end', () => {
  it('delivers an article matching a followed search once, skips a muted word, in Russian and Armenian too', async () => {
    t = await startTelegramBot();
    const { emulator, admin, reader } = t;
    expect((await emulator.command(reader, '/watch "nuclear power" armenia -drill')).text).toContain(
      'Now following the search',
    );
    expect((await emulator.command(reader, '/follow "атомная станция"')).text).toContain('Now following the search');
    expect((await emulator.command(reader, '/watch Մեծամոր')).text).toContain('Now following the search');
    expect((await emulator.command(reader, '/mute "lottery"')).text).toContain('Muted the words');
    const tags = await emulator.command(reader, '/tags');
    expect(tags.text).toContain('Searches (3)');
    expect(tags.text).toContain('Muted words (1): “lottery”');

    await emulator.command(admin, postCommand('Armenia weighs nuclear power', 'Energy', 'A new plant is planned.'));
    await emulator.command(admin, postCommand('Armenia nuclear power drill', 'Energy', 'An exercise.'));
    await emulator.command(admin, postCommand('Armenia nuclear power lottery', 'Energy', 'A prize draw.'));
    await emulator.command(admin, postCommand('Атомная станция в Армении', 'Energy', 'Атомная станция работает.'));
    await emulator.command(admin, postCommand('Մեծամոր ատոմակայանը', 'Energy', 'Մեծամոր կայանը աշխատում է։'));
    await deliveriesSettled(t.stores);
    const cards = emulator.sent(reader.id).filter((m) => m.text.includes('#Energy'));
    expect(cards.map((m) => m.text.split('\n')[0])).toEqual([
      'Armenia weighs nuclear power',
      'Атомная станция в Армении',
      'Մեծամոր ատոմակայանը',
    ]);
  });
});
