import { sql } from 'kysely';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { rankArticles } from '../../src/app/search.ts';
import { MAX_SAVED_SEARCHES } from '../../src/domain/saved-search.ts';
import { parseSearchQuery } from '../../src/domain/search-query.ts';
import type { CoreHandle } from '../../src/runtime.ts';
import { DIALECTS, openDialectCore } from '../helpers/dialects.ts';
import { consoleCtx, replyText, telegramUser } from '../helpers/reply.ts';

/** Following a search and muting words (issue 14): decided when an article is posted, by one rule. */
describe.each(DIALECTS)('saved searches on %s', (dialect) => {
  let handle: CoreHandle;
  beforeEach(async () => {
    handle = await openDialectCore(dialect);
  });
  afterEach(async () => {
    await handle.close();
  });

  const reader = telegramUser('42');
  const run = (text: string, ctx = reader) => handle.core.handleCommand(ctx, text);
  let posted = 0;
  async function post(title: string, tags: string, body: string): Promise<{ id: number; recipients: number }> {
    const result = await handle.core.postArticle(
      { title, tags: tags.split(','), body, url: `https://news.example/${++posted}` },
      { postedBy: 'test', notify: true },
    );
    return { id: result.articleId, recipients: result.recipients };
  }
  async function deliveredTo(chatId: string): Promise<number[]> {
    const sub = await handle.deps.stores.subscribers.find('telegram', chatId);
    if (!sub) return [];
    return (await handle.deps.stores.outbox.list({ subscriberId: sub.id, limit: 100 })).map((r) => r.articleId).sort();
  }

  it('delivers an article with every word and phrase of a followed search, and nothing else', async () => {
    expect(replyText(await run('/watch "nuclear power" armenia -drill'))).toMatch(/Now following the search/);
    const plant = await post(
      'Armenia plans a new nuclear power plant',
      'Energy',
      'The plant at Metsamor will be replaced.',
    );
    const plants = await post('Plants', 'Energy', 'Armenia runs nuclear power plants.');
    const noPhrase = await post('Armenia builds power lines', 'Energy', 'The nuclear lobby is unhappy.');
    const noWord = await post('Georgia considers nuclear power', 'Energy', 'Tbilisi studies a reactor.');
    const drill = await post('Armenia nuclear power drill', 'Energy', 'An emergency drill at the plant.');
    expect([plant, plants].map((p) => p.recipients)).toEqual([1, 1]);
    expect([noPhrase, noWord, drill].map((p) => p.recipients)).toEqual([0, 0, 0]);
    expect(await deliveredTo('42')).toEqual([plant.id, plants.id].sort());
  });

  it('delivers once to a chat that follows the search and one of the tags too', async () => {
    await run('/follow Energy');
    await run('/follow "nuclear power"');
    const both = await post('Nuclear power output rises', 'Energy', 'Output rose.');
    expect(both.recipients).toBe(1);
    expect(await deliveredTo('42')).toEqual([both.id]);
  });

  it('skips an article with a muted word or phrase, on top of tag mutes, only in the chat that muted it', async () => {
    const other = telegramUser('43');
    await run('/follow Energy');
    await run('/follow Energy', other);
    expect(replyText(await run('/mute "oil spill" lottery'))).toMatch(/Muted the words “lottery”, “"oil spill"”/);
    const spill = await post('Oil spill off the coast', 'Energy', 'Crews contain it.');
    const apart = await post('Oil prices; a spill of paint', 'Energy', 'Unrelated.');
    const lottery = await post('Energy lottery winners', 'Energy', 'Prizes.');
    expect(await deliveredTo('42')).toEqual([apart.id]);
    expect(await deliveredTo('43')).toEqual([spill.id, apart.id, lottery.id].sort());
    expect(replyText(await run('/unmute "oil spill"'))).toMatch(/Unmuted the words “"oil spill"”/);
    const again = await post('Another oil spill', 'Energy', 'Again.');
    expect(await deliveredTo('42')).toContain(again.id);
  });

  it('follows the same rule as /search: what it delivers, /search finds, and what /search ranks without a word it does not deliver', async () => {
    await run('/watch reactor safety');
    const articles = [
      await post('Reactor safety review', 'Energy', 'Inspectors checked the reactor.'),
      await post('Safety of the old reactor questioned', 'Energy', 'Experts spoke.'),
      await post('Reactor restart', 'Energy', 'No word on inspections.'),
      await post('Road safety week', 'Transport', 'Drivers were warned.'),
    ];
    const delivered = await deliveredTo('42');
    const hits = await rankArticles(handle.deps.stores, parseSearchQuery('reactor safety'), {
      tagIds: [],
      since: null,
      until: null,
    });
    const found = hits.map((h) => h.id);
    for (const id of delivered) expect(found).toContain(id);
    const bothWords = hits
      .filter((h) => h.matched === 2)
      .map((h) => h.id)
      .sort();
    expect(delivered).toEqual(bothWords);
    expect(delivered).toEqual([articles[0]?.id, articles[1]?.id].sort());
  });

  it('keeps a topic apart from the stop word it stems as, and finds a search filed before under the bare stem', async () => {
    // "тема" stems as the stop word "тем" does; its term is kept apart (stop-stems.ts).
    expect(replyText(await run('/watch тема'))).toMatch(/Now following the search/);
    const pronoun = await post('Итоги недели', 'News', 'Тем не менее стороны договорились о встрече.');
    const topic = await post('Новая тема переговоров', 'News', 'Стороны выбрали тему встречи.');
    expect([pronoun.recipients, topic.recipients]).toEqual([0, 1]);
    // A search saved before the terms were kept apart is filed under the bare stem.
    await sql`UPDATE saved_searches SET key_term = 'тем'`.execute(handle.storage.db);
    const again = await post('Ещё одна тема', 'News', 'Темы встреч обсуждали долго.');
    expect(again.recipients).toBe(1);
    expect(await deliveredTo('42')).toEqual([topic.id, again.id].sort());
  });

  it('lists searches and word mutes in /tags, explains them in /why, and forgets them', async () => {
    await run('/watch "nuclear power"');
    await run('/mute "lottery"');
    const tags = replyText(await run('/tags'));
    expect(tags).toMatch(/Searches \(1\): “"nuclear power"”/);
    expect(tags).toMatch(/Muted words \(1\): “lottery”/);
    const hit = await post('Nuclear power news', 'Energy', 'A plant.');
    const publicId = (await handle.deps.stores.articles.byIds([hit.id]))[0]?.public_id ?? '';
    const why = replyText(await handle.core.handleCommand(consoleCtx, `/why telegram:42 ${publicId}`));
    expect(why).toMatch(/follows the search “"nuclear power"”/);
    const skipped = await post('Nuclear power lottery', 'Energy', 'A prize.');
    const skippedId = (await handle.deps.stores.articles.byIds([skipped.id]))[0]?.public_id ?? '';
    const whyNot = replyText(await handle.core.handleCommand(consoleCtx, `/why telegram:42 ${skippedId}`));
    expect(whyNot).toMatch(/mutes the words “lottery”/);
    expect(replyText(await run('/unwatch "nuclear power"'))).toMatch(/Stopped following the search/);
    expect(replyText(await run('/unwatch "nuclear power"'))).toMatch(/was not following the search/);
  });

  it('refuses what a followed search cannot mean, and more than the limit', async () => {
    expect(replyText(await run('/watch oil since:2024-01-01'))).toMatch(/takes no since:, until:, lang: or sort:/);
    expect(replyText(await run('/watch -oil'))).toMatch(/Which words\?/);
    expect(replyText(await run(`/watch ${'word '.repeat(60)}`))).toMatch(/too long/);
    for (let i = 0; i < MAX_SAVED_SEARCHES; i++) expect((await run(`/watch topic${i} news`)).status).toBe('ok');
    const over = replyText(await run('/watch final topic'));
    expect(over).toMatch(new RegExp(`at most ${MAX_SAVED_SEARCHES} searches`));
    expect(await handle.deps.stores.savedSearches.count()).toBe(MAX_SAVED_SEARCHES);
  });
});
