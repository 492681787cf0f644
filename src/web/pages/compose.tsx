/** @jsxImportSource hono/jsx */
import type { FC } from 'hono/jsx';
import type { Hono } from 'hono';
import { searchRecipients } from '../../app/saved-searches.ts';
import { cardButtonRows } from '../../commands/router.ts';
import { validateArticle, type ValidArticle } from '../../domain/article.ts';
import { CARD_STYLES, cardStyleOr, cardText } from '../../domain/card.ts';
import { DuplicateArticleError, localizedMessage, UserInputError } from '../../domain/errors.ts';
import { summarize } from '../../domain/summary.ts';
import { detectLanguage, languageName } from '../../domain/language.ts';
import { PUBLIC_ID_LENGTH } from '../../domain/public-id.ts';
import { localizedView } from '../../domain/region-names.ts';
import type { ArticleView, Button } from '../../domain/reply.ts';
import { localeOr } from '../../i18n/index.ts';
import type { CardPreview } from '../../ports/card-preview.ts';
import { previewLink } from '../../feeds/link-post.ts';
import { CardsView } from '../card-view.tsx';
import { actorOf, audit, field, render, type Newsroom, type NewsroomContext, type NewsroomEnv } from '../env.ts';
import { Form, Notice, Page, type PageContext } from '../layout.tsx';

/** What the compose form holds, as typed. */
export interface Draft {
  title: string;
  tags: string;
  url: string;
  /** The picture's address (http or https), or empty. */
  image: string;
  source: string;
  date: string;
  /** The language's code, or empty to detect it from the text. */
  lang: string;
  body: string;
  /** The preview's card language (a chat's /language): en, ru or hy; English when empty. Not stored. */
  cardlang: string;
  /** The preview's card style (a chat's /card): headline, compact or full; compact when empty. Not stored. */
  cardstyle: string;
}

export const EMPTY_DRAFT: Draft = {
  title: '',
  tags: '',
  url: '',
  image: '',
  source: '',
  date: '',
  lang: '',
  body: '',
  cardlang: '',
  cardstyle: '',
};
const EMPTY = EMPTY_DRAFT;
const FIELDS = ['title', 'tags', 'url', 'image', 'source', 'date', 'lang', 'body', 'cardlang', 'cardstyle'] as const;
/** The languages the form offers; others come by the CLI, an import or the API. The bot speaks the same three. */
const LANGUAGES = [
  ['en', 'English'],
  ['ru', 'Russian (Русский)'],
  ['hy', 'Armenian (Հայերեն)'],
] as const;
const STYLE_NAMES: Readonly<Record<(typeof CARD_STYLES)[number], string>> = {
  headline: 'Headline (title only)',
  compact: 'Compact (the summary)',
  full: 'Full (the first paragraphs)',
};

export interface DraftPreview {
  /** The article as it would be stored, or the problems that stop it. */
  article?: ValidArticle;
  summary?: string;
  problems: string[];
  /** Chats it would reach now. */
  reach: number;
  /** Its language, given or as it will be detected; null when the text does not tell. */
  language?: string | null;
  /** The card as each platform's adapter renders it, for a chat in the draft's card language and style. */
  cards: CardPreview[];
}

export async function readDraft(c: NewsroomContext): Promise<Draft> {
  const draft = { ...EMPTY };
  for (const name of FIELDS) draft[name] = (await field(c, name)).slice(0, 110_000);
  return draft;
}

const inputOf = (d: Draft) => ({
  title: d.title,
  tags: d.tags,
  url: d.url.trim() === '' ? undefined : d.url,
  image: d.image.trim() === '' ? undefined : d.image,
  source: d.source.trim() === '' ? undefined : d.source,
  publishedAt: d.date.trim() === '' ? undefined : d.date,
  language: d.lang.trim() === '' ? undefined : d.lang,
  body: d.body,
});

/** A card's buttons as a chat that follows none of its tags gets them (each data distinct, none pressable). */
const previewButtons = (tags: readonly string[], locale: ReturnType<typeof localeOr>): Button[][] =>
  cardButtonRows(
    locale,
    'preview:related',
    tags.map((tag, i) => ({ tag, followed: false, data: `preview:tag:${i}` })),
  );

/**
 * Validates the draft as posting would, counts the chats it would reach (as the outbox's
 * fan-out picks them), and has each platform's adapter render its card as the delivery
 * worker would hand it over: the chat's language and card style applied, the same buttons.
 * `publicId` is the article's id when it exists (the edit page); a new one shows dots.
 */
