import { analysedText } from '../domain/tokenize.ts';

/*
 * Analyses made ahead of a write. On SQLite the search index's triggers call
 * tagwire_terms() for every title and body they index (src/storage/connect.ts), in the
 * thread that writes. An import analyses its articles while it prepares them, in a worker
 * thread (src/app/import-workers.ts), and hands the results here for the length of its
 * batch's statements: the triggers then find them instead of analysing again, and the
 * writing thread does only the writing. Each entry is analysedText() of its key, made by
 * the same code, so a hit and a miss give the same terms: the memo changes the speed,
 * never the index.
 */

const known = new Map<string, string>();

/** The search index's analysis of `text` (analysedText), from the memo when made ahead. */
export function analysisOf(text: string): string {
  return known.get(text) ?? analysedText(text);
}

/** Texts and their analyses made ahead. */
export type Analyses = readonly (readonly [text: string, terms: string])[];

/**
 * Runs `write` with `analyses` in the memo, and forgets them after it, whatever the
 * outcome. Another batch's entries for the same text may go with them: it analyses again.
 */
export async function withAnalyses<T>(analyses: Analyses, write: () => Promise<T>): Promise<T> {
  for (const [text, terms] of analyses) known.set(text, terms);
  try {
    return await write();
  } finally {
    for (const [text] of analyses) known.delete(text);
  }
}
