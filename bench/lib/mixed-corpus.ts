/**
 * A mixed-language archive for the search benchmark (`npm run bench -- search --mixed`):
 * English, Russian and Armenian articles in even thirds, interleaved in time as one feed
 * carrying the three would be. English comes from the Reuters generator
 * (bench/lib/synthetic.ts); Russian and Armenian are generated the same way from real
 * news in ../shared/data/multilingual (see its README; read at run time, never copied):
 * RIA Novosti (title, body, RIA's editorial tags, rubric) and iLur.am (body and rubric,
 * no title). Each article starts from a real one of its language: its title (RIA) or the
 * first words of one of its sentences (iLur), some words swapped for title words of the
 * same rubric; a body mixing its own sentences with sentences of the same rubric, a few
 * words swapped for words drawn by frequency from the whole language's text (so word
 * forms and frequencies stay those of real Russian and Armenian news); and its tags
 * (RIA's own; for iLur the rubric in Armenian and the built-in names of the region its
 * seed article names). Each article carries its language.
 *
 * Queries (mixedQueries) are drawn from the same texts in surface forms, many in another
 * case than the one the articles use: a query word is a stem of the titles written in
 * one of the forms the language's texts give it, picked evenly among them (`Москва`,
 * `Москвы`, `Москве`...), and words of longer queries are swapped for another form of
 * theirs now and then.
 */
import { createAutoTagger, type AutoTagger } from '../../src/domain/auto-tag.ts';
import { namesOf, REGION_NAMES } from '../../src/domain/region-names.ts';
import { parseSearchQuery } from '../../src/domain/search-query.ts';
import { STOP_WORDS } from '../../src/domain/stopwords.ts';
import { tagKey } from '../../src/domain/tags.ts';
import { indexTerm, tokenize } from '../../src/domain/tokenize.ts';
import type { ReutersArticle } from './corpus.ts';
import { readJsonLines, strings, text } from './multilingual.ts';
import {
  BODY_SWAP,
  createGenerator,
  MAX_SENTENCES,
  OWN_SENTENCES,
  publishedAtFor,
  seededRandom,
  TITLE_SWAP,
  type Generator,
  type SyntheticArticle,
} from './synthetic.ts';

export type MixedLanguage = 'en' | 'ru' | 'hy';
/** The languages of the mixed archive, in the order articles take turns (index % 3). */
export const MIXED_LANGUAGES: readonly MixedLanguage[] = ['en', 'ru', 'hy'];

/** A real Russian or Armenian article, as the generator starts from it. */
export interface RealArticle {
  id: string;
  /** RIA's title; empty for iLur. */
  title: string;
  body: string;
  /** RIA's rubric (economy, culture, society) or iLur's (sport, economy, weather...). */
  rubric: string;
  /** RIA's editorial tags; none for iLur. */
  tags: string[];
}

export interface MixedSources {
  ru: RealArticle[];
  hy: RealArticle[];
}

function realArticle(r: Record<string, unknown>): RealArticle {
  return {
    id: String(r.id),
    title: text(r.title),
    body: text(r.body),
    rubric: strings(r.labels)[0] ?? 'misc',
    tags: [...new Set(strings(r.tags))],
  };
}

/** RIA Novosti (Russian) and iLur.am (Armenian), from ../shared/data/multilingual (MULTILINGUAL_PATH). */
export async function readMixedSources(): Promise<MixedSources> {
  const [ru, hy] = await Promise.all([readJsonLines('ru_ria_2023.jsonl.gz'), readJsonLines('hy_ilur_news.jsonl.gz')]);
  return { ru: ru.map(realArticle), hy: hy.map(realArticle) };
}

/** iLur's rubrics as an Armenian news site names them: the Armenian articles' tags. */
const ARMENIAN_RUBRICS: Readonly<Record<string, string>> = {
  sport: 'Սպորտ',
  economy: 'Տնտեսություն',
  weather: 'Եղանակ',
  politics: 'Քաղաքականություն',
  society: 'Հասարակություն',
  accidents: 'Պատահարներ',
  culture: 'Մշակույթ',
};

/**
 * Sentences of a Russian or Armenian body. Russian ends a sentence with `.`, `!`, `?` or
 * `…` before a space; iLur writes the Armenian full stop `։` as `:`, often with no space
 * after it (not before a digit then: `20:30` is a time).
 */
