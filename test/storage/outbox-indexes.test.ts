import SQLite from 'better-sqlite3';
import { Kysely, PostgresDialect, sql, SqliteDialect, type Dialect } from 'kysely';
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { PRUNE_CHUNK } from '../../src/jobs/retention.ts';
import { registerSqliteFunctions } from '../../src/storage/connect.ts';
import { migrateToLatest } from '../../src/storage/migrate.ts';
import { createOutboxStore } from '../../src/storage/outbox-store.ts';
import { createScheduleStore } from '../../src/storage/schedule-store.ts';
import type { Database } from '../../src/storage/schema.ts';
import { createSubscriberStore } from '../../src/storage/subscriber-store.ts';
import { createTestSchema, TEST_DATABASE_URL } from '../helpers/dialects.ts';

interface Statement {
  sql: string;
  parameters: readonly unknown[];
}

/** Kysely over `dialect`, handing every statement it runs to `sent`. */
function loggingKysely(dialect: Dialect, sent: (statement: Statement) => void): Kysely<Database> {
  return new Kysely<Database>({
    dialect,
    log: (event) => {
      if (event.level === 'query') sent({ sql: event.query.sql, parameters: event.query.parameters });
    },
  });
}

/**
 * The outbox's indexes over unsent rows are partial (migration 0024), and SQLite uses a
 * partial index only when the query's WHERE holds its condition as written. Each store
 * call below is run, and every statement it sent that reads deliveries is explained:
 * none may read the whole table, or a large outbox would be scanned on every claim,
 * every pause and every count.
 */
