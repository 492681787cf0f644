import type { ArticleView } from './reply.ts';

/** The JSON shape of an article in CLI output and the HTTP API. */
export function articleJson(article: ArticleView, score?: number): Record<string, unknown> {
  return {
    id: article.publicId,
    externalId: article.externalId,
    title: article.title,
    url: article.url,
    tags: article.tags,
    publishedAt: (article.publishedAt ?? article.createdAt).toISOString(),
    source: article.source,
    lang: article.language ?? null,
    image: article.imageUrl ?? null,
    summary: article.summary,
    ...(score === undefined ? {} : { score: Math.round(score * 10_000) / 10_000 }),
  };
}

/** A field of an article's changes as the JSON answers name it (`lang`, as articleJson does). */
export const jsonFieldName = (field: string): string => (field === 'language' ? 'lang' : field);
