/** Alternatives for a search that found nothing (corrected spellings, near tags, fewer filters), and the tags nearest a name. */
import { formatQuery, type SearchQuery } from '../domain/search-query.ts';
import { allowedEdits, editDistance } from '../domain/similarity.ts';
import { STOP_WORDS } from '../domain/stopwords.ts';
import { tagKey, type TagName } from '../domain/tags.ts';
import { foldToken, indexTerm } from '../domain/tokenize.ts';
import type { Stores } from '../storage/stores.ts';
import { render, type Message, type MessageArgs } from '../i18n/index.ts';
import { hasArticles, resolveTags } from './search/tag-resolution.ts';

/** Another query to offer when one found nothing: a button label and the query it runs. */
export interface Suggestion {
  /** In English; `message` has it in every language. */
  label: string;
  /** The label as a message, for replies in the chat's language (not enumerable: JSON output keeps label and query). */
  readonly message: Message;
  query: string;
}

/** Suggestions offered at most. */
export const MAX_SUGGESTIONS = 3;

export interface TagSuggestion {
  name: string;
  articles: number;
}

/** Folded for comparison: lower case, accents off, spaces and hyphens ignored. */
const comparable = (name: string) => foldToken(tagKey(name)).replace(/[\s_-]+/gu, '');

/**
 * Tags on at least one article whose names are close to `name`: within a few
 * edits (a swap of two letters is one), or starting with it. Nearest first, then the
 * tag with more articles. Never the tag itself.
 */
export async function nearestTags(stores: Stores, name: string, limit = MAX_SUGGESTIONS): Promise<TagSuggestion[]> {
  const wanted = comparable(name);
  if (wanted === '') return [];
  const max = allowedEdits(wanted);
  const scored: { name: string; articles: number; distance: number }[] = [];
  for (const tag of await stores.search.knownTags()) {
    const candidate = comparable(tag.name);
    if (candidate === wanted) continue;
    let distance = editDistance(wanted, candidate, max);
    if (distance > max && wanted.length >= 4 && candidate.startsWith(wanted)) distance = max;
    if (distance <= max) scored.push({ name: tag.name, articles: tag.articles, distance });
  }
  return scored
    .sort((a, b) => a.distance - b.distance || b.articles - a.articles || a.name.localeCompare(b.name))
    .slice(0, limit)
    .map(({ name: n, articles }) => ({ name: n, articles }));
}

/** A word in the archive's vocabulary close to `word` (from the sampled spellings), or null. */
function nearestWord(
  word: string,
  spelling: ReadonlyMap<string, string>,
  frequency: ReadonlyMap<string, number>,
): string | null {
  const folded = foldToken(word);
  const max = Math.min(2, allowedEdits(folded));
  let best: { word: string; distance: number; frequency: number } | null = null;
  for (const [stem, form] of spelling) {
    if (Math.abs(form.length - folded.length) > max || form === folded || STOP_WORDS.has(form)) continue;
    const distance = editDistance(folded, form, max);
    const seen = frequency.get(stem) ?? 0;
    if (
      distance <= max &&
      seen >= 2 &&
      (!best || distance < best.distance || (distance === best.distance && seen > best.frequency))
    ) {
      best = { word: form, distance, frequency: seen };
    }
  }
  return best?.word ?? null;
}

/** A word of the query that no article contains (stop words never count as unknown). */
async function unknownWord(stores: Stores, word: string): Promise<boolean> {
  if (STOP_WORDS.has(word)) return false;
  return (
    (await stores.search.matchIds({ all: [foldToken(word)], phrases: [], excluded: [] }, { limit: 1 })).length === 0
  );
}

/**
 * What to offer when `query` found nothing, each checked to find something: all the
 * misspellings corrected at once, a tag with articles and a similar name in place of a
 * tag no article has (unknown, or known but on no article yet: the rule of
 * search/tag-resolution.ts) or of a word (`Armenai` → #Armenia), a similar word from the
 * archive, or the query without one of its filters.
 */
