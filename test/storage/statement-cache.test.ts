import SQLite from 'better-sqlite3';
import { Kysely, sql, SqliteDialect } from 'kysely';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { PLUCK, pluckedIds, withStatementCache } from '../../src/storage/statement-cache.ts';

describe('the SQLite statement cache', () => {
  let db: SQLite.Database;
  beforeEach(() => {
    db = new SQLite(':memory:');
    db.exec('CREATE TABLE t (id INTEGER PRIMARY KEY, name TEXT)');
    db.exec("INSERT INTO t (name) VALUES ('a'), ('b'), ('c')");
  });
  afterEach(() => {
    if (db.open) db.close();
  });

  it('hands out the same statement for the same SQL, and a new one for other SQL', () => {
    const cached = withStatementCache(db);
    const first = cached.prepare('SELECT name FROM t WHERE id = ?');
    expect(cached.prepare('SELECT name FROM t WHERE id = ?')).toBe(first);
    expect(cached.prepare('SELECT id FROM t WHERE name = ?')).not.toBe(first);
    expect(first.all([2])).toEqual([{ name: 'b' }]);
    expect(first.all([3])).toEqual([{ name: 'c' }]);
  });

  it('keeps only the most recently used statements', () => {
    const cached = withStatementCache(db, 2);
    const one = cached.prepare('SELECT 1');
    const two = cached.prepare('SELECT 2');
    expect(cached.prepare('SELECT 1')).toBe(one);
    cached.prepare('SELECT 3');
    expect(cached.prepare('SELECT 1')).toBe(one);
    expect(cached.prepare('SELECT 2')).not.toBe(two);
  });

  it('never hands out a statement that is still being iterated', () => {
    const cached = withStatementCache(db);
    const streaming = cached.prepare('SELECT name FROM t ORDER BY id');
    const rows = streaming.iterate([]);
    expect(rows.next().value).toEqual({ name: 'a' });
    const again = cached.prepare('SELECT name FROM t ORDER BY id');
    expect(again).not.toBe(streaming);
    expect(again.all([])).toHaveLength(3);
    expect([...rows]).toEqual([{ name: 'b' }, { name: 'c' }]);
  });

  it('serves Kysely: writes, reads, errors and a changed schema', async () => {
    const kysely = new Kysely<never>({ dialect: new SqliteDialect({ database: withStatementCache(db) }) });
    const names = () => sql<{ name: string }>`SELECT name FROM t ORDER BY id`.execute(kysely).then((r) => r.rows);
    expect(await names()).toEqual([{ name: 'a' }, { name: 'b' }, { name: 'c' }]);
    await sql`INSERT INTO t (name) VALUES (${'d'})`.execute(kysely);
    await sql`INSERT INTO t (name) VALUES (${'e'})`.execute(kysely);
    expect((await names()).map((r) => r.name)).toEqual(['a', 'b', 'c', 'd', 'e']);
    await expect(sql`INSERT INTO t (id, name) VALUES (${1}, ${'x'})`.execute(kysely)).rejects.toThrow(/UNIQUE/u);
    await expect(sql`INSERT INTO t (id, name) VALUES (${1}, ${'x'})`.execute(kysely)).rejects.toThrow(/UNIQUE/u);
    const all = () => sql<Record<string, unknown>>`SELECT * FROM t WHERE id = 1`.execute(kysely).then((r) => r.rows);
    expect(await all()).toEqual([{ id: 1, name: 'a' }]);
    await sql`ALTER TABLE t ADD COLUMN note TEXT`.execute(kysely);
    expect(await all()).toEqual([{ id: 1, name: 'a', note: null }]);
    await kysely.destroy();
    expect(db.open).toBe(false);
  });

  it('returns the first column alone for SQL marked PLUCK, through Kysely too, and objects otherwise', async () => {
    const cached = withStatementCache(db);
    expect(cached.prepare(`${PLUCK}SELECT id, name FROM t ORDER BY id`).all([])).toEqual([1, 2, 3]);
    expect(cached.prepare('SELECT id, name FROM t ORDER BY id').all([])).toEqual([
      { id: 1, name: 'a' },
      { id: 2, name: 'b' },
      { id: 3, name: 'c' },
    ]);
    // A statement still being iterated: the second one handed out plucks as well.
    const streaming = cached.prepare(`${PLUCK}SELECT id FROM t ORDER BY id`).iterate([]);
    expect(streaming.next().value).toBe(1);
    expect(cached.prepare(`${PLUCK}SELECT id FROM t ORDER BY id`).all([])).toEqual([1, 2, 3]);
    streaming.return?.();
    const kysely = new Kysely<never>({ dialect: new SqliteDialect({ database: cached }) });
    const ids = async (marked: boolean) =>
      pluckedIds(
        (
          await sql<unknown>`${sql.raw(marked ? PLUCK : '')}SELECT id FROM t WHERE id > ${1} ORDER BY id DESC`.execute(
            kysely,
          )
        ).rows,
      );
    expect(await ids(true)).toEqual([3, 2]);
    // Unmarked (or on PostgreSQL, which keeps objects), the same ids.
    expect(await ids(false)).toEqual([3, 2]);
    await kysely.destroy();
  });
});
