import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { ImageServer, png } from '../helpers/image-server.ts';
import { deliveriesSettled, postCommand, startTelegramBot, type TelegramTestBot } from './harness.ts';

/**
 * Cards that look like news, through the running bot and the emulator: an article's
 * picture as a photo with the card as its caption, a card too long for a caption as text
 * with the picture as a large preview, a broken picture as a plain text card, and the
 * chat's /card settings (style, page previews, silent delivery).
 */

let t: TelegramTestBot;
let images: ImageServer;
beforeEach(async () => {
  images = await new ImageServer().start();
});
afterEach(async () => {
  await t?.close();
  await images?.stop();
});

const paragraphs = (n: number) =>
  Array.from(
    { length: n },
    (_, i) =>
      `Paragraph ${i + 1} of the report. The ministers met in Yerevan on Friday and spoke for a long time about the bloc, the border and the trade that crosses it every day.`,
  ).join('\n\n');

describe('Telegram cards', () => {
  it('sends an article with a picture as a photo whose caption is the card, with its buttons', async () => {
    t = await startTelegramBot();
    const { emulator, admin, reader } = t;
    await emulator.command(reader, '/follow Armenia');
    const image = images.serve('/lead.png', { body: png(800, 450) });
    await emulator.command(
      admin,
      postCommand('Armenia opens a new border crossing', 'Armenia', 'The crossing opens on Monday.', [
        `image: ${image}`,
        'url: https://example.com/crossing',
      ]),
    );
    const card = await emulator.waitForMessage(
      (m) => m.chatId === reader.id && (m.caption ?? '').startsWith('Armenia opens'),
      'the photo card',
    );
    expect(card.photoUrl).toBe(image);
    expect(card.photo?.at(-1)?.width).toBe(800);
    expect(card.captionHtml).toMatch(
      /<b><a href="https:\/\/example.com\/crossing">Armenia opens a new border crossing<\/a><\/b>/u,
    );
    expect(card.caption).toContain('The crossing opens on Monday.');
    expect(card.caption).toContain('#Armenia');
    expect(card.silent).toBe(false);
    expect(card.replyMarkup?.inline_keyboard.flat().map((b) => b.text)).toEqual(['Related', '✓ #Armenia']);
    expect(images.hitsOf('/lead.png')).toBe(1);
    expect((await deliveriesSettled(t.stores)).sent).toBe(1);
  });

  it('sends a card too long for a caption as text with the picture as a large preview above it', async () => {
    t = await startTelegramBot();
    const { emulator, admin, reader } = t;
    await emulator.command(reader, '/follow Armenia');
    await emulator.command(reader, '/card full');
    const image = images.serve('/wide.png', { body: png(1200, 600) });
    await emulator.command(
      admin,
      postCommand('A long report from Yerevan', 'Armenia', paragraphs(8), [`image: ${image}`]),
    );
    const card = await emulator.waitForMessage(
      (m) => m.chatId === reader.id && m.text.startsWith('A long report'),
      'the text card',
    );
    expect(card.photo).toBeUndefined();
    expect(card.linkPreviewOptions).toMatchObject({ url: image, prefer_large_media: true, show_above_text: true });
    // `full`: the first paragraphs, whole, up to 1,500 characters.
    expect(card.text).toContain('Paragraph 1 of the report.');
    expect(card.text).toContain('Paragraph 8 of the report.');
    expect(card.text.length).toBeGreaterThan(1024);
  });

  it('sends a card whose picture is broken as a text card, once, never losing it', async () => {
    t = await startTelegramBot();
    const { emulator, admin, reader } = t;
    await emulator.command(reader, '/follow Armenia');
    await emulator.command(
      admin,
      postCommand('A card with a missing picture', 'Armenia', 'Text of it.', [`image: ${images.url}/gone.jpg`]),
    );
    const card = await emulator.waitForMessage(
      (m) => m.chatId === reader.id && m.text.startsWith('A card with a missing picture'),
      'the text card',
    );
    expect(card.photo).toBeUndefined();
    expect(card.text).toContain('Text of it.');
    const counts = await deliveriesSettled(t.stores);
    expect(counts.sent).toBe(1);
    expect(counts.failed ?? 0).toBe(0);
    const toReader = emulator
      .sent(reader.id)
      .filter((m) => m.text.startsWith('A card with') || (m.caption ?? '').startsWith('A card with'));
    expect(toReader).toHaveLength(1);
  });

  it("follows the chat's /card settings: headline only, the page's preview, silently", async () => {
    t = await startTelegramBot();
    const { emulator, admin, reader } = t;
    await emulator.command(reader, '/follow Armenia');
    const set = await emulator.command(reader, '/card headline previews on silent on');
    expect(set.text).toMatch(/Cards here: headline \(the title only\)\. Link previews: on\. Silent delivery: on\./u);
    await emulator.command(
      admin,
      postCommand('Headline only, please', 'Armenia', 'A summary no one here reads.', [
        'url: https://example.com/headline',
      ]),
    );
    const card = await emulator.waitForMessage(
      (m) => m.chatId === reader.id && m.text.startsWith('Headline only'),
      'the card',
    );
    expect(card.text).not.toContain('A summary no one here reads');
    expect(card.text).toContain('#Armenia');
    expect(card.silent).toBe(true);
    expect(card.linkPreviewOptions).toMatchObject({ url: 'https://example.com/headline' });
    expect(card.linkPreviewOptions?.is_disabled).not.toBe(true);

    await emulator.command(reader, '/card compact previews off silent off');
    await emulator.command(admin, postCommand('Now with a summary', 'Armenia', 'The summary is back.'));
    const next = await emulator.waitForMessage(
      (m) => m.chatId === reader.id && m.text.startsWith('Now with a summary'),
      'the next card',
    );
    expect(next.text).toContain('The summary is back.');
    expect(next.silent).toBe(false);
    expect(next.linkPreviewOptions?.is_disabled).toBe(true);
  });
});
