/** @jsxImportSource hono/jsx */
import type { Hono } from 'hono';
import type { FC } from 'hono/jsx';
import type { CommandContext } from '../../commands/context.ts';
import { localizedMessage, UserInputError } from '../../domain/errors.ts';
import type { Reply } from '../../domain/reply.ts';
import { asHashtag, parseTagName, type TagName } from '../../domain/tags.ts';
import type { TagListing } from '../../storage/newsroom-store.ts';
import { audit, field, pageNumber, render, type Newsroom, type NewsroomContext, type NewsroomEnv } from '../env.ts';
import { Form, Notice, Page, Pager, type PageContext } from '../layout.tsx';
import { ReplyView } from '../reply-view.tsx';

export const TAGS_PAGE_SIZE = 50;

type Change = 'rename' | 'alias' | 'merge';

/** What a rename, an alias or a merge will do, shown before it is done. */
interface Plan {
  change: Change;
  from: string;
  to: string;
  lines: string[];
  /** It can be done (else lines say why not). */
  ok: boolean;
}

const PLAN_HEADINGS: Record<Change, string> = { rename: 'Rename', alias: 'New alias', merge: 'Merge' };
const CONFIRM_LABELS: Record<Change, string> = { rename: 'Rename it', alias: 'Add the alias', merge: 'Merge them' };

