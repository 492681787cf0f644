import { Api } from 'grammy';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { MESSAGE_MAX, renderReply } from '../../adapters/telegram/render.ts';
import { createTelegramSender } from '../../adapters/telegram/sender.ts';
import { limitsFor } from '../../src/delivery/limits.ts';
import { createPacer } from '../../src/delivery/shared-limiter.ts';
import { paginateDigest, type DigestEntry, type DigestView } from '../../src/domain/digest.ts';
import {
  ChatMovedError,
  PermanentDeliveryError,
  RetryLaterError,
  type DigestDeliveryMessage,
  type Reply,
  type Sender,
} from '../../src/index.ts';
import { apiErrors } from '../emulators/telegram/api-errors.ts';
import { TelegramEmulator } from '../emulators/telegram/emulator.ts';
import type { StoredMessage } from '../emulators/telegram/world.ts';
import { testConfig } from '../helpers/core.ts';

/**
 * Digest pages through the real sender and grammY client against the emulator, which
 * parses the HTML as Telegram does (refusing anything unescaped) and refuses a message
 * longer than Telegram allows.
 */

const READER = { id: 2002, first_name: 'Rita' };
const GROUP = -100555;

let emulator: TelegramEmulator;
let sender: Sender;
beforeEach(async () => {
  emulator = await new TelegramEmulator().start();
  emulator.addUser(READER);
  emulator.addGroup({ id: GROUP, title: 'Desk', members: {} });
  sender = createTelegramSender(new Api(emulator.token, { apiRoot: emulator.url }));
});
afterEach(async () => {
  await emulator.stop();
});

const to = (chatId: number, page: Reply, pageNumber = 1, pages = 1): DigestDeliveryMessage => ({
  deliveryId: 1,
  subscriber: { id: 7, platform: 'telegram', chatId: String(chatId), kind: chatId > 0 ? 'user' : 'group' },
  page,
  pageNumber,
  pages,
});

const view = (groups: DigestView['groups']): DigestView => ({ cadence: 'daily', dateLabel: 'Fri 3 May', groups });

/** Sends every page in order, at Telegram's pace as the worker would; returns the messages as the emulator stored them. */
async function sendAll(pages: Reply[], chatId = READER.id): Promise<StoredMessage[]> {
  const pacer = createPacer({ platform: 'telegram', limits: limitsFor('telegram', testConfig()), shared: false });
  for (const [i, page] of pages.entries()) {
    await pacer.acquire(String(chatId), chatId > 0 ? 'user' : 'group', 'delivery');
    await sender.sendDigest(to(chatId, page, i + 1, pages.length));
  }
  return emulator.sent(chatId);
}

const codes = (m: StoredMessage) =>
  m.entities.filter((e) => e.type === 'code').map((e) => m.text.slice(e.offset, e.offset + e.length));

