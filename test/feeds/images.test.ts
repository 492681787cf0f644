import { describe, expect, it } from 'vitest';
import { validateArticle } from '../../src/domain/article.ts';
import { parsePostMessage } from '../../src/commands/post-format.ts';
import { pictureUrl } from '../../src/feeds/dom.ts';
import { entryToArticle } from '../../src/feeds/entry-article.ts';
import { firstPicture } from '../../src/feeds/html-text.ts';
import { postForm } from '../../src/feeds/link-post.ts';
import { extractPage } from '../../src/feeds/page.ts';
import { parseFeed, type FeedEntry } from '../../src/feeds/parse.ts';
import { fixture } from './helpers/source-server.ts';

const imagesOf = (feedText: string, url: string) =>
  Object.fromEntries(parseFeed(feedText, url).entries.map((e) => [e.guid ?? e.title, e.image]));

describe('feed entry pictures', () => {
  it('RSS: Media RSS first (the widest image), then thumbnails, groups and image enclosures', () => {
    const images = imagesOf(fixture('media-rss.xml'), 'https://pics.example/feed/rss.xml');
    expect(images).toEqual({
      // Two image media:content (by medium, by type): the wider one; video, thumbnail and enclosure lose.
      'p-1': 'https://cdn.pics.example/large-1.jpg',
      // Resolved against the feed's address, as links are.
      'p-2': 'https://pics.example/thumbs/2.jpg',
      // An audio enclosure is not a picture; the image enclosure after it is.
      'p-3': 'https://cdn.pics.example/cover-3.png',
      'p-4': null,
      // javascript: and data: addresses are never pictures, however wide.
      'p-5': 'https://cdn.pics.example/safe-5.jpg',
      // media:group children beat an enclosure.
      'p-6': 'https://cdn.pics.example/group-large.jpg',
      'p-7': 'https://cdn.pics.example/clip-poster.jpg',
      'p-8': 'https://cdn.pics.example/linked-8.webp',
      // The first usable <img> of the HTML, resolved against the entry's link: pixels, emoji and unsafe ones skipped.
      'p-9': 'https://pics.example/news/inline/pics/9.jpg',
      'p-10': null,
    });
  });

  it('RSS: Media RSS under another prefix, and media:content that names a picture only by its file name', () => {
    const rss = `<rss xmlns:m="http://search.yahoo.com/mrss/"><channel><title>T</title>
      <item><guid>a</guid><m:content url="https://x.example/a.mp4"/><m:content url="https://x.example/a.JPG"/></item>
      <item><guid>b</guid><media:content url="https://x.example/b.svg" medium="image"/></item>
      </channel></rss>`;
    expect(imagesOf(rss, 'https://x.example/rss')).toEqual({ a: 'https://x.example/a.JPG', b: null });
  });

  it('Atom: an enclosure link to an image, relative to the feed; an audio enclosure is ignored', () => {
    const atom = `<feed xmlns="http://www.w3.org/2005/Atom"><title>A</title>
      <entry><id>e1</id><title>One</title><link href="https://atom.example/1"/>
        <link rel="enclosure" type="audio/mpeg" href="https://atom.example/1.mp3"/>
        <link rel="enclosure" type="image/png" href="pictures/1.png"/></entry>
      <entry><id>e2</id><title>Two</title><link href="https://atom.example/posts/2"/>
        <link rel="enclosure" type="audio/mpeg" href="https://atom.example/2.mp3"/></entry>
      <entry><id>e3</id><title>Three</title><link href="https://atom.example/posts/3"/>
        <content type="xhtml"><div xmlns="http://www.w3.org/1999/xhtml"><p>Text</p><img src="3.jpg"/></div></content></entry>
      <entry><id>e4</id><title>Four</title><link href="https://atom.example/posts/4"/>
        <content type="text">&lt;img src="https://atom.example/not-markup.jpg"&gt;</content></entry>
      </feed>`;
    expect(imagesOf(atom, 'https://atom.example/feeds/main.atom')).toEqual({
      e1: 'https://atom.example/feeds/pictures/1.png',
      e2: null,
      e3: 'https://atom.example/posts/3.jpg',
      e4: null, // text content is not HTML
    });
  });

  it('JSON Feed: image, then banner_image, then an image attachment, then the content HTML', () => {
    const json = JSON.stringify({
      version: 'https://jsonfeed.org/version/1.1',
      title: 'J',
      items: [
        { id: '1', url: 'https://json.example/1', image: '/img/1.jpg', banner_image: 'https://json.example/b1.jpg' },
        { id: '2', url: 'https://json.example/2', image: 'javascript:alert(1)', banner_image: 'banner/2.png' },
        {
          id: '3',
          url: 'https://json.example/3',
          attachments: [
            { url: 'https://json.example/3.mp3', mime_type: 'audio/mpeg' },
            { url: 'https://json.example/3.jpg', mime_type: 'image/jpeg' },
          ],
        },
        { id: '4', url: 'https://json.example/p/4', content_html: '<p>Hi <img src="four.jpg"></p>' },
        { id: '5', url: 'https://json.example/5', image: 42, content_text: '<img src="https://json.example/5.jpg">' },
      ],
    });
    expect(imagesOf(json, 'https://json.example/feed.json')).toEqual({
      1: 'https://json.example/img/1.jpg',
      2: 'https://json.example/banner/2.png',
      3: 'https://json.example/3.jpg',
      4: 'https://json.example/p/four.jpg',
      5: null,
    });
  });

  it('the existing fixtures have no pictures', () => {
    for (const [name, url] of [
      ['rss.xml', 'https://news.example/rss.xml'],
      ['atom.xml', 'https://atom.example/feed.atom'],
      ['feed.json', 'https://json.example/feed.json'],
    ] as const)
      expect(parseFeed(fixture(name), url).entries.map((e) => e.image)).toEqual(
        parseFeed(fixture(name), url).entries.map(() => null),
      );
  });

  it('passes the picture on as the article input, which validates', () => {
    const entry: FeedEntry = {
      guid: 'g',
      title: 'T',
      url: 'https://a.example/1',
      body: 'B',
      publishedAt: null,
      image: 'https://cdn.a.example/pic.jpg',
      categories: ['A'],
    };
    const feed = { title: 'F', url: 'https://a.example/feed', defaultTags: [] };
    const input = entryToArticle(entry, feed);
    expect(input.image).toBe('https://cdn.a.example/pic.jpg');
    expect(validateArticle(input).imageUrl).toBe('https://cdn.a.example/pic.jpg');
    // An entry built elsewhere with an unusable picture loses the picture, not the article.
    for (const image of [null, 'javascript:alert(1)', '/relative.jpg', `https://a.example/${'x'.repeat(3000)}.jpg`])
      expect(validateArticle(entryToArticle({ ...entry, image }, feed)).imageUrl).toBeNull();
  });

  it('pictureUrl and firstPicture accept only http(s) pictures', () => {
    expect(pictureUrl('//cdn.example/a.jpg', 'https://x.example/')).toBe('https://cdn.example/a.jpg');
    expect(pictureUrl(' JavaScript:alert(1)', 'https://x.example/')).toBeNull();
    expect(pictureUrl('ftp://x.example/a.jpg', 'https://x.example/')).toBeNull();
    expect(pictureUrl('/logo.svg', 'https://x.example/')).toBeNull();
    expect(firstPicture('<p>no pictures</p>', 'https://x.example/')).toBeNull();
    expect(firstPicture('<noscript><img src="a.jpg"></noscript><img src="b.jpg">', 'https://x.example/')).toBe(
      'https://x.example/b.jpg',
    );
    expect(
      firstPicture(
        '<img src="https://x.example/avatar.jpg" width="32"><img src="c.jpg" width="600">',
        'https://x.example/d/',
      ),
    ).toBe('https://x.example/d/c.jpg');
  });
});

