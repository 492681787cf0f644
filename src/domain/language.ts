import { francAll } from 'franc-min';
import { translate, type Locale } from '../i18n/index.ts';

/*
 * The language of an article, as an ISO 639-1 code ('en', 'ru', 'hy', …). Given with
 * the article (`lang:` in /post, `--lang`, an import line's or the API's `lang`, a
 * feed's declared language) or detected from its text when it comes in. Search analyses
 * each article in its language on PostgreSQL (migration 0013), `lang:ru` filters by it,
 * and summaries split sentences by it.
 *
 * Detection: a script used by one language of ours decides alone (Armenian is `hy`,
 * Georgian `ka`, Greek `el`); otherwise franc-min's trigram model picks among the
 * languages of the text's script, on at most DETECT_CHARS characters, and a guess whose
 * runner-up is within 3% of it is no guess (a table of figures looks like any language). Short texts need
 * care: under MIN_LETTERS letters franc guesses, so only a script-decided language is
 * given, or Russian for Cyrillic without the letters of Ukrainian, Belarusian, Kazakh or
 * the South Slavic alphabets; anything else stays unknown (null) rather than wrong.
 * Cyrillic with Russian's own letters (ы, э, ё) and none of the others' is Russian at any
 * length: franc's trigrams take a short Russian paragraph for Bulgarian now and then.
 * Latin text where English's commonest words (the, of, and…) make a fifth of the words
 * is English (news English has about a third). Both rules spare franc, which costs about
 * a millisecond an article: the most of an import's time if asked every time.
 */

/** Characters of an article read for detection: the title and the start of the body. */
const DETECT_CHARS = 600;
/** English's commonest words: a Latin text this rich in them is English without asking franc (a tenth of the cost). */
const ENGLISH_MARKERS = new Set(
  'the of and to in a is for on that with by said was at from as it be has have are were will its an this which'.split(
    ' ',
  ),
);
const ENGLISH_SHARE = 0.18;
/**
 * The languages franc weighs, by the text's alphabet: those of the region's news and the
 * world's wire services. Asking all 82 of franc-min's costs three times as much and
 * mostly adds ways to mistake a table of figures for Hausa.
 */
const LATIN_CANDIDATES = [
  'eng',
  'fra',
  'deu',
  'spa',
  'por',
  'ita',
  'nld',
  'swe',
  'pol',
  'ces',
  'ron',
  'hun',
  'tur',
  'azj',
  'uzn',
  'ind',
  'vie',
  'hrv',
  'bos',
  'srp',
] as const;
const CYRILLIC_CANDIDATES = ['rus', 'ukr', 'bel', 'bul', 'srp', 'kaz', 'uzn', 'azj', 'bos'] as const;
/** franc's runner-up scoring this close to the best (1) makes the guess a coin toss: unknown instead. */
const CLOSE_CALL = 0.97;
/** Fewer letters than this, and franc is not asked: its guess on a headline is a coin toss. */
const MIN_LETTERS = 40;

/** franc's ISO 639-3 codes and their ISO 639-1 ones, for the languages franc-min knows that have one. */
const ISO_639_1: Readonly<Record<string, string>> = {
  eng: 'en',
  rus: 'ru',
  ukr: 'uk',
  bel: 'be',
  bul: 'bg',
  srp: 'sr',
  bos: 'bs',
  hrv: 'hr',
  kaz: 'kk',
  uzn: 'uz',
  azj: 'az',
  spa: 'es',
  por: 'pt',
  fra: 'fr',
  deu: 'de',
  ita: 'it',
  nld: 'nl',
  swe: 'sv',
  pol: 'pl',
  ces: 'cs',
  ron: 'ro',
  hun: 'hu',
  tur: 'tr',
  ind: 'id',
  zlm: 'ms',
  vie: 'vi',
  tgl: 'tl',
  jav: 'jv',
  sun: 'su',
  swh: 'sw',
  som: 'so',
  hau: 'ha',
  yor: 'yo',
  ibo: 'ig',
  zul: 'zu',
  kin: 'rw',
  nya: 'ny',
  lin: 'ln',
  run: 'rn',
  plt: 'mg',
  arb: 'ar',
  urd: 'ur',
  pes: 'fa',
  pbu: 'ps',
  ckb: 'ku',
  hin: 'hi',
  mar: 'mr',
  npi: 'ne',
  ben: 'bn',
  tam: 'ta',
  tel: 'te',
  kan: 'kn',
  mal: 'ml',
  guj: 'gu',
  pan: 'pa',
  cmn: 'zh',
  jpn: 'ja',
  kor: 'ko',
  tha: 'th',
  amh: 'am',
  mya: 'my',
  sin: 'si',
  khm: 'km',
  ell: 'el',
  heb: 'he',
  kat: 'ka',
  hye: 'hy',
};

