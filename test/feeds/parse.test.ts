import { describe, expect, it } from 'vitest';
import { createAutoTagger, withoutDateline } from '../../src/domain/auto-tag.ts';
import { entryKey, entryTags, entryToArticle } from '../../src/feeds/entry-article.ts';
import { decodeBody } from '../../src/feeds/fetch.ts';
import { htmlToText } from '../../src/feeds/html-text.ts';
import { extractPage } from '../../src/feeds/page.ts';
import { FeedParseError, parseFeed } from '../../src/feeds/parse.ts';
import { fixture } from './helpers/source-server.ts';

describe('parseFeed', () => {
  it('reads RSS 2.0: titles, links, guids, dates, categories and HTML bodies', () => {
    const feed = parseFeed(fixture('rss.xml'), 'https://news.example/rss.xml');
    expect(feed.format).toBe('rss');
    expect(feed.title).toBe('Caucasus Wire');
    expect(feed.entries).toHaveLength(3);
    const [drills, talks, weekly] = feed.entries;
    expect(drills).toMatchObject({
      guid: 'cw-1003',
      title: "Azerbaijan's army holds drills near the border",
      url: 'https://news.example/2024/05/drills',
      categories: ['Defence'],
    });
    expect(drills?.body).toBe(
      "Azerbaijan's army held drills on Tuesday, the defence ministry said.\n\nObservers from the CSTO were not invited.",
    );
    expect(drills?.publishedAt?.toISOString()).toBe('2024-05-01T09:30:00.000Z');
    expect(talks?.title).toBe('Yerevan & Moscow: talks resume');
    expect(talks?.body).toBe('Talks between Armenia and Russia resumed in Moscow.'); // content:encoded beats description
    expect(talks?.publishedAt?.toISOString()).toBe('2024-04-30T13:00:00.000Z');
    expect(weekly?.guid).toBeNull();
  });

  it('reads Atom: alternate links resolved, xhtml and html text constructs, category labels', () => {
    const feed = parseFeed(fixture('atom.xml'), 'https://atom.example/feed.atom');
    expect(feed.format).toBe('atom');
    expect(feed.title).toBe('Atom Daily');
    const [bill, second] = feed.entries;
    expect(bill).toMatchObject({
      guid: 'urn:atom:2',
      title: 'Georgia votes on the bill',
      url: 'https://atom.example/georgia/bill',
      categories: ['Georgia'],
    });
    expect(bill?.body).toBe('Parliament voted.\n\nProtests & debate continue.');
    expect(bill?.publishedAt?.toISOString()).toBe('2024-05-01T10:00:00.000Z');
    expect(second).toMatchObject({ url: 'https://atom.example/second', body: 'Just a summary.', categories: [] });
  });

  it('reads JSON Feed: numeric ids, html and text content, tags', () => {
    const feed = parseFeed(fixture('feed.json'), 'https://json.example/feed.json');
    expect(feed.format).toBe('json');
    expect(feed.entries.map((e) => e.guid)).toEqual(['j-2', '1']);
    expect(feed.entries[0]).toMatchObject({
      title: 'Iran and Armenia sign a deal',
      body: 'The deal covers energy.',
      categories: ['Iran', 'Armenia'],
    });
    expect(feed.entries[0]?.publishedAt?.toISOString()).toBe('2024-05-01T05:00:00.000Z');
    expect(feed.entries[1]).toMatchObject({ body: 'Line one.\n\nLine two.', publishedAt: null });
  });

  it('reads the language a feed declares, and ignores one that is not a language code', () => {
    const rss = (language: string) =>
      `<rss><channel><title>T</title><language>${language}</language><item><title>x</title></item></channel></rss>`;
    expect(parseFeed(rss('ru-RU'), 'https://x.example/').language).toBe('ru');
    expect(parseFeed(rss('Russian'), 'https://x.example/').language).toBeNull();
    const atom = '<feed xmlns="http://www.w3.org/2005/Atom" xml:lang="hy"><title>T</title></feed>';
    expect(parseFeed(atom, 'https://x.example/').language).toBe('hy');
    const json = JSON.stringify({
      version: 'https://jsonfeed.org/version/1.1',
      title: 'T',
      language: 'en-US',
      items: [],
    });
    expect(parseFeed(json, 'https://x.example/').language).toBe('en');
    expect(parseFeed(fixture('rss.xml'), 'https://x.example/').language).toBeNull();
    const article = entryToArticle(
      { guid: 'g', title: 'Заголовок', url: null, body: '', publishedAt: null, image: null, categories: [] },
      { title: null, url: 'https://x.example/feed', defaultTags: ['X'], language: 'ru' },
    );
    expect(article.language).toBe('ru');
  });

  it('refuses what is not a feed, saying why', () => {
    const reason = (text: string) => {
      try {
        parseFeed(text, 'https://x.example/');
        return 'parsed';
      } catch (err) {
        expect(err).toBeInstanceOf(FeedParseError);
        return (err as Error).message;
      }
    };
    expect(reason(fixture('malformed.xml'))).toMatch(/cut off or malformed: <\w+> is never closed/);
    expect(reason('<rss><channel><title>x</title></item></channel></rss>')).toBe('parsed'); // a stray end tag alone is tolerated
    expect(reason('<rss><channel><item><title>x</channel></rss>')).toMatch(/malformed/);
    expect(reason('')).toMatch(/empty/);
    expect(reason('just words')).toMatch(/neither XML nor JSON/);
    expect(reason('{"version": 1')).toMatch(/not valid JSON/);
    expect(reason('{"title": "no version"}')).toMatch(/not a JSON Feed/);
    expect(reason('<svg></svg>')).toMatch(/root element is <svg>/);
    expect(
      reason(
        '<!doctype html><html><head><link rel="alternate" type="application/rss+xml" href="/rss.xml"></head></html>',
      ),
    ).toBe('it is a web page, not a feed; the page names its feed: https://x.example/rss.xml');
  });
});