describe('page pictures', () => {
  const page = (head: string) => `<!doctype html><html><head><title>Page</title>${head}</head><body></body></html>`;
  const ld = (value: unknown) => `<script type="application/ld+json">${JSON.stringify(value)}</script>`;
  const imageOf = (head: string) => extractPage(page(head), 'https://site.example/news/story?x=1').image;

  it('reads og:image first, then og:image:url and og:image:secure_url, resolved against the page', () => {
    const twitter = '<meta name="twitter:image" content="https://site.example/tw.jpg">';
    expect(imageOf(`${twitter}<meta property="og:image" content="/og.jpg">`)).toBe('https://site.example/og.jpg');
    expect(imageOf(`<meta property="og:image:url" content="og-url.jpg">${twitter}`)).toBe(
      'https://site.example/news/og-url.jpg',
    );
    expect(
      imageOf(
        '<meta property="og:image" content="javascript:alert(1)"><meta property="og:image:secure_url" content="https://cdn.site.example/s.jpg">',
      ),
    ).toBe('https://cdn.site.example/s.jpg');
  });

  it('falls back to twitter:image, then the JSON-LD article image', () => {
    const article = (image: unknown) => ld({ '@context': 'https://schema.org', '@type': 'NewsArticle', image });
    expect(imageOf(`${article('https://site.example/ld.jpg')}<meta name="twitter:image" content="tw.jpg">`)).toBe(
      'https://site.example/news/tw.jpg',
    );
    expect(imageOf('<meta name="twitter:image:src" content="https://site.example/src.jpg">')).toBe(
      'https://site.example/src.jpg',
    );
    expect(imageOf(article('/ld.jpg'))).toBe('https://site.example/ld.jpg');
    expect(imageOf(article({ '@type': 'ImageObject', url: 'https://site.example/obj.jpg', width: 1200 }))).toBe(
      'https://site.example/obj.jpg',
    );
    expect(imageOf(article(['data:image/png;base64,xx', { contentUrl: 'https://site.example/second.jpg' }]))).toBe(
      'https://site.example/second.jpg',
    );
    // Yoast-style graph: the article names its image by @id.
    const graph = ld({
      '@context': 'https://schema.org',
      '@graph': [
        { '@type': 'Article', headline: 'H', image: { '@id': 'https://site.example/#primaryimage' } },
        { '@type': 'ImageObject', '@id': 'https://site.example/#primaryimage', url: 'https://site.example/yoast.jpg' },
      ],
    });
    expect(imageOf(graph)).toBe('https://site.example/yoast.jpg');
    // Only an article's image counts.
    expect(imageOf(ld({ '@type': 'Organization', image: 'https://site.example/org.jpg' }))).toBeNull();
    expect(imageOf('')).toBeNull();
    expect(extractPage(fixture('page.html'), 'https://example.com/news/armenia-csto').image).toBeNull();
  });

  it('puts the picture in the /post form, where /post reads it back', () => {
    const extracted = extractPage(
      page('<meta property="og:image" content="/pic.jpg?w=1200&amp;h=630">'),
      'https://site.example/news/story',
    );
    const form = postForm(extracted, ['Armenia']);
    expect(form.split('\n')).toContain('image: https://site.example/pic.jpg?w=1200&h=630');
    const input = parsePostMessage(form.replace(/^\/post /u, ''));
    expect(input.image).toBe('https://site.example/pic.jpg?w=1200&h=630');
    expect(validateArticle(input).imageUrl).toBe('https://site.example/pic.jpg?w=1200&h=630');
    expect(postForm({ ...extracted, image: null }, ['Armenia'])).not.toMatch(/^image:/mu);
    // A title that /post would read as the image header is reworded.
    expect(postForm({ ...extracted, title: 'Image: the week' }, ['Armenia'])).toMatch(/^\/post Image — the week\n/u);
  });
});
