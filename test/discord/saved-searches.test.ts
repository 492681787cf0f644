import { afterEach, describe, expect, it } from 'vitest';
import { MEMBER } from '../emulators/discord/fixtures.ts';
import { embedsOf, textOf } from '../emulators/discord/messages.ts';
import { dmsTo, messageOf, outboxSettled, startDiscordTestBot, type DiscordTestBot } from './harness.ts';

let t: DiscordTestBot | undefined;
afterEach(async () => {
  await t?.stop();
  t = undefined;
});

describe('Discord: following a search and muting words, end to end', () => {
  it('takes the query as a slash option and delivers what matches to the member once', async () => {
    t = await startDiscordTestBot();
    const discord = t.emulator;
    const watched = messageOf(await discord.command(MEMBER, 'watch', { query: '"nuclear power" armenia -drill' }));
    expect(textOf(watched)).toContain('Now following the search');
    messageOf(await discord.command(MEMBER, 'mute', { tag: '"lottery"' }));
    expect(textOf(messageOf(await discord.command(MEMBER, 'tags', {})))).toContain('Muted words (1): “lottery”');
    const post = (title: string) =>
      t?.handle.core.postArticle({ title, tags: ['Energy'], body: `${title}.` }, { postedBy: 'test', notify: true });
    await post('Armenia weighs nuclear power');
    await post('Armenia nuclear power drill');
    await post('Armenia nuclear power lottery');
    await post('Georgia weighs nuclear power');
    await outboxSettled(t.handle);
    const dms = await dmsTo(discord, MEMBER.id, 1);
    expect(dms.map((m) => embedsOf(m)[0]?.title)).toEqual(['Armenia weighs nuclear power']);
    const unwatched = messageOf(await discord.command(MEMBER, 'unwatch', { query: '"nuclear power" armenia -drill' }));
    expect(textOf(unwatched)).toContain('Stopped following the search');
  });
});
