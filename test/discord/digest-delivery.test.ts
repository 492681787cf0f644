import { afterEach, describe, expect, it } from 'vitest';
import { runScheduleTick } from '../../src/app/schedules.ts';
import { FakeClock } from '../helpers/core.ts';
import { MEMBER, MODERATOR, NEWS_CHANNEL_ID, QUIET_ROLE_ID } from '../emulators/discord/fixtures.ts';
import { embedsOf, textOf } from '../emulators/discord/messages.ts';
import { deliveredTo, dmsTo, messageOf, outboxSettled, startDiscordTestBot, type DiscordTestBot } from './harness.ts';

/** A digest set with slash commands arrives through the worker and the Discord sender, as one message. */
let t: DiscordTestBot | undefined;
afterEach(async () => {
  await t?.stop();
  t = undefined;
});

describe('Discord digests, end to end', () => {
  it('collects articles for a member and a channel and sends each one digest at its local time, escaped, pinging no one', async () => {
    // Friday 27 November 2026, 02:00 UTC = 06:00 in Yerevan.
    const clock = new FakeClock(Date.parse('2026-11-27T02:00:00Z'));
    t = await startDiscordTestBot({ clock });
    const discord = t.emulator;
    const member = async (name: string, values: Record<string, string>) =>
      textOf(messageOf(await discord.command(MEMBER, name, values, 'dm')));
    await member('follow', { tag: 'Armenia, CSTO' });
    await member('timezone', { zone: 'Asia/Yerevan' });
    expect(await member('digest', { schedule: 'daily', time: '08:00' })).toContain(
      'Digest daily at 08:00 (Asia/Yerevan).',
    );
    messageOf(await discord.command(MODERATOR, 'channel follow', { tag: 'Armenia' }));
    messageOf(await discord.command(MODERATOR, 'channel digest', { time: '06:30' }));

    const tricky = `**Breaking** @everyone <@&${QUIET_ROLE_ID}> talks`;
    const post = (title: string, tags: string[], url?: string) =>
      t!.handle.core.postArticle(
        { title, tags, body: `${title}. More in the body.`, url },
        { postedBy: 'test', notify: true },
      );
    const first = await post(tricky, ['Armenia', 'CSTO'], 'https://example.com/talks');
    const second = await post('Drills postponed', ['CSTO']);
    await outboxSettled(t.handle);
    expect(discord.dmMessages(MEMBER.id)).toEqual([]);
    expect(discord.channelMessages(NEWS_CHANNEL_ID)).toEqual([]);

    // 06:30 UTC: the channel's digest (UTC, its default zone); 04:00 UTC: 08:00 in Yerevan.
    clock.set(new Date('2026-11-27T04:00:00Z'));
    await runScheduleTick(t.handle.deps);
    const [dm] = await dmsTo(discord, MEMBER.id);
    clock.set(new Date('2026-11-27T06:30:00Z'));
    await runScheduleTick(t.handle.deps);
    const [inChannel] = await deliveredTo(discord, NEWS_CHANNEL_ID);
    await outboxSettled(t.handle);
    expect(discord.dmMessages(MEMBER.id)).toHaveLength(1);
    expect(discord.channelMessages(NEWS_CHANNEL_ID)).toHaveLength(1);

    if (!dm || !inChannel) throw new Error('missing digest');
    for (const message of [dm, inChannel]) {
      expect(message.content).toBe('');
      expect(message.allowedMentions).toEqual({ parse: [] });
      expect(message.nonce).toMatch(/^tagwire-d\d+p1$/u);
    }
    const dmText = embedsOf(dm)[0]?.description ?? '';
    expect(dmText.split('\n')[0]).toBe('**Your daily digest, Fri 27 Nov: 2 articles**');
    expect(dmText).toContain(
      `[\\*\\*Breaking\\*\\* @everyone \\<@&${QUIET_ROLE_ID}> talks](https://example.com/talks) · \`${first.article.publicId}\``,
    );
    expect(dmText).toContain(`Drills postponed · \`${second.article.publicId}\``);
    expect(textOf(dm)).toContain(tricky);
    const channelText = textOf(inChannel);
    expect(channelText).toContain(tricky);
    expect(channelText).not.toContain('Drills postponed');
  });
});
