import { sql } from 'kysely';
import { afterEach, describe, expect, it } from 'vitest';
import { postArticle } from '../../src/app/articles.ts';
import { readImportLine } from '../../src/app/import-prepare.ts';
import { importArticles, type ImportSummary } from '../../src/app/importer.ts';
import { relatedArticles } from '../../src/app/related.ts';
import { saveSearches } from '../../src/app/saved-searches.ts';
import { searchArticles } from '../../src/app/search.ts';
import { ensureSubscriber, setTags } from '../../src/app/subscriptions.ts';
import { DuplicateArticleError, UserInputError } from '../../src/domain/errors.ts';
import { parseSavedSearch } from '../../src/domain/saved-search.ts';
import { parseTagName } from '../../src/domain/tags.ts';
import type { CoreHandle } from '../../src/runtime.ts';
import { FakeClock, testConfig } from '../helpers/core.ts';
import { DIALECTS, openDialectCoreWith, type DialectName } from '../helpers/dialects.ts';

/*
 * `tagwire import` takes a batch at a time (src/storage/article-bulk.ts); postArticle
 * takes one article. The same lines through both must leave the same archive: the same
 * rows in articles (all but the drawn public ids), article_tags, tags, aliases and
 * tag_stats, the same full-text index, the same search and related answers, and with
 * --notify the same deliveries. Small batches make the batch boundaries fall inside the
 * runs of duplicates.
 */

const body = (n: number) =>
  `Talks on the border resumed on day ${n}. Officials from both sides met in the capital and agreed on a timetable. ` +
  `The ministers said a further round would follow within weeks, and that trade across the border would reopen. ` +
  `Observers called it the most hopeful sign in years; the markets rose ${n % 7} per cent on the news.`;

/** The input: new and known tags, aliases, duplicates (in the archive, in a batch, across batches), bad lines. */
function input(): string[] {
  const lines: unknown[] = [];
  for (let n = 0; n < 40; n++) {
    lines.push({
      id: `wire-${n}`,
      title: `Border talks, round ${n}: ${['oil', 'grain', 'gas', 'copper'][n % 4]} prices`,
      body: body(n),
      url: n % 3 === 0 ? `https://wire.example/${n}` : undefined,
      tags: [
        ['Armenia', 'Hayastan', `Topic${n % 5}`],
        ['armenia', 'CSTO'],
        [`Topic${n % 5}`, 'Новости', 'Energy'],
        ['Oil, Gas'],
      ][n % 4],
      date: n % 6 === 5 ? 'not a date' : `2024-0${1 + (n % 9)}-1${n % 10}T08:00:00Z`,
      source: n % 2 === 0 ? 'Wire' : undefined,
    });
    if (n % 9 === 4) lines.push({ id: `wire-${n}`, title: 'Same id again', tags: ['x'] });
    if (n % 9 === 6)
      lines.push({
        id: `other-${n}`,
        title: 'Same URL as an earlier one',
        url: `https://wire.example/${n - 3}`,
        tags: ['y'],
      });
  }
  lines.push(
    { id: 'seeded-1', title: 'Already in the archive by id', tags: ['a'] },
    { title: 'Already in the archive by url', url: 'https://seeded.example/2', tags: ['a'] },
    { id: 'no-title', tags: ['a'] },
    { id: 'too-many', title: 'Too many tags', tags: Array.from({ length: 21 }, (_, i) => `t${i}`) },
    '{not json',
    { title: 'No id, no url: always new', tags: ['Armenia'] },
    { title: 'No id, no url: always new', tags: ['Armenia'] },
    { id: 'long', title: 'A long body', body: 'Word '.repeat(400), tags: ['Long read'] },
    { id: 'wire-3', title: 'Late duplicate of an earlier batch', tags: ['z'] },
    { id: 'url-case', title: 'URL spelled differently', url: 'HTTPS://Wire.Example/0', tags: ['w'] },
  );
  return lines.map((l) => (typeof l === 'string' ? l : JSON.stringify(l)));
}

