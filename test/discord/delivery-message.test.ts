import { describe, expect, it } from 'vitest';
import { renderDelivery } from '../../adapters/discord/delivery-message.ts';
import type { DeliveryMessage } from '../../src/index.ts';
import { messageProblems } from '../emulators/discord/messages.ts';

const message = (over: Partial<DeliveryMessage> = {}): DeliveryMessage => ({
  deliveryId: 42,
  subscriber: { id: 1, platform: 'discord', chatId: '910000000000000001', kind: 'channel' },
  article: {
    publicId: 'k3x9pq',
    externalId: null,
    title: '@everyone Armenia <@&920000000000000009>',
    url: 'https://example.com/a',
    summary: '@here summary',
    tags: ['Armenia'],
    source: null,
    publishedAt: null,
    createdAt: new Date('2024-05-01T12:00:00Z'),
  },
  mentionRoleIds: [],
  buttons: [[{ label: 'Related', data: '/related k3x9pq' }], [{ label: '+ #Armenia', data: '!toggle k3x9pq 0' }]],
  ...over,
});

describe('a delivery as a Discord message', () => {
  it('mentions nothing unless a role is configured, whatever the article says', () => {
    const body = renderDelivery(message());
    expect(body.allowed_mentions).toEqual({ parse: [], roles: [] });
    expect(body.content).toBeUndefined();
    expect(body.embeds?.[0]?.title).toBe('@everyone Armenia \\<@&920000000000000009>');
  });

  it('mentions the configured roles, only them, once each, and ignores ids that are not snowflakes', () => {
    const body = renderDelivery(
      message({ mentionRoleIds: ['920000000000000001', '920000000000000001', '@everyone', '920000000000000002'] }),
    );
    expect(body.content).toBe('<@&920000000000000001> <@&920000000000000002>');
    expect(body.allowed_mentions).toEqual({ parse: [], roles: ['920000000000000001', '920000000000000002'] });
  });

  it("carries the buttons as custom ids, an enforced nonce, and passes Discord's checks", () => {
    const body = renderDelivery(message());
    expect(
      body.components?.map((row) =>
        'components' in row ? row.components.map((c) => ('custom_id' in c ? c.custom_id : '')) : [],
      ),
    ).toEqual([['/related k3x9pq'], ['!toggle k3x9pq 0']]);
    expect(body.nonce).toBe('tagwire-42');
    expect(body.enforce_nonce).toBe(true);
    expect(messageProblems({ ...body }, { creating: true })).toEqual([]);
  });
});
