import { Api, GrammyError } from 'grammy';
import { afterEach, describe, expect, it } from 'vitest';
import { QUERY_TIMEOUT_MS, TelegramEmulator, type TelegramEmulatorOptions } from '../emulators/telegram/emulator.ts';
import { TELEGRAM_FLOOD_LIMITS } from '../emulators/telegram/flood.ts';

/**
 * What the emulator enforces because Telegram does (flood.ts, emulator.ts): the flood
 * limits with 429 and retry_after, late answers to queries, who may read a chat's
 * members, what an @username names. Through the real grammY client, on a clock the test
 * moves.
 */

let emulator: TelegramEmulator;
let api: Api;
let now = 0;

async function start(options: TelegramEmulatorOptions = {}): Promise<void> {
  now = 1_000_000;
  emulator = await new TelegramEmulator({ clock: () => now, ...options }).start();
  api = new Api(emulator.token, { apiRoot: emulator.url });
}

afterEach(async () => {
  await emulator?.stop();
});

/** The error a call fails with (or null when it succeeds). */
async function failure(call: Promise<unknown>): Promise<GrammyError | null> {
  try {
    await call;
    return null;
  } catch (err) {
    if (err instanceof GrammyError) return err;
    throw err;
  }
}

const USERS = 1_200;
function addUsers(): void {
  for (let i = 1; i <= USERS; i++) emulator.addUser({ id: i, first_name: `U${i}` });
}

describe('the emulator enforces Telegram flood limits', () => {
  it('lets a short burst to one chat through, then answers 429 with retry_after; one a second is fine', async () => {
    await start();
    emulator.addUser({ id: 5, first_name: 'Eve' });
    for (let i = 0; i < TELEGRAM_FLOOD_LIMITS.perChatBurst; i++) await api.sendMessage(5, `burst ${i}`);
    const refused = await failure(api.sendMessage(5, 'one too many'));
    expect(refused?.error_code).toBe(429);
    expect(refused?.description).toBe('Too Many Requests: retry after 1');
    expect(refused?.parameters.retry_after).toBe(1);
    expect(emulator.floodRefusals().map((c) => c.limitedBy)).toEqual(['chat']);
    // Sustained, one a second goes through; faster does not.
    for (let i = 0; i < 5; i++) {
      now += 1000;
      await api.sendMessage(5, `steady ${i}`);
    }
    now += 500;
    expect((await failure(api.sendMessage(5, 'too soon')))?.error_code).toBe(429);
    // Other chats are not affected.
    emulator.addUser({ id: 6, first_name: 'Fay' });
    await api.sendMessage(6, 'hello');
    // The refused ones were not sent.
    expect(emulator.sent(5).map((m) => m.text)).not.toContain('one too many');
  });

  it('holds a group to 20 messages a minute', async () => {
    await start();
    emulator.addGroup({ id: -100, title: 'G', members: {} });
    for (let i = 0; i < 20; i++) {
      await api.sendMessage(-100, `m${i}`);
      now += 1500;
    }
    // 30 s after the first: the minute still holds 20.
    const refused = await failure(api.sendMessage(-100, 'twenty-first'));
    expect(refused?.error_code).toBe(429);
    expect(refused?.parameters.retry_after).toBe(30);
    expect(emulator.floodRefusals().at(-1)?.limitedBy).toBe('group');
    now += 30_000;
    await api.sendMessage(-100, 'a minute after the first');
    // A private chat is not held to it.
    emulator.addUser({ id: 5, first_name: 'Eve' });
    for (let i = 0; i < 25; i++) {
      now += 1000;
      await api.sendMessage(5, `p${i}`);
    }
  });

  it('allows about 30 messages a second overall: a 10% burst within a second, not more on average', async () => {
    await start();
    addUsers();
    let user = 1;
    for (let i = 0; i < 33; i++) await api.sendMessage(user++, 'x');
    const refused = await failure(api.sendMessage(user, 'x'));
    expect(refused?.error_code).toBe(429);
    expect(emulator.floodRefusals().at(-1)?.limitedBy).toBe('overall');
    now += 1000;
    // 32 a second is under the one-second ceiling but above 30 on average: refused within 10 s.
    let refusedAfter = 0;
    for (let second = 1; second <= 10 && refusedAfter === 0; second++) {
      for (let i = 0; i < 32; i++) {
        const err = await failure(api.sendMessage(user++, 'x'));
        if (err) {
          expect(err.error_code).toBe(429);
          refusedAfter = second;
          break;
        }
        now += 1000 / 32;
      }
    }
    expect(refusedAfter).toBeGreaterThan(0);
    expect(emulator.floodRefusals().at(-1)?.limitedBy).toBe('overall-average');
  });

  it('lifts the overall ceiling to 1,000 a second with allow_paid_broadcast; a free message still counts them all', async () => {
    await start();
    addUsers();
    let user = 1;
    for (let i = 0; i < 1000; i++) await api.sendMessage(user++, 'paid', { allow_paid_broadcast: true });
    const free = await failure(api.sendMessage(user++, 'free'));
    expect(free?.error_code).toBe(429);
    for (let i = 0; i < 100; i++) await api.sendMessage(user++, 'paid', { allow_paid_broadcast: true });
    const beyond = await failure(api.sendMessage(user, 'paid', { allow_paid_broadcast: true }));
    expect(beyond?.error_code).toBe(429);
    expect(beyond?.parameters.retry_after).toBe(1);
    // A second later the window is quiet: a free message goes, though 1,100 paid ones went in the last ten seconds.
    now += 1001;
    await api.sendMessage(user++, 'free');
    for (let i = 0; i < 29; i++) await api.sendMessage(user++, 'paid', { allow_paid_broadcast: true });
    expect((await failure(api.sendMessage(user++, 'free')))?.error_code).toBeUndefined();
    for (let i = 0; i < 3; i++) await api.sendMessage(user++, 'paid', { allow_paid_broadcast: true });
    expect((await failure(api.sendMessage(user, 'free')))?.error_code).toBe(429);
  });

  it('counts edits toward their chat, and not answers to button presses', async () => {
    await start();
    const eve = emulator.addUser({ id: 5, first_name: 'Eve' });
    const keyboard = { inline_keyboard: [[{ text: 'Next', callback_data: 'next' }]] };
    const sent = await api.sendMessage(5, 'page 1', { reply_markup: keyboard });
    for (let i = 0; i < 3; i++) {
      const query = emulator.pressButton(eve, emulator.sent(5)[0]!, 'next');
      await api.answerCallbackQuery(query);
      if (i < 2) await api.editMessageText(5, sent.message_id, `page ${i + 2}`, { reply_markup: keyboard });
      else expect((await failure(api.editMessageText(5, sent.message_id, 'page 4')))?.error_code).toBe(429);
    }
    now += 1000;
    await api.editMessageText(5, sent.message_id, 'page 4', { reply_markup: keyboard });
  });

  it('can be turned off, for tests about something else', async () => {
    await start({ limits: false });
    emulator.addUser({ id: 5, first_name: 'Eve' });
    for (let i = 0; i < 50; i++) await api.sendMessage(5, `m${i}`);
    expect(emulator.floodLimits).toBeNull();
  });
});

