import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { postArticle } from '../../src/app/articles.ts';
import { parseTagList } from '../../src/domain/tags.ts';
import type { CoreHandle } from '../../src/runtime.ts';
import { DIALECTS, openDialectCore } from '../helpers/dialects.ts';

describe.each(DIALECTS)('on %s', (dialect) => {
  let handle: CoreHandle;
  beforeEach(async () => {
    handle = await openDialectCore(dialect);
  });
  afterEach(async () => {
    await handle.close();
  });

  async function subscriber(chatId: string, follows: string, mutes = '') {
    const { subscribers, tags } = handle.deps.stores;
    const sub = await subscribers.upsert({ platform: 'telegram', chatId, kind: 'user' }, 0);
    for (const [list, mode] of [
      [follows, 'follow'],
      [mutes, 'mute'],
    ] as const) {
      for (const tag of await tags.ensure(parseTagList(list), 0)) await subscribers.setFollow(sub.id, tag.id, mode, 0);
    }
    return sub;
  }

  const post = (tags: string[], notify = true) =>
    postArticle(handle.deps, { title: `Article about ${tags.join(' ')}`, tags }, { postedBy: 'test', notify });

  async function recipients(articleId: number) {
    const rows = await handle.storage.db
      .selectFrom('deliveries')
      .innerJoin('subscribers', 'subscribers.id', 'deliveries.subscriber_id')
      .select('subscribers.chat_id')
      .where('article_id', '=', articleId)
      .orderBy('subscribers.chat_id')
      .execute();
    return rows.map((r) => r.chat_id);
  }

  describe('fan-out', () => {
    it('enqueues one delivery per follower, however many of the tags they follow', async () => {
      await subscriber('a', 'Armenia, Russia, CSTO');
      await subscriber('b', 'Russia');
      await subscriber('c', 'Sports');
      const result = await post(['Armenia', 'Russia', 'CSTO']);
      expect(result.recipients).toBe(2);
      expect(await recipients(result.articleId)).toEqual(['a', 'b']);
    });

    it("skips subscribers who mute any of the article's tags", async () => {
      await subscriber('a', 'Armenia', 'Russia');
      await subscriber('b', 'Armenia');
      const result = await post(['Armenia', 'Russia']);
      expect(await recipients(result.articleId)).toEqual(['b']);
    });

    it('skips deactivated and paused subscribers', async () => {
      const a = await subscriber('a', 'Armenia');
      const b = await subscriber('b', 'Armenia');
      await subscriber('c', 'Armenia');
      await handle.deps.stores.subscribers.setStatus(a.id, 'deactivated', 'blocked', 0);
      await handle.deps.stores.subscribers.setStatus(b.id, 'paused', 'permissions', 0);
      expect(await recipients((await post(['Armenia'])).articleId)).toEqual(['c']);
    });

    it('enqueues nothing for a quiet import, and a repeated fan-out adds nothing', async () => {
      await subscriber('a', 'Armenia');
      const quiet = await post(['Armenia'], false);
      expect(await recipients(quiet.articleId)).toEqual([]);
      const loud = await post(['Armenia']);
      expect(await handle.deps.stores.outbox.fanOut(loud.articleId, 1)).toBe(0);
      expect(await recipients(loud.articleId)).toEqual(['a']);
    });

    it('matches followers through aliases', async () => {
      await subscriber('a', 'CSTO');
      const [tag] = await handle.deps.stores.tags.ensure(parseTagList('CSTO'), 0);
      await handle.deps.stores.tags.addAlias(parseTagList('Collective Security Treaty Organization')[0]!, tag!.id, 0);
      const result = await post(['Collective Security Treaty Organization']);
      expect(result.article.tags).toEqual(['CSTO']);
      expect(await recipients(result.articleId)).toEqual(['a']);
    });
  });
});
