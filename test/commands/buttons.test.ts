import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { BUTTON_DATA_MAX } from '../../src/domain/reply.ts';
import type { CoreHandle } from '../../src/runtime.ts';
import { DIALECTS, openDialectCore } from '../helpers/dialects.ts';
import { consoleCtx, replyText, telegramGroup, telegramUser } from '../helpers/reply.ts';

describe.each(DIALECTS)('on %s', (dialect) => {
  let handle: CoreHandle;
  beforeEach(async () => {
    handle = await openDialectCore(dialect);
  });
  afterEach(async () => {
    await handle.close();
  });

  const run = (text: string, ctx = consoleCtx) => handle.core.handleCommand(ctx, text);

  describe('buttons', () => {
    it('pages search results, storing long queries behind a short reference', async () => {
      for (let i = 0; i < 12; i++)
        await run(`/post Oil report number ${i}\ntags: Oil\n\nOil prices moved again today.`);
      const longQuery = `oil prices ${'report '.repeat(10)}`.trim();
      const first = await run(`/search ${longQuery}`);
      const next = first.buttons.flat().find((b) => b.label.startsWith('Next'));
      expect(next).toBeDefined();
      expect(Buffer.byteLength(next?.data ?? '', 'utf8')).toBeLessThanOrEqual(BUTTON_DATA_MAX);
      expect(next?.data).toMatch(/^#\d+$/);
      const second = await handle.core.pressButton(consoleCtx, next?.data ?? '');
      expect(second.edit).toBe(true);
      expect(replyText(second)).toMatch(/^Search: /);
      expect(replyText(second)).toMatch(/\n6\. /);
      expect(second.buttons.flat().map((b) => b.label)).toEqual(['◀ Previous', 'Next ▶']);
      const firstIds: string[] = replyText(first).match(/\[\w{6}\]/g) ?? [];
      const secondIds: string[] = replyText(second).match(/\[\w{6}\]/g) ?? [];
      expect(firstIds.filter((id) => secondIds.includes(id))).toEqual([]);
    });

    it('toggles a follow from a delivered card and redraws the buttons', async () => {
      const ctx = telegramUser('5');
      await run('/follow Armenia', ctx);
      await run('/post Summit\ntags: Armenia, CSTO');
      const row = (await handle.deps.stores.articles.latest({ limit: 1, offset: 0 }))[0]!;
      const article = { id: row.id, view: (await handle.deps.stores.articles.views([row]))[0]! };
      const sub = (await handle.deps.stores.subscribers.find('telegram', '5'))!;
      const buttons = await handle.core.cardButtons(article, sub.id);
      expect(buttons.flat().map((b) => b.label)).toEqual(['Related', '✓ #Armenia', '+ #CSTO']);
      const toggle = buttons.flat()[2]!;
      const reply = await handle.core.pressButton(ctx, toggle.data);
      expect(reply).toMatchObject({ edit: true, buttonsOnly: true });
      expect(replyText(reply)).toMatch(/Now following #CSTO/);
      expect(reply.buttons.flat().map((b) => b.label)).toEqual(['Related', '✓ #Armenia', '✓ #CSTO']);
      const back = await handle.core.pressButton(ctx, toggle.data);
      expect(back.buttons.flat().map((b) => b.label)).toEqual(['Related', '✓ #Armenia', '+ #CSTO']);
      const refused = await handle.core.pressButton(telegramGroup('-1', '9', false), toggle.data);
      expect(refused.status).toBe('refused');
    });

    it('answers unknown or expired button data without throwing', async () => {
      expect((await handle.core.pressButton(consoleCtx, '#999999')).status).toBe('error');
      expect((await handle.core.pressButton(consoleCtx, '!explode 1 x')).status).toBe('error');
      expect((await handle.core.pressButton(consoleCtx, 'garbage')).status).toBe('error');
      expect((await handle.core.pressButton(consoleCtx, '!toggle zzzzzz 0')).status).toBe('error');
    });
  });
});