async function seed(handle: CoreHandle): Promise<void> {
  const deps = handle.deps;
  const [armenia] = await deps.stores.tags.ensure([parseTagName('Armenia')], 0);
  if (!armenia) throw new Error('no tag');
  await deps.stores.tags.addAlias(parseTagName('Hayastan'), armenia.id, 0);
  for (const [id, url] of [
    ['seeded-1', 'https://seeded.example/1'],
    ['seeded-2', 'https://seeded.example/2'],
  ] as const)
    await postArticle(
      deps,
      { externalId: id, title: `Seeded ${id}`, body: body(99), url, tags: ['Armenia', 'Seed'] },
      { postedBy: 'cli', notify: false },
    );
  const reader = await ensureSubscriber(deps, { platform: 'telegram', chatId: '1', kind: 'user' });
  await setTags(deps, reader, [parseTagName('CSTO'), parseTagName('Energy')], 'follow');
  const muter = await ensureSubscriber(deps, { platform: 'telegram', chatId: '2', kind: 'user' });
  await setTags(deps, muter, [parseTagName('Armenia')], 'follow');
  await setTags(deps, muter, [parseTagName('Topic1')], 'mute');
  const watcher = await ensureSubscriber(deps, { platform: 'telegram', chatId: '3', kind: 'user' });
  await saveSearches(deps.stores, watcher.id, 'follow', [parseSavedSearch('copper prices')], 0);
}

/** postArticle line by line, reading each line as the importer does: the reference. */
async function oneByOne(handle: CoreHandle, lines: readonly string[], notify: boolean): Promise<ImportSummary> {
  const summary: ImportSummary = {
    lines: 0,
    imported: 0,
    alreadyPresent: 0,
    rejected: 0,
    recipients: 0,
    problems: [],
    warnings: [],
  };
  for (const text of lines) {
    const line = ++summary.lines;
    try {
      const { input, warnings } = readImportLine(text);
      for (const message of warnings) summary.warnings.push({ line, message });
      const result = await postArticle(handle.deps, input, { postedBy: 'import', notify });
      summary.imported++;
      summary.recipients += result.recipients;
    } catch (err) {
      if (err instanceof DuplicateArticleError) summary.alreadyPresent++;
      else if (err instanceof UserInputError) {
        summary.rejected++;
        summary.problems.push({ line, message: err.message });
      } else throw err;
    }
  }
  return summary;
}

/** Everything an import leaves behind, public ids aside (drawn at random) and named through the rows they stand for. */
async function archive(handle: CoreHandle) {
  const db = handle.storage.db;
  const articles = await db.selectFrom('articles').selectAll().orderBy('id').execute();
  const publicIds = new Map(articles.map((a) => [a.public_id, a.id]));
  const strip = <T extends { public_id: string; search?: unknown }>({ public_id: _p, search: _s, ...rest }: T) => rest;
  const rows = {
    articles: articles.map((a) => strip(a as typeof a & { search?: unknown })),
    articleTags:
      await sql`SELECT article_id, tag_id, position, auto FROM article_tags ORDER BY article_id, position`.execute(db),
    tags: await db.selectFrom('tags').selectAll().orderBy('id').execute(),
    aliases: await db.selectFrom('tag_aliases').selectAll().orderBy('key').execute(),
    tagStats: await sql`SELECT tag_id, articles FROM tag_stats ORDER BY tag_id`.execute(db),
    deliveries:
      await sql`SELECT subscriber_id, article_id, status FROM deliveries ORDER BY article_id, subscriber_id`.execute(
        db,
      ),
  };
  const index =
    handle.storage.engine === 'postgres'
      ? (
          await sql<{
            id: number;
            search: string;
          }>`SELECT id, search::text AS search FROM articles ORDER BY id`.execute(db)
        ).rows
      : (
          await sql<{
            id: number;
            docsize: unknown;
          }>`SELECT id, sz AS docsize FROM articles_fts_docsize ORDER BY id`.execute(db)
        ).rows.map((r) => ({ id: r.id, docsize: Buffer.from(r.docsize as Uint8Array).toString('hex') }));
  const search: Record<string, unknown> = {};
  for (const q of [
    'border talks',
    'oil prices',
    'copper #energy',
    '"trade across the border"',
    'новости',
    'markets -gas',
  ]) {
    const page = await searchArticles(handle.deps.stores, q, { limit: 10, offset: 0 });
    search[q] = page.results.map((r) => [r.articleId, Math.round(r.score * 1e6), r.snippet, r.article.tags]);
  }
  const related: Record<number, unknown> = {};
  for (const id of [3, 10, 20, articles.length]) {
    const [row] = await handle.deps.stores.articles.byIds([id]);
    if (row)
      related[id] = (await relatedArticles(handle.deps.stores, row, { limit: 5, offset: 0 })).map((h) => [
        h.articleId,
        Math.round(h.score * 1e6),
      ]);
  }
  return { rows, index, search, related, publicIdsUnique: publicIds.size === articles.length };
}

