import { describe, expect, it } from 'vitest';
import { UserInputError } from '../../src/domain/errors.ts';
import { canPostAsIdentity, parseIdentity } from '../../src/domain/identity.ts';
import { openTestCore } from '../helpers/core.ts';
import { replyText, telegramGroup } from '../helpers/reply.ts';

describe('/identity names and pictures', () => {
  it('reads a name in any script, and a picture when the last word is an address', () => {
    expect(parseIdentity('  Armenia   Wire ')).toEqual({ name: 'Armenia Wire', avatarUrl: null });
    expect(parseIdentity('Новости Армении https://news.example/лого.png')).toEqual({
      name: 'Новости Армении',
      avatarUrl: 'https://news.example/%D0%BB%D0%BE%D0%B3%D0%BE.png',
    });
    expect(parseIdentity('Հայաստանի լուրեր')).toEqual({ name: 'Հայաստանի լուրեր', avatarUrl: null });
  });

  it('refuses what Discord refuses in a name, a long name, and a picture that is not http(s)', () => {
    for (const bad of ['Discord news', 'my clyde', '@everyone', 'here', 'a#b', 'x'.repeat(81), ''])
      expect(() => parseIdentity(bad), bad).toThrow(UserInputError);
    expect(() => parseIdentity('Wire javascript:alert(1)')).toThrow(/not the web address/u);
    expect(() => parseIdentity('Wire ftp://files.example/logo.png')).toThrow(/not the web address/u);
  });

  it('is for Discord server channels only; Telegram is told so', async () => {
    expect(canPostAsIdentity('discord', 'group')).toBe(true);
    expect(canPostAsIdentity('discord', 'user')).toBe(false);
    expect(canPostAsIdentity('telegram', 'group')).toBe(false);
    const handle = await openTestCore();
    try {
      const reply = await handle.core.handleCommand(telegramGroup('-100', '1', true), '/identity Armenia Wire');
      expect(replyText(reply)).toContain('is for a Discord server channel');
    } finally {
      await handle.close();
    }
  });
});
