import { findArticle } from '../../app/articles.ts';
import { relatedArticles } from '../../app/related.ts';
import { describeQuery, searchArticles } from '../../app/search.ts';
import type { Suggestion } from '../../app/suggest.ts';
import { UserInputError } from '../../domain/errors.ts';
import { okReply, paragraph, span, type Block, type Button, type Reply } from '../../domain/reply.ts';
import { asHashtag, parseTagName } from '../../domain/tags.ts';
import { PAGE_SIZE, resultBlocks } from '../format.ts';
import type { CommandRun, CommandSpec } from '../spec.ts';

/** "Did you mean #Armenia?" and the other suggestions of an empty search, or `fallback`. */
function suggestionBlocks(suggestions: readonly Suggestion[], fallback: string): Block[] {
  if (suggestions.length === 0) return [paragraph(fallback)];
  return suggestions.map((s) =>
    paragraph(
      s.label.startsWith('Did you mean') ? s.label : `Try: ${s.label.charAt(0).toLowerCase()}${s.label.slice(1)}`,
      ' ',
      span(`/search ${s.query}`, { code: true }),
    ),
  );
}

/** One button per suggestion, running its search. */
async function suggestionButtons(run: CommandRun, suggestions: readonly Suggestion[]): Promise<Button[][]> {
  return Promise.all(
    suggestions.map(async (s) => [{ label: s.label, data: await run.buttonData(`/search ${s.query}`) }]),
  );
}

/** Previous/next buttons for a paged list; `command` is the internal paging action. */
async function pagingButtons(run: CommandRun, command: string, hasMore: boolean): Promise<Button[][]> {
  const row: Button[] = [];
  if (run.offset > 0)
    row.push({
      label: '◀ Previous',
      data: await run.buttonData(`!${command} ${Math.max(0, run.offset - PAGE_SIZE)} ${run.args}`),
    });
  if (hasMore)
    row.push({ label: 'Next ▶', data: await run.buttonData(`!${command} ${run.offset + PAGE_SIZE} ${run.args}`) });
  return row.length > 0 ? [row] : [];
}

export const readingCommands: CommandSpec[] = [
  {
    name: 'latest',
    args: '[TAG]',
    summary: 'The newest articles, or the newest with a tag',
    access: 'everyone',
    example: '/latest Armenia',
    async run(run) {
      const stores = run.deps.stores;
      let tagId: number | undefined;
      let tagName: string | undefined;
      if (run.args.trim() !== '') {
        const tag = parseTagName(run.args);
        const row = await stores.tags.find(tag.key);
        if (!row) return okReply([paragraph(`No article has the tag #${tag.display} yet.`)]);
        tagId = row.id;
        tagName = row.name;
      }
      const rows = await stores.articles.latest({
        ...(tagId === undefined ? {} : { tagId }),
        limit: PAGE_SIZE + 1,
        offset: run.offset,
      });
      const views = await stores.articles.views(rows.slice(0, PAGE_SIZE));
      if (views.length === 0)
        return okReply([paragraph(run.offset > 0 ? 'No older articles.' : 'The archive is empty so far.')]);
      const heading = tagName ? `Latest with #${tagName}` : 'Latest articles';
      return {
        ...okReply(
          [
            paragraph(span(heading, { bold: true })),
            ...resultBlocks(
              views.map((v) => ({ article: v, snippet: v.summary })),
              run.offset + 1,
            ),
          ],
          await pagingButtons(run, 'latest', rows.length > PAGE_SIZE),
          heading,
        ),
      };
    },
  },
  {
    name: 'search',
    args: 'QUERY',
    summary: 'Search the archive: words, "phrases", -exclude, #tag, since:/until: dates',
    access: 'everyone',
    example: '/search oil prices #opec since:1987-03-01',
    async run(run) {
      const page = await searchArticles(run.deps.stores, run.args, { limit: PAGE_SIZE, offset: run.offset });
      const described = describeQuery(page.query);
      const filters =
        page.filters.length > 0 ? [paragraph(span('Filters: ', { italic: true }), page.filters.join(' · '))] : [];
      const suggestions = await suggestionButtons(run, page.suggestions);
      if (page.unknownTags.length > 0) {
        return okReply(
          [
            paragraph(`No article has the tag ${page.unknownTags.map((t) => asHashtag(t)).join(', ')}.`),
            ...suggestionBlocks(page.suggestions, 'Try the search without it, or see /toptags.'),
          ],
          suggestions,
        );
      }
      if (page.results.length === 0) {
        if (run.offset > 0) return okReply([paragraph('No more results.')]);
        return okReply(
          [
            paragraph(`Nothing found for ${described}.`),
            ...filters,
            ...suggestionBlocks(page.suggestions, 'Try other words, or fewer of them.'),
          ],
          suggestions,
        );
      }
      const heading = `Search: ${described}`;
      return okReply(
        [paragraph(span(heading, { bold: true })), ...filters, ...resultBlocks(page.results, run.offset + 1)],
        await pagingButtons(run, 'search', page.hasMore),
        heading,
      );
    },
  },
  {
    name: 'related',
    args: 'ID',
    summary: 'Articles related to one article',
    access: 'everyone',
    example: '/related k3x9pq',
    async run(run) {
      const stores = run.deps.stores;
      const source = await findArticle(stores, run.args);
      const hits = await relatedArticles(stores, source, { limit: PAGE_SIZE + 1, offset: run.offset });
      const rows = await stores.articles.byIds(hits.slice(0, PAGE_SIZE).map((h) => h.articleId));
      const views = await stores.articles.views(rows);
      const heading = `Related to ${source.public_id}: ${source.title}`;
      if (views.length === 0)
        return okReply([
          paragraph(run.offset > 0 ? 'No more related articles.' : `Nothing related to ${source.public_id} yet.`),
        ]);
      return okReply(
        [
          paragraph(span(heading, { bold: true })),
          ...resultBlocks(
            views.map((v) => ({ article: v, snippet: v.summary })),
            run.offset + 1,
          ),
        ],
        await pagingButtons(run, 'related', hits.length > PAGE_SIZE),
        heading,
      );
    },
  },
  {
    name: 'article',
    args: 'ID',
    summary: 'One article in full',
    access: 'everyone',
    example: '/article k3x9pq',
    async run(run): Promise<Reply> {
      if (run.args.trim() === '') throw new UserInputError('Which article? Give its id.', '/article k3x9pq');
      const row = await findArticle(run.deps.stores, run.args);
      const [view] = await run.deps.stores.articles.views([row]);
      if (!view) throw new Error('article view missing');
      return okReply(
        [{ kind: 'article', article: view, body: row.body }],
        [[{ label: 'Related', data: await run.buttonData(`/related ${row.public_id}`) }]],
        view.title,
      );
    },
  },
];
