import type { ArticleView } from '../../src/index.ts';

/** An article as the renderers get it (#Armenia, #CSTO, every field set but the picture), with overrides. */
export const articleView = (overrides: Partial<ArticleView> = {}): ArticleView => ({
  publicId: 'k3x9pq',
  externalId: null,
  title: 'Armenia freezes its CSTO participation',
  url: 'https://example.com/csto',
  summary: 'Armenia has frozen its participation in the bloc.',
  tags: ['Armenia', 'CSTO'],
  source: 'Example News',
  publishedAt: new Date(Date.UTC(2024, 1, 23)),
  createdAt: new Date(Date.UTC(2024, 1, 24)),
  ...overrides,
});
