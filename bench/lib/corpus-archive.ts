/**
 * Loads Reuters-21578 into a tagwire database through the same code path as
 * `tagwire import` (importArticles), for the quality evaluation.
 */
import { importArticles, type ImportSummary } from '../../src/app/importer.ts';
import type { CoreHandle } from '../../src/runtime.ts';
import { wireTitle, type ReutersArticle } from './corpus.ts';

/** The tag given to an article that has no place, organisation or person: its source. */
export const SOURCE_TAG = 'Reuters';

export interface ImportedArchive {
  summary: ImportSummary;
  /** Reuters id → article id in the database, for the articles that went in. */
  articleIds: Map<string, number>;
  /** Article id → the Reuters article. */
  byArticleId: Map<number, ReutersArticle>;
  /** Articles that had only topics (or nothing) and were tagged SOURCE_TAG instead. */
  sourceTagged: number;
  /** Headline-less items imported under their first body line. */
  untitled: number;
}

/**
 * Imports every article with only its place, organisation and people tags: the topics
 * stay out of the database, so the ranker cannot copy them. An article with none of
 * those is tagged SOURCE_TAG (every article needs a tag); an item without a headline
 * gets its first body line, as the wire printed it. Items with neither headline nor body
 * are rejected by the importer like any other bad line.
 */
export async function importReuters(handle: CoreHandle, corpus: readonly ReutersArticle[]): Promise<ImportedArchive> {
  let sourceTagged = 0;
  let untitled = 0;
  async function* lines(): AsyncIterable<string> {
    for (const a of corpus) {
      const tags = [...a.places, ...a.orgs, ...a.people];
      if (tags.length === 0) sourceTagged++;
      if (a.title.trim() === '') untitled++;
      yield JSON.stringify({
        id: a.id,
        title: wireTitle(a).slice(0, 300),
        body: a.body,
        date: a.date,
        tags: tags.length > 0 ? tags : [SOURCE_TAG],
        source: 'Reuters',
      });
    }
  }
  const summary = await importArticles(handle.deps, lines(), { notify: false });
  const rows = await handle.storage.db.selectFrom('articles').select(['id', 'external_id']).execute();
  const byReutersId = new Map(corpus.map((a) => [a.id, a]));
  const articleIds = new Map<string, number>();
  const byArticleId = new Map<number, ReutersArticle>();
  for (const row of rows) {
    const article = row.external_id === null ? undefined : byReutersId.get(row.external_id);
    if (!article) continue;
    articleIds.set(article.id, row.id);
    byArticleId.set(row.id, article);
  }
  return { summary, articleIds, byArticleId, sourceTagged, untitled };
}
