import { describe, expect, it } from 'vitest';
import { seededRandom } from '../../bench/lib/synthetic.ts';
import { expandQuery, FEEDBACK } from '../../src/app/search/feedback.ts';
import { idf } from '../../src/app/search/scoring.ts';
import { parseSearchQuery, planQuery } from '../../src/domain/search-query.ts';
import { STOP_WORDS } from '../../src/domain/stopwords.ts';
import { indexTerm, tokenWords } from '../../src/domain/tokenize.ts';
import type { CollectionStats, SearchDocument } from '../../src/storage/search-store.ts';

const WORDS = ['oil', 'prices', 'rose', 'opec', 'нефть', 'нефти', 'цены', 'Армения', 'Армении', 'Հայաստան', 'գազ'];
const MORE = ['the', 'of', 'и', 'в', '1987', 'tonnes', 'crude', 'баррель', 'բանակցություններ', 'exports'];

/** The words lent as a plain reading of feedback.ts's rule: every word weighed, all sorted, the best kept. */
function reference(best: { doc: SearchDocument; relevance: number }[], own: Set<string>, stats: CollectionStats) {
  const total = stats.articles;
  const top = best.slice(0, FEEDBACK.documents);
  const mass = top.reduce((sum, h) => sum + h.relevance, 0);
  const weights = new Map<string, number>();
  for (const hit of top) {
    const words = tokenWords(`${hit.doc.title} ${hit.doc.body}`).filter(
      (w) => w.length > 2 && !STOP_WORDS.has(w) && !/^\d+$/u.test(w),
    );
    for (const word of words) {
      const stem = indexTerm(word);
      if (!own.has(stem)) weights.set(stem, (weights.get(stem) ?? 0) + hit.relevance / mass / words.length);
    }
  }
  const frequency = (stem: string) =>
    Math.min(total, Math.max(1, (stats.sampleFrequency.get(stem) ?? 1) * (total / stats.sampleSize)));
  return [...weights]
    .map(([stem, w]) => ({ stem, value: w * idf(frequency(stem), total) }))
    .filter((c) => frequency(c.stem) < total / 2)
    .sort((a, b) => b.value - a.value)
    .slice(0, FEEDBACK.terms)
    .map((c) => c.stem);
}

describe('feedback (pseudo-relevance)', () => {
  it('lends the words a plain weigh-sort-keep of every word would, the earlier first among equals', () => {
    const random = seededRandom(5);
    const pick = (list: string[]) => list[Math.floor(random() * list.length)] ?? '';
    const plan = planQuery(parseSearchQuery('oil prices opec нефть Армения'));
    const own = new Set(plan.terms.map((t) => t.stem));
    for (let round = 0; round < 200; round++) {
      // Few distinct words, many documents alike: ties in value are common.
      const vocabulary = [...WORDS, ...MORE, ...Array.from({ length: 30 }, (_, i) => `word${i % (3 + (round % 20))}x`)];
      const sampleFrequency = new Map(vocabulary.map((w) => [indexTerm(w.toLowerCase()), Math.floor(random() * 60)]));
      const stats: CollectionStats = {
        articles: 10_000,
        sampleSize: 100,
        avgTitleChars: 40,
        avgBodyChars: 400,
        sampleFrequency,
        spelling: new Map(),
        computedAt: 0,
      };
      const best = Array.from({ length: 2 + Math.floor(random() * 20) }, (_, id) => {
        const words = (n: number) => Array.from({ length: n }, () => pick(vocabulary)).join(' ');
        const doc = {
          id,
          title: words(4),
          body: words(5 + Math.floor(random() * 60)),
          bodyLength: 0,
          publishedAt: 0,
          language: null,
        };
        return { doc: { ...doc, bodyLength: doc.body.length }, relevance: round % 3 === 0 ? 1 : 1 + random() * 9 };
      });
      const expanded = expandQuery(plan, best, stats, stats.articles, FEEDBACK);
      const lent = expanded?.plan.terms.slice(plan.terms.length).map((t) => t.stem) ?? [];
      expect(lent).toEqual(reference(best, own, stats));
    }
  });
});