describe('decodeBody', () => {
  const privet = [0xcf, 0xf0, 0xe8, 0xe2, 0xe5, 0xf2]; // "Привет" in windows-1251
  it("decodes by the byte-order mark, the Content-Type charset, or the document's own declaration", () => {
    expect(decodeBody(Uint8Array.from(privet), 'text/xml; charset=windows-1251')).toBe('Привет');
    const declared = Buffer.concat([
      Buffer.from('<?xml version="1.0" encoding="windows-1251"?><t>'),
      Buffer.from(privet),
      Buffer.from('</t>'),
    ]);
    expect(decodeBody(declared, 'application/rss+xml')).toBe(
      '<?xml version="1.0" encoding="windows-1251"?><t>Привет</t>',
    );
    const meta = Buffer.concat([Buffer.from('<meta charset="windows-1251"><p>'), Buffer.from(privet)]);
    expect(decodeBody(meta, 'text/html')).toContain('<p>Привет');
    expect(decodeBody(Buffer.from('\uFEFFcafé', 'utf8'), 'text/xml; charset=iso-8859-1')).toBe('café');
    expect(decodeBody(Buffer.from('café', 'utf8'), 'text/xml; charset=no-such-charset')).toBe('café');
  });
});

describe('entries as articles', () => {
  it('keys entries by guid, else link, else a hash of their content', () => {
    const base = { title: 'T', body: 'B', publishedAt: null, image: null, categories: [] };
    expect(entryKey({ ...base, guid: 'g1', url: 'https://a/1' })).toBe('g1');
    expect(entryKey({ ...base, guid: null, url: 'https://a/1' })).toBe('https://a/1');
    const hashed = entryKey({ ...base, guid: null, url: null });
    expect(hashed).toMatch(/^sha256:[0-9a-f]{64}$/);
    expect(entryKey({ ...base, guid: null, url: null, body: 'other' })).not.toBe(hashed);
    expect(entryKey({ ...base, guid: 'x'.repeat(500), url: null })).toMatch(/^sha256:/);
  });

  it('tags: defaults first, categories split on commas, unusable names dropped, each once', () => {
    expect(entryTags(['Caucasus'], ['Russia, Diplomacy', 'caucasus', '#Armenia', '', 'x'.repeat(80)])).toEqual([
      'Caucasus',
      'Russia',
      'Diplomacy',
      'Armenia',
    ]);
  });

  it('fits an entry to the article limits and names the feed as the source', () => {
    const input = entryToArticle(
      {
        guid: 'g',
        title: '',
        url: 'https://a/1',
        body: `First line of the text\u0007 here.\n\nMore.`,
        publishedAt: null,
        image: null,
        categories: ['A'],
      },
      { title: 'Feed Name', url: 'https://a/feed', defaultTags: [] },
    );
    expect(input).toMatchObject({
      title: 'First line of the text here.',
      source: 'Feed Name',
      tags: ['A'],
      url: 'https://a/1',
    });
    const long = entryToArticle(
      { guid: 'g', title: 'word '.repeat(100), url: null, body: '', publishedAt: null, image: null, categories: [] },
      { title: null, url: 'https://host.example/feed', defaultTags: ['X'] },
    );
    expect(Array.from(String(long.title)).length).toBeLessThanOrEqual(300);
    expect(long.source).toBe('host.example');
  });
});

