import { UserInputError, msg } from '../../domain/errors.ts';
import { okReply, paragraph, span } from '../../domain/reply.ts';
import { isLocale, LANGUAGE_NAMES, LOCALES, translator } from '../../i18n/index.ts';
import type { CommandSpec } from '../spec.ts';
import { subscriberFor } from './subscriptions.ts';

/**
 * /language [en|ru|hy]: the language of this chat's replies, cards and digests. With no
 * argument: the current one and the choices, as buttons for those who may change it.
 */
export const languageCommand: CommandSpec = {
  name: 'language',
  args: '[en|ru|hy]',
  access: 'everyone',
  example: '/language ru',
  async run(run) {
    const wanted = run.args.trim().toLowerCase();
    if (wanted === '') {
      const others = LOCALES.filter((l) => l !== run.locale);
      const buttons = run.ctx.canManageChat
        ? [
            await Promise.all(
              others.map(async (l) => ({ label: LANGUAGE_NAMES[l], data: await run.buttonData(`/language ${l}`) })),
            ),
          ]
        : [];
      return okReply(
        [
          paragraph(run.t('language-current', { language: LANGUAGE_NAMES[run.locale] })),
          {
            kind: 'list',
            items: LOCALES.map((l) => [span(`/language ${l}`, { code: true }), span(` — ${LANGUAGE_NAMES[l]}`)]),
          },
        ],
        buttons,
      );
    }
    if (!isLocale(wanted))
      throw new UserInputError(
        msg('language-unknown', { language: wanted.slice(0, 20), choices: LOCALES.join(', ') }),
        '/language ru',
      );
    if (!run.ctx.canManageChat) return { ...okReply([paragraph(run.t('refused-language'))]), status: 'refused' };
    const sub = await subscriberFor(run);
    await run.deps.stores.subscribers.setLanguage(sub.id, wanted);
    const t = translator(wanted);
    return { ...okReply([paragraph(t('language-set', { language: LANGUAGE_NAMES[wanted] }))]), locale: wanted };
  },
};
