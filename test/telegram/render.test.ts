import { describe, expect, it } from 'vitest';
import {
  articleCardHtml,
  escapeHtml,
  keyboardFor,
  MESSAGE_MAX,
  renderReply,
  renderReplyAsOne,
  spansHtml,
  visibleLength,
} from '../../adapters/telegram/render.ts';
import type { ArticleView, Block, Reply } from '../../src/index.ts';
import { characterCount, parseTelegramHtml } from '../emulators/telegram/html.ts';
import { articleView } from '../helpers/article-view.ts';

const article = (overrides: Partial<ArticleView> = {}): ArticleView =>
  articleView({ tags: ['Armenia', 'CSTO', 'New York'], ...overrides });

/** Parses like Telegram (strictly) and fails the test if Telegram would refuse it. */
function telegramParses(html: string) {
  const parsed = parseTelegramHtml(html);
  if (!parsed.ok) throw new Error(`${parsed.error}\n${html.slice(0, 300)}`);
  expect(characterCount(parsed.text)).toBeLessThanOrEqual(MESSAGE_MAX);
  return parsed;
}

const result = (rank: number, snippet: string): Block => ({
  kind: 'result',
  rank,
  article: article({ title: `Result ${rank} <x>` }),
  snippet: [{ text: snippet }],
});

describe('Telegram renderer', () => {
  it('escapes &, < and > in text and quotes in link targets', () => {
    expect(escapeHtml('a < b && c > "d"')).toBe('a &lt; b &amp;&amp; c &gt; "d"');
    const html = spansHtml([
      { text: '<i>', bold: true, url: 'https://e.com/?a=1&b="2"' },
      { text: ' & ', code: true },
      { text: 'x', italic: true },
    ]);
    expect(html).toBe(
      '<a href="https://e.com/?a=1&amp;b=&quot;2&quot;"><b>&lt;i&gt;</b></a><code> &amp; </code><i>x</i>',
    );
    const parsed = telegramParses(html);
    expect(parsed.text).toBe('<i> & x');
    expect(parsed.entities).toContainEqual({
      type: 'text_link',
      offset: 0,
      length: 3,
      url: 'https://e.com/?a=1&b="2"',
    });
  });

  it('renders a card: bold linked title, date and source, summary, hashtags and id', () => {
    const html = articleCardHtml(article());
    const parsed = telegramParses(html);
    expect(parsed.text).toBe(
      [
        'Armenia freezes its CSTO participation',
        '2024-02-23 · Example News',
        'Armenia has frozen its participation in the bloc.',
        '#Armenia #CSTO #New_York · id k3x9pq',
      ].join('\n'),
    );
    expect(parsed.entities.map((e) => e.type).sort()).toEqual(['bold', 'code', 'italic', 'text_link']);
    expect(parsed.entities.find((e) => e.type === 'text_link')).toMatchObject({
      offset: 0,
      length: 38,
      url: 'https://example.com/csto',
    });
    expect(articleCardHtml(article({ url: null }))).not.toContain('<a ');
  });

  it('cuts a long body at a word to stay within 4096 characters, markup intact', () => {
    const body = `${'Lorem ipsum & <dolor> sit amet. '.repeat(5000)}THE END`;
    const html = articleCardHtml(article(), body);
    const parsed = telegramParses(html);
    expect(parsed.text).not.toContain('THE END');
    expect(parsed.text).toContain('…');
    expect(parsed.text.endsWith('#Armenia #CSTO #New_York · id k3x9pq')).toBe(true);
    expect(characterCount(parsed.text)).toBeGreaterThan(MESSAGE_MAX - 200);
  });

  it('counts characters outside the basic plane twice, so emoji-heavy text still fits', () => {
    const html = articleCardHtml(article(), '📰'.repeat(5000));
    telegramParses(html);
    expect(visibleLength(html)).toBeLessThanOrEqual(MESSAGE_MAX);
  });

  it('splits a long reply between blocks, keyboard on the last message', () => {
    const reply: Reply = {
      status: 'ok',
      blocks: Array.from({ length: 12 }, (_, i) => result(i + 1, `${'snippet text '.repeat(60)}end ${i + 1}`)),
      buttons: [[{ label: 'Next ▶', data: '!search 5 oil' }]],
    };
    const messages = renderReply(reply);
    expect(messages.length).toBeGreaterThan(1);
    const texts = messages.map((m) => telegramParses(m.html).text);
    for (let i = 1; i <= 12; i++)
      expect(texts.filter((text) => new RegExp(`end ${i}\\b`, 'u').test(text))).toHaveLength(1);
    expect(messages.slice(0, -1).every((m) => m.keyboard === undefined)).toBe(true);
    expect(messages.at(-1)?.keyboard).toEqual({
      inline_keyboard: [[{ text: 'Next ▶', callback_data: '!search 5 oil' }]],
    });
  });

  it('fits a reply into one message for an edit, saying when blocks were left out', () => {
    const reply: Reply = {
      status: 'ok',
      blocks: Array.from({ length: 12 }, (_, i) => result(i + 1, 'snippet text '.repeat(60))),
      buttons: [[{ label: '◀ Previous', data: '!search 0 oil' }]],
    };
    const message = renderReplyAsOne(reply);
    const parsed = telegramParses(message.html);
    expect(parsed.text.endsWith('\n\n…')).toBe(true);
    expect(parsed.text).toContain('1. Result 1 <x>');
    expect(message.keyboard?.inline_keyboard[0]?.[0]?.text).toBe('◀ Previous');
  });

  it('cuts one paragraph that is too long on its own', () => {
    const reply: Reply = {
      status: 'ok',
      blocks: [{ kind: 'paragraph', spans: [{ text: 'Intro: ' }, { text: 'x<y '.repeat(3000), code: true }] }],
      buttons: [],
    };
    const [message, ...rest] = renderReply(reply);
    expect(rest).toHaveLength(0);
    const parsed = telegramParses(message?.html ?? '');
    expect(parsed.text.startsWith('Intro: x<y x<y')).toBe(true);
    expect(parsed.entities[0]?.type).toBe('code');
  });

  it('sends something readable for a reply without blocks', () => {
    expect(renderReply({ status: 'ok', blocks: [], buttons: [] })[0]?.html).toBe('Done.');
    expect(renderReplyAsOne({ status: 'error', blocks: [], buttons: [], heading: 'A <heading>' }).html).toBe(
      'A &lt;heading&gt;',
    );
  });

  it('builds inline keyboards, leaving out buttons Telegram would refuse', () => {
    expect(keyboardFor([])).toBeUndefined();
    expect(keyboardFor([[{ label: 'Too long', data: 'x'.repeat(65) }]])).toBeUndefined();
    const keyboard = keyboardFor([
      [
        { label: 'Related', data: '/related k3x9pq' },
        { label: 'Bad', data: 'é'.repeat(33) },
      ],
      [{ label: `+ #${'Long tag '.repeat(20)}`, data: '!toggle k3x9pq 0' }],
    ]);
    expect(keyboard?.inline_keyboard.map((row) => row.length)).toEqual([1, 1]);
    expect(Array.from(keyboard?.inline_keyboard[1]?.[0]?.text ?? '').length).toBeLessThanOrEqual(64);
  });
});
