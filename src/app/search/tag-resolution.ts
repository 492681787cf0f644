/** The one rule for a query's tags, used by /search's tag filter and by its suggestions: which tag each names, and whether it can find anything. */
import type { TagName } from '../../domain/tags.ts';
import type { TagRow } from '../../storage/schema.ts';
import type { Stores } from '../../storage/stores.ts';

/** A tag of a query as the archive knows it. */
export interface ResolvedTag {
  /** As the query typed it. */
  asked: TagName;
  /** The tag it names, directly or through an alias; null when the archive has no such tag. */
  id: number | null;
  /** The tag's own name when known (an alias gives its tag's name), else as typed. */
  name: string;
  /** Articles carrying it: 0 for an unknown tag, and for a known one (followed, aliased) no article has yet. */
  articles: number;
}

/** The tags of a query, in order, each looked up by key or alias, with its article count. */
export async function resolveTags(stores: Stores, tags: readonly TagName[]): Promise<ResolvedTag[]> {
  const rows: (TagRow | undefined)[] = [];
  for (const tag of tags) rows.push(await stores.tags.find(tag.key));
  const ids = rows.flatMap((row) => (row ? [row.id] : []));
  const counts = ids.length > 0 ? await stores.search.tagCounts(ids) : new Map<number, number>();
  return tags.map((asked, i) => {
    const row = rows[i];
    return row
      ? { asked, id: row.id, name: row.name, articles: counts.get(row.id) ?? 0 }
      : { asked, id: null, name: asked.display, articles: 0 };
  });
}

/**
 * Whether a tag can find anything: it is on at least one article. A known tag no article
 * has yet is named as that tag ("No article has the tag #X.") but, like an unknown one,
 * finds nothing: /search stops there and suggestions offer a tag with articles instead.
 */
export const hasArticles = (tag: ResolvedTag): tag is ResolvedTag & { id: number } =>
  tag.id !== null && tag.articles > 0;

/** The tag filter of a query: the ids of its tags, and the names of those that find nothing (when any, nothing can be found). */
export function tagFilter(tags: readonly ResolvedTag[]): { tagIds: number[]; findNothing: string[] } {
  return {
    tagIds: tags.filter(hasArticles).map((t) => t.id),
    findNothing: tags.filter((t) => !hasArticles(t)).map((t) => t.name),
  };
}
