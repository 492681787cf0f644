import { afterEach, describe, expect, it } from 'vitest';
import { startDiscordEmulator, type DiscordEmulator } from '../emulators/discord/emulator.ts';
import { GUILD_ID } from '../emulators/discord/fixtures.ts';
import { asList, isRecord } from '../emulators/discord/messages.ts';
import { APPLICATION_ID, startDiscordTestBot } from './harness.ts';

let emulator: DiscordEmulator | undefined;
afterEach(async () => {
  await emulator?.close();
  emulator = undefined;
});

const globalRoute = `/applications/${APPLICATION_ID}/commands`;
const guildRoute = `/applications/${APPLICATION_ID}/guilds/${GUILD_ID}/commands`;

describe('Discord slash-command registration', () => {
  it('registers every core command and /channel with one bulk overwrite', async () => {
    emulator = await startDiscordEmulator({ applicationId: APPLICATION_ID });
    const bot = await startDiscordTestBot({ emulator });
    try {
      expect(emulator.requestsTo('PUT', globalRoute)).toHaveLength(1);
      expect(emulator.requestsTo('POST', /\/commands/u)).toEqual([]);
      const names = emulator.registeredCommands().map((c) => c.name);
      expect(names.sort()).toEqual([...bot.handle.core.commands.map((c) => c.name), 'channel'].sort());
      const channel = emulator.registeredCommands().find((c) => c.name === 'channel');
      expect(channel?.default_member_permissions).toBe('16');
      expect(channel?.contexts).toEqual([0]);
      const subcommands = asList(channel?.options).filter(isRecord);
      expect(subcommands.map((s) => s.name)).toEqual([
        'follow',
        'unfollow',
        'list',
        'digest',
        'quiet',
        'timezone',
        'pause',
        'resume',
      ]);
      // The emulator checks every definition against Discord's rules (command-rules.ts) before accepting the overwrite.
      expect(emulator.requestsTo('PUT', globalRoute)[0]?.status).toBe(200);
      const follow = asList(subcommands[0]?.options).filter(isRecord);
      expect(follow.map((o) => [o.name, o.type, o.required === true, o.autocomplete === true])).toEqual([
        ['tag', 3, true, true],
        ['mention-role', 8, false, false],
      ]);
    } finally {
      await bot.stop();
    }
  });

  it('skips the overwrite when Discord already has the same commands, and redoes it when one changed', async () => {
    emulator = await startDiscordEmulator({ applicationId: APPLICATION_ID });
    await (await startDiscordTestBot({ emulator })).stop();
    await (await startDiscordTestBot({ emulator })).stop();
    expect(emulator.requestsTo('GET', globalRoute)).toHaveLength(2);
    expect(emulator.requestsTo('PUT', globalRoute)).toHaveLength(1);

    const follow = emulator.globalCommands.find((c) => c.name === 'follow');
    if (!follow) throw new Error('follow was not registered');
    follow.description = 'An older description';
    await (await startDiscordTestBot({ emulator })).stop();
    expect(emulator.requestsTo('PUT', globalRoute)).toHaveLength(2);
    expect(emulator.globalCommands.find((c) => c.name === 'follow')?.description).not.toBe('An older description');
  });

  it('registers to DISCORD_GUILD_ID instead of globally when it is set', async () => {
    emulator = await startDiscordEmulator({ applicationId: APPLICATION_ID });
    const bot = await startDiscordTestBot({ emulator, env: { DISCORD_GUILD_ID: GUILD_ID } });
    try {
      expect(emulator.requestsTo('PUT', guildRoute)).toHaveLength(1);
      expect(emulator.requestsTo('PUT', globalRoute)).toEqual([]);
      expect(emulator.registeredCommands(GUILD_ID).length).toBe(bot.handle.core.commands.length + 1);
    } finally {
      await bot.stop();
    }
  });
});
