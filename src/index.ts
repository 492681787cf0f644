/**
 * The core's public API: the only module adapters import. Everything platform-neutral
 * that an adapter needs is re-exported here.
 */
export type { Core, EditFormFields } from './core/core.ts';
export type { PostOptions, PostResult } from './app/articles.ts';
export type { ThreadEvent } from './app/threads.ts';
export type { Config } from './config.ts';
export type { Logger } from './logger.ts';
export type { CommandContext } from './commands/context.ts';
export type { CommandInfo, Access } from './commands/spec.ts';
export { usage as commandUsage } from './commands/handlers/help.ts';
export { parseCommandLine } from './commands/parse.ts';
export { composePostMessage, POST_FORMAT_EXAMPLE, type PostFields } from './commands/post-format.ts';
export { MAX_TAGS_PER_ARTICLE, MAX_TITLE_LENGTH, MAX_URL_LENGTH, type ArticleInput } from './domain/article.ts';
export {
  UserInputError,
  DuplicateArticleError,
  NotFoundError,
  PermissionError,
  ThreadCreationError,
} from './domain/errors.ts';
export type { ChatKind, Platform } from './domain/platform.ts';
export type { SenderIdentity } from './domain/identity.ts';
export { BUTTON_DATA_MAX, type ArticleView, type Block, type Button, type Reply, type Span } from './domain/reply.ts';
export { asHashtag, tagKey } from './domain/tags.ts';
export { articleLanguageLabel } from './domain/language.ts';
export { truncateAtWord, codePointLength } from './domain/text.ts';
export { formatDate, rich } from './commands/format.ts';
export { commandSummary } from './commands/router.ts';
export {
  DEFAULT_LOCALE,
  hasMessage,
  LANGUAGE_NAMES,
  LOCALES,
  localeFromTag,
  noticeOf,
  translate,
  translator,
  type Locale,
  type MessageArgs,
  type Translate,
} from './i18n/index.ts';
export {
  ChatMovedError,
  DeliveryError,
  PermanentDeliveryError,
  RetryLaterError,
  ThreadClosedError,
  TransientDeliveryError,
} from './delivery/errors.ts';
export type { Adapter, AdapterFactory, AdapterHost } from './ports/adapter.ts';
export type { CardPreview, CardPreviewer, PreviewCard, PreviewEmbed } from './ports/card-preview.ts';
export type { CardChanges, DeliveryMessage, DigestDeliveryMessage, SendResult, Sender } from './ports/sender.ts';
