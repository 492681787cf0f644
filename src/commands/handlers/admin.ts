import { normalizeUrl } from '../../domain/urls.ts';
import { postArticle } from '../../app/articles.ts';
import { collectStats } from '../../app/stats.ts';
import { msg, UserInputError } from '../../domain/errors.ts';
import { okReply, paragraph, span, type Block, type Button, type Reply } from '../../domain/reply.ts';
import { asHashtag, parseTagList, parseTagName } from '../../domain/tags.ts';
import { truncateAtWord } from '../../domain/text.ts';
import { previewLink } from '../../feeds/link-post.ts';
import { formatDate, rich } from '../format.ts';
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
      [page.publishedAt ? formatDate(page.publishedAt, run.locale) : run.t('preview-no-date'), page.source]
        .filter(Boolean)
        .join(' · '),
    ),
    paragraph(span(page.url, { url: page.url })),
    paragraph(page.body === '' ? run.t('preview-no-text') : truncateAtWord(page.body, LINK_PREVIEW_CHARS)),
  ];
  const buttons: Button[][] = [];
  if (existing) {
    blocks.unshift(paragraph(...rich(run.t('preview-exists', { id: existing.public_id }))));
    buttons.push([{ label: run.t('button-view-it'), data: await run.buttonData(`/article ${existing.public_id}`) }]);
  } else if (tags.length === 0) {
    blocks.unshift(paragraph(run.t('preview-heading')));
    blocks.push(paragraph(run.t('preview-no-tags')));
    blocks.push(paragraph(span(`/post ${page.url} Armenia, CSTO`, { code: true })));
  } else {
    blocks.unshift(paragraph(run.t('preview-heading-post')));
    blocks.push(paragraph(run.t('preview-tags', { tags: tags.map(asHashtag).join(' ') })));
    buttons.push([{ label: run.t('button-post-it'), data: await run.buttonData(form) }]);
  }
  return okReply(blocks, buttons, run.t('preview-title', { title: truncateAtWord(page.title, 80) }));
}

function splitPair(args: string, command: string, example: string): [string, string] {
  const i = args.indexOf('=');
  if (i < 0) throw new UserInputError(msg('err-pair-needs-equals', { command }), example);
  const left = args.slice(0, i).trim();
  const right = args.slice(i + 1).trim();
  if (left === '' || right === '') throw new UserInputError(msg('err-pair-needs-names', { command }), example);
  return [left, right];
}

/** `/COMMAND A = B` on an existing tag A: both names, and A's tag (refused, with the example, when there is none). */
async function pairOnTag(run: CommandRun, command: string, example: string) {
  const [leftRaw, rightRaw] = splitPair(run.args, command, example);
  const left = parseTagName(leftRaw);
  const right = parseTagName(rightRaw);
  const tag = await run.deps.stores.tags.find(left.key);
  if (!tag) throw new UserInputError(msg('err-no-tag', { tag: `#${left.display}` }), example);
  return { left, right, tag };
}

