import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { sql, type Kysely } from 'kysely';
import { afterEach, describe, expect, it } from 'vitest';
import { loadConfig } from '../../src/config.ts';
import { parseTagList } from '../../src/domain/tags.ts';
import { silentLogger } from '../../src/logger.ts';
import { coreOnStorage, openCore } from '../../src/runtime.ts';
import { openStorage } from '../../src/storage/connect.ts';
import { DATA_TABLES } from '../../src/storage/copy-data.ts';
import { runCli, tempWorkspace } from '../helpers/cli.ts';
import { createTestSchema, TEST_DATABASE_URL, urlWithSchema } from '../helpers/dialects.ts';

const cleanups: (() => Promise<void> | void)[] = [];
afterEach(async () => {
  for (const cleanup of cleanups.splice(0).reverse()) await cleanup();
});

type Row = Record<string, unknown>;

/** Every data table's rows, in key order, without generated columns: what must survive. */
async function snapshot(db: Kysely<never>): Promise<Record<string, Row[]>> {
  const tables: Record<string, Row[]> = {};
  for (const { name, key } of DATA_TABLES) {
    const rows =
      await sql<Row>`SELECT * FROM ${sql.table(name)} ORDER BY ${sql.join(key.map((k) => sql.ref(k)))}`.execute(db);
    tables[name] = rows.rows.map(({ search: _search, title_search: _titleSearch, ...rest }) =>
      Object.fromEntries(
        Object.entries(rest).map(([k, v]) => [k, v === null ? null : typeof v === 'bigint' ? Number(v) : v]),
      ),
    );
  }
  return tables;
}

describe.runIf(TEST_DATABASE_URL)('tagwire migrate-data from SQLite to PostgreSQL', () => {
  it('moves every table, ids and pending deliveries included, and the copy keeps working', async () => {
    const workspace = tempWorkspace();
    cleanups.push(() => workspace.remove());
    const source = await openCore(loadConfig({ DATABASE_URL: workspace.dbUrl }), silentLogger);
    const { stores } = source.deps;
    const [oil, gas] = await stores.tags.ensure(parseTagList('Oil, Gas'), 1);
    if (!oil || !gas) throw new Error('no tags');
    await stores.tags.addAlias(
      parseTagList('Petroleum')[0] ??
        (() => {
          throw new Error('alias');
        })(),
      oil.id,
      2,
    );
    const reader = await stores.subscribers.upsert({ platform: 'telegram', chatId: '42', kind: 'user' }, 3);
    const group = await stores.subscribers.upsert(
      { platform: 'discord', chatId: '777', kind: 'channel', title: 'News', parentId: '9' },
      3,
    );
    await stores.subscribers.setFollow(reader.id, oil.id, 'follow', 4);
    await stores.subscribers.setFollow(reader.id, gas.id, 'mute', 4);
    await stores.subscribers.setFollow(group.id, oil.id, 'follow', 4, '555');
    await stores.subscribers.addManager(group.id, '1001', 5);
    await stores.subscribers.setCardSettings(group.id, { style: 'full', linkPreviews: true, silent: true });
    await sql`INSERT INTO feeds (url, added_by, created_at) VALUES ('https://example.org/feed.xml', 'admin', 6)`.execute(
      source.storage.db,
    );
    const posted = await source.core.postArticle(
      { title: 'Oil prices climb', body: 'Crude rose.', tags: ['Oil'], image: 'https://images.example.com/oil.jpg' },
      { postedBy: 'test', notify: true },
    );
    expect(posted.recipients).toBe(2);
    await stores.webSessions.audit('telegram:7 (Ann)', 'post', 'Oil prices climb', 7);
    const before = await snapshot(source.storage.db as unknown as Kysely<never>);
    expect(before.web_audit).toHaveLength(1);
    await source.close();

    const { url, schema, drop } = await createTestSchema();
    cleanups.push(drop);
    const target = urlWithSchema(url, schema);
    const result = await runCli(['migrate-data', '--from', workspace.dbUrl, '--to', target, '--pool-size', '2'], {});
    expect(result.code, result.stderr).toBe(0);
    expect(result.stdout).toMatch(/^Copied \d+ rows/u);

    const storage = openStorage({ dialect: 'postgres', url: target, poolSize: 2 });
    const copy = coreOnStorage(storage, loadConfig({ DATABASE_URL: target }), silentLogger);
    cleanups.push(() => copy.close());
    expect(await snapshot(storage.db as unknown as Kysely<never>)).toEqual(before);
    expect((await copy.deps.stores.outbox.countByStatus()).queued).toBe(2);
    // New rows get new ids (sequences moved past the copied ones), search and fan-out work.
    const next = await copy.core.postArticle(
      { title: 'Gas storage', body: 'Petroleum news.', tags: ['Petroleum'] },
      { postedBy: 'test', notify: true },
    );
    expect(next.articleId).toBeGreaterThan(posted.articleId);
    expect(next.recipients).toBe(2);
    expect(await copy.deps.stores.search.matchIds({ all: ['price'], phrases: [], excluded: [] }, { limit: 5 })).toEqual(
      [posted.articleId],
    );

    const again = await runCli(['migrate-data', '--from', workspace.dbUrl, '--to', target], {});
    expect(again.code).toBe(1);
    expect(again.stderr).toMatch(/already has/u);
  });

  it('names the option when a URL is wrong', async () => {
    const result = await runCli(['migrate-data', '--from', 'mysql://x', '--to', 'postgres://u@h/db'], {});
    expect(result.code).toBe(2);
    expect(result.stderr).toMatch(/--from: expected sqlite:PATH/u);
  });
});

