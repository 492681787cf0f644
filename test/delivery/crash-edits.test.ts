import type { ChildProcess } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { editArticle } from '../../src/app/article-edit.ts';
import { loadConfig } from '../../src/config.ts';
import { silentLogger } from '../../src/logger.ts';
import { openCore } from '../../src/runtime.ts';
import { TelegramEmulator, TEST_TOKEN } from '../emulators/telegram/emulator.ts';
import { startCli } from '../helpers/cli.ts';
import { waitFor } from '../helpers/core.ts';
import { seedFollowers } from './sink.ts';
import { postTo } from './worker-helpers.ts';

/**
 * kill -9 of the real `tagwire start` in the middle of an edit fan-out (a correction of an
 * article delivered to every chat), at several points, then restart: every card shows the
 * correction, none is sent anew, and an edit repeated after a kill edits a card to what
 * it shows already (Telegram answers "message is not modified": nothing a reader sees).
 */
const CHATS = 200;
const FIRST_CHAT = 80_000;
const CONCURRENCY = 4;
const KILL_AFTER_EDITS = [30, 110];

let emulator: TelegramEmulator;
let dir: string;
let dbPath: string;
const children: ChildProcess[] = [];

/** `tagwire ARGS` against the emulator, left running (startCli), with a promise of its exit code. */
function tagwire(args: string[]): { child: ChildProcess; output: () => string; exited: Promise<number | null> } {
  const run = startCli(args, {
    DATABASE_URL: `sqlite:${dbPath}`,
    TELEGRAM_BOT_TOKEN: TEST_TOKEN,
    TELEGRAM_API_ROOT: emulator.url,
    TELEGRAM_MAX_PER_SECOND: '150',
    TELEGRAM_PAID_BROADCAST: 'true',
    DELIVERY_CONCURRENCY: String(CONCURRENCY),
    DELIVERY_POLL_MS: '100',
  });
  children.push(run.child);
  const exited = new Promise<number | null>((resolve) => run.child.once('exit', (code) => resolve(code)));
  return { child: run.child, output: () => run.output() + run.errors(), exited };
}

const edits = () => emulator.calls('editMessageText');
const editsAccepted = () => edits().filter((c) => c.status === 200).length;
const cardsOf = (chat: number) => emulator.sent(chat).filter((m) => m.text.includes('Edit under fire'));

beforeAll(async () => {
  emulator = await new TelegramEmulator().start();
  for (let i = 0; i < CHATS; i++) emulator.addUser({ id: FIRST_CHAT + i, first_name: `Reader${i}` });
  dir = mkdtempSync(join(tmpdir(), 'tagwire-crash-edits-'));
  dbPath = join(dir, 'crash.db');
  const handle = await openCore(loadConfig({ DATABASE_URL: `sqlite:${dbPath}` }), silentLogger);
  await seedFollowers(handle.storage.db, { count: CHATS, tag: 'Crash', firstChatId: FIRST_CHAT });
  await postTo(handle, 'Edit under fire', ['Crash']);
  await handle.close();
});

afterAll(async () => {
  for (const child of children) if (child.exitCode === null && child.signalCode === null) child.kill('SIGKILL');
  await emulator.stop();
  rmSync(dir, { recursive: true, force: true });
});

describe('kill -9 of tagwire start in the middle of an edit fan-out', () => {
  it('edits every delivered card, sends none anew, and repeats only edits no reader can see', async () => {
    const first = tagwire(['start']);
    await emulator.waitUntil(
      () => Array.from({ length: CHATS }, (_, i) => cardsOf(FIRST_CHAT + i).length === 1).every(Boolean),
      `every chat to get the article (output: ${first.output()})`,
      30_000,
    );
    first.child.kill('SIGTERM');
    expect(await first.exited).toBe(0);

    const handle = await openCore(loadConfig({ DATABASE_URL: `sqlite:${dbPath}` }), silentLogger);
    const [row] = await handle.storage.db.selectFrom('articles').selectAll().execute();
    const edit = await editArticle(handle.deps, row!, { title: 'Edit under fire, corrected' });
    expect(edit.cards).toBe(CHATS);
    await handle.close();

    for (const point of KILL_AFTER_EDITS) {
      const run = tagwire(['start']);
      await emulator.waitUntil(() => editsAccepted() >= point, `${point} edits (output: ${run.output()})`, 30_000);
      run.child.kill('SIGKILL');
      expect(await run.exited).toBeNull();
    }
    const last = tagwire(['start']);
    const corrected = () =>
      Array.from({ length: CHATS }, (_, i) => cardsOf(FIRST_CHAT + i)).every(
        (cards) => cards.length === 1 && cards[0]!.text.startsWith('Edit under fire, corrected'),
      );
    await emulator.waitUntil(corrected, `every card corrected (output: ${last.output()})`, 30_000);
    const after = await openCore(loadConfig({ DATABASE_URL: `sqlite:${dbPath}` }), silentLogger);
    try {
      const settled = async () => {
        const counts = await after.deps.stores.cardUpdates.countByStatus();
        return (counts.queued ?? 0) + (counts.sending ?? 0) === 0;
      };
      await waitFor(settled, 'the card updates to settle', 30_000);
      expect(await after.deps.stores.cardUpdates.countByStatus()).toEqual({ done: CHATS });
    } finally {
      await after.close();
    }
    last.child.kill('SIGTERM');
    expect(await last.exited).toBe(0);

    // No card was sent twice; edits repeated after a kill were refused as not modified.
    for (let i = 0; i < CHATS; i++) expect(cardsOf(FIRST_CHAT + i)).toHaveLength(1);
    const repeated = edits().filter((c) => c.status === 400).length;
    expect(editsAccepted()).toBe(CHATS);
    expect(repeated).toBeLessThanOrEqual(KILL_AFTER_EDITS.length * CONCURRENCY);
  }, 120_000);
});
