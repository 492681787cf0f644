import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createCommandRouter } from '../../src/commands/router.ts';
import { limitsFor } from '../../src/delivery/limits.ts';
import { createDeliveryWorker, type DeliveryWorker } from '../../src/delivery/worker.ts';
import type { DeliveryMessage, Sender } from '../../src/ports/sender.ts';
import type { CoreHandle } from '../../src/runtime.ts';
import { DIALECTS, openDialectCore } from '../helpers/dialects.ts';
import { consoleCtx } from '../helpers/reply.ts';

/*
 * stop({ drain: true }) (a console session whose input ended) calls drainDue() while the
 * worker's own loop, started a moment before, may already hold the first rows: claimed,
 * being prepared or paced. A chat's next row is claimable only once that one is sent,
 * so drainDue must wait for the loop's batch instead of finding "nothing due" and
 * letting stop() cut the batch short (issue 15, #16).
 */
describe.each(DIALECTS)('drainDue on a running worker on %s', (dialect) => {
  let handle: CoreHandle;
  let worker: DeliveryWorker | null = null;
  const sent: string[] = [];
  const sender: Sender = {
    platform: 'console',
    async send(message: DeliveryMessage) {
      sent.push(message.article.title);
      return { messageId: String(sent.length) };
    },
    async sendDigest() {
      return { messageId: 'digest' };
    },
    fits: () => true,
  };

  beforeEach(async () => {
    sent.length = 0;
    handle = await openDialectCore(dialect);
    await handle.core.handleCommand(consoleCtx, '/follow Armenia');
  });
  afterEach(async () => {
    await worker?.stop();
    await handle.close();
  });

  it('sends what the loop claimed and everything after it, in order, before stop()', async () => {
    for (let round = 0; round < 3; round++) {
      const titles = [0, 1, 2].map((i) => `Round ${round} article ${i}`);
      for (const title of titles)
        await handle.core.postArticle({ title, tags: ['Armenia'] }, { postedBy: 'test', notify: true });
      worker = createDeliveryWorker({
        deps: handle.deps,
        senders: [sender],
        limits: (platform) => limitsFor(platform, handle.deps.config),
        cardButtons: createCommandRouter(handle.deps).cardButtonsFor,
      });
      sent.length = 0;
      worker.start(); // as startBot does, then the input ends at once
      await worker.drainDue();
      await worker.stop();
      worker = null;
      expect(sent).toEqual(titles);
      expect((await handle.deps.stores.outbox.countByStatus()).queued).toBe(0);
    }
  });
});
