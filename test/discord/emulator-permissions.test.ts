import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { startDiscordEmulator, type DiscordEmulator } from '../emulators/discord/emulator.ts';
import {
  BOT_PERMISSIONS,
  BOT_ROLE_ID,
  BOT_USER_ID,
  defaultGuild,
  GENERAL_CHANNEL_ID,
  GUILD_ID,
  guildCreateObject,
  NEWS_CHANNEL_ID,
  PERMISSIONS,
  THREAD_CHANNEL_ID,
} from '../emulators/discord/fixtures.ts';

/**
 * The bot's permissions in the emulator come from the server's roles and the channels'
 * overwrites, computed as Discord documents it, and Discord's refusals follow from
 * them: 50001 without View Channel, 50013 without Send Messages (in a thread, Send
 * Messages in Threads), embeds dropped without Embed Links.
 */
let discord: DiscordEmulator;
beforeEach(async () => {
  discord = await startDiscordEmulator({ token: 'secret' });
});
afterEach(async () => {
  await discord.close();
});

const { viewChannel, sendMessages, embedLinks, sendMessagesInThreads, administrator } = PERMISSIONS;
const call = (method: string, path: string, body?: unknown) =>
  fetch(`${discord.url}/api/v10${path}`, {
    method,
    headers: { 'Content-Type': 'application/json', Authorization: 'Bot secret' },
    ...(body === undefined ? {} : { body: JSON.stringify(body) }),
  });
const answer = async (res: Response) => [res.status, res.status === 204 ? null : await res.json()];
const embed = { embeds: [{ title: 'An article' }] };

