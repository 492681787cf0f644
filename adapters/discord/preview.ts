import type { CardPreviewer, PreviewEmbed } from '../../src/index.ts';
import { renderDelivery } from './delivery-message.ts';
import { unescapeText } from './markdown.ts';

/**
 * A delivered card as Discord shows it, for the newsroom's preview: the body the sender
 * posts for a channel (renderDelivery), read back as a reader sees it.
 */
export const discordCardPreviewer: CardPreviewer = {
  platform: 'discord',
  render({ article, buttons, locale }) {
    const body = renderDelivery({
      deliveryId: 0,
      subscriber: { id: 0, platform: 'discord', chatId: '0', kind: 'channel' },
      article,
      mentionRoleIds: [],
      buttons,
      locale,
    });
    const embed = body.embeds?.[0] ?? {};
    const shown: PreviewEmbed = {
      fields: (embed.fields ?? []).map((f) => ({ name: unescapeText(f.name), value: unescapeText(f.value) })),
    };
    if (embed.title !== undefined) shown.title = unescapeText(embed.title);
    if (embed.url !== undefined) shown.url = embed.url;
    if (embed.description !== undefined) shown.description = unescapeText(embed.description);
    // Discord shows a footer as it is: no markdown there.
    if (embed.footer !== undefined) shown.footer = embed.footer.text;
    if (embed.timestamp !== undefined) shown.timestamp = embed.timestamp;
    if (embed.image !== undefined) shown.imageUrl = embed.image.url;
    return {
      platform: 'discord',
      embed: shown,
      buttons: (body.components ?? []).map((row) =>
        'components' in row
          ? row.components.flatMap((c) => ('label' in c && typeof c.label === 'string' ? [c.label] : []))
          : [],
      ),
    };
  },
};
