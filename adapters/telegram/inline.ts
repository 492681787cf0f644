import type { Context } from 'grammy';
import type { InlineQueryResultArticle } from 'grammy/types';
import {
  DEFAULT_LOCALE,
  localeFromTag,
  translate,
  truncateAtWord,
  type Block,
  type CommandContext,
  type Core,
  type Logger,
  type Reply,
} from '../../src/index.ts';
import { userName } from './chat-context.ts';
import { articleCardHtml, replyPlainText, spansPlainText } from './render.ts';

/**
 * Inline mode: `@bot QUERY` in any chat. The query runs as the core's /search (an
 * empty one as /latest) and each result becomes an article the person can share.
 * Paging uses Telegram's `next_offset`, which carries the data of the Reply's "next"
 * button (at most 64 bytes, like callback data), handed back to core.pressButton.
 *
 * Inline mode is off until enabled with BotFather's /setinline: then Telegram simply
 * sends no inline queries, and nothing here runs. When a query fails, the person gets
 * an empty list with a button that opens the bot, never an error.
 */

/** How long Telegram may cache answers to the same query, in seconds. */
export const INLINE_CACHE_SECONDS = 30;
/** Telegram shows at most 50 results per answer; ours are pages of the core's PAGE_SIZE. */
const TITLE_MAX = 120;
const DESCRIPTION_MAX = 200;
/** Paging data we hand out as next_offset: the core's paging actions or a stored reference. */
const OFFSET_DATA = /^(?:![a-z]+ \d+ |#\d+$)/u;
const START_PARAMETER = 'inline';

export interface InlineDeps {
  core: Core;
  logger: Logger;
}

/**
 * The person typing has no chat with the bot here; the context is theirs but the chat
 * id is one no subscriber has, so the search changes nothing (nor reads a chat's notice).
 */
function inlineContext(ctx: Context): CommandContext | null {
  const from = ctx.inlineQuery?.from;
  if (!from) return null;
  return {
    platform: 'telegram',
    chat: { id: `inline:${from.id}`, kind: 'user' },
    user: { id: String(from.id), name: userName(from) },
    canManageChat: false,
    languageTag: from.language_code,
  };
}

function nextOffset(reply: Reply): string {
  const label = translate(reply.locale ?? DEFAULT_LOCALE, 'button-next');
  const next = reply.buttons.flat().find((b) => b.label === label);
  return next && OFFSET_DATA.test(next.data) && Buffer.byteLength(next.data, 'utf8') <= 64 ? next.data : '';
}

export function inlineResults(reply: Reply): InlineQueryResultArticle[] {
  return reply.blocks
    .filter((b): b is Extract<Block, { kind: 'result' }> => b.kind === 'result')
    .map((b) => ({
      type: 'article' as const,
      id: b.article.publicId,
      title: truncateAtWord(b.article.title, TITLE_MAX),
      description: spansPlainText(b.snippet, DESCRIPTION_MAX),
      ...(b.article.url ? { url: b.article.url } : {}),
      input_message_content: {
        message_text: articleCardHtml(b.article, undefined, undefined, reply.locale),
        parse_mode: 'HTML' as const,
        link_preview_options: { is_disabled: true },
      },
    }));
}

export async function handleInlineQuery(ctx: Context, deps: InlineDeps): Promise<void> {
  const query = ctx.inlineQuery;
  const context = inlineContext(ctx);
  if (!query || !context) return;
  let results: InlineQueryResultArticle[] = [];
  let next = '';
  let emptyText = translate(localeFromTag(query.from.language_code) ?? DEFAULT_LOCALE, 'inline-nothing');
  try {
    const text = query.query.trim();
    const reply =
      query.offset !== '' && OFFSET_DATA.test(query.offset)
        ? await deps.core.pressButton(context, query.offset)
        : await deps.core.handleCommand(context, text === '' ? '/latest' : `/search ${text}`);
    results = inlineResults(reply);
    next = results.length > 0 ? nextOffset(reply) : '';
    if (results.length === 0) emptyText = replyPlainText(reply, 60) || emptyText;
  } catch (err) {
    deps.logger.error({ err }, 'telegram: inline query failed');
  }
  try {
    await ctx.answerInlineQuery(results, {
      cache_time: INLINE_CACHE_SECONDS,
      next_offset: next,
      ...(results.length === 0 && query.offset === ''
        ? { button: { text: emptyText, start_parameter: START_PARAMETER } }
        : {}),
    });
  } catch (err) {
    deps.logger.warn({ err }, 'telegram: could not answer an inline query');
  }
}
