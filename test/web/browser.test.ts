import { existsSync, mkdirSync, readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { join } from 'node:path';
import { chromium, type Browser, type Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Api } from 'grammy';
import { createTelegramSender } from '../../adapters/telegram/sender.ts';
import { postArticle } from '../../src/app/articles.ts';
import { limitsFor } from '../../src/delivery/limits.ts';
import type { DeliveryWorker } from '../../src/delivery/worker.ts';
import { testWorker } from '../delivery/worker-helpers.ts';
import { TelegramEmulator } from '../emulators/telegram/emulator.ts';
import type { CoreHandle } from '../../src/runtime.ts';
import { SESSION_TTL_MS } from '../../src/web/auth.tsx';
import { FakeClock, waitFor } from '../helpers/core.ts';
import { openDialectCore } from '../helpers/dialects.ts';
import { telegramUser } from '../helpers/reply.ts';
import { rssWith, SourceServer } from '../feeds/helpers/source-server.ts';
import { ROOT } from '../helpers/cli.ts';
import { linkPath, startNewsroom, WEB_ENV, type TestHttp } from './helpers.ts';

/**
 * The newsroom in a real browser: Debian's Chromium (apt-get install -y chromium; .ci/run
 * installs it) driven by playwright-core, headless. Accessibility is checked with axe-core
 * on every main page. TAGWIRE_SCREENSHOTS=DIR also saves screenshots of the main pages
 * there (docs/images/newsroom holds the ones the manual shows).
 */
const CHROMIUM = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';
const HAVE_CHROMIUM = existsSync(CHROMIUM);
const SCREENSHOTS = process.env.TAGWIRE_SCREENSHOTS;
const AXE = readFileSync(createRequire(import.meta.url).resolve('axe-core/axe.min.js'), 'utf8');

if (!HAVE_CHROMIUM)
  console.warn(`browser tests skipped: no Chromium at ${CHROMIUM} (install it: apt-get install -y chromium)`);

interface AxeViolation {
  id: string;
  impact: string | null;
  help: string;
  nodes: { target: string[] }[];
}

describe.skipIf(!HAVE_CHROMIUM)('the newsroom in Chromium', () => {
  let handle: CoreHandle;
  let http: TestHttp;
  let clock: FakeClock;
  let browser: Browser;
  let telegram: TelegramEmulator;
  let worker: DeliveryWorker;

  beforeAll(async () => {
    clock = new FakeClock(Date.now());
    handle = await openDialectCore('sqlite', WEB_ENV, clock);
    http = await startNewsroom(handle);
    // Deliveries go out through the Telegram emulator, to the two readers below.
    telegram = await new TelegramEmulator().start();
    for (const id of [5, 6]) telegram.addUser({ id, first_name: `Reader ${id}` });
    // At Telegram's pace: the emulator refuses a chat's second message within a second.
    const sender = createTelegramSender(new Api(telegram.token, { apiRoot: telegram.url }));
    worker = testWorker(handle, [sender], limitsFor('telegram', handle.deps.config), 'real');
    browser = await chromium.launch({
      executablePath: CHROMIUM,
      headless: true,
      args: ['--no-sandbox', '--disable-background-networking', '--disable-component-update', '--no-first-run'],
    });
    await handle.core.handleCommand(telegramUser('5'), '/follow Armenia');
    await handle.core.handleCommand(telegramUser('6'), '/follow CSTO');
    for (let i = 0; i < 3; i++)
      await postArticle(
        handle.deps,
        { title: `Earlier news ${i}`, tags: ['CSTO'], body: 'The CSTO met again. Nothing was decided.' },
        { postedBy: 'test', notify: true },
      );
    const [row] = await handle.deps.stores.outbox.list({ limit: 1 });
    await handle.deps.stores.outbox.markFailed(
      row?.id ?? 0,
      'Forbidden: bot was blocked by the user',
      clock.now().getTime(),
    );
  }, 60_000);

  afterAll(async () => {
    await telegram?.stop();
    await browser?.close();
    await http?.close();
    await handle?.close();
  });

  /** axe-core in the page (evaluated over the DevTools protocol, so the page's CSP still stands). */
  async function accessibilityProblems(page: Page): Promise<string[]> {
    await page.evaluate(AXE);
    const violations = await page.evaluate(async () => {
      const axe = (globalThis as unknown as { axe: { run(): Promise<{ violations: AxeViolation[] }> } }).axe;
      return (await axe.run()).violations;
    });
    return violations.map(
      (v) => `${v.id} (${v.impact}): ${v.help} at ${v.nodes.map((n) => n.target.join(' ')).join(', ')}`,
    );
  }

  async function check(page: Page, name: string): Promise<void> {
    expect(await accessibilityProblems(page), `axe on ${name}`).toEqual([]);
    if (SCREENSHOTS) {
      mkdirSync(join(ROOT, SCREENSHOTS), { recursive: true });
      await page.screenshot({ path: join(ROOT, SCREENSHOTS, `${name}.png`), fullPage: true });
    }
  }

  async function signedIn(): Promise<Page> {
    const context = await browser.newContext({ viewport: { width: 1200, height: 800 } });
    const page = await context.newPage();
    await page.goto(http.url(await linkPath(handle)));
    await page.getByRole('button', { name: 'Sign in' }).click();
    await page.waitForURL('**/admin/compose');
    return page;
  }

  it('signs in with a link, composes with a live preview, posts, and finds the article delivered', async () => {
    const context = await browser.newContext({ viewport: { width: 1200, height: 800 } });
    const page = await context.newPage();
    await page.goto(http.url('/admin/login'));
    await check(page, 'signin');
    const link = await linkPath(handle);
    await page.goto(http.url(link));
    await page.getByRole('button', { name: 'Sign in' }).click();
    await page.waitForURL('**/admin/compose');
    await expect(page.getByRole('heading', { level: 1 })).toBeTruthy();

    await page.getByLabel('Title').fill('Armenia freezes its CSTO participation <b>now</b>');
    await page.getByLabel('Tags').fill('Armenia, CSTO');
    await page.getByLabel('Body').fill('Armenia has frozen its participation in the Russian-led bloc.');
    // The script's live preview: the server counts both followers.
    await page.locator('#preview .reach').getByText('It will reach 2 chats now.').waitFor({ timeout: 5_000 });
    await check(page, 'compose');
    await page.getByRole('button', { name: 'Post' }).click();
    await page.waitForURL(/\/admin\/articles\/\w{6}\?posted=2$/u);
    expect(await page.getByRole('heading', { level: 1 }).textContent()).toBe(
      'Armenia freezes its CSTO participation <b>now</b>',
    );
    expect(await page.getByRole('status').first().textContent()).toContain('Posted. It reaches 2 chats.');
    expect(await page.locator('table').textContent()).toContain('telegram:5');
    // The worker delivers it through the Telegram emulator; the article's page says so.
    const publicId = /articles\/(\w{6})/u.exec(page.url())?.[1] ?? '';
    const articleId = (await handle.deps.stores.articles.byPublicId(publicId))?.id ?? 0;
    worker.start();
    try {
      const title = 'Armenia freezes its CSTO participation <b>now</b>';
      await waitFor(
        () => {
          // The core's clock is the test's: it moves as time passes, so paced rows fall due.
          clock.advance(100);
          return [5, 6].every((chat) => telegram.sent(chat).some((m) => m.text.includes(title)));
        },
        'the card in both chats',
        20_000,
      );
      await waitFor(
        async () => (await handle.deps.stores.newsroom.articleDeliveryCounts(articleId)).sent === 2,
        'both deliveries marked sent',
      );
    } finally {
      await worker.stop();
    }
    await page.reload();
    expect(await page.locator('main').textContent()).toMatch(/2 sent/u);
    await check(page, 'article');

    // A correction from the article's page: the form is the compose form, prefilled.
    await page.getByRole('link', { name: 'Edit', exact: true }).click();
    await page.waitForURL(/\/admin\/articles\/\w{6}\/edit$/u);
    expect(await page.getByLabel('Title').inputValue()).toBe('Armenia freezes its CSTO participation <b>now</b>');
    await check(page, 'edit');
    await page.getByLabel('Title').fill('Armenia freezes its CSTO participation');
    await page.getByRole('button', { name: 'Save the correction' }).click();
    await page.waitForURL(/\/admin\/articles\/\w{6}\?edited=2$/u);
    expect(await page.getByRole('heading', { level: 1 }).textContent()).toBe('Armenia freezes its CSTO participation');
    expect(await page.getByRole('status').first().textContent()).toContain('Its 2 delivered cards are being edited.');

    await page.getByRole('link', { name: 'Archive' }).click();
    await page.waitForURL('**/admin/archive');
    await page.getByLabel('Search the archive').fill('armenia');
    await page.getByRole('button', { name: 'Search' }).click();
    await page.waitForURL('**/admin/archive?q=armenia');
    expect(await page.locator('.article-line').count()).toBe(1);
    await check(page, 'archive');

    await page.getByRole('link', { name: 'Deliveries' }).click();
    await page.waitForURL('**/admin/deliveries');
    expect(await page.locator('svg[role="img"] rect').count()).toBeGreaterThan(0);
    expect(await page.locator('svg title#chart-title').textContent()).toMatch(/enqueued 5, sent 4, failed 1/u);
    await check(page, 'deliveries');
    await page.getByRole('button', { name: 'Retry failed' }).click();
    await page.waitForURL('**/admin/deliveries/retry');
    expect(await page.getByRole('status').textContent()).toContain('Requeued 1 failed deliveries.');

    for (const [name, path] of [
      ['Chats', 'chats'],
      ['Tags', 'tags'],
      ['Feeds', 'feeds'],
      ['Audit log', 'audit'],
    ] as const) {
      await page.getByRole('link', { name, exact: true }).click();
      await page.waitForURL(`**/admin/${path}`);
      await check(page, name.toLowerCase().replace(' ', '-'));
    }
    expect(await page.locator('table').textContent()).toContain('post');

    await page.getByRole('button', { name: 'Sign out' }).click();
    await page.waitForURL('**/admin/login?m=out');
    await page.goto(http.url('/admin/archive'));
    expect(new URL(page.url()).pathname).toBe('/admin/login');

    // The same link a second time.
    await page.goto(http.url(link));
    await page.getByRole('button', { name: 'Sign in' }).click();
    expect(await page.getByRole('alert').textContent()).toContain('used already or has expired');
  }, 90_000);

  it('edits a tag after showing what will change', async () => {
    const page = await signedIn();
    await page.getByRole('link', { name: 'Tags', exact: true }).click();
    await page.waitForURL('**/admin/tags');
    await page.locator('#rename-from').fill('CSTO');
    await page.locator('#rename-to').fill('ODKB');
    await page.getByRole('button', { name: 'Show what changes' }).first().click();
    await page.waitForURL('**/admin/tags/rename');
    expect(await page.locator('.plan').textContent()).toContain('#CSTO will be spelled #ODKB everywhere.');
    await page.getByRole('button', { name: 'Rename it' }).click();
    await page.locator('.notice-ok').waitFor();
    expect(await page.getByRole('status').textContent()).toContain('#ODKB');
    expect((await handle.deps.stores.tags.find('csto'))?.name).toBe('ODKB');
    await page.context().close();
  });

  it('imports an OPML file chosen in the file picker, and exports the feeds', async () => {
    const server = await new SourceServer().start();
    try {
      const url = server.serve('/wire', { body: rssWith([{ title: 'Wire', guid: 'w', link: 'https://w.example/1' }]) });
      const page = await signedIn();
      await page.getByRole('link', { name: 'Feeds', exact: true }).click();
      await page.waitForURL('**/admin/feeds');
      const opml = `<opml version="2.0"><body><outline text="CSTO"><outline text="Wire" xmlUrl="${url}"/></outline></body></opml>`;
      await page.getByLabel(/An OPML file/u).setInputFiles({
        name: 'reader.opml',
        mimeType: 'text/x-opml',
        buffer: Buffer.from(opml),
      });
      await page.getByRole('button', { name: 'Import' }).click();
      await page.locator('.notice-ok').waitFor();
      expect(await page.getByRole('status').textContent()).toContain('Imported 1 of 1 feeds.');
      expect(await page.locator('ul.feeds').textContent()).toContain('Tags: CSTO');
      const download = page.waitForEvent('download');
      await page.getByRole('link', { name: 'Export these feeds as OPML' }).click();
      expect((await download).suggestedFilename()).toBe('tagwire-feeds.opml');
      await page.context().close();
    } finally {
      await server.stop();
    }
  });

  it('enforces the Content-Security-Policy: an injected inline script does not run', async () => {
    const page = await signedIn();
    const errors: string[] = [];
    page.on('console', (m) => errors.push(m.text()));
    await page.addScriptTag({ content: 'document.body.dataset.injected = "yes"' }).catch(() => undefined);
    expect(await page.evaluate('document.body.dataset.injected ?? "no"')).toBe('no');
    await page.context().close();
  });

  it('refuses a forged CSRF token and an expired session', async () => {
    const page = await signedIn();
    await page.getByRole('link', { name: 'Deliveries' }).click();
    await page.waitForURL('**/admin/deliveries');
    await page.locator('form.retry input[name="_csrf"]').evaluate((input) => {
      (input as { value: string }).value = 'forged';
    });
    await page.getByRole('button', { name: 'Retry failed' }).click();
    expect(await page.getByRole('alert').textContent()).toContain('security token');

    clock.advance(SESSION_TTL_MS + 1000);
    await page.goto(http.url('/admin/deliveries'));
    expect(new URL(page.url()).pathname).toBe('/admin/login');
    expect(await page.getByRole('status').textContent()).toContain('Your session has ended');
    await page.context().close();
  });

  it('refuses a reader who is not a bot admin, and works on a phone-sized screen', async () => {
    const context = await browser.newContext({ viewport: { width: 390, height: 800 } });
    const page = await context.newPage();
    await page.goto(http.url(await linkPath(handle, { platform: 'telegram', id: '8' })));
    await page.getByRole('button', { name: 'Sign in' }).click();
    expect(await page.getByRole('alert').textContent()).toContain('Only the bot admins');
    await context.close();

    const phone = await browser.newContext({ viewport: { width: 390, height: 800 }, isMobile: true });
    const mobile = await phone.newPage();
    await mobile.goto(http.url(await linkPath(handle)));
    await mobile.getByRole('button', { name: 'Sign in' }).click();
    await mobile.waitForURL('**/admin/compose');
    const width = await mobile.evaluate('document.documentElement.scrollWidth');
    expect(width).toBeLessThanOrEqual(390);
    await check(mobile, 'compose-phone');
    await phone.close();
  });
});
