import { Bot } from 'grammy';
import type { Update, UserFromGetMe } from 'grammy/types';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { ADMIN_LIST_MAX_AGE_MS, ADMIN_RECHECK_MS, createAdminRights } from '../../adapters/telegram/chat-context.ts';
import { assemblePost } from '../../adapters/telegram/guided-post.ts';
import { installInbound } from '../../adapters/telegram/inbound.ts';
import { membershipEffect } from '../../adapters/telegram/membership.ts';
import { parsePostMessage } from '../../src/commands/post-format.ts';
import { silentLogger } from '../../src/logger.ts';
import type { CoreHandle } from '../../src/runtime.ts';
import { TEST_TOKEN } from '../emulators/telegram/emulator.ts';
import { openTestCore } from '../helpers/core.ts';

/**
 * The inbound side without an emulator: updates go in through bot.handleUpdate (with
 * botInfo set, so no getMe), and a transformer records the Bot API calls and answers
 * them, as grammY's own tests do.
 */

const BOT_INFO = {
  id: 123456,
  is_bot: true,
  first_name: 'tagwire',
  username: 'tagwire_bot',
  can_join_groups: true,
  can_read_all_group_messages: false,
  supports_inline_queries: true,
  can_connect_to_business: false,
  has_main_web_app: false,
} as UserFromGetMe;
const GROUP = { id: -1002001, type: 'supergroup' as const, title: 'Club' };
const ALICE = { id: 77, is_bot: false, first_name: 'Alice' };

let handle: CoreHandle;
let calls: { method: string; payload: Record<string, unknown> }[];
let memberStatus: string | Error;
let clock: number;
let nextUpdateId: number;

function makeBot(): Bot {
  const bot = new Bot(TEST_TOKEN, { botInfo: BOT_INFO });
  bot.api.config.use(async (_prev, method, payload) => {
    calls.push({ method, payload: payload as Record<string, unknown> });
    if (method === 'getChatAdministrators') {
      if (memberStatus instanceof Error)
        return { ok: false, error_code: 500, description: memberStatus.message } as never;
      const admins = memberStatus === 'administrator' || memberStatus === 'creator' ? [ALICE] : [];
      return { ok: true, result: admins.map((user) => ({ status: memberStatus, user })) } as never;
    }
    if (method === 'sendMessage')
      return {
        ok: true,
        result: { message_id: calls.length, date: 0, chat: GROUP, text: String((payload as { text?: unknown }).text) },
      } as never;
    return { ok: true, result: true } as never;
  });
  const rights = createAdminRights(bot.api, silentLogger, () => clock);
  installInbound(bot, { core: handle.core, logger: silentLogger, rights });
  return bot;
}

function groupMessage(text: string, extra: Record<string, unknown> = {}): Update {
  const id = nextUpdateId++;
  return { update_id: id, message: { message_id: id, date: 0, chat: GROUP, from: ALICE, text, ...extra } } as Update;
}

const sentTexts = () => calls.filter((c) => c.method === 'sendMessage').map((c) => String(c.payload.text));
const groupFollows = async () => {
  const sub = await handle.deps.stores.subscribers.find('telegram', String(GROUP.id));
  return sub ? (await handle.deps.stores.subscribers.follows(sub.id)).map((f) => f.name) : [];
};

beforeEach(async () => {
  handle = await openTestCore();
  calls = [];
  memberStatus = 'administrator';
  clock = 1_000_000;
  nextUpdateId = 1;
});
afterEach(async () => {
  await handle.close();
});