const TagsView: FC<{
  ctx: PageContext;
  tags: (TagListing & { articles: number })[];
  q: string;
  page: number;
  total: number;
  plan?: Plan;
  reply?: Reply;
  error?: string;
}> = (p) => (
  <Page title="Tags" ctx={p.ctx} current="tags">
    {p.reply ? <ReplyView reply={p.reply} /> : null}
    {p.error ? <Notice kind="error">{p.error}</Notice> : null}
    {p.plan ? (
      <section class="plan" aria-labelledby="plan-heading">
        <h2 id="plan-heading">{PLAN_HEADINGS[p.plan.change]}: what will change</h2>
        <ul>
          {p.plan.lines.map((l) => (
            <li>{l}</li>
          ))}
        </ul>
        {p.plan.ok ? (
          <Form action={`/admin/tags/${p.plan.change}`} ctx={p.ctx}>
            <input type="hidden" name="from" value={p.plan.from} />
            <input type="hidden" name="to" value={p.plan.to} />
            <input type="hidden" name="confirm" value="yes" />
            <button type="submit" class="primary">
              {CONFIRM_LABELS[p.plan.change]}
            </button>{' '}
            <a href="/admin/tags">Cancel</a>
          </Form>
        ) : null}
      </section>
    ) : null}
    <div class="two">
      <Form action="/admin/tags/rename" ctx={p.ctx}>
        <h2>Rename a tag</h2>
        <label for="rename-from">Tag</label>
        <input id="rename-from" name="from" required list="tag-options" />
        <label for="rename-to">New spelling</label>
        <input id="rename-to" name="to" required />
        <button type="submit">Show what changes</button>
      </Form>
      <Form action="/admin/tags/alias" ctx={p.ctx}>
        <h2>Add an alias</h2>
        <label for="alias-from">Other spelling</label>
        <input id="alias-from" name="from" required />
        <label for="alias-to">Means the tag</label>
        <input id="alias-to" name="to" required list="tag-options" />
        <button type="submit">Show what changes</button>
      </Form>
      <Form action="/admin/tags/merge" ctx={p.ctx}>
        <h2>Merge two tags</h2>
        <label for="merge-from">The tag that goes</label>
        <input id="merge-from" name="from" required list="tag-options" />
        <label for="merge-to">Into the tag that stays</label>
        <input id="merge-to" name="to" required list="tag-options" />
        <button type="submit">Show what changes</button>
      </Form>
    </div>
    <datalist id="tag-options">
      {p.tags.map((t) => (
        <option value={t.name} />
      ))}
    </datalist>
    <h2>Known tags</h2>
    <form method="get" action="/admin/tags" class="search" role="search">
      <label for="tag-q">Find a tag</label>
      <div class="row">
        <input id="tag-q" name="q" value={p.q} />
        <button type="submit">Find</button>
      </div>
    </form>
    <p>{p.total} tags.</p>
    <div class="table-wrap">
      <table>
        <thead>
          <tr>
            <th scope="col">Tag</th>
            <th scope="col">Followers</th>
            <th scope="col">Articles</th>
            <th scope="col">Aliases</th>
          </tr>
        </thead>
        <tbody>
          {p.tags.map((t) => (
            <tr>
              <td>
                <a href={`/admin/archive?q=${encodeURIComponent(`tag:"${t.name}"`)}`}>{asHashtag(t.name)}</a>
              </td>
              <td>{t.followers}</td>
              <td>{t.articles}</td>
              <td>{t.aliases.join(', ')}</td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
    <Pager
      page={p.page}
      hasMore={p.page * TAGS_PAGE_SIZE < p.total}
      total={Math.ceil(p.total / TAGS_PAGE_SIZE)}
      href={(page) => `/admin/tags?${new URLSearchParams({ ...(p.q ? { q: p.q } : {}), page: String(page) })}`}
    />
  </Page>
);

export function tagsRoutes(app: Hono<NewsroomEnv>, n: Newsroom): void {
  const stores = n.deps.stores;

  const view = async (c: NewsroomContext, extra: { plan?: Plan; reply?: Reply; error?: string } = {}) => {
    const q = (c.req.query('q') ?? '').trim().slice(0, 64);
    const contains = q === '' ? undefined : q.toLowerCase().replace(/^#/u, '');
    const page = pageNumber(c);
    const tags = await stores.newsroom.tags({ limit: TAGS_PAGE_SIZE, offset: (page - 1) * TAGS_PAGE_SIZE, contains });
    const counts = await stores.tags.articleCounts(tags.map((t) => t.id));
    return (
      <TagsView
        ctx={c.get('page')}
        tags={tags.map((t) => ({ ...t, articles: counts.get(t.id) ?? 0 }))}
        q={q}
        page={page}
        total={await stores.newsroom.tagCount(contains)}
        {...extra}
      />
    );
  };

  async function plan(change: Change, from: string, to: string): Promise<Plan> {
    const lines: string[] = [];
    const base = { change, from, to };
    const fromTag = parseTagName(from);
    const toTag = parseTagName(to);
    if (change === 'merge') return mergePlan(fromTag, toTag);
    const tagKey = change === 'rename' ? fromTag.key : toTag.key;
    const tag = await stores.tags.find(tagKey);
    if (!tag) return { ...base, ok: false, lines: [`There is no tag ${asHashtag(change === 'rename' ? from : to)}.`] };
    const [listing] = await stores.newsroom.tags({ limit: 1, offset: 0, contains: tag.key });
    const followers = listing?.key === tag.key ? listing.followers : 0;
    const articles = (await stores.tags.articleCounts([tag.id])).get(tag.id) ?? 0;
    if (change === 'rename') {
      const clash = await stores.tags.find(toTag.key);
      if (clash && clash.id !== tag.id)
        return {
          ...base,
          ok: false,
          lines: [`${asHashtag(clash.name)} is another tag already: add an alias instead.`],
        };
      lines.push(`${asHashtag(tag.name)} will be spelled ${asHashtag(toTag.display)} everywhere.`);
      lines.push(`Its ${followers} followers keep it, and its ${articles} articles carry the new spelling.`);
      if (tag.key !== toTag.key) lines.push(`${tag.name} stays an alias of it: typing it still means this tag.`);
    } else {
      const existing = await stores.tags.find(fromTag.key);
      if (existing && existing.id === tag.id)
        return { ...base, ok: false, lines: [`${fromTag.display} already means ${asHashtag(tag.name)}.`] };
      if (existing && existing.key === fromTag.key)
        return { ...base, ok: false, lines: [`${fromTag.display} is a tag of its own; rename it instead.`] };
      lines.push(
        `Typing ${fromTag.display} will mean ${asHashtag(tag.name)} (${followers} followers, ${articles} articles).`,
      );
      if (existing) lines.push(`It stops meaning ${asHashtag(existing.name)}.`);
    }
    return { ...base, ok: true, lines };
  }

  /** A merge: both tags must exist and differ; the counts are the store's, as the merge will apply them. */
  async function mergePlan(from: TagName, into: TagName): Promise<Plan> {
    const base = { change: 'merge' as const, from: from.display, to: into.display };
    const old = await stores.tags.find(from.key);
    const kept = await stores.tags.find(into.key);
    if (!old) return { ...base, ok: false, lines: [`There is no tag ${asHashtag(from.display)}.`] };
    if (!kept) return { ...base, ok: false, lines: [`There is no tag ${asHashtag(into.display)} to merge into.`] };
    if (old.id === kept.id)
      return { ...base, ok: false, lines: [`${from.display} and ${into.display} are one tag already.`] };
    const m = await stores.tags.mergePlan(old.id, kept.id);
    return {
      ...base,
      ok: true,
      lines: [
        `${asHashtag(old.name)} goes; ${asHashtag(kept.name)} stays.`,
        `${m.followsMoved} chats that follow or mute ${asHashtag(old.name)} will do so for ${asHashtag(kept.name)}; ${m.followsDropped} that have both keep what they have for ${asHashtag(kept.name)}.`,
        `${m.articlesMoved} articles will carry ${asHashtag(kept.name)} instead; ${m.articlesHadBoth} have both and keep it once.`,
        `Typing ${old.name} (or any of its ${m.aliasesMoved} aliases) will mean ${asHashtag(kept.name)}.`,
      ],
    };
  }

  app.get('/admin/tags', async (c) => render(c, await view(c)));

  for (const change of ['rename', 'alias', 'merge'] as const) {
    app.post(`/admin/tags/${change}`, async (c) => {
      const from = (await field(c, 'from')).trim().slice(0, 200);
      const to = (await field(c, 'to')).trim().slice(0, 200);
      if (from === '' || to === '') return render(c, await view(c, { error: 'Fill in both names.' }), 400);
      if (/[=\n\r]/u.test(from + to))
        return render(c, await view(c, { error: 'A tag name cannot contain "=" or a line break.' }), 400);
      try {
        const planned = await plan(change, from, to);
        if ((await field(c, 'confirm')) !== 'yes' || !planned.ok)
          return render(c, await view(c, { plan: planned }), planned.ok ? 200 : 422);
      } catch (err) {
        if (!(err instanceof UserInputError)) throw err;
        return render(c, await view(c, { error: localizedMessage(err, 'en') }), 422);
      }
      // Done by the core's own command, with its rules and its answer.
      const user = c.get('page').user;
      const ctx: CommandContext = {
        platform: user.platform,
        chat: { id: `web:${user.userId}`, kind: 'user' },
        user: { id: user.userId, name: user.name ?? undefined, roleIds: user.roleIds },
        canManageChat: false,
        languageTag: 'en',
      };
      const reply = await n.core.handleCommand(ctx, `/${change} ${from} = ${to}`);
      if (reply.status === 'ok') await audit(n, c, change, `${from} = ${to}`);
      return render(c, await view(c, { reply }), reply.status === 'ok' ? 200 : 422);
    });
  }
}
