import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { searchArticles } from '../../src/app/search.ts';
import type { CoreHandle } from '../../src/runtime.ts';
import { DIALECTS, openDialectCore } from '../helpers/dialects.ts';
import { consoleCtx, replyText, telegramUser } from '../helpers/reply.ts';
import { command, paragraphs, postAll, resultIds } from './fixtures.ts';

describe.each(DIALECTS)('on %s', (dialect) => {
  let handle: CoreHandle;
  let ids: Map<string, string>;
  beforeEach(async () => {
    handle = await openDialectCore(dialect);
    ids = await postAll(handle, [
      {
        id: 'am1',
        title: 'Armenia freezes CSTO participation',
        body: 'Yerevan stepped back from the bloc.',
        tags: ['Armenia', 'CSTO'],
        date: '2024-02-23',
      },
      {
        id: 'am2',
        title: 'Yerevan hosts talks',
        body: 'Diplomats met in Yerevan.',
        tags: ['Armenia'],
        date: '2024-03-01',
      },
      {
        id: 'cof1',
        title: 'Coffee prices rise',
        body: 'Coffee exporters raised coffee prices again.',
        tags: ['Coffee', 'Brazil'],
        date: '2024-03-02',
      },
      {
        id: 'cof2',
        title: 'Coffee harvest late',
        body: 'The coffee harvest in Brazil is late.',
        tags: ['Coffee'],
        date: '2024-03-03',
      },
    ]);
  });
  afterEach(async () => {
    await handle.close();
  });

  describe('a search that finds nothing suggests something', () => {
    it('a tag with a similar name for a misspelled word: Armenai → #Armenia', async () => {
      const reply = await command(handle, '/search Armenai');
      expect(paragraphs(reply)).toContain('Nothing found for armenai.');
      expect(replyText(reply)).toMatch(/Did you mean #Armenia\?/);
      const button = reply.buttons.flat().find((b) => b.label === 'Did you mean #Armenia?');
      expect(button).toBeDefined();
      const pressed = await handle.core.pressButton(consoleCtx, button?.data ?? '');
      expect(resultIds(pressed, ids).sort()).toEqual(['am1', 'am2']);
    });

    it('a known tag in place of an unknown one', async () => {
      const page = await searchArticles(handle.deps.stores, 'talks #Armenai', { limit: 5, offset: 0 });
      expect(page.unknownTags).toEqual(['Armenai']);
      expect(page.suggestions).toContainEqual({ label: 'Did you mean #Armenia?', query: 'talks #Armenia' });
    });

    it('a similar word from the archive', async () => {
      const page = await searchArticles(handle.deps.stores, 'cofee harvest', { limit: 5, offset: 0 });
      expect(page.results.map((r) => r.article.title)).toEqual(['Coffee harvest late']);
      const none = await searchArticles(handle.deps.stores, 'cofee', { limit: 5, offset: 0 });
      expect(none.results).toEqual([]);
      expect(none.suggestions).toContainEqual({ label: 'Did you mean "coffee"?', query: 'coffee' });
    });

    it('dropping a filter that rules everything out, and only filters that help', async () => {
      const page = await searchArticles(handle.deps.stores, 'coffee #armenia since:2024-01-01', {
        limit: 5,
        offset: 0,
      });
      expect(page.results).toEqual([]);
      expect(page.suggestions.map((s) => s.label)).toEqual(['Without #armenia']);
      expect(page.suggestions[0]?.query).toBe('coffee since:2024-01-01');
      const dated = await searchArticles(handle.deps.stores, 'coffee until:2024-01-01', { limit: 5, offset: 0 });
      expect(dated.suggestions).toEqual([{ label: 'Any date', query: 'coffee' }]);
    });

    it('every misspelling corrected at once, and a followed tag without articles counts as unknown', async () => {
      await command(handle, '/follow Brazl');
      const page = await searchArticles(handle.deps.stores, 'cofee #brazl', { limit: 5, offset: 0 });
      expect(page.unknownTags).toEqual(['Brazl']);
      expect(page.suggestions[0]).toEqual({ label: 'Did you mean "coffee #Brazil"?', query: 'coffee #Brazil' });
    });

    it('nothing when nothing close exists', async () => {
      const page = await searchArticles(handle.deps.stores, 'zzzqqq', { limit: 5, offset: 0 });
      expect(page.suggestions).toEqual([]);
      expect(replyText(await command(handle, '/search zzzqqq'))).toMatch(/Try other words/);
    });
  });

  describe('/follow of an unknown tag', () => {
    it('follows it anyway and offers the nearest known tags', async () => {
      const user = telegramUser('42');
      const reply = await handle.core.handleCommand(user, '/follow Armenai');
      const text = replyText(reply);
      expect(text).toMatch(/Now following #Armenai/);
      expect(text).toMatch(/No article has had #Armenai yet/);
      expect(text).toMatch(/Did you mean #Armenia\?/);
      expect(reply.buttons.flat().map((b) => b.label)).toEqual(['Follow #Armenia']);
      expect(replyText(await handle.core.handleCommand(user, '/tags'))).toMatch(/#Armenai/);

      const followed = await handle.core.pressButton(user, reply.buttons.flat()[0]?.data ?? '');
      expect(replyText(followed)).toMatch(/Now following #Armenia\b/);
      expect(followed.buttons).toEqual([]);
    });

    it('offers nothing for a known tag or a new tag unlike any other', async () => {
      expect((await command(handle, '/follow Coffee')).buttons).toEqual([]);
      const fresh = await command(handle, '/follow Quantum computing');
      expect(replyText(fresh)).toMatch(/No article has had #Quantum_computing yet/);
      expect(fresh.buttons).toEqual([]);
    });
  });
});
