import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { CommandContext } from '../../src/commands/context.ts';
import type { CoreHandle } from '../../src/runtime.ts';
import { DIALECTS, openDialectCore } from '../helpers/dialects.ts';
import { consoleCtx, replyText, telegramGroup, telegramUser } from '../helpers/reply.ts';

/** /language and the chat's language, on both engines: stored per chat (migration 0010). */
describe.each(DIALECTS)('on %s', (dialect) => {
  let handle: CoreHandle;
  beforeEach(async () => {
    handle = await openDialectCore(dialect, { TELEGRAM_ADMIN_IDS: '1' });
  });
  afterEach(async () => {
    await handle.close();
  });

  const run = (text: string, ctx: CommandContext = consoleCtx) => handle.core.handleCommand(ctx, text);
  const stored = async (platform: string, chatId: string) =>
    (
      await handle.storage.db
        .selectFrom('subscribers')
        .select('language')
        .where('platform', '=', platform as 'console')
        .where('chat_id', '=', chatId)
        .executeTakeFirst()
    )?.language;

  it('shows the current language and the choices, then switches the replies', async () => {
    const current = await run('/language');
    expect(replyText(current)).toMatch(/This chat's language: English/u);
    expect(replyText(current)).toMatch(/\/language ru — Русский/u);
    expect(current.buttons.flat().map((b) => b.label)).toEqual(['Русский', 'Հայերեն']);

    const set = await run('/language ru');
    expect(set.locale).toBe('ru');
    expect(replyText(set)).toBe('Теперь этот чат получает ответы, статьи и сводки на русском.');
    expect(await stored('console', 'local')).toBe('ru');
    const follow = await run('/follow Armenia, CSTO');
    expect(follow.locale).toBe('ru');
    expect(replyText(follow)).toMatch(/Вы подписаны на #Armenia и #CSTO\./u);
    expect(replyText(await run('/nonsense'))).toMatch(/Команды \/nonsense нет/u);
    expect(replyText(await run('/related zzzzzz'))).toMatch(/Нет статьи с id zzzzzz/u);

    await run('/language hy');
    expect(replyText(await run('/tags'))).toMatch(/Հետևումներ \(2\)՝ #Armenia #CSTO/u);
    expect(replyText(await run('/language xx'))).toMatch(/Ես չգիտեմ «xx» լեզուն/u);
    await run('/language en');
    expect(replyText(await run('/tags'))).toMatch(/Following \(2\): #Armenia #CSTO/u);
  });

  it('takes the language of the app of whoever sets the chat up, else English, and keeps it', async () => {
    const russian = { ...telegramUser('500'), languageTag: 'ru-RU' };
    expect(replyText(await run('/help', russian))).toMatch(/присылает вам каждую новую статью/u);
    expect(await stored('telegram', '500')).toBeUndefined();
    await run('/follow Armenia', russian);
    expect(await stored('telegram', '500')).toBe('ru');
    // Someone else's app language does not change a chat set up already.
    const english = { ...telegramUser('500'), languageTag: 'en' };
    expect(replyText(await run('/tags', english))).toMatch(/Подписки \(1\)/u);

    const armenian = { ...telegramUser('501'), languageTag: 'hy' };
    await run('/start', armenian);
    expect(await stored('telegram', '501')).toBe('hy');
    const other = { ...telegramUser('502'), languageTag: 'de' };
    expect(replyText(await run('/start', other))).toMatch(/Welcome to tagwire/u);
    expect(await stored('telegram', '502')).toBeNull();
  });

  it("in a group, only the group's admins change its language", async () => {
    const member = telegramGroup('-100', '7', false);
    expect((await run('/language', member)).buttons).toEqual([]);
    const refused = await run('/language ru', member);
    expect(refused.status).toBe('refused');
    expect(await stored('telegram', '-100')).toBeUndefined();
    expect((await run('/language ru', telegramGroup('-100', '8', true))).status).toBe('ok');
    expect(replyText(await run('/toptags', member))).toMatch(/Пока никто ни на что не подписан/u);
  });

  it("reads many chats' languages at once for the delivery worker", async () => {
    await run('/language hy');
    await run('/start', telegramUser('600'));
    const ids = await handle.storage.db.selectFrom('subscribers').select(['id', 'chat_id']).execute();
    const languages = await handle.storage.stores.subscribers.deliveryPrefs(ids.map((r) => r.id));
    expect(languages.get(ids.find((r) => r.chat_id === 'local')?.id ?? -1)?.language).toBe('hy');
    expect(languages.get(ids.find((r) => r.chat_id === '600')?.id ?? -1)?.language).toBeNull();
  });
});
