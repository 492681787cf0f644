import { sequentialize } from '@grammyjs/runner';
import type { Bot, Context } from 'grammy';
import type { Message, User } from 'grammy/types';
import { parseCommandLine, translate, type Core, type Locale, type Logger, type Reply } from '../../src/index.ts';
import { CANCEL_COMMAND } from './bot-commands.ts';
import { handleButtonPress } from './buttons.ts';
import { CHANNEL_COMMANDS, CHANNEL_TARGETED_COMMANDS, createChannelCommands, splitChannelRef } from './channels.ts';
import { chatKind, commandContextFor, createAdminRights, isAdminStatus, type AdminRights } from './chat-context.ts';
import { createGuidedPosts } from './guided-post.ts';
import { handleInlineQuery } from './inline.ts';
import { applyMigration, applyMyChatMember } from './membership.ts';
import { adapterReply, answer, threadOf } from './replies.ts';
import { applyTopicEvent } from './topics.ts';

/**
 * Updates in: messages become core commands, button presses core.pressButton, inline
 * queries searches, membership changes chat state. Updates are handled concurrently
 * but in order per chat (`sequentialize`), so a guided /post or a burst of commands in
 * one chat is answered in the order it was sent.
 */

/** Telegram-only commands that act on the sender's private chat with the bot. */
const PRIVATE_ONLY: ReadonlySet<string> = new Set([...CHANNEL_COMMANDS.map((c) => c.name), CANCEL_COMMAND.name]);

export interface InboundDeps {
  core: Core;
  logger: Logger;
  /** Defaults to the getChatAdministrators-backed lists over the bot's API (chat-context.ts). */
  rights?: AdminRights;
}

/**
 * Update types the bot asks Telegram for (getUpdates and setWebhook `allowed_updates`).
 * `chat_member` (sent only where the bot is an administrator, and only when asked for)
 * says when a chat's administrators change, so their cached list is read again.
 */
export const ALLOWED_UPDATES = ['message', 'callback_query', 'inline_query', 'my_chat_member', 'chat_member'] as const;

/** Tracks updates being handled, so stopping can wait for them, and the last update id started. */
export interface UpdateTracker {
  /** Resolves when no update is being handled. */
  idle(): Promise<void>;
  /** The highest update_id whose handling started, or null. */
  lastUpdateId(): number | null;
}

