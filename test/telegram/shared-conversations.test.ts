import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { PassThrough } from 'node:stream';
import type { Update } from 'grammy/types';
import { afterEach, describe, expect, it } from 'vitest';
import { guidedPostKey } from '../../adapters/telegram/guided-post.ts';
import { createTelegramAdapter, type TelegramAdapter } from '../../adapters/telegram/index.ts';
import { derivedWebhookSecret, SECRET_HEADER } from '../../adapters/telegram/webhook.ts';
import type { AdapterFactory } from '../../src/index.ts';
import { silentLogger } from '../../src/logger.ts';
import { openCore, startBot, type CoreHandle, type RunningBot } from '../../src/runtime.ts';
import { TelegramEmulator } from '../emulators/telegram/emulator.ts';
import { testConfig } from '../helpers/core.ts';
import { DIALECTS, type DialectName } from '../helpers/dialects.ts';
import { sharedSchema } from '../scale/helpers.ts';
import { ADMIN_USER } from './harness.ts';

/**
 * Issue 8: several `tagwire start --role bot` processes in webhook mode behind a load
 * balancer, on one database. Each "process" here is its own core over its own
 * connection and its own Telegram adapter with its own webhook server; the test plays
 * the load balancer and sends each update of one guided /post to the other process.
 */

const HOOK_URL = 'https://bot.example.com/telegram/hook';

interface Instance {
  handle: CoreHandle;
  bot: RunningBot;
  adapter: TelegramAdapter;
}

let cleanup: (() => Promise<void>)[] = [];
afterEach(async () => {
  for (const step of cleanup.reverse()) await step();
  cleanup = [];
});

/** Two cores on one database: a SQLite file, or a PostgreSQL schema. */
async function sharedDatabase(dialect: DialectName, env: Record<string, string>): Promise<CoreHandle[]> {
  if (dialect === 'postgres') {
    const shared = await sharedSchema(2, env);
    cleanup.push(() => shared.close());
    return shared.handles;
  }
  const dir = mkdtempSync(join(tmpdir(), 'tagwire-conversations-'));
  cleanup.push(async () => rmSync(dir, { recursive: true, force: true }));
  const config = testConfig({ ...env, DATABASE_URL: `sqlite:${join(dir, 'tagwire.db')}` });
  const handles = [await openCore(config, silentLogger), await openCore(config, silentLogger)];
  return handles;
}

async function startInstance(handle: CoreHandle): Promise<Instance> {
  let adapter: TelegramAdapter | null = null;
  const factory: AdapterFactory = {
    platform: 'telegram',
    isConfigured: () => true,
    create: (host) => (adapter = createTelegramAdapter(host, { webhookPort: 0, webhookHost: '127.0.0.1' })),
  };
  const bot = await startBot(
    handle,
    [factory],
    { input: new PassThrough(), output: new PassThrough() },
    { roles: ['bot'] },
  );
  cleanup.push(() => bot.stop());
  if (!adapter) throw new Error('the adapter was not created');
  return { handle, bot, adapter };
}

let nextUpdateId = 1;
function textUpdate(text: string): Update {
  const id = nextUpdateId++;
  const command = /^\/\w+/u.exec(text);
  return {
    update_id: id,
    message: {
      message_id: id,
      from: { ...ADMIN_USER, is_bot: false },
      chat: { id: ADMIN_USER.id, type: 'private', first_name: ADMIN_USER.first_name },
      date: Math.floor(Date.now() / 1000),
      text,
      ...(command ? { entities: [{ type: 'bot_command', offset: 0, length: command[0].length }] } : {}),
    },
  } as Update;
}

describe.each(DIALECTS)('a guided /post across bot processes on %s', (dialect) => {
  it('is begun through one process and finished through another', async () => {
    const emulator = await new TelegramEmulator().start();
    cleanup.push(() => emulator.stop());
    const admin = emulator.addUser(ADMIN_USER);
    const env = {
      TELEGRAM_BOT_TOKEN: emulator.token,
      TELEGRAM_API_ROOT: emulator.url,
      TELEGRAM_ADMIN_IDS: String(admin.id),
      TELEGRAM_WEBHOOK_URL: HOOK_URL,
    };
    const [first, second] = await sharedDatabase(dialect, env);
    if (!first || !second) throw new Error('two cores expected');
    const instances = [await startInstance(first), await startInstance(second)];
    const secret = derivedWebhookSecret(emulator.token);

    /** The load balancer: the update goes to the given process; returns the bot's answer. */
    async function via(instance: Instance, text: string): Promise<string> {
      const before = emulator.sent(admin.id).length;
      const address = instance.adapter.webhookAddress();
      if (!address) throw new Error('not in webhook mode');
      const res = await fetch(`http://127.0.0.1:${address.port}${new URL(HOOK_URL).pathname}`, {
        method: 'POST',
        headers: { 'content-type': 'application/json', [SECRET_HEADER]: secret },
        body: JSON.stringify(textUpdate(text)),
      });
      expect(res.status).toBe(200);
      return (await emulator.waitUntil(() => emulator.sent(admin.id)[before], `the answer to "${text}"`)).text;
    }
    const [a, b] = instances as [Instance, Instance];

    expect(await via(a, '/post')).toContain('Send its title');
    expect(await via(b, 'Begun on one process, finished <on> another')).toContain('Now its tags');
    expect(await via(a, '#Armenia #CSTO')).toContain('Now the text');
    const posted = await via(b, 'source: Example News\n\nThe body of the article.');
    expect(posted).toMatch(/^Posted \w{6}: Begun on one process, finished <on> another/u);
    expect(posted).toContain('Tags: #Armenia #CSTO');

    const articles = await first.storage.db.selectFrom('articles').select(['title', 'source', 'posted_by']).execute();
    expect(articles).toEqual([
      {
        title: 'Begun on one process, finished <on> another',
        source: 'Example News',
        posted_by: `telegram:${admin.id}`,
      },
    ]);
    const key = guidedPostKey(String(admin.id), String(admin.id));
    expect(await second.core.conversations.get(key)).toBeUndefined();
    // Plain text after the post is not an answer to anything, on either process.
    expect(await via(a, 'Stray text')).toContain('Commands start with "/"');

    // /cancel reaches a post begun elsewhere, and another command ends one.
    expect(await via(b, '/post')).toContain('Send its title');
    expect(await via(a, '/cancel')).toContain('Cancelled. Nothing was posted.');
    expect(await via(b, '/cancel')).toContain('There is nothing to cancel.');
    expect(await via(a, '/post')).toContain('Send its title');
    expect(await via(b, '/help')).toContain('/follow');
    expect(await via(a, 'Not a title any more')).toContain('Commands start with "/"');
    expect(await first.storage.db.selectFrom('articles').select('id').execute()).toHaveLength(1);
  });
});
