import { randomUUID } from 'node:crypto';
import { hostname } from 'node:os';
import { DELIVERY_LOCK, type LockStore } from '../storage/worker-lock-store.ts';

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
  constructor(
    readonly holder: LockHolder,
    where: string,
  ) {
    super(
      `Another tagwire process (pid ${holder.pid} on ${holder.host}, running since ${new Date(holder.acquiredAt).toISOString()}) ` +
        `already sends deliveries from ${where}. Two workers on one SQLite file would send duplicates, so this one will not start. ` +
        'Stop the other one first (or wait for it to exit), or point DATABASE_URL at another file. One-shot commands (post, import, search, stats) can run beside it.',
    );
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
export async function acquireWorkerLock(locks: LockStore, options: LockOptions): Promise<WorkerLock> {
  const owner = randomUUID();
  const pid = options.pid ?? process.pid;
  const host = options.host ?? hostname();
  const isAlive = options.isAlive ?? processAlive;
  const at = options.now();
  const row = {
    name: DELIVERY_LOCK,
    owner,
    pid,
    host,
    acquiredAt: at,
    heartbeatAt: at,
    expiresAt: at + WORKER_LOCK_TTL_MS,
  };
  // Compare-and-swap, no transaction needed (and race-free on PostgreSQL too): insert if
  // absent; else take over only the very row judged stale, by its owner.
  for (let attempt = 0; ; attempt++) {
    if (attempt > 5) throw new Error('could not take the worker lock: it keeps changing hands');
    if (await locks.insertIfAbsent(row)) break;
    const held = await locks.find(DELIVERY_LOCK);
    if (!held) continue; // released meanwhile: insert again
    const holderGone = held.host === host && (held.pid === pid ? !heldHere.has(held.owner) : !isAlive(held.pid));
    if (held.expiresAt > at && !holderGone) {
      throw new WorkerLockedError(
        { pid: held.pid, host: held.host, acquiredAt: held.acquiredAt, heartbeatAt: held.heartbeatAt },
        options.where,
      );
    }
    if (await locks.takeOver(row, held.owner)) break;
  }
  heldHere.add(owner);
  return {
    renew() {
      const at = options.now();
      return locks.renew(DELIVERY_LOCK, owner, at, at + WORKER_LOCK_TTL_MS);
    },
    async release() {
      heldHere.delete(owner);
      await locks.release(DELIVERY_LOCK, owner);
    },
  };
}
