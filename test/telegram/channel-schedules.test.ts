import { afterEach, describe, expect, it } from 'vitest';
import { CHANNEL_TARGETED_COMMANDS } from '../../adapters/telegram/channels.ts';
import { startTelegramBot, type TelegramTestBot } from './harness.ts';

let t: TelegramTestBot;
afterEach(async () => {
  await t?.close();
});

const CHANNEL = -1001234567890;
const SCHEDULE_COMMANDS = ['digest', 'timezone', 'quiet', 'pause', 'resume'];

async function connectedChannel(): Promise<TelegramTestBot> {
  const bot = await startTelegramBot({
    arrange: (e) =>
      e.addChannel({
        id: CHANNEL,
        title: 'Daily News',
        username: 'dailynews',
        members: { 1001: 'creator', 2002: 'member' },
      }),
  });
  expect((await bot.emulator.command(bot.admin, '/connect @dailynews')).text).toContain('Connected Daily News');
  return bot;
}

describe('Telegram channels and reader schedules', () => {
  it('runs the schedule commands for a connected channel from a private chat', async () => {
    expect(SCHEDULE_COMMANDS.every((name) => CHANNEL_TARGETED_COMMANDS.has(name))).toBe(true);
    t = await connectedChannel();
    const { emulator, admin, reader } = t;

    const quiet = await emulator.command(admin, '/quiet @dailynews 22:00-07:00');
    // The channel lead is only put on a reply the core gave for the channel.
    expect(quiet.text).toMatch(/^Channel Daily News:\n/u);
    const channel = await t.stores.subscribers.find('telegram', String(CHANNEL));
    expect([channel?.quiet_start, channel?.quiet_end]).toEqual([22 * 60, 7 * 60]);
    // The admin's own private chat was not changed.
    const own = await t.stores.subscribers.find('telegram', String(admin.id));
    expect(own?.quiet_start ?? null).toBeNull();

    const digest = await emulator.command(admin, `/digest ${CHANNEL} daily 08:00`);
    expect(digest.text).toMatch(/^Channel Daily News:\n/u);
    expect((await t.stores.subscribers.find('telegram', String(CHANNEL)))?.digest_cadence).toBe('daily');

    const stranger = await emulator.command(reader, '/pause @dailynews');
    expect(stranger.text).toContain('You have not connected @dailynews');
    expect((await t.stores.subscribers.find('telegram', String(CHANNEL)))?.paused_at ?? null).toBeNull();
  });

  it('lists every core command anyone may use in the menus, the schedule commands included', async () => {
    t = await startTelegramBot();
    const names = (scope: string) => (t.emulator.commandMenu(scope) ?? []).map((c) => c.command);
    const forEveryone = t.core.commands.filter((c) => c.access !== 'admin').map((c) => c.name);
    expect(forEveryone).toEqual(expect.arrayContaining(SCHEDULE_COMMANDS));
    for (const scope of ['default', 'all_group_chats', 'all_private_chats', `chat:${t.admin.id}`]) {
      expect(names(scope)).toEqual(expect.arrayContaining(forEveryone));
    }
  });
});
