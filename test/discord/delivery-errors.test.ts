import { noticeText } from '../../src/i18n/index.ts';
import { DiscordAPIError, HTTPError, RateLimitError } from 'discord.js';
import { describe, expect, it } from 'vitest';
import { DMS_CLOSED_NOTICE, toDeliveryError } from '../../adapters/discord/delivery-errors.ts';
import { PermanentDeliveryError, RetryLaterError, TransientDeliveryError } from '../../src/index.ts';

const apiError = (status: number, code: number, message = 'error') =>
  new DiscordAPIError({ code, message }, code, status, 'POST', 'https://discord.com/api/v10/channels/1/messages', {
    body: undefined,
    files: undefined,
  });

const rateLimit = (retryAfter: number, global: boolean) =>
  new RateLimitError({
    timeToReset: retryAfter,
    limit: 5,
    method: 'POST',
    hash: 'h',
    url: 'u',
    route: '/channels/:id/messages',
    majorParameter: '1',
    global,
    retryAfter,
    sublimitTimeout: 0,
    scope: global ? 'global' : 'user',
  });

describe('Discord errors as delivery errors', () => {
  it("turns a rate limit into retry-later with Discord's wait, global when Discord said so", () => {
    const err = toDeliveryError(rateLimit(1050, true), { kind: 'channel' });
    expect(err).toBeInstanceOf(RetryLaterError);
    expect(err).toMatchObject({ retryAfterMs: 1050, global: true });
    expect(toDeliveryError(rateLimit(0.4, false), { kind: 'user' })).toMatchObject({ retryAfterMs: 1, global: false });
  });

  it('50007: deactivates the DM subscription with a notice telling the member how to allow DMs', () => {
    const err = toDeliveryError(apiError(403, 50007, 'Cannot send messages to this user'), { kind: 'user' });
    expect(err).toBeInstanceOf(PermanentDeliveryError);
    expect(err).toMatchObject({
      reason: 'dms-closed',
      effect: 'deactivate',
      confirmAfterRepeats: false,
      notice: DMS_CLOSED_NOTICE,
    });
    expect(noticeText(DMS_CLOSED_NOTICE, 'en')).toContain('I could not DM you');
    expect(noticeText(DMS_CLOSED_NOTICE, 'ru')).toContain('личные сообщения');
  });

  it('10003 and 10013: the target is gone', () => {
    expect(toDeliveryError(apiError(404, 10003), { kind: 'channel' })).toMatchObject({
      reason: 'gone',
      effect: 'deactivate',
      confirmAfterRepeats: false,
    });
    expect(toDeliveryError(apiError(404, 10013), { kind: 'user' })).toMatchObject({
      reason: 'gone',
      effect: 'deactivate',
    });
  });

  it.each([
    [50001, 'cannot see this channel'],
    [50013, 'lack a permission'],
  ])('%i: pauses a channel with a notice naming the permissions', (code, why) => {
    const err = toDeliveryError(apiError(403, code), { kind: 'channel' });
    expect(err).toMatchObject({ reason: 'missing-permissions', effect: 'pause', confirmAfterRepeats: false });
    // Notices are stored as messages, shown in the chat's language.
    const notice = noticeText(err instanceof PermanentDeliveryError ? (err.notice ?? '') : '', 'en');
    expect(notice).toContain(why);
    expect(notice).toContain('View Channel, Send Messages and Embed Links');
    expect(notice).toContain('/channel list');
  });

  it('50008 (a channel that takes no messages) and 40067 (a forum tag required) pause the channel, saying what to do', () => {
    const notText = toDeliveryError(apiError(400, 50008, 'Cannot send messages in a non-text channel'), {
      kind: 'channel',
    });
    expect(notText).toBeInstanceOf(PermanentDeliveryError);
    expect(notText).toMatchObject({ effect: 'pause', confirmAfterRepeats: false });
    expect(noticeText((notText as PermanentDeliveryError).notice ?? '', 'en')).toMatch(/takes no messages/u);
    const tagRequired = toDeliveryError(apiError(400, 40067, 'A tag is required'), { kind: 'channel' });
    expect(tagRequired).toMatchObject({ effect: 'pause', confirmAfterRepeats: false });
    expect(noticeText((tagRequired as PermanentDeliveryError).notice ?? '', 'ru')).toMatch(/требует тег/u);
  });

  it('another 403 is permanent only after repeats', () => {
    expect(toDeliveryError(apiError(403, 20001), { kind: 'channel' })).toMatchObject({
      reason: 'forbidden',
      effect: 'pause',
      confirmAfterRepeats: true,
    });
    expect(toDeliveryError(apiError(403, 20001), { kind: 'user' })).toMatchObject({
      reason: 'forbidden',
      effect: 'deactivate',
      confirmAfterRepeats: true,
    });
  });

  it('40003 (opening DMs too fast) waits; 5xx, a bad request, a timeout and anything else are transient', () => {
    expect(toDeliveryError(apiError(429, 40003), { kind: 'user' })).toBeInstanceOf(RetryLaterError);
    expect(
      toDeliveryError(new HTTPError(502, 'Bad Gateway', 'POST', 'u', { body: undefined, files: undefined }), {
        kind: 'channel',
      }),
    ).toBeInstanceOf(TransientDeliveryError);
    expect(toDeliveryError(apiError(400, 50035, 'Invalid Form Body'), { kind: 'channel' })).toBeInstanceOf(
      TransientDeliveryError,
    );
    const abort = new Error('This operation was aborted');
    abort.name = 'AbortError';
    expect(toDeliveryError(abort, { kind: 'channel' })).toBeInstanceOf(TransientDeliveryError);
    expect(toDeliveryError('weird', { kind: 'channel' })).toBeInstanceOf(TransientDeliveryError);
  });
});