export async function previewDraft(n: Newsroom, draft: Draft, publicId?: string): Promise<DraftPreview> {
  let article: ValidArticle;
  try {
    article = validateArticle(inputOf(draft));
  } catch (err) {
    if (err instanceof UserInputError)
      return { problems: localizedMessage(err, 'en').split('\n'), reach: 0, cards: [] };
    throw err;
  }
  const stores = n.deps.stores;
  const tagIds: number[] = [];
  for (const tag of article.tags) {
    const row = await stores.tags.find(tag.key);
    if (row) tagIds.push(row.id);
  }
  const searches = await searchRecipients(stores, {
    title: article.title,
    body: article.body,
    tags: article.tags.map((t) => t.display),
  });
  const reach = await stores.newsroom.reach(tagIds, searches.include, searches.exclude);
  const language = article.language ?? detectLanguage(article.title, article.body);
  const summary = summarize(article.body, article.title, undefined, language ?? undefined);
  const locale = localeOr(draft.cardlang);
  const now = new Date();
  const view: ArticleView = {
    publicId: publicId ?? '·'.repeat(PUBLIC_ID_LENGTH),
    externalId: article.externalId,
    title: article.title,
    url: article.url,
    summary: cardText({ title: article.title, summary, body: article.body }, cardStyleOr(draft.cardstyle)),
    tags: article.tags.map((t) => t.display),
    source: article.source,
    publishedAt: article.publishedAt ?? now,
    createdAt: now,
    language,
    imageUrl: article.imageUrl,
  };
  const card = { article: localizedView(view, locale), buttons: previewButtons(view.tags, locale), locale };
  return { article, language, problems: [], reach, cards: n.cardPreviewers.map((p) => p.render(card)) };
}

/** The cards as chats will show them: each platform's, side by side. */
export const PreviewView: FC<{ preview: DraftPreview }> = ({ preview }) => {
  if (!preview.article)
    return (
      <div class="notice notice-error" role="alert">
        <p>Not ready to post:</p>
        <ul>
          {preview.problems.map((p) => (
            <li>{p}</li>
          ))}
        </ul>
      </div>
    );
  return (
    <div>
      <p class="reach">
        It will reach <strong>{preview.reach}</strong> {preview.reach === 1 ? 'chat' : 'chats'} now.
        {preview.language ? ` Language: ${languageName(preview.language, 'en')}.` : ' Language: not known.'}
      </p>
      <CardsView cards={preview.cards} />
    </div>
  );
};

/** The preview beside the compose and edit forms (the page's script fills it as one types). */
export const PreviewPane: FC<{ preview?: DraftPreview | undefined }> = ({ preview }) => (
  <section class="preview" aria-labelledby="preview-heading">
    <h2 id="preview-heading">Preview</h2>
    <div id="preview" aria-live="polite">
      {preview ? <PreviewView preview={preview} /> : <p class="muted">Press Preview to see the card.</p>}
    </div>
  </section>
);

/** An article's fields, as the compose and edit forms show them. */
export const ArticleFields: FC<{ draft: Draft; suggestions: { name: string; followers: number }[] }> = (p) => (
  <>
    <label for="title">Title</label>
    <input id="title" name="title" required maxlength={300} value={p.draft.title} />
    <label for="tags">Tags</label>
    <input
      id="tags"
      name="tags"
      required
      list="tag-options"
      autocomplete="off"
      value={p.draft.tags}
      aria-describedby="tags-help"
    />
    <datalist id="tag-options">
      {p.suggestions.map((s) => (
        <option value={s.name}>{`${s.name} (${s.followers} followers)`}</option>
      ))}
    </datalist>
    <p id="tags-help" class="help">
      Separated by commas, or as #hashtags: <code>Armenia, CSTO</code>. 1 to 20.
    </p>
    <label for="url">URL</label>
    <input id="url" name="url" type="url" value={p.draft.url} />
    <label for="image">Picture</label>
    <input id="image" name="image" type="url" value={p.draft.image} aria-describedby="image-help" />
    <p id="image-help" class="help">
      Optional: the address of a picture (http or https). Telegram shows it as a photo, Discord as the embed's image.
    </p>
    <label for="source">Source</label>
    <input id="source" name="source" maxlength={100} value={p.draft.source} />
    <label for="date">Date</label>
    <input id="date" name="date" value={p.draft.date} placeholder="2024-02-23 14:30" aria-describedby="date-help" />
    <p id="date-help" class="help">
      Optional: <code>2024-02-23</code>, <code>2024-02-23 14:30</code>, ISO 8601 or RFC 2822. Now when empty.
    </p>
    <label for="lang">Language</label>
    <select id="lang" name="lang" aria-describedby="lang-help">
      <option value="" selected={p.draft.lang === ''}>
        Detect from the text
      </option>
      {LANGUAGES.map(([code, name]) => (
        <option value={code} selected={p.draft.lang === code}>
          {name}
        </option>
      ))}
    </select>
    <p id="lang-help" class="help">
      Search analyses the article in its language; <code>lang:ru</code> finds it.
    </p>
    <label for="body">Body</label>
    <textarea id="body" name="body" rows={12}>
      {p.draft.body}
    </textarea>
    <fieldset class="preview-as">
      <legend>Preview as a chat sees it</legend>
      <label for="cardlang">Chat language</label>
      <select id="cardlang" name="cardlang">
        {LANGUAGES.map(([code, name]) => (
          <option value={code} selected={(p.draft.cardlang || 'en') === code}>
            {name}
          </option>
        ))}
      </select>
      <label for="cardstyle">Card style</label>
      <select id="cardstyle" name="cardstyle" aria-describedby="cardstyle-help">
        {CARD_STYLES.map((style) => (
          <option value={style} selected={cardStyleOr(p.draft.cardstyle) === style}>
            {STYLE_NAMES[style]}
          </option>
        ))}
      </select>
      <p id="cardstyle-help" class="help">
        Only the preview: each chat gets its own language (<code>/language</code>) and style (<code>/card</code>).
      </p>
    </fieldset>
  </>
);