export function sentencesOf(body: string, language: 'ru' | 'hy'): string[] {
  const flat = body.replace(/\s+/gu, ' ').trim();
  const boundary =
    language === 'ru'
      ? /(?<=[.!?…])\s+(?=[\p{Lu}«"0-9])/u
      : /(?<=[։:])(?:\s*(?=[\p{Lu}«"])|\s+(?=[0-9]))|(?<=[.!?…])\s+(?=[\p{Lu}«"])/u;
  return flat
    .split(boundary)
    .map((s) => s.trim())
    .filter((s) => s.length > 20);
}

/** Draws words with the frequencies they were counted with (Zipf-like for words of real text). */
class FrequencySampler {
  private readonly words: string[] = [];
  private readonly cumulative: number[] = [];
  private total = 0;

  constructor(counts: ReadonlyMap<string, number>) {
    for (const [word, count] of counts) {
      this.total += count;
      this.words.push(word);
      this.cumulative.push(this.total);
    }
    if (this.words.length === 0) throw new Error('no words to draw from');
  }

  draw(random: () => number): string {
    const target = random() * this.total;
    let lo = 0;
    let hi = this.cumulative.length - 1;
    while (lo < hi) {
      const mid = (lo + hi) >>> 1;
      if ((this.cumulative[mid] ?? 0) <= target) lo = mid + 1;
      else hi = mid;
    }
    return this.words[lo] ?? '';
  }
}

const WORD = /^\p{L}{3,}$/u;

interface Source {
  titleWords: string[];
  sentences: string[];
  tags: string[];
  group: string;
}

/** Sentences kept from one real article: an iLur story runs to 100k characters now and then. */
const MAX_SOURCE_SENTENCES = 40;
/** Words of an Armenian title, made from the start of a sentence: 5 to this many. */
const MAX_MADE_TITLE_WORDS = 10;

let regionTagger: AutoTagger | undefined;

/**
 * The built-in names of the region an Armenian text names, as the bot's auto-tagger finds
 * them (src/domain/auto-tag.ts: any of an entry's names, in any language), by their
 * Armenian names.
 */
function regionNamesIn(body: string): string[] {
  regionTagger ??= createAutoTagger(REGION_NAMES.flatMap((r) => namesOf(r).map((phrase) => ({ phrase, tag: r.hy }))));
  return regionTagger.find(body);
}

const preparedSources = new WeakMap<readonly RealArticle[], Source[]>();

/** The articles as the generator starts from them: prepared once per set (finding region names takes seconds). */
function sourcesOf(articles: readonly RealArticle[], language: 'ru' | 'hy'): Source[] {
  const prepared = preparedSources.get(articles);
  if (prepared) return prepared;
  const sources: Source[] = [];
  for (const a of articles) {
    const sentences = sentencesOf(a.body, language).slice(0, MAX_SOURCE_SENTENCES);
    if (sentences.length === 0) continue;
    if (language === 'ru') {
      if (a.title.trim() === '') continue;
      sources.push({
        titleWords: a.title.trim().split(/\s+/u),
        sentences,
        tags: a.tags.length > 0 ? a.tags : ['Россия'],
        group: a.rubric,
      });
    } else {
      // No titles: a title is made per article from the first words of one of the first sentences.
      sources.push({
        titleWords: (sentences[0] ?? '').split(' ').slice(0, MAX_MADE_TITLE_WORDS),
        sentences,
        tags: [ARMENIAN_RUBRICS[a.rubric] ?? 'Լուրեր', ...regionNamesIn(a.body)],
        group: a.rubric,
      });
    }
  }
  if (sources.length === 0) throw new Error(`no ${language} article with a title and a body`);
  preparedSources.set(articles, sources);
  return sources;
}

/** A generator of Russian or Armenian articles, as createGenerator makes English ones. */
function createLanguageGenerator(
  articles: readonly RealArticle[],
  language: 'ru' | 'hy',
  seed: number,
): (index: number, total: number) => SyntheticArticle {
  const random = seededRandom(seed);
  const pick = <T>(list: readonly T[]): T => list[Math.floor(random() * list.length)] as T;
  const sources = sourcesOf(articles, language);
  const byGroup = new Map<string, { titleWords: string[]; sentences: string[] }>();
  const bodyWords = new Map<string, number>();
  for (const s of sources) {
    const pool = byGroup.get(s.group) ?? { titleWords: [], sentences: [] };
    pool.titleWords.push(...s.titleWords);
    pool.sentences.push(...s.sentences);
    byGroup.set(s.group, pool);
    for (const sentence of s.sentences)
      for (const w of sentence.split(' ')) {
        if (!WORD.test(w)) continue;
        const lower = w.toLowerCase();
        bodyWords.set(lower, (bodyWords.get(lower) ?? 0) + 1);
      }
  }
  const words = new FrequencySampler(bodyWords);
  return (index, total) => {
    const source = pick(sources);
    const pool = byGroup.get(source.group) ?? { titleWords: source.titleWords, sentences: source.sentences };
    let titleWords = source.titleWords;
    if (language === 'hy') {
      const sentence = source.sentences[Math.floor(random() * Math.min(3, source.sentences.length))] ?? '';
      titleWords = sentence.split(' ').slice(0, 5 + Math.floor(random() * (MAX_MADE_TITLE_WORDS - 4)));
    }
    const title = titleWords
      .map((w) => (random() < TITLE_SWAP ? pick(pool.titleWords) : w))
      .join(' ')
      .replace(/[:։,]+$/u, '');
    const count = Math.max(1, Math.min(MAX_SENTENCES, source.sentences.length + Math.floor(random() * 3) - 1));
    const sentences: string[] = [];
    for (let i = 0; i < count; i++) {
      const sentence = random() < OWN_SENTENCES ? pick(source.sentences) : pick(pool.sentences);
      sentences.push(
        sentence
          .split(' ')
          .map((w) => (random() < BODY_SWAP ? words.draw(random) : w))
          .join(' '),
      );
    }
    return {
      externalId: `syn-${language}-${index}`,
      title,
      body: sentences.join(' '),
      tags: source.tags,
      publishedAt: publishedAtFor(index, total, random),
      language,
    };
  };
}

export interface MixedGenerator {
  /** The article at `index` (0-based) of an archive of `total`; call in increasing index order. */
  next(index: number, total: number): SyntheticArticle;
  /** The language of the article at `index`. */
  languageOf(index: number): MixedLanguage;
  /** The English generator (its vocabulary builds the English queries). */
  english: Generator;
}

/** English, Russian and Armenian articles taking turns: a third of the archive each. */
export function createMixedGenerator(
  reuters: readonly ReutersArticle[],
  sources: MixedSources,
  seed = 2023,
): MixedGenerator {
  const english = createGenerator(reuters);
  const russian = createLanguageGenerator(sources.ru, 'ru', seed);
  const armenian = createLanguageGenerator(sources.hy, 'hy', seed + 1);
  const languageOf = (index: number): MixedLanguage => MIXED_LANGUAGES[index % MIXED_LANGUAGES.length] ?? 'en';
  return {
    english,
    languageOf,
    next(index, total) {
      const language = languageOf(index);
      if (language === 'ru') return russian(index, total);
      if (language === 'hy') return armenian(index, total);
      return { ...english.next(index, total), language: 'en' };
    },
  };
}

export interface LanguageQueries {
  /** 1-3 words. */
  short: string[];
  /** 4-8 words: a RIA title, or the start of an iLur sentence. */
  long: string[];
  /** 10-20 words: the start of a sentence, as a reader describes an article in their own words. */
  question: string[];
  /** A word and a tag of the language (`#Владимир_Путин`). */
  tagged: string[];
}

/**
 * A tag as a query names it: `#` and the name with `_` for spaces, when the query parser
 * reads that back as the same tag (not for a name with `"`); null otherwise.
 */
export function tagInQuery(name: string): string | null {
  const written = `#${name.trim().replace(/\s+/gu, '_')}`;
  try {
    const parsed = parseSearchQuery(`x ${written}`).tags;
    return parsed.length === 1 && parsed[0]?.key === tagKey(name) ? written : null;
  } catch {
    return null;
  }
}

/** Chance that a word of a long query or a question is written in another of its forms. */
const REINFLECT = 0.3;

interface TextIndex {
  /** Every form (lower case) each stem takes in the language's texts, stop words left out. */
  forms: Map<string, string[]>;
  /** Each sentence's words. */
  sentences: string[][];
  /** Each title's words: RIA's titles, the first words of an iLur article. */
  titles: string[][];
  /** Stems of the titles' words of 4 letters or more, stop words left out. */
  vocabulary: string[];
}

const textIndexes = new WeakMap<readonly RealArticle[], TextIndex>();

/** The words of a set of texts, by stem: built once per set (tokenizing iLur takes seconds). */
function textIndex(articles: readonly RealArticle[], language: 'ru' | 'hy'): TextIndex {
  const known = textIndexes.get(articles);
  if (known) return known;
  // Words of letters only: numbers go, with the endings written onto them (`20-ին`, `2022-ը`, `10-й`).
  const wordsOf = (s: string) =>
    tokenize(s.replace(/\d[\d.,]*(?:[-–]\p{L}+)?/gu, ' '))
      .map((t) => t.text)
      .filter((w) => /^\p{L}+$/u.test(w));
  const forms = new Map<string, Set<string>>();
  const sentences: string[][] = [];
  const titles: string[][] = [];
  for (const a of articles) {
    const body = sentencesOf(a.body, language).map(wordsOf);
    sentences.push(...body);
    titles.push(language === 'ru' ? wordsOf(a.title) : (body[0] ?? []).slice(0, MAX_MADE_TITLE_WORDS));
    for (const w of [...wordsOf(a.title), ...body.flat()]) {
      if (STOP_WORDS.has(w)) continue;
      const stem = indexTerm(w);
      const set = forms.get(stem) ?? new Set<string>();
      set.add(w);
      forms.set(stem, set);
    }
  }
  const vocabulary = [
    ...new Set(
      titles
        .flat()
        .filter((w) => Array.from(w).length >= 4 && !STOP_WORDS.has(w))
        .map(indexTerm),
    ),
  ].filter((stem) => forms.has(stem));
  const index = { forms: new Map([...forms].map(([stem, set]) => [stem, [...set]])), sentences, titles, vocabulary };
  textIndexes.set(articles, index);
  return index;
}

/**
 * Queries in Russian or Armenian drawn from the real texts with a fixed seed, in surface
 * forms (lower case, letters only) and often in another case than the articles': short
 * ones are 1-3 title words (a stem of the titles in one of its forms, picked evenly),
 * long ones 4-8 words of a title, questions 10-20 words of a sentence, a word of either
 * written in another of its forms now and then (REINFLECT); tag-filtered ones a short
 * query's word and one of `tags`.
 */
export function mixedQueries(
  articles: readonly RealArticle[],
  language: 'ru' | 'hy',
  tags: readonly string[],
  count: number,
  seed = 42,
): LanguageQueries {
  const random = seededRandom(seed + (language === 'ru' ? 1 : 2));
  const pick = <T>(list: readonly T[]): T => list[Math.floor(random() * list.length)] as T;
  const { forms, sentences, titles, vocabulary } = textIndex(articles, language);
  const formsOf = (stem: string) => forms.get(stem) ?? [];
  const word = () => pick(formsOf(pick(vocabulary)));
  const reinflect = (words: readonly string[]) =>
    words.map((w) => {
      if (random() >= REINFLECT) return w;
      const others = formsOf(indexTerm(w)).filter((f) => f !== w);
      return others.length > 0 ? pick(others) : w;
    });
  const longSources = titles.filter((t) => t.length >= 4);
  const questionSources = sentences.filter((s) => s.length >= 10);
  const short = Array.from({ length: count }, () =>
    Array.from({ length: 1 + Math.floor(random() * 3) }, word).join(' '),
  );
  const long = Array.from({ length: count }, () =>
    reinflect(pick(longSources).slice(0, 4 + Math.floor(random() * 5))).join(' '),
  );
  const question = Array.from({ length: count }, () =>
    reinflect(pick(questionSources).slice(0, 10 + Math.floor(random() * 11))).join(' '),
  );
  const tagQueries = tags.map(tagInQuery).filter((t): t is string => t !== null);
  if (tagQueries.length === 0) throw new Error(`no ${language} tag to filter by`);
  const tagged = Array.from({ length: count }, () => `${word()} ${pick(tagQueries)}`);
  return { short, long, question, tagged };
}

/** The language a tag's name is written in, by its alphabet: Cyrillic is Russian here, Armenian Armenian, else English. */
export function tagLanguage(name: string): MixedLanguage {
  if (/\p{Script=Armenian}/u.test(name)) return 'hy';
  if (/\p{Script=Cyrillic}/u.test(name)) return 'ru';
  return 'en';
}
