import { msg, UserInputError } from '../../domain/errors.ts';
import { errorReply, okReply, paragraph, refusedReply } from '../../domain/reply.ts';
import type { CommandSpec } from '../spec.ts';
import { subscriberFor, topicsForTags } from './subscriptions.ts';

/**
 * /topics [auto|off]: in a Telegram forum, `auto` gives every tag the chat follows a topic
 * of its own (the bot creates it; it needs the right to manage topics), and every tag
 * followed later in General one too. `off` stops making new ones; the routes stay.
 */
export const topicsCommand: CommandSpec = {
  name: 'topics',
  args: '[auto|off]',
  access: 'everyone',
  example: '/topics auto',
  async run(run) {
    const wanted = run.args.trim().toLowerCase();
    if (wanted !== '' && wanted !== 'auto' && wanted !== 'off')
      throw new UserInputError(msg('topics-unknown', { mode: wanted.slice(0, 20) }), '/topics auto');
    if (!run.ctx.createThread) return errorReply(run.t('topics-not-forum'));
    const existing = await run.deps.stores.subscribers.find(run.ctx.platform, run.ctx.chat.id);
    if (wanted === '')
      return okReply([paragraph(run.t(existing?.topics_auto === 1 ? 'topics-status-auto' : 'topics-status-off'))]);
    if (!run.ctx.canManageChat) return refusedReply(run.t('refused-topics'));
    const sub = await subscriberFor(run);
    if (wanted === 'off') {
      await run.deps.stores.subscribers.setTopicsAuto(sub.id, false);
      return okReply([paragraph(run.t('topics-off'))]);
    }
    const follows = (await run.deps.stores.subscribers.follows(sub.id)).filter((f) => f.mode === 'follow');
    const reply = await topicsForTags(
      run,
      sub,
      follows.map((f) => f.name),
    );
    if (reply.status !== 'ok') return reply;
    await run.deps.stores.subscribers.setTopicsAuto(sub.id, true);
    return okReply([...reply.blocks, paragraph(run.t('topics-auto-on'))]);
  },
};
