/**
 * Synthetic news articles built from the Reuters-21578 vocabulary, for benchmarks at
 * sizes the real archive does not reach (100k, 1M). Each article starts from a random
 * Reuters article: its headline with some words swapped for headline words of the same
 * topic, a body mixing its own sentences with sentences of the same topic (a few words
 * swapped for words drawn from the whole archive, so the word frequencies stay Zipf-like),
 * and its tags. Dates rise with the index, with jitter, as a live feed's would.
 * Deterministic for a given seed.
 */
import type { ReutersArticle } from './corpus.ts';

export interface SyntheticArticle {
  externalId: string;
  title: string;
  body: string;
  tags: string[];
  /** Epoch milliseconds. */
  publishedAt: number;
  /** The article's language (ISO 639-1): set by the mixed-language corpus (mixed-corpus.ts); none here. */
  language?: string;
}

/** A small fast seeded PRNG (mulberry32): the same seed gives the same archive. */
export function seededRandom(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4_294_967_296;
  };
}

interface Source {
  titleWords: string[];
  sentences: string[];
  tags: string[];
  group: string;
}

/** Chance that a headline word is swapped for a headline word of the same topic. */
export const TITLE_SWAP = 0.25;
/** Chance that a body word is swapped for a word drawn from the whole archive. */
export const BODY_SWAP = 0.06;
/** Share of body sentences taken from the seed article (the rest: same topic). */
export const OWN_SENTENCES = 0.5;
/** Most sentences in a generated body. */
export const MAX_SENTENCES = 12;
/** The generated archive spans this many days. */
const SPAN_DAYS = 5 * 365;
const START = Date.UTC(2020, 0, 1);

/** The publication time of the article at `index` of `total`: rising with the index, with jitter. */
export function publishedAtFor(index: number, total: number, random: () => number): number {
  const dayMs = 86_400_000;
  return START + Math.floor(((index + random() * 50) / Math.max(1, total)) * SPAN_DAYS * dayMs);
}

function sentencesOf(body: string): string[] {
  return body
    .replace(/\s+/gu, ' ')
    .split(/(?<=[.!?])\s+(?=[A-Z"])/u)
    .map((s) => s.trim())
    .filter((s) => s.length > 20);
}

export interface Generator {
  /** The article at `index` (0-based) of an archive of `total`; call in increasing index order. */
  next(index: number, total: number): SyntheticArticle;
  /** Words seen in headlines, for building queries. */
  vocabulary: readonly string[];
}

export function createGenerator(corpus: readonly ReutersArticle[], seed = 1987): Generator {
  const random = seededRandom(seed);
  const pick = <T>(list: readonly T[]): T => list[Math.floor(random() * list.length)] as T;
  const sources: Source[] = [];
  const byGroup = new Map<string, { titleWords: string[]; sentences: string[] }>();
  const bodyWords: string[] = [];
  for (const a of corpus) {
    const sentences = sentencesOf(a.body);
    if (a.title.trim() === '' || sentences.length === 0) continue;
    const group = a.topics[0] ?? a.places[0] ?? 'misc';
    const titleWords = a.title.trim().split(/\s+/u);
    sources.push({ titleWords, sentences, tags: [...a.places, ...a.orgs, ...a.people, ...a.topics], group });
    const pool = byGroup.get(group) ?? { titleWords: [], sentences: [] };
    pool.titleWords.push(...titleWords);
    pool.sentences.push(...sentences);
    byGroup.set(group, pool);
    for (const s of sentences) bodyWords.push(...s.split(' ').filter((w) => /^[A-Za-z]{3,}$/u.test(w)));
  }
  if (sources.length === 0) throw new Error('the corpus has no article with a headline and a body');
  const vocabulary = [
    ...new Set(
      sources
        .flatMap((s) => s.titleWords)
        .map((w) => w.toLowerCase())
        .filter((w) => /^[a-z]{4,}$/u.test(w)),
    ),
  ];

  return {
    vocabulary,
    next(index, total) {
      const source = pick(sources);
      const pool = byGroup.get(source.group) ?? { titleWords: source.titleWords, sentences: source.sentences };
      const title = source.titleWords.map((w) => (random() < TITLE_SWAP ? pick(pool.titleWords) : w)).join(' ');
      const count = Math.max(1, Math.min(MAX_SENTENCES, source.sentences.length + Math.floor(random() * 3) - 1));
      const sentences: string[] = [];
      for (let i = 0; i < count; i++) {
        const sentence = random() < OWN_SENTENCES ? pick(source.sentences) : pick(pool.sentences);
        sentences.push(
          sentence
            .split(' ')
            .map((w) => (random() < BODY_SWAP ? pick(bodyWords).toLowerCase() : w))
            .join(' '),
        );
      }
      const publishedAt = publishedAtFor(index, total, random);
      return {
        externalId: `syn-${index}`,
        title,
        body: sentences.join(' '),
        tags: source.tags.length > 0 ? source.tags : ['misc'],
        publishedAt,
      };
    },
  };
}
