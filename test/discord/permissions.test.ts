import { afterEach, describe, expect, it } from 'vitest';
import {
  ADMIN,
  ARMENIA_ROLE_ID,
  GUILD_ID,
  MEMBER,
  MODERATOR,
  NEWS_CHANNEL_ID,
  QUIET_ROLE_ID,
  ROLE_ADMIN,
} from '../emulators/discord/fixtures.ts';
import { textOf } from '../emulators/discord/messages.ts';
import { messageOf, startDiscordTestBot, type DiscordTestBot } from './harness.ts';

let t: DiscordTestBot | undefined;
afterEach(async () => {
  await t?.stop();
  t = undefined;
});

describe('Discord permissions, end to end', () => {
  it('refuses /channel follow to a member without Manage Channels, checked at run time, and changes nothing', async () => {
    t = await startDiscordTestBot();
    const discord = t.emulator;
    const channel = discord.registeredCommands().find((c) => c.name === 'channel');
    expect(channel?.default_member_permissions).toBe('16');
    const answer = messageOf(
      await discord.command(MEMBER, 'channel follow', { tag: 'Armenia', 'mention-role': ARMENIA_ROLE_ID }),
    );
    expect(answer.flags & 64).toBe(64);
    expect(textOf(answer)).toContain("only this chat's admins can change what it follows");
    const sub = await t.handle.deps.stores.subscribers.find('discord', NEWS_CHANNEL_ID);
    expect(sub === undefined ? [] : await t.handle.deps.stores.subscribers.follows(sub.id)).toEqual([]);
    expect(await t.handle.core.chats.managedBy('discord', MEMBER.id)).toEqual([]);
    expect(textOf(messageOf(await discord.command(MEMBER, 'channel unfollow', { tag: 'Armenia' })))).toContain(
      "only this chat's admins",
    );
  });

  it('refuses @everyone as the mention role', async () => {
    t = await startDiscordTestBot();
    const answer = messageOf(
      await t.emulator.command(MODERATOR, 'channel follow', { tag: 'Armenia', 'mention-role': GUILD_ID }),
    );
    expect(textOf(answer)).toContain('I will not mention @everyone');
    expect(await t.handle.deps.stores.subscribers.find('discord', NEWS_CHANNEL_ID)).toBeUndefined();
  });

  it('warns when the mention role is not mentionable, and still follows', async () => {
    t = await startDiscordTestBot();
    const answer = messageOf(
      await t.emulator.command(MODERATOR, 'channel follow', { tag: 'Armenia', 'mention-role': QUIET_ROLE_ID }),
    );
    expect(textOf(answer)).toContain('Now following #Armenia');
    expect(textOf(answer)).toContain('the role quiet is not mentionable');
  });

  it('opens the /post modal only for admins; a member is told politely, and a forged submit posts nothing', async () => {
    t = await startDiscordTestBot();
    const discord = t.emulator;
    const refused = await discord.command(MEMBER, 'post');
    expect(refused.kind).toBe('message');
    expect(textOf(messageOf(refused))).toContain("Sorry, /post is for the bot's admins. Nothing was changed.");
    const opened = await discord.command(ROLE_ADMIN, 'post');
    if (opened.kind !== 'modal') throw new Error(`an admin by role should get the modal, got ${opened.kind}`);
    const forged = messageOf(
      await discord.submitModal(MEMBER, opened.modal, {
        title: 'Forged',
        tags: 'Armenia',
        url: '',
        source: '',
        body: 'x',
      }),
    );
    expect(textOf(forged)).toContain("Sorry, /post is for the bot's admins.");
    expect(await t.handle.deps.stores.articles.latest({ limit: 5, offset: 0 })).toEqual([]);
    const posted = messageOf(
      await discord.submitModal(ROLE_ADMIN, opened.modal, {
        title: 'Real',
        tags: '#Armenia #CSTO',
        url: '',
        source: '',
        body: 'Body.',
      }),
    );
    expect(textOf(posted)).toContain('Tags: #Armenia #CSTO.');
  });

  it('explains what is wrong with a modal post, and points to an article already posted', async () => {
    t = await startDiscordTestBot();
    const discord = t.emulator;
    const opened = await discord.command(ADMIN, 'post');
    if (opened.kind !== 'modal') throw new Error('expected the modal');
    const invalid = messageOf(
      await discord.submitModal(ADMIN, opened.modal, {
        title: 'A title',
        tags: 'Armenia',
        url: 'not a url',
        source: '',
        body: '',
      }),
    );
    expect(invalid.flags & 64).toBe(64);
    expect(textOf(invalid)).toContain('"not a url" is not a web address');
    const fields = { title: 'A title', tags: 'Armenia', url: 'https://example.com/a', source: '', body: '' };
    messageOf(await discord.submitModal(ADMIN, opened.modal, fields));
    const duplicate = messageOf(await discord.submitModal(ADMIN, opened.modal, fields));
    expect(textOf(duplicate)).toMatch(/already in the archive as [a-z0-9]{6}/u);
    const view = messageOf(await discord.press(ADMIN, duplicate, 'View it'));
    expect(textOf(view)).toContain('A title');
  });

  it.each([
    ['delete', { id: 'k3x9pq' }],
    ['stats', {}],
  ] as const)('refuses /%s to a member and runs it for an admin', async (name, values) => {
    t = await startDiscordTestBot();
    const discord = t.emulator;
    expect(textOf(messageOf(await discord.command(MEMBER, name, values)))).toContain(
      `Sorry, /${name} is for the bot's admins.`,
    );
    const admin = textOf(messageOf(await discord.command(ADMIN, name, values)));
    expect(admin).not.toContain("is for the bot's admins");
    expect(admin).toContain(name === 'stats' ? 'tagwire statistics' : 'No article has the id k3x9pq');
  });

  it('answers in a DM without the ephemeral flag, and in a server with it, saying where /follow delivers', async () => {
    t = await startDiscordTestBot();
    const inDm = messageOf(await t.emulator.command(MEMBER, 'follow', { tag: 'Armenia' }, 'dm'));
    expect(inDm.flags & 64).toBe(0);
    expect(textOf(inDm)).toContain('Now following #Armenia');
    expect(textOf(inDm)).not.toContain('by direct message');
    const inServer = messageOf(await t.emulator.command(MEMBER, 'follow', { tag: 'CSTO' }));
    expect(inServer.flags & 64).toBe(64);
    // In a server, /follow says where the articles go.
    expect(textOf(inServer)).toContain('I send these articles to you by direct message');
  });
});
