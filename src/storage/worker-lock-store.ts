import type { Kysely } from 'kysely';
import type { Database } from './schema.ts';

/**
 * The name of the delivery worker's lock row: held by a running bot (`tagwire start`,
 * src/delivery/worker-lock.ts), so its presence also tells an import that a bot writes
 * to the same SQLite file.
 */
export const DELIVERY_LOCK = 'delivery-worker';

/** A lock row (worker_locks, migrations/0003_delivery.ts): one per lock name. */
export interface LockRow {
  name: string;
  owner: string;
  pid: number;
  host: string;
  acquiredAt: number;
  heartbeatAt: number;
  expiresAt: number;
}

/**
 * Named locks held by a process and renewed by it, as compare-and-swap operations that
 * need no transaction (race-free on PostgreSQL too). The rules of when a lock is stale
 * live with its user (src/delivery/worker-lock.ts).
 */
export interface LockStore {
  /** Inserts the row unless one of that name exists; true if it was inserted. */
  insertIfAbsent(row: LockRow): Promise<boolean>;
  find(name: string): Promise<LockRow | undefined>;
  /** Replaces the row of `row.name` only while `expectedOwner` holds it; true if it did. */
  takeOver(row: LockRow, expectedOwner: string): Promise<boolean>;
  /** Moves the owner's heartbeat and expiry; false if the owner no longer holds it. */
  renew(name: string, owner: string, heartbeatAt: number, expiresAt: number): Promise<boolean>;
  release(name: string, owner: string): Promise<void>;
}

interface WorkerLocksTable {
  name: string;
  owner: string;
  pid: number;
  host: string;
  acquired_at: number;
  heartbeat_at: number;
  expires_at: number;
}

const toColumns = (row: LockRow): WorkerLocksTable => ({
  name: row.name,
  owner: row.owner,
  pid: row.pid,
  host: row.host,
  acquired_at: row.acquiredAt,
  heartbeat_at: row.heartbeatAt,
  expires_at: row.expiresAt,
});

export function createLockStore(base: Kysely<Database>): LockStore {
  const db = base.withTables<{ worker_locks: WorkerLocksTable }>();
  return {
    async insertIfAbsent(row) {
      const inserted = await db
        .insertInto('worker_locks')
        .values(toColumns(row))
        .onConflict((oc) => oc.column('name').doNothing())
        .executeTakeFirst();
      return Number(inserted.numInsertedOrUpdatedRows ?? 0) > 0;
    },
    async find(name) {
      const r = await db.selectFrom('worker_locks').selectAll().where('name', '=', name).executeTakeFirst();
      return r === undefined
        ? undefined
        : {
            name: r.name,
            owner: r.owner,
            pid: Number(r.pid),
            host: r.host,
            acquiredAt: Number(r.acquired_at),
            heartbeatAt: Number(r.heartbeat_at),
            expiresAt: Number(r.expires_at),
          };
    },
    async takeOver(row, expectedOwner) {
      const taken = await db
        .updateTable('worker_locks')
        .set(toColumns(row))
        .where('name', '=', row.name)
        .where('owner', '=', expectedOwner)
        .executeTakeFirst();
      return Number(taken.numUpdatedRows) > 0;
    },
    async renew(name, owner, heartbeatAt, expiresAt) {
      const result = await db
        .updateTable('worker_locks')
        .set({ heartbeat_at: heartbeatAt, expires_at: expiresAt })
        .where('name', '=', name)
        .where('owner', '=', owner)
        .executeTakeFirst();
      return Number(result.numUpdatedRows) > 0;
    },
    async release(name, owner) {
      await db.deleteFrom('worker_locks').where('name', '=', name).where('owner', '=', owner).execute();
    },
  };
}
