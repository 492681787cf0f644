import type { RESTPostAPIChannelMessageJSONBody } from 'discord.js';
import type { DeliveryMessage } from '../../src/index.ts';
import { renderArticleEmbed } from './article-embed.ts';
import { DISCORD_LIMITS } from './limits.ts';
import { renderButtonRows } from './render.ts';

const SNOWFLAKE = /^\d{5,20}$/u;

/**
 * The body of `POST /channels/{id}/messages` for one delivery: the article as one embed,
 * its buttons (Related, follow toggles), and mentions that are always explicit.
 *
 * `allowed_mentions.parse` is always empty, so nothing in the article ("@everyone" in a
 * title, a pasted "<@&id>") can ping anyone; only the roles the channel configured for
 * these tags (`mentionRoleIds`) are listed, and they are the only mentions in `content`.
 * The delivery id goes in an enforced nonce, so a send repeated after a crash within
 * Discord's nonce window does not post the article twice.
 */
export function renderDelivery(message: DeliveryMessage): RESTPostAPIChannelMessageJSONBody {
  const roles = [...new Set(message.mentionRoleIds.filter((id) => SNOWFLAKE.test(id)))];
  const body: RESTPostAPIChannelMessageJSONBody = {
    embeds: [renderArticleEmbed(message.article)],
    components: renderButtonRows(message.buttons),
    allowed_mentions: { parse: [], roles },
    nonce: `tagwire-${message.deliveryId}`.slice(0, DISCORD_LIMITS.nonce),
    enforce_nonce: true,
  };
  if (roles.length > 0) body.content = roles.map((id) => `<@&${id}>`).join(' ');
  return body;
}