export function installInbound(bot: Bot, deps: InboundDeps): UpdateTracker {
  const { core, logger } = deps;
  const api = bot.api;
  const rights = deps.rights ?? createAdminRights(api, logger);
  const me = () => bot.botInfo;
  const channels = createChannelCommands({ api, core, rights, me });
  const posts = createGuidedPosts(core.conversations);
  const ownCommands = new Set<string>([
    ...core.commands.map((c) => c.name),
    ...CHANNEL_COMMANDS.map((c) => c.name),
    CANCEL_COMMAND.name,
  ]);

  const inFlight = new Set<Promise<void>>();
  let lastUpdateId: number | null = null;
  bot.use(async (ctx, next) => {
    lastUpdateId = Math.max(lastUpdateId ?? ctx.update.update_id, ctx.update.update_id);
    const work = next();
    inFlight.add(work);
    try {
      await work;
    } finally {
      inFlight.delete(work);
    }
  });
  bot.use(sequentialize((ctx: Context) => (ctx.chat ?? ctx.from)?.id.toString()));

  bot.on('my_chat_member', async (ctx) => {
    rights.forget(ctx.myChatMember.chat.id);
    await applyMyChatMember(core, logger, ctx.myChatMember);
  });
  bot.on('chat_member', (ctx) => {
    const { chat, old_chat_member: before, new_chat_member: after } = ctx.chatMember;
    if (isAdminStatus(before) || isAdminStatus(after)) rights.forget(chat.id);
  });
  bot.on(['message:migrate_to_chat_id', 'message:migrate_from_chat_id'], (ctx) =>
    applyMigration(core, logger, ctx.message),
  );
  bot.on(
    [
      'message:forum_topic_created',
      'message:forum_topic_edited',
      'message:forum_topic_closed',
      'message:forum_topic_reopened',
    ],
    (ctx) => applyTopicEvent(api, core, logger, ctx.message),
  );
  bot.on('message:forward_origin', async (ctx, next) => {
    const origin = ctx.message.forward_origin;
    if (ctx.chat.type !== 'private' || origin.type !== 'channel') return next();
    await answer(api, logger, ctx.chat.id, await channels.connect(ctx.from, origin.chat.id));
  });
  bot.on('message:text', (ctx) => handleText(ctx.message, ctx));
  bot.on('callback_query:data', (ctx) =>
    handleButtonPress(ctx, { api, core, logger, rights, botUsername: () => me().username }),
  );
  bot.on('inline_query', (ctx) => handleInlineQuery(ctx, { core, logger }));
  bot.catch((err) =>
    logger.error({ err: err.error, update: err.ctx.update.update_id }, 'telegram: update handling failed'),
  );

  async function handleText(message: Message & { text: string }, ctx: Context): Promise<void> {
    const chat = message.chat;
    const from = message.from;
    if (!from) return;
    const parsed = parseCommandLine(message.text);
    if (parsed && parsed.addressedTo !== null && parsed.addressedTo.toLowerCase() !== me().username.toLowerCase())
      return;
    const isPrivate = chat.type === 'private';
    const chatId = String(chat.id);
    const userId = String(from.id);
    const replyTo = isPrivate ? undefined : message.message_id;
    const options = { ...(replyTo === undefined ? {} : { replyTo }), ...threadOf(message) };
    const send = (reply: Reply) => answer(api, logger, chat.id, reply, options);
    const locale = () =>
      core.localeFor({
        platform: 'telegram',
        chat: { id: chatId, kind: chatKind(chat) },
        languageTag: from.language_code,
      });

    if (isPrivate && parsed) {
      if (parsed.name !== 'cancel') await posts.end(chatId, userId);
      const handled = await privateOnly(from, chatId, parsed, locale);
      if (handled) return send(handled);
    } else if (isPrivate) {
      const step = await posts.next(chatId, userId, message.text, locale);
      if (step.kind === 'reply') return send(step.reply);
      if (step.kind === 'post') {
        const context = await commandContextFor(ctx, rights);
        if (context) await send(await core.handleCommand(context, step.commandLine));
        return;
      }
    } else if (!parsed || (!ownCommands.has(parsed.name) && parsed.addressedTo === null)) {
      // In groups: plain talk, and commands meant for other bots, are not ours to answer.
      return;
    } else if (PRIVATE_ONLY.has(parsed.name)) {
      const language = await locale();
      return send({
        ...adapterReply('error', translate(language, 'private-only', { command: parsed.name, bot: me().username })),
        locale: language,
      });
    }
    const context = await commandContextFor(ctx, rights);
    if (!context) return;
    const reply = await core.handleCommand(context, message.text);
    // `/edit ID` alone showed the article's form: the admin's next message may hold just the changes.
    const editId = isPrivate && parsed?.name === 'edit' ? /^\S+$/u.exec(parsed.args.trim())?.[0] : undefined;
    if (editId !== undefined && reply.status === 'ok' && core.isBotAdmin(context)) {
      await posts.beginEdit(chatId, userId, editId);
      const language = reply.locale ?? (await locale());
      return send({
        ...reply,
        blocks: [...reply.blocks, { kind: 'paragraph', spans: [{ text: translate(language, 'guided-edit-next') }] }],
      });
    }
    await send(reply);
  }

  /** Commands that only make sense in a private chat with the bot; null when it is not one of them. */
  async function privateOnly(
    from: User,
    chatId: string,
    parsed: NonNullable<ReturnType<typeof parseCommandLine>>,
    locale: () => Promise<Locale>,
  ): Promise<Reply | null> {
    switch (parsed.name) {
      case 'connect': {
        const target = splitChannelRef(parsed.args);
        if (target) return channels.connect(from, target.ref);
        const language = await locale();
        return { ...adapterReply('error', translate(language, 'channel-connect-which')), locale: language };
      }
      case 'disconnect':
        return channels.disconnect(from, parsed.args);
      case 'channels':
        return channels.list(from);
      case 'cancel':
        return posts.cancel(chatId, String(from.id), locale);
      case 'post':
        if (parsed.args === '' && core.isBotAdmin({ platform: 'telegram', user: { id: String(from.id) } }))
          return posts.begin(chatId, String(from.id), locale);
        return null;
      default:
        if (CHANNEL_TARGETED_COMMANDS.has(parsed.name) && splitChannelRef(parsed.args)) {
          return channels.runForChannel(from, parsed.name, parsed.args);
        }
        return null;
    }
  }

  return {
    async idle() {
      while (inFlight.size > 0) await Promise.allSettled([...inFlight]);
    },
    lastUpdateId: () => lastUpdateId,
  };
}
