import { afterEach, describe, expect, it } from 'vitest';
import { runScheduleTick } from '../../src/app/schedules.ts';
import { deliveriesSettled, postCommand, startTelegramBot, type TelegramTestBot } from './harness.ts';

let t: TelegramTestBot;
afterEach(async () => {
  await t?.close();
});

describe('Telegram digests, end to end', () => {
  it("holds a reader's articles and delivers them as one digest message when it falls due", async () => {
    t = await startTelegramBot();
    const { emulator, admin, reader } = t;
    await emulator.command(reader, '/follow Armenia, Russia');
    expect((await emulator.command(reader, '/timezone yerevan')).text).toContain('Time zone set to Asia/Yerevan');
    expect((await emulator.command(reader, '/digest daily 08:00')).text).toContain(
      'Digest daily at 08:00 (Asia/Yerevan)',
    );

    await emulator.command(
      admin,
      postCommand('Talks <resume> in Yerevan', 'Armenia', 'Text.', ['url: https://news.example/a']),
    );
    await emulator.command(admin, postCommand('Moscow & Baku', 'Russia'));
    expect(await t.stores.outbox.countByStatus()).toMatchObject({ held: 2, queued: 0 });
    expect(emulator.sent(reader.id).filter((m) => m.text.startsWith('Your daily digest'))).toHaveLength(0);

    // The digest's time comes (the job runs every minute; here, once, by hand).
    await t.db
      .updateTable('subscribers')
      .set({ digest_next_at: Date.now() - 1 })
      .where('chat_id', '=', String(reader.id))
      .execute();
    expect(await runScheduleTick(t.deps)).toMatchObject({ digests: 1, digestRows: 2 });
    const digest = await emulator.waitForMessage(
      (m) => m.chatId === reader.id && m.text.startsWith('Your daily digest'),
      'the digest',
    );
    expect(digest.text).toMatch(/^Your daily digest, \w{3} \d{1,2} \w{3}: 2 articles\n/u);
    expect(digest.text).toContain('#Armenia');
    expect(digest.text).toContain('Talks <resume> in Yerevan');
    expect(digest.html).toContain('Talks &lt;resume&gt; in Yerevan');
    expect(digest.html).toContain('Moscow &amp; Baku');
    expect(
      digest.entities.some((e) => e.type === 'text_link' && 'url' in e && e.url === 'https://news.example/a'),
    ).toBe(true);
    expect(digest.replyMarkup).toBeUndefined();
    expect(await deliveriesSettled(t.stores)).toMatchObject({ sent: 2, held: 0 });
    expect(emulator.sent(reader.id).filter((m) => m.text.startsWith('Your daily digest'))).toHaveLength(1);
  });
});
