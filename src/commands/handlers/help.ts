import { okReply, paragraph, span, type Span } from '../../domain/reply.ts';
import { msg, UserInputError } from '../../domain/errors.ts';
import { translate } from '../../i18n/index.ts';
import { rich } from '../format.ts';
import type { CommandInfo, CommandSpec } from '../spec.ts';

/** /help lists the commands this person may use; `/help search` explains one. */
export function helpCommand(
  all: () => readonly CommandSpec[],
  isAdmin: (run: Parameters<CommandSpec['run']>[0]) => boolean,
): CommandSpec {
  return {
    name: 'help',
    args: '[COMMAND]',
    access: 'everyone',
    example: '/help search',
    async run(run) {
      const visible = all().filter((c) => c.access !== 'admin' || isAdmin(run));
      const wanted = run.args.trim().replace(/^\//u, '').toLowerCase();
      if (wanted !== '') {
        const spec = visible.find((c) => c.name === wanted);
        if (!spec) throw new UserInputError(msg('err-no-command', { command: wanted.slice(0, 30) }), '/help');
        return okReply([
          paragraph(span(usage(spec), { code: true })),
          paragraph(translate(run.locale, `cmd-${spec.name}`)),
          paragraph(run.t('example')),
          paragraph(span(spec.example, { code: true })),
        ]);
      }
      const line = (c: Pick<CommandInfo, 'name' | 'args'>): Span[] => [
        span(usage(c), { code: true }),
        span(` — ${translate(run.locale, `cmd-${c.name}`)}`),
      ];
      const blocks = [
        paragraph(...rich(run.t('help-intro'))),
        { kind: 'list' as const, items: visible.filter((c) => c.access !== 'admin').map(line) },
      ];
      const admin = visible.filter((c) => c.access === 'admin');
      if (admin.length > 0)
        blocks.push(paragraph(span(run.t('help-admin'), { bold: true })), { kind: 'list', items: admin.map(line) });
      blocks.push(paragraph(...rich(run.t('help-tags'))));
      return okReply(blocks);
    },
  };
}

export function usage(c: Pick<CommandInfo, 'name' | 'args'>): string {
  return c.args === '' ? `/${c.name}` : `/${c.name} ${c.args}`;
}
