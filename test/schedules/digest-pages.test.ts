import { describe, expect, it } from 'vitest';
import { MAX_DIGEST_PAGES, paginateDigest, type DigestView } from '../../src/domain/digest.ts';
import { replyText } from '../helpers/reply.ts';

function view(
  groups: Record<string, number>,
  title = (tag: string, i: number) => `${tag} story number ${i}`,
): DigestView {
  let n = 0;
  return {
    cadence: 'daily',
    dateLabel: 'Fri 27 Nov',
    groups: Object.entries(groups).map(([tag, count]) => ({
      tag,
      entries: Array.from({ length: count }, (_, i) => ({
        publicId: `id${String(n++).padStart(4, '0')}`,
        title: title(tag, i),
        url: `https://news.example/${n}`,
        tags: [tag, 'World'],
      })),
    })),
  };
}

const ids = (text: string) => [...text.matchAll(/id\d{4}/gu)].map((m) => m[0]);

describe('digest pages', () => {
  it('puts a short digest on one page: heading, groups by tag, each article with its id and other tags', () => {
    const [page, ...rest] = paginateDigest(view({ Armenia: 2, Russia: 1 }), () => true);
    expect(rest).toEqual([]);
    const text = replyText(page ?? { status: 'ok', blocks: [], buttons: [] });
    expect(text.split('\n')[0]).toBe('Your daily digest, Fri 27 Nov: 3 articles');
    expect(text).toContain(
      '#Armenia\nArmenia story number 0 · id0000 #World\nArmenia story number 1 · id0001 #World\n#Russia',
    );
    expect(page?.blocks[2]).toMatchObject({
      kind: 'list',
      items: [
        [
          { text: 'Armenia story number 0', url: 'https://news.example/1' },
          { text: ' · ' },
          { text: 'id0000', code: true },
          { text: ' #World' },
        ],
        expect.anything(),
      ],
    });
  });

  it('splits a long digest between articles: every page fits, every article once, in order, groups marked as continued', () => {
    const limit = 600;
    const digest = view({ Armenia: 20, Russia: 15, CSTO: 3 });
    const pages = paginateDigest(digest, (reply) => replyText(reply).length <= limit);
    expect(pages.length).toBeGreaterThan(2);
    const texts = pages.map(replyText);
    for (const text of texts) expect(text.length).toBeLessThanOrEqual(limit);
    expect(texts.flatMap(ids)).toEqual(digest.groups.flatMap((g) => g.entries.map((e) => e.publicId)));
    texts.forEach((text, k) =>
      expect(text.split('\n')[0]).toBe(`Your daily digest, Fri 27 Nov: 38 articles (${k + 1}/${pages.length})`),
    );
    expect(texts[1]).toMatch(/^#(Armenia|Russia) \(continued\)$/mu);
  });

  it('shortens a title too long for a page on its own instead of cutting the page', () => {
    const digest = view({ Armenia: 1 }, () => 'word '.repeat(200).trim());
    const [page, ...rest] = paginateDigest(digest, (reply) => replyText(reply).length <= 400);
    expect(rest).toEqual([]);
    const text = replyText(page ?? { status: 'ok', blocks: [], buttons: [] });
    expect(text.length).toBeLessThanOrEqual(400);
    expect(text).toContain('id0000');
  });

  it(`stops at ${MAX_DIGEST_PAGES} pages and says how many articles were left out`, () => {
    const digest = view({ Armenia: 500 });
    const pages = paginateDigest(digest, (reply) => replyText(reply).length <= 500);
    expect(pages).toHaveLength(MAX_DIGEST_PAGES);
    const shown = pages.map(replyText).flatMap(ids).length;
    expect(replyText(pages[MAX_DIGEST_PAGES - 1] ?? { status: 'ok', blocks: [], buttons: [] })).toContain(
      `…and ${500 - shown} more articles`,
    );
  });
});
