import { describe, expect, it } from 'vitest';
import { renderDelivery } from '../../adapters/discord/delivery-message.ts';
import { escapeText, unescapeText } from '../../adapters/discord/markdown.ts';
import { discordCardPreviewer } from '../../adapters/discord/preview.ts';
import type { ArticleView } from '../../src/index.ts';
import { articleView } from '../helpers/article-view.ts';

const HOSTILE = [
  '**Breaking** <@&1> @everyone',
  '> quoted\n# heading\n-# small\n- item\n12. numbered',
  '`````code````` ||spoiler|| ~~gone~~ __under__ \\back\\slash',
  '[masked](https://evil.example) <https://x.example> *a*_b_',
  'Армения: «Ереван» — Հայաստան՝ Երևան։',
  // A link is sent as it is (a backslash in it would change the address), so it is read back as it is.
  'see https://x.example/a\\_b*c and \\*bold*',
];

const article: ArticleView = articleView({
  title: '**Armenia** freezes its <CSTO> participation',
  summary: '> Not a quote. _Not italic_.',
  imageUrl: 'https://images.example.com/a.jpg',
});

describe("the Discord card preview (the newsroom's)", () => {
  it.each(HOSTILE)('reads escaped text back as a reader sees it: %j', (text) => {
    expect(unescapeText(escapeText(text))).toBe(text);
  });

  it('is the embed and buttons the sender posts, escapes resolved', () => {
    const buttons = [[{ label: 'Related', data: 'r' }], [{ label: '+ #Armenia', data: 'a' }]];
    const preview = discordCardPreviewer.render({ article, buttons, locale: 'en' });
    const sent = renderDelivery({
      deliveryId: 1,
      subscriber: { id: 1, platform: 'discord', chatId: '1', kind: 'channel' },
      article,
      mentionRoleIds: [],
      buttons,
      locale: 'en',
    }).embeds?.[0];
    expect(sent?.title).toContain('\\*\\*Armenia\\*\\*');
    expect(preview).toMatchObject({
      platform: 'discord',
      embed: {
        title: '**Armenia** freezes its <CSTO> participation',
        url: 'https://example.com/csto',
        description: '> Not a quote. _Not italic_.',
        imageUrl: 'https://images.example.com/a.jpg',
        timestamp: sent?.timestamp,
        footer: sent?.footer?.text,
      },
      buttons: [['Related'], ['+ #Armenia']],
    });
    if (preview.platform === 'discord')
      expect(preview.embed.fields).toEqual(
        (sent?.fields ?? []).map((f) => ({ name: f.name, value: unescapeText(f.value) })),
      );
  });
});
