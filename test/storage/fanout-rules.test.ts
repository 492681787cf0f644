import { sql } from 'kysely';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { MAX_TAGS_PER_ARTICLE } from '../../src/domain/article.ts';
import { parseTagList } from '../../src/domain/tags.ts';
import type { CoreHandle } from '../../src/runtime.ts';
import { PAUSED_REASON } from '../../src/storage/schedule-store.ts';
import type { SearchRecipients } from '../../src/storage/outbox-store.ts';
import { DIALECTS, openDialectCore } from '../helpers/dialects.ts';

/**
 * OutboxStore.fanOut at the store level: who gets a row and how it starts, for every
 * way in (tag follows, saved-search includes, a correction's added tags) and out
 * (inactive chats, mutes of any of the article's tags, saved-search excludes).
 */
describe.each(DIALECTS)('fanOut on %s', (dialect) => {
  let handle: CoreHandle;
  /** Tag ids by name, of this test's database. */
  const tagIds = new Map<string, number>();
  let articles = 0;
  beforeEach(async () => {
    handle = await openDialectCore(dialect);
    tagIds.clear();
  });
  afterEach(async () => {
    await handle.close();
  });

  const NOW = 1_000_000;
  const db = () => handle.storage.db;
  const outbox = () => handle.deps.stores.outbox;

  async function tag(name: string): Promise<number> {
    const known = tagIds.get(name);
    if (known !== undefined) return known;
    const [row] = await handle.deps.stores.tags.ensure(parseTagList(name), 0);
    if (!row) throw new Error(`no tag ${name}`);
    tagIds.set(name, row.id);
    return row.id;
  }

  /** A chat following `follows` and muting `mutes` (tag names). */
  async function chat(chatId: string, follows: string[], mutes: string[] = []): Promise<number> {
    const { subscribers } = handle.deps.stores;
    const sub = await subscribers.upsert({ platform: 'telegram', chatId, kind: 'user' }, 0);
    for (const name of follows) await subscribers.setFollow(sub.id, await tag(name), 'follow', 0);
    for (const name of mutes) await subscribers.setFollow(sub.id, await tag(name), 'mute', 0);
    return sub.id;
  }

  async function article(tags: string[]): Promise<number> {
    articles += 1;
    const row = await db()
      .insertInto('articles')
      .values({
        public_id: `fanout${articles}`,
        external_id: null,
        title: `Article ${articles}`,
        body: '',
        summary: '',
        url: null,
        source: null,
        published_at: NOW,
        created_at: NOW,
        posted_by: 'test',
      })
      .returning('id')
      .executeTakeFirstOrThrow();
    const ids = [];
    for (const name of tags) ids.push(await tag(name));
    if (ids.length > 0)
      await db()
        .insertInto('article_tags')
        .values(ids.map((tag_id, position) => ({ article_id: row.id, tag_id, position })))
        .execute();
    return row.id;
  }

  async function rows(articleId: number) {
    const found = await db()
      .selectFrom('deliveries as d')
      .innerJoin('subscribers as s', 's.id', 'd.subscriber_id')
      .select(['d.id', 'd.subscriber_id', 's.chat_id', 'd.status', 'd.next_attempt_at', 'd.last_error', 'd.attempts'])
      .where('d.article_id', '=', articleId)
      .orderBy('s.chat_id')
      .execute();
    return found.map((r) => ({ ...r, id: Number(r.id), next_attempt_at: Number(r.next_attempt_at) }));
  }
  const chats = async (articleId: number) => (await rows(articleId)).map((r) => r.chat_id);

  const searches = (include: number[], exclude: number[] = []): SearchRecipients => ({ include, exclude });

  it('gives a follower of several of the tags one row, and a chat following none of them none', async () => {
    await chat('a', ['Armenia', 'Russia', 'CSTO']);
    await chat('b', ['Russia']);
    await chat('c', ['CSTO', 'Armenia']);
    await chat('d', ['Sports']);
    await chat('e', []);
    const id = await article(['Armenia', 'Russia', 'CSTO']);
    expect(await outbox().fanOut(id, NOW)).toBe(3);
    expect(await chats(id)).toEqual(['a', 'b', 'c']);
  });

  it("excludes a chat muting any one of the article's tags, even one it follows another of", async () => {
    await chat('a', ['Armenia'], ['Russia']);
    await chat('b', ['Armenia', 'Russia']);
    await chat('c', ['Russia'], ['Sports']);
    const id = await article(['Armenia', 'Russia']);
    expect(await outbox().fanOut(id, NOW)).toBe(2);
    expect(await chats(id)).toEqual(['b', 'c']);
  });

  it('reaches only active chats', async () => {
    const { subscribers } = handle.deps.stores;
    const a = await chat('a', ['Oil']);
    const b = await chat('b', ['Oil', 'Gas']);
    await chat('c', ['Gas']);
    await subscribers.setStatus(a, 'deactivated', 'blocked', 0);
    await subscribers.setStatus(b, 'paused', 'permissions', 0);
    const id = await article(['Oil', 'Gas']);
    expect(await outbox().fanOut(id, NOW, searches([a, b]))).toBe(1);
    expect(await chats(id)).toEqual(['c']);
  });

  it("starts each row as the chat's schedule says: paused, digest, quiet hours, else queued", async () => {
    const paused = await chat('a-paused', ['Oil']);
    const pausedDigest = await chat('b-paused-digest', ['Oil']);
    const digest = await chat('c-digest', ['Oil']);
    const digestQuiet = await chat('d-digest-quiet', ['Oil']);
    const quiet = await chat('e-quiet', ['Oil']);
    const quietFrom = await chat('f-quiet-starting-now', ['Oil']);
    const quietOver = await chat('g-quiet-over', ['Oil']);
    const quietLater = await chat('h-quiet-later', ['Oil']);
    await chat('i-plain', ['Oil']);
    const set = async (id: number, values: Record<string, number | null>) =>
      db().updateTable('subscribers').set(values).where('id', '=', id).execute();
    await set(paused, { paused_at: NOW - 5 });
    await set(pausedDigest, { paused_at: NOW - 5, digest_next_at: NOW + 100 });
    await set(digest, { digest_next_at: NOW + 200 });
    await set(digestQuiet, { digest_next_at: NOW + 300, quiet_from: NOW - 10, quiet_until: NOW + 10 });
    await set(quiet, { quiet_from: NOW - 10, quiet_until: NOW + 400 });
    await set(quietFrom, { quiet_from: NOW, quiet_until: NOW + 500 });
    await set(quietOver, { quiet_from: NOW - 10, quiet_until: NOW });
    await set(quietLater, { quiet_from: NOW + 1, quiet_until: NOW + 600 });
    const id = await article(['Oil']);
    expect(await outbox().fanOut(id, NOW)).toBe(9);
    expect((await rows(id)).map((r) => [r.chat_id, r.status, r.next_attempt_at, r.last_error, r.attempts])).toEqual([
      ['a-paused', 'skipped', NOW, PAUSED_REASON, 0],
      ['b-paused-digest', 'skipped', NOW, PAUSED_REASON, 0],
      ['c-digest', 'held', NOW + 200, null, 0],
      ['d-digest-quiet', 'held', NOW + 300, null, 0],
      ['e-quiet', 'deferred', NOW + 400, null, 0],
      ['f-quiet-starting-now', 'deferred', NOW + 500, null, 0],
      ['g-quiet-over', 'queued', NOW, null, 0],
      ['h-quiet-later', 'queued', NOW, null, 0],
      ['i-plain', 'queued', NOW, null, 0],
    ]);
  });

  it('with onlyTagIds, reaches the followers of those of its tags only; a mute of any of its tags still excludes', async () => {
    await chat('a', ['Oil']);
    await chat('b', ['Gas']);
    await chat('c', ['Gas', 'Oil']);
    await chat('d', ['Gas'], ['Oil']);
    await chat('e', ['Coal']);
    await chat('f', ['Wind']);
    await chat('g', ['Gas', 'Wind'], ['Coal']);
    const id = await article(['Oil', 'Gas', 'Coal']);
    // Wind is not the article's: its followers are not reached through it.
    expect(await outbox().fanOut(id, NOW, undefined, [await tag('Gas'), await tag('Wind')])).toBe(2);
    expect(await chats(id)).toEqual(['b', 'c']);
  });

  it('with an empty onlyTagIds reaches no follower, only the saved-search includes', async () => {
    await chat('a', ['Oil']);
    const b = await chat('b', ['Oil']);
    const id = await article(['Oil']);
    expect(await outbox().fanOut(id, NOW, undefined, [])).toBe(0);
    expect(await outbox().fanOut(id, NOW, searches([b]), [])).toBe(1);
    expect(await chats(id)).toEqual(['b']);
  });

  it('adds saved-search includes once each, unless muted, excluded or inactive; excludes win over follows', async () => {
    const { subscribers } = handle.deps.stores;
    await chat('a-follower', ['Oil']);
    const alsoIncluded = await chat('b-follower-included', ['Oil']);
    const included = await chat('c-included', ['Sports']);
    const plain = await chat('d-included', []);
    const muter = await chat('e-included-muter', [], ['Oil']);
    const excluded = await chat('f-included-excluded', []);
    const excludedFollower = await chat('g-follower-excluded', ['Oil']);
    const inactive = await chat('h-included-inactive', []);
    await subscribers.setStatus(inactive, 'deactivated', 'blocked', 0);
    const id = await article(['Oil']);
    const include = [plain, alsoIncluded, included, plain, muter, excluded, inactive, 999_999];
    expect(await outbox().fanOut(id, NOW, searches(include, [excluded, excludedFollower]))).toBe(4);
    expect(await chats(id)).toEqual(['a-follower', 'b-follower-included', 'c-included', 'd-included']);
  });

  it('an article without tags reaches nobody but its saved-search includes', async () => {
    const a = await chat('a', ['Oil']);
    await chat('b', ['Gas']);
    const bare = await article([]);
    expect(await outbox().fanOut(bare, NOW)).toBe(0);
    expect(await outbox().fanOut(bare, NOW, searches([], [a]))).toBe(0);
    expect(await outbox().fanOut(bare, NOW, undefined, [await tag('Oil')])).toBe(0);
    expect(await chats(bare)).toEqual([]);
    const included = await article([]);
    expect(await outbox().fanOut(included, NOW, searches([a]))).toBe(1);
    expect(await chats(included)).toEqual(['a']);
  });

  it('gives a chat included twice one row, with no tag to reach anyone through', async () => {
    const a = await chat('a', ['Oil']);
    const b = await chat('b', []);
    const bare = await article([]);
    expect(await outbox().fanOut(bare, NOW, searches([b, a, b, a]))).toBe(2);
    expect(await chats(bare)).toEqual(['a', 'b']);
    const tagged = await article(['Oil', 'Gas']);
    expect(await outbox().fanOut(tagged, NOW, searches([b, b]), [await tag('Gas')])).toBe(1);
    expect(await outbox().fanOut(tagged, NOW, searches([b, b, a]))).toBe(1);
    expect(await chats(tagged)).toEqual(['a', 'b']);
  });

  it('a repeated fan-out adds only the missing rows and leaves the others as they are', async () => {
    await chat('a', ['Oil']);
    await chat('b', ['Gas']);
    const c = await chat('c', ['Oil', 'Gas']);
    const d = await chat('d', []);
    const id = await article(['Oil', 'Gas']);
    expect(await outbox().fanOut(id, NOW, undefined, [await tag('Oil')])).toBe(2);
    const first = await rows(id);
    expect(first.map((r) => r.chat_id)).toEqual(['a', 'c']);
    await db().updateTable('deliveries').set({ status: 'sent' }).where('article_id', '=', id).execute();
    expect(await outbox().fanOut(id, NOW + 1, searches([c, d]))).toBe(2);
    const second = await rows(id);
    expect(second.map((r) => [r.chat_id, r.status, r.next_attempt_at])).toEqual([
      ['a', 'sent', NOW],
      ['b', 'queued', NOW + 1],
      ['c', 'sent', NOW],
      ['d', 'queued', NOW + 1],
    ]);
    expect(await outbox().fanOut(id, NOW + 2, searches([c, d]))).toBe(0);
  });

  it('a repeated fan-out leaves the row of a chat that has since muted one of the tags, and adds none for it', async () => {
    const a = await chat('a', ['Oil']);
    const b = await chat('b', ['Gas']);
    const id = await article(['Oil', 'Gas']);
    expect(await outbox().fanOut(id, NOW, undefined, [await tag('Oil')])).toBe(1);
    await handle.deps.stores.subscribers.setFollow(a, await tag('Gas'), 'mute', 0);
    await handle.deps.stores.subscribers.setFollow(b, await tag('Oil'), 'mute', 0);
    expect(await outbox().fanOut(id, NOW + 1, searches([a, b]))).toBe(0);
    expect((await rows(id)).map((r) => [r.chat_id, r.next_attempt_at])).toEqual([['a', NOW]]);
  });

  it('counts only the rows it keeps when muting chats are among the followers and includes', async () => {
    const muters: number[] = [];
    for (let i = 0; i < 5; i++) muters.push(await chat(`m${i}`, ['Oil'], i % 2 === 0 ? ['Gas'] : ['Oil']));
    await chat('plain', ['Gas']);
    const id = await article(['Oil', 'Gas']);
    expect(await outbox().fanOut(id, NOW, searches(muters))).toBe(1);
    expect(await chats(id)).toEqual(['plain']);
    expect(await outbox().fanOut(id, NOW + 1, searches(muters))).toBe(0);
    expect(await chats(id)).toEqual(['plain']);
  });

  it.runIf(dialect === 'sqlite')(
    'called outside a transaction, runs as one: a failure after the insert leaves no row',
    async () => {
      await chat('muter', ['Oil'], ['Gas']);
      await chat('plain', ['Oil']);
      const id = await article(['Oil', 'Gas']);
      // The muting chat's row is deleted after the insert (SQLite, a new article): make that fail.
      await sql`CREATE TEMP TRIGGER refuse_delete BEFORE DELETE ON deliveries BEGIN SELECT RAISE(ABORT, 'refused'); END`.execute(
        db(),
      );
      await expect(outbox().fanOut(id, NOW)).rejects.toThrow(/refused/u);
      expect(await chats(id)).toEqual([]);
      await sql`DROP TRIGGER refuse_delete`.execute(db());
      expect(await outbox().fanOut(id, NOW)).toBe(1);
      expect(await chats(id)).toEqual(['plain']);
    },
  );

  it('handles an article with the most tags allowed, and includes beside them', async () => {
    const names = Array.from({ length: MAX_TAGS_PER_ARTICLE }, (_, i) => `Topic${i}`);
    const expected: string[] = [];
    for (const [i, name] of names.entries()) {
      expected.push(`f${String(i).padStart(2, '0')}`);
      await chat(`f${String(i).padStart(2, '0')}`, [name, names[(i + 1) % names.length] ?? name]);
    }
    await chat('m', [names[0] ?? ''], [names[MAX_TAGS_PER_ARTICLE - 1] ?? '']);
    const extra = await chat('x', ['Elsewhere']);
    const id = await article(names);
    expect(await outbox().fanOut(id, NOW, searches([extra]))).toBe(MAX_TAGS_PER_ARTICLE + 1);
    expect(await chats(id)).toEqual([...expected, 'x']);
  });

  it.runIf(dialect === 'sqlite')('enqueues in subscriber order (rows land at the end of the indexes)', async () => {
    const ids: number[] = [];
    for (let i = 0; i < 30; i++) {
      const follows = [i % 3 === 0 ? 'Oil' : 'Gas', ...(i % 5 === 0 ? ['Coal'] : [])];
      ids.push(await chat(`c${String(i).padStart(2, '0')}`, follows));
    }
    const loner = await chat('z', []);
    const id = await article(['Coal', 'Gas', 'Oil']);
    expect(await outbox().fanOut(id, NOW, searches([loner, ids[4] ?? 0, ids[2] ?? 0]))).toBe(31);
    const inserted = async (articleId: number) =>
      (await rows(articleId)).sort((x, y) => x.id - y.id).map((r) => r.subscriber_id);
    expect(await inserted(id)).toEqual([...ids, loner].sort((x, y) => x - y));
    // Saved-search includes alone, given out of order.
    const bare = await article([]);
    const include = [loner, ids[9] ?? 0, ids[3] ?? 0, ids[20] ?? 0, ids[3] ?? 0];
    expect(await outbox().fanOut(bare, NOW, searches(include))).toBe(4);
    expect(await inserted(bare)).toEqual([...new Set(include)].sort((x, y) => x - y));
  });
});
