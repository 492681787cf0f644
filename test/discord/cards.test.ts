import { afterEach, describe, expect, it } from 'vitest';
import { MEMBER, MODERATOR, NEWS_CHANNEL_ID } from '../emulators/discord/fixtures.ts';
import { embedsOf, textOf } from '../emulators/discord/messages.ts';
import { deliveredTo, dmsTo, messageOf, outboxSettled, startDiscordTestBot, type DiscordTestBot } from './harness.ts';

/**
 * Cards that look like news on Discord, through the running bot and the emulator: the
 * article's picture as the embed's image, and the /card settings (style, silent delivery
 * as SUPPRESS_NOTIFICATIONS) for a member's DMs and, with /channel card, a channel's.
 */

const SUPPRESS_NOTIFICATIONS = 4096;

let t: DiscordTestBot | undefined;
afterEach(async () => {
  await t?.stop();
  t = undefined;
});

describe('Discord cards', () => {
  it("puts the article's picture in the embed, and a channel's /channel card settings on its cards", async () => {
    t = await startDiscordTestBot();
    const discord = t.emulator;
    messageOf(await discord.command(MODERATOR, 'channel follow', { tag: 'Armenia' }, { channel: NEWS_CHANNEL_ID }));
    const set = messageOf(
      await discord.command(MODERATOR, 'channel card', { style: 'full', silent: 'on' }, { channel: NEWS_CHANNEL_ID }),
    );
    expect(textOf(set)).toMatch(/Cards here: full .*Silent delivery: on\./su);
    const refused = messageOf(
      await discord.command(MEMBER, 'channel card', { style: 'headline' }, { channel: NEWS_CHANNEL_ID }),
    );
    expect(textOf(refused)).toContain("only this chat's admins");

    const body = ['The first paragraph says what happened.', 'The second one says why it matters.'].join('\n\n');
    await t.handle.core.postArticle(
      { title: 'A picture of the crossing', tags: ['Armenia'], body, image: 'https://images.example.com/crossing.jpg' },
      { postedBy: 'test', notify: true },
    );
    const [card] = await deliveredTo(discord, NEWS_CHANNEL_ID);
    await outboxSettled(t.handle);
    if (!card) throw new Error('no card');
    const [embed] = embedsOf(card);
    expect(embed?.image).toBe('https://images.example.com/crossing.jpg');
    // `full`: the first paragraphs, not only the summary.
    expect(embed?.description).toContain('The first paragraph says what happened.');
    expect(embed?.description).toContain('The second one says why it matters.');
    expect(card.flags & SUPPRESS_NOTIFICATIONS).toBe(SUPPRESS_NOTIFICATIONS);
  });

  it("sends a member's DM cards as /card sets them: a headline without a summary, with a notification", async () => {
    t = await startDiscordTestBot();
    const discord = t.emulator;
    messageOf(await discord.command(MEMBER, 'follow', { tag: 'Armenia' }));
    const set = messageOf(await discord.command(MEMBER, 'card', { style: 'headline' }));
    expect(textOf(set)).toMatch(/Cards here: headline \(the title only\)/u);
    await t.handle.core.postArticle(
      { title: 'Headline only', tags: ['Armenia'], body: 'A summary the member did not ask for.' },
      { postedBy: 'test', notify: true },
    );
    const [dm] = await dmsTo(discord, MEMBER.id, 1);
    if (!dm) throw new Error('no DM');
    const [embed] = embedsOf(dm);
    expect(embed?.title).toBe('Headline only');
    expect(embed?.description).toBe('');
    expect(embed?.image).toBeNull();
    expect(dm.flags & SUPPRESS_NOTIFICATIONS).toBe(0);
  });
});
