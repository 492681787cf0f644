import { GrammyError, type Api } from 'grammy';
import type { ChatFullInfo, User, UserFromGetMe } from 'grammy/types';
import {
  rich,
  translate,
  translator,
  type CommandContext,
  type Core,
  type Locale,
  type Reply,
  type Span,
} from '../../src/index.ts';
import { isAdminStatus, userName, type AdminRights } from './chat-context.ts';
import { adapterReply, withLead } from './replies.ts';

/**
 * Channels. A bot cannot read commands in a channel, so a channel admin manages it
 * from a private chat: `/connect @channel` (or forwarding one of its posts) checks with
 * getChatMember that both the person and the bot are admins there (the bot with the
 * right to post), then records the person as its manager in the core. After that
 * `/follow @channel TAGS` (and the other CHANNEL_TARGETED_COMMANDS) run the core's
 * command with the channel as the chat.
 */

/** Telegram-only commands, for /help-like listings and setMyCommands (summaries: the messages cmd-NAME). */
export const CHANNEL_COMMANDS = [
  { name: 'connect', args: '@CHANNEL' },
  { name: 'disconnect', args: '@CHANNEL' },
  { name: 'channels', args: '' },
] as const;

/**
 * Core commands that take a channel as their first argument in a private chat: what it
 * follows, and when it receives it (digest, time zone, quiet hours, pause).
 */
export const CHANNEL_TARGETED_COMMANDS: ReadonlySet<string> = new Set([
  'follow',
  'unfollow',
  'mute',
  'unmute',
  'tags',
  'digest',
  'timezone',
  'quiet',
  'pause',
  'resume',
]);

/** `@username` or a numeric channel id (-100…), as the first word of the arguments. */
const CHANNEL_REF = /^(@[A-Za-z][A-Za-z0-9_]{3,31}|-100\d{1,20})(?=\s|$)\s*/u;

export function splitChannelRef(args: string): { ref: string; rest: string } | null {
  const m = CHANNEL_REF.exec(args);
  return m ? { ref: m[1] ?? '', rest: args.slice(m[0].length) } : null;
}

export interface ChannelDeps {
  api: Api;
  core: Core;
  rights: AdminRights;
  me: () => UserFromGetMe;
}

type Lookup = { found: ChatFullInfo } | { problem: Reply };

async function lookUp(api: Api, ref: string, locale: Locale): Promise<Lookup> {
  try {
    const found = await api.getChat(ref);
    if (found.type !== 'channel') {
      return { problem: localized(locale, 'error', translate(locale, 'channel-not-a-channel', { ref })) };
    }
    return { found };
  } catch (err) {
    if (err instanceof GrammyError && err.error_code < 500) {
      return { problem: localized(locale, 'error', translate(locale, 'channel-not-found', { ref })) };
    }
    throw err;
  }
}

/** A reply the adapter writes, in a language. */
function localized(locale: Locale, status: Reply['status'], ...paragraphs: (string | Span[])[]): Reply {
  return { ...adapterReply(status, ...paragraphs), locale };
}

async function memberStatus(api: Api, chatId: number, userId: number) {
  try {
    return await api.getChatMember(chatId, userId);
  } catch (err) {
    if (err instanceof GrammyError && err.error_code < 500) return null;
    throw err;
  }
}

const named = (channel: Pick<ChatFullInfo, 'title' | 'username'>, locale: Locale) =>
  channel.title ?? (channel.username ? `@${channel.username}` : translate(locale, 'channel-unnamed'));

