import type { User } from 'grammy/types';
import { telegramAdapterFactory } from '../../adapters/telegram/index.ts';
import type { AdapterFactory } from '../../src/index.ts';
import type { Stores } from '../../src/storage/stores.ts';
import { startTestBot, waitFor } from '../helpers/core.ts';
import { TelegramEmulator } from '../emulators/telegram/emulator.ts';

/**
 * One bot against one emulator, in-process: the real grammY client, the real core on
 * in-memory SQLite. `arrange` runs before the bot starts (so it sees the people and
 * chats, e.g. for the admins' command menus). Always `await t.close()` in afterEach.
 */

export const ADMIN_USER = { id: 1001, first_name: 'Ada', last_name: 'Admin', username: 'ada' };
export const READER_USER = { id: 2002, first_name: 'Rita', username: 'rita' };

export interface TelegramTestBot {
  emulator: TelegramEmulator;
  stores: Stores;
  /** The database under the stores, for tests that arrange rows by hand. */
  db: Awaited<ReturnType<typeof startTestBot>>['handle']['storage']['db'];
  core: Awaited<ReturnType<typeof startTestBot>>['handle']['core'];
  deps: Awaited<ReturnType<typeof startTestBot>>['handle']['deps'];
  admin: User;
  reader: User;
  close(): Promise<void>;
}

export async function startTelegramBot(
  options: {
    env?: Record<string, string>;
    arrange?: (emulator: TelegramEmulator) => void;
    factory?: AdapterFactory;
  } = {},
): Promise<TelegramTestBot> {
  const emulator = await new TelegramEmulator().start();
  const admin = emulator.addUser(ADMIN_USER);
  const reader = emulator.addUser(READER_USER);
  options.arrange?.(emulator);
  try {
    const { handle, bot } = await startTestBot([options.factory ?? telegramAdapterFactory], {
      TELEGRAM_BOT_TOKEN: emulator.token,
      TELEGRAM_API_ROOT: emulator.url,
      TELEGRAM_ADMIN_IDS: String(ADMIN_USER.id),
      ...options.env,
    });
    return {
      emulator,
      stores: handle.deps.stores,
      db: handle.storage.db,
      core: handle.core,
      deps: handle.deps,
      admin,
      reader,
      async close() {
        await bot.stop();
        await emulator.stop();
      },
    };
  } catch (err) {
    await emulator.stop();
    throw err;
  }
}

/** The one-message /post form. */
export function postCommand(title: string, tags: string, body = 'Some text about it.', extra: string[] = []): string {
  return [`/post ${title}`, `tags: ${tags}`, ...extra, '', body].join('\n');
}

/** Waits until every delivery is settled (none queued or being sent). */
export async function deliveriesSettled(stores: Stores): Promise<Record<string, number>> {
  let counts: Record<string, number> = {};
  await waitFor(
    async () => {
      counts = await stores.outbox.countByStatus();
      return (counts.queued ?? 0) + (counts.sending ?? 0) === 0;
    },
    'deliveries to settle',
    20_000,
  );
  return counts;
}
