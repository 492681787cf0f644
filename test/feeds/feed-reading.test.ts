import { describe, expect, it } from 'vitest';
import { htmlToText } from '../../src/feeds/html-text.ts';
import { MAX_NESTING } from '../../src/feeds/nesting.ts';
import { FeedParseError, parseFeed } from '../../src/feeds/parse.ts';

/* What feedsmith reads that the hand-written reader did not, and what tagwire's checks around it keep. */

const BASE = 'https://feed.example/f/feed.xml';

describe('feeds read by feedsmith', () => {
  it('knows namespaces by their URI, whatever their prefix', () => {
    const rss = `<rss version="2.0" xmlns:c="http://purl.org/rss/1.0/modules/content/" xmlns:dublin="http://purl.org/dc/elements/1.1/">
      <channel><title>T</title><dublin:language>ru</dublin:language>
      <item><title>Prefixed</title><link>https://p.example/1</link><description>Short</description>
        <c:encoded><![CDATA[<p>Full text.</p>]]></c:encoded><dublin:date>2024-05-01T10:00:00Z</dublin:date>
        <dublin:subject>Россия</dublin:subject></item></channel></rss>`;
    const feed = parseFeed(rss, BASE);
    expect(feed.language).toBe('ru');
    expect(feed.entries[0]).toMatchObject({
      body: 'Full text.',
      categories: ['Россия'],
      publishedAt: new Date('2024-05-01T10:00:00Z'),
    });
  });

  it('RSS: atom:published as the date, the iTunes episode image as the picture', () => {
    const rss = `<rss version="2.0" xmlns:atom="http://www.w3.org/2005/Atom" xmlns:itunes="http://www.itunes.com/dtds/podcast-1.0.dtd">
      <channel><title>Podcast</title>
      <item><title>Episode</title><atom:link rel="alternate" href="/ep/1"/><atom:published>2024-05-01T10:00:00Z</atom:published>
        <enclosure url="https://p.example/1.mp3" type="audio/mpeg" length="1"/><itunes:image href="/art/1.jpg"/></item>
      </channel></rss>`;
    expect(parseFeed(rss, BASE).entries[0]).toMatchObject({
      url: 'https://feed.example/ep/1',
      publishedAt: new Date('2024-05-01T10:00:00Z'),
      image: 'https://feed.example/art/1.jpg',
    });
  });

  it('Atom: xml:base moves relative links, out-of-line content falls back to the summary, Atom 0.3 dates count', () => {
    const atom = `<feed xmlns="http://www.w3.org/2005/Atom" xml:base="https://base.example/dir/"><title>A</title>
      <entry xml:base="sub/"><id>1</id><title>One</title><link href="p1"/>
        <content src="https://base.example/1.html" type="text/html"/><summary>The summary.</summary></entry></feed>`;
    expect(parseFeed(atom, BASE).entries[0]).toMatchObject({
      url: 'https://base.example/dir/sub/p1',
      body: 'The summary.',
    });
    const atom03 = `<feed version="0.3" xmlns="http://purl.org/atom/ns#"><title>Old</title>
      <entry><id>1</id><title>t</title><link rel="alternate" type="text/html" href="https://a.example/1"/>
        <issued>2004-01-01T10:00:00Z</issued><content type="text/html" mode="escaped">&lt;p&gt;hi&lt;/p&gt;</content></entry></feed>`;
    expect(parseFeed(atom03, BASE).entries[0]).toMatchObject({
      body: 'hi',
      publishedAt: new Date('2004-01-01T10:00:00Z'),
    });
    expect(parseFeed('<feed xmlns="http://www.w3.org/2005/Atom"/>', BASE)).toEqual({
      format: 'atom',
      title: null,
      language: null,
      entries: [],
    });
  });

  it('JSON Feed: version 1 written with http, and a number where an address belongs ignored', () => {
    const json = JSON.stringify({
      version: 'http://jsonfeed.org/version/1',
      title: 'J',
      items: [{ id: 7, url: 'https://json.example/7', image: 42, banner_image: 'b.jpg', content_text: 'Text.' }],
    });
    expect(parseFeed(json, 'https://json.example/feed.json').entries[0]).toMatchObject({
      guid: '7',
      image: 'https://json.example/b.jpg',
      body: 'Text.',
    });
  });

  it('keeps the items after a stray end tag, which feedsmith alone would lose', () => {
    const rss = `<rss><channel><title>T</title><item><title>a</title></item></item><item><title>b</title></item></channel></rss>`;
    expect(parseFeed(rss, BASE).entries.map((e) => e.title)).toEqual(['a', 'b']);
  });

  it('refuses XML nested absurdly deep, and reads no further into HTML nested so, quickly', () => {
    const started = Date.now();
    const deep = `<rss><channel><title>T</title><item><title>x</title><x>${'<a>'.repeat(200_000)}${'</a>'.repeat(200_000)}</x></item></channel></rss>`;
    expect(() => parseFeed(deep, BASE)).toThrow(FeedParseError);
    expect(() => parseFeed(deep, BASE)).toThrow(`nested more than ${MAX_NESTING} deep`);
    const deepHtml = `<rss><channel><title>T</title><item><title>x</title><description><![CDATA[<p>Start.</p>${'<b>'.repeat(200_000)}x]]></description></item></channel></rss>`;
    expect(parseFeed(deepHtml, BASE).entries[0]?.body).toBe('Start.');
    expect(htmlToText(`<p>Top.</p>${'<div>'.repeat(200_000)}`)).toBe('Top.');
    expect(Date.now() - started).toBeLessThan(5_000);
  });
});
