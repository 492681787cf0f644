import { createDiscordAdapter, discordAdapterFactory } from '../../adapters/discord/index.ts';
import { PassThrough } from 'node:stream';
import type { AdapterFactory } from '../../src/ports/adapter.ts';
import type { Clock } from '../../src/ports/clock.ts';
import type { Core } from '../../src/index.ts';
import { startBot, type CoreHandle, type Role, type RunningBot } from '../../src/runtime.ts';
import { openTestCore, waitFor } from '../helpers/core.ts';
import { DiscordEmulator, startDiscordEmulator, type Answer } from '../emulators/discord/emulator.ts';
import { ADMIN, ADMIN_ROLE_ID } from '../emulators/discord/fixtures.ts';
import type { EmulatedMessage } from '../emulators/discord/messages.ts';

/**
 * The Discord adapter, in-process over a fresh in-memory core, connected to an
 * emulator: what each end-to-end test starts from. Always `await bot.stop()` (and
 * `emulator.close()`) in afterEach.
 */
export interface DiscordTestBot {
  emulator: DiscordEmulator;
  handle: CoreHandle;
  bot: RunningBot;
  /** Stops the bot, then the emulator unless it was passed in (shared). */
  stop(): Promise<void>;
}

export const APPLICATION_ID = '123456789012';

export function discordEnv(emulator: DiscordEmulator, env: Record<string, string> = {}): Record<string, string> {
  return {
    DISCORD_TOKEN: emulator.token,
    DISCORD_APPLICATION_ID: APPLICATION_ID,
    DISCORD_API_ROOT: `${emulator.url}/api`,
    DISCORD_ADMIN_IDS: ADMIN.id,
    DISCORD_ADMIN_ROLE_IDS: ADMIN_ROLE_ID,
    ...env,
  };
}

export interface DiscordTestBotOptions {
  /** A shared emulator (several bots, or one restarted); the bot's own otherwise. */
  emulator?: DiscordEmulator;
  env?: Record<string, string>;
  deferAfterMs?: number;
  clock?: Clock;
  /** The process's roles (runtime.ts); all by default. */
  roles?: readonly Role[];
  /** Wraps the core the adapter sees, e.g. to record which bot handled a command. */
  wrapCore?: (core: Core) => Core;
}

export async function startDiscordTestBot(options: DiscordTestBotOptions = {}): Promise<DiscordTestBot> {
  const emulator = options.emulator ?? (await startDiscordEmulator({ applicationId: APPLICATION_ID }));
  const { deferAfterMs, wrapCore } = options;
  const factory: AdapterFactory =
    deferAfterMs === undefined && wrapCore === undefined
      ? discordAdapterFactory
      : {
          ...discordAdapterFactory,
          create: (host) =>
            createDiscordAdapter(
              wrapCore ? { ...host, core: wrapCore(host.core) } : host,
              deferAfterMs === undefined ? {} : { deferAfterMs },
            ),
        };
  try {
    const handle = await openTestCore(discordEnv(emulator, options.env), options.clock);
    const bot = await startBot(
      handle,
      [factory],
      { input: new PassThrough(), output: new PassThrough() },
      options.roles ? { roles: options.roles } : {},
    );
    return {
      emulator,
      handle,
      bot,
      async stop() {
        await bot.stop();
        if (!options.emulator) await emulator.close();
      },
    };
  } catch (err) {
    if (!options.emulator) await emulator.close();
    throw err;
  }
}

/** The message an interaction answer carries; fails on an autocomplete or modal answer. */
export function messageOf(answer: Answer): EmulatedMessage {
  if (answer.kind !== 'message' && answer.kind !== 'update') throw new Error(`expected a message, got ${answer.kind}`);
  return answer.message;
}

/** Waits until `count` messages were delivered to a channel, then returns them. */
export async function deliveredTo(emulator: DiscordEmulator, channelId: string, count = 1): Promise<EmulatedMessage[]> {
  await waitFor(
    () => emulator.channelMessages(channelId).length >= count,
    `${count} message(s) in channel ${channelId}`,
  );
  return emulator.channelMessages(channelId);
}

/** Waits until `count` messages were delivered to a user's DM, then returns them. */
export async function dmsTo(emulator: DiscordEmulator, userId: string, count = 1): Promise<EmulatedMessage[]> {
  await waitFor(() => emulator.dmMessages(userId).length >= count, `${count} DM(s) to ${userId}`);
  return emulator.dmMessages(userId);
}

/** Waits until the outbox has nothing queued or being sent (every delivery settled). */
export async function outboxSettled(handle: CoreHandle, timeoutMs?: number): Promise<void> {
  await waitFor(
    async () => {
      const row = await handle.storage.db
        .selectFrom('deliveries')
        .select((eb) => eb.fn.countAll<number>().as('n'))
        .where('status', 'in', ['queued', 'sending'])
        .executeTakeFirst();
      return Number(row?.n ?? 0) === 0;
    },
    'the outbox to settle',
    timeoutMs,
  );
}

export async function subscriberStatus(handle: CoreHandle, chatId: string): Promise<string | undefined> {
  return (await handle.deps.stores.subscribers.find('discord', chatId))?.status;
}
