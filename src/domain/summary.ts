import { foldSpaces, truncateAtWord, codePointLength } from './text.ts';

/** Longest summary, in code points. A delivered message stays short enough to read at a glance. */
export const SUMMARY_MAX_LENGTH = 300;

const sentenceSegmenter = new Intl.Segmenter('en', { granularity: 'sentence' });

/**
 * An extractive summary: the body's leading sentences, whole, up to SUMMARY_MAX_LENGTH.
 * When the first sentence alone is longer, it is cut at a word boundary with an ellipsis.
 * An empty body falls back to the title, so every article has a summary.
 */
export function summarize(body: string, title: string, max = SUMMARY_MAX_LENGTH): string {
  // Wire text breaks lines mid-sentence; paragraphs are separated by blank lines.
  const text = foldSpaces(body);
  if (text === '') return truncateAtWord(foldSpaces(title), max);
  let summary = '';
  for (const { segment } of sentenceSegmenter.segment(text)) {
    const sentence = segment.trim();
    if (sentence === '') continue;
    const next = summary === '' ? sentence : `${summary} ${sentence}`;
    if (codePointLength(next) > max) break;
    summary = next;
  }
  return summary === '' ? truncateAtWord(text, max) : summary;
}
