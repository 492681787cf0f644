/**
 * `edit-fanout`: a correction of an article delivered to 100k chats (10k with --quick)
 * enqueues an edit of every delivered card (CardUpdateStore.enqueueEdits, one INSERT …
 * SELECT in the correction's transaction), measured beside the article's own fan-out
 * (OutboxStore.fanOut) on the same database: the goal is an edit fan-out in about the
 * time a fan-out takes. `edit-fanout.again` is a second correction while the first's
 * edits still wait (every row requeued through ON CONFLICT). The edits then go out at the
 * platforms' pace through the delivery worker's pacers (card-updates.ts); that pace is
 * what `deliver-limit` measures.
 *
 * SQLite: a real file (WAL). `--db postgres` adds the same on PostgreSQL in a fresh
 * schema (BENCH_DATABASE_URL, else TEST_DATABASE_URL, else the local server):
 * `edit-fanout.pg.*`. Each figure is the median of RUNS runs (a new article each run).
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { sql } from 'kysely';
import { editArticle } from '../src/app/article-edit.ts';
import { loadConfig } from '../src/config.ts';
import { silentLogger } from '../src/logger.ts';
import { openCore, type CoreHandle } from '../src/runtime.ts';
import { seedFollowers } from '../test/delivery/sink.ts';
import { withBenchSchema } from './fanout.bench.ts';
import type { BenchOptions, Figure } from './figure.ts';

const RUNS = 3;

const median = (values: number[]) => [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)] ?? 0;

async function measure(handle: CoreHandle, label: string, chats: number): Promise<Figure[]> {
  await seedFollowers(handle.storage.db, { count: chats, tag: 'Edited', firstChatId: 5_000_000 });
  const runs: { fanout: number; edit: number; again: number; cards: number }[] = [];
  for (let run = 0; run < RUNS; run++) {
    let started = performance.now();
    const posted = await handle.core.postArticle(
      { title: `Edit fan-out ${run}`, tags: ['Edited'], body: 'The first version.' },
      { postedBy: 'bench', notify: true },
    );
    const fanout = performance.now() - started;
    // As if the worker had delivered every card.
    await sql`UPDATE deliveries SET status = 'sent', message_id = CAST(id AS TEXT), sent_at = ${Date.now()}
      WHERE article_id = ${posted.articleId}`.execute(handle.storage.db);
    const row = (await handle.deps.stores.articles.byIds([posted.articleId]))[0];
    if (!row) throw new Error('article missing');
    started = performance.now();
    const edited = await editArticle(handle.deps, row, { title: `Edit fan-out ${run}, corrected` });
    const edit = performance.now() - started;
    const fresh = (await handle.deps.stores.articles.byIds([posted.articleId]))[0];
    if (!fresh) throw new Error('article missing');
    started = performance.now();
    await editArticle(handle.deps, fresh, { body: 'The second version.' });
    const again = performance.now() - started;
    runs.push({ fanout, edit, again, cards: edited.cards });
    if (posted.recipients !== chats || edited.cards !== chats)
      throw new Error(`expected ${chats} recipients and cards, got ${posted.recipients} and ${edited.cards}`);
  }
  const figure = (name: string, key: 'fanout' | 'edit' | 'again'): Figure => {
    const ms = median(runs.map((r) => r[key]));
    return {
      name: `edit-fanout${label}.${name}`,
      value: Math.round(ms),
      unit: 'ms',
      runsMs: runs.map((r) => Math.round(r[key])).join('/'),
      cards: chats,
      perSecond: Math.round(chats / (ms / 1000)),
    };
  };
  return [figure('fanout', 'fanout'), figure('edit', 'edit'), figure('again', 'again')];
}

export async function run(options: BenchOptions): Promise<Figure[]> {
  const chats = options.quick ? 10_000 : 100_000;
  const figures: Figure[] = [];
  const dir = mkdtempSync(join(tmpdir(), 'tagwire-edit-fanout-'));
  try {
    const handle = await openCore(
      loadConfig({ DATABASE_URL: `sqlite:${join(dir, 'edit.db')}`, LOG_LEVEL: 'silent' }),
      silentLogger,
    );
    try {
      figures.push(...(await measure(handle, '', chats)));
    } finally {
      await handle.close();
    }
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
  if (options.db === 'postgres') {
    await withBenchSchema(async (url, schema) => {
      const target = new URL(url);
      target.searchParams.set('options', `-c search_path=${schema}`);
      const handle = await openCore(loadConfig({ DATABASE_URL: target.href, LOG_LEVEL: 'silent' }), silentLogger);
      try {
        figures.push(...(await measure(handle, '.pg', chats)));
      } finally {
        await handle.close();
      }
    });
  }
  return figures;
}
