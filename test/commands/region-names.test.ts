import { PassThrough } from 'node:stream';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { postArticle } from '../../src/app/articles.ts';
import { localTagNames, seedRegionNames } from '../../src/app/region-names.ts';
import type { CommandContext } from '../../src/commands/context.ts';
import { namesOf, REGION_NAMES } from '../../src/domain/region-names.ts';
import { tagKey } from '../../src/domain/tags.ts';
import { startBot, type CoreHandle } from '../../src/runtime.ts';
import { DIALECTS, openDialectCore } from '../helpers/dialects.ts';
import { replyText, telegramUser } from '../helpers/reply.ts';

/** The built-in names of the region, seeded over the stores, on both engines. */
describe.each(DIALECTS)('built-in names of the region on %s', (dialect) => {
  let handle: CoreHandle;
  const admin = telegramUser('1');
  const english = telegramUser('10');
  const russian: CommandContext = { ...telegramUser('11'), languageTag: 'ru' };
  const armenian: CommandContext = { ...telegramUser('12'), languageTag: 'hy' };

  beforeEach(async () => {
    handle = await openDialectCore(dialect, { TELEGRAM_ADMIN_IDS: '1' });
  });
  afterEach(async () => {
    await handle.close();
  });

  const run = (ctx: CommandContext, text: string) => handle.core.handleCommand(ctx, text);
  const seed = () => seedRegionNames(handle.deps);
  const tagOf = async (name: string) => (await handle.deps.stores.tags.find(tagKey(name)))?.name;
  const snapshot = async () => ({
    tags: await handle.storage.db.selectFrom('tags').selectAll().orderBy('id').execute(),
    aliases: await handle.storage.db.selectFrom('tag_aliases').selectAll().orderBy('key').execute(),
  });
  const totalKeys = new Set(REGION_NAMES.flatMap((r) => namesOf(r).map(tagKey))).size;
  const followedKeys = async (chatId: string) =>
    (
      await handle.storage.db
        .selectFrom('follows')
        .innerJoin('subscribers', 'subscribers.id', 'follows.subscriber_id')
        .innerJoin('tags', 'tags.id', 'follows.tag_id')
        .select('tags.key')
        .where('subscribers.chat_id', '=', chatId)
        .execute()
    ).map((r) => r.key);

  it('makes one tag per entry, named in English, with every other name its alias; a second run changes nothing', async () => {
    expect(await seed()).toEqual({ tags: REGION_NAMES.length, aliases: totalKeys - REGION_NAMES.length });
    expect(await handle.deps.stores.tags.count()).toBe(REGION_NAMES.length);
    for (const region of REGION_NAMES) {
      for (const name of namesOf(region)) expect(await tagOf(name), name).toBe(region.en);
    }
    const before = await snapshot();
    const transaction = vi.spyOn(handle.deps.stores, 'transaction');
    handle.deps.clock = { now: () => new Date(Date.now() + 86_400_000) };
    expect(await seed()).toEqual({ tags: 0, aliases: 0 });
    expect(transaction).not.toHaveBeenCalled();
    expect(await snapshot()).toEqual(before);
  });

  it("keeps an admin's tags and aliases: no tag renamed, no alias re-pointed", async () => {
    await run(english, '/follow Artsakh, Nagorno-Karabakh, Armenia, Հայաստան, Karabakh economy');
    expect((await run(admin, '/alias Карабах = Karabakh economy')).status).toBe('ok');
    await run(english, '/follow Ереван');
    expect((await run(admin, '/alias Yerevan City = Ереван')).status).toBe('ok');
    await seed();
    // Nagorno-Karabakh (the English name, tried first) is the entry's tag; Artsakh and Карабах stay as they were.
    expect(await tagOf('Арцах')).toBe('Nagorno-Karabakh');
    expect(await tagOf('Artsakh')).toBe('Artsakh');
    expect(await tagOf('Карабах')).toBe('Karabakh economy');
    // Two tags for one entry: the first in the entry's order gets the unused names, the other stays.
    expect(await tagOf('Армения')).toBe('Armenia');
    expect(await tagOf('Հայաստան')).toBe('Հայաստան');
    // A tag under a Russian name only: it becomes the entry's tag and keeps its name.
    expect(await tagOf('Yerevan')).toBe('Ереван');
    expect(await tagOf('Երևան')).toBe('Ереван');
    expect(await tagOf('Yerevan City')).toBe('Ереван');
    const tags = (await snapshot()).tags.map((t) => t.name);
    expect(tags).not.toContain('Yerevan');
    expect(tags).toEqual(expect.arrayContaining(['Artsakh', 'Nagorno-Karabakh', 'Armenia', 'Հայաստան', 'Ереван']));
    // An admin may still re-point a built-in alias; seeding leaves it there.
    await run(admin, '/alias Арцах = Artsakh');
    await seed();
    expect(await tagOf('Арцах')).toBe('Artsakh');
  });

  it('lets a reader follow in any language, and shows the tag in the chat language', async () => {
    await seed();
    expect(replyText(await run(english, '/follow Армения'))).toMatch(/^Now following #Armenia\./u);
    expect(await followedKeys('10')).toEqual(['armenia']);
    expect(replyText(await run(english, '/follow Հայաստան'))).toMatch(/Already following #Armenia\./u);

    const followed = replyText(await run(russian, '/follow Armenia, Երեւան'));
    expect(followed).toMatch(/Вы подписаны на #Армения и #Ереван\./u);
    // No article has had them yet: said even though the tags existed before this follow.
    expect(followed).toMatch(/Статей с #Армения и #Ереван ещё не было/u);
    expect(await followedKeys('11')).toEqual(expect.arrayContaining(['armenia', 'yerevan']));
    expect(replyText(await run(russian, '/tags'))).toMatch(/Подписки \(2\): #Армения #Ереван/u);
    expect(replyText(await run(russian, '/unfollow Yerevan'))).toMatch(/Вы отписались от #Ереван\./u);

    await run(armenian, '/follow Russia, CSTO, Atlantis');
    // In the order of the chat's alphabet: Armenian names first for an Armenian chat.
    expect(replyText(await run(armenian, '/tags'))).toMatch(/Հետևումներ \(3\)՝ #ՀԱՊԿ #Ռուսաստան #Atlantis/u);
    expect(replyText(await run(english, '/tags'))).toMatch(/Following \(1\): #Armenia$/mu);
    const top = await run(russian, '/toptags');
    expect(replyText(top)).toMatch(/#Армения 2/u);
    expect(top.buttons.flat()[0]).toMatchObject({ label: expect.stringContaining('#Армения') as unknown });
  });

  it("shows a tag's own name when its name in the chat language means another tag", async () => {
    await seed();
    await run(english, '/follow Armenian Highland');
    await run(admin, '/alias Армения = Armenian Highland');
    const shown = await localTagNames(handle.deps.stores, ['Armenia', 'Russia', 'Armenian Highland'], 'ru');
    expect(Object.fromEntries(shown)).toEqual({
      Armenia: 'Armenia',
      Russia: 'Россия',
      'Armenian Highland': 'Armenian Highland',
    });
    expect(Object.fromEntries(await localTagNames(handle.deps.stores, ['Armenia'], 'hy'))).toEqual({
      Armenia: 'Հայաստան',
    });
    expect(Object.fromEntries(await localTagNames(handle.deps.stores, ['Russia'], 'en'))).toEqual({ Russia: 'Russia' });
  });

  it('delivers an article tagged in Armenian to a chat following the English name', async () => {
    await seed();
    await run(english, '/follow Armenia');
    const posted = await run(admin, '/post Հայաստանը սառեցնում է մասնակցությունը\ntags: Հայաստան, ОДКБ\n\nՏեքստ։');
    expect(replyText(posted)).toContain('Tags: #Armenia #CSTO. It reaches 1 subscriber.');
    const rows = await handle.storage.db
      .selectFrom('deliveries')
      .innerJoin('subscribers', 'subscribers.id', 'deliveries.subscriber_id')
      .select('subscribers.chat_id')
      .execute();
    expect(rows.map((r) => r.chat_id)).toEqual(['10']);
    // Once an article has the tag, following it says nothing about the first article.
    expect(replyText(await run(russian, '/follow Армения'))).not.toMatch(/ещё не было/u);
  });

  it('auto-tags an article that names a place in Russian or Armenian', async () => {
    await seed();
    const result = await postArticle(
      handle.deps,
      {
        title: 'Переговоры в Ереване',
        body: 'Делегация прилетела в Ереван. Հայաստան և ԵՄ ստորագրեցին համաձայնագիր։',
        tags: ['Diplomacy'],
      },
      { postedBy: 'test', notify: false, autoTag: true },
    );
    expect(result.autoTags).toEqual(['Yerevan', 'Armenia', 'EU']);
    expect(result.article.tags).toEqual(['Diplomacy', 'Yerevan', 'Armenia', 'EU']);
  });

  it('seeds from two processes at once without a duplicate or an error', async () => {
    const results = await Promise.all([seed(), seed()]);
    expect(results.some((r) => r.tags > 0)).toBe(true);
    expect(await handle.deps.stores.tags.count()).toBe(REGION_NAMES.length);
    const { aliases } = await snapshot();
    expect(aliases).toHaveLength(totalKeys - REGION_NAMES.length);
  });

  it('is seeded when the bot starts', async () => {
    expect(await tagOf('Ереван')).toBeUndefined();
    const bot = await startBot(handle, [], { input: new PassThrough(), output: new PassThrough() }, { roles: ['bot'] });
    try {
      expect(await tagOf('Ереван')).toBe('Yerevan');
      expect(await handle.deps.stores.tags.count()).toBe(REGION_NAMES.length);
    } finally {
      await bot.stop();
      // Stopping closed the handle: give afterEach a fresh one to close.
      handle = await openDialectCore(dialect);
    }
  });
});
