import { describe, expect, it } from 'vitest';
import {
  applyCardWords,
  cardStyleOr,
  cardText,
  DEFAULT_CARD_SETTINGS,
  FULL_CARD_MAX_LENGTH,
  leadParagraphs,
} from '../../src/domain/card.ts';

const article = {
  title: 'Armenia freezes CSTO participation',
  summary: 'Armenia has frozen its participation in the bloc.',
  body: 'Armenia has frozen its participation in the bloc.\nThe prime minister said so.\n\nMoscow did not comment.\n\nA third paragraph.',
};

describe('card styles', () => {
  it('headline shows no text, compact the summary, full the first paragraphs', () => {
    expect(cardText(article, 'headline')).toBe('');
    expect(cardText(article, 'compact')).toBe(article.summary);
    expect(cardText(article, 'full')).toBe(
      'Armenia has frozen its participation in the bloc. The prime minister said so.\n\nMoscow did not comment.\n\nA third paragraph.',
    );
  });

  it('shows nothing under the title of an article without a body (its summary is its title)', () => {
    const bare = { title: 'Только заголовок', summary: 'Только  заголовок', body: '' };
    expect(cardText(bare, 'compact')).toBe('');
    expect(cardText(bare, 'full')).toBe('');
  });

  it('keeps whole paragraphs up to the limit, and cuts a first paragraph longer than it at a word', () => {
    const para = 'Հայաստանը սառեցրել է իր մասնակցությունը։ '.repeat(20).trim();
    const lead = leadParagraphs([para, para, para, para].join('\n\n'), 1000);
    expect(lead.split('\n\n')).toHaveLength(Math.floor(1002 / (para.length + 2)));
    expect(lead.length).toBeLessThanOrEqual(1000);
    const long = 'Слово '.repeat(400).trim();
    const cut = leadParagraphs(long);
    expect(cut.length).toBeLessThanOrEqual(FULL_CARD_MAX_LENGTH);
    expect(cut).toMatch(/^Слово( Слово)*…?$/u);
  });

  it('reads stored styles, unknown ones as the default', () => {
    expect(cardStyleOr('full')).toBe('full');
    expect(cardStyleOr(null)).toBe('compact');
    expect(cardStyleOr('huge')).toBe('compact');
  });

  it('applies /card words in any order and case, and names the first it cannot read', () => {
    expect(applyCardWords('Silent ON full', DEFAULT_CARD_SETTINGS)).toEqual({
      ok: true,
      settings: { style: 'full', linkPreviews: false, silent: true },
    });
    expect(applyCardWords('previews on', { style: 'headline', linkPreviews: false, silent: true })).toEqual({
      ok: true,
      settings: { style: 'headline', linkPreviews: true, silent: true },
    });
    expect(applyCardWords('full toString on', DEFAULT_CARD_SETTINGS)).toEqual({ ok: false, word: 'tostring' });
    expect(applyCardWords('silent', DEFAULT_CARD_SETTINGS)).toEqual({ ok: false, word: 'silent' });
    expect(applyCardWords('previews constructor', DEFAULT_CARD_SETTINGS)).toEqual({ ok: false, word: 'previews' });
  });
});
