import {
  ButtonStyle,
  ComponentType,
  type APIActionRowComponent,
  type APIButtonComponentWithCustomId,
  type APIEmbed,
} from 'discord.js';
import {
  DEFAULT_LOCALE,
  formatDate,
  translate,
  type Block,
  type Button,
  type Locale,
  type Reply,
} from '../../src/index.ts';
import { embedLength, renderArticleEmbed } from './article-embed.ts';
import { DISCORD_LIMITS, EMBED_COLORS } from './limits.ts';
import { cutText, escapeText, escapeWithin, linkTarget, linkText, renderSpans } from './markdown.ts';

/**
 * A core Reply in Discord's idiom: one embed with the text blocks, one embed per
 * article card (/article), and the buttons as action rows whose custom_id is the
 * button's data. Everything is cut to Discord's limits (limits.ts) so a reply is never
 * rejected for its size.
 */
export interface RenderedReply {
  embeds: APIEmbed[];
  components: APIActionRowComponent<APIButtonComponentWithCustomId>[];
}

/** custom_id of the adapter's own "Share" button (core button data starts with "/", "!" or "#"). */
export const SHARE_BUTTON_ID = 'tagwire:share';

export const shareButton = (locale: Locale = DEFAULT_LOCALE): APIButtonComponentWithCustomId => ({
  type: ComponentType.Button,
  style: ButtonStyle.Primary,
  label: translate(locale, 'button-share'),
  custom_id: SHARE_BUTTON_ID,
});

function renderBlock(block: Exclude<Block, { kind: 'article' }>, locale: Locale = DEFAULT_LOCALE): string {
  switch (block.kind) {
    case 'paragraph':
      return renderSpans(block.spans);
    case 'list':
      return block.items.map((item) => `• ${renderSpans(item)}`).join('\n');
    case 'result': {
      const a = block.article;
      const title = a.url === null ? `**${escapeText(a.title)}**` : `**[${linkText(a.title)}](${linkTarget(a.url)})**`;
      const meta = [
        formatDate(a.publishedAt ?? a.createdAt, locale),
        a.source === null ? null : escapeText(a.source),
        `\`${a.publicId}\``,
      ]
        .filter((m): m is string => m !== null)
        .join(' · ');
      const snippet = renderSpans(block.snippet);
      return `**${block.rank}.** ${title}\n${meta}${snippet === '' ? '' : `\n${snippet}`}`;
    }
  }
}

function plainText(block: Exclude<Block, { kind: 'article' }>): string {
  switch (block.kind) {
    case 'paragraph':
      return block.spans.map((s) => s.text).join('');
    case 'list':
      return block.items.map((item) => `• ${item.map((s) => s.text).join('')}`).join('\n');
    case 'result':
      return `${block.rank}. ${block.article.title} (${block.article.publicId})`;
  }
}

/** The text blocks as one description of at most `max` characters; a block that does not fit is cut as plain text. */
export function renderDescription(blocks: readonly Block[], max: number, locale: Locale = DEFAULT_LOCALE): string {
  let text = '';
  for (const block of blocks) {
    if (block.kind === 'article') continue;
    const separator = text === '' ? '' : block.kind === 'result' ? '\n\n' : '\n';
    const rendered = renderBlock(block, locale);
    if (text.length + separator.length + rendered.length <= max) {
      text += separator + rendered;
      continue;
    }
    const room = max - text.length - separator.length;
    // Escaped first, then cut to the room left: a block of characters that need escaping still fills it.
    if (room > 20) text += separator + escapeWithin(plainText(block), room);
    break;
  }
  return text;
}

/**
 * Button rows as action rows: rows longer than Discord allows are wrapped, labels cut,
 * duplicate custom_ids dropped (Discord refuses a message with two), and at most
 * DISCORD_LIMITS.actionRows rows kept. `extra` buttons go on the last row if it has room.
 */
