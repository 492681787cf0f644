import { translator } from '../../src/i18n/index.ts';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { feedCommands } from '../../src/commands/handlers/feeds.ts';
import type { CommandRun } from '../../src/commands/spec.ts';
import type { Reply } from '../../src/domain/reply.ts';
import { NOTE_AFTER_FAILURES } from '../../src/feeds/poll.ts';
import type { CoreHandle } from '../../src/runtime.ts';
import { FakeClock } from '../helpers/core.ts';
import { DIALECTS, openDialectCore } from '../helpers/dialects.ts';
import { consoleCtx, replyText, telegramUser } from '../helpers/reply.ts';
import { fixture, SourceServer } from './helpers/source-server.ts';

describe.each(DIALECTS)('on %s', (dialect) => {
  let handle: CoreHandle;
  let server: SourceServer;
  let clock: FakeClock;

  beforeEach(async () => {
    clock = new FakeClock();
    handle = await openDialectCore(dialect, { TELEGRAM_ADMIN_IDS: '1', FEED_TIMEOUT_MS: '2000' }, clock);
    server = await new SourceServer().start();
  });
  afterEach(async () => {
    await server.stop();
    await handle.close();
  });

  const feedSpec = feedCommands.find((s) => s.name === 'feed');

  /** Runs /feed as the router would for an admin (the router checks `access`). */
  async function feed(args: string): Promise<Reply> {
    if (!feedSpec) throw new Error('no /feed command');
    const run: CommandRun = {
      deps: handle.deps,
      ctx: consoleCtx,
      args,
      offset: 0,
      buttonData: async (text) => text,
      locale: 'en',
      t: translator('en'),
    };
    return feedSpec.run(run);
  }

  describe('/feed', () => {
    it('is one admin command with usage for each action', async () => {
      expect(feedCommands.map((c) => [c.name, c.access])).toEqual([['feed', 'admin']]);
      const usage = replyText(await feed(''));
      for (const action of ['/feed add URL [TAGS]', '/feed list', '/feed remove ID', '/feed poll [ID]'])
        expect(usage).toContain(action);
      const wrong = await feed('frobnicate');
      expect(wrong.status).toBe('error');
      expect(replyText(wrong)).toMatch(/"frobnicate" is not something \/feed does/);
    });

    it('adds a feed with tags and auto-tagging, lists it, and removes it', async () => {
      const url = server.serve('/rss.xml', { body: fixture('rss.xml') });
      const added = await feed(`add --auto-tag ${url} Caucasus, South Caucasus`);
      const text = replyText(added);
      expect(text).toMatch(/^Added feed #1: Caucasus Wire\./);
      expect(text).toContain('Its 3 current entries are in the archive, without notifying anyone');
      expect(text).toContain('Every entry gets #Caucasus #South_Caucasus, plus its own categories.');
      expect(text).toContain('Auto-tagging is on');
      expect(added.buttons.flat()[0]).toEqual({ label: 'Feed list', data: '/feed list' });

      const list = replyText(await feed('list'));
      expect(list).toContain(`#1 Caucasus Wire — ${url}`);
      expect(list).toContain('tags #Caucasus #South_Caucasus · auto-tag on');
      expect(list).toMatch(/OK, last polled 2024-05-01 12:00 UTC: 3 new/);

      expect(replyText(await feed('remove #1'))).toBe(
        'Removed feed #1: Caucasus Wire. Its articles stay in the archive.',
      );
      expect(replyText(await feed('list'))).toMatch(/^No feeds yet/);
      expect(await handle.deps.stores.articles.count()).toBe(3);
    });

    it('explains bad input instead of failing', async () => {
      await expect(feed('add')).rejects.toThrow('Which feed? Give its address, then any tags for its entries.');
      await expect(feed('add notaurl')).rejects.toThrow(/"notaurl" is not a web address/);
      await expect(feed('remove')).rejects.toThrow(/Which feed\?/);
      await expect(feed('remove abc')).rejects.toThrow(/"abc" is not a feed number/);
      await expect(feed('remove 42')).rejects.toThrow('There is no feed #42.');
      await expect(feed(`add ${server.url('/nothing')}`)).rejects.toThrow(
        'Nothing was added. The server answered 404 Not Found.',
      );
    });

    it('polls on demand and shows the admins a note when a feed keeps failing', async () => {
      const url = server.serve('/rss.xml', { body: fixture('rss.xml') });
      await feed(`add ${url} Caucasus`);
      server.serve('/rss.xml', { body: fixture('malformed.xml') });
      for (let i = 0; i < NOTE_AFTER_FAILURES; i++) {
        const polled = replyText(await feed('poll 1'));
        expect(polled).toMatch(/#1 .*: failed\. It is not a feed I can read: the XML is cut off or malformed/);
      }
      const list = replyText(await feed('list'));
      expect(list).toContain('1 keep failing, see the notes.');
      expect(list).toMatch(new RegExp(`FAILING \\(${NOTE_AFTER_FAILURES} in a row\\)`));
      expect(list).toMatch(new RegExp(`Note for admins: Failed ${NOTE_AFTER_FAILURES} polls in a row`));
    });
  });

  describe('/feed in Russian and Armenian', () => {
    const run = (text: string) => handle.core.handleCommand(consoleCtx, text);

    it("answers in the chat's language: replies, the button, status lines and errors", async () => {
      const url = server.serve('/rss.xml', { body: fixture('rss.xml') });
      await run('/language ru');
      const added = await run(`/feed add ${url} Caucasus`);
      const text = replyText(added);
      expect(text).toMatch(/^Добавлена лента #1: Caucasus Wire\./u);
      expect(text).toContain('3 текущие записи ленты сохранены в архиве без уведомлений');
      expect(text).toContain('Каждая запись получает #Caucasus, а также собственные категории.');
      expect(added.buttons.flat()[0]).toEqual({ label: 'Список лент', data: '/feed list' });

      const list = await run('/feed list');
      expect(list.heading).toBe('Ленты');
      expect(replyText(list)).toContain(`Ленты (1)\n#1 Caucasus Wire — ${url}\nтеги #Caucasus\n`);
      expect(replyText(list)).toContain('OK, последний опрос 2024-05-01 12:00 UTC: 3 новые записи');
      expect(replyText(await run('/feed poll 1'))).toMatch(/^Опрошено сейчас\n#1 \S+: 0 новых записей, .*доставок\.$/u);

      const usage = await run('/feed frobnicate');
      expect(usage.status).toBe('error');
      expect(replyText(usage)).toContain('«frobnicate» — такого действия у /feed нет.');
      expect(replyText(usage)).toContain('/feed remove ID — перестать опрашивать ленту (её статьи остаются)');
      expect(replyText(await run('/feed remove abc'))).toMatch(/«abc» — не номер ленты/u);
      expect(replyText(await run('/feed remove 42'))).toMatch(/^Ленты #42 нет\./u);
      expect(replyText(await run('/feed add'))).toMatch(/^Какая лента\? Укажите её адрес, а после него — теги/u);

      await run('/language hy');
      server.serve('/rss.xml', { body: fixture('malformed.xml') });
      // The poll's own reason is recorded (and shown) as the fetcher wrote it, in English.
      expect(replyText(await run('/feed poll 1'))).toMatch(/^Ստուգվեց հիմա\n#1 \S+ — ձախողվեց։ It is not a feed/u);
      expect(replyText(await run('/feed add notaurl'))).toMatch(/^«notaurl»-ը վեբ հասցե չէ/u);
      expect(replyText(await run('/feed remove #1'))).toBe(
        '#1 հոսքը հեռացվեց՝ Caucasus Wire։ Դրա հոդվածները մնում են արխիվում։',
      );
      expect(replyText(await run('/feed list'))).toMatch(/^Հոսքեր դեռ չկան։ Ավելացրեք մեկը՝/u);
      // Removed, the feed's articles stay.
      expect(await handle.deps.stores.articles.count()).toBe(3);
    });

    it("keeps a feed's title as plain text inside a translated sentence", async () => {
      const url = server.serve('/marked.xml', {
        body:
          '<?xml version="1.0"?><rss version="2.0"><channel><title>The **Wire** `x`</title>' +
          '<item><title>One item</title><link>https://example.com/one</link><category>Caucasus</category></item>' +
          '</channel></rss>',
      });
      await run('/language ru');
      const added = await run(`/feed add ${url}`);
      const first = added.blocks[0];
      expect(first?.kind === 'paragraph' ? first.spans : []).toEqual([
        { text: 'Добавлена лента ' },
        { text: '#1', code: true },
        { text: ': ' },
        { text: 'The **Wire** `x`' },
        { text: '.' },
      ]);
    });
  });

  describe('/post URL', () => {
    const run = (text: string, ctx = consoleCtx) => handle.core.handleCommand(ctx, text);

    it('previews the page, and "Post it" posts it through /post', async () => {
      await run('/follow CSTO', telegramUser('5'));
      const pageUrl = server.serve('/news/armenia-csto', {
        body: fixture('page.html'),
        type: 'text/html; charset=utf-8',
      });
      const preview = await run(`/post ${pageUrl}`);
      const text = replyText(preview);
      expect(preview.status).toBe('ok');
      expect(text).toMatch(/^Preview — nothing is posted yet\./);
      expect(text).toContain('Armenia freezes its CSTO participation');
      expect(text).toContain('2024-02-23 · Example News');
      expect(text).toContain('Tags: #Armenia #CSTO #Russia #security #Pashinyan.');
      expect(text).not.toContain('newsletter');
      expect(await handle.deps.stores.articles.count()).toBe(0);

      const button = preview.buttons.flat().find((b) => b.label === 'Post it');
      expect(button?.data).toMatch(/^#\d+$/);
      const posted = await handle.core.pressButton(consoleCtx, button?.data ?? '');
      expect(replyText(posted)).toMatch(/^Posted \w{6}: Armenia freezes its CSTO participation/);
      expect(replyText(posted)).toContain('It reaches 1 subscriber.');
      const row = await handle.deps.stores.articles.byUrl(pageUrl);
      expect(row).toMatchObject({ source: 'Example News', posted_by: 'console:local' });
      expect(new Date(Number(row?.published_at)).toISOString()).toBe('2024-02-23T10:15:00.000Z');
      expect(row?.body).toMatch(
        /^Armenia has frozen its participation .* on Thursday\.\n\nThe move follows months of tension .* in 2022\.$/,
      );

      const again = await handle.core.pressButton(consoleCtx, button?.data ?? '');
      expect(replyText(again)).toMatch(/already in the archive/);
      const previewAgain = await run(`/post ${pageUrl}`);
      expect(replyText(previewAgain)).toMatch(/^This page is already in the archive as \w{6}\./);
      expect(previewAgain.buttons.flat().map((b) => b.label)).toEqual(['View it']);
      // The same page under another spelling of its address (case, a fragment) is the same article.
      const respelled = pageUrl.replace('http://', 'HTTP://') + '#comments';
      expect(replyText(await run(`/post ${respelled}`))).toMatch(/^This page is already in the archive as \w{6}\./);
    });

    it("posts the page's picture (og:image, resolved against the page) with the article", async () => {
      const pageUrl = server.serve('/news/pictured', {
        body: fixture('page.html').replace(
          '<meta property="og:site_name"',
          '<meta property="og:image" content="../images/csto.jpg"><meta property="og:site_name"',
        ),
        type: 'text/html; charset=utf-8',
      });
      const preview = await run(`/post ${pageUrl} CSTO`);
      expect(preview.status).toBe('ok');
      const button = preview.buttons.flat().find((b) => b.label === 'Post it');
      const posted = await handle.core.pressButton(consoleCtx, button?.data ?? '');
      expect(replyText(posted)).toMatch(/^Posted \w{6}: /);
      // The page names its canonical address; the picture resolves against where it was fetched.
      const row = await handle.deps.stores.articles.byUrl(server.url('/news/armenia-csto'));
      expect(row?.image_url).toBe(server.url('/images/csto.jpg'));
    });

    it('posts exactly what the preview showed: hashtags ending the page text stay text, not tags', async () => {
      const page = (keywords: string) =>
        `<html><head><title>Hashtag ending</title>${keywords}</head><body><article>` +
        '<p>This page has an article text that is long enough to be picked as the main text.</p>' +
        '<p>#Armenia #Breaking</p></article></body></html>';
      const tagged = server.serve('/hashtags', {
        body: page('<meta name="keywords" content="CSTO">'),
        type: 'text/html',
      });
      const preview = await run(`/post ${tagged}`);
      expect(replyText(preview)).toContain('Tags: #CSTO.');
      const posted = await handle.core.pressButton(consoleCtx, preview.buttons.flat()[0]?.data ?? '');
      expect(replyText(posted)).toContain('Tags: #CSTO.');
      const row = await handle.deps.stores.articles.byUrl(tagged);
      const [view] = await handle.deps.stores.articles.views([row!]);
      expect(view?.tags).toEqual(['CSTO']);
      expect(row?.body).toBe(
        'This page has an article text that is long enough to be picked as the main text.\n\n#Armenia #Breaking',
      );

      // No tag of the preview can be written as a hashtag ("C#"): still no extra tags.
      const untagged = server.serve('/hashtags-untagged', { body: page(''), type: 'text/html' });
      const typed = await run(`/post ${untagged} C#`);
      expect(replyText(typed)).toContain('Tags: #C#.');
      await handle.core.pressButton(consoleCtx, typed.buttons.flat()[0]?.data ?? '');
      const [typedView] = await handle.deps.stores.articles.views([
        (await handle.deps.stores.articles.byUrl(untagged))!,
      ]);
      expect(typedView?.tags).toEqual(['C#']);
      expect((await handle.deps.stores.articles.byUrl(untagged))?.body).toContain('#Armenia #Breaking');
    });

    it('asks for tags when the page names none, and takes them after the address', async () => {
      const pageUrl = server.serve('/quiet', { body: fixture('page-untagged.html'), type: 'text/html' });
      const untagged = await run(`/post ${pageUrl}`);
      expect(replyText(untagged)).toContain('The page names no keywords, and an article needs at least one tag.');
      expect(untagged.buttons).toEqual([]);
      const tagged = await run(`/post ${pageUrl} Armenia, Quiet news`);
      expect(replyText(tagged)).toContain('Tags: #Armenia #Quiet_news.');
      const posted = await handle.core.pressButton(consoleCtx, tagged.buttons.flat()[0]?.data ?? '');
      expect(posted.status).toBe('ok');
      const [view] = await handle.deps.stores.articles.views([(await handle.deps.stores.articles.byUrl(pageUrl))!]);
      expect(view).toMatchObject({ title: 'A quiet page', tags: ['Armenia', 'Quiet news'], publishedAt: null });
    });

    it('says what went wrong with the page, and is for admins only', async () => {
      const missing = await run(`/post ${server.url('/missing')}`);
      expect(missing.status).toBe('error');
      expect(replyText(missing)).toBe(`Could not read ${server.url('/missing')}: The server answered 404 Not Found.`);
      const image = server.serve('/x.png', { body: 'PNG', type: 'image/png' });
      expect(replyText(await run(`/post ${image}`))).toMatch(/is not a web page \(image\/png\)/);
      const refused = await run(`/post ${server.url('/quiet')}`, telegramUser('99'));
      expect(refused.status).toBe('refused');
      expect(server.requestsTo('/quiet')).toHaveLength(0);
    });

    it('still takes the one-message form', async () => {
      const reply = await run('/post A typed article\ntags: Armenia\nurl: https://example.com/typed');
      expect(replyText(reply)).toMatch(/^Posted \w{6}: A typed article/);
    });
  });
});
