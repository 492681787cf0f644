import { describe, expect, it } from 'vitest';
import { extractPage } from '../../src/feeds/page.ts';
import { MAX_PAGE_ELEMENTS, MAX_PAGE_NESTING } from '../../src/feeds/page-text.ts';

/* The main text of a page by Readability (over linkedom), on Russian and Armenian news pages and on hostile pages. */

const ruPage = `<!doctype html>
<html lang="ru">
<head>
  <meta charset="utf-8">
  <title>Пашинян заявил о заморозке участия в ОДКБ — Новости Кавказа</title>
  <meta name="keywords" content="Армения, ОДКБ">
</head>
<body>
  <header class="site-header">
    <nav class="menu"><a href="/">Главная</a> <a href="/politics">Политика</a> <a href="/economy">Экономика</a> <a href="/sport">Спорт</a></nav>
  </header>
  <div class="layout">
    <aside class="sidebar"><h3>Популярное</h3><ul><li><a href="/1">Курс рубля снова упал, пишут аналитики рынка</a></li><li><a href="/2">В Москве открыли новую станцию метро на юге города</a></li></ul></aside>
    <main>
      <article class="article">
        <h1>Пашинян заявил о заморозке участия в ОДКБ</h1>
        <p>Премьер-министр Армении Никол Пашинян заявил, что Ереван заморозил своё участие в Организации Договора о коллективной безопасности, и пояснил, что страна больше не участвует в работе блока.</p>
        <p>По его словам, решение связано с тем, что союзники по ОДКБ не выполнили своих обязательств перед Арменией в 2021 и 2022 годах, когда на границе с Азербайджаном шли бои.</p>
        <p>В Москве заявление пока не комментировали, однако ранее в Кремле говорили, что Армения остаётся союзником России и членом организации.</p>
      </article>
      <section id="comments" class="comments">
        <h3>Комментарии</h3>
        <div class="comment"><p>Иван: давно пора было это сделать, но посмотрим, что будет дальше с блоком.</p></div>
        <div class="comment"><p>Пётр: это ошибка, которая дорого обойдётся, и мы все об этом ещё пожалеем.</p></div>
      </section>
    </main>
  </div>
  <footer class="site-footer"><p>© 2024 Новости Кавказа. Все права защищены. Перепечатка материалов запрещена.</p></footer>
</body>
</html>`;

const hyPage = `<!doctype html>
<html lang="hy">
<head>
  <meta charset="utf-8">
  <title>Կառավարությունը հաստատեց նոր բյուջեն | Լուրեր</title>
</head>
<body>
  <nav><ul><li><a href="/">Գլխավոր</a></li><li><a href="/politics">Քաղաքականություն</a></li><li><a href="/economy">Տնտեսություն</a></li></ul></nav>
  <div id="content">
    <div class="post">
      <h1>Կառավարությունը հաստատեց նոր բյուջեն</h1>
      <div class="post-body">
        <p>Հայաստանի կառավարությունը հինգշաբթի օրը հաստատեց հաջորդ տարվա պետական բյուջեի նախագիծը, որը կներկայացվի Ազգային ժողով։</p>
        <p>Ֆինանսների նախարարի խոսքով՝ բյուջեի ծախսերը կավելանան, իսկ հիմնական ուշադրությունը կդարձվի կրթությանը, առողջապահությանը և ենթակառուցվածքներին։</p>
        <p>Ընդդիմությունը քննադատեց նախագիծը՝ նշելով, որ պետական պարտքը շարունակում է աճել, և պահանջեց լրացուցիչ քննարկումներ։</p>
      </div>
    </div>
    <div class="comments-area" id="comments">
      <h3>Մեկնաբանություններ</h3>
      <div class="comment-body"><p>Արամ. վերջապես լավ որոշում է, բայց տեսնենք, թե ինչպես կկատարվի։</p></div>
    </div>
  </div>
  <footer><p>© 2024 Լուրեր։ Բոլոր իրավունքները պաշտպանված են։ Նյութերի արտատպումն արգելվում է։</p></footer>
</body>
</html>`;

