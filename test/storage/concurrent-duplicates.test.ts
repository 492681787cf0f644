import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { postArticle } from '../../src/app/articles.ts';
import { importArticles } from '../../src/app/importer.ts';
import { DuplicateArticleError } from '../../src/domain/errors.ts';
import type { CoreHandle } from '../../src/runtime.ts';
import { DIALECTS, openDialectCore } from '../helpers/dialects.ts';
import { postJson, startTestHttp } from '../http/helpers.ts';

/*
 * The same article posted twice at the same moment (issue 15): the loser of the race
 * past the duplicate pre-check meets the database's unique constraint on url /
 * external_id. It must see the same DuplicateArticleError a sequential duplicate gets,
 * not the raw constraint error. The PostgreSQL core has a pool of several connections,
 * so the two posts run in two transactions at once.
 */

const ROUNDS = 5;

function article(n: number, externalId: string | null = `wire-${n}`) {
  return {
    externalId,
    title: `Border talks, round ${n}`,
    body: 'The two governments agreed on a section of the border.',
    url: `https://wire.example/${n}`,
    tags: ['Armenia', `Round${n}`],
  };
}

describe.each(DIALECTS)('concurrent duplicates on %s', (dialect) => {
  let handle: CoreHandle;

  beforeEach(async () => {
    handle = await openDialectCore(dialect);
  });
  afterEach(async () => {
    await handle.close();
  });

  const post = (input: ReturnType<typeof article>) =>
    postArticle(handle.deps, input, { postedBy: 'api', notify: true }).then(
      (result) => ({ created: result.article.publicId }),
      (err: unknown) => {
        if (err instanceof DuplicateArticleError) return { duplicateOf: err.existingPublicId, on: err.matchedOn };
        throw err;
      },
    );

  it('two posts of one article at once: one is created, the other is a DuplicateArticleError', async () => {
    for (let n = 1; n <= ROUNDS; n++) {
      const outcomes = await Promise.all([post(article(n)), post(article(n))]);
      const created = outcomes.filter((o) => 'created' in o);
      const duplicates = outcomes.filter((o) => 'duplicateOf' in o);
      expect(created).toHaveLength(1);
      expect(duplicates).toEqual([{ duplicateOf: created[0]?.created, on: 'externalId' }]);
    }
    expect(await handle.deps.stores.articles.count()).toBe(ROUNDS);
  });

  it('two posts of one URL at once (no import id): the loser is a duplicate on url', async () => {
    for (let n = 1; n <= ROUNDS; n++) {
      const outcomes = await Promise.all([post(article(n, null)), post(article(n, null))]);
      const created = outcomes.filter((o) => 'created' in o);
      expect(created).toHaveLength(1);
      expect(outcomes.filter((o) => 'duplicateOf' in o)).toEqual([{ duplicateOf: created[0]?.created, on: 'url' }]);
    }
    expect(await handle.deps.stores.articles.count()).toBe(ROUNDS);
  });

  it('POST /api/articles twice at once: 201 for one, 200 created: false for the other', async () => {
    const http = await startTestHttp(handle);
    try {
      for (let n = 1; n <= ROUNDS; n++) {
        const body = { id: `api-${n}`, title: `Api ${n}`, url: `https://api.example/${n}`, tags: ['Armenia'] };
        const answers = await Promise.all([
          postJson(http.url('/api/articles'), body),
          postJson(http.url('/api/articles'), body),
        ]);
        expect(answers.map((a) => a.status).sort()).toEqual([200, 201]);
        const loser = answers.find((a) => a.status === 200);
        const winner = answers.find((a) => a.status === 201);
        expect(loser?.body).toMatchObject({ created: false, duplicateOf: 'id', recipients: 0 });
        expect((loser?.body.article as { id: string }).id).toBe((winner?.body.article as { id: string }).id);
      }
    } finally {
      await http.close();
    }
  });

  it('two imports of one file at once: every line is imported once or counted as already present', async () => {
    const lines = Array.from({ length: 30 }, (_, i) =>
      JSON.stringify({ id: `imp-${i}`, title: `Imported ${i}`, url: `https://imp.example/${i}`, tags: ['Armenia'] }),
    );
    async function* file() {
      for (const line of lines) yield line;
    }
    const [a, b] = await Promise.all([
      importArticles(handle.deps, file(), { notify: false }),
      importArticles(handle.deps, file(), { notify: false }),
    ]);
    expect(a.problems).toEqual([]);
    expect(b.problems).toEqual([]);
    expect(a.imported + b.imported).toBe(lines.length);
    expect(a.alreadyPresent + b.alreadyPresent).toBe(lines.length);
    expect(await handle.deps.stores.articles.count()).toBe(lines.length);
  });
});
