import { canPostAsIdentity, parseIdentity } from '../../domain/identity.ts';
import { errorReply, okReply, paragraph, refusedReply } from '../../domain/reply.ts';
import { identityOf } from '../../storage/subscriber-store.ts';
import { identityStatusBlock } from '../card-format.ts';
import type { CommandSpec } from '../spec.ts';
import { subscriberFor } from './subscriptions.ts';

/**
 * /identity [NAME [PICTURE_URL] | off]: the name (and picture) this chat's cards are
 * posted under, where the platform allows it (a Discord server channel: through a webhook
 * the bot manages). With no argument: the current one. `off`: the bot's own name again.
 */
export const identityCommand: CommandSpec = {
  name: 'identity',
  args: '[NAME [PICTURE_URL] | off]',
  access: 'everyone',
  example: '/identity Armenia Wire https://example.com/logo.png',
  async run(run) {
    if (!canPostAsIdentity(run.ctx.platform, run.ctx.chat.kind)) return errorReply(run.t('identity-not-here'));
    const existing = await run.deps.stores.subscribers.find(run.ctx.platform, run.ctx.chat.id);
    const current = existing ? identityOf(existing) : null;
    const args = run.args.trim();
    if (args === '') return okReply([identityStatusBlock(run, current), paragraph(run.t('identity-help'))]);
    const wanted = args.toLowerCase() === 'off' ? null : parseIdentity(args);
    if (!run.ctx.canManageChat) return refusedReply(run.t('refused-identity'));
    const sub = await subscriberFor(run);
    await run.deps.stores.subscribers.setIdentity(sub.id, wanted);
    return okReply([paragraph(run.t(wanted ? 'identity-saved' : 'identity-off')), identityStatusBlock(run, wanted)]);
  },
};
