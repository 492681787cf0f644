import { foldSpaces, truncateAtWord, codePointLength } from './text.ts';

/** Longest summary, in code points. A delivered message stays short enough to read at a glance. */
export const SUMMARY_MAX_LENGTH = 300;

/** Sentence segmenters by language, made once each (Intl.Segmenter knows each language's sentence ends). */
const segmenters = new Map<string, Intl.Segmenter>();
function sentenceSegmenter(locale: string): Intl.Segmenter {
  let segmenter = segmenters.get(locale);
  if (segmenter === undefined) {
    segmenter = new Intl.Segmenter(locale, { granularity: 'sentence' });
    segmenters.set(locale, segmenter);
  }
  return segmenter;
}

/**
 * An extractive summary: the body's leading sentences, whole, up to SUMMARY_MAX_LENGTH.
 * When the first sentence alone is longer, it is cut at a word boundary with an ellipsis.
 * An empty body falls back to the title, so every article has a summary. Sentences are
 * split by the rules of `locale`, the article's language (a BCP 47 tag such as "ru" or
 * "hy"; English when not known): Armenian ends a sentence with "։".
 */
export function summarize(body: string, title: string, max = SUMMARY_MAX_LENGTH, locale = 'en'): string {
  // Wire text breaks lines mid-sentence; paragraphs are separated by blank lines.
  const text = foldSpaces(body);
  if (text === '') return truncateAtWord(foldSpaces(title), max);
  let summary = '';
  for (const { segment } of sentenceSegmenter(locale).segment(text)) {
    const sentence = segment.trim();
    if (sentence === '') continue;
    const next = summary === '' ? sentence : `${summary} ${sentence}`;
    if (codePointLength(next) > max) break;
    summary = next;
  }
  return summary === '' ? truncateAtWord(text, max) : summary;
}
