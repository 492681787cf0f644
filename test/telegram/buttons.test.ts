import { afterEach, describe, expect, it } from 'vitest';
import type { InlineQueryResultArticle } from 'grammy/types';
import { waitFor } from '../helpers/core.ts';
import { postCommand, startTelegramBot, type TelegramTestBot } from './harness.ts';

let t: TelegramTestBot;
afterEach(async () => {
  await t?.close();
});

async function archive(count: number, title: (i: number) => string, tags: string[]) {
  for (let i = 1; i <= count; i++) {
    await t.core.postArticle(
      { title: title(i), tags, body: `Oil story number ${i}. Prices moved again.` },
      { postedBy: 'test', notify: false },
    );
  }
}

const labels = (m: { replyMarkup?: { inline_keyboard: { text: string }[][] } }) =>
  m.replyMarkup?.inline_keyboard.flat().map((b) => b.text) ?? [];

describe('Telegram buttons and inline mode', () => {
  it('toggles a follow from a delivered card by editing only its keyboard', async () => {
    t = await startTelegramBot();
    const { emulator, admin, reader } = t;
    await emulator.command(reader, '/follow Armenia');
    await emulator.command(admin, postCommand('Toggle news', 'Armenia, CSTO'));
    const card = await emulator.waitForMessage(
      (m) => m.chatId === reader.id && m.text.startsWith('Toggle news'),
      'the delivery',
    );
    const textBefore = card.text;

    const follow = emulator.pressButtonLabeled(reader, card, /\+ #CSTO/u);
    await emulator.waitUntil(() => emulator.callbackAnswer(follow), 'the answer to the press');
    expect(emulator.callbackAnswer(follow)?.text).toBe('Now following #CSTO.');
    expect(labels(card)).toEqual(['Related', '✓ #Armenia', '✓ #CSTO']);
    expect(card.text).toBe(textBefore);
    expect(emulator.calls('editMessageReplyMarkup')).toHaveLength(1);
    expect(emulator.calls('editMessageText')).toHaveLength(0);

    const unfollow = emulator.pressButtonLabeled(reader, card, /✓ #Armenia/u);
    await emulator.waitUntil(() => emulator.callbackAnswer(unfollow), 'the answer to the second press');
    expect(labels(card)).toEqual(['Related', '+ #Armenia', '✓ #CSTO']);
    const sub = await t.stores.subscribers.find('telegram', String(reader.id));
    expect((await t.stores.subscribers.follows(sub?.id ?? -1)).map((f) => f.name)).toEqual(['CSTO']);
  });

  it('answers Related with a new message listing related articles', async () => {
    t = await startTelegramBot();
    const { emulator, admin, reader } = t;
    await archive(2, (i) => `Armenia CSTO background ${i}`, ['Armenia', 'CSTO']);
    await emulator.command(reader, '/follow Armenia');
    await emulator.command(admin, postCommand('Armenia leaves CSTO talks', 'Armenia, CSTO'));
    const card = await emulator.waitForMessage(
      (m) => m.chatId === reader.id && m.text.startsWith('Armenia leaves'),
      'the delivery',
    );
    const before = emulator.sent(reader.id).length;
    const press = emulator.pressButtonLabeled(reader, card, /^Related$/u);
    const related = await emulator.waitUntil(() => emulator.sent(reader.id)[before], 'the related list');
    expect(related.text).toMatch(/^Related to \w{6}: Armenia leaves CSTO talks/u);
    expect(related.text).toContain('Armenia CSTO background');
    await emulator.waitUntil(() => emulator.callbackAnswer(press), 'the answer to the press');
    expect(card.editCount).toBe(0);
  });

  it("refuses a group member's follow toggle with an alert, posting nothing to the group", async () => {
    const group = -1004242;
    t = await startTelegramBot({
      arrange: (e) => e.addGroup({ id: group, title: 'Club', members: { 1001: 'administrator', 2002: 'member' } }),
    });
    const { emulator, admin, reader } = t;
    await emulator.command(admin, '/follow Armenia', group);
    await emulator.command(admin, postCommand('Group news', 'Armenia'));
    const card = await emulator.waitForMessage(
      (m) => m.chatId === group && m.text.startsWith('Group news'),
      'the delivery',
    );
    const before = emulator.sent(group).length;
    const press = emulator.pressButtonLabeled(reader, card, /#Armenia/u);
    await emulator.waitUntil(() => emulator.callbackAnswer(press), 'the answer');
    expect(emulator.callbackAnswer(press)).toEqual({
      text: "Only this chat's admins can change what it follows.",
      show_alert: true,
    });
    expect(emulator.sent(group)).toHaveLength(before);
    expect(labels(card)).toEqual(['Related', '✓ #Armenia']);
  });

  it('pages search results by editing the message in place', async () => {
    t = await startTelegramBot();
    const { emulator, reader } = t;
    await archive(7, (i) => `Oil market report ${i}`, ['Oil']);
    const page1 = await emulator.command(reader, '/search oil');
    expect(page1.text).toContain('Search:');
    expect(page1.text.match(/^\d+\. /gmu)).toEqual(['1. ', '2. ', '3. ', '4. ', '5. ']);
    expect(labels(page1)).toEqual(['Next ▶']);

    const next = emulator.pressButtonLabeled(reader, page1, /Next/u);
    await emulator.waitUntil(() => emulator.callbackAnswer(next), 'the answer to Next');
    expect(page1.editCount).toBe(1);
    expect(page1.text.match(/^\d+\. /gmu)).toEqual(['6. ', '7. ']);
    expect(labels(page1)).toEqual(['◀ Previous']);
    expect(emulator.sent(reader.id)).toHaveLength(1);

    const previous = emulator.pressButtonLabeled(reader, page1, /Previous/u);
    await emulator.waitUntil(() => emulator.callbackAnswer(previous), 'the answer to Previous');
    expect(page1.text.match(/^\d+\. /gmu)).toHaveLength(5);
    expect(labels(page1)).toEqual(['Next ▶']);
  });

  it('offers search results in inline mode, paged with next_offset', async () => {
    t = await startTelegramBot();
    const { emulator, reader } = t;
    await archive(7, (i) => `Oil <market> report ${i}`, ['Oil']);
    const first = emulator.inlineQuery(reader, 'oil');
    const answer = await emulator.waitUntil(() => emulator.inlineAnswer(first), 'the inline answer');
    const results = answer.results as InlineQueryResultArticle[];
    expect(results).toHaveLength(5);
    expect(results.every((r) => r.type === 'article' && r.title.startsWith('Oil <market> report'))).toBe(true);
    const content = results[0]?.input_message_content;
    expect(content && 'message_text' in content ? content.message_text : '').toContain('<b>Oil &lt;market&gt; report');
    expect(answer.nextOffset).not.toBe('');

    const second = emulator.inlineQuery(reader, 'oil', answer.nextOffset);
    const more = await emulator.waitUntil(() => emulator.inlineAnswer(second), 'the second page');
    expect(more.results).toHaveLength(2);
    expect(more.nextOffset).toBe('');
    const ids = new Set([...results, ...(more.results as InlineQueryResultArticle[])].map((r) => r.id));
    expect(ids.size).toBe(7);
    // Searching inline records nothing about the person.
    expect(await t.stores.subscribers.find('telegram', String(reader.id))).toBeUndefined();
  });

  it('answers an inline query with no results with a button into the bot', async () => {
    t = await startTelegramBot();
    const query = t.emulator.inlineQuery(t.reader, 'nothing matches this');
    const answer = await t.emulator.waitUntil(() => t.emulator.inlineAnswer(query), 'the inline answer');
    expect(answer.results).toEqual([]);
    expect(answer.button).toMatchObject({ start_parameter: 'inline' });
    await waitFor(() => t.emulator.calls('answerInlineQuery').every((c) => c.status === 200), 'a valid answer');
  });
});
