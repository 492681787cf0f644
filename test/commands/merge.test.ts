import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { searchArticles } from '../../src/app/search.ts';
import type { CoreHandle } from '../../src/runtime.ts';
import { DIALECTS, openDialectCore } from '../helpers/dialects.ts';
import { replyText, telegramUser } from '../helpers/reply.ts';

/** /merge OLD = NEW: two tags become one, followers, articles and spellings included. */
describe.each(DIALECTS)('/merge on %s', (dialect) => {
  let handle: CoreHandle;
  const admin = telegramUser('1');
  const say = async (who: ReturnType<typeof telegramUser>, text: string) =>
    replyText(await handle.core.handleCommand(who, text));
  const post = (title: string, tags: string[]) =>
    handle.core.postArticle({ title, tags, body: 'Text.' }, { postedBy: 'test', notify: false });
  const followsOf = async (chat: string) => {
    const sub = await handle.deps.stores.subscribers.find('telegram', chat);
    return sub ? (await handle.deps.stores.subscribers.follows(sub.id)).map((f) => [f.name, f.mode]) : [];
  };

  beforeEach(async () => {
    handle = await openDialectCore(dialect, { TELEGRAM_ADMIN_IDS: '1' });
  });
  afterEach(async () => {
    await handle.close();
  });

  it('moves followers and articles to the tag that stays, once each, and keeps the old name as an alias', async () => {
    await say(telegramUser('5'), '/follow ОДКБ');
    await say(telegramUser('6'), '/follow ОДКБ, CSTO');
    await say(telegramUser('7'), '/follow ОДКБ');
    await say(telegramUser('7'), '/mute CSTO');
    await handle.deps.stores.tags.addAlias(
      { key: 'odkb', display: 'ODKB' },
      (await handle.deps.stores.tags.find('одкб'))!.id,
      0,
    );
    const one = await post('Only the Russian spelling', ['ОДКБ']);
    const both = await post('Both spellings', ['ОДКБ', 'CSTO']);
    const cstoId = (await handle.deps.stores.tags.find('csto'))!.id;

    expect(await say(telegramUser('5'), '/merge ОДКБ = CSTO')).toContain("is for the bot's admin");
    const answer = await say(admin, '/merge #ОДКБ = #CSTO');
    expect(answer).toBe(
      'Merged #ОДКБ into #CSTO: 1 chat follows it now (2 had both), 1 article carries it instead (1 had both). "ОДКБ" now means #CSTO.',
    );
    expect(await followsOf('5')).toEqual([['CSTO', 'follow']]);
    expect(await followsOf('6')).toEqual([['CSTO', 'follow']]);
    expect(await followsOf('7')).toEqual([['CSTO', 'mute']]);
    const views = await handle.deps.stores.articles.views(
      await handle.deps.stores.articles.byIds([one.articleId, both.articleId]),
    );
    expect(views.map((v) => v.tags)).toEqual([['CSTO'], ['CSTO']]);
    expect((await handle.deps.stores.tags.articleCounts([cstoId])).get(cstoId)).toBe(2);
    // The old spelling and its aliases mean the tag that stays.
    expect((await handle.deps.stores.tags.find('одкб'))?.id).toBe(cstoId);
    expect((await handle.deps.stores.tags.find('odkb'))?.id).toBe(cstoId);
    const found = await searchArticles(handle.deps.stores, '#ОДКБ', { limit: 10, offset: 0 });
    expect(found.results.map((r) => r.article.title).sort()).toEqual(['Both spellings', 'Only the Russian spelling']);
    expect(await say(telegramUser('8'), '/follow ODKB')).toContain('#CSTO');
    const later = await post('Posted with the old name', ['ОДКБ']);
    expect(
      (await handle.deps.stores.articles.views(await handle.deps.stores.articles.byIds([later.articleId])))[0]?.tags,
    ).toEqual(['CSTO']);
  });

  it('refuses a tag that does not exist, a merge into itself, and a line without "="', async () => {
    await post('Armenia', ['Armenia', 'Армения']);
    expect(await say(admin, '/merge Nowhere = Armenia')).toContain('#Nowhere');
    expect(await say(admin, '/merge Armenia = Nowhere')).toContain('There is no tag #Nowhere to merge into');
    expect(await say(admin, '/merge Armenia = armenia')).toContain('is already that tag');
    expect(await say(admin, '/merge Armenia')).toContain('=');
    expect(await handle.deps.stores.tags.find('армения')).toBeTruthy();
  });
});
