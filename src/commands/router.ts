import type { CoreDeps } from '../app/deps.ts';
import { clearTags, ensureSubscriber, setTags } from '../app/subscriptions.ts';
import { findArticle } from '../app/articles.ts';
import type { StoredArticle } from '../domain/article.ts';
import { DuplicateArticleError, NotFoundError, PermissionError, UserInputError } from '../domain/errors.ts';
import {
  BUTTON_DATA_MAX,
  errorReply,
  okReply,
  paragraph,
  refusedReply,
  span,
  type Button,
  type Reply,
} from '../domain/reply.ts';
import { closest } from '../domain/similarity.ts';
import { asHashtag, tagKey } from '../domain/tags.ts';
import { isBotAdmin, type CommandContext } from './context.ts';
import { adminCommands } from './handlers/admin.ts';
import { deliveryAdminCommands } from './handlers/delivery-admin.ts';
import { feedCommands } from './handlers/feeds.ts';
import { countCommand } from '../metrics.ts';
import { helpCommand } from './handlers/help.ts';
import { readingCommands } from './handlers/reading.ts';
import { scheduleCommands } from './handlers/schedules.ts';
import { followTags, subscriptionCommands } from './handlers/subscriptions.ts';
import { MAX_COMMAND_LENGTH, parseCommandLine } from './parse.ts';
import type { CommandInfo, CommandRun, CommandSpec } from './spec.ts';

/** How many of an article's tags get a follow toggle under a delivered card. */
export const CARD_TOGGLE_TAGS = 3;

const utf8Length = (text: string) => Buffer.byteLength(text, 'utf8');

export interface CommandRouter {
  commands: readonly CommandInfo[];
  handleCommand(ctx: CommandContext, text: string): Promise<Reply>;
  pressButton(ctx: CommandContext, data: string): Promise<Reply>;
  /** /follow with a role to mention when these tags are delivered (Discord channels). */
  followMentioning(ctx: CommandContext, tags: string, mentionRoleId: string | null): Promise<Reply>;
  /** The buttons under a delivered article, for one chat: Related, and follow toggles. */
  cardButtons(article: StoredArticle, subscriberId: number | null): Promise<Button[][]>;
  /** cardButtons for many chats at once (the delivery worker's batches): a few queries in all, not per chat. */
  cardButtonsFor(article: StoredArticle, subscriberIds: readonly number[]): Promise<Map<number, Button[][]>>;
}

