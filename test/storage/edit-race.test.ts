import { afterEach, describe, expect, it } from 'vitest';
import { editArticle } from '../../src/app/article-edit.ts';
import { DuplicateArticleError } from '../../src/domain/errors.ts';
import type { CoreHandle } from '../../src/runtime.ts';
import { DIALECTS, openDialectCore } from '../helpers/dialects.ts';

let handle: CoreHandle | undefined;
afterEach(async () => {
  await handle?.close();
  handle = undefined;
});

/** Corrections racing to one URL: the database's unique key decides, and the loser hears why. */
describe.each(DIALECTS)('on %s', (dialect) => {
  it('refuses the loser of two corrections to one URL as a duplicate, never a database error', async () => {
    handle = await openDialectCore(dialect);
    const h = handle;
    for (let i = 0; i < 6; i++) {
      const posted = await Promise.all(
        ['A', 'B'].map((t) =>
          h.core.postArticle({ title: `${t}${i}`, tags: ['Race'] }, { postedBy: 'test', notify: false }),
        ),
      );
      const rows = await h.deps.stores.articles.byIds(posted.map((p) => p.articleId));
      const url = `https://news.example/contested/${i}`;
      const outcomes = await Promise.allSettled(rows.map((row) => editArticle(h.deps, row, { url })));
      expect(outcomes.filter((o) => o.status === 'fulfilled')).toHaveLength(1);
      const refused = outcomes.find((o) => o.status === 'rejected');
      expect(refused?.reason).toBeInstanceOf(DuplicateArticleError);
      const after = await h.deps.stores.articles.byIds(posted.map((p) => p.articleId));
      expect(after.filter((a) => a.url === url)).toHaveLength(1);
    }
  });
});
