import { afterEach, describe, expect, it } from 'vitest';
import { createTelegramAdapter, type TelegramAdapter } from '../../adapters/telegram/index.ts';
import { derivedWebhookSecret } from '../../adapters/telegram/webhook.ts';
import type { AdapterFactory } from '../../src/index.ts';
import { startTelegramBot, type TelegramTestBot } from './harness.ts';

let t: TelegramTestBot;
afterEach(async () => {
  await t?.close();
});

const HOOK_URL = 'https://bot.example.com/telegram/hook';

/** The real adapter, its webhook server on a free local port instead of PORT. */
function webhookOnFreePort(): { factory: AdapterFactory; adapter: () => TelegramAdapter } {
  let created: TelegramAdapter | null = null;
  return {
    factory: {
      platform: 'telegram',
      isConfigured: (config) => config.telegram.token !== undefined,
      create: (host) => (created = createTelegramAdapter(host, { webhookPort: 0, webhookHost: '127.0.0.1' })),
    },
    adapter: () => {
      if (!created) throw new Error('adapter not created');
      return created;
    },
  };
}

function startUpdate(user: { id: number; first_name: string }, updateId: number) {
  return {
    update_id: updateId,
    message: {
      message_id: updateId,
      from: { ...user, is_bot: false },
      chat: { id: user.id, type: 'private', first_name: user.first_name },
      date: Math.floor(Date.now() / 1000),
      text: '/start',
      entities: [{ type: 'bot_command', offset: 0, length: 6 }],
    },
  };
}

async function post(url: string, body: unknown, secret?: string): Promise<number> {
  const res = await fetch(url, {
    method: 'POST',
    headers: {
      'content-type': 'application/json',
      ...(secret === undefined ? {} : { 'X-Telegram-Bot-Api-Secret-Token': secret }),
    },
    body: JSON.stringify(body),
  });
  await res.arrayBuffer();
  return res.status;
}

describe('Telegram webhook mode', () => {
  it('sets the webhook with its secret, and handles only updates that carry the secret', async () => {
    const hook = webhookOnFreePort();
    t = await startTelegramBot({
      factory: hook.factory,
      env: { TELEGRAM_WEBHOOK_URL: HOOK_URL, TELEGRAM_WEBHOOK_SECRET: 's3cret-Token_1' },
    });
    const { emulator, reader } = t;
    expect(emulator.world.webhook).toMatchObject({ url: HOOK_URL, secretToken: 's3cret-Token_1' });
    expect(emulator.world.webhook?.allowedUpdates).toEqual(
      expect.arrayContaining(['message', 'callback_query', 'inline_query', 'my_chat_member']),
    );
    expect(emulator.calls('getUpdates')).toHaveLength(0);
    expect(emulator.calls('deleteWebhook')).toHaveLength(0);

    const address = hook.adapter().webhookAddress();
    expect(address).not.toBeNull();
    const base = `http://127.0.0.1:${address?.port}`;
    const url = `${base}/telegram/hook`;

    expect(await post(url, startUpdate(reader, 1))).toBe(401);
    expect(await post(url, startUpdate(reader, 2), 'wrong-secret')).toBe(401);
    expect(await post(`${base}/elsewhere`, startUpdate(reader, 3), 's3cret-Token_1')).toBe(404);
    expect(await post(url, { not: 'an update' }, 's3cret-Token_1')).toBe(400);
    expect(emulator.calls('sendMessage')).toHaveLength(0);

    expect(await post(url, startUpdate(reader, 4), 's3cret-Token_1')).toBe(200);
    const welcome = await emulator.waitForMessage((m) => m.chatId === reader.id, 'the answer to /start');
    expect(welcome.text).toContain('Welcome to tagwire');
    expect(emulator.sent()).toHaveLength(1);
    expect((await fetch(`${base}/healthz`)).status).toBe(200);
  });

  it('derives a secret from the token when none is configured', async () => {
    const hook = webhookOnFreePort();
    t = await startTelegramBot({ factory: hook.factory, env: { TELEGRAM_WEBHOOK_URL: HOOK_URL } });
    const secret = t.emulator.world.webhook?.secretToken;
    expect(secret).toBe(derivedWebhookSecret(t.emulator.token));
    expect(secret).toMatch(/^[A-Za-z0-9_-]{20,256}$/u);
    const url = `http://127.0.0.1:${hook.adapter().webhookAddress()?.port}/telegram/hook`;
    expect(await post(url, startUpdate(t.reader, 1))).toBe(401);
    expect(await post(url, startUpdate(t.reader, 2), secret)).toBe(200);
    await t.emulator.waitForMessage((m) => m.chatId === t.reader.id, 'the answer to /start');
  });
});