describe('page text by Readability', () => {
  it('reads a Russian article: its headline and paragraphs, without menu, sidebar, comments and footer', () => {
    const page = extractPage(ruPage, 'https://kavkaz.example/news/odkb');
    expect(page.title).toBe('Пашинян заявил о заморозке участия в ОДКБ'); // the <h1> the <title> starts with
    expect(page.keywords).toEqual(['Армения', 'ОДКБ']);
    const paragraphs = page.body.split('\n\n');
    expect(paragraphs).toHaveLength(3);
    expect(paragraphs[0]).toMatch(/^Премьер-министр Армении Никол Пашинян заявил/u);
    expect(paragraphs[2]).toMatch(/членом организации\.$/u);
    for (const noise of ['Главная', 'Популярное', 'Курс рубля', 'Комментарии', 'Иван', 'давно пора', 'Все права', '©'])
      expect(page.body).not.toContain(noise);
  });

  it('reads an Armenian article the same way', () => {
    const page = extractPage(hyPage, 'https://lurer.example/budget');
    expect(page.title).toBe('Կառավարությունը հաստատեց նոր բյուջեն');
    const paragraphs = page.body.split('\n\n');
    expect(paragraphs).toHaveLength(3);
    expect(paragraphs[0]).toMatch(/^Հայաստանի կառավարությունը հինգշաբթի օրը/u);
    expect(paragraphs[2]).toMatch(/լրացուցիչ քննարկումներ։$/u);
    for (const noise of ['Գլխավոր', 'Քաղաքականություն', 'Մեկնաբանություններ', 'Արամ', 'Բոլոր իրավունքները', '©'])
      expect(page.body).not.toContain(noise);
  });

  it('reads text written with <br>s instead of paragraphs, which the old reader missed', () => {
    const html = `<html><head><title>Old style page</title></head><body>
      <table><tr><td class="menu"><a href="/">Home</a><br><a href="/archive">Archive</a></td><td class="main">
      A magnitude 4.5 earthquake shook the Lori region of northern Armenia on Sunday morning, the ministry said.<br><br>
      No casualties or damage were reported, but residents of Vanadzor said they felt strong tremors.<br><br>
      Seismologists said aftershocks were possible over the coming days and urged residents to stay calm.
      </td></tr></table><div class="footer">Copyright 2003 Old News Agency</div></body></html>`;
    const page = extractPage(html, 'https://old.example/quake');
    expect(page.body.split('\n\n')).toHaveLength(3);
    expect(page.body).toMatch(/^A magnitude 4\.5 earthquake/u);
    for (const noise of ['Home', 'Archive', 'Copyright']) expect(page.body).not.toContain(noise);
  });

  it("keeps the date of the article header's <time>, and a longer JSON-LD articleBody", () => {
    const html = `<html><head><title>T</title>
      <script type="application/ld+json">${JSON.stringify({
        '@type': 'NewsArticle',
        articleBody: 'The whole story, as the JSON-LD gives it: longer than the teaser the page shows to readers.',
      })}</script></head>
      <body><article><header><h1>T</h1><div class="entry-meta">Posted on
      <time datetime="2024-05-02T08:00:00+04:00">May 2</time></div></header>
      <div class="entry-content"><p>The teaser, which is all the page shows.</p></div></article></body></html>`;
    const page = extractPage(html, 'https://teaser.example/story');
    expect(page.publishedAt?.toISOString()).toBe('2024-05-02T04:00:00.000Z');
    expect(page.body).toMatch(/^The whole story/u);
  });

  it('never lets scripts, styles or other code reach the text', () => {
    const html = `<!doctype html><html><head><title>Code</title><style>body { color: red }</style>
      <script>var inHead = "HEAD-SCRIPT";</script>
      <script type="application/ld+json">{"@type": "NewsArticle", "headline": "LD-HEADLINE-TEXT"}</script></head>
      <body><article><p>The first paragraph of the story is long enough to be the article's text, it says.</p>
      <script>document.write("INLINE-SCRIPT")</script><style>.x { content: "INLINE-STYLE" }</style>
      <noscript>NOSCRIPT-TEXT</noscript><template><p>TEMPLATE-TEXT</p></template>
      <svg><text>SVG-TEXT</text></svg><p onclick="alert('HANDLER')">A second paragraph, with more words, follows the first one here.</p>
      <iframe srcdoc="&lt;p&gt;IFRAME-TEXT&lt;/p&gt;"></iframe></article></body></html>`;
    const page = extractPage(html, 'https://code.example/story');
    expect(page.body).toBe(
      "The first paragraph of the story is long enough to be the article's text, it says.\n\nA second paragraph, with more words, follows the first one here.",
    );
    expect(page.title).toBe('LD-HEADLINE-TEXT');
  });

  it('reads a page that leaves out <html>, <head> and <body>, and one with no markup at all', () => {
    const bare = extractPage(
      '<!doctype html><meta charset=utf-8><title>Bare page</title><meta property="og:site_name" content="Bare">' +
        '<p>A page may leave out its html, head and body tags, as HTML allows it to do.</p><p>Its text is read all the same.</p>',
      'https://bare.example/',
    );
    expect(bare).toMatchObject({ title: 'Bare page', source: 'Bare' });
    expect(bare.body).toBe(
      'A page may leave out its html, head and body tags, as HTML allows it to do.\n\nIts text is read all the same.',
    );
    expect(extractPage('', 'https://empty.example/')).toMatchObject({ title: '', body: '', source: 'empty.example' });
    expect(extractPage('<html><body><p>x', 'https://x.example/').title).toBe('');
  });

  it('does not hang on deeply nested or huge pages: their text comes from the description', () => {
    const head = '<head><title>Heavy</title><meta name="description" content="What the page says it is about."></head>';
    const para = '<p>Армения заморозила участие в ОДКБ, заявил премьер-министр в четверг, сообщают источники.</p>';
    const pages = [
      // Empty <div>s nested after the text: 1,600 of them kept Readability busy for 25 s.
      `<html>${head}<body>${para.repeat(5)}${'<div>'.repeat(1_600)}x</body></html>`,
      `<html>${head}<body>${para}${'<div>'.repeat(100_000)}x</body></html>`,
      `<html>${head}<body><article>${para.repeat(MAX_PAGE_ELEMENTS + 1)}</article></body></html>`,
    ];
    for (const html of pages) {
      const started = Date.now();
      const page = extractPage(html, 'https://heavy.example/');
      expect(Date.now() - started).toBeLessThan(10_000);
      expect(page).toMatchObject({ title: 'Heavy', body: 'What the page says it is about.' });
    }
    // Within the limits, Readability reads it.
    const deep = `<html>${head}<body>${'<div>'.repeat(MAX_PAGE_NESTING - 10)}${para.repeat(3)}</body></html>`;
    expect(extractPage(deep, 'https://heavy.example/').body.split('\n\n')).toHaveLength(3);
  });
});
