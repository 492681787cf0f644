import type { APIEmbed } from 'discord.js';
import {
  articleLanguageLabel,
  asHashtag,
  DEFAULT_LOCALE,
  translate,
  type ArticleView,
  type Locale,
} from '../../src/index.ts';
import { DISCORD_LIMITS, EMBED_COLORS } from './limits.ts';
import { cutText, escapeText, escapeWithin } from './markdown.ts';

/** Characters an embed counts toward DISCORD_LIMITS.embedTotal. */
export function embedLength(embed: APIEmbed): number {
  let n = (embed.title ?? '').length + (embed.description ?? '').length;
  n += (embed.footer?.text ?? '').length + (embed.author?.name ?? '').length;
  for (const field of embed.fields ?? []) n += field.name.length + field.value.length;
  return n;
}

/** "#Armenia #CSTO" escaped, cut to a field value's limit without splitting a tag. */
function tagLine(tags: readonly string[]): string {
  let line = '';
  for (const tag of tags) {
    const next = `${line}${line === '' ? '' : ' '}${escapeText(asHashtag(tag))}`;
    if (next.length > DISCORD_LIMITS.fieldValue - 2) return `${line} …`;
    line = next;
  }
  return line;
}

/**
 * One article as an embed: the title linked to the article, its picture, the summary (or the whole
 * body for /article, cut to fit), the tags, the source and id in the footer, and the
 * publication time as the embed's timestamp (each reader sees it in their own zone).
 * `budget` is how many of the message's embedTotal characters this embed may use.
 */
export function renderArticleEmbed(
  article: ArticleView,
  options: { body?: string; budget?: number; locale?: Locale } = {},
): APIEmbed {
  const budget = Math.min(options.budget ?? DISCORD_LIMITS.embedTotal, DISCORD_LIMITS.embedTotal);
  const title = escapeWithin(article.title, DISCORD_LIMITS.embedTitle);
  // An article shown in full (/article) says its language too.
  const language =
    options.body === undefined ? null : articleLanguageLabel(article.language, options.locale ?? DEFAULT_LOCALE);
  const footerParts = [
    article.source === null ? null : cutText(article.source, 200),
    language,
    `id ${article.publicId}`,
  ].filter((p): p is string => p !== null);
  const embed: APIEmbed = {
    title,
    color: EMBED_COLORS.ok,
    footer: { text: footerParts.join(' · ') },
    timestamp: (article.publishedAt ?? article.createdAt).toISOString(),
  };
  if (article.url !== null) embed.url = article.url;
  // Discord fetches the picture when it shows the message: a broken address shows no picture, nothing fails.
  if (article.imageUrl) embed.image = { url: article.imageUrl };
  if (article.tags.length > 0)
    embed.fields = [
      { name: translate(options.locale ?? DEFAULT_LOCALE, 'card-tags'), value: tagLine(article.tags), inline: true },
    ];
  const text = options.body !== undefined && options.body.trim() !== '' ? options.body : article.summary;
  const room = Math.min(DISCORD_LIMITS.embedDescription, budget - embedLength(embed));
  if (text.trim() !== '' && room > 20) embed.description = escapeWithin(text, room);
  return embed;
}