describe('Telegram inbound (handleUpdate)', () => {
  it("reads a group's administrators once, and again when Telegram says they changed", async () => {
    const bot = makeBot();
    await bot.handleUpdate(groupMessage('/follow Armenia'));
    await bot.handleUpdate(groupMessage('/follow CSTO'));
    const asked = () => calls.filter((c) => c.method === 'getChatAdministrators');
    expect(asked()).toHaveLength(1);
    expect(asked()[0]?.payload).toMatchObject({ chat_id: GROUP.id });
    expect(calls.filter((c) => c.method === 'getChatMember')).toHaveLength(0);
    expect(await groupFollows()).toEqual(['Armenia', 'CSTO']);

    // A chat_member update about an administrator: the list is read again.
    memberStatus = 'member';
    await bot.handleUpdate({
      update_id: nextUpdateId++,
      chat_member: {
        chat: GROUP,
        from: ALICE,
        date: 0,
        old_chat_member: { status: 'administrator', user: ALICE },
        new_chat_member: { status: 'member', user: ALICE },
      },
    } as unknown as Update);
    await bot.handleUpdate(groupMessage('/unfollow CSTO'));
    expect(asked()).toHaveLength(2);
    expect(sentTexts().at(-1)).toContain("only this chat's admins");
    expect(await groupFollows()).toEqual(['Armenia', 'CSTO']);
  });

  it('reads the list again for someone not on it (at most every ADMIN_RECHECK_MS), and after ADMIN_LIST_MAX_AGE_MS', async () => {
    memberStatus = 'member';
    const bot = makeBot();
    const asked = () => calls.filter((c) => c.method === 'getChatAdministrators').length;
    await bot.handleUpdate(groupMessage('/follow Armenia'));
    await bot.handleUpdate(groupMessage('/follow Armenia'));
    expect(asked()).toBe(1);
    // Promoted, and Telegram did not say (the bot is no administrator there).
    memberStatus = 'administrator';
    clock += ADMIN_RECHECK_MS + 1;
    await bot.handleUpdate(groupMessage('/follow Armenia'));
    expect(asked()).toBe(2);
    expect(await groupFollows()).toEqual(['Armenia']);
    // Demoted, and Telegram did not say: noticed once the list is too old.
    memberStatus = 'member';
    await bot.handleUpdate(groupMessage('/follow CSTO'));
    expect(asked()).toBe(2);
    clock += ADMIN_LIST_MAX_AGE_MS + 1;
    await bot.handleUpdate(groupMessage('/follow Oil'));
    expect(asked()).toBe(3);
    expect(await groupFollows()).toEqual(['Armenia', 'CSTO']);
  });

  it('treats a failed rights check as "not an admin" and asks again next time', async () => {
    memberStatus = new Error('Internal Server Error');
    const bot = makeBot();
    await bot.handleUpdate(groupMessage('/follow Armenia'));
    expect(sentTexts().at(-1)).toContain("only this chat's admins");
    memberStatus = 'creator';
    await bot.handleUpdate(groupMessage('/follow Armenia'));
    expect(calls.filter((c) => c.method === 'getChatAdministrators')).toHaveLength(2);
    expect(await groupFollows()).toEqual(['Armenia']);
  });

  it('lets an anonymous group admin (writing as the group) manage it without asking', async () => {
    memberStatus = 'member';
    const bot = makeBot();
    await bot.handleUpdate(
      groupMessage('/follow Armenia', {
        from: { id: 1087968824, is_bot: true, first_name: 'Group', username: 'GroupAnonymousBot' },
        sender_chat: GROUP,
      }),
    );
    expect(calls.filter((c) => c.method === 'getChatAdministrators')).toHaveLength(0);
    expect(await groupFollows()).toEqual(['Armenia']);
  });

  it('answers in groups as a reply to the command', async () => {
    const bot = makeBot();
    const update = groupMessage('/toptags');
    await bot.handleUpdate(update);
    const send = calls.find((c) => c.method === 'sendMessage');
    expect(send?.payload).toMatchObject({
      chat_id: GROUP.id,
      parse_mode: 'HTML',
      reply_parameters: { message_id: update.message?.message_id, allow_sending_without_reply: true },
    });
  });

  it('deactivates a private chat whose user blocked the bot, with the reason', async () => {
    const bot = makeBot();
    await bot.handleUpdate({
      update_id: 1,
      message: {
        message_id: 1,
        date: 0,
        chat: { id: ALICE.id, type: 'private', first_name: 'Alice' },
        from: ALICE,
        text: '/follow Oil',
      },
    } as Update);
    await bot.handleUpdate({
      update_id: 2,
      my_chat_member: {
        chat: { id: ALICE.id, type: 'private', first_name: 'Alice' },
        from: ALICE,
        date: 0,
        old_chat_member: { status: 'member', user: { ...BOT_INFO } },
        new_chat_member: { status: 'kicked', user: { ...BOT_INFO }, until_date: 0 },
      },
    } as Update);
    const sub = await handle.deps.stores.subscribers.find('telegram', String(ALICE.id));
    expect([sub?.status, sub?.status_reason]).toEqual(['deactivated', 'blocked']);
  });
});

describe('membership changes', () => {
  const user = { ...BOT_INFO };
  it('needs posting rights in a channel, mere membership elsewhere', () => {
    const admin = (canPost: boolean) => ({
      status: 'administrator' as const,
      user,
      can_be_edited: false,
      is_anonymous: false,
      can_manage_chat: true,
      can_delete_messages: false,
      can_manage_video_chats: false,
      can_restrict_members: false,
      can_promote_members: false,
      can_change_info: false,
      can_invite_users: false,
      can_post_stories: false,
      can_edit_stories: false,
      can_delete_stories: false,
      can_send_welcome_messages: false,
      can_post_messages: canPost,
    });
    expect(membershipEffect(admin(true), 'channel')).toBe('reactivate');
    expect(membershipEffect(admin(false), 'channel')).toBe('deactivate');
    expect(membershipEffect({ status: 'member', user }, 'channel')).toBe('deactivate');
    expect(membershipEffect({ status: 'member', user }, 'supergroup')).toBe('reactivate');
    expect(membershipEffect({ status: 'left', user }, 'group')).toBe('deactivate');
    expect(membershipEffect({ status: 'kicked', user, until_date: 0 }, 'private')).toBe('deactivate');
    expect(membershipEffect({ status: 'member', user }, 'private')).toBe('reactivate');
  });
});

describe('guided /post assembly', () => {
  it('produces the one-message form the core reads back', () => {
    const withTagLine = parsePostMessage(
      assemblePost('A  title\n', 'Armenia, CSTO', 'url: https://example.com/a\nsource: Wire\n\nThe body.').replace(
        /^\/post /u,
        '',
      ),
    );
    expect(withTagLine).toMatchObject({
      title: 'A title',
      tags: ['Armenia', 'CSTO'],
      url: 'https://example.com/a',
      source: 'Wire',
      body: 'The body.',
    });
    const withHashtags = parsePostMessage(
      assemblePost('Title', '#Armenia  #New_York', 'Body text.').replace(/^\/post /u, ''),
    );
    expect(withHashtags).toMatchObject({ title: 'Title', tags: ['Armenia', 'New York'], body: 'Body text.' });
  });
});
