import { randomUUID } from 'node:crypto';
import { hostname } from 'node:os';
import type { Kysely } from 'kysely';
import type { Database } from '../storage/schema.ts';

/** The lock's row: one per database (migrations/0003_delivery.ts). */
interface WorkerLocksTable {
  name: string;
  owner: string;
  pid: number;
  host: string;
  acquired_at: number;
  heartbeat_at: number;
  expires_at: number;
}

/** The name of the delivery worker's lock row. */
export const DELIVERY_LOCK = 'delivery-worker';
/** A lock not renewed for this long is free: its holder hung or died on another host. */
export const WORKER_LOCK_TTL_MS = 30_000;
/** How often the holder renews it. */
export const WORKER_LOCK_HEARTBEAT_MS = 10_000;

/** Who holds the lock, for the refusal message. */
export interface LockHolder {
  pid: number;
  host: string;
  acquiredAt: number;
  heartbeatAt: number;
}

/** Another process already runs the delivery worker on this database. */
export class WorkerLockedError extends Error {
  override readonly name = 'WorkerLockedError';
  constructor(readonly holder: LockHolder, where: string) {
    super(`Another tagwire process (pid ${holder.pid} on ${holder.host}, running since ${new Date(holder.acquiredAt).toISOString()}) `
      + `already sends deliveries from ${where}. Two workers on one SQLite file would send duplicates, so this one will not start. `
      + 'Stop the other one first (or wait for it to exit), or point DATABASE_URL at another file. One-shot commands (post, import, search, stats) can run beside it.');
  }
}

export interface WorkerLock {
  /** Renews the lock; false if it was lost (taken over after it expired), and the worker must stop. */
  renew(): Promise<boolean>;
  release(): Promise<void>;
}

export interface LockOptions {
  now: () => number;
  /** Where, for the message: the database path. */
  where: string;
  pid?: number;
  host?: string;
  /** Whether a process of this host is alive; a dead holder's lock is taken over at once (kill -9, then restart). */
  isAlive?: (pid: number) => boolean;
}

/** Locks this process holds now, by owner: a row with our own pid and host but another owner is a previous life's (a container restarted with the same pid). */
const heldHere = new Set<string>();

function processAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (err) {
    return (err as NodeJS.ErrnoException).code === 'EPERM';
  }
}

/**
 * Takes the database's delivery-worker lock: a row naming this process, renewed every
 * WORKER_LOCK_HEARTBEAT_MS. It is free when absent, expired (not renewed for
 * WORKER_LOCK_TTL_MS), or held by a process of this host that no longer exists (so a
 * restart after kill -9 need not wait; a row with this very pid is a previous life's
 * unless this process holds it). Throws WorkerLockedError otherwise.
 */
export async function acquireWorkerLock(db: Kysely<Database>, options: LockOptions): Promise<WorkerLock> {
  const locks = db.withTables<{ worker_locks: WorkerLocksTable }>();
  const owner = randomUUID();
  const pid = options.pid ?? process.pid;
  const host = options.host ?? hostname();
  const isAlive = options.isAlive ?? processAlive;
  const at = options.now();
  const row = { name: DELIVERY_LOCK, owner, pid, host, acquired_at: at, heartbeat_at: at, expires_at: at + WORKER_LOCK_TTL_MS };
  // Compare-and-swap, no transaction needed (and race-free on PostgreSQL too): insert if
  // absent; else take over only the very row judged stale, by its owner.
  for (let attempt = 0; ; attempt++) {
    if (attempt > 5) throw new Error('could not take the worker lock: it keeps changing hands');
    const inserted = await locks.insertInto('worker_locks').values(row).onConflict((oc) => oc.column('name').doNothing()).executeTakeFirst();
    if (Number(inserted.numInsertedOrUpdatedRows ?? 0) > 0) break;
    const held = await locks.selectFrom('worker_locks').selectAll().where('name', '=', DELIVERY_LOCK).executeTakeFirst();
    if (!held) continue; // released meanwhile: insert again
    const holderGone = held.host === host && (held.pid === pid ? !heldHere.has(held.owner) : !isAlive(held.pid));
    if (Number(held.expires_at) > at && !holderGone) {
      throw new WorkerLockedError({ pid: held.pid, host: held.host, acquiredAt: Number(held.acquired_at), heartbeatAt: Number(held.heartbeat_at) }, options.where);
    }
    const taken = await locks.updateTable('worker_locks').set(row).where('name', '=', DELIVERY_LOCK).where('owner', '=', held.owner).executeTakeFirst();
    if (Number(taken.numUpdatedRows) > 0) break;
  }
  heldHere.add(owner);
  return {
    async renew() {
      const at = options.now();
      const result = await locks.updateTable('worker_locks').set({ heartbeat_at: at, expires_at: at + WORKER_LOCK_TTL_MS })
        .where('name', '=', DELIVERY_LOCK).where('owner', '=', owner).executeTakeFirst();
      return Number(result.numUpdatedRows) > 0;
    },
    async release() {
      heldHere.delete(owner);
      await locks.deleteFrom('worker_locks').where('name', '=', DELIVERY_LOCK).where('owner', '=', owner).execute();
    },
  };
}
