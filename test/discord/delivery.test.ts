import { afterEach, describe, expect, it } from 'vitest';
import {
  ADMIN,
  ARMENIA_ROLE_ID,
  GENERAL_CHANNEL_ID,
  MEMBER,
  MODERATOR,
  NEWS_CHANNEL_ID,
  QUIET_ROLE_ID,
} from '../emulators/discord/fixtures.ts';
import { buttonsOf, embedsOf, textOf } from '../emulators/discord/messages.ts';
import { deliveredTo, dmsTo, messageOf, outboxSettled, startDiscordTestBot, type DiscordTestBot } from './harness.ts';

let t: DiscordTestBot | undefined;
afterEach(async () => {
  await t?.stop();
  t = undefined;
});

const post = (bot: DiscordTestBot, title: string, tags: string[], extra: { url?: string; body?: string } = {}) =>
  bot.handle.core.postArticle(
    { title, tags, body: extra.body ?? `${title}. More about it in the body.`, url: extra.url },
    { postedBy: 'test', notify: true },
  );

describe('Discord deliveries, end to end', () => {
  it("delivers an admin's /post to a member who followed the tag with /follow: one DM, as an embed with buttons", async () => {
    t = await startDiscordTestBot();
    const discord = t.emulator;
    const followed = messageOf(await discord.command(MEMBER, 'follow', { tag: 'Armenia' }));
    expect(textOf(followed)).toContain('Now following #Armenia');

    const opened = await discord.command(ADMIN, 'post');
    if (opened.kind !== 'modal') throw new Error(`expected the /post modal, got ${opened.kind}`);
    const posted = messageOf(
      await discord.submitModal(ADMIN, opened.modal, {
        title: 'Armenia freezes its CSTO participation',
        tags: 'Armenia, CSTO',
        url: 'https://example.com/armenia-csto',
        source: 'Example News',
        body: 'Armenia has frozen its participation in the Russian-led security bloc, the prime minister said.',
      }),
    );
    expect(textOf(posted)).toMatch(/Posted `[a-z0-9]{6}`: \*\*Armenia freezes its CSTO participation\*\*/u);
    expect(textOf(posted)).toContain('It reaches 1 subscriber.');

    const [dm] = await dmsTo(discord, MEMBER.id);
    await outboxSettled(t.handle);
    expect(discord.dmMessages(MEMBER.id)).toHaveLength(1);
    expect(discord.requestsTo('POST', '/users/@me/channels').map((r) => r.body)).toEqual([{ recipient_id: MEMBER.id }]);
    if (!dm) throw new Error('no DM');
    const [embed] = embedsOf(dm);
    expect(embed?.title).toBe('Armenia freezes its CSTO participation');
    expect(embed?.url).toBe('https://example.com/armenia-csto');
    expect(embed?.description).toContain('Armenia has frozen its participation');
    expect(embed?.fields).toEqual([{ name: 'Tags', value: '#Armenia #CSTO' }]);
    expect(embed?.footer).toMatch(/^Example News · id [a-z0-9]{6}$/u);
    expect(embed?.timestamp).not.toBeNull();
    expect(dm.content).toBe('');
    expect(dm.allowedMentions).toEqual({ parse: [], roles: [] });
    expect(buttonsOf(dm).map((b) => b.label)).toEqual(['Related', '✓ #Armenia', '+ #CSTO']);
  });

  it('delivers to a channel that follows with /channel follow and a mention role: one message pinging only that role', async () => {
    t = await startDiscordTestBot();
    const discord = t.emulator;
    const answer = messageOf(
      await discord.command(MODERATOR, 'channel follow', { tag: 'Armenia', 'mention-role': ARMENIA_ROLE_ID }),
    );
    expect(textOf(answer)).toContain('Now following #Armenia');
    expect(answer.flags & 64).toBe(64);
    expect(await t.handle.core.chats.managedBy('discord', MODERATOR.id)).toEqual([
      { chatId: NEWS_CHANNEL_ID, title: 'news', kind: 'channel', status: 'active' },
    ]);

    await post(t, 'Yerevan and Baku agree on a border section', ['Armenia', 'Azerbaijan']);
    const [message] = await deliveredTo(discord, NEWS_CHANNEL_ID);
    await outboxSettled(t.handle);
    expect(discord.channelMessages(NEWS_CHANNEL_ID)).toHaveLength(1);
    expect(message?.content).toBe(`<@&${ARMENIA_ROLE_ID}>`);
    expect(message?.allowedMentions).toEqual({ parse: [], roles: [ARMENIA_ROLE_ID] });
    expect(embedsOf(message ?? { embeds: [] })[0]?.title).toBe('Yerevan and Baku agree on a border section');
    expect(discord.channelMessages(GENERAL_CHANNEL_ID)).toEqual([]);
  });

  it("mentions a tag's role only for articles with that tag", async () => {
    t = await startDiscordTestBot();
    const discord = t.emulator;
    messageOf(await discord.command(MODERATOR, 'channel follow', { tag: 'Armenia', 'mention-role': ARMENIA_ROLE_ID }));
    messageOf(await discord.command(MODERATOR, 'channel follow', { tag: 'CSTO' }));
    await post(t, 'CSTO drills postponed', ['CSTO']);
    const [message] = await deliveredTo(discord, NEWS_CHANNEL_ID);
    expect(message?.content).toBe('');
    expect(message?.allowedMentions).toEqual({ parse: [], roles: [] });
  });

  it('delivers a title of 300 "<" escaped and cut to 256 characters, not collapsed to "…"; subtext shown literally', async () => {
    t = await startDiscordTestBot();
    const discord = t.emulator;
    messageOf(await discord.command(MODERATOR, 'channel follow', { tag: 'Armenia' }));
    await post(t, '<'.repeat(300), ['Armenia'], { body: '-# small print\nThe body.' });
    const [message] = await deliveredTo(discord, NEWS_CHANNEL_ID);
    const [embed] = embedsOf(message ?? { embeds: [] });
    expect(embed?.title).toBe(`${'\\<'.repeat(127)}…`);
    expect(embed?.description.startsWith('\\-# small print')).toBe(true);
    expect(discord.requestsTo('POST', `/channels/${NEWS_CHANNEL_ID}/messages`).map((r) => r.status)).toEqual([200]);
  });

  it('pings no one for an article titled "@everyone", in a channel or a DM', async () => {
    t = await startDiscordTestBot();
    const discord = t.emulator;
    messageOf(await discord.command(MODERATOR, 'channel follow', { tag: 'Armenia' }));
    messageOf(await discord.command(MEMBER, 'follow', { tag: 'Armenia' }));
    const title = `@everyone @here <@&${QUIET_ROLE_ID}> **Armenia** news`;
    await post(t, title, ['Armenia'], { body: `@everyone read this <@${MEMBER.id}>` });
    const [inChannel] = await deliveredTo(discord, NEWS_CHANNEL_ID);
    const [inDm] = await dmsTo(discord, MEMBER.id);
    for (const message of [inChannel, inDm]) {
      if (!message) throw new Error('missing message');
      expect(message.allowedMentions).toEqual({ parse: [], roles: [] });
      expect(message.content).toBe('');
      const [embed] = embedsOf(message);
      // Shown literally: markdown and mention syntax escaped.
      expect(embed?.title).toBe(`@everyone @here \\<@&${QUIET_ROLE_ID}> \\*\\*Armenia\\*\\* news`);
      expect(textOf(message)).toContain(title);
    }
  });
});
