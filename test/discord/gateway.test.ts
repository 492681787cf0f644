import { afterEach, describe, expect, it } from 'vitest';
import { startDiscordEmulator, type DiscordEmulator } from '../emulators/discord/emulator.ts';
import { GENERAL_CHANNEL_ID, GUILD_ID, MEMBER, MODERATOR, NEWS_CHANNEL_ID } from '../emulators/discord/fixtures.ts';
import { textOf } from '../emulators/discord/messages.ts';
import { waitFor } from '../helpers/core.ts';
import {
  APPLICATION_ID,
  dmsTo,
  messageOf,
  outboxSettled,
  startDiscordTestBot,
  subscriberStatus,
  type DiscordTestBot,
} from './harness.ts';

let t: DiscordTestBot | undefined;
let emulator: DiscordEmulator | undefined;
afterEach(async () => {
  await t?.stop();
  await emulator?.close();
  t = undefined;
  emulator = undefined;
});

describe('the Discord gateway, end to end', () => {
  it('identifies with the Guilds intent only and is ready with the server and its channels', async () => {
    t = await startDiscordTestBot();
    expect(t.emulator.gateway.identifies).toEqual([{ token: t.emulator.token, intents: 1, shard: [0, 1] }]);
    expect(t.emulator.requestsTo('GET', '/gateway/bot')).toHaveLength(1);
  });

  it('acks heartbeats, so the client keeps its one connection', async () => {
    emulator = await startDiscordEmulator({ applicationId: APPLICATION_ID, heartbeatIntervalMs: 100 });
    t = await startDiscordTestBot({ emulator });
    await waitFor(() => emulator!.gateway.heartbeats >= 3, 'three heartbeats');
    expect(emulator.gateway.connections).toBe(1);
    expect(emulator.gateway.identifies).toHaveLength(1);
    expect(textOf(messageOf(await emulator.command(MEMBER, 'follow', { tag: 'Armenia' })))).toContain(
      'Now following #Armenia',
    );
  });

  it('resumes its session when Discord asks it to reconnect, and keeps answering', async () => {
    t = await startDiscordTestBot();
    const discord = t.emulator;
    discord.gateway.requestReconnect();
    await waitFor(() => discord.gateway.resumes.length === 1 && discord.gateway.live, 'the session to resume');
    expect(discord.gateway.identifies).toHaveLength(1);
    expect(discord.gateway.connections).toBe(2);
    expect(textOf(messageOf(await discord.command(MEMBER, 'follow', { tag: 'Armenia' })))).toContain(
      'Now following #Armenia',
    );
  });

  it("GUILD_DELETE (the bot was removed) deactivates that server's channel subscriptions, not members' DMs", async () => {
    t = await startDiscordTestBot();
    const discord = t.emulator;
    messageOf(await discord.command(MODERATOR, 'channel follow', { tag: 'Armenia' }, { channel: NEWS_CHANNEL_ID }));
    messageOf(await discord.command(MODERATOR, 'channel follow', { tag: 'Armenia' }, { channel: GENERAL_CHANNEL_ID }));
    messageOf(await discord.command(MEMBER, 'follow', { tag: 'Armenia' }));
    discord.guildDelete(GUILD_ID);
    await waitFor(
      async () =>
        (await subscriberStatus(t!.handle, NEWS_CHANNEL_ID)) === 'deactivated' &&
        (await subscriberStatus(t!.handle, GENERAL_CHANNEL_ID)) === 'deactivated',
      'both channels to be deactivated',
    );
    expect(await subscriberStatus(t.handle, MEMBER.id)).toBe('active');
    await t.handle.core.postArticle(
      { title: 'After the removal', tags: ['Armenia'], body: 'x' },
      { postedBy: 'test', notify: true },
    );
    await dmsTo(discord, MEMBER.id);
    await outboxSettled(t.handle);
    expect(discord.channelMessages(NEWS_CHANNEL_ID)).toEqual([]);
    expect(discord.channelMessages(GENERAL_CHANNEL_ID)).toEqual([]);
  });
});