export function createCommandRouter(deps: CoreDeps): CommandRouter {
  const specs: CommandSpec[] = [];
  const help = helpCommand(
    () => specs,
    (run) => isBotAdmin(deps.config, run.ctx),
  );
  specs.push(
    ...subscriptionCommands,
    ...scheduleCommands,
    ...readingCommands,
    help,
    ...adminCommands,
    ...deliveryAdminCommands,
    ...feedCommands,
  );
  const byName = new Map(specs.map((s) => [s.name, s]));

  /** Button data fitting BUTTON_DATA_MAX bytes: the command itself, or a stored reference `#id`. */
  async function buttonData(text: string): Promise<string> {
    if (utf8Length(text) <= BUTTON_DATA_MAX && !text.startsWith('#')) return text;
    return `#${await deps.stores.buttons.idFor(text, deps.clock.now().getTime())}`;
  }

  async function run(ctx: CommandContext, spec: CommandSpec, args: string, offset: number): Promise<Reply> {
    countCommand(spec.name);
    if (spec.access === 'admin' && !isBotAdmin(deps.config, ctx)) {
      return refusedReply(`Sorry, /${spec.name} is for the bot's admins. Nothing was changed.`);
    }
    if (spec.access === 'manager' && !ctx.canManageChat) {
      return refusedReply(
        spec.refusal ??
          `Sorry, only this chat's admins can change what it follows. Nothing was changed. You can still /search and /follow in a private chat with me.`,
      );
    }
    const runArgs: CommandRun = { deps, ctx, args, offset, buttonData };
    return withNotice(ctx, await guard(() => spec.run(runArgs)));
  }

  async function guard(work: () => Promise<Reply>): Promise<Reply> {
    try {
      return await work();
    } catch (err) {
      if (err instanceof UserInputError) return errorReply(err.message, err.hint);
      if (err instanceof NotFoundError) return errorReply(err.message);
      if (err instanceof PermissionError) return refusedReply(err.message);
      if (err instanceof DuplicateArticleError) {
        return {
          ...errorReply(err.message),
          buttons: [[{ label: 'View it', data: await buttonData(`/article ${err.existingPublicId}`) }]],
        };
      }
      deps.logger.error({ err }, 'command failed');
      return errorReply('Something went wrong on our side and it was logged. Please try again in a moment.');
    }
  }

  /** Shows a pending notice for this chat (e.g. why deliveries stopped) once, above the reply. */
  async function withNotice(ctx: CommandContext, reply: Reply): Promise<Reply> {
    const sub = await deps.stores.subscribers.find(ctx.platform, ctx.chat.id);
    if (!sub?.notice) return reply;
    await deps.stores.subscribers.setNotice(sub.id, null);
    return { ...reply, blocks: [paragraph(span(sub.notice, { italic: true })), ...reply.blocks] };
  }

  async function handleCommand(ctx: CommandContext, text: string): Promise<Reply> {
    if (text.length > MAX_COMMAND_LENGTH) return errorReply('That message is too long for me to read.');
    const parsed = parseCommandLine(text);
    if (!parsed) {
      return errorReply('Commands start with "/". Send /help to see them all.', '/search oil prices');
    }
    const spec = byName.get(parsed.name);
    if (!spec) {
      const near = closest(parsed.name, byName.keys(), 1)[0];
      return errorReply(
        `There is no command /${parsed.name.slice(0, 30)}.${near ? ` Did you mean /${near}?` : ''} Send /help for the list.`,
      );
    }
    return run(ctx, spec, parsed.args, 0);
  }

  async function cardButtons(article: StoredArticle, subscriberId: number | null): Promise<Button[][]> {
    const rows: Button[][] = [[{ label: 'Related', data: await buttonData(`/related ${article.view.publicId}`) }]];
    const tagIds = (await deps.stores.articles.tagIds(article.id)).slice(0, CARD_TOGGLE_TAGS);
    if (tagIds.length === 0) return rows;
    const follows = subscriberId === null ? [] : await deps.stores.subscribers.follows(subscriberId);
    const followed = new Set(follows.filter((f) => f.mode === 'follow').map((f) => f.tagId));
    const toggles: Button[] = [];
    for (const [position, tagId] of tagIds.entries()) {
      const name = article.view.tags[position] ?? '';
      toggles.push({
        label: `${followed.has(tagId) ? '✓' : '+'} ${asHashtag(name)}`,
        data: await buttonData(`!toggle ${article.view.publicId} ${position}`),
      });
    }
    rows.push(toggles);
    return rows;
  }

  async function cardButtonsFor(
    article: StoredArticle,
    subscriberIds: readonly number[],
  ): Promise<Map<number, Button[][]>> {
    const related: Button[] = [{ label: 'Related', data: await buttonData(`/related ${article.view.publicId}`) }];
    const tagIds = (await deps.stores.articles.tagIds(article.id)).slice(0, CARD_TOGGLE_TAGS);
    const result = new Map<number, Button[][]>();
    if (tagIds.length === 0 || subscriberIds.length === 0) {
      for (const id of subscriberIds) result.set(id, [related]);
      return result;
    }
    const toggles = await Promise.all(
      tagIds.map(async (tagId, position) => ({
        tagId,
        name: asHashtag(article.view.tags[position] ?? ''),
        data: await buttonData(`!toggle ${article.view.publicId} ${position}`),
      })),
    );
    const followed = await deps.stores.subscribers.followedAmong(subscriberIds, tagIds);
    for (const id of subscriberIds) {
      result.set(id, [
        related,
        toggles.map((t) => ({ label: `${followed.has(`${id}:${t.tagId}`) ? '✓' : '+'} ${t.name}`, data: t.data })),
      ]);
    }
    return result;
  }

  async function toggleFollow(ctx: CommandContext, args: string): Promise<Reply> {
    if (!ctx.canManageChat) return refusedReply("Only this chat's admins can change what it follows.");
    const [publicId = '', positionText = ''] = args.split(' ');
    const article = await findArticle(deps.stores, publicId);
    const view = (await deps.stores.articles.views([article]))[0];
    const name = view?.tags[Number(positionText)];
    if (view === undefined || name === undefined) return errorReply('That button is out of date.');
    const sub = await ensureSubscriber(deps, {
      platform: ctx.platform,
      chatId: ctx.chat.id,
      kind: ctx.chat.kind,
      title: ctx.chat.title,
    });
    const tag = await deps.stores.tags.find(tagKey(name));
    const following =
      tag !== undefined &&
      (await deps.stores.subscribers.follows(sub.id)).some((f) => f.tagId === tag.id && f.mode === 'follow');
    const tagName = { key: tagKey(name), display: name };
    if (following) await clearTags(deps, sub, [tagName], 'follow');
    else await setTags(deps, sub, [tagName], 'follow');
    return {
      ...okReply(
        [paragraph(following ? `Stopped following ${asHashtag(name)}.` : `Now following ${asHashtag(name)}.`)],
        await cardButtons({ id: article.id, view }, sub.id),
      ),
      edit: true,
      buttonsOnly: true,
    };
  }

  async function pressButton(ctx: CommandContext, rawData: string): Promise<Reply> {
    let data = rawData;
    if (/^#\d+$/u.test(data)) {
      const stored = await deps.stores.buttons.get(Number(data.slice(1)));
      if (stored === undefined) return errorReply('That button has expired. Run the command again.');
      data = stored;
    }
    if (data.startsWith('/')) return handleCommand(ctx, data);
    const m = /^!(\w+) ?(.*)$/su.exec(data);
    if (!m) return errorReply('That button is not one of mine.');
    const [, action = '', rest = ''] = m;
    if (action === 'toggle') return withNotice(ctx, await guard(() => toggleFollow(ctx, rest)));
    const paged = /^(\d+) ?(.*)$/su.exec(rest);
    const spec = byName.get(action);
    if (!spec || !paged || !['search', 'related', 'latest'].includes(action))
      return errorReply('That button is not one of mine.');
    return { ...(await run(ctx, spec, paged[2] ?? '', Number(paged[1]))), edit: true };
  }

  return {
    commands: specs.map(({ name, args, summary, access, example }) => ({ name, args, summary, access, example })),
    handleCommand,
    pressButton,
    cardButtons,
    cardButtonsFor,
    followMentioning(ctx, tags, mentionRoleId) {
      const follow = byName.get('follow');
      if (!follow) throw new Error('the follow command is missing');
      return run(ctx, { ...follow, run: (r) => followTags(r, 'follow', mentionRoleId) }, tags, 0);
    },
  };
}
