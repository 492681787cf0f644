import { afterEach, describe, expect, it } from 'vitest';
import { ADMIN, MEMBER, MODERATOR, NEWS_CHANNEL_ID, actor } from '../emulators/discord/fixtures.ts';
import { buttonsOf, embedsOf, textOf } from '../emulators/discord/messages.ts';
import { deliveredTo, dmsTo, messageOf, startDiscordTestBot, type DiscordTestBot } from './harness.ts';

let t: DiscordTestBot | undefined;
afterEach(async () => {
  await t?.stop();
  t = undefined;
});

const post = (bot: DiscordTestBot, title: string, tags: string[], body = `${title}. The body says more.`) =>
  bot.handle.core.postArticle({ title, tags, body }, { postedBy: 'test', notify: true });

const OTHER = actor('940000000000000011', 'other');
const THIRD = actor('940000000000000012', 'third');

describe('Discord interactions, end to end', () => {
  it('autocompletes tag options with known tags, most-followed first, and completes the last of several', async () => {
    t = await startDiscordTestBot();
    const discord = t.emulator;
    for (const who of [MEMBER, OTHER, THIRD]) messageOf(await discord.command(who, 'follow', { tag: 'Armenia' }));
    messageOf(await discord.command(OTHER, 'follow', { tag: 'Azerbaijan' }));
    messageOf(await discord.command(OTHER, 'follow', { tag: 'Russia' }));

    // Tags starting with what was typed first, then tags containing it; by followers within each.
    // The region's built-in tags (src/domain/region-names.ts) are known too, with no followers yet.
    const choices = (await discord.autocomplete(MEMBER, 'follow', { tag: 'a' }, 'tag')).map((c) => c.value);
    expect(choices.slice(0, 2)).toEqual(['Armenia', 'Azerbaijan']);
    expect(choices.indexOf('Russia')).toBeGreaterThan(choices.indexOf('Ankara'));
    expect((await discord.autocomplete(MEMBER, 'follow', { tag: 'a' }, 'tag'))[0]?.name).toBe('Armenia · 3 followers');
    expect((await discord.autocomplete(MEMBER, 'follow', { tag: '' }, 'tag')).map((c) => c.value).slice(0, 3)).toEqual([
      'Armenia',
      'Azerbaijan',
      'Russia',
    ]);
    expect((await discord.autocomplete(MEMBER, 'unfollow', { tag: 'Russia, #az' }, 'tag')).map((c) => c.value)[0]).toBe(
      'Russia, Azerbaijan',
    );
    expect((await discord.autocomplete(MODERATOR, 'channel follow', { tag: 'Ru' }, 'tag')).map((c) => c.value)[0]).toBe(
      'Russia',
    );
    expect(await discord.autocomplete(MEMBER, 'latest', { tag: 'zzz' }, 'tag')).toEqual([]);
  });

  it('pages search results by updating the ephemeral reply, and shares a page in the channel', async () => {
    t = await startDiscordTestBot();
    const discord = t.emulator;
    for (let i = 1; i <= 7; i++) await post(t, `Oil prices report number ${i}`, ['Oil']);
    const first = messageOf(await discord.command(MEMBER, 'search', { query: 'oil prices' }));
    expect(first.flags & 64).toBe(64);
    expect(textOf(first)).toContain('Search:');
    expect(buttonsOf(first).map((b) => b.label)).toEqual(['Next ▶', 'Share']);

    const next = await discord.press(MEMBER, first, 'Next ▶');
    expect(next.kind).toBe('update');
    const page = messageOf(next);
    expect(page.id).toBe(first.id);
    expect(textOf(page)).toMatch(/\*\*6\.\*\*/u);
    expect(buttonsOf(page).map((b) => b.label)).toEqual(['◀ Previous', 'Share']);

    const shared = await discord.press(MEMBER, page, 'Share');
    expect(shared.kind).toBe('message');
    const publicMessage = messageOf(shared);
    expect(publicMessage.flags & 64).toBe(0);
    expect(publicMessage.channelId).toBe(NEWS_CHANNEL_ID);
    expect(publicMessage.content).toBe(`Shared by <@${MEMBER.id}>`);
    expect(publicMessage.allowedMentions).toEqual({ parse: [] });
    expect(publicMessage.embeds).toEqual(page.embeds);
    expect(buttonsOf(publicMessage).map((b) => b.label)).toEqual(['◀ Previous']);

    // Paging the shared message answers the presser privately; the channel's message stays.
    const privatePage = messageOf(await discord.press(OTHER, publicMessage, '◀ Previous'));
    expect(privatePage.id).not.toBe(publicMessage.id);
    expect(privatePage.flags & 64).toBe(64);
    expect(publicMessage.edits).toBe(0);
  });

  it('defers a slow answer and edits it in through @original', async () => {
    t = await startDiscordTestBot({ deferAfterMs: 0 });
    const discord = t.emulator;
    const answer = await discord.command(MEMBER, 'follow', { tag: 'Armenia' });
    expect(answer.kind === 'message' && answer.deferred).toBe(true);
    expect(textOf(messageOf(answer))).toContain('Now following #Armenia');
    const [edit] = discord.requestsTo('PATCH', /\/messages\/@original$/u);
    expect(edit?.rawPath).toMatch(/\/messages\/%40original$/u);
    const callback = discord.requestsTo('POST', /\/callback$/u).at(-1);
    expect(callback?.body).toEqual({ type: 5, data: { flags: 64 } });
    expect(callback?.status).toBe(204);

    for (let i = 1; i <= 6; i++) await post(t, `Gas pipeline update ${i}`, ['Gas']);
    const first = messageOf(await discord.command(MEMBER, 'latest', { tag: 'Gas' }));
    const next = await discord.press(MEMBER, first, 'Next ▶');
    expect(next.kind === 'update' && next.deferred).toBe(true);
    expect(messageOf(next).id).toBe(first.id);
    expect(textOf(messageOf(next))).toContain('Gas pipeline update 1');
  });

  it('a follow toggle on a DM card changes only its buttons; on a channel card it follows for the presser, privately', async () => {
    t = await startDiscordTestBot();
    const discord = t.emulator;
    messageOf(await discord.command(MEMBER, 'follow', { tag: 'Armenia' }, 'dm'));
    messageOf(await discord.command(MODERATOR, 'channel follow', { tag: 'Armenia' }));
    await post(t, 'Armenia and the CSTO', ['Armenia', 'CSTO']);
    const [card] = await dmsTo(discord, MEMBER.id);
    const [channelCard] = await deliveredTo(discord, NEWS_CHANNEL_ID);
    if (!card || !channelCard) throw new Error('missing cards');

    const toggled = await discord.press(MEMBER, card, '+ #CSTO');
    expect(toggled.kind).toBe('update');
    expect(messageOf(toggled).id).toBe(card.id);
    expect(buttonsOf(card).map((b) => b.label)).toEqual(['Related', '✓ #Armenia', '✓ #CSTO']);
    expect(embedsOf(card)[0]?.title).toBe('Armenia and the CSTO');
    const follows = async (chatId: string) => {
      const sub = await t!.handle.deps.stores.subscribers.find('discord', chatId);
      return sub ? (await t!.handle.deps.stores.subscribers.follows(sub.id)).map((f) => f.name).sort() : [];
    };
    expect(await follows(MEMBER.id)).toEqual(['Armenia', 'CSTO']);

    const fromChannel = await discord.press(OTHER, channelCard, '+ #CSTO');
    expect(fromChannel.kind).toBe('message');
    expect(messageOf(fromChannel).flags & 64).toBe(64);
    expect(textOf(messageOf(fromChannel))).toContain('Now following #CSTO');
    expect(channelCard.edits).toBe(0);
    expect(await follows(OTHER.id)).toEqual(['CSTO']);
    expect(await follows(NEWS_CHANNEL_ID)).toEqual(['Armenia']);

    const related = messageOf(await discord.press(OTHER, channelCard, 'Related'));
    expect(related.flags & 64).toBe(64);
    expect(textOf(related)).toMatch(/Nothing related to [a-z0-9]{6} yet|Related to/u);
  });

  it('reaches every core command, with its options joined into the command line', async () => {
    t = await startDiscordTestBot();
    const discord = t.emulator;
    const { article } = await post(
      t,
      'Armenia freezes its CSTO participation',
      ['Armenia', 'CSTO'],
      'Armenia has frozen its participation.',
    );
    const text = async (name: string, values: Record<string, string> = {}, who = MEMBER) =>
      textOf(messageOf(await discord.command(who, name, values)));
    expect(await text('start')).toContain('Welcome to tagwire');
    expect(await text('follow', { tag: 'Armenia, Russia' })).toContain('Now following #Armenia and #Russia');
    expect(await text('mute', { tag: 'CSTO' })).toContain('Muted #CSTO');
    expect(await text('unmute', { tag: 'CSTO' })).toContain('Unmuted #CSTO');
    expect(await text('unfollow', { tag: 'Armenia' })).toContain('Stopped following #Armenia');
    expect(await text('tags')).toContain('Following (1): #Russia');
    expect(await text('toptags')).toContain('#Russia');
    expect(await text('latest')).toContain('Armenia freezes its CSTO participation');
    expect(await text('search', { query: 'frozen' })).toContain(article.publicId);
    expect(await text('related', { id: article.publicId })).toMatch(new RegExp(`related to ${article.publicId}`, 'iu'));
    const full = messageOf(await discord.command(MEMBER, 'article', { id: article.publicId }));
    expect(embedsOf(full)[0]?.title).toBe('Armenia freezes its CSTO participation');
    expect(embedsOf(full)[0]?.description).toContain('Armenia has frozen its participation.');
    expect(buttonsOf(full).map((b) => b.label)).toEqual(['Related', 'Share']);
    expect(await text('help', { command: 'search' })).toContain('/search QUERY');
    expect(await text('rename', { old: 'CSTO', new: 'C.S.T.O.' }, ADMIN)).toContain('Renamed #CSTO to #C.S.T.O.');
    expect(await text('alias', { alias: 'Tashkent Treaty', tag: 'C.S.T.O.' }, ADMIN)).toContain('now means #C.S.T.O.');
    expect(await text('delete', { id: article.publicId }, ADMIN)).toContain(`Deleted ${'`'}${article.publicId}${'`'}`);
  });
});
