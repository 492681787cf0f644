/**
 * New articles for the import benchmark, as JSON Lines an admin would import: the same
 * synthetic Reuters-like articles as the search archive (bench/lib/synthetic.ts), from
 * their own seed so they are new to the archive, each with its import id.
 */
import type { ReutersArticle } from './corpus.ts';
import { createGenerator, type SyntheticArticle } from './synthetic.ts';

export interface ImportArticles {
  /** The articles, as generated. */
  articles: SyntheticArticle[];
  /** One JSON Lines record each (`tagwire import`'s format). */
  lines: string[];
}

/** `count` new articles, ids `${prefix}-0` …, dated after an archive of `archiveSize`. */
export function importArticlesFor(
  corpus: readonly ReutersArticle[],
  count: number,
  archiveSize: number,
  prefix: string,
): ImportArticles {
  const generator = createGenerator(corpus, 2024);
  const articles: SyntheticArticle[] = [];
  const lines: string[] = [];
  for (let i = 0; i < count; i++) {
    const a = generator.next(archiveSize + i, archiveSize + count);
    // At most 20 tags, as an article may have: the generator copies Reuters' lists whole.
    const article = { ...a, externalId: `${prefix}-${i}`, tags: a.tags.slice(0, 20) };
    articles.push(article);
    lines.push(
      JSON.stringify({
        id: article.externalId,
        title: article.title,
        body: article.body,
        tags: article.tags,
        date: new Date(article.publishedAt).toISOString(),
      }),
    );
  }
  return { articles, lines };
}

/** The lines as the importer reads them. */
export async function* linesOf(lines: readonly string[]): AsyncGenerator<string> {
  for (const line of lines) yield line;
}
