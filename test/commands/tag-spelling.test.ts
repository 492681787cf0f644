import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { CoreHandle } from '../../src/runtime.ts';
import { DIALECTS, openDialectCore } from '../helpers/dialects.ts';
import { replyText, telegramUser } from '../helpers/reply.ts';

/** Issue 18: a tag typed with invisible characters or another spelling is still the one tag. */
describe.each(DIALECTS)('one tag however it is typed (issue 18) on %s', (dialect) => {
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
    handle.core.handleCommand(
      admin,
      `/post ${title}\ntags: ${tags}\nurl: https://example.com/${encodeURIComponent(title)}`,
    );

  /** The outbox rows of the reader's chat, one per article that reaches it. */
  const readerDeliveries = () =>
    handle.storage.db
      .selectFrom('deliveries')
      .innerJoin('subscribers', 'subscribers.id', 'deliveries.subscriber_id')
      .select(['deliveries.status'])
      .where('subscribers.platform', '=', 'telegram')
      .where('subscribers.chat_id', '=', '5')
      .execute();

  it('delivers #Armenia to a reader who followed Arme\u200Bnia (a zero-width space inside)', async () => {
    const follow = await handle.core.handleCommand(reader, '/follow Arme\u200Bnia');
    expect(follow.status).toBe('ok');
    expect(replyText(follow)).toContain('#Armenia');
    expect(replyText(follow)).not.toContain('\u200B');

    const posted = await post('Armenia freezes CSTO participation', 'Armenia');
    expect(replyText(posted)).toContain('Tags: #Armenia. It reaches 1 subscriber.');
    expect(await handle.deps.stores.tags.count()).toBe(1);
    expect(await readerDeliveries()).toEqual([{ status: 'queued' }]);
  });

  it('treats ё and е, and Երևան and Երեւան, as one tag', async () => {
    await handle.core.handleCommand(reader, '/follow Ёлка, Երևան');
    expect(replyText(await post('Новогодняя елка', 'елка'))).toContain('It reaches 1 subscriber.');
    expect(replyText(await post('Yerevan', 'Երեւան'))).toContain('It reaches 1 subscriber.');
    expect(await handle.deps.stores.tags.count()).toBe(2);
    expect(await readerDeliveries()).toHaveLength(2);
  });

  it('refuses a mixed-script look-alike with a friendly message and follows nothing', async () => {
    const reply = await handle.core.handleCommand(reader, '/follow \u0410rmenia');
    expect(reply.status).toBe('error');
    expect(replyText(reply)).toContain(
      "'\u0410rmenia' mixes Cyrillic letters (\u0410) into a Latin word; type it in one alphabet",
    );
    expect(await handle.deps.stores.tags.count()).toBe(0);
    expect((await handle.core.handleCommand(reader, '/follow CSTO ОДКБ')).status).toBe('ok');
  });
});
