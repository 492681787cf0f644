import { createCommandRouter } from '../../src/commands/router.ts';
import type { PlatformLimits } from '../../src/delivery/limits.ts';
import { createDeliveryWorker, type DeliveryWorker } from '../../src/delivery/worker.ts';
import type { Sender } from '../../src/ports/sender.ts';
import type { CoreHandle } from '../../src/runtime.ts';

/** Limits that never make a test wait. */
export const NO_LIMITS: PlatformLimits = {
  overallPerSecond: Infinity,
  perChatIntervalMs: { user: 0, group: 0, channel: 0 },
};

/** A worker over an open test core, as the runtime builds it, with the given senders and limits. */
export function testWorker(
  handle: CoreHandle,
  senders: Sender[],
  limits: PlatformLimits = NO_LIMITS,
  pacing: 'core-clock' | 'real' = 'core-clock',
): DeliveryWorker {
  const router = createCommandRouter(handle.deps);
  const pacingNow = pacing === 'real' ? undefined : () => handle.deps.clock.now().getTime();
  return createDeliveryWorker({
    deps: handle.deps,
    senders,
    limits: () => limits,
    cardButtons: router.cardButtonsFor,
    random: () => 0.5,
    pacingNow,
  });
}

export async function postTo(
  handle: CoreHandle,
  title: string,
  tags: string[],
): Promise<{ articleId: number; publicId: string; recipients: number }> {
  const r = await handle.core.postArticle({ title, tags, body: 'Body.' }, { postedBy: 'cli', notify: true });
  return { articleId: r.articleId, publicId: r.article.publicId, recipients: r.recipients };
}