describe('the outbox queries on SQLite', () => {
  let sqlite: SQLite.Database;
  let db: Kysely<Database>;
  let seen: Statement[] = [];
  const DELIVERY_ALIASES = new Set(['deliveries', 'd', 'e', 'p', 'c']);

  beforeAll(async () => {
    sqlite = new SQLite(':memory:');
    registerSqliteFunctions(sqlite);
    db = loggingKysely(new SqliteDialect({ database: sqlite }), (statement) => seen.push(statement));
    await migrateToLatest(db, false);
    // Rows of every status. No ANALYZE, as in the bot's own files: with statistics SQLite
    // may skip-scan the unique key (article_id, subscriber_id) for a chat's rows, without
    // them it reads the table.
    const series = (n: number) =>
      `WITH RECURSIVE n(value) AS (SELECT 1 UNION ALL SELECT value + 1 FROM n WHERE value < ${n})`;
    sqlite.exec(`INSERT INTO subscribers (platform, chat_id, kind, created_at, updated_at)
      ${series(50)} SELECT 'telegram', 'c' || value, 'user', 0, 0 FROM n`);
    sqlite.exec(`INSERT INTO articles (public_id, title, body, summary, published_at, created_at, posted_by)
      ${series(20)} SELECT 'a' || value, 'T', '', '', 0, 0, 'test' FROM n`);
    sqlite.exec(`INSERT INTO deliveries (subscriber_id, article_id, status, next_attempt_at, created_at, updated_at, sent_at)
      SELECT s.id, a.id, CASE (s.id + a.id) % 7 WHEN 0 THEN 'queued' WHEN 1 THEN 'sending' WHEN 2 THEN 'failed'
        WHEN 3 THEN 'skipped' WHEN 4 THEN 'held' WHEN 5 THEN 'deferred' ELSE 'sent' END, 5, 1, 1,
        CASE (s.id + a.id) % 7 WHEN 6 THEN 3 END
      FROM subscribers s, articles a`);
  });
  afterAll(async () => {
    await db.destroy();
  });

  /** The lines of each plan that read deliveries without an index, by the call that sent them. */
  async function fullScans(call: () => Promise<unknown>): Promise<string[]> {
    seen = [];
    await call();
    const scans: string[] = [];
    for (const { sql, parameters } of seen) {
      if (!/deliveries/i.test(sql)) continue;
      const plan = sqlite.prepare(`EXPLAIN QUERY PLAN ${sql}`).all(...(parameters as unknown[])) as {
        detail: string;
      }[];
      for (const { detail } of plan) {
        // The whole table: read row by row, or through its unique key (article_id, subscriber_id).
        const scan = /^SCAN (\w+)(?: USING (?:COVERING )?INDEX sqlite_autoindex_deliveries_1)?$/.exec(detail);
        if (scan?.[1] && DELIVERY_ALIASES.has(scan[1])) scans.push(`${detail} in: ${sql}`);
      }
    }
    return scans;
  }

  const outbox = () => createOutboxStore(db, false);
  const schedules = () => createScheduleStore(db);
  const calls: [string, () => Promise<unknown>][] = [
    ['claimDue', () => outbox().claimDue({ platforms: ['telegram'], now: 10, leaseUntil: 20, limit: 5 })],
    ['nextDueAt', () => outbox().nextDueAt(['telegram'])],
    ['skipPending', () => outbox().skipPending(3, 'gone', 10)],
    ['retryFailed of a chat', () => outbox().retryFailed(10, 4)],
    ['retryFailed', () => outbox().retryFailed(10)],
    ['releaseAbandoned', () => outbox().releaseAbandoned(10)],
    ['countByStatus', () => outbox().countByStatus()],
    ['countByPlatformAndStatus', () => outbox().countByPlatformAndStatus()],
    ['oldestQueuedByPlatform', () => outbox().oldestQueuedByPlatform()],
    ['pruneSent', () => outbox().pruneSent(2, 10)],
    ['failureReasons', () => outbox().failureReasons(5)],
    ['find', () => outbox().find(5, 6)],
    ['list of an article', () => outbox().list({ articleId: 6, limit: 5 })],
    ['list of failed rows', () => outbox().list({ statuses: ['failed'], limit: 5 })],
    ['list of a chat', () => outbox().list({ subscriberId: 5, limit: 5 })],
    ['releaseDeferred', () => schedules().releaseDeferred(10)],
    ['releaseDigests', () => schedules().releaseDigests([{ subscriberId: 7, dueAt: 0, nextAt: 100 }], 10)],
    ['digestRows', () => schedules().digestRows(8, 1)],
    ['flushHeld', () => schedules().flushHeld(9, 10)],
    ['redefer', () => schedules().redefer(10, 50, 10)],
    ['skipUnsent', () => schedules().skipUnsent(11, 'paused', 10)],
    ['skippedWhilePaused', () => schedules().skippedWhilePaused(12, 0, 3)],
    ['moveChat', () => createSubscriberStore(db).moveChat('telegram', 'c13', 'c14', 10)],
  ];

  it.each(calls)('%s reads deliveries through an index', async (_name, call) => {
    expect(await fullScans(call)).toEqual([]);
  });

  it("lists a chat's rows newest first, sent and unsent together, as one query of the table would", async () => {
    sqlite.exec('UPDATE deliveries SET updated_at = (id * 7919) % 101 WHERE subscriber_id = 20');
    const expected = sqlite
      .prepare(
        'SELECT id FROM deliveries NOT INDEXED WHERE subscriber_id = 20 ORDER BY updated_at DESC, id DESC LIMIT 7',
      )
      .pluck()
      .all();
    const listed = await outbox().list({ subscriberId: 20, limit: 7 });
    expect(listed.map((r) => r.id)).toEqual(expected);
    expect(new Set(listed.map((r) => r.status)).has('sent')).toBe(true);
    const failed = await outbox().list({ subscriberId: 20, statuses: ['failed', 'sent'], limit: 3 });
    expect(failed.map((r) => r.id)).toEqual(
      sqlite
        .prepare(
          `SELECT id FROM deliveries NOT INDEXED WHERE subscriber_id = 20 AND status IN ('failed', 'sent')
          ORDER BY updated_at DESC, id DESC LIMIT 3`,
        )
        .pluck()
        .all(),
    );
  });

  it("deleting a chat deletes its rows through the indexes (the trigger's statements)", () => {
    const trigger = sqlite
      .prepare(`SELECT sql FROM sqlite_master WHERE type = 'trigger' AND name = 'deliveries_subscriber_deleted'`)
      .pluck()
      .get() as string;
    const statements = [...trigger.matchAll(/DELETE FROM deliveries WHERE [^;]*/g)].map((m) =>
      m[0].replaceAll('old.id', '1'),
    );
    expect(statements.length).toBeGreaterThan(0);
    for (const statement of statements) {
      const plan = sqlite.prepare(`EXPLAIN QUERY PLAN ${statement}`).all() as { detail: string }[];
      expect(plan.map((p) => p.detail).filter((d) => /^SCAN deliveries$/.test(d))).toEqual([]);
    }
    sqlite.prepare('DELETE FROM subscribers WHERE id = 15').run();
    expect(sqlite.prepare('SELECT count(*) FROM deliveries WHERE subscriber_id = 15').pluck().get()).toBe(0);
    expect(sqlite.prepare('SELECT count(*) FROM deliveries WHERE subscriber_id = 16').pluck().get()).toBe(20);
  });
});

