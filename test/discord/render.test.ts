import { describe, expect, it } from 'vitest';
import { embedLength, renderArticleEmbed } from '../../adapters/discord/article-embed.ts';
import { DISCORD_LIMITS } from '../../adapters/discord/limits.ts';
import { cutText, escapeText, renderSpans } from '../../adapters/discord/markdown.ts';
import { renderButtonRows, renderReply, SHARE_BUTTON_ID } from '../../adapters/discord/render.ts';
import type { ArticleView, Reply } from '../../src/index.ts';
import { messageProblems } from '../emulators/discord/messages.ts';

const article = (over: Partial<ArticleView> = {}): ArticleView => ({
  publicId: 'k3x9pq',
  externalId: null,
  title: 'Armenia freezes its CSTO participation',
  url: 'https://example.com/a',
  summary: 'Armenia has frozen its participation in the bloc.',
  tags: ['Armenia', 'CSTO'],
  source: 'Example News',
  publishedAt: new Date('2024-02-23T10:00:00Z'),
  createdAt: new Date('2024-02-23T11:00:00Z'),
  ...over,
});

const ok = (blocks: Reply['blocks'], buttons: Reply['buttons'] = []): Reply => ({ status: 'ok', blocks, buttons });

describe('Discord markdown', () => {
  it('escapes markdown, masked links, quotes and mention syntax in raw text', () => {
    expect(escapeText('**bold** _it_ `code` ~~s~~ ||x||')).toBe(
      '\\*\\*bold\\*\\* \\_it\\_ \\`code\\` \\~\\~s\\~\\~ \\|\\|x\\|\\|',
    );
    expect(escapeText('# heading\n> quote\n- item')).toBe('\\# heading\n\\> quote\n\\- item');
    expect(escapeText('[click](https://evil.example)')).toBe('\\[click](https://evil.example)');
    expect(escapeText('<@&123> <@456> @everyone')).toBe('\\<@&123> \\<@456> @everyone');
  });

  it('renders styled spans, keeping spaces outside the markers, and safe links', () => {
    expect(
      renderSpans([
        { text: 'Posted ' },
        { text: 'k3x9pq', code: true },
        { text: ': ' },
        { text: 'A *title* ', bold: true },
      ]),
    ).toBe('Posted `k3x9pq`: **A \\*title\\*** ');
    expect(renderSpans([{ text: 'note', italic: true }])).toBe('*note*');
    expect(renderSpans([{ text: 'a [b]', url: 'https://x.example/p(1) q' }])).toBe(
      '[a \\[b\\]](https://x.example/p%281%29%20q)',
    );
    // A masked link inside a link's text: each bracket escaped once, so the reader sees it as typed.
    expect(renderSpans([{ text: '[click](https://evil.example)', url: 'https://x.example' }])).toBe(
      '[\\[click\\](https://evil.example)](https://x.example)',
    );
    expect(renderSpans([{ text: 'a`b', code: true }])).toBe('`aˋb`');
    expect(renderSpans([{ text: 'line 1\n```\nline 3', code: true }])).toBe('```\nline 1\n`\u200b``\nline 3\n```');
  });

  it('cuts text at a word within the limit', () => {
    expect(cutText('one two three four', 12)).toBe('one two…');
    expect(cutText('short', 12)).toBe('short');
  });
});

