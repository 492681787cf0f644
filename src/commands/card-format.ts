import type { CardSettings } from '../domain/card.ts';
import type { SenderIdentity } from '../domain/identity.ts';
import { paragraph, type Block } from '../domain/reply.ts';
import type { CommandRun } from './spec.ts';

export const onOff = (value: boolean) => (value ? 'on' : 'off');

/** One line saying how this chat's cards look: the status of /card, and a line of /tags. */
export function cardStatusBlock(run: Pick<CommandRun, 't'>, settings: CardSettings): Block {
  return paragraph(
    run.t('card-status', {
      style: settings.style,
      previews: onOff(settings.linkPreviews),
      silent: onOff(settings.silent),
    }),
  );
}

/** One line saying whose name this chat's cards are posted under: the status of /identity, and a line of /tags. */
export function identityStatusBlock(run: Pick<CommandRun, 't'>, identity: SenderIdentity | null): Block {
  if (identity === null) return paragraph(run.t('identity-status-none'));
  return paragraph(
    identity.avatarUrl === null
      ? run.t('identity-status', { name: identity.name })
      : run.t('identity-status-picture', { name: identity.name, avatar: identity.avatarUrl }),
  );
}
