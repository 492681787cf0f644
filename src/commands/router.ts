import { localTagName } from '../domain/region-names.ts';
import type { CoreDeps } from '../app/deps.ts';
import { clearTags, ensureSubscriber, setTags } from '../app/subscriptions.ts';
import { findArticle } from '../app/articles.ts';
import type { StoredArticle } from '../domain/article.ts';
import {
  DuplicateArticleError,
  localizedMessage,
  NotFoundError,
  PermissionError,
  UserInputError,
} from '../domain/errors.ts';
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
import {
  DEFAULT_LOCALE,
  localeFromTag,
  localeOr,
  noticeText,
  translate,
  translator,
  type Locale,
} from '../i18n/index.ts';
import { asHashtag, tagKey } from '../domain/tags.ts';
import { isBotAdmin, type CommandContext } from './context.ts';
import { adminCommands } from './handlers/admin.ts';
import { correctionCommands } from './handlers/corrections.ts';
import { deliveryAdminCommands } from './handlers/delivery-admin.ts';
import { feedCommands } from './handlers/feeds.ts';
import { countCommand } from '../metrics.ts';
import { helpCommand } from './handlers/help.ts';
import { languageCommand } from './handlers/language.ts';
import { cardCommand } from './handlers/card.ts';
import { identityCommand } from './handlers/identity.ts';
import { topicsCommand } from './handlers/topics.ts';
import { readingCommands } from './handlers/reading.ts';
import { scheduleCommands } from './handlers/schedules.ts';
import { followTags, subscriptionCommands } from './handlers/subscriptions.ts';
import { webloginCommand } from './handlers/weblogin.ts';
import { MAX_COMMAND_LENGTH, parseCommandLine } from './parse.ts';
import type { CommandInfo, CommandRun, CommandSpec } from './spec.ts';

/** How many of an article's tags get a follow toggle under a delivered card. */
export const CARD_TOGGLE_TAGS = 3;

/** A card's follow toggle: "✓ #Armenia" for a followed tag, "+ #Armenia" otherwise, the tag in the chat's language. */
export function toggleLabel(followed: boolean, tag: string, locale: Locale): string {
  return `${followed ? '✓' : '+'} ${asHashtag(localTagName(tag, locale))}`;
}

/** A follow toggle of a card: the tag as the article spells it, whether the chat follows it, its button data. */
export interface CardToggle {
  tag: string;
  followed: boolean;
  data: string;
}

/** A card's buttons: Related on the first row, the follow toggles of its first tags on the second. */
export function cardButtonRows(locale: Locale, relatedData: string, toggles: readonly CardToggle[]): Button[][] {
  const rows: Button[][] = [[{ label: translate(locale, 'button-related'), data: relatedData }]];
  const shown = toggles.slice(0, CARD_TOGGLE_TAGS);
  if (shown.length > 0) rows.push(shown.map((t) => ({ label: toggleLabel(t.followed, t.tag, locale), data: t.data })));
  return rows;
}

const utf8Length = (text: string) => Buffer.byteLength(text, 'utf8');

