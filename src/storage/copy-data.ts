import { sql, type Kysely } from 'kysely';
import type { Storage } from './connect.ts';

/**
 * Every table of a deployment's data, parents before children, with the columns that
 * order it (its key). Left out: what the database rebuilds or what belongs to running
 * processes: tag_stats (kept by triggers), the search indexes, worker_locks, job_runs,
 * rate_slots, conversations (short-lived chat state), the newsroom's sign-in links and
 * sessions (sign in again after the move; its audit log is copied) and its sign-in
 * attempts per address (signin_attempts: windows of minutes), and Kysely's migration
 * tables (the target is migrated on its own).
 */
export const DATA_TABLES: readonly { name: string; key: readonly string[] }[] = [
  { name: 'tags', key: ['id'] },
  { name: 'tag_aliases', key: ['key'] },
  { name: 'articles', key: ['id'] },
  { name: 'article_tags', key: ['article_id', 'tag_id'] },
  { name: 'subscribers', key: ['id'] },
  { name: 'subscriber_managers', key: ['subscriber_id', 'user_id'] },
  { name: 'follows', key: ['subscriber_id', 'tag_id'] },
  { name: 'chat_threads', key: ['subscriber_id', 'thread_id'] },
  { name: 'saved_searches', key: ['subscriber_id', 'mode', 'query'] },
  { name: 'deliveries', key: ['id'] },
  { name: 'card_updates', key: ['delivery_id'] },
  { name: 'button_actions', key: ['id'] },
  { name: 'feeds', key: ['id'] },
  { name: 'feed_entries', key: ['feed_id', 'guid'] },
  { name: 'web_audit', key: ['id'] },
];

/** Rows read and written at a time. */
const PAGE = 500;
/** Generated columns: the target computes them. */
const GENERATED = new Set(['search', 'title_search']);

type Row = Record<string, unknown>;
type AnyDb = Kysely<Record<string, Row>>;

export class TargetNotEmptyError extends Error {
  override readonly name = 'TargetNotEmptyError';
}

/**
 * Copies a deployment's data from one migrated database to another, empty, migrated one
 * (SQLite to PostgreSQL, or back), keeping every id, so subscribers, follows, articles,
 * aliases, managers, feeds and deliveries stay linked. Pending deliveries stay pending
 * (a row a worker held 'sending' goes back to 'queued'). One transaction on the target:
 * it has all the data or none. Returns the rows copied per table.
 * `onTable` is called when a table is done; `onRows`, for a progress display, before a
 * table starts and after each page, with the rows copied so far and the table's total.
 */
export async function copyData(
  from: Storage,
  to: Storage,
  onTable?: (table: string, rows: number) => void,
  onRows?: (table: string, copied: number, total: number) => void,
): Promise<Record<string, number>> {
  const source = from.db as unknown as AnyDb;
  const target = to.db as unknown as AnyDb;
  for (const table of ['articles', 'subscribers', 'tags']) {
    const row = await sql<{ n: number }>`SELECT count(*) AS n FROM ${sql.table(table)}`.execute(target);
    if (Number(row.rows[0]?.n ?? 0) > 0)
      throw new TargetNotEmptyError(
        `The target database already has ${table}; copy into an empty (freshly migrated) database.`,
      );
  }
  const counts: Record<string, number> = {};
  await target.transaction().execute(async (trx) => {
    for (const { name, key } of DATA_TABLES) {
      let copied = 0;
      let total = 0;
      if (onRows) {
        const counted = await sql<{ n: number }>`SELECT count(*) AS n FROM ${sql.table(name)}`.execute(source);
        total = Number(counted.rows[0]?.n ?? 0);
        onRows(name, 0, total);
      }
      for (let offset = 0; ; offset += PAGE) {
        const order = sql.join(key.map((k) => sql.ref(k)));
        const page =
          await sql<Row>`SELECT * FROM ${sql.table(name)} ORDER BY ${order} LIMIT ${PAGE} OFFSET ${offset}`.execute(
            source,
          );
        if (page.rows.length === 0) break;
        const rows = page.rows.map((r) => prepare(name, r));
        await trx.insertInto(name).values(rows).execute();
        copied += rows.length;
        onRows?.(name, copied, total);
        if (page.rows.length < PAGE) break;
      }
      counts[name] = copied;
      onTable?.(name, copied);
    }
    await sql`DELETE FROM tag_stats`.execute(trx);
    await sql`INSERT INTO tag_stats (tag_id, articles) SELECT tag_id, count(*) FROM article_tags GROUP BY tag_id`.execute(
      trx,
    );
    if (to.engine === 'postgres') {
      // Inserting explicit ids leaves the serial sequences behind: move them past the copied ids.
      for (const { name, key } of DATA_TABLES) {
        if (key[0] !== 'id' || key.length !== 1) continue;
        await sql`SELECT setval(pg_get_serial_sequence(${name}, 'id'), COALESCE((SELECT max(id) FROM ${sql.table(name)}), 0) + 1, false)`.execute(
          trx,
        );
      }
    }
  });
  return counts;
}

function prepare(table: string, row: Row): Row {
  const copy: Row = {};
  for (const [column, value] of Object.entries(row)) if (!GENERATED.has(column)) copy[column] = value;
  if (table === 'deliveries' && copy.status === 'sending') {
    copy.status = 'queued';
    copy.lease_until = null;
  }
  return copy;
}
