import type { CardSettings } from '../domain/card.ts';
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