export const adminCommands: CommandSpec[] = [
  {
    name: 'post',
    args: 'TITLE + tags: line + body | URL [TAGS]',
    access: 'admin',
    example: POST_FORMAT_EXAMPLE,
    async run(run) {
      if (run.args.trim() === '') {
        return okReply([
          paragraph(run.t('post-how')),
          paragraph(span(POST_FORMAT_EXAMPLE, { code: true })),
          paragraph(run.t('post-how-link')),
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
      return okReply(
        [
          paragraph(
            ...rich(run.t('posted', { id: result.article.publicId })),
            span(result.article.title, { bold: true }),
          ),
          paragraph(
            run.t('posted-reach', {
              tags: result.article.tags.map(asHashtag).join(' '),
              count: result.recipients,
            }),
          ),
        ],
        [[{ label: run.t('button-view'), data: await run.buttonData(`/article ${result.article.publicId}`) }]],
      );
    },
  },
  {
    name: 'rename',
    args: 'OLD = NEW',
    access: 'admin',
    example: '/rename csto = CSTO',
    async run(run) {
      const { right: to, tag } = await pairOnTag(run, 'rename', '/rename csto = CSTO');
      const tags = run.deps.stores.tags;
      const clash = await tags.find(to.key);
      if (clash && clash.id !== tag.id)
        throw new UserInputError(
          msg('err-rename-clash', { tag: `#${to.display}` }),
          '/alias Collective Security Treaty Organization = CSTO',
        );
      await tags.rename(tag.id, to.display, run.deps.clock.now().getTime());
      const renamed = { from: asHashtag(tag.name), to: asHashtag(to.display) };
      return okReply([
        paragraph(
          tag.key === to.key ? run.t('renamed', renamed) : run.t('renamed-kept', { ...renamed, old: tag.name }),
        ),
      ]);
    },
  },
  {
    name: 'merge',
    args: 'OLD = NEW',
    access: 'admin',
    example: '/merge ODKB = CSTO',
    async run(run) {
      const example = '/merge ODKB = CSTO';
      const { right: into, tag: old } = await pairOnTag(run, 'merge', example);
      const tags = run.deps.stores.tags;
      const kept = await tags.find(into.key);
      if (!kept) throw new UserInputError(msg('err-merge-no-target', { tag: `#${into.display}` }), example);
      if (kept.id === old.id) throw new UserInputError(msg('err-merge-same', { tag: asHashtag(kept.name) }), example);
      const merged = await tags.merge(old.id, kept.id, run.deps.clock.now().getTime());
      run.deps.logger.info({ from: old.name, into: kept.name, ...merged }, 'tags merged');
      return okReply([
        paragraph(
          run.t('merged', {
            from: asHashtag(old.name),
            to: asHashtag(kept.name),
            old: old.name,
            follows: merged.followsMoved,
            dropped: merged.followsDropped,
            articles: merged.articlesMoved,
            both: merged.articlesHadBoth,
          }),
        ),
      ]);
    },
  },
  {
    name: 'alias',
    args: 'ALIAS = TAG',
    access: 'admin',
    example: '/alias Collective Security Treaty Organization = CSTO',
    async run(run) {
      const example = '/alias Collective Security Treaty Organization = CSTO';
      const [aliasRaw, tagRaw] = splitPair(run.args, 'alias', example);
      const alias = parseTagName(aliasRaw);
      const target = parseTagName(tagRaw);
      const tags = run.deps.stores.tags;
      const tag = await tags.find(target.key);
      if (!tag) throw new UserInputError(msg('err-alias-no-target', { tag: `#${target.display}` }), example);
      const existing = await tags.find(alias.key);
      const names = { alias: alias.display, tag: asHashtag(tag.name) };
      if (existing && existing.id === tag.id) return okReply([paragraph(run.t('alias-already', names))]);
      if (existing && existing.key === alias.key)
        throw new UserInputError(msg('err-alias-is-tag', { alias: alias.display }));
      await tags.addAlias(alias, tag.id, run.deps.clock.now().getTime());
      return okReply([paragraph(run.t('alias-added', names))]);
    },
  },
  {
    name: 'stats',
    args: '',
    access: 'admin',
    example: '/stats',
    async run(run) {
      const s = await collectStats(run.deps.stores);
      const d = s.deliveries;
      const t = run.t;
      const top = s.topTags.map((tag) => `${asHashtag(tag.name)} (${tag.count})`).join(', ');
      return okReply([
        paragraph(span(t('stats-heading'), { bold: true })),
        {
          kind: 'list',
          items: [
            [span(t('stats-articles', { count: s.articles }))],
            [span(t('stats-tags', { count: s.tags }))],
            [span(t('stats-subscribers', { ...s.subscribers }))],
            [
              span(
                t('stats-deliveries', {
                  sent: d.sent,
                  waiting: d.queued + d.sending,
                  held: d.held,
                  deferred: d.deferred,
                  failed: d.failed,
                  skipped: d.skipped,
                }),
              ),
            ],
            [span(t('stats-card-updates', { ...s.cardUpdates }))],
            [span(top === '' ? t('stats-top-tags-none') : t('stats-top-tags', { tags: top }))],
          ],
        },
        ...failureBlocks(s.failureReasons, t),
      ]);
    },
  },
];