/** Scripts that one language of ours writes alone. */
const SCRIPT_LANGUAGES: readonly { script: RegExp; language: string }[] = [
  { script: /\p{Script=Armenian}/gu, language: 'hy' },
  { script: /\p{Script=Georgian}/gu, language: 'ka' },
  { script: /\p{Script=Greek}/gu, language: 'el' },
  { script: /\p{Script=Hebrew}/gu, language: 'he' },
  { script: /\p{Script=Hangul}/gu, language: 'ko' },
  { script: /[\p{Script=Hiragana}\p{Script=Katakana}]/gu, language: 'ja' },
  { script: /\p{Script=Thai}/gu, language: 'th' },
];

/** Cyrillic letters Russian does not use: a text with one of them is not Russian. */
const NOT_RUSSIAN_CYRILLIC = /[іїєґўәқңғүұһөђјљњћџѓќѕ]/iu;
/** Letters of Russian that Ukrainian, Bulgarian, Serbian and Macedonian do not have (Belarusian and Kazakh are told by the above). */
const RUSSIAN_ONLY_CYRILLIC = /[ыэё]/iu;

const count = (text: string, pattern: RegExp) => text.match(pattern)?.length ?? 0;

/** ASCII letters in a text, counted without making a string of each (most of an article's detection time otherwise). */
function asciiLetters(text: string): number {
  let letters = 0;
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i) | 0x20; // upper case to lower
    if (c >= 0x61 && c <= 0x7a) letters++;
  }
  return letters;
}

/** The share of a Latin text's words that are English's commonest (ENGLISH_MARKERS). */
function englishShare(text: string, ascii: boolean): number {
  // In ASCII text a letter run is an ASCII letter run: the same words, found without the Unicode tables.
  const word = ascii ? /[a-z]+/g : /\p{L}+/gu;
  const lower = text.toLowerCase();
  let words = 0;
  let english = 0;
  for (let m = word.exec(lower); m !== null; m = word.exec(lower)) {
    words++;
    if (ENGLISH_MARKERS.has(m[0])) english++;
  }
  return words === 0 ? 0 : english / words;
}

/** The article's language from its text, or null when the text does not tell. */
export function detectLanguage(title: string, body: string): string | null {
  const text = `${title}\n${body}`.slice(0, DETECT_CHARS);
  // Plain ASCII (most English copy): no alphabet to weigh, only English's commonest words.
  const ascii = !/\P{ASCII}/u.test(text);
  const letters = ascii ? asciiLetters(text) : count(text, /\p{L}/gu);
  if (letters === 0) return null;
  let cyrillic = 0;
  if (!ascii) {
    // A script one language writes alone decides when it holds most of the letters.
    for (const { script, language } of SCRIPT_LANGUAGES) if (count(text, script) * 2 > letters) return language;
    cyrillic = count(text, /\p{Script=Cyrillic}/gu);
  }
  if (cyrillic * 2 > letters && !NOT_RUSSIAN_CYRILLIC.test(text)) {
    // Cyrillic with ы, э or ё and none of the other alphabets' letters is Russian, however short.
    if (RUSSIAN_ONLY_CYRILLIC.test(text) || letters < MIN_LETTERS) return 'ru';
  } else if (letters < MIN_LETTERS) return null;
  if ((ascii || count(text, /\p{Script=Latin}/gu) * 2 > letters) && englishShare(text, ascii) >= ENGLISH_SHARE)
    return 'en';
  // franc's scores are relative to the best (1); a runner-up this close means it cannot tell.
  const only = cyrillic * 2 > letters ? CYRILLIC_CANDIDATES : LATIN_CANDIDATES;
  const [best, runnerUp] = francAll(text, { minLength: MIN_LETTERS, only: [...only] });
  if (best === undefined || (runnerUp !== undefined && runnerUp[1] >= CLOSE_CALL)) return null;
  return ISO_639_1[best[0]] ?? null;
}

/** An ISO 639-1 code as given (`ru`, `RU`, `ru-RU`, `hy_AM`): its two letters lower-cased; null when it is not one. */
export function parseLanguageCode(value: string): string | null {
  const match = /^([a-z]{2})(?:[-_][a-z0-9]{2,8})*$/iu.exec(value.trim());
  return match?.[1]?.toLowerCase() ?? null;
}

/** The language's name in a reader's language (`ru` in English: "Russian"), the code itself when Intl has no name. */
export function languageName(code: string, locale: string): string {
  try {
    return new Intl.DisplayNames([locale], { type: 'language' }).of(code) ?? code;
  } catch {
    return code;
  }
}

/**
 * "Language: Russian" in the reader's language, for an article shown in full (/article);
 * null when the article's language is not known. Every adapter shows it with the card's
 * date and source.
 */
export function articleLanguageLabel(language: string | null | undefined, locale: Locale): string | null {
  if (language === null || language === undefined) return null;
  return translate(locale, 'article-language', { language: languageName(language, locale) });
}
