import { describe, expect, it } from 'vitest';
import { scorer } from '../../src/app/search/exact-score.ts';
import { SEARCH_RANKING } from '../../src/app/search/weights.ts';
import { parseSearchQuery, planQuery } from '../../src/domain/search-query.ts';
import { hasPhrase, indexTerm, stemVariants, termMatcher } from '../../src/domain/tokenize.ts';
import type { CollectionStats, SearchDocument } from '../../src/storage/search-store.ts';
import { seededRandom } from '../../bench/lib/synthetic.ts';

/** Words of three languages, stop words among them, and other case forms of the same words. */
const WORDS = [
  'цен',
  'цены',
  'на',
  'нефть',
  'нефти',
  'в',
  'России',
  'Россия',
  'не',
  'и',
  'Հայաստանի',
  'Հայաստան',
  'և',
  'է',
  'oil',
  'prices',
  'of',
  'the',
  'in',
  'Armenia',
];

const stats: CollectionStats = {
  articles: 1000,
  sampleSize: 100,
  avgTitleChars: 40,
  avgBodyChars: 400,
  sampleFrequency: new Map(),
  spelling: new Map(),
  computedAt: 0,
};

function text(random: () => number, words: number): string {
  return Array.from({ length: words }, () => WORDS[Math.floor(random() * WORDS.length)]).join(
    random() < 0.5 ? ' ' : ', ',
  );
}

describe('the exact score', () => {
  it('finds phrases, stop words and all, as matching every stem in every text would', () => {
    const random = seededRandom(11);
    let phrases = 0;
    for (let i = 0; i < 3_000; i++) {
      const words = 2 + Math.floor(random() * 3);
      const raw = random() < 0.3 ? `"${text(random, words)}" ${text(random, 1)}` : text(random, words);
      const plan = planQuery(parseSearchQuery(raw));
      if (plan.terms.length === 0 && plan.phrases.length === 0) continue;
      const score = scorer(plan, [], 1000, stats, SEARCH_RANKING);
      // Every stem of the query, with the terms' other case forms, as the scorer's own matcher holds them.
      const variants = new Map<string, number>();
      for (const term of plan.terms)
        for (const stem of stemVariants(term.word).slice(1))
          if (!variants.has(stem)) variants.set(stem, score.stems.indexOf(term.stem));
      const all = termMatcher(score.stems, variants);
      const slots = (phrase: readonly string[]) => phrase.map((w) => score.stems.indexOf(indexTerm(w)));
      const doc: SearchDocument = {
        id: i,
        title: text(random, 1 + Math.floor(random() * 4)),
        body: `${text(random, Math.floor(random() * 15))} ${random() < 0.5 ? raw.replaceAll('"', '') : ''} ${text(random, Math.floor(random() * 15))}`,
        bodyLength: 0,
        publishedAt: 0,
        language: null,
      };
      doc.bodyLength = doc.body.length;
      const [title, body] = [all.find(doc.title), all.find(doc.body)];
      const holds = (phrase: readonly string[]) =>
        hasPhrase(doc.title, title, slots(phrase)) || hasPhrase(doc.body, body, slots(phrase));
      const implicit = plan.implicitPhrase !== null && holds(plan.implicitPhrase);
      const quoted = plan.phrases.every(holds);
      const termsFound = plan.terms.filter((t) =>
        [...title, ...body].some((o) => o.term === score.stems.indexOf(t.stem)),
      ).length;
      const verified = score.score(doc, true);
      expect(verified?.phrase ?? false, `${raw} | ${doc.title} | ${doc.body}`).toBe(implicit);
      expect(verified?.matched ?? 0).toBe(termsFound);
      expect(score.score(doc, false) !== null, `${raw} | ${doc.title} | ${doc.body}`).toBe(
        quoted && (termsFound > 0 || plan.terms.length === 0),
      );
      if (implicit || (plan.phrases.length > 0 && quoted)) phrases++;
    }
    // The texts hold the phrases often enough for the comparison to mean something.
    expect(phrases).toBeGreaterThan(200);
  });

  it('scores a question with appended terms as a scorer of the expanded question would', () => {
    const random = seededRandom(23);
    // `россиеом` stems as `россие`, a case form of the question's `россией` (stemVariants): scored in full.
    const lent = ['нефтью', 'россиеом', 'ценой', 'հայաստանում', 'oils', 'armenian', 'цен', 'prices', 'рынок', 'market'];
    let extended = 0;
    let inFull = 0;
    for (let i = 0; i < 2_000; i++) {
      const plan = planQuery(
        parseSearchQuery(`${random() < 0.3 ? 'россией' : ''} ${text(random, 6 + Math.floor(random() * 6))} rates bank`),
      );
      if (plan.terms.length < 5) continue;
      const own = new Set(plan.terms.map((t) => t.stem));
      // Lent words as feedback.ts lends them: stems the question does not hold, some of them another case of its words.
      const added = [...new Set(lent.map((w) => indexTerm(w)))]
        .filter((stem) => !own.has(stem) && random() < 0.5)
        .map((stem) => ({ word: stem, stem, weight: 0.05 + random() }));
      if (added.length === 0) continue;
      const expanded = { ...plan, terms: [...plan.terms, ...added] };
      const frequency = expanded.terms.map(() => 1 + Math.floor(random() * 900));
      const first = scorer(plan, frequency, 1000, stats, SEARCH_RANKING);
      const full = scorer(expanded, frequency, 1000, stats, SEARCH_RANKING);
      const doc: SearchDocument = {
        id: i,
        title: `${text(random, 3)} ${lent[Math.floor(random() * lent.length)] ?? ''}`,
        body: `${text(random, 10 + Math.floor(random() * 30))} ${lent.filter(() => random() < 0.3).join(' ')} ${text(random, 10)}`,
        bodyLength: 0,
        publishedAt: 0,
        language: null,
      };
      doc.bodyLength = doc.body.length;
      const hit = first.score(doc, true);
      if (!hit) continue;
      const rescore = first.extend(expanded, frequency);
      const expected = full.score(doc, true)?.relevance ?? null;
      if (rescore === null) {
        inFull++;
        continue;
      }
      extended++;
      expect(rescore({ ...hit, score: hit.relevance }), `${doc.title} | ${doc.body}`).toBe(expected);
    }
    // A plan that is not the question's own with words appended is scored in full too.
    const plan = planQuery(parseSearchQuery('oil prices rose in opec talks bank rates'));
    const other = planQuery(parseSearchQuery('oil prices fell in opec talks bank rates'));
    const lentOne = { word: 'crude', stem: 'crude', weight: 0.1 };
    const first = scorer(plan, [], 1000, stats, SEARCH_RANKING);
    expect(first.extend({ ...plan, terms: [...plan.terms, lentOne] }, [])).not.toBeNull();
    expect(first.extend({ ...other, terms: [...other.terms, lentOne] }, [])).toBeNull();
    expect(first.extend({ ...plan, excluded: ['rates'], terms: [...plan.terms, lentOne] }, [])).toBeNull();
    // Both ways are taken: lent words that are another case of the question's own are scored in full.
    expect(extended).toBeGreaterThan(300);
    expect(inFull).toBeGreaterThan(50);
  });
});
