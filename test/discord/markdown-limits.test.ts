import { describe, expect, it } from 'vitest';
import { renderArticleEmbed } from '../../adapters/discord/article-embed.ts';
import { DISCORD_LIMITS } from '../../adapters/discord/limits.ts';
import { escapeText, escapeWithin } from '../../adapters/discord/markdown.ts';
import { renderReply } from '../../adapters/discord/render.ts';
import type { ArticleView } from '../../src/index.ts';
import { messageProblems, unescapeMarkdown } from '../emulators/discord/messages.ts';

/**
 * Defect 11: text is escaped first and then cut to Discord's real limit, never split
 * inside an escape sequence; Discord's subtext markdown ("-# ") is escaped like the rest.
 */
const article = (over: Partial<ArticleView> = {}): ArticleView => ({
  publicId: 'k3x9pq',
  externalId: null,
  title: 'A title',
  url: 'https://example.com/a',
  summary: 'A summary.',
  tags: ['Armenia'],
  source: null,
  publishedAt: new Date('2024-02-23T10:00:00Z'),
  createdAt: new Date('2024-02-23T11:00:00Z'),
  ...over,
});

/** The text before a closing ellipsis ends on a whole escape: an even run of backslashes. */
const trailingBackslashes = (text: string): number => /\\*$/u.exec(text.replace(/…$/u, ''))?.[0].length ?? 0;

describe('escaping, then cutting to the limit (defect 11)', () => {
  it.each([
    ['<', '\\<'],
    ['`', '\\`'],
    ['*', '\\*'],
  ])(
    'a title of 300 "%s" keeps as many as fit in 256 characters, escaped, instead of collapsing to "…"',
    (raw, escaped) => {
      const title = renderArticleEmbed(article({ title: raw.repeat(300) })).title ?? '';
      expect(title.length).toBeLessThanOrEqual(DISCORD_LIMITS.embedTitle);
      expect(title).toBe(`${escaped.repeat(127)}…`);
      expect(unescapeMarkdown(title)).toBe(`${raw.repeat(127)}…`);
    },
  );

  it('escapes every backtick of a long run, not only runs of one to three', () => {
    expect(escapeText('````')).toBe('\\`\\`\\`\\`');
    expect(escapeText('a `````b')).toBe(`a ${'\\`'.repeat(5)}b`);
    expect(escapeText('``x``')).toBe('\\`\\`x\\`\\`');
  });

  it('escapes Discord\'s subtext markdown ("-# ") at the start of a line', () => {
    expect(escapeText('-# small print')).toBe('\\-# small print');
    expect(escapeText('first\n  -# small print')).toBe('first\n  \\-# small print');
    // Not at the start of a line it is not markdown, and stays as it is.
    expect(escapeText('a -# b')).toBe('a -# b');
  });

  it('fills a description of 4,096 with an escaped body rather than dropping it', () => {
    const embed = renderArticleEmbed(article({ summary: '<'.repeat(5000) }));
    const description = embed.description ?? '';
    expect(description.length).toBeLessThanOrEqual(DISCORD_LIMITS.embedDescription);
    expect(description.length).toBeGreaterThan(DISCORD_LIMITS.embedDescription - 10);
    expect(trailingBackslashes(description) % 2).toBe(0);
    const reply = renderReply({
      status: 'ok',
      blocks: [{ kind: 'paragraph', spans: [{ text: '`'.repeat(5000) }] }],
      buttons: [],
    });
    const text = reply.embeds[0]?.description ?? '';
    expect(text.length).toBeLessThanOrEqual(DISCORD_LIMITS.embedDescription);
    expect(text.length).toBeGreaterThan(DISCORD_LIMITS.embedDescription / 2);
    expect(trailingBackslashes(text) % 2).toBe(0);
    expect(
      messageProblems({ embeds: [embed, ...reply.embeds] }, { creating: true }).filter(
        (p) => !p.includes('characters >'),
      ),
    ).toEqual([]);
  });

  it('never splits an escape sequence, whatever the limit', () => {
    const texts = ['*_`<\\>~|#-'.repeat(30), 'a\\b\\\\c '.repeat(60), `${'x'.repeat(10)}${'<'.repeat(50)}`];
    for (const text of texts) {
      for (let max = 1; max <= 120; max++) {
        const cut = escapeWithin(text, max);
        expect(cut.length).toBeLessThanOrEqual(max);
        expect(trailingBackslashes(cut) % 2).toBe(0);
        // What the reader sees is the start of the text.
        expect(text.startsWith(unescapeMarkdown(cut.replace(/…$/u, '')).replace(/^\s+/u, ''))).toBe(true);
        if (max >= 3) expect(cut.replace(/…$/u, '')).not.toBe('');
      }
    }
  });

  it('keeps cutting at a word where there is one, and leaves text that fits as it is', () => {
    expect(escapeWithin('one *two* three four', 14)).toBe('one \\*two\\*…');
    expect(escapeWithin('*fits*', 8)).toBe('\\*fits\\*');
  });
});