/**
 * PostgreSQL chooses plans by its statistics, so its checks run on an outbox large
 * enough for them to matter: a claim must walk deliveries_due in claim order and stop at
 * its limit, not sort every due row (2.2 s a claim with a backlog of 1M, against 1.4 ms);
 * the retention job's chunk must find its rows through deliveries_sent and delete them
 * by id, not hash-join a scan of the whole table (650 ms a chunk at 1M sent rows, against
 * 14 ms).
 */
describe.runIf(TEST_DATABASE_URL)('the outbox queries on PostgreSQL', () => {
  let db: Kysely<Database>;
  let drop: () => Promise<void>;
  let seen: Statement[] = [];

  beforeAll(async () => {
    const schema = await createTestSchema();
    drop = schema.drop;
    const pool = new pg.Pool({ connectionString: schema.url, max: 1, options: `-c search_path=${schema.schema}` });
    db = loggingKysely(new PostgresDialect({ pool }), (statement) => seen.push(statement));
    await migrateToLatest(db, true);
    // 60,000 chats, each with one row sent and one queued: a backlog after a fan-out.
    await sql`INSERT INTO subscribers (platform, chat_id, kind, created_at, updated_at)
      SELECT 'telegram', g::text, 'user', 0, 0 FROM generate_series(1, 60000) g`.execute(db);
    await sql`INSERT INTO deliveries (subscriber_id, article_id, status, next_attempt_at, created_at, updated_at, sent_at)
      SELECT s.id, a, CASE a WHEN 1 THEN 'sent' ELSE 'queued' END, 5, 1, 1, CASE a WHEN 1 THEN s.id END
      FROM subscribers s, generate_series(1, 2) a`.execute(db);
    await sql`ANALYZE subscribers`.execute(db);
    await sql`ANALYZE deliveries`.execute(db);
  });
  afterAll(async () => {
    await db.destroy();
    await drop();
  });

  /** The plan of the first statement the call sent that starts with `verb`, parameters written in. */
  async function planOf(call: () => Promise<unknown>, verb: string): Promise<string> {
    seen = [];
    await call();
    const statement = seen.find((s) => s.sql.trimStart().toLowerCase().startsWith(verb));
    if (!statement) throw new Error(`no ${verb} was sent`);
    const literal = (n: string) => {
      const value = statement.parameters[Number(n) - 1];
      return typeof value === 'number' ? String(value) : `'${String(value).replaceAll("'", "''")}'`;
    };
    const plan = await sql
      .raw<{ 'QUERY PLAN': string }>(`EXPLAIN ${statement.sql.replace(/\$(\d+)/g, (_, n: string) => literal(n))}`)
      .execute(db);
    return plan.rows.map((r) => r['QUERY PLAN']).join('\n');
  }

  it('claimDue walks deliveries_due in claim order and stops at its limit', async () => {
    let claimed = 0;
    const plan = await planOf(async () => {
      claimed = (
        await createOutboxStore(db, true).claimDue({ platforms: ['telegram'], now: 10, leaseUntil: 20, limit: 512 })
      ).length;
    }, 'with');
    expect(claimed).toBe(512);
    // The due rows' part of the plan: no sort of every queued row, no scan of them all.
    const due = plan.slice(plan.indexOf('CTE due'), plan.indexOf('CTE claimable'));
    expect(due).toMatch(/Index Scan using deliveries_due on deliveries/);
    expect(due).not.toMatch(/Sort|Seq Scan on deliveries|Bitmap Heap Scan on deliveries/);
  });

  it('pruneSent deletes a chunk by id, found through deliveries_sent', async () => {
    let pruned = 0;
    const plan = await planOf(async () => {
      pruned = await createOutboxStore(db, true).pruneSent(1_000_000, PRUNE_CHUNK);
    }, 'delete');
    expect(pruned).toBe(PRUNE_CHUNK);
    expect(plan).not.toMatch(/Seq Scan on deliveries/);
    expect(plan).toMatch(/deliveries_sent/);
  });
});
