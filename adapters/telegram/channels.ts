import { GrammyError, type Api } from 'grammy';
import type { ChatFullInfo, User, UserFromGetMe } from 'grammy/types';
import type { CommandContext, Core, Reply } from '../../src/index.ts';
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

/** Telegram-only commands, for /help-like listings and setMyCommands. */
export const CHANNEL_COMMANDS = [
  { name: 'connect', args: '@CHANNEL', summary: 'Let me post to a channel you administer (add me as its admin first)' },
  { name: 'disconnect', args: '@CHANNEL', summary: 'Stop managing a channel from this chat' },
  { name: 'channels', args: '', summary: 'The channels you connected' },
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

async function lookUp(api: Api, ref: string): Promise<Lookup> {
  try {
    const found = await api.getChat(ref);
    if (found.type !== 'channel') {
      return {
        problem: adapterReply(
          'error',
          `${ref} is not a channel. For a group, add me to the group and use /follow there.`,
        ),
      };
    }
    return { found };
  } catch (err) {
    if (err instanceof GrammyError && err.error_code < 500) {
      return {
        problem: adapterReply(
          'error',
          `I cannot find ${ref}. Add me to the channel as an administrator, then try again.`,
        ),
      };
    }
    throw err;
  }
}

async function memberStatus(api: Api, chatId: number, userId: number) {
  try {
    return await api.getChatMember(chatId, userId);
  } catch (err) {
    if (err instanceof GrammyError && err.error_code < 500) return null;
    throw err;
  }
}

const named = (channel: Pick<ChatFullInfo, 'title' | 'username'>) =>
  channel.title ?? (channel.username ? `@${channel.username}` : 'the channel');

export function createChannelCommands(deps: ChannelDeps) {
  const { api, core } = deps;

  /** /connect, and a forwarded channel post: both land here with the channel reference. */
  async function connect(user: User, ref: string | number): Promise<Reply> {
    const looked = await lookUp(api, String(ref));
    if ('problem' in looked) return looked.problem;
    const channel = looked.found;
    // The bot first: without admin rights it cannot even see who else is an admin.
    const bot = await memberStatus(api, channel.id, deps.me().id);
    const canPost = bot?.status === 'creator' || (bot?.status === 'administrator' && bot.can_post_messages === true);
    if (!canPost) {
      return adapterReply(
        'error',
        `Make me an administrator of ${named(channel)} with the right to post messages, then send /connect again.`,
      );
    }
    const person = await memberStatus(api, channel.id, user.id);
    if (!person || !isAdminStatus(person)) {
      return adapterReply('refused', `Only administrators of ${named(channel)} can connect it. Nothing was changed.`);
    }
    const chatId = String(channel.id);
    await core.chats.connect({ platform: 'telegram', chatId, kind: 'channel', title: channel.title }, String(user.id));
    await core.chats.reactivate('telegram', chatId);
    const handle = channel.username ? `@${channel.username}` : chatId;
    return adapterReply(
      'ok',
      [
        { text: 'Connected ' },
        { text: named(channel), bold: true },
        { text: '. Choose what it receives with ' },
        { text: `/follow ${handle} TAGS`, code: true },
        { text: '.' },
      ],
      [
        { text: 'See what it follows with ' },
        { text: `/tags ${handle}`, code: true },
        { text: ', and every channel you connected with /channels.' },
      ],
    );
  }

  async function resolveId(ref: string): Promise<{ chatId: string } | { problem: Reply }> {
    if (!ref.startsWith('@')) return { chatId: ref };
    const looked = await lookUp(api, ref);
    return 'problem' in looked ? looked : { chatId: String(looked.found.id) };
  }

  async function disconnect(user: User, args: string): Promise<Reply> {
    const target = splitChannelRef(args.trim());
    if (!target)
      return adapterReply(
        'error',
        'Which channel? For example /disconnect @mychannel (see /channels for the ones you connected).',
      );
    const resolved = await resolveId(target.ref);
    if ('problem' in resolved) return resolved.problem;
    if (!(await core.chats.disconnect('telegram', resolved.chatId, String(user.id)))) {
      return adapterReply('error', `You have not connected ${target.ref}. See /channels for the ones you did.`);
    }
    return adapterReply(
      'ok',
      `You no longer manage ${target.ref} from here. It keeps receiving what it follows; to stop that, remove me from the channel.`,
    );
  }

  async function list(user: User): Promise<Reply> {
    const managed = (await core.chats.managedBy('telegram', String(user.id))).filter((c) => c.kind === 'channel');
    if (managed.length === 0)
      return adapterReply(
        'ok',
        'You have not connected a channel. Add me to your channel as an admin, then send /connect @yourchannel here.',
      );
    return {
      status: 'ok',
      blocks: [
        { kind: 'paragraph', spans: [{ text: 'Channels you connected:' }] },
        {
          kind: 'list',
          items: managed.map((c) => [
            { text: c.title ?? c.chatId, bold: true },
            { text: ' ' },
            { text: c.chatId, code: true },
            { text: c.status === 'active' ? '' : ` (${c.status})` },
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
    const resolved = await resolveId(target.ref);
    if ('problem' in resolved) return resolved.problem;
    const channel = (await core.chats.managedBy('telegram', String(user.id))).find(
      (c) => c.chatId === resolved.chatId && c.kind === 'channel',
    );
    if (!channel)
      return adapterReply(
        'refused',
        `You have not connected ${target.ref}. Send /connect ${target.ref} first (you must be one of its administrators).`,
      );
    if (!(await deps.rights.isChatAdmin(channel.chatId, user.id))) {
      return adapterReply(
        'refused',
        `You are no longer an administrator of ${channel.title ?? target.ref}, so you cannot change what it follows or when.`,
      );
    }
    const ctx: CommandContext = {
      platform: 'telegram',
      chat: { id: channel.chatId, kind: 'channel', title: channel.title ?? undefined },
      user: { id: String(user.id), name: userName(user) },
      canManageChat: true,
    };
    const reply = await core.handleCommand(ctx, `/${command} ${target.rest}`.trimEnd());
    return withLead(reply, [{ text: 'Channel ' }, { text: channel.title ?? target.ref, bold: true }, { text: ':' }]);
  }

  return { connect, disconnect, list, runForChannel };
}

export type ChannelCommands = ReturnType<typeof createChannelCommands>;