const ComposeView: FC<{
  ctx: PageContext;
  draft: Draft;
  preview?: DraftPreview;
  error?: string;
  duplicate?: string;
  suggestions: { name: string; followers: number }[];
}> = (p) => (
  <Page title="Compose" ctx={p.ctx} current="compose">
    {p.error ? (
      <Notice kind="error">
        {p.error}
        {p.duplicate ? (
          <>
            {' '}
            <a href={`/admin/articles/${p.duplicate}`}>Open it</a>.
          </>
        ) : null}
      </Notice>
    ) : null}
    <Form action="/admin/compose/fetch" ctx={p.ctx} class="fetch">
      <label for="fetch-url">Start from a web page (optional)</label>
      <div class="row">
        <input id="fetch-url" name="url" type="url" placeholder="https://example.com/news/…" />
        <button type="submit">Fetch</button>
      </div>
    </Form>
    <div class="compose">
      <Form action="/admin/compose" ctx={p.ctx} id="compose-form">
        <ArticleFields draft={p.draft} suggestions={p.suggestions} />
        <div class="buttons">
          <button type="submit" name="action" value="preview">
            Preview
          </button>
          <button type="submit" name="action" value="post" class="primary">
            Post
          </button>
        </div>
      </Form>
      <PreviewPane preview={p.preview} />
    </div>
  </Page>
);

export function composeRoutes(app: Hono<NewsroomEnv>, n: Newsroom): void {
  const suggestions = () => n.core.completeTags('', 50);

  app.get('/admin/compose', async (c) =>
    render(c, <ComposeView ctx={c.get('page')} draft={EMPTY} suggestions={await suggestions()} />),
  );

  /** The preview alone, for the page's script (live preview). */
  app.post('/admin/compose/preview', async (c) =>
    c.html(String(<PreviewView preview={await previewDraft(n, await readDraft(c))} />)),
  );

  app.get('/admin/tags/complete', async (c) => {
    const q = (c.req.query('q') ?? '').slice(0, 64);
    return c.json(await n.core.completeTags(q, 10));
  });

  app.post('/admin/compose/fetch', async (c) => {
    const url = (await field(c, 'url')).trim();
    const ctx = c.get('page');
    try {
      const { page, tags } = await previewLink(n.deps, url, []);
      const draft: Draft = {
        title: page.title,
        tags: tags.join(', '),
        url: page.url,
        image: page.image ?? '',
        source: page.source ?? '',
        date: page.publishedAt ? page.publishedAt.toISOString() : '',
        lang: '',
        body: page.body,
        cardlang: '',
        cardstyle: '',
      };
      return render(
        c,
        <ComposeView
          ctx={ctx}
          draft={draft}
          preview={await previewDraft(n, draft)}
          suggestions={await suggestions()}
        />,
      );
    } catch (err) {
      if (!(err instanceof UserInputError)) throw err;
      return render(
        c,
        <ComposeView
          ctx={ctx}
          draft={{ ...EMPTY, url }}
          error={localizedMessage(err, 'en')}
          suggestions={await suggestions()}
        />,
        422,
      );
    }
  });

  app.post('/admin/compose', async (c) => {
    const draft = await readDraft(c);
    const ctx = c.get('page');
    const preview = await previewDraft(n, draft);
    if ((await field(c, 'action')) !== 'post' || !preview.article)
      return render(
        c,
        <ComposeView ctx={ctx} draft={draft} preview={preview} suggestions={await suggestions()} />,
        preview.article ? 200 : 422,
      );
    try {
      // The same call as /post: validation, duplicates, tags and aliases, fan-out.
      const result = await n.core.postArticle(inputOf(draft), { postedBy: actorOf(c), notify: true });
      await audit(n, c, 'post', `${result.article.publicId}: ${result.article.title} (${result.recipients} chats)`);
      return c.redirect(`/admin/articles/${result.article.publicId}?posted=${result.recipients}`, 303);
    } catch (err) {
      if (!(err instanceof UserInputError) && !(err instanceof DuplicateArticleError)) throw err;
      return render(
        c,
        <ComposeView
          ctx={ctx}
          draft={draft}
          preview={preview}
          error={localizedMessage(err, 'en')}
          duplicate={err instanceof DuplicateArticleError ? err.existingPublicId : undefined}
          suggestions={await suggestions()}
        />,
        err instanceof DuplicateArticleError ? 409 : 422,
      );
    }
  });
}
