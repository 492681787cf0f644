import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { ImageServer, png } from '../helpers/image-server.ts';
import { deliveriesSettled, postCommand, startTelegramBot, type TelegramTestBot } from './harness.ts';
import { cardUpdatesSettled } from '../helpers/card-updates.ts';

/**
 * Corrections that reach every copy on Telegram, through the running bot and the emulator:
 * /edit edits a text card (editMessageText) and a photo card's caption
 * (editMessageCaption) in place; /delete ID everywhere deletes them, and a card Telegram
 * no longer lets the bot delete (48 hours) fails that deletion only.
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

const idOf = (text: string) => /Posted (\w{6})/u.exec(text)?.[1] ?? '';

describe('Telegram corrections', () => {
  it('edits a text card and a photo card in place, then deletes them everywhere', async () => {
    t = await startTelegramBot();
    const { emulator, admin, reader } = t;
    await emulator.command(reader, '/follow Armenia');
    const text = await emulator.command(admin, postCommand('Text card first', 'Armenia', 'The first text.'));
    const photo = await emulator.command(
      admin,
      postCommand('Photo card first', 'Armenia', 'The first caption.', [
        `image: ${images.serve('/p.png', { body: png(400, 300) })}`,
      ]),
    );
    await deliveriesSettled(t.stores);
    const textCard = emulator.sent(reader.id).find((m) => m.text.startsWith('Text card first'));
    const photoCard = emulator.sent(reader.id).find((m) => (m.caption ?? '').startsWith('Photo card first'));
    expect(textCard && photoCard).toBeTruthy();

    const edited = await emulator.command(
      admin,
      `/edit ${idOf(text.text)}\ntitle: Text card corrected\n\nThe new text.`,
    );
    expect(edited.text).toMatch(/Changed: title, body\.\s+Its 1 delivered card is being edited\./u);
    await emulator.command(admin, `/edit ${idOf(photo.text)}\ntitle: Photo card corrected`);
    expect(await cardUpdatesSettled(t.stores)).toEqual({ done: 2 });
    const cards = emulator
      .sent(reader.id)
      .filter((m) => m.messageId === textCard?.messageId || m.messageId === photoCard?.messageId);
    const [newText, newPhoto] = [
      cards.find((m) => m.messageId === textCard?.messageId),
      cards.find((m) => m.messageId === photoCard?.messageId),
    ];
    expect(newText?.text).toMatch(/^Text card corrected\n[^]*The new text\./u);
    expect(newText?.editCount).toBe(1);
    expect(newPhoto?.caption).toMatch(/^Photo card corrected\n[^]*The first caption\./u);
    expect(newPhoto?.photo).toBeDefined();
    expect(newPhoto?.editCount).toBe(1);
    // Corrected in place: nothing new reached the reader.
    expect(
      emulator.sent(reader.id).filter((m) => /card (first|corrected)/u.test(m.text || m.caption || '')),
    ).toHaveLength(2);

    const deleted = await emulator.command(admin, `/delete ${idOf(text.text)} everywhere`);
    expect(deleted.text).toMatch(/Its 1 delivered card is being deleted\./u);
    await cardUpdatesSettled(t.stores);
    expect(emulator.sent(reader.id).find((m) => m.messageId === textCard?.messageId)).toBeUndefined();
    expect(emulator.deletedMessages(reader.id).map((m) => m.messageId)).toContain(textCard?.messageId);
  });

  it('changes the photo of a photo card when the picture is corrected, and only then', async () => {
    t = await startTelegramBot();
    const { emulator, admin, reader } = t;
    await emulator.command(reader, '/follow Armenia');
    const first = images.serve('/first.png', { body: png(400, 300) });
    const second = images.serve('/second.png', { body: png(640, 480) });
    const posted = await emulator.command(
      admin,
      postCommand('A pictured card', 'Armenia', 'Its text.', [`image: ${first}`]),
    );
    await deliveriesSettled(t.stores);
    const card = emulator.sent(reader.id).find((m) => (m.caption ?? '').startsWith('A pictured card'));
    expect(card?.photoUrl).toBe(first);
    await emulator.command(admin, `/edit ${idOf(posted.text)}\nimage: ${second}`);
    expect(await cardUpdatesSettled(t.stores)).toEqual({ done: 1 });
    const edited = emulator.sent(reader.id).find((m) => m.messageId === card?.messageId);
    expect(edited?.photoUrl).toBe(second);
    expect(edited?.caption).toMatch(/^A pictured card/u);
    expect(edited?.editCount).toBe(1);
    // A correction of the text alone leaves the photo as it is.
    await emulator.command(admin, `/edit ${idOf(posted.text)}\ntitle: A pictured card, corrected`);
    await cardUpdatesSettled(t.stores);
    const again = emulator.sent(reader.id).find((m) => m.messageId === card?.messageId);
    expect(again?.photoUrl).toBe(second);
    expect(again?.caption).toMatch(/^A pictured card, corrected/u);
    expect(images.hitsOf('/second.png')).toBe(1);
  });

  it('guides /edit ID: the article as the form, then the next message with just the lines that change', async () => {
    t = await startTelegramBot();
    const { emulator, admin, reader } = t;
    await emulator.command(reader, '/follow Armenia');
    const posted = await emulator.command(admin, postCommand('Guided card first', 'Armenia', 'Its first text.'));
    await deliveriesSettled(t.stores);
    const id = idOf(posted.text);
    const form = await emulator.command(admin, `/edit ${id}`);
    expect(form.text).toContain(`/edit ${id}\ntitle: Guided card first\ntags: Armenia\n\nIts first text.`);
    expect(form.text).toMatch(/Or send just the lines that change as your next message/u);
    const corrected = await emulator.command(admin, 'title: Guided card corrected');
    expect(corrected.text).toMatch(/Corrected \w{6}: Guided card corrected\.\s+Changed: title\./u);
    await cardUpdatesSettled(t.stores);
    expect(emulator.sent(reader.id).filter((m) => m.text.startsWith('Guided card'))).toEqual([
      expect.objectContaining({ text: expect.stringMatching(/^Guided card corrected/u) as unknown }),
    ]);
    // The guide is over: plain text is plain text again.
    const after = await emulator.command(admin, 'title: nothing');
    expect(after.text).not.toMatch(/Corrected/u);
  });

  it('fails only the deletion of a card Telegram no longer deletes (48 hours), and says why in /why', async () => {
    t = await startTelegramBot();
    const { emulator, admin, reader } = t;
    await emulator.command(reader, '/follow Armenia');
    const posted = await emulator.command(admin, postCommand('An old card', 'Armenia'));
    await deliveriesSettled(t.stores);
    const card = emulator.sent(reader.id).find((m) => m.text.startsWith('An old card'));
    emulator.advanceClock(49 * 60 * 60 * 1000);
    await emulator.command(admin, `/delete ${idOf(posted.text)} everywhere`);
    expect(await cardUpdatesSettled(t.stores)).toEqual({ failed: 1 });
    expect(emulator.sent(reader.id).find((m) => m.messageId === card?.messageId)).toBeDefined();
    const row = await t.db.selectFrom('card_updates').select(['op', 'last_error']).executeTakeFirstOrThrow();
    expect(row).toEqual({ op: 'delete', last_error: expect.stringMatching(/message can't be deleted/u) as unknown });
  });
});
