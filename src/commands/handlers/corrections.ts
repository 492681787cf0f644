import { editArticle, removeArticle } from '../../app/article-edit.ts';
import { findArticle } from '../../app/articles.ts';
import { msg, UserInputError } from '../../domain/errors.ts';
import { okReply, paragraph, span, type Block } from '../../domain/reply.ts';
import { editFormOf, parseEditMessage } from '../edit-format.ts';
import { rich } from '../format.ts';
import type { CommandSpec } from '../spec.ts';

/**
 * Corrections that reach every copy: /edit changes an article and edits every card
 * delivered; /delete ID everywhere deletes the delivered cards with the article.
 */
export const correctionCommands: CommandSpec[] = [
  {
    name: 'edit',
    args: 'ID + fields',
    access: 'admin',
    example: '/edit k3x9pq\ntitle: Armenia freezes its CSTO participation',
    async run(run) {
      const { id, changes } = parseEditMessage(run.args);
      const row = await findArticle(run.deps.stores, id);
      if (Object.keys(changes).length === 0) {
        // The article as the form that would leave it unchanged: copy it, correct it, send it.
        const [view] = await run.deps.stores.articles.views([row]);
        if (!view) throw new Error('article view missing');
        const form = editFormOf({ ...view, body: row.body });
        return okReply([paragraph(run.t('edit-form')), paragraph(span(form, { code: true }))]);
      }
      const result = await editArticle(run.deps, row, changes);
      const blocks: Block[] = [
        paragraph(...rich(run.t('edited', { id: row.public_id })), span(result.article.title, { bold: true }), '.'),
        paragraph(
          result.changed.length === 0
            ? run.t('edit-unchanged')
            : run.t('edit-changed', { fields: result.changed.join(', ') }),
        ),
      ];
      if (result.changed.length > 0) blocks.push(paragraph(run.t('edit-cards', { cards: result.cards })));
      if (result.recipients > 0) blocks.push(paragraph(run.t('edit-recipients', { count: result.recipients })));
      return okReply(blocks, [
        [{ label: run.t('button-view'), data: await run.buttonData(`/article ${row.public_id}`) }],
      ]);
    },
  },
  {
    name: 'delete',
    args: 'ID [everywhere]',
    access: 'admin',
    example: '/delete k3x9pq everywhere',
    async run(run) {
      const words = run.args.trim().split(/\s+/u).filter(Boolean);
      const everywhere = words.length > 1 && words.at(-1)?.toLowerCase() === 'everywhere';
      const id = (everywhere ? words.slice(0, -1) : words).join(' ');
      if (id === '') throw new UserInputError(msg('err-which-article'), '/delete k3x9pq');
      const row = await findArticle(run.deps.stores, id);
      const result = await removeArticle(run.deps, row, everywhere);
      const blocks: Block[] = [
        paragraph(...rich(run.t('deleted', { id: row.public_id })), span(row.title, { bold: true }), '.'),
      ];
      if (everywhere) {
        blocks.push(paragraph(run.t('deleted-everywhere', { cards: result.cards })));
        if (result.tooOld > 0) blocks.push(paragraph(run.t('deleted-too-old', { count: result.tooOld })));
      } else {
        blocks.push(paragraph(...rich(run.t('deleted-kept'))));
      }
      return okReply(blocks);
    },
  },
];