describe("the emulator's permission model", () => {
  it('gives the bot what its role grants, and takes it away by overwrite in the documented order', () => {
    expect(discord.botPermissionsIn(NEWS_CHANNEL_ID) & BOT_PERMISSIONS).toBe(BOT_PERMISSIONS);
    // @everyone's overwrite applies to the bot too…
    discord.setOverwrite(NEWS_CHANNEL_ID, { id: GUILD_ID, type: 0, deny: viewChannel });
    expect(discord.botPermissionsIn(NEWS_CHANNEL_ID)).toBe(0n); // no View Channel: nothing at all
    // …a role's overwrite comes after it…
    discord.setOverwrite(NEWS_CHANNEL_ID, { id: BOT_ROLE_ID, type: 0, allow: viewChannel });
    expect(discord.botMay(NEWS_CHANNEL_ID, viewChannel | sendMessages | embedLinks)).toBe(true);
    // …and the member's own comes last.
    discord.setOverwrite(NEWS_CHANNEL_ID, { id: BOT_USER_ID, type: 1, deny: sendMessages });
    expect(discord.botMay(NEWS_CHANNEL_ID, viewChannel)).toBe(true);
    expect(discord.botMay(NEWS_CHANNEL_ID, sendMessages)).toBe(false);
    // Without Send Messages, Embed Links goes too (implicitly).
    expect(discord.botMay(NEWS_CHANNEL_ID, embedLinks)).toBe(false);
    // Other channels are untouched.
    expect(discord.botMay(GENERAL_CHANNEL_ID, viewChannel | sendMessages | embedLinks)).toBe(true);
    // Administrator overrides every overwrite.
    discord.setRolePermissions(BOT_ROLE_ID, administrator);
    expect(discord.botMay(NEWS_CHANNEL_ID, viewChannel | sendMessages | embedLinks)).toBe(true);
  });

  it('gives a thread its parent channel’s overwrites, and posting there takes Send Messages in Threads', () => {
    discord.setOverwrite(NEWS_CHANNEL_ID, { id: GUILD_ID, type: 0, deny: sendMessagesInThreads });
    expect(discord.botMay(THREAD_CHANNEL_ID, sendMessagesInThreads)).toBe(false);
    expect(discord.botMay(THREAD_CHANNEL_ID, sendMessages)).toBe(true);
    discord.removeOverwrite(THREAD_CHANNEL_ID, GUILD_ID);
    expect(discord.botMay(THREAD_CHANNEL_ID, sendMessagesInThreads)).toBe(true);
  });

  it('answers from the state: 50001, 50013, embeds dropped without Embed Links, a message of embeds only refused', async () => {
    discord.setOverwrite(NEWS_CHANNEL_ID, { id: BOT_USER_ID, type: 1, deny: viewChannel });
    expect(await answer(await call('POST', `/channels/${NEWS_CHANNEL_ID}/messages`, { content: 'x' }))).toEqual([
      403,
      { message: 'Missing Access', code: 50001 },
    ]);
    discord.setOverwrite(NEWS_CHANNEL_ID, { id: BOT_USER_ID, type: 1, deny: sendMessages });
    expect(await answer(await call('POST', `/channels/${NEWS_CHANNEL_ID}/messages`, { content: 'x' }))).toEqual([
      403,
      { message: 'Missing Permissions', code: 50013 },
    ]);
    discord.setOverwrite(NEWS_CHANNEL_ID, { id: BOT_USER_ID, type: 1, deny: embedLinks });
    expect(await answer(await call('POST', `/channels/${NEWS_CHANNEL_ID}/messages`, embed))).toEqual([
      403,
      { message: 'Missing Permissions', code: 50013 },
    ]);
    const stripped = await call('POST', `/channels/${NEWS_CHANNEL_ID}/messages`, { ...embed, content: 'x' });
    const message = (await stripped.json()) as { id: string; embeds: unknown[]; content: string };
    expect([stripped.status, message.embeds, message.content]).toEqual([200, [], 'x']);
    // The bot may delete its own message.
    expect(await answer(await call('DELETE', `/channels/${NEWS_CHANNEL_ID}/messages/${message.id}`))).toEqual([
      204,
      null,
    ]);
    expect(discord.channelMessages(NEWS_CHANNEL_ID)).toEqual([]);
    discord.removeOverwrite(NEWS_CHANNEL_ID, BOT_USER_ID);
    expect((await call('POST', `/channels/${NEWS_CHANNEL_ID}/messages`, embed)).status).toBe(200);
    expect(discord.invalidRequestsLately()).toBe(3);
  });

  it('answers 50007 to a member who closed their DMs, and 10003 for a deleted channel', async () => {
    const dm = (await (await call('POST', '/users/@me/channels', { recipient_id: '940000000000000001' })).json()) as {
      id: string;
    };
    discord.closeDms('940000000000000001');
    expect(await answer(await call('POST', `/channels/${dm.id}/messages`, { content: 'x' }))).toEqual([
      403,
      { message: 'Cannot send messages to this user', code: 50007 },
    ]);
    discord.deleteChannel(GENERAL_CHANNEL_ID);
    expect(await answer(await call('POST', `/channels/${GENERAL_CHANNEL_ID}/messages`, { content: 'x' }))).toEqual([
      404,
      { message: 'Unknown Channel', code: 10003 },
    ]);
  });

  it('sends the roles, the bot’s role, overwrites and threads in GUILD_CREATE', () => {
    const guild = defaultGuild();
    const news = guild.channels.find((c) => c.id === NEWS_CHANNEL_ID);
    if (news) news.overwrites = [{ id: GUILD_ID, type: 0, deny: viewChannel }];
    const created = guildCreateObject(guild, { id: BOT_USER_ID, username: 'tagwire' });
    expect(created.members[0]?.roles).toEqual([BOT_ROLE_ID]);
    expect(created.roles.find((r) => r.id === BOT_ROLE_ID)).toMatchObject({
      managed: true,
      permissions: String(BOT_PERMISSIONS),
      tags: { bot_id: BOT_USER_ID },
    });
    expect(created.channels.find((c) => c.id === NEWS_CHANNEL_ID)).toMatchObject({
      permission_overwrites: [{ id: GUILD_ID, type: 0, allow: '0', deny: String(viewChannel) }],
    });
    expect(created.threads).toEqual([
      expect.objectContaining({ id: THREAD_CHANNEL_ID, type: 11, parent_id: NEWS_CHANNEL_ID }),
    ]);
  });
});