export async function suggestAlternatives(
  stores: Stores,
  query: SearchQuery,
  hasResults: (q: SearchQuery) => Promise<boolean>,
  vocabulary: { spelling: ReadonlyMap<string, string>; frequency: ReadonlyMap<string, number> },
): Promise<Suggestion[]> {
  const options: Suggestion[] = [];
  const offer = async (id: string, args: MessageArgs, q: SearchQuery) => {
    const text = formatQuery(q);
    if (options.length >= MAX_SUGGESTIONS || text === '' || options.some((o) => o.query === text)) return;
    const message = { id, args };
    if (!(await hasResults(q))) return;
    const suggestion = { label: render('en', message), query: text } as Suggestion;
    Object.defineProperty(suggestion, 'message', { value: message, enumerable: false });
    options.push(suggestion);
  };
  const asTag = (name: string): TagName => ({ key: tagKey(name), display: name });
  const hashtag = (name: string) => `#${name.replace(/\s+/gu, '_')}`;

  // Which tags find anything: the rule /search's tag filter applies (search/tag-resolution.ts).
  const found = (await resolveTags(stores, query.tags)).map(hasArticles);
  // Every tag no article has and every word found nowhere, corrected at once (`cofee #brazl`).
  const fixedTags = await Promise.all(
    query.tags.map(async (t, i) =>
      found[i] ? t : asTag((await nearestTags(stores, t.display, 1))[0]?.name ?? t.display),
    ),
  );
  const fixedTerms = await Promise.all(
    query.terms.map(async (w) =>
      (await unknownWord(stores, w)) ? (nearestWord(w, vocabulary.spelling, vocabulary.frequency) ?? w) : w,
    ),
  );
  const corrections =
    fixedTags.filter((t, i) => t.key !== query.tags[i]?.key).length +
    fixedTerms.filter((w, i) => w !== query.terms[i]).length;
  if (corrections > 1) {
    const corrected = { ...query, tags: fixedTags, terms: fixedTerms };
    await offer('suggest-quoted', { text: formatQuery(corrected) }, corrected);
  }

  for (const [i, tag] of query.tags.entries()) {
    if (found[i]) continue;
    for (const near of await nearestTags(stores, tag.display, 2)) {
      await offer(
        'suggest-tag',
        { tag: hashtag(near.name) },
        {
          ...query,
          tags: query.tags.map((t, j) => (j === i ? asTag(near.name) : t)),
        },
      );
    }
  }
  for (const [i, word] of query.terms.entries()) {
    if (!(await unknownWord(stores, word))) continue;
    const rest = query.terms.filter((_, j) => j !== i);
    for (const near of await nearestTags(stores, word, 1)) {
      await offer(
        'suggest-tag',
        { tag: hashtag(near.name) },
        {
          ...query,
          terms: rest,
          tags: [...query.tags, asTag(near.name)],
        },
      );
    }
    const spelled = nearestWord(word, vocabulary.spelling, vocabulary.frequency);
    if (spelled !== null && indexTerm(spelled) !== indexTerm(foldToken(word))) {
      await offer(
        'suggest-quoted',
        { text: spelled },
        {
          ...query,
          terms: query.terms.map((t, j) => (j === i ? spelled : t)),
        },
      );
    }
  }
  for (const [i, tag] of query.tags.entries()) {
    await offer(
      'suggest-without-tag',
      { tag: hashtag(tag.display) },
      { ...query, tags: query.tags.filter((_, j) => j !== i) },
    );
  }
  if (query.since || query.until) await offer('suggest-any-date', {}, { ...query, since: null, until: null });
  if (query.excluded.length > 0)
    await offer('suggest-allow', { words: query.excluded.join(', ') }, { ...query, excluded: [] });
  if (query.phrases.length > 0)
    await offer('suggest-any-order', {}, { ...query, phrases: [], terms: [...query.terms, ...query.phrases.flat()] });
  if (query.terms.length > 1 && options.length === 0) {
    for (const [i, word] of query.terms.entries())
      await offer('suggest-without-word', { word }, { ...query, terms: query.terms.filter((_, j) => j !== i) });
  }
  return options;
}