describe('auto-tagging', () => {
  const tagger = createAutoTagger([
    { phrase: 'Azerbaijan', tag: 'Azerbaijan' },
    { phrase: 'CSTO', tag: 'CSTO' },
    { phrase: 'Collective Security Treaty Organization', tag: 'CSTO' },
    { phrase: 'Nagorno-Karabakh', tag: 'Nagorno-Karabakh' },
    { phrase: 'Армения', tag: 'Армения' },
    { phrase: '阿塞拜疆', tag: '阿塞拜疆' },
    { phrase: 'US', tag: 'US' },
    { phrase: 'C++', tag: 'C++' },
    { phrase: 'Côte d’Ivoire', tag: 'Côte d’Ivoire' },
  ]);

  it('finds tags named as whole words, case-insensitively, across scripts', () => {
    expect(tagger.find("Azerbaijan's army moved")).toEqual(['Azerbaijan']);
    expect(tagger.find('AZERBAIJAN and azerbaijan')).toEqual(['Azerbaijan']);
    expect(tagger.find('Azerbaijani officials')).toEqual([]);
    expect(tagger.find('Kazerbaijan is not a word')).toEqual([]);
    expect(tagger.find('Новости: Армения, Россия')).toEqual(['Армения']);
    expect(tagger.find('Арменияне')).toEqual([]);
    expect(tagger.find('阿塞拜疆军队进入')).toEqual(['阿塞拜疆']);
    expect(tagger.find('in Nagorno Karabakh and nagorno-karabakh')).toEqual(['Nagorno-Karabakh']);
    expect(tagger.find('cote d’ivoire, Côte d’Ivoire')).toEqual(['Côte d’Ivoire']);
  });

  it('matches Russian and Armenian names in their inflected forms', () => {
    const regional = createAutoTagger([
      { phrase: 'Армения', tag: 'Armenia' },
      { phrase: 'Հայաստան', tag: 'Armenia' },
      { phrase: 'Амурская область', tag: 'Amur Oblast' },
      { phrase: 'Ереван', tag: 'Yerevan' },
    ]);
    expect(regional.find('Премьер Армении заявил')).toEqual(['Armenia']);
    expect(regional.find('переговоры с Арменией')).toEqual(['Armenia']);
    expect(regional.find('Հայաստանի վարչապետը')).toEqual(['Armenia']);
    expect(regional.find('в Амурской области и в Ереване')).toEqual(['Amur Oblast', 'Yerevan']);
    expect(regional.find('армянский коньяк')).toEqual([]);
    expect(regional.find('Амурская река')).toEqual([]);
    // A shared stem is not enough: forms of the name's own declension only.
    const names = createAutoTagger([
      { phrase: 'Грузия', tag: 'Georgia' },
      { phrase: 'Китай', tag: 'China' },
      { phrase: 'Баку', tag: 'Baku' },
      { phrase: 'Нагорный Карабах', tag: 'Nagorno-Karabakh' },
    ]);
    expect(names.find('Партия груза и грузов; кита и китов; топливный бак')).toEqual([]);
    expect(names.find('в Грузии, из Китая, в Баку, Нагорного Карабаха')).toEqual([
      'Georgia',
      'China',
      'Baku',
      'Nagorno-Karabakh',
    ]);
  });

  it('reads a wire story without its dateline', () => {
    expect(withoutDateline('МОСКВА, 20 окт - РИА Новости. В Москве открыли выставку.')).toBe(
      'В Москве открыли выставку.',
    );
    expect(withoutDateline('WASHINGTON, March 3 - The Treasury said...')).toBe('The Treasury said...');
    expect(withoutDateline('ԵՐԵՎԱՆ, 5 մայիսի – Կառավարությունը որոշեց։')).toBe('Կառավարությունը որոշեց։');
    // Not a dateline: an ordinary first sentence, or a capitalised word without a date and dash.
    expect(withoutDateline('Moscow, the capital, said - nothing.')).toBe('Moscow, the capital, said - nothing.');
    expect(withoutDateline('NATO said on Monday it would meet.')).toBe('NATO said on Monday it would meet.');
  });

  it('maps aliases to their tag, and lists each tag once in order of mention', () => {
    expect(tagger.find('The collective security treaty organization met; Azerbaijan watched the CSTO.')).toEqual([
      'CSTO',
      'Azerbaijan',
    ]);
    expect(tagger.find('Collective Security Organization')).toEqual([]);
  });

  it('matches short and common-word tags only as spelled, and skips names made of signs', () => {
    expect(tagger.find('Tell us more')).toEqual([]);
    expect(tagger.find('The US said')).toEqual(['US']);
    expect(tagger.find('I write C code')).toEqual([]);
    expect(tagger.size).toBe(8);
  });
});

