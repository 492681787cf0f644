import { afterEach, describe, expect, it } from 'vitest';
import { commandDefinitionProblems } from '../emulators/discord/command-rules.ts';
import { MEMBER, type Actor } from '../emulators/discord/fixtures.ts';
import { buttonsOf, embedsOf, textOf } from '../emulators/discord/messages.ts';
import { dmsTo, messageOf, outboxSettled, startDiscordTestBot, type DiscordTestBot } from './harness.ts';

/** The chat's language with the real discord.js client against the emulator. */
let t: DiscordTestBot | undefined;
afterEach(async () => {
  await t?.stop();
  t = undefined;
});

const RUSSIAN_MEMBER: Actor = { ...MEMBER, id: '940000000000000077', username: 'rusik', locale: 'ru' };

describe("Discord in the reader's language", () => {
  it('registers descriptions with Russian localizations (Discord has no Armenian locale), names unchanged', async () => {
    t = await startDiscordTestBot();
    const commands = t.emulator.registeredCommands() as {
      name: string;
      description: string;
      description_localizations?: Record<string, string>;
      options?: { name: string; description_localizations?: Record<string, string> }[];
    }[];
    const follow = commands.find((c) => c.name === 'follow');
    expect(follow?.description).toBe('Follow tags: get each new article with them once');
    expect(follow?.description_localizations).toEqual({
      ru: 'Подписаться на теги: каждая новая статья с ними придёт один раз',
    });
    expect(follow?.options?.[0]?.description_localizations).toEqual({ ru: 'Тег или несколько через запятую' });
    expect(commands.find((c) => c.name === 'language')).toBeDefined();
    for (const command of commands) expect(Object.keys(command.description_localizations ?? {})).toEqual(['ru']);
    // The emulator refuses a key Discord does not know, as Discord does.
    expect(commandDefinitionProblems({ name: 'x', description: 'y', description_localizations: { hy: 'z' } })).toEqual([
      '/x: description_localizations has "hy", not a Discord locale',
    ]);
  });

  it("answers in the member's app language, and /language hy switches replies and delivered cards", async () => {
    t = await startDiscordTestBot();
    const discord = t.emulator;
    const followed = messageOf(await discord.command(RUSSIAN_MEMBER, 'follow', { tag: 'Armenia' }));
    expect(textOf(followed)).toContain('Вы подписаны на #Армения.');

    expect(textOf(messageOf(await discord.command(MEMBER, 'language', { language: 'hy' })))).toContain('հայերեն');
    expect(textOf(messageOf(await discord.command(MEMBER, 'follow', { tag: 'Armenia' })))).toContain(
      'Այժմ հետևում եք #Հայաստան-ին։',
    );
    expect(textOf(messageOf(await discord.command(MEMBER, 'language')))).toContain('Հայերեն');

    await t.handle.core.postArticle(
      { title: 'Armenia freezes its CSTO participation', tags: ['Armenia'], body: 'It froze it. More follows.' },
      { postedBy: 'test', notify: true },
    );
    await outboxSettled(t.handle);
    const [toRussian] = await dmsTo(discord, RUSSIAN_MEMBER.id);
    if (!toRussian) throw new Error('no card');
    expect(buttonsOf(toRussian).map((b) => b.label)).toContain('Похожие');
    expect(embedsOf(toRussian)[0]?.fields?.[0]?.name).toBe('Теги');
    const [toMember] = await dmsTo(discord, MEMBER.id);
    if (!toMember) throw new Error('no card');
    expect(buttonsOf(toMember).map((b) => b.label)).toContain('Առնչվող');
  });
});
