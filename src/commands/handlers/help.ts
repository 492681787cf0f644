import { okReply, paragraph, span, type Span } from '../../domain/reply.ts';
import { UserInputError } from '../../domain/errors.ts';
import type { CommandInfo, CommandSpec } from '../spec.ts';

/** /help lists the commands this person may use; `/help search` explains one. */
export function helpCommand(
  all: () => readonly CommandSpec[],
  isAdmin: (run: Parameters<CommandSpec['run']>[0]) => boolean,
): CommandSpec {
  return {
    name: 'help',
    args: '[COMMAND]',
    summary: 'Every command, or how to use one',
    access: 'everyone',
    example: '/help search',
    async run(run) {
      const visible = all().filter((c) => c.access !== 'admin' || isAdmin(run));
      const wanted = run.args.trim().replace(/^\//u, '').toLowerCase();
      if (wanted !== '') {
        const spec = visible.find((c) => c.name === wanted);
        if (!spec) throw new UserInputError(`There is no command /${wanted.slice(0, 30)}.`, '/help');
        return okReply([
          paragraph(span(usage(spec), { code: true })),
          paragraph(spec.summary),
          paragraph('Example:'),
          paragraph(span(spec.example, { code: true })),
        ]);
      }
      const line = (c: CommandInfo): Span[] => [span(usage(c), { code: true }), span(` — ${c.summary}`)];
      const blocks = [
        paragraph(span('tagwire', { bold: true }), ' sends you each new article with the tags you follow, once.'),
        { kind: 'list' as const, items: visible.filter((c) => c.access !== 'admin').map(line) },
      ];
      const admin = visible.filter((c) => c.access === 'admin');
      if (admin.length > 0)
        blocks.push(paragraph(span('Admin commands', { bold: true })), { kind: 'list', items: admin.map(line) });
      blocks.push(
        paragraph(
          'Tags: one, several separated by commas, or hashtags: ',
          span('/follow Armenia, Russia', { code: true }),
          ' or ',
          span('/follow #Armenia #CSTO', { code: true }),
          '.',
        ),
      );
      return okReply(blocks);
    },
  };
}

export function usage(c: Pick<CommandInfo, 'name' | 'args'>): string {
  return c.args === '' ? `/${c.name}` : `/${c.name} ${c.args}`;
}
