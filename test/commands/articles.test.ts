import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { Reply } from '../../src/domain/reply.ts';
import type { CoreHandle } from '../../src/runtime.ts';
import { DIALECTS, openDialectCore } from '../helpers/dialects.ts';
import { consoleCtx, replyText, telegramUser } from '../helpers/reply.ts';

describe.each(DIALECTS)('on %s', (dialect) => {
  let handle: CoreHandle;
  beforeEach(async () => {
    handle = await openDialectCore(dialect, { TELEGRAM_ADMIN_IDS: '1' });
  });
  afterEach(async () => {
    await handle.close();
  });

  const run = (text: string, ctx = consoleCtx) => handle.core.handleCommand(ctx, text);
  const postedId = (reply: Reply) => /Posted (\w{6})/u.exec(replyText(reply))?.[1] ?? '';

  const POST = [
    '/post Armenia freezes CSTO participation',
    'Tags: Armenia, CSTO',
    'URL: https://example.com/armenia-csto',
    'source: Example News',
    'date: 2024-02-23',
    '',
    'Armenia has frozen its participation in the Russian-led bloc. The prime minister said so.',
    '#Russia',
  ].join('\n');

  describe('/post', () => {
    it('posts the one-message form and reports the reach', async () => {
      await run('/follow Russia', telegramUser('5'));
      await run('/follow CSTO', telegramUser('6'));
      const reply = await run(POST);
      expect(reply.status).toBe('ok');
      expect(replyText(reply)).toMatch(/Tags: #Armenia #CSTO #Russia\. It reaches 2 subscribers\./);
      const id = postedId(reply);
      const row = await handle.deps.stores.articles.byPublicId(id);
      expect(row).toMatchObject({
        title: 'Armenia freezes CSTO participation',
        url: 'https://example.com/armenia-csto',
        source: 'Example News',
        posted_by: 'console:local',
      });
      expect(row?.body).toBe(
        'Armenia has frozen its participation in the Russian-led bloc. The prime minister said so.',
      );
      expect(new Date(Number(row?.published_at)).toISOString()).toBe('2024-02-23T00:00:00.000Z');
    });

    it('takes the picture from an image: or picture: line, and refuses one that is not a web address', async () => {
      const posted = await run(
        ['/post Pictured', 'tags: Armenia', 'Image: https://images.example.com/a.jpg', '', 'Text.'].join('\n'),
      );
      expect(posted.status).toBe('ok');
      expect((await handle.deps.stores.articles.byPublicId(postedId(posted)))?.image_url).toBe(
        'https://images.example.com/a.jpg',
      );
      const alias = await run(
        ['/post Also pictured', 'tags: Armenia', 'picture: https://images.example.com/b.png'].join('\n'),
      );
      expect((await handle.deps.stores.articles.byPublicId(postedId(alias)))?.image_url).toBe(
        'https://images.example.com/b.png',
      );
      const bad = await run(['/post Not pictured', 'tags: Armenia', 'image: ftp://example.com/c.jpg'].join('\n'));
      expect(bad.status).toBe('error');
      expect(replyText(bad)).toMatch(/not a web address/);
    });

    it('shows the format when the title or tags are missing', async () => {
      const bare = await run('/post');
      expect(replyText(bare)).toMatch(/tags: Armenia, CSTO/);
      const noTags = await run('/post A title only');
      expect(noTags.status).toBe('error');
      expect(replyText(noTags)).toMatch(/at least one tag/);
      expect(replyText(noTags)).toMatch(/Example: \/post/);
    });

    it('refuses a duplicate URL with a pointer to the existing article', async () => {
      const first = postedId(await run(POST));
      const again = await run(POST.replace('Armenia freezes', 'Armenia really freezes'));
      expect(again.status).toBe('error');
      expect(replyText(again)).toContain(`already in the archive as ${first}`);
      expect(again.buttons.flat()[0]?.data).toBe(`/article ${first}`);
    });

    it('refuses non-admins politely and changes nothing', async () => {
      const reply = await run(POST, telegramUser('99'));
      expect(reply.status).toBe('refused');
      expect(replyText(reply)).toMatch(/for the bot's admins/);
      expect(await handle.deps.stores.articles.count()).toBe(0);
      expect((await run(POST, telegramUser('1'))).status).toBe('ok');
    });

    it('rejects a bad URL, date and over-long title in one reply', async () => {
      const reply = await run(`/post ${'T'.repeat(301)}\ntags: x\nurl: javascript:alert(1)\ndate: tomorrow`);
      const text = replyText(reply);
      expect(text).toMatch(/the most is 300/);
      expect(text).toMatch(/not a web address/);
      expect(text).toMatch(/not a date/);
    });

    it("refuses an article in the chat's language, every problem at once", async () => {
      await run('/language ru');
      const noTags = await run('/post Только заголовок');
      expect(noTags.status).toBe('error');
      expect(replyText(noTags)).toMatch(
        /^Статье нужен хотя бы один тег: строка «tags:» или хэштеги в последней строке\.\nПример: \/post/u,
      );
      const bad = replyText(
        await run(
          `/post ${'T'.repeat(301)}\ntags: x\nurl: javascript:alert(1)\nsource: ${'s'.repeat(101)}\ndate: tomorrow`,
        ),
      );
      expect(bad).toBe(
        'В заголовке 301 символ; допустимо не больше 300. ' +
          '«javascript:alert(1)» — не веб-адрес; он должен начинаться с http:// или https://. ' +
          'Источник длиннее 100 символов. ' +
          '«tomorrow» — не дата; используйте 2024-05-01, 2024-05-01T14:30:00Z или Sat, 02 Mar 2024 10:00:00 GMT.',
      );

      await run('/language hy');
      expect(replyText(await run('/post\ntags: Armenia'))).toMatch(
        /^Հոդվածին պետք է վերնագիր առաջին տողում, ապա՝ պիտակները։/u,
      );
      const mixed = replyText(await run('/post Վերնագիր\ntags: Armеnia\ndate: 2024-02-31'));
      // The tag's own refusal (a Cyrillic "е" in a Latin word) and the date's, both in Armenian.
      expect(mixed).toMatch(/^«Armеnia» բառում կյուրեղյան տառերը \(е\) խառնված են լատինական բառի մեջ/u);
      expect(mixed).toContain('«2024-02-31»-ը ամսաթիվ չէ.');
      expect(await handle.deps.stores.articles.count()).toBe(0);
    });

    it('reads the tags: line as /follow does, hashtags included (issue 15, defect 5)', async () => {
      const reply = await run('/post Hashtags in the header\ntags: #Armenia #CSTO');
      expect(replyText(reply)).toMatch(/Tags: #Armenia #CSTO\./);
      const mixed = await run('/post Mixed header\ntags: #Armenia #CSTO, Nagorno Karabakh\n\nBody.\n#Russia');
      expect(replyText(mixed)).toMatch(/Tags: #Armenia #CSTO #Nagorno_Karabakh #Russia\./);
      expect(await handle.deps.stores.tags.find('armenia #csto')).toBeFalsy();
    });

    it('refuses an unreadable or impossible date: line (issue 15, defect 8)', async () => {
      for (const date of ['Mon Foo 2024', 'Sat, 31 Feb 2024']) {
        const reply = await run(`/post Dated\ntags: Armenia\ndate: ${date}`);
        expect(reply.status).toBe('error');
        expect(replyText(reply)).toMatch(/is not a date/);
      }
      expect(await handle.deps.stores.articles.count()).toBe(0);
    });

    it('keeps HTML in titles as literal text', async () => {
      const reply = await run('/post <script>alert(1)</script> & co\ntags: Armenia');
      const article = await handle.deps.stores.articles.byPublicId(postedId(reply));
      expect(article?.title).toBe('<script>alert(1)</script> & co');
    });
  });

  describe('reading and admin commands', () => {
    it('/article, /latest, /related and /delete', async () => {
      const a = postedId(
        await run('/post Oil prices rise in Europe\ntags: Oil, Europe\n\nCrude oil prices rose sharply on Monday.'),
      );
      const b = postedId(
        await run('/post Oil prices fall in Asia\ntags: Oil, Asia\n\nCrude oil prices fell on Tuesday.'),
      );
      postedId(await run('/post Football results\ntags: Sports\n\nThe match ended in a draw.'));

      expect(replyText(await run(`/article ${a.toUpperCase()}`))).toMatch(/Crude oil prices rose sharply/);
      expect((await run('/article nope!')).status).toBe('error');
      expect(replyText(await run('/article zzzzzz'))).toMatch(/No article has the id zzzzzz/);

      expect(replyText(await run('/latest oil'))).toMatch(/Latest with #Oil/);
      expect(replyText(await run('/latest unknown-tag'))).toMatch(/No article has the tag/);

      const related = await run(`/related ${a}`);
      const text = replyText(related);
      expect(text).toContain(b);
      expect(text.split('\n').some((line) => line.includes(`[${a}]`))).toBe(false);

      expect(replyText(await run(`/delete ${b}`))).toMatch(/Deleted/);
      expect(await handle.deps.stores.articles.byPublicId(b)).toBeUndefined();
      expect((await run(`/delete ${b}`)).status).toBe('error');
    });

    it('/rename keeps followers and /alias joins spellings', async () => {
      await run('/follow csto', telegramUser('5'));
      expect(replyText(await run('/rename csto = CSTO'))).toMatch(/Renamed #csto to #CSTO/);
      expect(replyText(await run('/tags', telegramUser('5')))).toMatch(/#CSTO/);
      expect(replyText(await run('/alias Collective Security Treaty Organization = CSTO'))).toMatch(/now means #CSTO/);
      await run('/follow Collective Security Treaty Organization', telegramUser('6'));
      expect(replyText(await run('/tags', telegramUser('6')))).toMatch(/Following \(1\): #CSTO/);
      const posted = await run('/post Summit\ntags: Collective Security Treaty Organization');
      expect(replyText(posted)).toMatch(/Tags: #CSTO\. It reaches 2 subscribers/);
      expect((await run('/rename nothing-here = x')).status).toBe('error');
      expect((await run('/rename csto')).status).toBe('error');
      expect((await run('/alias x = missing-tag')).status).toBe('error');
    });

    it('/stats counts for admins only', async () => {
      await run('/follow Oil', telegramUser('5'));
      await run('/post Oil\ntags: Oil');
      const text = replyText(await run('/stats'));
      expect(text).toMatch(/Articles: 1/);
      expect(text).toMatch(/Subscribers: 1 active/);
      expect(text).toMatch(/1 waiting/);
      expect((await run('/stats', telegramUser('5'))).status).toBe('refused');
    });
  });
});
