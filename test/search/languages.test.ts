import { sql } from 'kysely';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { renderReply } from '../../adapters/console/render.ts';
import { importArticles } from '../../src/app/importer.ts';
import { searchArticles } from '../../src/app/search.ts';
import { detectLanguage, parseLanguageCode } from '../../src/domain/language.ts';
import { parseSearchQuery } from '../../src/domain/search-query.ts';
import type { CoreHandle } from '../../src/runtime.ts';
import { DIALECTS, openDialectCore } from '../helpers/dialects.ts';
import { replyText } from '../helpers/reply.ts';
import { command, postAll, resultIds } from './fixtures.ts';

describe('detecting an article language', () => {
  it('tells English, Russian, Ukrainian and Armenian news apart', () => {
    expect(
      detectLanguage('Oil prices rose', 'Prices rose sharply on Monday after OPEC agreed to cut output for the year.'),
    ).toBe('en');
    expect(
      detectLanguage(
        'Нефть подорожала',
        'Цены выросли в понедельник после того, как ОПЕК согласилась сократить добычу.',
      ),
    ).toBe('ru');
    expect(
      detectLanguage(
        'Нафта подорожчала',
        'Ціни зросли в понеділок після того, як ОПЕК погодилася скоротити видобуток.',
      ),
    ).toBe('uk');
    expect(detectLanguage('Հայաստանը սառեցրել է մասնակցությունը', '')).toBe('hy');
  });

  it('leaves a short text unknown unless its alphabet tells', () => {
    expect(detectLanguage('Ереван', '')).toBe('ru');
    expect(detectLanguage('Київ', '')).toBeNull();
    expect(detectLanguage('Oil up', '')).toBeNull();
    expect(detectLanguage('2024', '')).toBeNull();
  });

  it('reads language codes as people write them', () => {
    expect(parseLanguageCode('RU')).toBe('ru');
    expect(parseLanguageCode('hy-AM')).toBe('hy');
    expect(parseLanguageCode('en_GB')).toBe('en');
    expect(parseLanguageCode('russian')).toBeNull();
    expect(parseLanguageCode('')).toBeNull();
  });

  it('lang: is a search filter, and a bad one says how to write it', () => {
    expect(parseSearchQuery('нефть lang:RU').language).toBe('ru');
    expect(() => parseSearchQuery('нефть lang:russian')).toThrow(/language code/u);
  });
});