describe('Telegram digests', () => {
  it('sends a page as one HTML message: escaped titles shown literally, linked, no buttons, no preview', async () => {
    const title = 'Prices <b>jump</b> & "fall" <script>';
    const pages = paginateDigest(
      view([
        {
          tag: 'Oil',
          entries: [
            { publicId: 'k3x9pq', title, url: 'https://example.com/a?x=1&y="2"', tags: ['Oil', 'Energy & <Power>'] },
            { publicId: 'm4n5bc', title: 'No link here', url: null, tags: ['Oil'] },
          ],
        },
        {
          tag: 'Armenia',
          entries: [
            { publicId: 'z9y8xw', title: 'Armenia and the CSTO', url: 'https://example.com/b', tags: ['Armenia'] },
          ],
        },
      ]),
      sender.fits,
    );
    expect(pages).toHaveLength(1);
    const page = pages[0] as Reply;

    const result = await sender.sendDigest(to(READER.id, page));
    const [message] = emulator.sent(READER.id);
    if (!message) throw new Error('nothing was sent');
    expect(result).toEqual({ messageId: String(message.messageId) });
    expect(message.text.split('\n')).toEqual([
      'Your daily digest, Fri 3 May: 3 articles',
      '',
      '#Oil',
      '',
      `• ${title} · k3x9pq #Energy_&_<Power>`,
      '• No link here · m4n5bc',
      '',
      '#Armenia',
      '',
      '• Armenia and the CSTO · z9y8xw',
    ]);
    expect(message.html).toContain('Prices &lt;b&gt;jump&lt;/b&gt; &amp; "fall" &lt;script&gt;');
    expect(message.html).not.toContain('<script>');
    const links = message.entities.filter((e) => e.type === 'text_link');
    expect(links.map((e) => ('url' in e ? e.url : null))).toEqual([
      'https://example.com/a?x=1&y="2"',
      'https://example.com/b',
    ]);
    expect(message.text.slice(links[0]?.offset, (links[0]?.offset ?? 0) + (links[0]?.length ?? 0))).toBe(title);
    expect(codes(message)).toEqual(['k3x9pq', 'm4n5bc', 'z9y8xw']);
    expect(
      message.entities.filter((e) => e.type === 'bold').map((e) => message.text.slice(e.offset, e.offset + e.length)),
    ).toEqual(['Your daily digest, Fri 3 May: 3 articles', '#Oil', '#Armenia']);
    // Exactly what a command's reply would look like, without a keyboard or a link preview.
    expect(message.html).toBe(renderReply(page)[0]?.html);
    expect(message.replyMarkup).toBeUndefined();
    const call = emulator.calls('sendMessage')[0];
    expect(call?.payload).toMatchObject({
      chat_id: String(READER.id),
      parse_mode: 'HTML',
      link_preview_options: { is_disabled: true },
    });
    expect(call?.payload.reply_markup).toBeUndefined();
  });

  it('splits a long digest into pages that each fit one message, with every article exactly once', async () => {
    const tags = ['Oil', 'Armenia', 'New York'];
    const entries = (tag: string, n: number): DigestEntry[] =>
      Array.from({ length: n }, (_, i) => ({
        publicId: `${tag.slice(0, 2).toLowerCase().replace(' ', 'x')}${String(i).padStart(4, '0')}`,
        title: `${tag} story number ${i}: a headline long enough to fill the page quickly & <safely>`,
        url: i % 3 === 0 ? null : `https://example.com/${encodeURIComponent(tag)}/${i}?a=1&b=2`,
        tags: [tag, 'World'],
      }));
    const digest = view(tags.map((tag) => ({ tag, entries: entries(tag, 45) })));
    const pages = paginateDigest(digest, sender.fits);
    expect(pages.length).toBeGreaterThan(1);
    expect(pages.every((p) => sender.fits(p))).toBe(true);

    const sent = await sendAll(pages);
    expect(sent).toHaveLength(pages.length);
    const ids = sent.flatMap(codes);
    const expected = digest.groups.flatMap((g) => g.entries.map((e) => e.publicId));
    expect(ids.sort()).toEqual([...expected].sort());
    for (const [i, m] of sent.entries()) {
      expect(m.text.length).toBeLessThanOrEqual(MESSAGE_MAX);
      expect(m.text.split('\n')[0]).toBe(`Your daily digest, Fri 3 May: 135 articles (${i + 1}/${pages.length})`);
      // Pages are filled, not merely short: all but the last are close to the limit.
      if (i < sent.length - 1) expect(m.text.length).toBeGreaterThan(MESSAGE_MAX - 400);
    }
    expect(sent.some((m) => m.text.includes('more articles'))).toBe(false);
    expect(sent[1]?.text).toMatch(/\n#\w+ \(continued\)\n|\n#\w+\n/u);
  });

  it('counts emoji and other astral characters as two UTF-16 units when fitting', async () => {
    const paragraph = (text: string): Reply => ({
      status: 'ok',
      blocks: [{ kind: 'paragraph', spans: [{ text }] }],
      buttons: [],
    });
    expect(sender.fits(paragraph('📰'.repeat(MESSAGE_MAX / 2)))).toBe(true);
    expect(sender.fits(paragraph('📰'.repeat(MESSAGE_MAX / 2 + 1)))).toBe(false);
    // Escaping and markup are not counted: what counts is the text a reader sees.
    expect(sender.fits(paragraph('&'.repeat(MESSAGE_MAX)))).toBe(true);
    expect(
      sender.fits({
        status: 'ok',
        blocks: [
          {
            kind: 'paragraph',
            spans: [
              { text: 'x'.repeat(MESSAGE_MAX - 2), bold: true, url: 'https://example.com/' },
              { text: '<>', code: true },
            ],
          },
        ],
        buttons: [],
      }),
    ).toBe(true);
    expect(
      sender.fits({
        status: 'ok',
        blocks: [
          { kind: 'paragraph', spans: [{ text: 'x'.repeat(MESSAGE_MAX - 1) }] },
          { kind: 'paragraph', spans: [{ text: 'y' }] },
        ],
        buttons: [],
      }),
    ).toBe(false);

    const emoji = '🛢️📈';
    const entries: DigestEntry[] = Array.from({ length: 80 }, (_, i) => ({
      publicId: `em${String(i).padStart(4, '0')}`,
      title: `${emoji.repeat(12)} Oil ${i} ${'🔥'.repeat(10)}`,
      url: `https://example.com/oil/${i}`,
      tags: ['Oil'],
    }));
    const pages = paginateDigest(view([{ tag: 'Oil', entries }]), sender.fits);
    const sent = await sendAll(pages);
    expect(sent.flatMap(codes).sort()).toEqual(entries.map((e) => e.publicId));
    expect(sent.length).toBeGreaterThan(1);
    for (const m of sent) expect(m.text.length).toBeLessThanOrEqual(MESSAGE_MAX);
    for (const m of sent.slice(0, -1)) {
      // Full in UTF-16 units, yet far shorter in code points: counting those would have overfilled it.
      expect(m.text.length).toBeGreaterThan(MESSAGE_MAX - 200);
      expect(Array.from(m.text).length).toBeLessThan(MESSAGE_MAX - 1000);
    }
  });

  it('sends a page the core failed to split as one message, cut to fit, never as two', async () => {
    const items = Array.from({ length: 120 }, (_, i) => [
      { text: `Entry ${i} `.padEnd(60, '.') },
      { text: `e${i}`, code: true },
    ]);
    const tooLong: Reply = {
      status: 'ok',
      blocks: [
        { kind: 'paragraph', spans: [{ text: 'Heading', bold: true }] },
        { kind: 'list', items },
      ],
      buttons: [],
    };
    expect(sender.fits(tooLong)).toBe(false);
    await sender.sendDigest(to(READER.id, tooLong));
    const sent = emulator.sent(READER.id);
    expect(sent).toHaveLength(1);
    expect(sent[0]?.text.startsWith('Heading\n\n• Entry 0 ')).toBe(true);
    expect(sent[0]?.text.length).toBeLessThanOrEqual(MESSAGE_MAX);
    expect(sent[0]?.text.length).toBeGreaterThan(MESSAGE_MAX - 100);
    expect(sent[0]?.text.endsWith('\n\n…')).toBe(true);
  });

  it("maps Telegram's errors as for a delivered article", async () => {
    const page = paginateDigest(
      view([{ tag: 'Oil', entries: [{ publicId: 'k3x9pq', title: 'T', url: null, tags: ['Oil'] }] }]),
      sender.fits,
    )[0] as Reply;
    emulator.fail('sendMessage', apiErrors.tooManyRequests(3));
    await expect(sender.sendDigest(to(READER.id, page))).rejects.toMatchObject({
      constructor: RetryLaterError,
      retryAfterMs: 3000,
    });
    emulator.fail('sendMessage', apiErrors.blockedByUser());
    await expect(sender.sendDigest(to(READER.id, page))).rejects.toMatchObject({
      constructor: PermanentDeliveryError,
      reason: 'blocked',
      effect: 'deactivate',
    });
    emulator.fail('sendMessage', apiErrors.groupUpgraded(-1009999));
    await expect(sender.sendDigest(to(GROUP, page))).rejects.toMatchObject({
      constructor: ChatMovedError,
      newChatId: '-1009999',
    });
    expect(emulator.sent()).toHaveLength(0);
    await sender.sendDigest(to(READER.id, page));
    expect(emulator.sent(READER.id)).toHaveLength(1);
  });
});
