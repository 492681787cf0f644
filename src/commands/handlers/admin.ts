import { deleteArticle, postArticle } from '../../app/articles.ts';
import { collectStats } from '../../app/stats.ts';
import { UserInputError } from '../../domain/errors.ts';
import { okReply, paragraph, span } from '../../domain/reply.ts';
import { asHashtag, parseTagName } from '../../domain/tags.ts';
import { POST_FORMAT_EXAMPLE, parsePostMessage } from '../post-format.ts';
import type { CommandSpec } from '../spec.ts';

function splitPair(args: string, command: string, example: string): [string, string] {
  const i = args.indexOf('=');
  if (i < 0) throw new UserInputError(`/${command} needs two names separated by "=".`, example);
  const left = args.slice(0, i).trim();
  const right = args.slice(i + 1).trim();
  if (left === '' || right === '') throw new UserInputError(`/${command} needs a name on each side of "=".`, example);
  return [left, right];
}

export const adminCommands: CommandSpec[] = [
  {
    name: 'post',
    args: 'TITLE + tags: line + body',
    summary: 'Post an article and deliver it to followers (admins)',
    access: 'admin',
    example: POST_FORMAT_EXAMPLE,
    async run(run) {
      if (run.args.trim() === '') {
        return okReply([paragraph('To post, send one message in this form:'), paragraph(span(POST_FORMAT_EXAMPLE, { code: true }))]);
      }
      const input = parsePostMessage(run.args);
      const result = await postArticle(run.deps, input, { postedBy: `${run.ctx.platform}:${run.ctx.user.id}`, notify: true });
      const reach = result.recipients === 1 ? '1 subscriber' : `${result.recipients} subscribers`;
      return okReply([
        paragraph('Posted ', span(result.article.publicId, { code: true }), ': ', span(result.article.title, { bold: true })),
        paragraph(`Tags: ${result.article.tags.map(asHashtag).join(' ')}. It reaches ${reach}.`),
      ], [[{ label: 'View', data: await run.buttonData(`/article ${result.article.publicId}`) }]]);
    },
  },
  {
    name: 'delete',
    args: 'ID',
    summary: 'Delete an article; undelivered copies are cancelled (admins)',
    access: 'admin',
    example: '/delete k3x9pq',
    async run(run) {
      if (run.args.trim() === '') throw new UserInputError('Which article? Give its id.', '/delete k3x9pq');
      const row = await deleteArticle(run.deps, run.args);
      return okReply([paragraph('Deleted ', span(row.public_id, { code: true }), ': ', span(row.title, { bold: true }), '.')]);
    },
  },
  {
    name: 'rename',
    args: 'OLD = NEW',
    summary: 'Change how a tag is spelled everywhere (admins)',
    access: 'admin',
    example: '/rename csto = CSTO',
    async run(run) {
      const example = '/rename csto = CSTO';
      const [oldRaw, newRaw] = splitPair(run.args, 'rename', example);
      const from = parseTagName(oldRaw);
      const to = parseTagName(newRaw);
      const tags = run.deps.stores.tags;
      const tag = await tags.find(from.key);
      if (!tag) throw new UserInputError(`There is no tag #${from.display}.`, example);
      const clash = await tags.find(to.key);
      if (clash && clash.id !== tag.id) throw new UserInputError(`#${to.display} is already another tag; use /alias to join spellings.`, '/alias Collective Security Treaty Organization = CSTO');
      await tags.rename(tag.id, to.display);
      return okReply([paragraph(`Renamed ${asHashtag(tag.name)} to ${asHashtag(to.display)}. Followers keep following it.`)]);
    },
  },
  {
    name: 'alias',
    args: 'ALIAS = TAG',
    summary: 'Make another spelling mean an existing tag (admins)',
    access: 'admin',
    example: '/alias Collective Security Treaty Organization = CSTO',
    async run(run) {
      const example = '/alias Collective Security Treaty Organization = CSTO';
      const [aliasRaw, tagRaw] = splitPair(run.args, 'alias', example);
      const alias = parseTagName(aliasRaw);
      const target = parseTagName(tagRaw);
      const tags = run.deps.stores.tags;
      const tag = await tags.find(target.key);
      if (!tag) throw new UserInputError(`There is no tag #${target.display} to point to.`, example);
      const existing = await tags.find(alias.key);
      if (existing && existing.id === tag.id) return okReply([paragraph(`"${alias.display}" already means ${asHashtag(tag.name)}.`)]);
      if (existing && existing.key === alias.key) throw new UserInputError(`"${alias.display}" is a tag of its own; an alias must be a new spelling.`);
      await tags.addAlias(alias, tag.id, run.deps.clock.now().getTime());
      return okReply([paragraph(`"${alias.display}" now means ${asHashtag(tag.name)}: following or tagging either is the same.`)]);
    },
  },
  {
    name: 'stats',
    args: '',
    summary: 'Archive, subscriber and delivery counts (admins)',
    access: 'admin',
    example: '/stats',
    async run(run) {
      const s = await collectStats(run.deps.stores);
      const d = s.deliveries;
      return okReply([
        paragraph(span('tagwire statistics', { bold: true })),
        { kind: 'list', items: [
          [span(`Articles: ${s.articles}`)],
          [span(`Tags: ${s.tags}`)],
          [span(`Subscribers: ${s.subscribers.active} active, ${s.subscribers.paused} paused, ${s.subscribers.deactivated} deactivated`)],
          [span(`Deliveries: ${d.sent} sent, ${d.queued + d.sending} waiting, ${d.failed} failed, ${d.skipped} skipped`)],
          [span(`Top tags: ${s.topTags.map((t) => `${asHashtag(t.name)} (${t.count})`).join(', ') || 'none followed yet'}`)],
        ] },
      ]);
    },
  },
];