export function renderButtonRows(
  rows: readonly (readonly Button[])[],
  extra: readonly APIButtonComponentWithCustomId[] = [],
): APIActionRowComponent<APIButtonComponentWithCustomId>[] {
  const seen = new Set<string>();
  const out: APIButtonComponentWithCustomId[][] = [];
  for (const row of rows) {
    const buttons: APIButtonComponentWithCustomId[] = [];
    for (const button of row) {
      if (seen.has(button.data) || button.data.length > DISCORD_LIMITS.customId || button.data === '') continue;
      seen.add(button.data);
      buttons.push({
        type: ComponentType.Button,
        style: ButtonStyle.Secondary,
        label: cutText(button.label, DISCORD_LIMITS.buttonLabel) || '…',
        custom_id: button.data,
      });
    }
    for (let i = 0; i < buttons.length; i += DISCORD_LIMITS.buttonsPerRow)
      out.push(buttons.slice(i, i + DISCORD_LIMITS.buttonsPerRow));
  }
  const kept = out.slice(0, DISCORD_LIMITS.actionRows);
  for (const button of extra) {
    const last = kept[kept.length - 1];
    if (last && last.length < DISCORD_LIMITS.buttonsPerRow) last.push(button);
    else if (kept.length < DISCORD_LIMITS.actionRows) kept.push([button]);
  }
  return kept.map((components) => ({ type: ComponentType.ActionRow, components }));
}

/** Whether a reply shows articles, and so is worth a "Share" button. */
export function isShareable(reply: Reply): boolean {
  return reply.status === 'ok' && reply.blocks.some((b) => b.kind === 'result' || b.kind === 'article');
}

const articleBlocks = (reply: Reply) =>
  reply.blocks.filter((b): b is Extract<Block, { kind: 'article' }> => b.kind === 'article');

/** Characters the text embed's description may take: all of it, or half the message when article cards follow. */
const textRoom = (articleCount: number): number =>
  Math.min(
    DISCORD_LIMITS.embedDescription,
    articleCount > 0 ? DISCORD_LIMITS.embedTotal / 2 : DISCORD_LIMITS.embedTotal,
  );

export function renderReply(reply: Reply, options: { share?: boolean } = {}): RenderedReply {
  const articles = articleBlocks(reply);
  const hasText = reply.blocks.some((b) => b.kind !== 'article');
  const embeds: APIEmbed[] = [];
  let budget: number = DISCORD_LIMITS.embedTotal;
  if (hasText || articles.length === 0) {
    // Leave room for at least one article card below the text.
    const description = renderDescription(reply.blocks, textRoom(articles.length), reply.locale);
    const embed: APIEmbed = {
      color: EMBED_COLORS[reply.status],
      description: description === '' ? translate(reply.locale ?? DEFAULT_LOCALE, 'reply-done') : description,
    };
    embeds.push(embed);
    budget -= embedLength(embed);
  }
  for (const block of articles.slice(0, DISCORD_LIMITS.embedsPerMessage - embeds.length)) {
    if (budget < 400) break;
    const embed = renderArticleEmbed(block.article, {
      ...(block.body === undefined ? {} : { body: block.body }),
      budget,
      locale: reply.locale ?? DEFAULT_LOCALE,
    });
    embeds.push(embed);
    budget -= embedLength(embed);
  }
  const extra = options.share === true ? [shareButton(reply.locale)] : [];
  return { embeds, components: renderButtonRows(reply.buttons, extra) };
}

/**
 * Whether renderReply shows this reply whole in one message: every text block in the
 * description uncut (measured after escaping and markup, as sent), a card for every
 * article, and every button. (An article card's own body is always cut to its room:
 * that is its design, not an overflow.) The core splits digests with it (Sender.fits).
 */
export function fitsOneMessage(reply: Reply): boolean {
  const articles = articleBlocks(reply);
  if (renderDescription(reply.blocks, Number.POSITIVE_INFINITY, reply.locale).length > textRoom(articles.length))
    return false;
  const rendered = renderReply(reply);
  const hasTextEmbed = articles.length === 0 || reply.blocks.some((b) => b.kind !== 'article');
  if (rendered.embeds.length - (hasTextEmbed ? 1 : 0) < articles.length) return false;
  const buttons = new Set(reply.buttons.flat().map((b) => b.data)).size;
  return rendered.components.reduce((n, row) => n + row.components.length, 0) === buttons;
}
