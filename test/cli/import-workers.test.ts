import { sql } from 'kysely';
import { afterEach, describe, expect, it } from 'vitest';
import { prepareLines, type ImportLine, type PreparedBatch } from '../../src/app/import-prepare.ts';
import { createBatchPreparer, type BatchPreparer } from '../../src/app/import-workers.ts';
import { importArticles } from '../../src/app/importer.ts';
import { parseTagName } from '../../src/domain/tags.ts';
import { analysedText, setLanguageAnalysis } from '../../src/domain/tokenize.ts';
import type { CoreHandle } from '../../src/runtime.ts';
import { openTestCore, waitFor } from '../helpers/core.ts';

/*
 * `tagwire import` prepares its batches in worker threads (src/app/import-workers.ts) and
 * hands SQLite's triggers the analyses made there (src/storage/analysis-memo.ts). Both are
 * shortcuts: a batch prepared in a worker is the batch prepared here, and an index built
 * from the analyses made ahead is the index built by analysing in the trigger.
 */

const lines: ImportLine[] = [
  { id: 'en-1', title: 'Armenia and Azerbaijan resume border talks', body: 'The ministers met in Brussels on Monday.' },
  {
    id: 'ru-1',
    title: 'Министры Армении и Франции сверили часы в Ереване',
    body: 'Министры ещё раз сверили часы по вопросам границы и условились встретиться снова через месяц.',
    tags: ['Армения'],
  },
  {
    id: 'hy-1',
    title: 'Ինչո՞ւ է Երևանը սպասում գարնանը',
    body: 'Նախարարները պայմանավորվեցին, որ Հայաստանի սահմանը գարնանը բաց կլինի։',
    date: '2024-05-01',
  },
  { id: 'warn-1', title: 'A line with an unknown field', body: 'Text.', colour: 'blue' },
  { id: 'date-1', title: 'A line with a date no one can read', body: 'Text.', date: 'the day after' },
  { id: 'bad-1', title: '', body: 'A title is missing.' },
]
  .map((record, i) => ({ line: i + 1, text: JSON.stringify({ tags: ['Armenia'], ...record }) }))
  .concat([
    { line: 7, text: '{not json' },
    { line: 8, text: '[1, 2]' },
  ]);

