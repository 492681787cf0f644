import { describe, expect, it } from 'vitest';
import { telegramCardPreviewer } from '../../adapters/telegram/preview.ts';
import { articleCardHtml } from '../../adapters/telegram/render.ts';
import { CAPTION_MAX } from '../../adapters/telegram/sender.ts';
import type { ArticleView } from '../../src/index.ts';
import { articleView } from '../helpers/article-view.ts';

const article = (overrides: Partial<ArticleView> = {}): ArticleView =>
  articleView({ title: 'Armenia freezes its <CSTO> participation', ...overrides });

const buttons = [
  [{ label: 'Related', data: 'r' }],
  [
    { label: '+ #Armenia', data: 'a' },
    { label: '+ #CSTO', data: 'c' },
  ],
];

describe("the Telegram card preview (the newsroom's)", () => {
  it('is the HTML and keyboard the sender sends, without a picture', () => {
    const preview = telegramCardPreviewer.render({ article: article(), buttons, locale: 'en' });
    expect(preview).toEqual({
      platform: 'telegram',
      html: articleCardHtml(article(), undefined, undefined, 'en'),
      picture: null,
      buttons: [['Related'], ['+ #Armenia', '+ #CSTO']],
    });
    if (preview.platform === 'telegram') expect(preview.html).toContain('&lt;CSTO&gt;');
  });

  it('sends a picture as a photo when the card fits a caption, else as a large preview above the text', () => {
    const image = 'https://images.example.com/a.jpg';
    const short = telegramCardPreviewer.render({ article: article({ imageUrl: image }), buttons: [], locale: 'en' });
    expect(short).toMatchObject({ picture: { url: image, as: 'photo' }, buttons: [] });
    const long = telegramCardPreviewer.render({
      article: article({ imageUrl: image, summary: 'Word '.repeat(CAPTION_MAX / 4) }),
      buttons: [],
      locale: 'en',
    });
    expect(long).toMatchObject({ picture: { url: image, as: 'large-preview' } });
  });

  it("uses the chat's language for the card's labels", () => {
    const preview = telegramCardPreviewer.render({ article: article({ tags: [] }), buttons: [], locale: 'ru' });
    expect(preview.platform === 'telegram' && preview.html).toContain('фев');
  });
});
