import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { CoreHandle } from '../../src/runtime.ts';
import { postTo } from '../delivery/worker-helpers.ts';
import { DIALECTS, openDialectCore } from '../helpers/dialects.ts';
import { telegramUser } from '../helpers/reply.ts';

/**
 * The outbox has no foreign keys on its hot insert path (SQLite since 0003, PostgreSQL
 * since 0007): these are the promises the keys made, kept by triggers.
 */
describe.each(DIALECTS)("the outbox's links on %s", (dialect) => {
  let handle: CoreHandle;
  beforeEach(async () => {
    handle = await openDialectCore(dialect);
  });
  afterEach(async () => {
    await handle.close();
  });

  const db = () => handle.storage.db;
  const rowsOf = async (column: 'article_id' | 'subscriber_id', id: number) =>
    Number(
      (
        await db()
          .selectFrom('deliveries')
          .select((eb) => eb.fn.countAll<number>().as('n'))
          .where(column, '=', id)
          .executeTakeFirstOrThrow()
      ).n,
    );

  async function setUp() {
    for (const chat of ['1', '2']) await handle.core.handleCommand(telegramUser(chat), '/follow Armenia');
    const a = await postTo(handle, 'First', ['Armenia']);
    const b = await postTo(handle, 'Second', ['Armenia']);
    const subs = await db().selectFrom('subscribers').select(['id', 'chat_id']).orderBy('chat_id').execute();
    return { a, b, one: subs[0]?.id ?? 0, two: subs[1]?.id ?? 0 };
  }

  it('deleting an article deletes its deliveries and no other', async () => {
    const { a, b } = await setUp();
    expect(await rowsOf('article_id', a.articleId)).toBe(2);
    await handle.deps.stores.articles.remove(a.articleId);
    expect(await rowsOf('article_id', a.articleId)).toBe(0);
    expect(await rowsOf('article_id', b.articleId)).toBe(2);
  });

  it('deleting a subscriber deletes its deliveries and no other', async () => {
    const { one, two } = await setUp();
    await db().deleteFrom('subscribers').where('id', '=', one).execute();
    expect(await rowsOf('subscriber_id', one)).toBe(0);
    expect(await rowsOf('subscriber_id', two)).toBe(2);
  });

  it('moving a chat onto an existing one carries its pending rows over and leaves none behind', async () => {
    const { one, two } = await setUp();
    await db()
      .deleteFrom('deliveries')
      .where('subscriber_id', '=', two)
      .where(
        'article_id',
        '=',
        (await db().selectFrom('articles').select('id').orderBy('id', 'desc').executeTakeFirstOrThrow()).id,
      )
      .execute();
    await handle.deps.stores.subscribers.moveChat('telegram', '1', '2', Date.now());
    expect(await rowsOf('subscriber_id', one)).toBe(0);
    expect(await rowsOf('subscriber_id', two)).toBe(2);
  });

  it.runIf(dialect === 'postgres')(
    'refuses to point a row at a subscriber or an article that does not exist',
    async () => {
      const { a, one } = await setUp();
      const row = await db()
        .selectFrom('deliveries')
        .select('id')
        .where('subscriber_id', '=', one)
        .where('article_id', '=', a.articleId)
        .executeTakeFirstOrThrow();
      await expect(
        db().updateTable('deliveries').set({ subscriber_id: 999_999 }).where('id', '=', row.id).execute(),
      ).rejects.toThrow(/no such subscriber/u);
      await expect(
        db().updateTable('deliveries').set({ article_id: 999_999 }).where('id', '=', row.id).execute(),
      ).rejects.toThrow(/no such article/u);
    },
  );
});
