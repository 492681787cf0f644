import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { editArticle, removeArticle } from '../../src/app/article-edit.ts';
import { postArticle } from '../../src/app/articles.ts';
import type { Platform } from '../../src/domain/platform.ts';
import { parseTagList } from '../../src/domain/tags.ts';
import type { CoreHandle } from '../../src/runtime.ts';
import { DIALECTS, openDialectCore } from '../helpers/dialects.ts';
import { consoleCtx, replyText } from '../helpers/reply.ts';

const HOUR = 60 * 60 * 1000;

/** The card_updates outbox (migration 0018) and corrections, on both engines. */
describe.each(DIALECTS)('on %s', (dialect) => {
  let handle: CoreHandle;
  beforeEach(async () => {
    handle = await openDialectCore(dialect);
  });
  afterEach(async () => {
    await handle.close();
  });
  const now = () => handle.deps.clock.now().getTime();

  async function follower(chatId: string, follows: string, platform: Platform = 'telegram') {
    const { subscribers, tags } = handle.deps.stores;
    const sub = await subscribers.upsert({ platform, chatId, kind: 'user' }, 0);
    for (const tag of await tags.ensure(parseTagList(follows), 0))
      await subscribers.setFollow(sub.id, tag.id, 'follow', 0);
    return sub;
  }

  /** Marks an article's deliveries sent, `ageMs` ago, with message ids m<id>. */
  async function delivered(articleId: number, ageMs = 0) {
    const rows = await handle.storage.db
      .selectFrom('deliveries')
      .select('id')
      .where('article_id', '=', articleId)
      .execute();
    for (const r of rows) {
      await handle.storage.db
        .updateTable('deliveries')
        .set({ status: 'sent', message_id: `m${r.id}`, sent_at: now() - ageMs })
        .where('id', '=', r.id)
        .execute();
    }
  }

  const updates = () =>
    handle.storage.db
      .selectFrom('card_updates')
      .select(['delivery_id', 'op', 'status', 'message_id'])
      .orderBy('delivery_id')
      .execute();

  const claim = (limit = 100) =>
    handle.deps.stores.cardUpdates.claimDue({
      platforms: ['telegram', 'discord'],
      now: now(),
      leaseUntil: now() + 30_000,
      limit,
    });

  it('edits every delivered card once, however often it is corrected, and reaches followers of added tags', async () => {
    await follower('a', 'Armenia');
    await follower('b', 'Armenia');
    await follower('c', 'CSTO');
    const posted = await postArticle(
      handle.deps,
      { title: 'Armenia freezes CSTO', tags: ['Armenia'], body: 'First.' },
      { postedBy: 'test', notify: true },
    );
    await delivered(posted.articleId);
    const row = await handle.deps.stores.articles.byPublicId(posted.article.publicId);
    const first = await editArticle(handle.deps, row!, { title: 'Armenia freezes its CSTO participation' });
    expect(first).toMatchObject({ changed: ['title'], cards: 2, recipients: 0 });
    const second = await editArticle(handle.deps, (await handle.deps.stores.articles.byIds([posted.articleId]))[0]!, {
      tags: ['Armenia', 'CSTO'],
      body: 'Corrected.',
    });
    expect(second).toMatchObject({ changed: ['body', 'tags'], cards: 2, recipients: 1 });
    expect((await updates()).map((u) => [u.op, u.status])).toEqual([
      ['edit', 'queued'],
      ['edit', 'queued'],
    ]);
    const stored = (await handle.deps.stores.articles.byIds([posted.articleId]))[0];
    expect(stored).toMatchObject({
      title: 'Armenia freezes its CSTO participation',
      body: 'Corrected.',
      summary: 'Corrected.',
    });
    const found = await handle.core.handleCommand(consoleCtx, '/search participation');
    expect(replyText(found)).toContain('Armenia freezes its CSTO participation');
  });

  it('claims under a lease; an outcome for a replaced claim changes nothing; a lapsed lease is claimed again', async () => {
    await follower('a', 'Armenia');
    const posted = await postArticle(
      handle.deps,
      { title: 'One', tags: ['Armenia'] },
      { postedBy: 'test', notify: true },
    );
    await delivered(posted.articleId);
    const row = (await handle.deps.stores.articles.byIds([posted.articleId]))[0]!;
    await editArticle(handle.deps, row, { title: 'One, corrected' });
    const [claimed] = await claim();
    expect(claimed).toMatchObject({ op: 'edit', platform: 'telegram', chatId: 'a', followedTags: ['Armenia'] });
    expect(await claim()).toEqual([]);
    // A second correction while the first edit is in flight: it stays queued when the first is marked done.
    await editArticle(handle.deps, (await handle.deps.stores.articles.byIds([posted.articleId]))[0]!, { title: 'Two' });
    await handle.deps.stores.cardUpdates.done(claimed!, now());
    expect((await updates())[0]).toMatchObject({ status: 'queued' });
    const [again] = await claim();
    await handle.deps.stores.cardUpdates.done(again!, now());
    expect((await updates())[0]).toMatchObject({ status: 'done' });
    expect(await handle.deps.stores.cardUpdates.countByStatus()).toEqual({ done: 1 });
  });

  it('deletes everywhere but what Telegram may no longer delete, outliving the article; a delete replaces an edit', async () => {
    await follower('fresh', 'Armenia');
    await follower('old', 'Armenia');
    await follower('d', 'Armenia', 'discord');
    const posted = await postArticle(
      handle.deps,
      { title: 'Gone', tags: ['Armenia'] },
      { postedBy: 'test', notify: true },
    );
    await delivered(posted.articleId);
    const old = await handle.deps.stores.subscribers.find('telegram', 'old');
    await handle.storage.db
      .updateTable('deliveries')
      .set({ sent_at: now() - 49 * HOUR })
      .where('subscriber_id', '=', old!.id)
      .execute();
    const row = (await handle.deps.stores.articles.byIds([posted.articleId]))[0]!;
    await editArticle(handle.deps, row, { title: 'Gone soon' });
    const result = await removeArticle(
      handle.deps,
      (await handle.deps.stores.articles.byIds([posted.articleId]))[0]!,
      true,
    );
    expect(result).toEqual({ cards: 2, tooOld: 1 });
    expect(await handle.deps.stores.articles.byIds([posted.articleId])).toEqual([]);
    const ops = await updates();
    // The old Telegram card keeps its pending edit, which fails (the article is gone); the others are deletes.
    expect(ops.map((u) => u.op).sort()).toEqual(['delete', 'delete', 'edit']);
    const claimed = await claim();
    expect(
      claimed
        .filter((c) => c.op === 'delete')
        .map((c) => c.chatId)
        .sort(),
    ).toEqual(['d', 'fresh']);
  });

  it('marks an edit whose picture changed, and keeps the mark while a later text correction waits with it', async () => {
    await follower('a', 'Armenia');
    const posted = await postArticle(
      handle.deps,
      { title: 'One', tags: ['Armenia'] },
      { postedBy: 'test', notify: true },
    );
    await delivered(posted.articleId);
    const current = async () => (await handle.deps.stores.articles.byIds([posted.articleId]))[0]!;
    await editArticle(handle.deps, await current(), { image: 'https://images.example.com/one.jpg' });
    await editArticle(handle.deps, await current(), { title: 'One, corrected' });
    const [first] = await claim();
    expect(first).toMatchObject({ op: 'edit', media: true });
    await handle.deps.stores.cardUpdates.done(first!, now());
    await editArticle(handle.deps, await current(), { title: 'One, corrected again' });
    expect((await claim())[0]).toMatchObject({ op: 'edit', media: false });
  });

  it('prunes done and failed changes by the retention', async () => {
    await follower('a', 'Armenia');
    const posted = await postArticle(
      handle.deps,
      { title: 'One', tags: ['Armenia'] },
      { postedBy: 'test', notify: true },
    );
    await delivered(posted.articleId);
    await editArticle(handle.deps, (await handle.deps.stores.articles.byIds([posted.articleId]))[0]!, { title: 'Two' });
    const [claimed] = await claim();
    // One instant for the failure and the cut-offs: the real clock moves between the calls on a busy machine.
    const failedAt = now();
    await handle.deps.stores.cardUpdates.fail(claimed!, 'gone: message to edit not found', failedAt);
    expect(await handle.deps.stores.cardUpdates.prune(failedAt)).toBe(0);
    expect(await handle.deps.stores.cardUpdates.prune(failedAt + 1)).toBe(1);
  });
});
