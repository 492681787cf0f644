/** @jsxImportSource hono/jsx */
import type { FC } from 'hono/jsx';
import type { Hono } from 'hono';
import { editArticle } from '../../app/article-edit.ts';
import { findArticle } from '../../app/articles.ts';
import { DuplicateArticleError, localizedMessage, NotFoundError, UserInputError } from '../../domain/errors.ts';
import type { ArticleRow } from '../../storage/schema.ts';
import { audit, field, render, type Newsroom, type NewsroomContext, type NewsroomEnv } from '../env.ts';
import { Form, Notice, Page, type PageContext } from '../layout.tsx';
import { ArticleFields, previewDraft, PreviewPane, readDraft, type Draft, type DraftPreview } from './compose.tsx';

/*
 * Corrections from the newsroom: the article's page has Edit, a form with the compose
 * fields prefilled. Saving is the same core call as /edit, the CLI's `tagwire edit` and
 * PATCH /api/articles/ID: the archive, search index and summary change at once, every
 * delivered card is edited in place through the outbox, followers of an added tag get it.
 */

const EditView: FC<{
  ctx: PageContext;
  publicId: string;
  draft: Draft;
  preview?: DraftPreview;
  error?: string;
  suggestions: { name: string; followers: number }[];
}> = (p) => (
  <Page title={`Edit ${p.publicId}`} ctx={p.ctx} current="archive">
    {p.error ? <Notice kind="error">{p.error}</Notice> : null}
    <p class="help">
      Saving corrects the archive and edits every card already delivered, in place. A tag you add reaches its followers;
      a tag you remove recalls no card.
    </p>
    <div class="compose">
      <Form action={`/admin/articles/${p.publicId}/edit`} ctx={p.ctx} id="edit-form">
        <ArticleFields draft={p.draft} suggestions={p.suggestions} />
        <div class="buttons">
          <button type="submit" name="action" value="preview">
            Preview
          </button>
          <button type="submit" name="action" value="save" class="primary">
            Save the correction
          </button>{' '}
          <a href={`/admin/articles/${p.publicId}`}>Cancel</a>
        </div>
      </Form>
      <PreviewPane preview={p.preview} />
    </div>
  </Page>
);

/** The article as the form shows it: what it says now. */
function draftOf(row: ArticleRow, tags: readonly string[]): Draft {
  return {
    title: row.title,
    tags: tags.join(', '),
    url: row.url ?? '',
    image: row.image_url ?? '',
    source: row.source ?? '',
    date: row.date_given === 1 ? new Date(Number(row.published_at)).toISOString() : '',
    lang: row.language ?? '',
    body: row.body,
    cardlang: '',
    cardstyle: '',
  };
}

/** The form as a correction: every field given; an emptied one is cleared (the date: the posting time). */
const changesOf = (d: Draft) => ({
  title: d.title,
  tags: d.tags,
  url: d.url,
  image: d.image,
  source: d.source,
  publishedAt: d.date,
  language: d.lang,
  body: d.body,
});

export function editRoutes(app: Hono<NewsroomEnv>, n: Newsroom): void {
  const suggestions = () => n.core.completeTags('', 50);

  /** The article the path names, or a 404 page. */
  async function articleOr404(c: NewsroomContext): Promise<ArticleRow | Response> {
    try {
      return await findArticle(n.deps.stores, c.req.param('id') ?? '');
    } catch (err) {
      if (!(err instanceof NotFoundError || err instanceof UserInputError)) throw err;
      return render(
        c,
        <Page title="No such article" ctx={c.get('page')} current="archive">
          <Notice kind="error">{localizedMessage(err, 'en')}</Notice>
        </Page>,
        404,
      );
    }
  }

  app.get('/admin/articles/:id/edit', async (c) => {
    const row = await articleOr404(c);
    if (row instanceof Response) return row;
    const [view] = await n.deps.stores.articles.views([row]);
    return render(
      c,
      <EditView
        ctx={c.get('page')}
        publicId={row.public_id}
        draft={draftOf(row, view?.tags ?? [])}
        suggestions={await suggestions()}
      />,
    );
  });

  app.post('/admin/articles/:id/edit', async (c) => {
    const row = await articleOr404(c);
    if (row instanceof Response) return row;
    const draft = await readDraft(c);
    const ctx = c.get('page');
    const preview = await previewDraft(n, draft, row.public_id);
    const view = (error?: string, status: 200 | 409 | 422 = 200) =>
      suggestions().then(async (s) =>
        render(
          c,
          <EditView ctx={ctx} publicId={row.public_id} draft={draft} preview={preview} error={error} suggestions={s} />,
          status,
        ),
      );
    if ((await field(c, 'action')) !== 'save' || !preview.article) return view(undefined, preview.article ? 200 : 422);
    try {
      const result = await editArticle(n.deps, row, changesOf(draft));
      await audit(
        n,
        c,
        'edit',
        `${row.public_id}: ${result.changed.length === 0 ? 'nothing changed' : result.changed.join(', ')} (${result.cards} cards)`,
      );
      return c.redirect(`/admin/articles/${row.public_id}?edited=${result.cards}`, 303);
    } catch (err) {
      if (!(err instanceof UserInputError) && !(err instanceof DuplicateArticleError)) throw err;
      return view(localizedMessage(err, 'en'), err instanceof DuplicateArticleError ? 409 : 422);
    }
  });
}
