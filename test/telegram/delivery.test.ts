import { afterEach, describe, expect, it } from 'vitest';
import { apiErrors } from '../emulators/telegram/api-errors.ts';
import { waitFor } from '../helpers/core.ts';
import { deliveriesSettled, postCommand, startTelegramBot, type TelegramTestBot } from './harness.ts';

let t: TelegramTestBot;
afterEach(async () => {
  await t?.close();
});

describe('Telegram deliveries, end to end', () => {
  it('delivers an article posted by an admin exactly once to a reader who follows its tag', async () => {
    t = await startTelegramBot();
    const { emulator, admin, reader } = t;

    const followed = await emulator.command(reader, '/follow Armenia');
    expect(followed.text).toContain('Now following #Armenia');

    const posted = await emulator.command(
      admin,
      postCommand('Armenia freezes its CSTO participation', 'Armenia, CSTO'),
    );
    expect(posted.text).toMatch(/^Posted \w{6}: Armenia freezes/u);
    expect(posted.text).toContain('It reaches 1 subscriber');

    const card = await emulator.waitForMessage(
      (m) => m.chatId === reader.id && m.text.startsWith('Armenia freezes'),
      'the delivery',
    );
    expect(card.html).toContain('<b>Armenia freezes its CSTO participation</b>');
    expect(card.text).toContain('#Armenia #CSTO');
    expect(card.entities.some((e) => e.type === 'bold')).toBe(true);
    const labels = card.replyMarkup?.inline_keyboard.flat().map((b) => b.text) ?? [];
    expect(labels).toEqual(['Related', '✓ #Armenia', '+ #CSTO']);

    const counts = await deliveriesSettled(t.stores);
    expect(counts.sent).toBe(1);
    const toReader = emulator.sent(reader.id).filter((m) => m.text.startsWith('Armenia freezes'));
    expect(toReader).toHaveLength(1);
    // The admin follows nothing, so only the confirmation reached them.
    expect(emulator.sent(admin.id).filter((m) => m.text.startsWith('Armenia freezes'))).toHaveLength(0);
  });

  it('escapes HTML in a title, summary and tags, and links the title to the article', async () => {
    t = await startTelegramBot();
    const { emulator, admin, reader } = t;
    await emulator.command(reader, '/follow <b>Tags</b>');
    const title = '<script>alert("x")</script> & <b>bold</b> claims';
    await emulator.command(
      admin,
      postCommand(title, '<b>Tags</b>', 'Prices rose 5% & fell <10%> at once.', [
        'url: https://example.com/a?x=1&y="2"',
      ]),
    );
    const card = await emulator.waitForMessage(
      (m) => m.chatId === reader.id && m.text.startsWith('<script>'),
      'the delivery',
    );
    expect(card.text.split('\n')[0]).toBe(title);
    expect(card.html).toContain('&lt;script&gt;alert("x")&lt;/script&gt; &amp; &lt;b&gt;bold&lt;/b&gt; claims');
    expect(card.html).not.toContain('<script>');
    expect(card.text).toContain('Prices rose 5% & fell <10%> at once.');
    expect(card.text).toContain('#<b>Tags</b>');
    const link = card.entities.find((e) => e.type === 'text_link');
    // Stored as normalised (WHATWG): the quotes percent-encoded.
    expect(link && 'url' in link ? link.url : null).toBe(new URL('https://example.com/a?x=1&y="2"').href);
    expect(link?.offset).toBe(0);
    expect(link?.length).toBe(title.length);
  });

  it('survives a 429 storm: every message is resent after retry_after and none is lost or doubled', async () => {
    const readers = [3001, 3002, 3003, 3004].map((id) => ({ id, first_name: `Reader ${id}` }));
    t = await startTelegramBot({
      arrange: (e) => {
        for (const r of readers) e.addUser(r);
      },
    });
    const { emulator, admin } = t;
    for (const r of readers) await emulator.command({ ...r, is_bot: false }, '/follow Oil');
    const storm = emulator.fail('sendMessage', apiErrors.tooManyRequests(1), { times: 6 });
    emulator.sendText(admin, postCommand('Oil prices jump', 'Oil'));

    await waitFor(
      () => readers.every((r) => emulator.sent(r.id).some((m) => m.text.startsWith('Oil prices jump'))),
      'every reader to get the article',
      20_000,
    );
    const counts = await deliveriesSettled(t.stores);
    expect(storm.remaining()).toBe(0);
    expect(emulator.calls('sendMessage').filter((c) => c.status === 429).length).toBe(6);
    for (const r of readers)
      expect(emulator.sent(r.id).filter((m) => m.text.startsWith('Oil prices jump'))).toHaveLength(1);
    expect(counts).toMatchObject({ sent: 4, failed: 0, skipped: 0 });
  });
});
