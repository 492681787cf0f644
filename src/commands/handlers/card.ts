import { applyCardWords, CARD_STYLES, DEFAULT_CARD_SETTINGS, type CardSettings } from '../../domain/card.ts';
import { msg, UserInputError } from '../../domain/errors.ts';
import { okReply, paragraph, refusedReply, type Button } from '../../domain/reply.ts';
import { cardStatusBlock, onOff } from '../card-format.ts';
import { cardSettingsOf } from '../../storage/subscriber-store.ts';
import type { CommandRun, CommandSpec } from '../spec.ts';
import { subscriberFor } from './subscriptions.ts';

/** Buttons for those who may change the settings: the other styles, and a toggle for each switch. */
async function cardButtons(run: CommandRun, settings: CardSettings): Promise<Button[][]> {
  if (!run.ctx.canManageChat) return [];
  const styles = await Promise.all(
    CARD_STYLES.filter((s) => s !== settings.style).map(async (style) => ({
      label: run.t('button-card-style', { style }),
      data: await run.buttonData(`/card ${style}`),
    })),
  );
  const toggles = [
    {
      label: run.t('button-card-previews', { previews: onOff(!settings.linkPreviews) }),
      data: await run.buttonData(`/card previews ${onOff(!settings.linkPreviews)}`),
    },
    {
      label: run.t('button-card-silent', { silent: onOff(!settings.silent) }),
      data: await run.buttonData(`/card silent ${onOff(!settings.silent)}`),
    },
  ];
  return [styles, toggles];
}

/**
 * /card [headline|compact|full] [previews on|off] [silent on|off]: how this chat's cards
 * look. With no argument: the current settings, with buttons for those who may change them.
 */
export const cardCommand: CommandSpec = {
  name: 'card',
  args: '[headline|compact|full] [previews on|off] [silent on|off]',
  access: 'everyone',
  example: '/card full',
  async run(run) {
    const existing = await run.deps.stores.subscribers.find(run.ctx.platform, run.ctx.chat.id);
    const current = existing ? cardSettingsOf(existing) : { ...DEFAULT_CARD_SETTINGS };
    if (run.args.trim() === '') {
      return okReply([cardStatusBlock(run, current), paragraph(run.t('card-help'))], await cardButtons(run, current));
    }
    const change = applyCardWords(run.args, current);
    if (!change.ok) throw new UserInputError(msg('card-unknown', { word: change.word.slice(0, 20) }), '/card compact');
    if (!run.ctx.canManageChat) return refusedReply(run.t('refused-card'));
    const sub = await subscriberFor(run);
    await run.deps.stores.subscribers.setCardSettings(sub.id, change.settings);
    return okReply(
      [paragraph(run.t('card-saved')), cardStatusBlock(run, change.settings)],
      await cardButtons(run, change.settings),
    );
  },
};
