import { words } from '../domain/search-query.ts';
import { STOP_WORDS } from '../domain/stopwords.ts';
import type { ArticleRow } from '../storage/schema.ts';
import type { Stores } from '../storage/stores.ts';
import { sql } from 'kysely';

/** How the three signals of relatedness are mixed; each is scaled to 0..1 first. */
export const RELATED_WEIGHTS = { text: 0.55, tags: 0.35, recency: 0.1 } as const;
/** Candidates taken from each of the text and tag searches before mixing. */
const CANDIDATES = 200;
/** Distinctive terms of the source article used to find similar text. */
const QUERY_TERMS = 14;
/** Time scale of the recency signal: an article this many days apart scores 1/e. */
const RECENCY_DAYS = 30;

export interface RelatedHit {
  articleId: number;
  score: number;
}

/** The source article's most telling words: title words first, then frequent body words. */
export function distinctiveTerms(title: string, body: string, count = QUERY_TERMS): string[] {
  const keep = (w: string) => w.length > 2 && !STOP_WORDS.has(w) && !/^\d+$/u.test(w);
  const frequency = new Map<string, number>();
  for (const w of words(title).filter(keep)) frequency.set(w, (frequency.get(w) ?? 0) + 3);
  for (const w of words(body).filter(keep)) frequency.set(w, (frequency.get(w) ?? 0) + 1);
  return [...frequency.entries()].sort((a, b) => b[1] - a[1] || a[0].localeCompare(b[0])).slice(0, count).map(([w]) => w);
}

const normalizedTitle = (title: string) => words(title).join(' ');

/**
 * Articles related to `source`: text similarity (its distinctive terms, BM25),
 * shared tags weighted by rarity (inverse document frequency), and closeness in time.
 * Never the article itself, nor one with the same title (a re-post).
 */
export async function relatedArticles(stores: Stores, source: ArticleRow, options: { limit: number; offset: number }): Promise<RelatedHit[]> {
  const terms = distinctiveTerms(source.title, source.body);
  const textHits = await stores.search.matchAny(terms, CANDIDATES, source.id);

  const tagIds = await stores.articles.tagIds(source.id);
  const total = Math.max(1, await stores.articles.count());
  const df = await stores.tags.articleCounts(tagIds);
  const idf = new Map(tagIds.map((id) => [id, Math.log(1 + total / Math.max(1, df.get(id) ?? 1))]));
  const tagHits = tagIds.length === 0 ? [] : (await sql<{ article_id: number; tag_id: number }>`
    SELECT article_id, tag_id FROM article_tags
    WHERE tag_id IN (${sql.join(tagIds)}) AND article_id <> ${source.id}
    AND article_id IN (SELECT article_id FROM article_tags WHERE tag_id IN (${sql.join(tagIds)})
                       GROUP BY article_id ORDER BY count(*) DESC, article_id DESC LIMIT ${CANDIDATES * 5})`.execute(stores.db)).rows;

  const tagScore = new Map<number, number>();
  for (const hit of tagHits) tagScore.set(hit.article_id, (tagScore.get(hit.article_id) ?? 0) + (idf.get(hit.tag_id) ?? 0));
  const maxTag = Math.max(0, ...[...idf.values()].map((v) => v)) * Math.max(1, tagIds.length);
  const textScore = new Map(textHits.map((h) => [h.id, h.score]));
  const maxText = Math.max(1e-9, ...textHits.map((h) => h.score));

  const candidateIds = [...new Set([...textScore.keys(), ...[...tagScore.entries()].sort((a, b) => b[1] - a[1]).slice(0, CANDIDATES).map(([id]) => id)])];
  const rows = await stores.articles.byIds(candidateIds);
  const sourceTitle = normalizedTitle(source.title);
  const scored = rows
    .filter((row) => row.id !== source.id && normalizedTitle(row.title) !== sourceTitle)
    .map((row) => {
      const days = Math.abs(Number(row.published_at) - Number(source.published_at)) / 86_400_000;
      const score = RELATED_WEIGHTS.text * ((textScore.get(row.id) ?? 0) / maxText)
        + RELATED_WEIGHTS.tags * (maxTag > 0 ? (tagScore.get(row.id) ?? 0) / maxTag : 0)
        + RELATED_WEIGHTS.recency * Math.exp(-days / RECENCY_DAYS);
      return { articleId: row.id, score, publishedAt: Number(row.published_at) };
    })
    .sort((a, b) => b.score - a.score || b.publishedAt - a.publishedAt);
  return scored.slice(options.offset, options.offset + options.limit).map(({ articleId, score }) => ({ articleId, score }));
}