describe('the emulator refuses what Telegram refuses', () => {
  it('refuses to answer a button press or an inline query once it is too old', async () => {
    await start();
    const eve = emulator.addUser({ id: 5, first_name: 'Eve' });
    await api.sendMessage(5, 'pick', { reply_markup: { inline_keyboard: [[{ text: 'A', callback_data: 'a' }]] } });
    const message = emulator.sent(5)[0]!;
    const prompt = emulator.pressButton(eve, message, 'a');
    now += QUERY_TIMEOUT_MS - 1;
    await api.answerCallbackQuery(prompt, { text: 'ok' });
    const late = emulator.pressButton(eve, message, 'a');
    now += QUERY_TIMEOUT_MS + 1;
    const tooOld = await failure(api.answerCallbackQuery(late));
    expect(tooOld?.error_code).toBe(400);
    expect(tooOld?.description).toBe(
      'Bad Request: query is too old and response timeout expired or query ID is invalid',
    );
    const inline = emulator.inlineQuery(eve, 'oil');
    now += QUERY_TIMEOUT_MS + 1;
    expect((await failure(api.answerInlineQuery(inline, [])))?.description).toMatch(/query is too old/u);
    expect(emulator.inlineAnswer(inline)).toBeNull();
  });

  it('tells a bot about other members only where it is an administrator; the admin list to any member', async () => {
    await start();
    emulator.addUser({ id: 5, first_name: 'Eve' });
    emulator.addUser({ id: 6, first_name: 'Fay' });
    emulator.addGroup({ id: -100, title: 'Plain', members: { 5: 'administrator', 6: 'member' } });
    emulator.addGroup({
      id: -200,
      title: 'Run by the bot',
      members: { 5: 'creator', 6: 'member' },
      bot: 'administrator',
    });

    const refused = await failure(api.getChatMember(-100, 6));
    expect(refused?.error_code).toBe(400);
    expect(refused?.description).toBe('Bad Request: member list is inaccessible');
    expect((await api.getChatMember(-100, emulator.botUser.id)).status).toBe('member');
    const admins = await api.getChatAdministrators(-100);
    expect(admins.map((m) => [m.user.id, m.status])).toEqual([[5, 'administrator']]);

    expect((await api.getChatMember(-200, 6)).status).toBe('member');
    expect((await api.getChatAdministrators(-200)).map((m) => m.user.id).sort()).toEqual(
      [5, emulator.botUser.id].sort(),
    );
    // A person in their own private chat.
    expect((await api.getChatMember(5, 5)).status).toBe('member');
  });

  it('resolves @username to groups and channels, never to a person', async () => {
    await start();
    emulator.addUser({ id: 5, first_name: 'Eve', username: 'eve' });
    emulator.addChannel({ id: -1001, title: 'News', username: 'news', members: {} });
    expect((await api.getChat('@news')).id).toBe(-1001);
    const person = await failure(api.getChat('@eve'));
    expect(person?.error_code).toBe(400);
    expect(person?.description).toBe('Bad Request: chat not found');
    expect((await failure(api.sendMessage('@eve', 'hi')))?.description).toBe('Bad Request: chat not found');
  });

  it('sends chat_member updates only where the bot is an administrator, and only when asked for', async () => {
    await start();
    const eve = emulator.addUser({ id: 5, first_name: 'Eve' });
    emulator.addGroup({ id: -100, title: 'Plain', members: { 5: 'member' } });
    emulator.addGroup({ id: -200, title: 'Run by the bot', members: { 5: 'member' }, bot: 'administrator' });
    emulator.chatMember(-100, eve, { status: 'administrator' });
    emulator.chatMember(-200, eve, { status: 'administrator' });
    // Not asked for: the default update types leave chat_member out.
    expect(await api.getUpdates({ timeout: 0 })).toEqual([]);
    emulator.chatMember(-200, eve, { status: 'member' });
    const updates = await api.getUpdates({ timeout: 0, allowed_updates: ['message', 'chat_member'] });
    expect(updates.map((u) => [u.chat_member?.chat.id, u.chat_member?.new_chat_member.status])).toEqual([
      [-200, 'member'],
    ]);
  });
});
