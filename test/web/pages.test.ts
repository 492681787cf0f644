import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { postArticle } from '../../src/app/articles.ts';
import type { CoreHandle } from '../../src/runtime.ts';
import { FakeClock } from '../helpers/core.ts';
import { DIALECTS, openDialectCore } from '../helpers/dialects.ts';
import { telegramUser } from '../helpers/reply.ts';
import { correctionRows, postDeliveredArticle } from '../helpers/delivered-article.ts';
import { rssWith, SourceServer } from '../feeds/helpers/source-server.ts';
import { readOpml } from '../../src/feeds/opml.ts';
import { signIn, startNewsroom, WEB_ENV, type Browser, type TestHttp } from './helpers.ts';

const HOSTILE = `<script>alert("x")</script><img src=x onerror=alert(1)> & "quotes"`;

describe.each(DIALECTS)('newsroom pages on %s', (dialect) => {
  let handle: CoreHandle;
  let http: TestHttp;
  let clock: FakeClock;
  let browser: Browser;

  beforeEach(async () => {
    clock = new FakeClock();
    handle = await openDialectCore(dialect, WEB_ENV, clock);
    http = await startNewsroom(handle);
    browser = await signIn(handle, http);
  });
  afterEach(async () => {
    await http.close();
    await handle.close();
  });

  const post = (title: string, tags: string[], body = '') =>
    postArticle(handle.deps, { title, tags, body }, { postedBy: 'test', notify: true });

  describe('Compose', () => {
    it('previews a draft with the chats it will reach, without posting it', async () => {
      await handle.core.handleCommand(telegramUser('5'), '/follow Armenia');
      await handle.core.handleCommand(telegramUser('6'), '/follow CSTO');
      await handle.core.handleCommand(telegramUser('6'), '/mute Russia');
      const page = await browser.post('/admin/compose', {
        title: 'Armenia freezes its CSTO participation',
        tags: 'Armenia, CSTO, Russia',
        body: 'Armenia has frozen its participation. More follows.',
        action: 'preview',
      });
      expect(page.status).toBe(200);
      expect(page.text).toContain('It will reach <strong>1</strong> chat now.');
      expect(page.text).toContain('#Armenia #CSTO #Russia');
      expect(await handle.deps.stores.articles.count()).toBe(0);
      const fragment = await browser.post('/admin/compose/preview', { title: 'T', tags: 'CSTO', body: '' });
      expect(fragment.text).toContain('It will reach <strong>1</strong> chat now.');
      expect(fragment.text).not.toContain('<html');
      expect(fragment.text).not.toContain('<!doctype');
    });

    it('previews the card each adapter renders, in the chat language and card style chosen', async () => {
      const draft = {
        title: 'Armenia freezes its <CSTO> participation',
        tags: 'Armenia, CSTO',
        url: 'https://example.com/frozen',
        source: 'Reuters',
        body: 'Armenia has frozen its participation in the bloc. The decision follows months of dispute.',
        action: 'preview',
      };
      const english = await browser.post('/admin/compose', draft);
      // Telegram: the sender's HTML read back, the title bold and linked, the text escaped once.
      const telegram = english.text.slice(
        english.text.indexOf('class="card telegram"'),
        english.text.indexOf('class="card discord"'),
      );
      expect(telegram).toContain('<strong>');
      expect(telegram).toContain(
        '<a href="https://example.com/frozen" rel="noopener noreferrer">Armenia freezes its &lt;CSTO&gt; participation</a>',
      );
      expect(telegram).toContain('Armenia has frozen its participation');
      expect(telegram).toContain('<span class="card-button">Related</span>');
      expect(telegram).toContain('<span class="card-button">+ #Armenia</span>');
      // Discord: the embed, its markdown escapes resolved (no backslashes before the angle brackets).
      const discord = english.text.slice(english.text.indexOf('class="card discord"'));
      expect(discord).toContain(
        '<p class="embed-title"><a href="https://example.com/frozen" rel="noopener noreferrer">Armenia freezes its &lt;CSTO&gt; participation</a></p>',
      );
      expect(discord).toContain('<p class="embed-field-name">Tags</p>');
      expect(discord).toContain('<span class="card-button">Related</span>');

      const russian = await browser.post('/admin/compose', { ...draft, cardlang: 'ru', cardstyle: 'headline' });
      expect(russian.text).toContain('<span class="card-button">Похожие</span>');
      expect(russian.text).toContain('<p class="embed-field-name">Теги</p>');
      // Tags read in the chat's language (the built-in region names).
      expect(russian.text).toContain('#Армения #ОДКБ');
      expect(russian.text).toContain('<option value="ru" selected="">');
      // The headline style sends the title alone.
      const cards = (text: string) => text.slice(text.indexOf('<div class="cards"'));
      expect(cards(russian.text)).not.toContain('The decision follows months of dispute');
      expect(cards(english.text)).toContain('The decision follows months of dispute');
    });

    it('says there is no card to preview when no adapter lends a renderer', async () => {
      const bare = await startNewsroom(handle, undefined, []);
      try {
        const page = await (
          await signIn(handle, bare)
        ).post('/admin/compose', { title: 'T', tags: 'A', action: 'preview' });
        expect(page.text).toContain('It will reach <strong>0</strong> chats now.');
        expect(page.text).toContain('No platform adapter is running here, so there is no card to preview.');
        expect(page.text).not.toContain('class="card telegram"');
      } finally {
        await bare.close();
      }
    });

    it('posts through the core, delivering to followers, and opens the article', async () => {
      await handle.core.handleCommand(telegramUser('5'), '/follow Armenia');
      const answer = await browser.post('/admin/compose', {
        title: 'Posted from the web',
        tags: '#Armenia',
        url: 'https://example.com/web',
        image: 'https://example.com/web.jpg',
        source: 'Example',
        date: '2024-04-30',
        body: 'Body text.',
        action: 'post',
      });
      expect(answer.status).toBe(303);
      expect((await handle.deps.stores.articles.latest({ limit: 1, offset: 0 }))[0]?.image_url).toBe(
        'https://example.com/web.jpg',
      );
      const location = answer.response.headers.get('location') ?? '';
      expect(location).toMatch(/^\/admin\/articles\/\w{6}\?posted=1$/u);
      const article = await browser.get(location);
      expect(article.text).toContain('Posted. It reaches 1 chats.');
      expect(article.text).toContain('posted by web:telegram:7');
      expect(article.text).toContain('telegram:5');
      expect((await handle.deps.stores.outbox.countByStatus()).queued).toBe(1);
      expect((await browser.get('/admin/audit')).text).toContain('Posted from the web');
    });

    it("takes the article's language, or says the one it will detect", async () => {
      const detected = await browser.post('/admin/compose/preview', {
        title: 'Переговоры в Ереване',
        tags: 'Armenia',
        body: 'Премьер Армении провёл переговоры с делегацией.',
        lang: '',
      });
      expect(detected.text).toContain('Language: Russian.');
      const given = await browser.post('/admin/compose', {
        title: 'Given language',
        tags: 'Armenia',
        body: 'Text.',
        lang: 'hy',
        action: 'post',
      });
      expect(given.status).toBe(303);
      const row = await handle.deps.stores.articles.byIds([1]);
      expect(row[0]?.language).toBe('hy');
      const bad = await browser.post('/admin/compose', {
        title: 'Bad',
        tags: 'Armenia',
        lang: 'xx-!!',
        action: 'post',
      });
      expect(bad.text).toContain('is not a language code');
    });

    it('says what is wrong with a draft, and refuses a duplicate URL with a link to the article', async () => {
      const bad = await browser.post('/admin/compose', { title: '', tags: '', action: 'post' });
      expect(bad.status).toBe(422);
      expect(bad.text).toContain('The title is missing.');
      const first = await post('First', ['A']);
      await postArticle(
        handle.deps,
        { title: 'Linked', tags: ['A'], url: 'https://example.com/dup' },
        { postedBy: 'test', notify: false },
      );
      const dup = await browser.post('/admin/compose', {
        title: 'Again',
        tags: 'A',
        url: 'https://example.com/dup',
        action: 'post',
      });
      expect(dup.status).toBe(409);
      expect(dup.text).toMatch(/href="\/admin\/articles\/\w{6}"/u);
      expect(first.article.publicId).toMatch(/^\w{6}$/u);
    });

    it('suggests known tags with their follower counts', async () => {
      await handle.core.handleCommand(telegramUser('5'), '/follow Armenia');
      const page = await browser.get('/admin/compose');
      expect(page.text).toContain('<option value="Armenia">Armenia (1 followers)</option>');
      const json = await browser.get('/admin/tags/complete?q=arm');
      expect(JSON.parse(json.text)).toEqual([{ name: 'Armenia', followers: 1 }]);
    });
  });

  describe('Archive', () => {
    it('escapes a hostile title everywhere it is shown', async () => {
      const { article } = await post(HOSTILE, ['Hostile <b>tag</b>'], `${HOSTILE} body`);
      for (const path of ['/admin/archive', `/admin/articles/${article.publicId}`, '/admin/archive?q=alert']) {
        const page = await browser.get(path);
        expect(page.status).toBe(200);
        expect(page.text).not.toContain('<script>alert');
        expect(page.text).not.toContain('<img src=x');
        expect(page.text).toContain('&lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt;');
      }
      const preview = await browser.post('/admin/compose', {
        title: HOSTILE,
        tags: 'A',
        body: HOSTILE,
        action: 'preview',
      });
      expect(preview.text).toContain('class="card telegram"');
      expect(preview.text).toContain('class="card discord"');
      expect(preview.text).not.toContain('<script>alert');
      expect(preview.text).not.toContain('<img src=x');
    });

    it('searches with the chat syntax and pages through the archive', async () => {
      for (let i = 0; i < 25; i++) await post(`Oil report ${i}`, [i % 2 ? 'Energy' : 'Markets'], 'Oil prices rose.');
      const first = await browser.get('/admin/archive');
      expect(first.text).toContain('Page 1 of 2');
      expect(first.text.match(/class="article-line"/gu)).toHaveLength(20);
      const second = await browser.get('/admin/archive?page=2');
      expect(second.text.match(/class="article-line"/gu)).toHaveLength(5);
      const tagged = await browser.get(`/admin/archive?q=${encodeURIComponent('oil #energy')}`);
      expect(tagged.text.match(/class="article-line"/gu)).toHaveLength(12);
      expect(tagged.text).toContain('<mark>');
      const unknown = await browser.get(`/admin/archive?q=${encodeURIComponent('#nosuchtag')}`);
      expect(unknown.text).toContain('No article has #nosuchtag');
      const bad = await browser.get(`/admin/archive?q=${encodeURIComponent('the')}`);
      expect(bad.status).toBe(400);
    });

    it("shows an article's deliveries, related articles and why it did not reach a chat", async () => {
      await handle.core.handleCommand(telegramUser('5'), '/follow Armenia');
      const { article } = await post('Armenia and the CSTO', ['Armenia'], 'Armenia leaves the CSTO bloc.');
      const related = await post('The CSTO bloc without Armenia', ['CSTO'], 'The CSTO bloc goes on without Armenia.');
      const page = await browser.get(`/admin/articles/${article.publicId}`);
      expect(page.text).toContain('1 waiting');
      expect(page.text).toContain(`/admin/articles/${related.article.publicId}`);
      const why = await browser.get(`/admin/articles/${article.publicId}?why=telegram:6`);
      expect(why.text).toContain('unknown-subscriber');
      const badWhy = await browser.get(`/admin/articles/${article.publicId}?why=nonsense`);
      expect(badWhy.text).toContain('notice-error');
      expect((await browser.get('/admin/articles/zzzzzz')).status).toBe(404);
    });

    it('corrects an article from its page: the form is prefilled, its delivered card is queued for an edit', async () => {
      await handle.core.handleCommand(telegramUser('5'), '/follow Armenia');
      const { id, articleId } = await postDeliveredArticle(handle);
      const article = await browser.get(`/admin/articles/${id}`);
      expect(article.text).toContain(`/admin/articles/${id}/edit`);
      const form = await browser.get(`/admin/articles/${id}/edit`);
      expect(form.status).toBe(200);
      expect(form.text).toContain('value="Armenia freezes CSTO"');
      expect(form.text).toContain('value="https://images.example.com/armenia.jpg"');
      const fields = {
        title: 'Armenia freezes its CSTO participation',
        tags: 'Armenia, CSTO',
        url: 'https://news.example/armenia',
        image: 'https://images.example.com/armenia-2.jpg',
        source: 'Wire',
        date: '2024-05-01T10:00:00Z',
        lang: 'ru',
        body: 'Armenia froze its participation in the treaty.',
      };
      const preview = await browser.post(`/admin/articles/${id}/edit`, { ...fields, action: 'preview' });
      expect(preview.text).toContain('https://images.example.com/armenia-2.jpg');
      expect((await handle.deps.stores.articles.byIds([articleId]))[0]?.title).toBe('Armenia freezes CSTO');
      const saved = await browser.post(`/admin/articles/${id}/edit`, { ...fields, action: 'save' });
      expect(saved.status).toBe(303);
      expect(saved.response.headers.get('location')).toBe(`/admin/articles/${id}?edited=1`);
      const [row] = await handle.deps.stores.articles.byIds([articleId]);
      expect(row?.title).toBe('Armenia freezes its CSTO participation');
      expect(row?.image_url).toBe('https://images.example.com/armenia-2.jpg');
      expect(await correctionRows(handle).cardUpdates(articleId)).toEqual([
        { op: 'edit', status: 'queued', message_id: 'm1' },
      ]);
      expect((await browser.get(`/admin/articles/${id}?edited=1`)).text).toContain(
        'Its 1 delivered card is being edited',
      );
      expect((await browser.get('/admin/audit')).text).toContain('title, body, tags, image (1 cards)');
      // A wrong correction changes nothing and says why.
      const refused = await browser.post(`/admin/articles/${id}/edit`, { ...fields, title: '', action: 'save' });
      expect(refused.status).toBe(422);
      expect((await handle.deps.stores.articles.byIds([articleId]))[0]?.title).toBe(fields.title);
      await post('Another', ['A']);
      const other = (await handle.deps.stores.articles.latest({ limit: 1, offset: 0 }))[0];
      const taken = await browser.post(`/admin/articles/${other?.public_id}/edit`, {
        ...fields,
        title: 'Another',
        action: 'save',
      });
      expect(taken.status).toBe(409);
    });

    it('deletes an article and, when asked, its delivered cards', async () => {
      await handle.core.handleCommand(telegramUser('5'), '/follow Armenia');
      const { id, articleId } = await postDeliveredArticle(handle);
      const done = await browser.post(`/admin/articles/${id}/delete`, { confirm: 'yes', everywhere: 'yes' });
      expect(done.status).toBe(303);
      expect(await correctionRows(handle).cardUpdates(articleId)).toEqual([
        { op: 'delete', status: 'queued', message_id: 'm1' },
      ]);
      expect((await browser.get('/admin/audit')).text).toContain('everywhere: 1 cards, 0 too old');
    });

    it('deletes an article after a confirmation', async () => {
      const { article } = await post('To delete', ['A']);
      const ask = await browser.post(`/admin/articles/${article.publicId}/delete`, {});
      expect(ask.status).toBe(200);
      expect(ask.text).toContain('Yes, delete it');
      expect(await handle.deps.stores.articles.count()).toBe(1);
      const done = await browser.post(`/admin/articles/${article.publicId}/delete`, { confirm: 'yes' });
      expect(done.status).toBe(303);
      expect(await handle.deps.stores.articles.count()).toBe(0);
      expect((await browser.get('/admin/audit')).text).toContain('To delete');
    });
  });

  describe('Deliveries', () => {
    it('draws deliveries per hour as SVG, lists failure reasons and retries failed rows', async () => {
      await handle.core.handleCommand(telegramUser('5'), '/follow Armenia');
      clock.advance(1_234_567); // not on a round hour
      await post('One', ['Armenia']);
      const [row] = await handle.deps.stores.outbox.list({ limit: 1 });
      await handle.deps.stores.outbox.markFailed(
        row?.id ?? 0,
        'Forbidden: bot was blocked <by the user>',
        clock.now().getTime(),
      );
      const page = await browser.get('/admin/deliveries');
      expect(page.status).toBe(200);
      expect(page.text).toContain('<svg');
      expect(page.text).toContain('role="img"');
      expect(page.text).toMatch(/<rect class="bar-queued"/u);
      expect(page.text).toMatch(/<rect class="bar-failed"/u);
      expect(page.text).toContain('1 × Forbidden: bot was blocked &lt;by the user&gt;');
      expect((await browser.get('/admin/deliveries?days=7')).text).toContain('Last 7 days');
      const retried = await browser.post('/admin/deliveries/retry', { chat: 'telegram:5' });
      expect(retried.text).toContain('Requeued 1 failed deliveries.');
      expect((await handle.deps.stores.outbox.countByStatus()).queued).toBe(1);
      const unknownChat = await browser.post('/admin/deliveries/retry', { chat: 'telegram:404' });
      expect(unknownChat.status).toBe(404);
      expect((await browser.post('/admin/deliveries/retry', { chat: 'bogus' })).status).toBe(400);
    });
  });

  describe('Chats and Tags', () => {
    it('lists chats with their status, follows and schedule', async () => {
      await handle.core.handleCommand(telegramUser('5'), '/follow Armenia, CSTO');
      await handle.core.handleCommand(telegramUser('5'), '/digest daily 08:00');
      await handle.core.handleCommand(telegramUser('6'), '/pause');
      const page = await browser.get('/admin/chats');
      expect(page.text).toContain('telegram:5');
      expect(page.text).toContain('2 tags');
      expect(page.text).toContain('daily digest');
      expect(page.text).toContain('paused');
      expect((await browser.get('/admin/chats?platform=discord')).text).toContain('0 chats.');
    });

    it('shows what a rename will change, then renames through the core', async () => {
      await handle.core.handleCommand(telegramUser('5'), '/follow csto');
      await post('One', ['csto']);
      const tags = await browser.get('/admin/tags');
      expect(tags.text).toContain('#csto');
      const plan = await browser.post('/admin/tags/rename', { from: 'csto', to: 'CSTO' });
      expect(plan.text).toContain('#csto will be spelled #CSTO everywhere.');
      expect(plan.text).toContain('Its 1 followers keep it, and its 1 articles');
      expect((await handle.deps.stores.tags.find('csto'))?.name).toBe('csto');
      const done = await browser.post('/admin/tags/rename', { from: 'csto', to: 'CSTO', confirm: 'yes' });
      expect(done.status).toBe(200);
      expect((await handle.deps.stores.tags.find('csto'))?.name).toBe('CSTO');
      const alias = await browser.post('/admin/tags/alias', {
        from: 'Collective Security Treaty Organization',
        to: 'CSTO',
        confirm: 'yes',
      });
      expect(alias.status).toBe(200);
      expect((await handle.deps.stores.tags.find('collective security treaty organization'))?.name).toBe('CSTO');
      const missing = await browser.post('/admin/tags/rename', { from: 'nope', to: 'Other' });
      expect(missing.status).toBe(422);
      expect(missing.text).toContain('There is no tag #nope.');
      expect((await browser.get('/admin/audit')).text).toContain('rename');
    });

    it('shows what a merge will change, then merges through the core', async () => {
      await handle.core.handleCommand(telegramUser('5'), '/follow ODKB');
      await handle.core.handleCommand(telegramUser('6'), '/follow ODKB, CSTO');
      await post('One', ['ODKB']);
      await post('Two', ['ODKB', 'CSTO']);
      const plan = await browser.post('/admin/tags/merge', { from: 'ODKB', to: 'CSTO' });
      expect(plan.status).toBe(200);
      expect(plan.text).toContain('#ODKB goes; #CSTO stays.');
      expect(plan.text).toContain('1 chats that follow or mute #ODKB will do so for #CSTO; 1 that have both');
      expect(plan.text).toContain('1 articles will carry #CSTO instead; 1 have both');
      expect((await handle.deps.stores.tags.find('odkb'))?.name).toBe('ODKB');
      const done = await browser.post('/admin/tags/merge', { from: 'ODKB', to: 'CSTO', confirm: 'yes' });
      expect(done.status).toBe(200);
      expect(done.text).toContain('Merged #ODKB into #CSTO');
      expect((await handle.deps.stores.tags.find('odkb'))?.name).toBe('CSTO');
      expect((await browser.post('/admin/tags/merge', { from: 'CSTO', to: 'ODKB' })).text).toContain(
        'are one tag already',
      );
      expect((await browser.get('/admin/audit')).text).toContain('merge');
    });
  });

  describe('Feeds', () => {
    it('adds, polls and removes a feed, and shows its health', async () => {
      const server = await new SourceServer().start();
      try {
        const url = server.serve('/feed', {
          body: rssWith([{ title: 'Entry', guid: 'a', link: 'https://a.example/a', categories: ['X'] }]),
        });
        const added = await browser.post('/admin/feeds', { url, tags: 'News', auto: 'yes' });
        expect(added.text).toContain('Added feed #1: 1 entries stored, no one notified.');
        expect(added.text).toContain('Tags: News · auto-tagged');
        const polled = await browser.post('/admin/feeds/1/poll', {});
        expect(polled.text).toContain('#1');
        const bad = await browser.post('/admin/feeds', { url: 'not a url' });
        expect(bad.status).toBe(422);
        expect(bad.text).toContain('is not a web address');
        const removed = await browser.post('/admin/feeds/1/remove', {});
        expect(removed.text).toContain('Removed feed #1.');
        expect((await browser.post('/admin/feeds/1/remove', {})).status).toBe(404);
      } finally {
        await server.stop();
      }
    });
  });

  describe('OPML', () => {
    it('imports feeds with their folders as tags, reports those it could not add, and exports them back', async () => {
      const server = await new SourceServer().start();
      try {
        const one = server.serve('/one', { body: rssWith([{ title: 'One', guid: 'a', link: 'https://a.example/a' }]) });
        const two = server.serve('/two', { body: rssWith([{ title: 'Two', guid: 'b', link: 'https://a.example/b' }]) });
        const missing = server.url('/missing');
        const opml = `<?xml version="1.0"?>
<opml version="2.0"><head><title>My reader</title></head><body>
  <outline text="Армения">
    <outline text="One &amp; only" type="rss" xmlUrl="${one}" category="/News/CSTO"/>
    <outline text="Gone" type="rss" xmlUrl="${missing}"/>
  </outline>
  <outline text="Two" type="rss" xmlUrl="${two}"/>
  <outline text="Two again" type="rss" xmlUrl="${two}"/>
</body></opml>`;
        const imported = await browser.post('/admin/feeds/import', { opml_text: opml });
        expect(imported.text).toContain('Imported 2 of 3 feeds.');
        expect(imported.text).toContain(`Not added: ${missing}`);
        const feeds = await handle.deps.stores.feeds.list();
        expect(feeds.map((f) => [f.url, JSON.parse(f.default_tags ?? '[]')])).toEqual([
          [one, ['Армения', 'CSTO']],
          [two, []],
        ]);
        expect((await browser.post('/admin/feeds/import', { opml_text: opml })).text).toContain('2 already polled.');
        expect((await browser.get('/admin/audit')).text).toContain('feed import');

        const exported = await browser.get('/admin/feeds.opml');
        expect(exported.response.headers.get('content-type')).toContain('text/x-opml');
        expect(exported.text).toContain(`xmlUrl="${one}"`);
        expect(exported.text).toContain('category="Армения,CSTO"');
        // Read back, the export is the same feeds with the same tags.
        expect(readOpml(exported.text).map((f) => [f.url, f.tags])).toEqual([
          [one, ['Армения', 'CSTO']],
          [two, []],
        ]);

        for (const bad of [
          '<html><body>no</body></html>',
          '<opml><body><outline text="x"/></body></opml>',
          '<opml><body>',
        ]) {
          const refused = await browser.post('/admin/feeds/import', { opml_text: bad });
          expect(refused.status).toBe(422);
          expect(refused.text).toMatch(/not an OPML file|lists no feed/u);
        }
      } finally {
        await server.stop();
      }
    });
  });

  describe('Atom feeds', () => {
    it('serves the archive and each tag as Atom, escaped, without sign-in', async () => {
      await post(HOSTILE, ['Armenia'], 'Body.');
      await post('Other', ['Russia']);
      const all = await fetch(http.url('/feeds/all.atom'));
      expect(all.status).toBe(200);
      expect(all.headers.get('content-type')).toBe('application/atom+xml; charset=utf-8');
      const text = await all.text();
      expect(text.match(/<entry>/gu)).toHaveLength(2);
      expect(text).not.toContain('<script>');
      expect(text).toContain('&#60;script&#62;');
      const tag = await (await fetch(http.url('/feeds/%23armenia.atom'))).text();
      expect(tag.match(/<entry>/gu)).toHaveLength(1);
      expect(tag).toContain('<title>tagwire: #Armenia</title>');
      expect(tag).toContain('<category term="Armenia"/>');
      const missing = await fetch(http.url('/feeds/nosuch.atom'));
      expect(missing.status).toBe(404);
    });
  });

  it('answers an unknown page with 404 and every page in the navigation with 200', async () => {
    for (const page of ['compose', 'archive', 'deliveries', 'chats', 'tags', 'feeds', 'audit'])
      expect((await browser.get(`/admin/${page}`)).status).toBe(200);
    expect((await browser.get('/admin/nothing')).status).toBe(404);
    expect((await browser.get('/admin')).response.headers.get('location')).toBe('/admin/compose');
    expect((await browser.get('/admin/assets/newsroom.css')).status).toBe(200);
    expect((await browser.get('/admin/assets/other.js')).status).toBe(404);
  });
});
