import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { DeliveryMessage, SendResult, Sender } from '../../src/ports/sender.ts';
import type { CoreHandle } from '../../src/runtime.ts';
import { testWorker } from '../delivery/worker-helpers.ts';
import { DIALECTS, openDialectCore } from '../helpers/dialects.ts';
import { replyText, telegramUser } from '../helpers/reply.ts';

/** Records each card: the chat, its tags and its buttons' labels. */
class CardSink implements Sender {
  readonly platform = 'telegram' as const;
  readonly cards: { chatId: string; title: string; tags: string[]; buttons: string[] }[] = [];
  async send(message: DeliveryMessage): Promise<SendResult> {
    this.cards.push({
      chatId: message.subscriber.chatId,
      title: message.article.title,
      tags: message.article.tags,
      buttons: message.buttons.flat().map((b) => b.label),
    });
    return { messageId: String(this.cards.length) };
  }
  async sendDigest(): Promise<SendResult> {
    return { messageId: 'digest' };
  }
  fits(): boolean {
    return true;
  }
}

describe.each(DIALECTS)('/rename on %s', (dialect) => {
  let handle: CoreHandle;
  const admin = telegramUser('1');
  const reader = telegramUser('5');

  beforeEach(async () => {
    handle = await openDialectCore(dialect, { TELEGRAM_ADMIN_IDS: '1' });
  });
  afterEach(async () => {
    await handle.close();
  });

  const post = (title: string, tags: string) =>
    handle.core.handleCommand(admin, `/post ${title}\ntags: ${tags}\nurl: https://example.com/${title.length}`);

  it('keeps the old spelling meaning the tag, and the next card shows the new name', async () => {
    expect(replyText(await handle.core.handleCommand(reader, '/follow Armenia'))).toContain('#Armenia');
    expect(replyText(await handle.core.handleCommand(admin, '/rename Armenia = Hayastan'))).toContain(
      'Renamed #Armenia to #Hayastan',
    );

    // Posted with the old spelling: the renamed tag, not a new one nobody follows.
    const posted = await post('Old spelling', 'Armenia');
    expect(replyText(posted)).toContain('Tags: #Hayastan. It reaches 1 subscriber.');
    expect(await handle.deps.stores.tags.count()).toBe(1);
    expect(await handle.deps.stores.tags.find('armenia')).toMatchObject({ name: 'Hayastan' });
    expect(replyText(await handle.core.handleCommand(reader, '/follow Armenia'))).toMatch(/Hayastan/);

    const sink = new CardSink();
    const worker = testWorker(handle, [sink]);
    expect(await worker.drainDue()).toBe(1);
    expect(sink.cards).toEqual([
      { chatId: '5', title: 'Old spelling', tags: ['Hayastan'], buttons: ['Related', '✓ #Hayastan'] },
    ]);
  });

  it('a card delivered right after a rename shows the new name', async () => {
    await handle.core.handleCommand(reader, '/follow Armenia');
    const sink = new CardSink();
    const worker = testWorker(handle, [sink]);
    await post('Before the rename', 'Armenia');
    expect(await worker.drainDue()).toBe(1);
    await post('Queued before the rename', 'Armenia');
    await handle.core.handleCommand(admin, '/rename Armenia = Hayastan');
    expect(await worker.drainDue()).toBe(1);
    expect(sink.cards.map((c) => [c.title, c.tags, c.buttons])).toEqual([
      ['Before the rename', ['Armenia'], ['Related', '✓ #Armenia']],
      ['Queued before the rename', ['Hayastan'], ['Related', '✓ #Hayastan']],
    ]);
  });

  it('renaming back and forth leaves no alias in the way, and a spelling in use by another tag is refused', async () => {
    await handle.core.handleCommand(reader, '/follow Armenia, Russia');
    await handle.core.handleCommand(admin, '/rename Armenia = Hayastan');
    expect(replyText(await handle.core.handleCommand(admin, '/rename Hayastan = Armenia'))).toContain(
      'Renamed #Hayastan to #Armenia',
    );
    expect(await handle.deps.stores.tags.find('armenia')).toMatchObject({ name: 'Armenia', key: 'armenia' });
    expect(await handle.deps.stores.tags.find('hayastan')).toMatchObject({ name: 'Armenia' });
    // A case-only rename keeps the key; no alias of the tag's own key.
    expect(replyText(await handle.core.handleCommand(admin, '/rename armenia = ARMENIA'))).toContain(
      'Renamed #Armenia to #ARMENIA',
    );
    expect((await handle.deps.stores.tags.aliasNames()).map((a) => a.alias)).toEqual(['Hayastan']);
    const clash = await handle.core.handleCommand(admin, '/rename Russia = Hayastan');
    expect(clash.status).toBe('error');
    expect(replyText(clash)).toContain('#Hayastan is already another tag');
    expect(await handle.deps.stores.tags.count()).toBe(2);
  });
});