export interface CommandRouter {
  commands: readonly CommandInfo[];
  handleCommand(ctx: CommandContext, text: string): Promise<Reply>;
  pressButton(ctx: CommandContext, data: string): Promise<Reply>;
  /** The language of replies in this chat: /language, else the user's app language, else English. */
  localeFor(ctx: Pick<CommandContext, 'platform' | 'chat' | 'languageTag'>): Promise<Locale>;
  /** /follow with a role to mention when these tags are delivered (Discord channels). */
  followMentioning(ctx: CommandContext, tags: string, mentionRoleId: string | null): Promise<Reply>;
  /** The buttons under a delivered article, for one chat: Related, and follow toggles. */
  cardButtons(article: StoredArticle, subscriberId: number | null, locale?: Locale): Promise<Button[][]>;
  /** cardButtons for many chats at once (the delivery worker's batches): a few queries in all, not per chat. */
  cardButtonsFor(
    article: StoredArticle,
    subscriberIds: readonly number[],
    locales?: ReadonlyMap<number, Locale>,
  ): Promise<Map<number, Button[][]>>;
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
    languageCommand,
    cardCommand,
    identityCommand,
    topicsCommand,
    ...adminCommands,
    ...correctionCommands,
    ...deliveryAdminCommands,
    ...feedCommands,
    webloginCommand,
  );
  const byName = new Map(specs.map((s) => [s.name, s]));

  /** Button data fitting BUTTON_DATA_MAX bytes: the command itself, or a stored reference `#id`. */
  async function buttonData(text: string): Promise<string> {
    if (utf8Length(text) <= BUTTON_DATA_MAX && !text.startsWith('#')) return text;
    return `#${await deps.stores.buttons.idFor(text, deps.clock.now().getTime())}`;
  }

  async function localeFor(ctx: Pick<CommandContext, 'platform' | 'chat' | 'languageTag'>): Promise<Locale> {
    const sub = await deps.stores.subscribers.find(ctx.platform, ctx.chat.id);
    return localeOr(sub?.language, localeFromTag(ctx.languageTag) ?? DEFAULT_LOCALE);
  }

  async function run(
    ctx: CommandContext,
    spec: CommandSpec,
    args: string,
    offset: number,
    locale: Locale,
  ): Promise<Reply> {
    countCommand(spec.name);
    const t = translator(locale);
    if (spec.access === 'admin' && !isBotAdmin(deps.config, ctx)) {
      return refusedReply(t('refused-admin', { command: spec.name }));
    }
    if (spec.access === 'manager' && !ctx.canManageChat) {
      return refusedReply(t(spec.refusal ?? 'refused-manager'));
    }
    const runArgs: CommandRun = { deps, ctx, args, offset, buttonData, locale, t };
    const reply = await withNotice(ctx, await guard(locale, () => spec.run(runArgs)), locale);
    // /language changes the chat's language: its reply says which.
    return { ...reply, locale: reply.locale ?? locale };
  }

  async function guard(locale: Locale, work: () => Promise<Reply>): Promise<Reply> {
    const t = translator(locale);
    try {
      return await work();
    } catch (err) {
      if (err instanceof UserInputError) return errorReply(localizedMessage(err, locale), err.hint, t('example'));
      if (err instanceof NotFoundError) return errorReply(localizedMessage(err, locale));
      if (err instanceof PermissionError) return refusedReply(localizedMessage(err, locale));
      if (err instanceof DuplicateArticleError) {
        return {
          ...errorReply(localizedMessage(err, locale)),
          buttons: [[{ label: t('button-view-it'), data: await buttonData(`/article ${err.existingPublicId}`) }]],
        };
      }
      deps.logger.error({ err }, 'command failed');
      return errorReply(t('error-internal'));
    }
  }

  /**
   * Shows a pending notice for this chat (e.g. why deliveries stopped) once, above the
   * reply; and a chat set up by this command (or older than languages) takes the
   * language of the user's app, when the platform told it.
   */
  async function withNotice(ctx: CommandContext, reply: Reply, locale: Locale): Promise<Reply> {
    const sub = await deps.stores.subscribers.find(ctx.platform, ctx.chat.id);
    const hinted = localeFromTag(ctx.languageTag);
    if (sub && sub.language === null && hinted !== undefined) await deps.stores.subscribers.setLanguage(sub.id, hinted);
    if (!sub?.notice) return reply;
    await deps.stores.subscribers.setNotice(sub.id, null);
    return { ...reply, blocks: [paragraph(span(noticeText(sub.notice, locale), { italic: true })), ...reply.blocks] };
  }

  async function handleCommand(ctx: CommandContext, text: string, known?: Locale): Promise<Reply> {
    const locale = known ?? (await localeFor(ctx));
    const t = translator(locale);
    const localized = (reply: Reply): Reply => ({ ...reply, locale });
    if (text.length > MAX_COMMAND_LENGTH) return localized(errorReply(t('error-too-long')));
    const parsed = parseCommandLine(text);
    if (!parsed) {
      return localized(errorReply(t('error-not-a-command'), '/search oil prices', t('example')));
    }
    const spec = byName.get(parsed.name);
    if (!spec) {
      const near = closest(parsed.name, byName.keys(), 1)[0];
      return localized(
        errorReply(
          near
            ? t('error-no-such-command-near', { command: parsed.name.slice(0, 30), near })
            : t('error-no-such-command', { command: parsed.name.slice(0, 30) }),
        ),
      );
    }
    return run(ctx, spec, parsed.args, 0, locale);
  }

  async function cardButtons(
    article: StoredArticle,
    subscriberId: number | null,
    locale: Locale = DEFAULT_LOCALE,
  ): Promise<Button[][]> {
    const relatedData = await buttonData(`/related ${article.view.publicId}`);
    const tagIds = (await deps.stores.articles.tagIds(article.id)).slice(0, CARD_TOGGLE_TAGS);
    const follows =
      tagIds.length === 0 || subscriberId === null ? [] : await deps.stores.subscribers.follows(subscriberId);
    const followed = new Set(follows.filter((f) => f.mode === 'follow').map((f) => f.tagId));
    const toggles: CardToggle[] = [];
    for (const [position, tagId] of tagIds.entries()) {
      toggles.push({
        tag: article.view.tags[position] ?? '',
        followed: followed.has(tagId),
        data: await buttonData(`!toggle ${article.view.publicId} ${position}`),
      });
    }
    return cardButtonRows(locale, relatedData, toggles);
  }

  async function cardButtonsFor(
    article: StoredArticle,
    subscriberIds: readonly number[],
    locales: ReadonlyMap<number, Locale> = new Map(),
  ): Promise<Map<number, Button[][]>> {
    const relatedData = await buttonData(`/related ${article.view.publicId}`);
    const tagIds = (await deps.stores.articles.tagIds(article.id)).slice(0, CARD_TOGGLE_TAGS);
    const toggles =
      subscriberIds.length === 0
        ? []
        : await Promise.all(
            tagIds.map(async (tagId, position) => ({
              tagId,
              tag: article.view.tags[position] ?? '',
              data: await buttonData(`!toggle ${article.view.publicId} ${position}`),
            })),
          );
    const followed =
      toggles.length === 0 ? new Set<string>() : await deps.stores.subscribers.followedAmong(subscriberIds, tagIds);
    const result = new Map<number, Button[][]>();
    for (const id of subscriberIds) {
      const chatToggles = toggles.map((t) => ({
        tag: t.tag,
        followed: followed.has(`${id}:${t.tagId}`),
        data: t.data,
      }));
      result.set(id, cardButtonRows(locales.get(id) ?? DEFAULT_LOCALE, relatedData, chatToggles));
    }
    return result;
  }

  async function toggleFollow(ctx: CommandContext, args: string, locale: Locale): Promise<Reply> {
    const t = translator(locale);
    if (!ctx.canManageChat) return refusedReply(t('refused-toggle'));
    const [publicId = '', positionText = ''] = args.split(' ');
    const article = await findArticle(deps.stores, publicId);
    const view = (await deps.stores.articles.views([article]))[0];
    const name = view?.tags[Number(positionText)];
    if (view === undefined || name === undefined) return errorReply(t('error-button-outdated'));
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
        [paragraph(t(following ? 'toggle-unfollowed' : 'toggle-followed', { tag: asHashtag(name) }))],
        await cardButtons({ id: article.id, view }, sub.id, locale),
      ),
      edit: true,
      buttonsOnly: true,
    };
  }

  async function pressButton(ctx: CommandContext, rawData: string): Promise<Reply> {
    const locale = await localeFor(ctx);
    const t = translator(locale);
    let data = rawData;
    if (/^#\d+$/u.test(data)) {
      const stored = await deps.stores.buttons.get(Number(data.slice(1)));
      if (stored === undefined) return { ...errorReply(t('error-button-expired')), locale };
      data = stored;
    }
    if (data.startsWith('/')) return handleCommand(ctx, data, locale);
    const m = /^!(\w+) ?(.*)$/su.exec(data);
    if (!m) return { ...errorReply(t('error-button-unknown')), locale };
    const [, action = '', rest = ''] = m;
    if (action === 'toggle')
      return { ...(await withNotice(ctx, await guard(locale, () => toggleFollow(ctx, rest, locale)), locale)), locale };
    const paged = /^(\d+) ?(.*)$/su.exec(rest);
    const spec = byName.get(action);
    if (!spec || !paged || !['search', 'related', 'latest'].includes(action))
      return { ...errorReply(t('error-button-unknown')), locale };
    return { ...(await run(ctx, spec, paged[2] ?? '', Number(paged[1]), locale)), edit: true };
  }

  return {
    commands: specs.map(({ name, args, access, example }) => ({
      name,
      args,
      summary: commandSummary(name, 'en'),
      access,
      example,
    })),
    handleCommand: (ctx, text) => handleCommand(ctx, text),
    pressButton,
    localeFor,
    cardButtons,
    cardButtonsFor,
    followMentioning(ctx, tags, mentionRoleId) {
      const follow = byName.get('follow');
      if (!follow) throw new Error('the follow command is missing');
      return localeFor(ctx).then((locale) =>
        run(ctx, { ...follow, run: (r) => followTags(r, 'follow', mentionRoleId) }, tags, 0, locale),
      );
    },
  };
}

/** A command's one-line summary in a language (the message `cmd-NAME`). */
export function commandSummary(name: string, locale: Locale): string {
  return translate(locale, `cmd-${name}`);
}