export function createChannelCommands(deps: ChannelDeps) {
  const { api, core } = deps;
  /** These commands work in the user's private chat: its language, else the user's app language. */
  const localeOf = (user: User) =>
    core.localeFor({
      platform: 'telegram',
      chat: { id: String(user.id), kind: 'user' },
      languageTag: user.language_code,
    });

  /** /connect, and a forwarded channel post: both land here with the channel reference. */
  async function connect(user: User, ref: string | number): Promise<Reply> {
    const locale = await localeOf(user);
    const t = translator(locale);
    const looked = await lookUp(api, String(ref), locale);
    if ('problem' in looked) return looked.problem;
    const channel = looked.found;
    // The bot first: without admin rights it cannot even see who else is an admin.
    const bot = await memberStatus(api, channel.id, deps.me().id);
    const canPost = bot?.status === 'creator' || (bot?.status === 'administrator' && bot.can_post_messages === true);
    if (!canPost) {
      return localized(locale, 'error', t('channel-make-me-admin', { channel: named(channel, locale) }));
    }
    const person = await memberStatus(api, channel.id, user.id);
    if (!person || !isAdminStatus(person)) {
      return localized(locale, 'refused', t('channel-only-admins', { channel: named(channel, locale) }));
    }
    const chatId = String(channel.id);
    await core.chats.connect({ platform: 'telegram', chatId, kind: 'channel', title: channel.title }, String(user.id));
    await core.chats.reactivate('telegram', chatId);
    const handle = channel.username ? `@${channel.username}` : chatId;
    return localized(
      locale,
      'ok',
      [
        // The channel's title is its admins' text: a bold span of its own, never read as markup.
        ...t('channel-connected', { channel: '\u0000' })
          .split('\u0000')
          .flatMap((part, i): Span[] => [
            ...(i > 0 ? [{ text: named(channel, locale), bold: true }] : []),
            ...(part === '' ? [] : [{ text: part }]),
          ]),
        { text: ' ' },
        ...rich(t('channel-connected-follow', { handle })),
      ],
      rich(t('channel-connected-tags', { handle })),
    );
  }

  async function resolveId(ref: string, locale: Locale): Promise<{ chatId: string } | { problem: Reply }> {
    if (!ref.startsWith('@')) return { chatId: ref };
    const looked = await lookUp(api, ref, locale);
    return 'problem' in looked ? looked : { chatId: String(looked.found.id) };
  }

  async function disconnect(user: User, args: string): Promise<Reply> {
    const locale = await localeOf(user);
    const t = translator(locale);
    const target = splitChannelRef(args.trim());
    if (!target) return localized(locale, 'error', t('channel-disconnect-which'));
    const resolved = await resolveId(target.ref, locale);
    if ('problem' in resolved) return resolved.problem;
    if (!(await core.chats.disconnect('telegram', resolved.chatId, String(user.id)))) {
      return localized(locale, 'error', t('channel-not-connected', { ref: target.ref }));
    }
    return localized(locale, 'ok', t('channel-disconnected', { ref: target.ref }));
  }

  async function list(user: User): Promise<Reply> {
    const locale = await localeOf(user);
    const t = translator(locale);
    const managed = (await core.chats.managedBy('telegram', String(user.id))).filter((c) => c.kind === 'channel');
    if (managed.length === 0) return localized(locale, 'ok', t('channel-none'));
    return {
      status: 'ok',
      locale,
      blocks: [
        { kind: 'paragraph', spans: [{ text: t('channel-list-heading') }] },
        {
          kind: 'list',
          items: managed.map((c) => [
            { text: c.title ?? c.chatId, bold: true },
            { text: ' ' },
            { text: c.chatId, code: true },
            { text: c.status === 'active' ? '' : ` (${t(`status-${c.status}`)})` },
          ]),
        },
      ],
      buttons: [],
    };
  }

  /** `/follow @channel TAGS` and friends: the core command, with the channel as the chat. */
  async function runForChannel(user: User, command: string, args: string): Promise<Reply> {
    const target = splitChannelRef(args);
    if (!target) throw new Error('runForChannel needs a channel reference');
    const locale = await localeOf(user);
    const t = translator(locale);
    const resolved = await resolveId(target.ref, locale);
    if ('problem' in resolved) return resolved.problem;
    const channel = (await core.chats.managedBy('telegram', String(user.id))).find(
      (c) => c.chatId === resolved.chatId && c.kind === 'channel',
    );
    if (!channel) return localized(locale, 'refused', t('channel-connect-first', { ref: target.ref }));
    if (!(await deps.rights.isChatAdmin(channel.chatId, user.id))) {
      return localized(locale, 'refused', t('channel-no-longer-admin', { channel: channel.title ?? target.ref }));
    }
    const ctx: CommandContext = {
      platform: 'telegram',
      chat: { id: channel.chatId, kind: 'channel', title: channel.title ?? undefined },
      user: { id: String(user.id), name: userName(user) },
      canManageChat: true,
      languageTag: user.language_code,
    };
    const reply = await core.handleCommand(ctx, `/${command} ${target.rest}`.trimEnd());
    const lead = translate(reply.locale ?? locale, 'channel-lead');
    return withLead(reply, [{ text: `${lead} ` }, { text: channel.title ?? target.ref, bold: true }, { text: ':' }]);
  }

  return { connect, disconnect, list, runForChannel };
}

export type ChannelCommands = ReturnType<typeof createChannelCommands>;
