import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { CommandContext } from '../../src/commands/context.ts';
import type { CoreHandle } from '../../src/runtime.ts';
import { DIALECTS, openDialectCore } from '../helpers/dialects.ts';
import { consoleCtx, replyText, telegramGroup } from '../helpers/reply.ts';

/** /card: per-chat card settings, stored per chat (migration 0016), shown by /tags, on both engines. */
describe.each(DIALECTS)('on %s', (dialect) => {
  let handle: CoreHandle;
  beforeEach(async () => {
    handle = await openDialectCore(dialect, { TELEGRAM_ADMIN_IDS: '1' });
  });
  afterEach(async () => {
    await handle.close();
  });

  const run = (text: string, ctx: CommandContext = consoleCtx) => handle.core.handleCommand(ctx, text);
  const stored = (chatId: string) =>
    handle.storage.db
      .selectFrom('subscribers')
      .select(['card_style', 'link_previews', 'silent'])
      .where('chat_id', '=', chatId)
      .executeTakeFirst();

  it('shows the defaults with buttons, and changes several settings in one line', async () => {
    const status = await run('/card');
    expect(status.status).toBe('ok');
    expect(replyText(status)).toMatch(
      /Cards here: compact \(the title and the summary\)\. Link previews: off\. Silent delivery: off\./u,
    );
    expect(status.buttons.flat().map((b) => b.data)).toEqual([
      '/card headline',
      '/card full',
      '/card previews on',
      '/card silent on',
    ]);

    const set = await run('/card FULL previews on  silent ON');
    expect(set.status).toBe('ok');
    expect(replyText(set)).toMatch(/Cards here: full .*Link previews: on\. Silent delivery: on\./su);
    expect(set.buttons.flat().map((b) => b.data)).toContain('/card silent off');
    const row = await stored('local');
    expect(row?.card_style).toBe('full');
    expect(Number(row?.link_previews)).toBe(1);
    expect(Number(row?.silent)).toBe(1);

    await run('/card headline silent off');
    const again = await stored('local');
    expect(again?.card_style).toBe('headline');
    expect(Number(again?.link_previews)).toBe(1);
    expect(Number(again?.silent)).toBe(0);
  });

  it('refuses a word it does not know, and a switch without on or off, changing nothing', async () => {
    await run('/card full');
    for (const text of ['/card huge', '/card previews', '/card silent maybe', '/card full previews yes']) {
      const reply = await run(text);
      expect(reply.status).toBe('error');
      expect(replyText(reply)).toMatch(/I do not understand "(huge|previews|silent|yes)"/u);
      expect(replyText(reply)).toMatch(/Example: \/card compact/u);
    }
    expect((await stored('local'))?.card_style).toBe('full');
  });

  it('lets a group member see the settings but only an admin change them', async () => {
    const member = telegramGroup('-100', '7', false);
    const admin = telegramGroup('-100', '8', true);
    const seen = await run('/card', member);
    expect(replyText(seen)).toMatch(/Cards here: compact/u);
    expect(seen.buttons).toEqual([]);
    const refused = await run('/card silent on', member);
    expect(refused.status).toBe('refused');
    expect(replyText(refused)).toMatch(/only this chat's admins can change how its cards look/u);
    expect(await stored('-100')).toBeUndefined();
    expect((await run('/card silent on', admin)).status).toBe('ok');
    expect(Number((await stored('-100'))?.silent)).toBe(1);
  });

  it('is shown by /tags, in the chat language', async () => {
    await run('/follow Armenia');
    await run('/card headline previews on');
    expect(replyText(await run('/tags'))).toMatch(
      /Cards here: headline \(the title only\)\. Link previews: on\. Silent delivery: off\./u,
    );
    await run('/language ru');
    expect(replyText(await run('/tags'))).toMatch(/Карточки здесь: только заголовок .*Превью ссылок: включены/u);
    await run('/language hy');
    expect(replyText(await run('/card'))).toMatch(/Քարտերն այստեղ՝ միայն վերնագիր/u);
  });
});