describe('import worker threads', () => {
  let preparer: BatchPreparer | null = null;
  let handle: CoreHandle | null = null;
  afterEach(async () => {
    await preparer?.close();
    preparer = null;
    await handle?.close();
    handle = null;
  });

  /** The batch as a worker prepares it, once the worker has started. */
  async function inWorker(analyse: boolean): Promise<PreparedBatch> {
    preparer = createBatchPreparer(1, analyse);
    let batch: Promise<PreparedBatch> | null = null;
    await waitFor(() => (batch = preparer?.dispatch(lines) ?? null) !== null, 'the worker to start', 30_000);
    return batch as unknown as Promise<PreparedBatch>;
  }

  it('prepares a batch in a worker exactly as here, analysis included', async () => {
    const here = prepareLines(lines, true);
    expect(here.articles.map((a) => a.line)).toEqual([1, 2, 3, 4, 5]);
    expect(here.problems.map((p) => p.line)).toEqual([6, 7, 8]);
    expect(here.warnings.map((w) => w.line)).toEqual([4, 5]);
    expect(here.articles.map((a) => a.description.language)).toEqual(['en', 'ru', 'hy', null, null]);
    const worker = await inWorker(true);
    expect(worker).toEqual(here);
    // Dates and tags come through the thread boundary as they are.
    expect(worker.articles[2]?.article.publishedAt).toBeInstanceOf(Date);
    expect(worker.articles[1]?.terms?.body).toBe(analysedText(here.articles[1]?.article.body ?? ''));
  }, 40_000);

  it("analyses as the importing thread does when it has the region's analysis off (the eval's comparison)", async () => {
    setLanguageAnalysis(false);
    try {
      const here = prepareLines(lines, true);
      // Off: `Армении` is indexed as written, not as the stem `армен`.
      expect(here.articles[1]?.terms?.title).toContain('армении');
      expect(await inWorker(true)).toEqual(here);
    } finally {
      setLanguageAnalysis(true);
    }
  }, 40_000);

  it('leaves the analysis out when the engine makes it (PostgreSQL)', async () => {
    const worker = await inWorker(false);
    expect(worker.articles.every((a) => a.terms === undefined)).toBe(true);
    expect(worker).toEqual(prepareLines(lines, false));
  }, 40_000);

  it('gives SQLite triggers the analyses made ahead, for that batch only', async () => {
    handle = await openTestCore();
    const { stores } = handle.deps;
    const title = 'Ceasefire holds';
    const row = (externalId: string) => ({
      external_id: externalId,
      title,
      body: 'Quiet night.',
      summary: 'Quiet night.',
      url: null,
      published_at: 1,
      date_given: 1,
      created_at: 1,
      posted_by: 'test',
    });
    const tags = [parseTagName('Armenia')];
    // Terms no analysis would make: the index holding them shows the trigger took them.
    await stores.transaction((s) =>
      s.articles.insertMany([{ row: row('a'), tags, terms: { title: 'marker', body: 'marker' } }], 1),
    );
    await stores.transaction((s) => s.articles.insertMany([{ row: row('b'), tags }], 1));
    const db = handle.storage.db;
    const matches = async (term: string) =>
      (
        await sql<{
          rowid: number;
        }>`SELECT rowid FROM articles_fts WHERE articles_fts MATCH ${term} ORDER BY rowid`.execute(db)
      ).rows.map((r) => r.rowid);
    const ids = (await sql<{ id: number }>`SELECT id FROM articles ORDER BY id`.execute(db)).rows.map((r) => r.id);
    expect(await matches('marker')).toEqual([ids[0]]);
    // The next batch, with the same title and no analyses given, is analysed afresh.
    expect(await matches(analysedText(title).split(' ')[0] ?? '')).toEqual([ids[1]]);
  });

  it('imports the same archive with worker threads as without', async () => {
    const records = Array.from({ length: 600 }, (_, n) =>
      JSON.stringify({
        id: `wire-${n}`,
        title: n % 2 === 0 ? `Border talks, round ${n}` : `Переговоры на границе, раунд ${n}`,
        body: n % 2 === 0 ? `Officials met on day ${n} and agreed.` : `Стороны встретились в день ${n} и договорились.`,
        tags: ['Armenia', `topic-${n % 7}`],
      }),
    );
    // Read slowly enough (about 1.5 s) for the worker to start and take batches.
    async function* read() {
      for (const [n, r] of records.entries()) {
        if (n % 20 === 0) await new Promise((resolve) => setTimeout(resolve, 50));
        yield r;
      }
    }
    const dump = async (threads: number) => {
      const core = await openTestCore();
      try {
        const summary = await importArticles(core.deps, read(), { notify: false, batchSize: 50, threads });
        const db = core.storage.db;
        const articles = (
          await sql`SELECT id, external_id, title, summary, language FROM articles ORDER BY id`.execute(db)
        ).rows;
        const index = (
          await sql`SELECT rowid FROM articles_fts WHERE articles_fts MATCH ${`${analysedText('границе')} OR ${analysedText('talks')}`} ORDER BY rowid`.execute(
            db,
          )
        ).rows;
        return { summary, articles, index };
      } finally {
        await core.close();
      }
    };
    const inline = await dump(0);
    expect(inline.summary.imported).toBe(600);
    expect(inline.index).toHaveLength(600);
    expect(await dump(1)).toEqual(inline);
  }, 60_000);

  it('commits every batch read while the input waits for more (a pipe, standard input)', async () => {
    handle = await openTestCore();
    const { stores } = handle.deps;
    for (const threads of [0, 1]) {
      let release: () => void = () => {};
      const more = new Promise<void>((resolve) => (release = resolve));
      // A batch, a pause (the worker starts), a batch and a half at once, then nothing until
      // released: the second batch is still being prepared when the input stops.
      async function* read() {
        for (let n = 0; n < 250; n++) {
          if (n === 100) await new Promise((resolve) => setTimeout(resolve, 2_000));
          yield JSON.stringify({
            id: `w${threads}-${n}`,
            title: `Talks, round ${n}`,
            body: 'Agreed.',
            tags: ['Armenia'],
          });
        }
        await more;
      }
      const before = await stores.articles.count();
      const importing = importArticles(handle.deps, read(), { notify: false, batchSize: 100, threads });
      await waitFor(
        async () => (await stores.articles.count()) - before >= 200,
        `two batches committed (threads ${threads})`,
        30_000,
      );
      release();
      expect((await importing).imported).toBe(250);
    }
  }, 70_000);
});
