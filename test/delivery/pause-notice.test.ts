import { afterEach, describe, expect, it } from 'vitest';
import { ThreadClosedError } from '../../src/delivery/errors.ts';
import type { CoreHandle } from '../../src/runtime.ts';
import type { DeliveryMessage, Sender, SendResult } from '../../src/ports/sender.ts';
import type { Reply } from '../../src/domain/reply.ts';
import { openTestCore } from '../helpers/core.ts';
import { replyText, telegramGroup } from '../helpers/reply.ts';
import { postTo, testWorker } from './worker-helpers.ts';

let handle: CoreHandle | undefined;
afterEach(async () => {
  await handle?.close();
  handle = undefined;
});

const GROUP = '-100500';

/** Telegram as it answers once the topic is deleted: every card there is refused; notices go or are refused. */
function topicGoneSender(noticeRefused: boolean): Sender & { notices: string[] } {
  const notices: string[] = [];
  return {
    platform: 'telegram',
    notices,
    async send(message: DeliveryMessage): Promise<SendResult> {
      if (message.threadId !== undefined)
        throw new ThreadClosedError(message.threadId, 'deleted', 'message thread not found');
      return { messageId: 'card' };
    },
    async sendDigest() {
      return { messageId: 'digest' };
    },
    async sendNotice(_subscriber, notice: Reply) {
      if (noticeRefused) throw new Error('Telegram 400: TOPIC_CLOSED');
      notices.push(replyText(notice));
      return { messageId: 'notice' };
    },
    fits: () => true,
  };
}

async function followInTopic(core: CoreHandle, language: string | null): Promise<void> {
  const topic = { ...telegramGroup(GROUP, '1', true) };
  topic.chat = { ...topic.chat, thread: { id: '7', name: 'Армения' } };
  if (language) await core.core.handleCommand(telegramGroup(GROUP, '1', true), `/language ${language}`);
  await core.core.handleCommand(topic, '/follow Armenia');
}

describe("a paused route's notice", () => {
  it('is posted in the chat itself, in its language, once, when a refused card pauses the route', async () => {
    handle = await openTestCore();
    await followInTopic(handle, 'ru');
    const sender = topicGoneSender(false);
    const worker = testWorker(handle, [sender]);
    await postTo(handle, 'Yerevan', ['Armenia']);
    await worker.drainDue();
    expect(sender.notices).toHaveLength(1);
    expect(sender.notices[0]).toContain('«Армения»');
    expect(sender.notices[0]).toContain('удалена');
    const sub = await handle.deps.stores.subscribers.find('telegram', GROUP);
    expect(sub?.notice).toBeNull();
    // The route stays paused: a later article for it is skipped without another notice.
    await postTo(handle, 'Yerevan again', ['Armenia']);
    await worker.drainDue();
    expect(sender.notices).toHaveLength(1);
  });

  it('stays stored for the next command when the chat refuses it', async () => {
    handle = await openTestCore();
    await followInTopic(handle, null);
    const sender = topicGoneSender(true);
    const worker = testWorker(handle, [sender]);
    await postTo(handle, 'Yerevan', ['Armenia']);
    await worker.drainDue();
    expect(sender.notices).toEqual([]);
    const reply = await handle.core.handleCommand(telegramGroup(GROUP, '1', true), '/tags');
    expect(replyText(reply)).toContain('Deliveries to the topic “Армения” were paused: the topic was deleted');
  });
});
