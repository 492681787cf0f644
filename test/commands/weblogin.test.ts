import { afterEach, describe, expect, it } from 'vitest';
import { main } from '../../src/cli.ts';
import { LOGIN_LINK_TTL_MS } from '../../src/commands/handlers/weblogin.ts';
import type { CoreHandle } from '../../src/runtime.ts';
import { captureIO, tempWorkspace } from '../helpers/cli.ts';
import { openTestCore } from '../helpers/core.ts';
import { consoleCtx, replyText, telegramGroup, telegramUser } from '../helpers/reply.ts';

const ON = { HTTP_PORT: '18080', INGEST_TOKEN: 'test-ingest-token-0123456789', TELEGRAM_ADMIN_IDS: '7' };

describe('/weblogin', () => {
  let handle: CoreHandle;
  afterEach(async () => {
    await handle.close();
  });

  it('answers a bot admin in a private chat with a one-time link valid for 10 minutes', async () => {
    handle = await openTestCore({ ...ON, WEB_URL: 'https://news.example.com/' });
    const reply = await handle.core.handleCommand(telegramUser('7'), '/weblogin');
    expect(reply.status).toBe('ok');
    const text = replyText(reply);
    expect(text).toMatch(/https:\/\/news\.example\.com\/admin\/login\?token=[\w-]{43}/u);
    expect(text).toContain(`valid for ${LOGIN_LINK_TTL_MS / 60_000} minutes`);
    // The console's user is a bot admin too.
    expect((await handle.core.handleCommand(consoleCtx, '/weblogin')).status).toBe('ok');
  });

  it('defaults the link to localhost and HTTP_PORT, and speaks the chat language', async () => {
    handle = await openTestCore(ON);
    await handle.core.handleCommand(telegramUser('7'), '/language ru');
    const text = replyText(await handle.core.handleCommand(telegramUser('7'), '/weblogin'));
    expect(text).toContain('http://localhost:18080/admin/login?token=');
    expect(text).toContain('Ваша ссылка для входа');
  });

  it('refuses a group, a reader who is not a bot admin, and a server without the newsroom', async () => {
    handle = await openTestCore(ON);
    const group = await handle.core.handleCommand(telegramGroup('-100', '7', true), '/weblogin');
    expect(group.status).toBe('refused');
    expect(replyText(group)).toContain('private chat');
    expect((await handle.core.handleCommand(telegramUser('8'), '/weblogin')).status).toBe('refused');
    await handle.close();
    handle = await openTestCore({ TELEGRAM_ADMIN_IDS: '7' });
    const off = await handle.core.handleCommand(telegramUser('7'), '/weblogin');
    expect(off.status).toBe('refused');
    expect(replyText(off)).toContain('HTTP_PORT');
    expect(handle.core.commands.find((c) => c.name === 'weblogin')?.access).toBe('admin');
  });
});

describe('tagwire admin-link', () => {
  it('prints a link, or says the newsroom is off', async () => {
    const workspace = tempWorkspace();
    try {
      const on = captureIO({ DATABASE_URL: workspace.dbUrl, ...ON, WEB_URL: 'http://127.0.0.1:9' });
      expect(await main(['admin-link', '--name', 'Ops', '--json'], [], on.io)).toBe(0);
      const link = JSON.parse(on.out()) as { url: string; expiresAt: string };
      expect(link.url).toMatch(/^http:\/\/127\.0\.0\.1:9\/admin\/login\?token=[\w-]{43}$/u);
      expect(Date.parse(link.expiresAt)).toBeGreaterThan(Date.now());

      const off = captureIO({ DATABASE_URL: workspace.dbUrl });
      expect(await main(['admin-link'], [], off.io)).toBe(2);
      expect(off.err()).toContain('The newsroom is off');

      const usage = captureIO({ DATABASE_URL: workspace.dbUrl, ...ON });
      expect(await main(['admin-link', 'extra'], [], usage.io)).toBe(2);
      const help = captureIO({});
      expect(await main(['admin-link', '--help'], [], help.io)).toBe(0);
      expect(help.out()).toContain('Usage: tagwire admin-link');
    } finally {
      workspace.remove();
    }
  });
});
