import { normalizeUrl } from '../../domain/urls.ts';
import { deleteArticle, postArticle } from '../../app/articles.ts';
import { collectStats } from '../../app/stats.ts';
import { UserInputError } from '../../domain/errors.ts';
import { okReply, paragraph, span, type Block, type Button, type Reply } from '../../domain/reply.ts';
import { asHashtag, parseTagList, parseTagName } from '../../domain/tags.ts';
import { truncateAtWord } from '../../domain/text.ts';
import { previewLink } from '../../feeds/link-post.ts';
import { formatDate } from '../format.ts';
import { failureBlocks } from './delivery-admin.ts';
import { POST_FORMAT_EXAMPLE, parsePostMessage } from '../post-format.ts';
import type { CommandRun, CommandSpec } from '../spec.ts';

/** Characters of the page's text shown in a /post URL preview. */
export const LINK_PREVIEW_CHARS = 600;
export const POST_LINK_EXAMPLE = '/post https://example.com/news/armenia-csto Armenia, CSTO';

/** `/post URL [TAGS]`: one line, starting with a web address. */
const POST_LINK = /^(https?:\/\/\S+)(?:[ \t]+([^\n]*))?$/iu;

/**
 * /post URL: fetches the page, shows what would be posted, and offers a "Post it"
 * button whose data is the full one-message /post form, so pressing it posts through
 * the normal /post path (validation, duplicates, fan-out).
 */
async function previewLinkReply(run: CommandRun, url: string, typedTags: string): Promise<Reply> {
  const typed = parseTagList(typedTags).map((t) => t.display);
  const { page, tags, form } = await previewLink(run.deps, url, typed);
  const articles = run.deps.stores.articles;
  // Stored URLs are normalised (src/domain/urls.ts): look them up the same way.
  const lookup = (address: string) => articles.byUrl(normalizeUrl(address) ?? address);
  const existing = (await lookup(page.url)) ?? (await lookup(url));
  const blocks: Block[] = [
    paragraph(span(page.title, { bold: true })),
    paragraph(
      [page.publishedAt ? formatDate(page.publishedAt) : 'no date given', page.source].filter(Boolean).join(' · '),
    ),
    paragraph(span(page.url, { url: page.url })),
    paragraph(
      page.body === '' ? '(No article text found on the page.)' : truncateAtWord(page.body, LINK_PREVIEW_CHARS),
    ),
  ];
  const buttons: Button[][] = [];
  if (existing) {
    blocks.unshift(paragraph('This page is already in the archive as ', span(existing.public_id, { code: true }), '.'));
    buttons.push([{ label: 'View it', data: await run.buttonData(`/article ${existing.public_id}`) }]);
  } else if (tags.length === 0) {
    blocks.unshift(paragraph('Preview — nothing is posted yet.'));
    blocks.push(
      paragraph('The page names no keywords, and an article needs at least one tag. Add them after the address:'),
    );
    blocks.push(paragraph(span(`/post ${page.url} Armenia, CSTO`, { code: true })));
  } else {
    blocks.unshift(paragraph('Preview — nothing is posted yet. Press "Post it" to post and deliver it.'));
    blocks.push(
      paragraph(`Tags: ${tags.map(asHashtag).join(' ')}. To choose other tags, send /post URL followed by them.`),
    );
    buttons.push([{ label: 'Post it', data: await run.buttonData(form) }]);
  }
  return okReply(blocks, buttons, `Preview: ${truncateAtWord(page.title, 80)}`);
}

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
    args: 'TITLE + tags: line + body | URL [TAGS]',
    summary: 'Post an article, typed or from a web page, and deliver it to followers (admins)',
    access: 'admin',
    example: POST_FORMAT_EXAMPLE,
    async run(run) {
      if (run.args.trim() === '') {
        return okReply([
          paragraph('To post, send one message in this form:'),
          paragraph(span(POST_FORMAT_EXAMPLE, { code: true })),
          paragraph("Or give a web page's address (and tags, if the page names none) to see a preview first:"),
          paragraph(span(POST_LINK_EXAMPLE, { code: true })),
        ]);
      }
      const link = POST_LINK.exec(run.args.trim());
      if (link) return previewLinkReply(run, link[1] ?? '', link[2] ?? '');
      const input = parsePostMessage(run.args);
      const result = await postArticle(run.deps, input, {
        postedBy: `${run.ctx.platform}:${run.ctx.user.id}`,
        notify: true,
      });
      const reach = result.recipients === 1 ? '1 subscriber' : `${result.recipients} subscribers`;
      return okReply(
        [
          paragraph(
            'Posted ',
            span(result.article.publicId, { code: true }),
            ': ',
            span(result.article.title, { bold: true }),
          ),
          paragraph(`Tags: ${result.article.tags.map(asHashtag).join(' ')}. It reaches ${reach}.`),
        ],
        [[{ label: 'View', data: await run.buttonData(`/article ${result.article.publicId}`) }]],
      );
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
      return okReply([
        paragraph('Deleted ', span(row.public_id, { code: true }), ': ', span(row.title, { bold: true }), '.'),
      ]);
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
      if (clash && clash.id !== tag.id)
        throw new UserInputError(
          `#${to.display} is already another tag; use /alias to join spellings.`,
          '/alias Collective Security Treaty Organization = CSTO',
        );
      await tags.rename(tag.id, to.display, run.deps.clock.now().getTime());
      const kept = tag.key === to.key ? '' : ` "${tag.name}" still means it.`;
      return okReply([
        paragraph(`Renamed ${asHashtag(tag.name)} to ${asHashtag(to.display)}. Followers keep following it.${kept}`),
      ]);
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
      if (existing && existing.id === tag.id)
        return okReply([paragraph(`"${alias.display}" already means ${asHashtag(tag.name)}.`)]);
      if (existing && existing.key === alias.key)
        throw new UserInputError(`"${alias.display}" is a tag of its own; an alias must be a new spelling.`);
      await tags.addAlias(alias, tag.id, run.deps.clock.now().getTime());
      return okReply([
        paragraph(`"${alias.display}" now means ${asHashtag(tag.name)}: following or tagging either is the same.`),
      ]);
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
        {
          kind: 'list',
          items: [
            [span(`Articles: ${s.articles}`)],
            [span(`Tags: ${s.tags}`)],
            [
              span(
                `Subscribers: ${s.subscribers.active} active, ${s.subscribers.paused} paused, ${s.subscribers.deactivated} deactivated`,
              ),
            ],
            [
              span(
                `Deliveries: ${d.sent} sent, ${d.queued + d.sending} waiting, ${d.held} held for digests, ${d.deferred} in quiet hours, ${d.failed} failed, ${d.skipped} skipped`,
              ),
            ],
            [
              span(
                `Top tags: ${s.topTags.map((t) => `${asHashtag(t.name)} (${t.count})`).join(', ') || 'none followed yet'}`,
              ),
            ],
          ],
        },
        ...failureBlocks(s.failureReasons),
      ]);
    },
  },
];
