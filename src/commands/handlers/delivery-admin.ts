import { findArticle } from '../../app/articles.ts';
import { explainDelivery, parseSubscriberRef, SUBSCRIBER_REF_EXAMPLE, type SubscriberRef } from '../../app/why.ts';
import { msg, UserInputError } from '../../domain/errors.ts';
import type { Translate } from '../../i18n/index.ts';
import { rich } from '../format.ts';
import { okReply, paragraph, span, type Block } from '../../domain/reply.ts';
import type { CommandSpec } from '../spec.ts';

const WHY_EXAMPLE = `/why ${SUBSCRIBER_REF_EXAMPLE} k3x9pq`;

/** /why [SUBSCRIBER] ARTICLE: what became of one article for one chat (this chat when none is named). */
export const whyCommand: CommandSpec = {
  name: 'why',
  args: '[PLATFORM:CHAT_ID] ARTICLE',
  access: 'admin',
  example: WHY_EXAMPLE,
  async run(run) {
    const words = run.args
      .trim()
      .split(/\s+/u)
      .filter((w) => w !== '');
    if (words.length === 0 || words.length > 2) throw new UserInputError(msg('err-why-args'), WHY_EXAMPLE);
    const ref: SubscriberRef =
      words.length === 2 ? parseSubscriberRef(words[0] ?? '') : { platform: run.ctx.platform, chatId: run.ctx.chat.id };
    const article = await findArticle(run.deps.stores, words[words.length - 1] ?? '');
    const why = await explainDelivery(run.deps.stores, ref, article, {
      retentionDays: run.deps.config.delivery.retentionDays,
      now: run.deps.clock.now().getTime(),
      locale: run.locale,
    });
    return okReply(
      [
        paragraph(
          span(`${ref.platform}:${ref.chatId}`, { code: true }),
          ' · ',
          span(article.public_id, { code: true }),
          ': ',
          span(run.t('why-verdict', { verdict: why.verdict }), { bold: true }),
        ),
        paragraph(why.summary),
        { kind: 'list', items: why.details.map((d) => [span(d)]) },
      ],
      [],
      run.t('why-heading', { id: article.public_id }),
    );
  },
};

/** The failed deliveries' reasons under /stats, with where to look next; none when nothing failed. */
export function failureBlocks(reasons: readonly { reason: string; count: number }[], t: Translate): Block[] {
  if (reasons.length === 0) return [];
  return [
    paragraph(span(t('stats-failed-heading'), { bold: true })),
    { kind: 'list', items: reasons.map((r) => [span(`${r.count} × ${r.reason}`)]) },
    paragraph(...rich(t('stats-failed-hint', { example: WHY_EXAMPLE }))),
  ];
}

export const deliveryAdminCommands: CommandSpec[] = [whyCommand];