describe('rendering a Reply as an embed and buttons', () => {
  it('puts text blocks in one embed coloured by status, lists as bullets, results with link, date and id', () => {
    const reply = ok([
      { kind: 'paragraph', spans: [{ text: 'Search: oil', bold: true }] },
      { kind: 'list', items: [[{ text: 'one' }], [{ text: 'two' }]] },
      {
        kind: 'result',
        article: article(),
        rank: 1,
        snippet: [{ text: 'the ' }, { text: 'oil', bold: true }, { text: ' price' }],
      },
    ]);
    const { embeds, components } = renderReply(reply);
    expect(embeds).toHaveLength(1);
    expect(embeds[0]?.color).toBe(0x3b82f6);
    expect(embeds[0]?.description).toBe(
      [
        '**Search: oil**',
        '• one\n• two',
        '',
        '**1.** **[Armenia freezes its CSTO participation](https://example.com/a)**\n2024-02-23 · Example News · `k3x9pq`\nthe **oil** price',
      ].join('\n'),
    );
    expect(components).toEqual([]);
    expect(
      renderReply({ status: 'refused', blocks: [{ kind: 'paragraph', spans: [{ text: 'No.' }] }], buttons: [] })
        .embeds[0]?.color,
    ).toBe(0xf59e0b);
    expect(
      renderReply({ status: 'error', blocks: [{ kind: 'paragraph', spans: [{ text: 'Bad.' }] }], buttons: [] })
        .embeds[0]?.color,
    ).toBe(0xdc2626);
  });

  it('renders /article as its own embed and keeps every message within Discord limits, even for a huge body', () => {
    const body = 'word '.repeat(30_000);
    const reply = ok([
      { kind: 'paragraph', spans: [{ text: 'x'.repeat(5000) }] },
      { kind: 'article', article: article({ title: 'T'.repeat(400) }), body },
    ]);
    const rendered = renderReply(reply, { share: true });
    expect(rendered.embeds).toHaveLength(2);
    expect(rendered.embeds[1]?.title?.length).toBeLessThanOrEqual(DISCORD_LIMITS.embedTitle);
    expect(rendered.embeds.reduce((n, e) => n + embedLength(e), 0)).toBeLessThanOrEqual(DISCORD_LIMITS.embedTotal);
    expect(messageProblems({ embeds: rendered.embeds, components: rendered.components }, { creating: true })).toEqual(
      [],
    );
    const only = renderReply(ok([{ kind: 'article', article: article(), body }]));
    expect(only.embeds).toHaveLength(1);
    expect(only.embeds[0]?.description?.length).toBe(DISCORD_LIMITS.embedDescription - 1);
  });

  it('cuts a long list of blocks to the description limit, ending on whole blocks', () => {
    const blocks = Array.from({ length: 200 }, (_, i) => ({
      kind: 'paragraph' as const,
      spans: [{ text: `Paragraph ${i} `.repeat(5) }],
    }));
    const description = renderReply(ok(blocks)).embeds[0]?.description ?? '';
    expect(description.length).toBeLessThanOrEqual(DISCORD_LIMITS.embedDescription);
    expect(description.startsWith('Paragraph 0 ')).toBe(true);
  });

  it('wraps long button rows, drops rows beyond five and duplicate ids, cuts labels, and adds Share last', () => {
    const seven = Array.from({ length: 7 }, (_, i) => ({ label: `B${i}`, data: `/article b${i}` }));
    const rows = renderButtonRows(
      [
        seven,
        [
          { label: 'L'.repeat(100), data: '/x' },
          { label: 'dup', data: '/article b0' },
        ],
      ],
      [{ type: 2, style: 1, label: 'Share', custom_id: SHARE_BUTTON_ID }],
    );
    expect(rows.map((r) => r.components.map((b) => b.custom_id))).toEqual([
      ['/article b0', '/article b1', '/article b2', '/article b3', '/article b4'],
      ['/article b5', '/article b6'],
      ['/x', SHARE_BUTTON_ID],
    ]);
    expect(rows[2]?.components[0]?.label?.length).toBeLessThanOrEqual(DISCORD_LIMITS.buttonLabel);
    const many = Array.from({ length: 8 }, (_, i) => [{ label: `R${i}`, data: `/r ${i}` }]);
    expect(renderButtonRows(many)).toHaveLength(DISCORD_LIMITS.actionRows);
  });

  it('adds Share only when asked', () => {
    const reply = ok([{ kind: 'paragraph', spans: [{ text: 'x' }] }], [[{ label: 'Next ▶', data: '!search 5 oil' }]]);
    expect(renderReply(reply).components.flatMap((r) => r.components.map((b) => b.label))).toEqual(['Next ▶']);
    expect(renderReply(reply, { share: true }).components.flatMap((r) => r.components.map((b) => b.label))).toEqual([
      'Next ▶',
      'Share',
    ]);
  });
});

describe('the article embed', () => {
  it('has the linked title, summary, tags, source and id, and the publication time', () => {
    expect(renderArticleEmbed(article())).toEqual({
      title: 'Armenia freezes its CSTO participation',
      url: 'https://example.com/a',
      color: 0x3b82f6,
      description: 'Armenia has frozen its participation in the bloc.',
      fields: [{ name: 'Tags', value: '#Armenia #CSTO', inline: true }],
      footer: { text: 'Example News · id k3x9pq' },
      timestamp: '2024-02-23T10:00:00.000Z',
    });
  });

  it('falls back to the creation time, omits what is missing, and escapes multi-word hashtags', () => {
    const embed = renderArticleEmbed(article({ url: null, source: null, publishedAt: null, tags: ['New York'] }));
    expect(embed.url).toBeUndefined();
    expect(embed.footer?.text).toBe('id k3x9pq');
    expect(embed.timestamp).toBe('2024-02-23T11:00:00.000Z');
    expect(embed.fields).toEqual([{ name: 'Tags', value: '#New\\_York', inline: true }]);
  });

  it('keeps twenty long tags within a field value', () => {
    const tags = Array.from({ length: 20 }, (_, i) => `${'Very long tag name '.repeat(3)}${i}`);
    const value = renderArticleEmbed(article({ tags })).fields?.[0]?.value ?? '';
    expect(value.length).toBeLessThanOrEqual(DISCORD_LIMITS.fieldValue);
    expect(value.endsWith(' …')).toBe(true);
  });
});