describe('tagwire migrate-data refuses what cannot be a copy', () => {
  it('refuses a SQLite source file that does not exist, and creates nothing', async () => {
    const workspace = tempWorkspace();
    cleanups.push(() => workspace.remove());
    const missing = join(workspace.dir, 'typo', 'tagwire.db');
    const result = await runCli(['migrate-data', '--from', `sqlite:${missing}`, '--to', workspace.dbUrl], {});
    expect(result.code).toBe(2);
    expect(result.stderr).toContain(`--from: there is no SQLite database at ${missing}`);
    expect(result.stdout).not.toMatch(/Copied/u);
    expect(existsSync(missing)).toBe(false);
    expect(existsSync(join(workspace.dir, 'typo'))).toBe(false);
    expect(existsSync(join(workspace.dir, 'tagwire.db'))).toBe(false);
  });

  it('refuses an in-memory target: the copy would vanish with the process', async () => {
    const workspace = tempWorkspace();
    cleanups.push(() => workspace.remove());
    const source = await openCore(loadConfig({ DATABASE_URL: workspace.dbUrl }), silentLogger);
    await source.close();
    for (const memory of [':memory:', 'sqlite::memory:']) {
      const result = await runCli(['migrate-data', '--from', workspace.dbUrl, '--to', memory], {});
      expect(result.code).toBe(2);
      expect(result.stderr).toMatch(/^--to: an in-memory database is gone when the copy ends/u);
    }
  });

  it('takes --pool-size, as its usage says, and refuses a bad one', async () => {
    const workspace = tempWorkspace();
    cleanups.push(() => workspace.remove());
    const source = await openCore(loadConfig({ DATABASE_URL: workspace.dbUrl }), silentLogger);
    await source.core.postArticle({ title: 'Oil', tags: ['Oil'] }, { postedBy: 'test', notify: false });
    await source.close();
    const target = `sqlite:${join(workspace.dir, 'copy.db')}`;
    const copied = await runCli(['migrate-data', '--from', workspace.dbUrl, '--to', target, '--pool-size', '3'], {});
    expect(copied.code, copied.stderr).toBe(0);
    expect(copied.stdout).toMatch(/^Copied \d+ rows \(tags 1, tag_aliases 0, articles 1,/u);
    const bad = await runCli(['migrate-data', '--from', workspace.dbUrl, '--to', target, '--pool-size', '0'], {});
    expect(bad.code).toBe(2);
    expect(bad.stderr).toMatch(/^--pool-size takes a whole number from 1 to 1000, not "0"/u);
  });
});
