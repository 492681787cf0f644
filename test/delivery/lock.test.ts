import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { PassThrough } from 'node:stream';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { acquireWorkerLock, WORKER_LOCK_TTL_MS, WorkerLockedError } from '../../src/delivery/worker-lock.ts';
import { silentLogger } from '../../src/logger.ts';
import type { Sender } from '../../src/ports/sender.ts';
import { openCore, startBot, type CoreHandle } from '../../src/runtime.ts';
import { testConfig } from '../helpers/core.ts';
import { DIALECTS, openDialectCore } from '../helpers/dialects.ts';

let dir: string;
let config: ReturnType<typeof testConfig>;
const open: CoreHandle[] = [];

const silentSender: Sender = {
  platform: 'console',
  send: async () => ({ messageId: 'x' }),
  sendDigest: async () => ({ messageId: 'x' }),
  fits: () => true,
};
const factory = {
  platform: 'console' as const,
  isConfigured: () => true,
  create: () => ({ platform: 'console' as const, sender: silentSender, start: async () => {}, stop: async () => {} }),
};
const io = () => ({ input: new PassThrough(), output: new PassThrough() });

beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), 'tagwire-lock-'));
  config = testConfig({ DATABASE_URL: `sqlite:${join(dir, 'lock.db')}` });
});
afterEach(async () => {
  for (const handle of open.splice(0)) await handle.close().catch(() => undefined);
  rmSync(dir, { recursive: true, force: true });
});

async function core(): Promise<CoreHandle> {
  const handle = await openCore(config, silentLogger);
  open.push(handle);
  return handle;
}

describe('one delivery worker per database', () => {
  it('a second bot on the same file refuses with a message naming the holder; after a stop it may start', async () => {
    const first = await startBot(await core(), [factory], io());
    const error = await startBot(await core(), [factory], io()).then(
      () => null,
      (err: unknown) => err,
    );
    expect(error).toBeInstanceOf(WorkerLockedError);
    expect((error as Error).message).toMatch(new RegExp(`pid ${process.pid} .*lock\\.db`, 'u'));
    // One-shot work beside it is fine.
    const oneShot = await core();
    expect((await oneShot.deps.stores.outbox.countByStatus()).queued).toBe(0);
    await first.stop();
    const again = await startBot(await core(), [factory], io());
    await again.stop();
  });

  it('takes over the lock of a process that died on this host, and of any holder once it expired', async () => {
    const handle = await core();
    const db = handle.deps.stores.locks;
    let now = 1_000_000;
    await acquireWorkerLock(db, { now: () => now, where: 'x', pid: 999_999, host: 'this-host' });
    await expect(
      acquireWorkerLock(db, { now: () => now, where: 'x', pid: 1, host: 'this-host', isAlive: () => true }),
    ).rejects.toBeInstanceOf(WorkerLockedError);
    const taken = await acquireWorkerLock(db, {
      now: () => now,
      where: 'x',
      pid: 1,
      host: 'this-host',
      isAlive: () => false,
    });
    await expect(
      acquireWorkerLock(db, { now: () => now, where: 'x', pid: 2, host: 'other-host', isAlive: () => false }),
    ).rejects.toBeInstanceOf(WorkerLockedError);
    now += WORKER_LOCK_TTL_MS + 1;
    await acquireWorkerLock(db, { now: () => now, where: 'x', pid: 2, host: 'other-host' });
    // The old holder notices on its next heartbeat and must stop.
    expect(await taken.renew()).toBe(false);
  });

  it('treats a row with this very pid on this host as a previous run (a restarted container), unless this process holds it', async () => {
    const handle = await core();
    const db = handle.deps.stores.locks;
    await db.insertIfAbsent({
      name: 'delivery-worker',
      owner: 'previous-life',
      pid: process.pid,
      host: 'box',
      acquiredAt: Date.now(),
      heartbeatAt: Date.now(),
      expiresAt: Date.now() + 30_000,
    });
    const mine = await acquireWorkerLock(db, { now: Date.now, where: 'x', host: 'box', isAlive: () => true });
    await expect(
      acquireWorkerLock(db, { now: Date.now, where: 'x', host: 'box', isAlive: () => true }),
    ).rejects.toBeInstanceOf(WorkerLockedError);
    await mine.release();
  });

  it('requeues rows a dead worker left in flight when the next one starts', async () => {
    const handle = await core();
    const { db } = handle.storage;
    const now = Date.now();
    const sub = await db
      .insertInto('subscribers')
      .values({
        platform: 'telegram',
        chat_id: '1',
        kind: 'user',
        title: null,
        parent_id: null,
        status_reason: null,
        status_changed_at: null,
        notice: null,
        created_at: now,
        updated_at: now,
      })
      .returning('id')
      .executeTakeFirstOrThrow();
    const article = await db
      .insertInto('articles')
      .values({
        public_id: 'abc123',
        external_id: null,
        title: 'T',
        body: '',
        summary: '',
        url: null,
        source: null,
        published_at: now,
        created_at: now,
        posted_by: 'cli',
      })
      .returning('id')
      .executeTakeFirstOrThrow();
    await db
      .insertInto('deliveries')
      .values({
        subscriber_id: sub.id,
        article_id: article.id,
        status: 'sending',
        next_attempt_at: now,
        lease_until: now + 3_600_000,
        last_error: null,
        message_id: null,
        created_at: now,
        updated_at: now,
        sent_at: null,
      })
      .execute();
    const bot = await startBot(await core(), [factory], io());
    expect((await handle.deps.stores.outbox.countByStatus()).sending).toBe(0);
    await bot.stop();
  });
});

describe.each(DIALECTS)('the worker lock on %s', (dialect) => {
  it('is taken by one of several racing processes, and the others are refused', async () => {
    const handle = await openDialectCore(dialect);
    open.push(handle);
    const db = handle.deps.stores.locks;
    const results = await Promise.allSettled(
      [1, 2, 3, 4].map((pid) =>
        acquireWorkerLock(db, { now: Date.now, where: 'x', pid, host: 'box', isAlive: () => true }),
      ),
    );
    expect(results.filter((r) => r.status === 'fulfilled')).toHaveLength(1);
    expect(results.filter((r) => r.status === 'rejected' && r.reason instanceof WorkerLockedError)).toHaveLength(3);
  });
});
