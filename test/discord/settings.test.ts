import { afterEach, describe, expect, it } from 'vitest';
import { GENERAL_CHANNEL_ID, MEMBER, MODERATOR, NEWS_CHANNEL_ID } from '../emulators/discord/fixtures.ts';
import { textOf } from '../emulators/discord/messages.ts';
import { messageOf, startDiscordTestBot, type DiscordTestBot } from './harness.ts';

/**
 * The delivery settings (/digest, /quiet, /timezone, /pause, /resume) as slash commands:
 * plainly for the member's own DMs, as /channel subcommands for a channel, end to end.
 */
let t: DiscordTestBot | undefined;
afterEach(async () => {
  await t?.stop();
  t = undefined;
});

const subscriber = (bot: DiscordTestBot, chatId: string) => bot.handle.deps.stores.subscribers.find('discord', chatId);

describe('Discord delivery settings, end to end', () => {
  it("sets the member's own digest, quiet hours and time zone from the commands' options", async () => {
    t = await startDiscordTestBot();
    const discord = t.emulator;
    const say = async (name: string, values: Record<string, string> = {}) =>
      textOf(messageOf(await discord.command(MEMBER, name, values, 'dm')));

    expect(await say('timezone', { zone: 'Asia/Yerevan' })).toContain('Time zone set to Asia/Yerevan');
    expect(await say('digest', { schedule: 'weekly', day: 'Monday', time: '08:00' })).toContain(
      'Digest every Monday at 08:00 (Asia/Yerevan).',
    );
    expect(await say('digest')).toContain('Digest every Monday at 08:00 (Asia/Yerevan).');
    expect(await say('digest', { time: '07:30' })).toContain('Digest daily at 07:30 (Asia/Yerevan).');
    expect(await say('quiet', { from: '22:00', to: '07:00' })).toContain('Quiet hours 22:00–07:00 (Asia/Yerevan).');
    const row = await subscriber(t, MEMBER.id);
    expect(row).toMatchObject({
      kind: 'user',
      timezone: 'Asia/Yerevan',
      digest_cadence: 'daily',
      digest_minute: 450,
      quiet_start: 22 * 60,
      quiet_end: 7 * 60,
    });
    expect(await say('quiet', { off: 'true' })).toContain('Quiet hours off');
    expect(await say('digest', { schedule: 'off' })).toContain('Digest off');
    // What the core says about a wrong value reaches the member.
    expect(await say('digest', { schedule: 'weekly', time: '08:00' })).toContain(
      'A weekly digest needs a day and a time.',
    );
    expect(await say('quiet', { from: '22:00' })).not.toContain('Quiet hours 22:00');
    expect(await say('pause')).toContain('Paused.');
    expect(await say('resume')).toContain('Resumed');
    expect(await subscriber(t, MEMBER.id)).toMatchObject({ quiet_start: null, digest_cadence: null, paused_at: null });
  });

  it("says in a server that plain commands set the member's DMs, and names the /channel command", async () => {
    t = await startDiscordTestBot();
    const answer = messageOf(await t.emulator.command(MEMBER, 'quiet', { from: '23:00', to: '06:30' }));
    expect(answer.flags & 64).toBe(64);
    expect(textOf(answer)).toContain('Quiet hours 23:00–06:30 (UTC).');
    expect(textOf(answer)).toContain("For this channel's deliveries, a moderator can use /channel quiet.");
    expect(await subscriber(t, MEMBER.id)).toMatchObject({ quiet_start: 23 * 60, quiet_end: 6 * 60 + 30 });
    expect(await subscriber(t, NEWS_CHANNEL_ID)).toBeUndefined();
  });

  it("sets a channel's digest, quiet hours, time zone and pause with /channel, for moderators only", async () => {
    t = await startDiscordTestBot();
    const discord = t.emulator;
    const mod = async (name: string, values: Record<string, string> = {}, channel = NEWS_CHANNEL_ID) =>
      textOf(messageOf(await discord.command(MODERATOR, `channel ${name}`, values, { channel })));
    messageOf(await discord.command(MODERATOR, 'channel follow', { tag: 'Armenia' }));

    expect(await mod('timezone', { zone: 'Europe/Berlin' })).toContain('Time zone set to Europe/Berlin');
    expect(await mod('digest', { schedule: 'daily', time: '09:00' })).toContain(
      'Digest daily at 09:00 (Europe/Berlin).',
    );
    expect(await mod('quiet', { from: '20:00', to: '08:00' })).toContain('Quiet hours 20:00–08:00 (Europe/Berlin).');
    expect(await subscriber(t, NEWS_CHANNEL_ID)).toMatchObject({
      kind: 'channel',
      timezone: 'Europe/Berlin',
      digest_cadence: 'daily',
      digest_minute: 540,
      quiet_start: 1200,
    });
    // The member's own settings and another channel's are untouched.
    expect(await subscriber(t, MODERATOR.id)).toBeUndefined();
    expect(await subscriber(t, GENERAL_CHANNEL_ID)).toBeUndefined();

    // The core's "send /resume" reads as the channel's command.
    const paused = await mod('pause');
    expect(paused).toContain('Paused.');
    expect(paused).toContain('/channel resume');
    expect(paused).not.toMatch(/(?<!channel )\/resume/u);
    expect((await subscriber(t, NEWS_CHANNEL_ID))?.paused_at).not.toBeNull();
    expect(await mod('list')).toContain('/channel resume');
    expect(await mod('resume')).toContain('Resumed');

    const refused = messageOf(await discord.command(MEMBER, 'channel digest', { schedule: 'off' }));
    expect(refused.flags & 64).toBe(64);
    expect(textOf(refused)).toContain("only this chat's admins");
    expect((await subscriber(t, NEWS_CHANNEL_ID))?.digest_cadence).toBe('daily');
  });

  it('autocompletes time zones for /timezone and /channel timezone', async () => {
    t = await startDiscordTestBot();
    const discord = t.emulator;
    expect((await discord.autocomplete(MEMBER, 'timezone', { zone: 'yere' }, 'zone')).map((c) => c.value)).toEqual([
      'Asia/Yerevan',
    ]);
    const channelChoices = await discord.autocomplete(MODERATOR, 'channel timezone', { zone: 'new y' }, 'zone');
    expect(channelChoices).toEqual([
      {
        name: expect.stringMatching(/^America\/New York · GMT-0[45]:00$/u) as unknown as string,
        value: 'America/New_York',
      },
    ]);
    const popular = await discord.autocomplete(MEMBER, 'timezone', { zone: '' }, 'zone');
    expect(popular[0]?.value).toBe('UTC');
    expect(popular.length).toBeLessThanOrEqual(25);
  });
});
