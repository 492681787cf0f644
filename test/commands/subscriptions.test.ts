import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { CoreHandle } from '../../src/runtime.ts';
import { DIALECTS, openDialectCore } from '../helpers/dialects.ts';
import { consoleCtx, replyText, telegramGroup, telegramUser } from '../helpers/reply.ts';

describe.each(DIALECTS)('on %s', (dialect) => {
  let handle: CoreHandle;
  beforeEach(async () => {
    handle = await openDialectCore(dialect, { TELEGRAM_ADMIN_IDS: '1' });
  });
  afterEach(async () => {
    await handle.close();
  });

  const run = (text: string, ctx = consoleCtx) => handle.core.handleCommand(ctx, text);

  async function followedKeys(platform: string, chatId: string) {
    return handle.storage.db
      .selectFrom('follows')
      .innerJoin('subscribers', 'subscribers.id', 'follows.subscriber_id')
      .innerJoin('tags', 'tags.id', 'follows.tag_id')
      .select(['tags.key', 'follows.mode'])
      .where('subscribers.platform', '=', platform as 'console')
      .where('subscribers.chat_id', '=', chatId)
      .orderBy('tags.key')
      .execute();
  }

  describe('/follow and friends', () => {
    it('follows comma-separated, hashtag and single multi-word tags', async () => {
      expect(replyText(await run('/follow Armenia, Russia'))).toMatch(/Now following #Armenia and #Russia/);
      expect((await run('/follow #CSTO #Azerbaijan')).status).toBe('ok');
      expect((await run('/follow Collective Security Treaty Organization')).status).toBe('ok');
      const keys = (await followedKeys('console', 'local')).map((f) => f.key);
      expect(keys).toEqual(['armenia', 'azerbaijan', 'collective security treaty organization', 'csto', 'russia']);
    });

    it('treats spellings of one tag as one and says when nothing changed', async () => {
      await run('/follow Armenia');
      const again = replyText(await run('/follow #ARMENIA'));
      expect(again).toMatch(/Already following #Armenia/);
      expect(await followedKeys('console', 'local')).toHaveLength(1);
    });

    it('mutes a followed tag and unfollows', async () => {
      await run('/follow Armenia, Russia');
      await run('/mute Russia');
      expect(await followedKeys('console', 'local')).toEqual([
        { key: 'armenia', mode: 'follow' },
        { key: 'russia', mode: 'mute' },
      ]);
      expect(replyText(await run('/unfollow Russia'))).toMatch(/Was not following #Russia/);
      await run('/unmute Russia');
      await run('/unfollow Armenia');
      expect(await followedKeys('console', 'local')).toEqual([]);
    });

    it('lists follows and mutes with /tags', async () => {
      expect(replyText(await run('/tags'))).toMatch(/follows no tags yet/);
      await run('/follow Armenia, Russia');
      expect(replyText(await run('/mute Sports'))).toMatch(
        /No article has had #Sports yet; any that comes will be skipped here/,
      );
      const text = replyText(await run('/tags'));
      expect(text).toMatch(/Following \(2\): #Armenia #Russia/);
      expect(text).toMatch(/Muted \(1\): #Sports/);
    });

    it('ranks /toptags by followers', async () => {
      await run('/follow Armenia', telegramUser('10'));
      await run('/follow Armenia, Russia', telegramUser('11'));
      const reply = await run('/toptags');
      expect(replyText(reply)).toMatch(/#Armenia 2 followers\n#Russia 1 follower/);
      expect(reply.buttons.flat()[0]?.data).toBe('/follow Armenia');
    });

    it('explains a missing or malformed argument', async () => {
      for (const command of ['/follow', '/unfollow  ', '/mute', '/unmute']) {
        const reply = await run(command);
        expect(reply.status).toBe('error');
        expect(replyText(reply)).toMatch(/Which tags\?/);
      }
      expect(replyText(await run(`/follow ${'x'.repeat(70)}`))).toMatch(/at most 64/);
      expect(replyText(await run('/follow bad\u0001tag'))).toMatch(/control characters/);
    });

    it('keeps HTML and non-Latin tag names as plain text', async () => {
      const reply = await run('/follow <b>Armenia</b>, Армения, Հայաստան');
      expect(reply.status).toBe('ok');
      expect(replyText(reply)).toContain('#<b>Armenia</b>');
      expect(replyText(reply)).toContain('#Армения');
      expect(replyText(reply)).toContain('#Հայաստան');
      // A word that mixes alphabets (Latin b around Cyrillic) is refused, not stored.
      expect(replyText(await run('/follow <b>Армения</b>'))).toMatch(/mixes/);
    });

    it("lets only a group's admins change what the group follows", async () => {
      const refused = await run('/follow Armenia', telegramGroup('-100', '7', false));
      expect(refused.status).toBe('refused');
      expect(await followedKeys('telegram', '-100')).toEqual([]);
      expect((await run('/follow Armenia', telegramGroup('-100', '8', true))).status).toBe('ok');
      expect(await followedKeys('telegram', '-100')).toHaveLength(1);
      expect((await run('/search armenia', telegramGroup('-100', '7', false))).status).not.toBe('refused');
    });

    it('reactivates a deactivated chat on /start and keeps its follows', async () => {
      const ctx = telegramUser('42');
      await run('/follow Armenia', ctx);
      await handle.core.chats.deactivate('telegram', '42', 'blocked');
      expect((await handle.deps.stores.subscribers.find('telegram', '42'))?.status).toBe('deactivated');
      expect(replyText(await run('/start', ctx))).toMatch(/Welcome back/);
      expect((await handle.deps.stores.subscribers.find('telegram', '42'))?.status).toBe('active');
      expect(await followedKeys('telegram', '42')).toHaveLength(1);
    });
  });

  describe('routing', () => {
    it('reads /cmd@botname and suggests near commands', async () => {
      expect((await run('/follow@tagwire_bot Armenia')).status).toBe('ok');
      expect(replyText(await run('/folow Armenia'))).toMatch(/Did you mean \/follow\?/);
      expect(replyText(await run('hello'))).toMatch(/Commands start with "\/"/);
    });

    it('shows admin commands in /help only to admins', async () => {
      expect(replyText(await run('/help'))).toMatch(/\/post/);
      const forUser = replyText(await run('/help', telegramUser('99')));
      expect(forUser).toMatch(/\/follow TAGS/);
      expect(forUser).not.toMatch(/\/delete/);
      expect(replyText(await run('/help search'))).toMatch(/Example:/);
      expect((await run('/help nonsense')).status).toBe('error');
    });
  });
});
