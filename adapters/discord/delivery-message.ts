import { MessageFlags, type RESTPostAPIChannelMessageJSONBody } from 'discord.js';
import type { DeliveryMessage, DigestDeliveryMessage } from '../../src/index.ts';
import { renderArticleEmbed } from './article-embed.ts';
import { DISCORD_LIMITS } from './limits.ts';
import { renderButtonRows, renderReply } from './render.ts';

const SNOWFLAKE = /^\d{5,20}$/u;

/**
 * The body of `POST /channels/{id}/messages` for one delivery: the article as one embed,
 * its buttons (Related, follow toggles), and mentions that are always explicit.
 *
 * `allowed_mentions.parse` is always empty, so nothing in the article ("@everyone" in a
 * title, a pasted "<@&id>") can ping anyone; only the roles the channel configured for
 * these tags (`mentionRoleIds`) are listed, and they are the only mentions in `content`.
 * A silent chat (`/card silent on`) gets the message with SUPPRESS_NOTIFICATIONS.
 * The delivery id goes in an enforced nonce, so a send repeated after a crash within
 * Discord's nonce window does not post the article twice.
 */
export function renderDelivery(message: DeliveryMessage): RESTPostAPIChannelMessageJSONBody {
  const roles = [...new Set(message.mentionRoleIds.filter((id) => SNOWFLAKE.test(id)))];
  const body: RESTPostAPIChannelMessageJSONBody = {
    embeds: [renderArticleEmbed(message.article, message.locale === undefined ? {} : { locale: message.locale })],
    components: renderButtonRows(message.buttons),
    allowed_mentions: { parse: [], roles },
    nonce: `tagwire-${message.deliveryId}`.slice(0, DISCORD_LIMITS.nonce),
    enforce_nonce: true,
  };
  if (roles.length > 0) body.content = roles.map((id) => `<@&${id}>`).join(' ');
  if (message.silent === true) body.flags = MessageFlags.SuppressNotifications;
  return body;
}

/**
 * The body of `POST /channels/{id}/messages` for one digest page: the page rendered as a
 * command's answer is (one embed, escaped text, linked titles), mentioning no one
 * whatever the titles say. Each page has its own enforced nonce (the delivery id and the
 * page number), so a digest resent after a crash does not repeat the pages that went out.
 */
export function renderDigestPage(message: DigestDeliveryMessage): RESTPostAPIChannelMessageJSONBody {
  const { embeds, components } = renderReply(message.page);
  return {
    embeds,
    components,
    allowed_mentions: { parse: [] },
    nonce: `tagwire-d${message.deliveryId}p${message.pageNumber}`.slice(0, DISCORD_LIMITS.nonce),
    enforce_nonce: true,
    ...(message.silent === true ? { flags: MessageFlags.SuppressNotifications } : {}),
  };
}
