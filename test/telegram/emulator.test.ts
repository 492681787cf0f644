import { Api, GrammyError } from 'grammy';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { apiErrors } from '../emulators/telegram/api-errors.ts';
import { TelegramEmulator } from '../emulators/telegram/emulator.ts';

/** The emulator itself, through the real grammY client: the behaviour the end-to-end tests rely on. */

let emulator: TelegramEmulator;
let api: Api;
beforeEach(async () => {
  emulator = await new TelegramEmulator().start();
  api = new Api(emulator.token, { apiRoot: emulator.url });
});
afterEach(async () => {
  await emulator.stop();
});

describe('Telegram Bot API emulator', () => {
  it('holds a long poll until an update arrives, and honours offset', async () => {
    const user = emulator.addUser({ id: 5, first_name: 'Eve' });
    let answered = false;
    const polling = api.getUpdates({ timeout: 20 }).then((u) => {
      answered = true;
      return u;
    });
    await emulator.waitUntil(() => emulator.calls('getUpdates').length === 1, 'the poll to arrive');
    expect(answered).toBe(false);
    emulator.sendText(user, '/start');
    const updates = await polling;
    expect(updates.map((u) => u.message?.text)).toEqual(['/start']);
    const id = updates[0]?.update_id ?? 0;

    // Not confirmed yet: the same update again.
    expect((await api.getUpdates({ offset: id, timeout: 0 })).map((u) => u.update_id)).toEqual([id]);
    // Confirmed by a higher offset: gone.
    expect(await api.getUpdates({ offset: id + 1, timeout: 0 })).toEqual([]);
    expect(emulator.unconfirmed()).toEqual([]);
  });

  it('answers an empty list when the long-poll timeout passes', async () => {
    expect(await api.getUpdates({ timeout: 1 })).toEqual([]);
  });

  it('refuses getUpdates while a webhook is set, like Telegram', async () => {
    await api.setWebhook('https://bot.example.com/hook', { secret_token: 'abc' });
    await expect(api.getUpdates({ timeout: 0 })).rejects.toMatchObject({ error_code: 409 });
    await api.deleteWebhook();
    await expect(api.getUpdates({ timeout: 0 })).resolves.toEqual([]);
  });

  it('parses HTML like Telegram and refuses unescaped markup', async () => {
    emulator.addUser({ id: 5, first_name: 'Eve' });
    const sent = await api.sendMessage(5, '<b>Hi</b> &amp; <a href="https://e.com/?a=1&amp;b=2">link</a>', {
      parse_mode: 'HTML',
    });
    expect(sent.text).toBe('Hi & link');
    expect(sent.entities).toEqual([
      { type: 'bold', offset: 0, length: 2 },
      { type: 'text_link', offset: 5, length: 4, url: 'https://e.com/?a=1&b=2' },
    ]);
    await expect(api.sendMessage(5, 'a <script> b', { parse_mode: 'HTML' })).rejects.toMatchObject({
      error_code: 400,
      description: expect.stringContaining("can't parse entities"),
    });
    await expect(api.sendMessage(5, 'x'.repeat(4097))).rejects.toMatchObject({
      description: 'Bad Request: message is too long',
    });
    await expect(
      api.sendMessage(5, 'ok', { reply_markup: { inline_keyboard: [[{ text: 'b', callback_data: 'x'.repeat(65) }]] } }),
    ).rejects.toMatchObject({ description: 'Bad Request: BUTTON_DATA_INVALID' });
  });

  it('answers scripted errors per method and chat, then behaves again', async () => {
    emulator.addUser({ id: 5, first_name: 'Eve' });
    emulator.addUser({ id: 6, first_name: 'Fay' });
    emulator.fail('sendMessage', apiErrors.tooManyRequests(3), { chatId: 5, times: 2 });
    const err = await api.sendMessage(5, 'one').catch((e: unknown) => e);
    expect(err).toBeInstanceOf(GrammyError);
    expect((err as GrammyError).parameters.retry_after).toBe(3);
    await expect(api.sendMessage(6, 'other chat')).resolves.toMatchObject({ text: 'other chat' });
    await expect(api.sendMessage(5, 'two')).rejects.toMatchObject({ error_code: 429 });
    await expect(api.sendMessage(5, 'three')).resolves.toMatchObject({ text: 'three' });
    expect(emulator.calls('sendMessage').map((c) => c.status)).toEqual([429, 200, 429, 200]);
  });

  it('knows who is an admin, and refuses a wrong token', async () => {
    emulator.addUser({ id: 5, first_name: 'Eve' });
    emulator.addGroup({ id: -100, title: 'G', members: { 5: 'administrator' }, bot: 'administrator' });
    expect((await api.getChatMember(-100, 5)).status).toBe('administrator');
    expect((await api.getChat('-100')).type).toBe('supergroup');
    await expect(new Api('999:wrongwrongwrongwrongwrong', { apiRoot: emulator.url }).getMe()).rejects.toMatchObject({
      error_code: 401,
    });
  });
});
