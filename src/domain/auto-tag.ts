import { STOP_WORDS } from './stopwords.ts';
import { tagKey } from './tags.ts';
import { foldToken, indexTerm, russianCaseForms } from './tokenize.ts';

/*
 * Auto-tagging: an article whose text names a known tag, or one of its aliases, as
 * whole words gets that tag. "Azerbaijan's army" names #Azerbaijan; "Azerbaijani" does
 * not. Matching is case-insensitive, on words as Unicode sees them: letters, marks
 * and digits of any script. Scripts written without spaces (Chinese, Japanese, Thai...)
 * are matched character by character, since they have no word boundary to honour.
 * Russian names match in the forms of their declension ("Премьер Армении" names
 * #Armenia through its name or alias `Армения`), Armenian ones by their stem
 * ("Հայաստանի" through `Հայաստան`); English words match as written, so "Azerbaijani"
 * stays apart from Azerbaijan.
 */

const NO_SPACE_SCRIPTS =
  '\\p{sc=Han}\\p{sc=Hiragana}\\p{sc=Katakana}\\p{sc=Thai}\\p{sc=Lao}\\p{sc=Khmer}\\p{sc=Myanmar}';
// The Armenian marks ՛ ՜ ՞ sit inside words.
const WORD = new RegExp(
  `[${NO_SPACE_SCRIPTS}]|(?:(?![${NO_SPACE_SCRIPTS}])[\\p{L}\\p{M}\\p{N}\\u055B\\u055C\\u055E])+`,
  'gu',
);
const CYRILLIC = /\p{Script=Cyrillic}/u;
const ARMENIAN = /\p{Script=Armenian}/u;

/**
 * A word as names are compared: lower case; Cyrillic folded (`ё` as `е`); Armenian
 * folded and stemmed (its endings are added to an unchanged word: `Հայաստան`,
 * `Հայաստանի`, `Հայաստանում`).
 */
function matchForm(word: string): string {
  const lower = word.toLowerCase();
  if (ARMENIAN.test(lower)) return indexTerm(foldToken(lower));
  return CYRILLIC.test(lower) ? foldToken(lower) : lower;
}

/**
 * A name's word in its other cases, for Russian: the forms of its declension
 * (`Армения` → `Армении`, `Арменией`; `Амурская` → `Амурской`), never a bare shared
 * stem, which would make "груз" (cargo) name Грузия and "кита" (a whale's) name Китай.
 */
const caseFormsOf = (word: string): string[] => (CYRILLIC.test(word) ? russianCaseForms(matchForm(word)) : []);

/**
 * A name is matched only when it is made of words and these joiners ("U.S.",
 * "Nagorno-Karabakh", "Côte d'Ivoire"). Names with other signs ("C++", "AT&T") are
 * not: their signs would be lost between words and match far too much.
 */
const MATCHABLE = /^[\p{L}\p{M}\p{N}\s.'’-]+$/u;

/** Single words this short, or common English words, match only as spelled ("US" but not "us"). */
const EXACT_CASE_MAX_LENGTH = 2;

interface Token {
  raw: string;
  norm: string;
}

/** The words of a text, in order: `raw` as written (NFKC), `norm` as matched (see matchForm). */
export function wordTokens(text: string): Token[] {
  const tokens: Token[] = [];
  for (const m of text.normalize('NFKC').matchAll(WORD)) tokens.push({ raw: m[0], norm: matchForm(m[0]) });
  return tokens;
}

interface Phrase {
  /** Each word's forms as matched: one, or a Russian word in its cases (russianCaseForms). */
  words: ReadonlySet<string>[];
  /** Set when the phrase must appear with exactly this spelling (see EXACT_CASE_MAX_LENGTH). */
  exact: string | null;
  /** The tag to add: its display name. */
  tag: string;
}

export interface AutoTagName {
  /** The words to look for: a tag's name or an alias. */
  phrase: string;
  /** The tag that phrase means (display name). */
  tag: string;
}

export interface AutoTagger {
  /** Tags (display names) that the text names, in order of first mention, each once. */
  find(text: string): string[];
  /** How many names it looks for. */
  readonly size: number;
}

export function createAutoTagger(names: readonly AutoTagName[]): AutoTagger {
  const byFirstWord = new Map<string, Phrase[]>();
  let size = 0;
  for (const { phrase, tag } of names) {
    if (!MATCHABLE.test(phrase)) continue;
    const tokens = wordTokens(phrase);
    const first = tokens[0];
    if (!first) continue;
    const single = tokens.length === 1;
    const exact =
      single && (Array.from(first.norm).length <= EXACT_CASE_MAX_LENGTH || STOP_WORDS.has(first.norm))
        ? first.raw
        : null;
    const words = tokens.map((t) => new Set([t.norm, ...caseFormsOf(t.raw)]));
    for (const form of words[0] ?? []) {
      const list = byFirstWord.get(form) ?? [];
      list.push({ words, exact, tag });
      byFirstWord.set(form, list);
    }
    size++;
  }
  return {
    size,
    find(text) {
      const tokens = wordTokens(text);
      const found = new Map<string, string>();
      tokens.forEach((token, i) => {
        for (const phrase of byFirstWord.get(token.norm) ?? []) {
          if (phrase.exact !== null && token.raw !== phrase.exact) continue;
          if (!phrase.words.every((forms, k) => forms.has(tokens[i + k]?.norm ?? ''))) continue;
          const key = tagKey(phrase.tag);
          if (!found.has(key)) found.set(key, phrase.tag);
        }
      });
      return [...found.values()];
    },
  };
}

/**
 * A wire story's dateline: the place in capitals, the date and the agency before the
 * story ("МОСКВА, 20 окт - РИА Новости.", "WASHINGTON, March 3 -", "ԵՐԵՎԱՆ, 5 մայիսի –").
 * It says where the copy was filed, not what it is about, so auto-tagging reads the body
 * without it: RIA files every story from Moscow, and tagged each #Москва (the
 * multilingual evaluation's biggest source of wrong tags).
 */
const DATELINE = /^\s*\p{Lu}[\p{Lu}\p{M}\s.'’-]{1,40},[^\n]{1,40}?\s[-–—]{1,2}\s(?:[^\n.]{0,30}\.\s)?/u;

/** The body without its dateline, when it opens with one. */
export function withoutDateline(body: string): string {
  const m = DATELINE.exec(body);
  return m ? body.slice(m[0].length) : body;
}
