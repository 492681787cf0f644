/**
 * `tagwire import` as it was before issue 17, for the benchmark's before/after in one
 * run: a transaction per 500 lines, postArticle for each line (a duplicate look-up, the
 * tags, a public-id check, the insert and its tags, one statement at a time).
 */
import { postArticle } from '../../src/app/articles.ts';
import type { CoreDeps } from '../../src/app/deps.ts';
import { readImportLine } from '../../src/app/import-prepare.ts';
import { DuplicateArticleError, UserInputError } from '../../src/domain/errors.ts';

export async function importOneByOne(
  deps: CoreDeps,
  lines: readonly string[],
): Promise<{ imported: number; alreadyPresent: number; rejected: number }> {
  const counts = { imported: 0, alreadyPresent: 0, rejected: 0 };
  for (let from = 0; from < lines.length; from += 500) {
    await deps.stores.transaction(async (stores) => {
      for (const text of lines.slice(from, from + 500)) {
        try {
          const { input } = readImportLine(text);
          await postArticle({ ...deps, stores }, input, { postedBy: 'import', notify: false });
          counts.imported++;
        } catch (err) {
          if (err instanceof DuplicateArticleError) counts.alreadyPresent++;
          else if (err instanceof UserInputError) counts.rejected++;
          else throw err;
        }
      }
    });
  }
  return counts;
}
