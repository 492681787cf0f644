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
        'card',
        'identity',
        'pause',
        'resume',
      ]);
      // The emulator checks every definition against Discord's rules (command-rules.ts) before accepting the overwrite.
      expect(emulator.requestsTo('PUT', globalRoute)[0]?.status).toBe(200);
      const follow = asList(subcommands[0]?.options).filter(isRecord);
      expect(follow.map((o) => [o.name, o.type, o.required === true, o.autocomplete === true])).toEqual([
        ['tag', 3, true, true],
        ['mention-role', 8, false, false],
        ['channel', 7, false, false],
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

  it('keeps contexts and integration_types on global commands only, as Discord does', async () => {
    emulator = await startDiscordEmulator({ applicationId: APPLICATION_ID });
    const body = JSON.stringify([{ name: 'x', description: 'y', contexts: [0], integration_types: [0] }]);
    const put = (route: string) =>
      fetch(`${emulator!.url}/api/v10${route}`, {
        method: 'PUT',
        headers: { 'Content-Type': 'application/json', Authorization: `Bot ${emulator!.token}` },
        body,
      }).then(async (r) => (await r.json()) as Record<string, unknown>[]);
    const [global] = await put(globalRoute);
    expect(global).toMatchObject({ name: 'x', contexts: [0], integration_types: [0] });
    const [guild] = await put(guildRoute);
    expect(guild).toMatchObject({ name: 'x', guild_id: GUILD_ID });
    expect(guild).not.toHaveProperty('contexts');
    expect(guild).not.toHaveProperty('integration_types');
  });

  it('with DISCORD_GUILD_ID, compares what Discord returns for guild commands: a second start uploads nothing', async () => {
    emulator = await startDiscordEmulator({ applicationId: APPLICATION_ID });
    const env = { DISCORD_GUILD_ID: GUILD_ID };
    await (await startDiscordTestBot({ emulator, env })).stop();
    await (await startDiscordTestBot({ emulator, env })).stop();
    expect(emulator.requestsTo('GET', guildRoute)).toHaveLength(2);
    expect(emulator.requestsTo('PUT', guildRoute)).toHaveLength(1);
    expect(emulator.requests.filter((r) => r.method === 'POST' && r.path.endsWith('/commands'))).toEqual([]);
    // The /channel command asks for contexts (servers only); Discord keeps none on a guild command.
    expect(emulator.registeredCommands(GUILD_ID).find((c) => c.name === 'channel')).not.toHaveProperty('contexts');
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