/** The SQLite FTS5 indexes agree with the articles they index. */
async function integrity(handle: CoreHandle): Promise<void> {
  if (handle.storage.engine !== 'sqlite') return;
  for (const table of ['articles_fts', 'articles_title_fts'])
    await sql`INSERT INTO ${sql.raw(table)} (${sql.raw(table)}, rank) VALUES ('integrity-check', 1)`.execute(
      handle.storage.db,
    );
}

describe.each(DIALECTS)('an import on %s leaves what posting one by one leaves', (dialect: DialectName) => {
  const handles: CoreHandle[] = [];
  afterEach(async () => {
    await Promise.all(handles.splice(0).map((h) => h.close()));
  });
  const open = async () => {
    const handle = await openDialectCoreWith(dialect, testConfig(), new FakeClock());
    handles.push(handle);
    await seed(handle);
    return handle;
  };
  async function* linesOf(lines: readonly string[]) {
    yield* lines;
  }

  for (const notify of [false, true]) {
    it(`rows, index, search, related${notify ? ' and deliveries (--notify)' : ''}`, async () => {
      const lines = input();
      const [batched, single] = [await open(), await open()];
      const viaBatches = await importArticles(batched.deps, linesOf(lines), { notify, batchSize: 7 });
      const viaPosts = await oneByOne(single, lines, notify);
      expect(viaBatches).toEqual(viaPosts);
      expect(viaBatches).toMatchObject({ imported: 43, alreadyPresent: 12, rejected: 3 });
      if (notify) expect(viaBatches.recipients).toBeGreaterThan(10);
      await integrity(batched);
      await integrity(single);
      const [a, b] = [await archive(batched), await archive(single)];
      expect(a.publicIdsUnique).toBe(true);
      expect(a.rows).toEqual(b.rows);
      expect(a.index).toEqual(b.index);
      expect(a.search).toEqual(b.search);
      expect(a.related).toEqual(b.related);
      expect(Object.values(a.search).flat().length).toBeGreaterThan(10);
    });
  }

  it('one big batch and many small ones agree too', async () => {
    const lines = input();
    const [big, small] = [await open(), await open()];
    await importArticles(big.deps, linesOf(lines), { notify: false });
    await importArticles(small.deps, linesOf(lines), { notify: false, batchSize: 2 });
    expect((await archive(big)).rows).toEqual((await archive(small)).rows);
    const again = await importArticles(big.deps, linesOf(lines), { notify: false, batchSize: 5 });
    // Only the two lines with neither id nor URL go in again, as they would one by one.
    expect(again).toMatchObject({ imported: 2, alreadyPresent: 53, rejected: 3 });
    expect(await big.deps.stores.articles.count()).toBe(2 + 43 + 2);
  });
});
