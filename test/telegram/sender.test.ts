import { Api, GrammyError, HttpError } from 'grammy';
import { describe, expect, it } from 'vitest';
import { createTelegramSender, deliveryErrorFor, MISSING_RIGHTS_NOTICE } from '../../adapters/telegram/sender.ts';
import {
  ChatMovedError,
  PermanentDeliveryError,
  RetryLaterError,
  TransientDeliveryError,
  type DeliveryMessage,
} from '../../src/index.ts';
import { TEST_TOKEN } from '../emulators/telegram/emulator.ts';

const apiError = (error_code: number, description: string, parameters: Record<string, number> = {}) =>
  new GrammyError(
    `Call to 'sendMessage' failed! (${error_code}: ${description})`,
    { ok: false, error_code, description, parameters },
    'sendMessage',
    {},
  );

function permanent(err: unknown): PermanentDeliveryError {
  expect(err).toBeInstanceOf(PermanentDeliveryError);
  return err as PermanentDeliveryError;
}

describe('Telegram delivery errors', () => {
  it('maps 429 to retry-later with retry_after in milliseconds', () => {
    const err = deliveryErrorFor(apiError(429, 'Too Many Requests: retry after 7', { retry_after: 7 }));
    expect(err).toBeInstanceOf(RetryLaterError);
    expect((err as RetryLaterError).retryAfterMs).toBe(7000);
    expect((err as RetryLaterError).global).toBe(false);
    expect((deliveryErrorFor(apiError(429, 'Too Many Requests: retry after 3')) as RetryLaterError).retryAfterMs).toBe(
      3000,
    );
  });

  it('maps a group upgrade to a chat move', () => {
    const err = deliveryErrorFor(
      apiError(400, 'Bad Request: group chat was upgraded to a supergroup chat', {
        migrate_to_chat_id: -1001234567890,
      }),
    );
    expect(err).toBeInstanceOf(ChatMovedError);
    expect((err as ChatMovedError).newChatId).toBe('-1001234567890');
  });

  it('deactivates at once on 403: blocked, kicked, deactivated account, never started', () => {
    const blocked = permanent(deliveryErrorFor(apiError(403, 'Forbidden: bot was blocked by the user')));
    expect([blocked.reason, blocked.effect, blocked.confirmAfterRepeats]).toEqual(['blocked', 'deactivate', false]);
    expect(
      permanent(deliveryErrorFor(apiError(403, 'Forbidden: bot was kicked from the supergroup chat'))).reason,
    ).toBe('kicked');
    expect(
      permanent(deliveryErrorFor(apiError(403, 'Forbidden: bot is not a member of the channel chat'))).reason,
    ).toBe('kicked');
    expect(permanent(deliveryErrorFor(apiError(403, 'Forbidden: user is deactivated'))).reason).toBe('gone');
    expect(
      permanent(deliveryErrorFor(apiError(403, "Forbidden: bot can't initiate conversation with a user"))).reason,
    ).toBe('blocked');
    expect(permanent(deliveryErrorFor(apiError(403, 'Forbidden: something new'))).reason).toBe('forbidden');
  });

  it('gives up on "chat not found" only after repeats', () => {
    const err = permanent(deliveryErrorFor(apiError(400, 'Bad Request: chat not found')));
    expect([err.reason, err.effect, err.confirmAfterRepeats]).toEqual(['gone', 'deactivate', true]);
  });

  it('pauses a chat where the bot may not post, with a notice', () => {
    const err = permanent(
      deliveryErrorFor(apiError(400, 'Bad Request: not enough rights to send text messages to the chat')),
    );
    expect([err.reason, err.effect, err.notice]).toEqual(['missing-permissions', 'pause', MISSING_RIGHTS_NOTICE]);
    expect(
      permanent(deliveryErrorFor(apiError(400, 'Bad Request: need administrator rights in the channel chat'))).effect,
    ).toBe('pause');
  });

  it('treats our own bad requests, server errors and no answer as transient', () => {
    expect(deliveryErrorFor(apiError(400, "Bad Request: can't parse entities: Unsupported start tag"))).toBeInstanceOf(
      TransientDeliveryError,
    );
    expect(deliveryErrorFor(apiError(400, 'Bad Request: message is too long'))).toBeInstanceOf(TransientDeliveryError);
    expect(deliveryErrorFor(apiError(401, 'Unauthorized'))).toBeInstanceOf(TransientDeliveryError);
    expect(deliveryErrorFor(apiError(500, 'Internal Server Error'))).toBeInstanceOf(TransientDeliveryError);
    expect(deliveryErrorFor(apiError(502, 'Bad Gateway'))).toBeInstanceOf(TransientDeliveryError);
    expect(
      deliveryErrorFor(new HttpError('Network request for sendMessage failed!', new Error('ECONNRESET'))),
    ).toBeInstanceOf(TransientDeliveryError);
    expect(deliveryErrorFor(new Error('boom'))).toBeInstanceOf(TransientDeliveryError);
  });
});

describe('Telegram sender', () => {
  const message: DeliveryMessage = {
    deliveryId: 9,
    subscriber: { id: 1, platform: 'telegram', chatId: '-1001', kind: 'group' },
    article: {
      publicId: 'k3x9pq',
      externalId: null,
      title: 'A & B',
      url: null,
      summary: 'Sum',
      tags: ['Oil'],
      source: null,
      publishedAt: null,
      createdAt: new Date(Date.UTC(2024, 0, 2)),
    },
    mentionRoleIds: [],
    buttons: [[{ label: 'Related', data: '/related k3x9pq' }]],
  };

  function recordingApi(answer: (method: string) => unknown) {
    const calls: { method: string; payload: Record<string, unknown> }[] = [];
    const api = new Api(TEST_TOKEN);
    // A transformer answers instead of the network, as grammY's own tests do.
    api.config.use(async (_prev, method, payload) => {
      calls.push({ method, payload: payload as Record<string, unknown> });
      return answer(method) as never;
    });
    return { api, calls };
  }

  it('sends one HTML message with the card and its keyboard, returning the message id', async () => {
    const { api, calls } = recordingApi(() => ({
      ok: true,
      result: { message_id: 42, date: 0, chat: { id: -1001, type: 'supergroup', title: 'G' }, text: 'x' },
    }));
    await expect(createTelegramSender(api).send(message)).resolves.toEqual({ messageId: '42' });
    expect(calls).toHaveLength(1);
    expect(calls[0]?.method).toBe('sendMessage');
    expect(calls[0]?.payload).toMatchObject({
      chat_id: '-1001',
      parse_mode: 'HTML',
      reply_markup: { inline_keyboard: [[{ text: 'Related', callback_data: '/related k3x9pq' }]] },
    });
    expect(String(calls[0]?.payload.text)).toContain('<b>A &amp; B</b>');
  });

  it('throws the mapped delivery error and does not retry by itself', async () => {
    const { api, calls } = recordingApi(() => ({
      ok: false,
      error_code: 429,
      description: 'Too Many Requests: retry after 2',
      parameters: { retry_after: 2 },
    }));
    const sending = createTelegramSender(api).send(message);
    await expect(sending).rejects.toBeInstanceOf(RetryLaterError);
    await expect(sending).rejects.toMatchObject({ retryAfterMs: 2000 });
    expect(calls).toHaveLength(1);
  });
});
