import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { renderDigestPage } from '../../adapters/discord/delivery-message.ts';
import { DISCORD_LIMITS } from '../../adapters/discord/limits.ts';
import { createDiscordSender, type DiscordSender } from '../../adapters/discord/sender.ts';
import { paginateDigest, type DigestEntry, type DigestView } from '../../src/domain/digest.ts';
import { PermanentDeliveryError, type DigestDeliveryMessage, type Reply } from '../../src/index.ts';
import { silentLogger } from '../../src/logger.ts';
import { startDiscordEmulator, type DiscordEmulator } from '../emulators/discord/emulator.ts';
import { BOT_ROLE_ID, MEMBER, NEWS_CHANNEL_ID, PERMISSIONS, QUIET_ROLE_ID } from '../emulators/discord/fixtures.ts';
import { embedsOf, messageProblems, textOf } from '../emulators/discord/messages.ts';

/** Digest pages through the Discord sender, against the emulator (REST only, no gateway). */
let discord: DiscordEmulator;
let sender: DiscordSender;
beforeEach(async () => {
  discord = await startDiscordEmulator();
  sender = createDiscordSender({
    token: discord.token,
    apiRoot: `${discord.url}/api`,
    maxPerSecond: 50,
    logger: silentLogger,
  });
});
afterEach(async () => {
  sender.close();
  await discord.close();
});

const toMember = { id: 1, platform: 'discord' as const, chatId: MEMBER.id, kind: 'user' as const };
const toChannel = { id: 2, platform: 'discord' as const, chatId: NEWS_CHANNEL_ID, kind: 'channel' as const };

const page = (
  reply: Reply,
  subscriber: DigestDeliveryMessage['subscriber'],
  pageNumber = 1,
  pages = 1,
): DigestDeliveryMessage => ({ deliveryId: 77, subscriber, page: reply, pageNumber, pages });

const TRICKY_TITLE = `**Breaking** @everyone <@&${QUIET_ROLE_ID}> [click](https://evil.example) news`;

function smallView(): DigestView {
  return {
    cadence: 'daily',
    dateLabel: 'Fri 27 Nov',
    groups: [
      {
        tag: 'Armenia',
        entries: [
          { publicId: 'k3x9pq', title: TRICKY_TITLE, url: 'https://example.com/a(1)', tags: ['Armenia', 'CSTO'] },
          { publicId: 'm4z2aa', title: 'Yerevan talks resume', url: null, tags: ['Armenia'] },
        ],
      },
      {
        tag: 'New York',
        entries: [
          { publicId: 'q7w8e9', title: 'Subway fares rise', url: 'https://example.com/ny', tags: ['New York'] },
        ],
      },
    ],
  };
}

/** A digest of `count` articles with long titles, over a few tags. */
function longView(count: number): DigestView {
  const tags = ['Armenia', 'Azerbaijan', 'Georgia', 'Oil'];
  const groups = tags.map((tag) => ({ tag, entries: [] as DigestEntry[] }));
  for (let i = 0; i < count; i++) {
    const group = groups[i % tags.length];
    group?.entries.push({
      publicId: `a${String(i).padStart(5, '0')}`,
      title:
        `Report ${i}: **talks** on the border section and the _corridor_ continue late into the night ${'word '.repeat(i % 7)}`.trim(),
      url: `https://example.com/articles/${i}?ref=digest`,
      tags: [group.tag, 'CSTO'],
    });
  }
  return { cadence: 'weekly', dateLabel: 'Mon 30 Nov', groups };
}