describe('page extraction', () => {
  it('reads the title, date, keywords and main text, leaving out navigation, asides, captions and footers', () => {
    const page = extractPage(fixture('page.html'), 'https://example.com/news/armenia-csto?utm=x');
    expect(page.title).toBe('Armenia freezes its CSTO participation');
    expect(page.url).toBe('https://example.com/news/armenia-csto');
    expect(page.source).toBe('Example News');
    expect(page.publishedAt?.toISOString()).toBe('2024-02-23T10:15:00.000Z');
    expect(page.keywords).toEqual(['Armenia', 'CSTO', 'Russia', 'security', 'Pashinyan']);
    expect(page.body).toContain(
      'Armenia has frozen its participation in the Russian-led Collective Security Treaty Organization',
    );
    expect(page.body).toContain('months of tension');
    for (const noise of ['newsletter', 'caption', 'unrelated story', 'Copyright', 'Home', 'Reporter'])
      expect(page.body).not.toContain(noise);
  });

  it('falls back to <title> and the richest block of paragraphs', () => {
    const page = extractPage(fixture('page-untagged.html'), 'https://www.quiet.example/p');
    expect(page).toMatchObject({ title: 'A quiet page', keywords: [], source: 'quiet.example', publishedAt: null });
    expect(page.body.split('\n\n')).toHaveLength(2);
  });

  it('turns HTML into paragraphs of plain text', () => {
    expect(htmlToText('<p>One &amp; <b>two</b></p><ul><li>a</li><li>b</li></ul>x<br>y<style>p{}</style>')).toBe(
      'One & two\n\n• a\n\n• b\n\nx\ny',
    );
  });
});