describe.each(DIALECTS)('articles in their languages on %s', (dialect) => {
  let handle: CoreHandle;
  beforeEach(async () => {
    handle = await openDialectCore(dialect);
  });
  afterEach(async () => {
    await handle.close();
  });

  const languageOf = async (title: string) =>
    (
      await sql<{ language: string | null }>`SELECT language FROM articles WHERE title = ${title}`.execute(
        handle.storage.db,
      )
    ).rows[0]?.language;

  it('/post takes lang:, else detects it; /article shows it in the chat language', async () => {
    await command(
      handle,
      '/post Переговоры в Ереване\ntags: Armenia\n\nПремьер Армении провёл переговоры с делегацией.',
    );
    expect(await languageOf('Переговоры в Ереване')).toBe('ru');
    await command(handle, '/post Short note\ntags: Armenia\nlang: hy-AM\n\nText.');
    expect(await languageOf('Short note')).toBe('hy');
    const refused = replyText(await command(handle, '/post Bad\ntags: Armenia\nlang: armenian\n\nText.'));
    expect(refused).toMatch(/"armenian" is not a language code/u);
    expect(await languageOf('Bad')).toBeUndefined();

    const id = (await searchArticles(handle.deps.stores, 'Переговоры', { limit: 1, offset: 0 })).results[0]?.article
      .publicId;
    expect(id).toBeDefined();
    // The card of an article shown in full says its language (the console adapter's rendering).
    const shown = async () => renderReply(await command(handle, `/article ${id}`), { ansi: false });
    expect(await shown()).toMatch(/Language: Russian/u);
    await command(handle, '/language ru');
    expect(await shown()).toMatch(/Язык: русский/u);
  });

  it('an import line and the CLI record take "lang"; a bad one is refused with its line', async () => {
    async function* lines() {
      yield JSON.stringify({ id: 'a', title: 'Yerevan talks', body: 'Talks went on.', tags: ['Armenia'], lang: 'hy' });
      yield JSON.stringify({ id: 'b', title: 'Without a language', body: 'Plain English text.', tags: ['Armenia'] });
      yield JSON.stringify({ id: 'c', title: 'Bad language', tags: ['Armenia'], lang: 'xx-long-nonsense!' });
    }
    const summary = await importArticles(handle.deps, lines(), { notify: false });
    expect(summary.imported).toBe(2);
    expect(await languageOf('Yerevan talks')).toBe('hy');
    expect(await languageOf('Without a language')).toBeNull();
    expect(await languageOf('Bad language')).toBeUndefined();
  });

  it('lang: filters a search, with and without words', async () => {
    const ids = await postAll(handle, [
      {
        id: 'ru',
        title: 'Нефть подорожала',
        body: 'Цены на нефть выросли после решения ОПЕК о добыче.',
        tags: ['Oil'],
      },
      { id: 'en', title: 'Oil prices rose', body: 'Oil prices rose after the OPEC decision on output.', tags: ['Oil'] },
    ]);
    expect(resultIds(await command(handle, '/search #oil lang:ru'), ids)).toEqual(['ru']);
    expect(resultIds(await command(handle, '/search #oil lang:en'), ids)).toEqual(['en']);
    expect(resultIds(await command(handle, '/search ОПЕК lang:ru'), ids)).toEqual(['ru']);
    expect(resultIds(await command(handle, '/search ОПЕК lang:en'), ids)).toEqual([]);
    expect(resultIds(await command(handle, '/search Ինչո՞ւ'), ids)).toEqual([]);
  });

  it('auto-tagging finds inflected Russian names, and not the place of a dateline', async () => {
    await command(handle, '/follow Москва, Армения');
    const posted = await handle.core.postArticle(
      {
        title: 'Переговоры премьер-министров',
        tags: ['News'],
        body: 'МОСКВА, 20 окт - РИА Новости. Премьер Армении провел переговоры с коллегами.',
      },
      { postedBy: 'test', notify: false, autoTag: true },
    );
    expect(posted.autoTags).toEqual(['Армения']);
  });

  it('a word that stems as a stop word does finds itself, not the stop word', async () => {
    // "тема" stems as "тем" (тем не менее), "պետական" as "պետք" (պետք է): kept apart.
    const ids = await postAll(handle, [
      { id: 'topic', title: 'Новая тема переговоров', body: 'Стороны выбрали тему встречи.', tags: ['News'] },
      { id: 'pronoun', title: 'Итоги недели', body: 'Тем не менее стороны договорились.', tags: ['News'] },
      { id: 'state', title: 'Պետական բյուջեն ընդունվեց', body: 'Խորհրդարանը քվեարկեց։', tags: ['News'] },
      { id: 'need', title: 'Նախարարը խոսեց', body: 'Նախարարի խոսքով՝ պետք է սպասել։', tags: ['News'] },
    ]);
    expect(resultIds(await command(handle, '/search тема'), ids)).toEqual(['topic']);
    expect(resultIds(await command(handle, '/search темы'), ids)).toEqual(['topic']);
    expect(resultIds(await command(handle, '/search պետական'), ids)).toEqual(['state']);
    expect(resultIds(await command(handle, '/search "тем не менее"'), ids)).toEqual(['pronoun']);
  });

  it('an Armenian question mark inside a word keeps the word whole', async () => {
    const ids = await postAll(handle, [
      { id: 'q', title: 'Ինչո՞ւ է կառավարությունը լռում', body: 'Հարցը մնում է։', tags: ['Armenia'] },
      { id: 'other', title: 'Նախարարը խոսեց', body: 'Հարցը մնաց բաց։', tags: ['Armenia'] },
    ]);
    expect(resultIds(await command(handle, '/search Ինչո՞ւ'), ids)).toEqual(['q']);
    expect(resultIds(await command(handle, '/search ինչու'), ids)).toEqual(['q']);
  });
});