describe('Discord digest pages', () => {
  it('delivers one page to a DM and to a channel, escaped and linked, pinging no one', async () => {
    const [reply, more] = paginateDigest(smallView(), sender.fits);
    if (!reply) throw new Error('no page');
    expect(more).toBeUndefined();
    const sentToDm = await sender.sendDigest(page(reply, toMember));
    const sentToChannel = await sender.sendDigest(page(reply, toChannel));

    const [dm] = discord.dmMessages(MEMBER.id);
    const [inChannel] = discord.channelMessages(NEWS_CHANNEL_ID);
    expect(dm?.id).toBe(sentToDm.messageId);
    expect(inChannel?.id).toBe(sentToChannel.messageId);
    for (const message of [dm, inChannel]) {
      if (!message) throw new Error('missing message');
      expect(message.content).toBe('');
      expect(message.allowedMentions).toEqual({ parse: [] });
      expect(message.nonce).toBe('tagwire-d77p1');
      const [embed] = embedsOf(message);
      const description = embed?.description ?? '';
      expect(description.split('\n')).toEqual([
        '**Your daily digest, Fri 27 Nov: 3 articles**',
        '**#Armenia**',
        `• [\\*\\*Breaking\\*\\* @everyone \\<@&${QUIET_ROLE_ID}> \\[click\\](https://evil.example) news](https://example.com/a%281%29) · \`k3x9pq\` #CSTO`,
        '• Yerevan talks resume · `m4z2aa`',
        '**#New\\_York**',
        '• [Subway fares rise](https://example.com/ny) · `q7w8e9`',
      ]);
      // What a reader sees: the title as typed, no bold, no mention, no masked link.
      expect(textOf(message)).toContain(TRICKY_TITLE);
    }
  });

  it('splits a long digest with paginateDigest(view, sender.fits): every page fits and is accepted, every article listed once', async () => {
    const view = longView(90);
    expect(sender.fits(paginateDigest({ ...view }, () => true)[0] ?? { status: 'ok', blocks: [], buttons: [] })).toBe(
      false,
    );
    const pages = paginateDigest(view, sender.fits);
    expect(pages.length).toBeGreaterThan(2);
    expect(pages.length).toBeLessThan(10);
    for (const [i, reply] of pages.entries()) {
      expect(sender.fits(reply)).toBe(true);
      const body = renderDigestPage(page(reply, toChannel, i + 1, pages.length));
      expect(messageProblems({ ...body }, { creating: true })).toEqual([]);
      await sender.sendDigest(page(reply, toChannel, i + 1, pages.length));
    }
    const sent = discord.channelMessages(NEWS_CHANNEL_ID);
    expect(sent).toHaveLength(pages.length);
    expect(sent.map((m) => m.nonce)).toEqual(pages.map((_, i) => `tagwire-d77p${i + 1}`));
    const descriptions = sent.map((m) => embedsOf(m)[0]?.description ?? '');
    for (const d of descriptions) expect(d.length).toBeLessThanOrEqual(DISCORD_LIMITS.embedDescription);
    // Pages are full: the next one would not have fitted one more line.
    expect(descriptions[0]?.length).toBeGreaterThan(DISCORD_LIMITS.embedDescription - 400);
    const ids = descriptions.flatMap((d) => [...d.matchAll(/`(a\d{5})`/gu)].map((m) => m[1]));
    expect(ids).toHaveLength(90);
    expect(new Set(ids).size).toBe(90);
    expect(descriptions[0]).toContain(`(1/${pages.length})`);
    expect(descriptions.slice(1).some((d) => d.includes('*(continued)*'))).toBe(true);
  });

  it('measures the rendered text: markdown escapes count toward the limit', () => {
    const reply = (text: string): Reply => ({
      status: 'ok',
      blocks: [{ kind: 'paragraph', spans: [{ text }] }],
      buttons: [],
    });
    expect(sender.fits(reply('a'.repeat(DISCORD_LIMITS.embedDescription)))).toBe(true);
    expect(sender.fits(reply('a'.repeat(DISCORD_LIMITS.embedDescription + 1)))).toBe(false);
    // Every "<" is sent as "\<" (no mention can form): 2,048 of them take the whole description, one more does not fit.
    expect(sender.fits(reply('<'.repeat(DISCORD_LIMITS.embedDescription / 2)))).toBe(true);
    expect(sender.fits(reply('<'.repeat(DISCORD_LIMITS.embedDescription / 2 + 1)))).toBe(false);
    const sixRows = Array.from({ length: 6 }, (_, i) => [{ label: `B${i}`, data: `/b ${i}` }]);
    expect(sender.fits({ ...reply('x'), buttons: sixRows })).toBe(false);
    expect(sender.fits({ ...reply('x'), buttons: sixRows.slice(0, 5) })).toBe(true);
  });

  it('fails like a delivery: closed DMs deactivate, missing permissions pause the channel', async () => {
    const [reply] = paginateDigest(smallView(), sender.fits);
    if (!reply) throw new Error('no page');
    discord.closeDms(MEMBER.id);
    await expect(sender.sendDigest(page(reply, toMember))).rejects.toMatchObject({
      reason: 'dms-closed',
      effect: 'deactivate',
    });
    discord.setOverwrite(NEWS_CHANNEL_ID, { id: BOT_ROLE_ID, type: 0, deny: PERMISSIONS.sendMessages });
    const refused = sender.sendDigest(page(reply, toChannel));
    await expect(refused).rejects.toBeInstanceOf(PermanentDeliveryError);
    await expect(refused).rejects.toMatchObject({ reason: 'missing-permissions', effect: 'pause' });
  });
});
