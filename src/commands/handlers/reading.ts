import { findArticle } from '../../app/articles.ts';
import { relatedArticles } from '../../app/related.ts';
import { describeQuery, searchArticles } from '../../app/search.ts';
import { describeFilters } from '../../domain/search-query.ts';
import type { Suggestion } from '../../app/suggest.ts';
import { msg, UserInputError } from '../../domain/errors.ts';
import { render, type Translate } from '../../i18n/index.ts';
import { okReply, paragraph, span, type Block, type Button, type Reply } from '../../domain/reply.ts';
import { asHashtag, parseTagName } from '../../domain/tags.ts';
import { PAGE_SIZE, resultBlocks } from '../format.ts';
import type { CommandRun, CommandSpec } from '../spec.ts';

/** "Did you mean #Armenia?" and the other suggestions of an empty search, or `fallback`. */
function suggestionBlocks(run: CommandRun, suggestions: readonly Suggestion[], fallback: string): Block[] {
  if (suggestions.length === 0) return [paragraph(fallback)];
  return suggestions.map((s) => {
    const label = render(run.locale, s.message);
    return paragraph(
      s.message.id === 'suggest-quoted' || s.message.id === 'suggest-tag'
        ? label
        : run.t('suggest-try', { suggestion: `${label.charAt(0).toLowerCase()}${label.slice(1)}` }),
      ' ',
      span(`/search ${s.query}`, { code: true }),
    );
  });
}

/** One button per suggestion, running its search. */
async function suggestionButtons(run: CommandRun, suggestions: readonly Suggestion[]): Promise<Button[][]> {
  return Promise.all(
    suggestions.map(async (s) => [
      { label: render(run.locale, s.message), data: await run.buttonData(`/search ${s.query}`) },
    ]),
  );
}

/** The Related button under an article. */
export const relatedButton = async (run: CommandRun, publicId: string): Promise<Button> => ({
  label: run.t('button-related'),
  data: await run.buttonData(`/related ${publicId}`),
});

const tagNamed = (t: Translate, display: string) => t('latest-no-tag', { tag: `#${display}` });

/** Previous/next buttons for a paged list; `command` is the internal paging action. */
async function pagingButtons(run: CommandRun, command: string, hasMore: boolean): Promise<Button[][]> {
  const row: Button[] = [];
  if (run.offset > 0)
    row.push({
      label: run.t('button-previous'),
      data: await run.buttonData(`!${command} ${Math.max(0, run.offset - PAGE_SIZE)} ${run.args}`),
    });
  if (hasMore)
    row.push({
      label: run.t('button-next'),
      data: await run.buttonData(`!${command} ${run.offset + PAGE_SIZE} ${run.args}`),
    });
  return row.length > 0 ? [row] : [];
}

export const readingCommands: CommandSpec[] = [
  {
    name: 'latest',
    args: '[TAG]',
    access: 'everyone',
    example: '/latest Armenia',
    async run(run) {
      const stores = run.deps.stores;
      let tagId: number | undefined;
      let tagName: string | undefined;
      if (run.args.trim() !== '') {
        const tag = parseTagName(run.args);
        const row = await stores.tags.find(tag.key);
        if (!row) return okReply([paragraph(tagNamed(run.t, tag.display))]);
        tagId = row.id;
        tagName = row.name;
      }
      const rows = await stores.articles.latest({
        ...(tagId === undefined ? {} : { tagId }),
        limit: PAGE_SIZE + 1,
        offset: run.offset,
      });
      const views = await stores.articles.views(rows.slice(0, PAGE_SIZE));
      if (views.length === 0) return okReply([paragraph(run.t(run.offset > 0 ? 'latest-no-older' : 'latest-empty'))]);
      const heading = tagName ? run.t('latest-heading-tag', { tag: `#${tagName}` }) : run.t('latest-heading');
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
    access: 'everyone',
    example: '/search oil prices #opec since:1987-03-01',
    async run(run) {
      const page = await searchArticles(run.deps.stores, run.args, { limit: PAGE_SIZE, offset: run.offset });
      const described = describeQuery(page.query, run.t);
      const filterWords = describeFilters(page.query, run.t);
      const filters =
        filterWords.length > 0
          ? [paragraph(span(`${run.t('search-filters')} `, { italic: true }), filterWords.join(' · '))]
          : [];
      const suggestions = await suggestionButtons(run, page.suggestions);
      if (page.unknownTags.length > 0) {
        return okReply(
          [
            paragraph(run.t('search-unknown-tags', { tags: page.unknownTags.map((t) => asHashtag(t)).join(', ') })),
            ...suggestionBlocks(run, page.suggestions, run.t('search-try-without')),
          ],
          suggestions,
        );
      }
      if (page.results.length === 0) {
        if (run.offset > 0) return okReply([paragraph(run.t('search-no-more'))]);
        return okReply(
          [
            paragraph(run.t('search-nothing', { query: described })),
            ...filters,
            ...suggestionBlocks(run, page.suggestions, run.t('search-try-other')),
          ],
          suggestions,
        );
      }
      const heading = run.t('search-heading', { query: described });
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
    access: 'everyone',
    example: '/related k3x9pq',
    async run(run) {
      const stores = run.deps.stores;
      const source = await findArticle(stores, run.args);
      const hits = await relatedArticles(stores, source, { limit: PAGE_SIZE + 1, offset: run.offset });
      const rows = await stores.articles.byIds(hits.slice(0, PAGE_SIZE).map((h) => h.articleId));
      const views = await stores.articles.views(rows);
      const heading = run.t('related-heading', { id: source.public_id, title: source.title });
      if (views.length === 0)
        return okReply([
          paragraph(run.offset > 0 ? run.t('related-no-more') : run.t('related-nothing', { id: source.public_id })),
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
    access: 'everyone',
    example: '/article k3x9pq',
    async run(run): Promise<Reply> {
      if (run.args.trim() === '') throw new UserInputError(msg('err-which-article'), '/article k3x9pq');
      const row = await findArticle(run.deps.stores, run.args);
      const [view] = await run.deps.stores.articles.views([row]);
      if (!view) throw new Error('article view missing');
      return okReply(
        [{ kind: 'article', article: view, body: row.body }],
        [[await relatedButton(run, row.public_id)]],
        view.title,
      );
    },
  },
];
