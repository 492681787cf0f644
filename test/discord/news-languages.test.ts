import { afterEach, describe, expect, it } from 'vitest';
import { MEMBER, type Actor } from '../emulators/discord/fixtures.ts';
import { textOf } from '../emulators/discord/messages.ts';
import { messageOf, startDiscordTestBot, type DiscordTestBot } from './harness.ts';

/** Russian and Armenian news, end to end: the real discord.js client against the emulator. */
let t: DiscordTestBot | undefined;
afterEach(async () => {
  await t?.stop();
  t = undefined;
});

const RUSSIAN_MEMBER: Actor = { ...MEMBER, id: '940000000000000078', username: 'rusik2', locale: 'ru' };

describe('Discord with news in Russian and Armenian', () => {
  it('searches in any inflection and by lang:, and answers in the member’s language', async () => {
    t = await startDiscordTestBot();
    const discord = t.emulator;
    for (const [title, body] of [
      ['Нефть подорожала после решения ОПЕК', 'Цены на нефть выросли ещё на два процента в Москве.'],
      ['Երևանում բենզինը թանկացել է', 'Հայաստանի կառավարությունը քննարկում է գները։'],
      ['Oil prices rose after the OPEC decision', 'Prices rose two percent in London.'],
    ] as const)
      await t.handle.core.postArticle({ title, tags: ['Energy'], body }, { postedBy: 'test', notify: false });

    const search = async (actor: Actor, query: string) =>
      textOf(messageOf(await discord.command(actor, 'search', { query })));
    const russian = await search(RUSSIAN_MEMBER, 'нефти москве');
    expect(russian).toContain('Нефть подорожала после решения ОПЕК');
    expect(russian).toContain('Поиск: нефти москве');
    expect(russian).not.toContain('Oil prices');
    expect(await search(RUSSIAN_MEMBER, 'ОПЕК lang:ru')).not.toContain('Oil prices');
    expect(await search(RUSSIAN_MEMBER, 'OPEC lang:en')).toContain('Oil prices rose');
    expect(await search(MEMBER, 'Երեւանում Հայաստան')).toContain('Երևանում բենզինը թանկացել է');
  });
});
