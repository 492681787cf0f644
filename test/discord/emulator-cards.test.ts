import { DiscordAPIError, MessageFlags, REST, Routes } from 'discord.js';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { startDiscordEmulator, type DiscordEmulator } from '../emulators/discord/emulator.ts';
import { GENERAL_CHANNEL_ID, NEWS_CHANNEL_ID } from '../emulators/discord/fixtures.ts';
import { embedsOf, textOf, type EmulatedMessage } from '../emulators/discord/messages.ts';

/**
 * Article cards with a picture and silent deliveries, as the emulator checks them through
 * the bot's own REST client: an embed's `image` and `thumbnail` need a well-formed
 * http(s) or attachment URL (Discord never fetches it while sending: a dead link is
 * accepted and simply not shown), and a bot may set only SUPPRESS_EMBEDS and
 * SUPPRESS_NOTIFICATIONS on a new message, and toggle only SUPPRESS_EMBEDS on an edit.
 * Refusals are 400 50035 "Invalid Form Body" with Discord's nested errors.
 */
let discord: DiscordEmulator;
let rest: REST;
beforeEach(async () => {
  discord = await startDiscordEmulator({ token: 'secret' });
  rest = new REST({ api: `${discord.url}/api`, retries: 0 }).setToken(discord.token);
});
afterEach(async () => {
  rest.clearHashSweeper();
  rest.clearHandlerSweeper();
  await discord.close();
});

const IMAGE = 'https://example.com/pictures/csto.jpg';
const card = (image: unknown) => ({
  embeds: [{ title: 'Armenia freezes its CSTO participation', url: 'https://example.com/armenia-csto', image }],
  allowed_mentions: { parse: [] },
});
const post = (body: unknown, channel = NEWS_CHANNEL_ID) =>
  rest.post(Routes.channelMessages(channel), { body }) as Promise<{ id: string; flags: number; embeds: unknown[] }>;
/** What Discord refused, as @discordjs/rest reports it: the status, the JSON error code and the raw body. */
const refusal = async (sending: Promise<unknown>) => {
  const err: unknown = await sending.then(
    () => null,
    (e: unknown) => e,
  );
  if (!(err instanceof DiscordAPIError)) throw new Error(`expected a DiscordAPIError, got ${String(err)}`);
  return { status: err.status, code: err.code, body: err.rawError };
};
const stored = (id: string): EmulatedMessage => {
  const message = discord.messages.get(id);
  if (!message) throw new Error(`no message ${id}`);
  return message;
};

describe('cards with a picture', () => {
  it('accepts an http(s) or attachment image and thumbnail, and stores the embed as sent', async () => {
    const sent = await post(card({ url: IMAGE }));
    const message = stored(sent.id);
    // The stored message keeps the embed as sent…
    expect((message.embeds[0] as { image: { url: string } }).image.url).toBe(IMAGE);
    expect(embedsOf(message)[0]?.image).toBe(IMAGE);
    // …and Discord's answer carries it too.
    expect(sent.embeds).toEqual([
      {
        title: 'Armenia freezes its CSTO participation',
        url: 'https://example.com/armenia-csto',
        image: { url: IMAGE },
      },
    ]);
    const withThumbnail = await post({
      embeds: [{ title: 'A', image: { url: 'attachment://map.png' }, thumbnail: { url: 'http://example.com/t.png' } }],
    });
    expect(embedsOf(stored(withThumbnail.id))[0]).toMatchObject({
      image: 'attachment://map.png',
      thumbnail: 'http://example.com/t.png',
    });
    // Discord never fetches the picture at send time: a link to nothing is accepted (and just not shown).
    const dead = await post(card({ url: 'https://nowhere.invalid/404.jpg' }));
    expect(embedsOf(stored(dead.id))[0]?.image).toBe('https://nowhere.invalid/404.jpg');
    // An edit may change the picture; it is checked as strictly.
    await rest.patch(Routes.channelMessage(NEWS_CHANNEL_ID, dead.id), { body: card({ url: IMAGE }) });
    expect(embedsOf(stored(dead.id))[0]?.image).toBe(IMAGE);
    expect(
      await refusal(rest.patch(Routes.channelMessage(NEWS_CHANNEL_ID, dead.id), { body: card({ url: 'img.jpg' }) })),
    ).toMatchObject({ status: 400, code: 50035 });
    expect(embedsOf(stored(dead.id))[0]?.image).toBe(IMAGE);
  });

  it('refuses a relative or javascript: image URL with 50035 and the error on embeds.0.image.url', async () => {
    expect(await refusal(post(card({ url: '/pictures/csto.jpg' })))).toEqual({
      status: 400,
      code: 50035,
      body: {
        code: 50035,
        message: 'Invalid Form Body',
        errors: {
          embeds: {
            0: { image: { url: { _errors: [{ code: 'URL_TYPE_INVALID_URL', message: 'Not a well formed URL.' }] } } },
          },
        },
      },
    });
    const script = await refusal(post(card({ url: 'javascript:alert(1)' })));
    expect(script).toMatchObject({ status: 400, code: 50035, body: { message: 'Invalid Form Body' } });
    expect(script.body).toMatchObject({
      errors: { embeds: { 0: { image: { url: { _errors: [{ code: 'URL_TYPE_INVALID_SCHEME' }] } } } } },
    });
    // Spaces, a missing host, an over-long URL and a thumbnail are checked the same way.
    const errorsOf = async (embed: object) =>
      ((await refusal(post({ embeds: [embed] }, GENERAL_CHANNEL_ID))).body as { errors: unknown }).errors;
    expect(await errorsOf({ title: 'A', image: { url: 'https://example.com/a b.jpg' } })).toEqual({
      embeds: {
        0: { image: { url: { _errors: [{ code: 'URL_TYPE_INVALID_URL', message: 'Not a well formed URL.' }] } } },
      },
    });
    expect(await errorsOf({ title: 'A', thumbnail: { url: 'https://' } })).toEqual({
      embeds: {
        0: { thumbnail: { url: { _errors: [{ code: 'URL_TYPE_INVALID_URL', message: 'Not a well formed URL.' }] } } },
      },
    });
    expect(await errorsOf({ title: 'A', image: { url: `https://example.com/${'a'.repeat(2048)}` } })).toEqual({
      embeds: {
        0: {
          image: { url: { _errors: [{ code: 'BASE_TYPE_MAX_LENGTH', message: 'Must be 2048 or fewer in length.' }] } },
        },
      },
    });
    expect(await errorsOf({ title: 'A', image: {} })).toEqual({
      embeds: {
        0: { image: { url: { _errors: [{ code: 'BASE_TYPE_REQUIRED', message: 'This field is required' }] } } },
      },
    });
    // Nothing refused was stored.
    expect(discord.channelMessages(NEWS_CHANNEL_ID)).toEqual([]);
    expect(discord.channelMessages(GENERAL_CHANNEL_ID)).toEqual([]);
  });
});

describe('message flags', () => {
  it('stores a silent delivery (SUPPRESS_NOTIFICATIONS, 4096) and answers it with its flags', async () => {
    const sent = await post({ ...card({ url: IMAGE }), flags: MessageFlags.SuppressNotifications });
    expect(sent.flags).toBe(4096);
    expect(stored(sent.id).flags).toBe(4096);
    const both = await post({ content: 'quiet, no preview', flags: 4096 | 4 });
    expect(stored(both.id).flags).toBe(4100);
  });

  it('refuses any other flag on a new message with 50035 and the error on flags', async () => {
    for (const flags of [MessageFlags.Ephemeral, MessageFlags.Crossposted, MessageFlags.IsComponentsV2, 1 << 20]) {
      const refused = await refusal(post({ content: 'x', flags: flags | MessageFlags.SuppressNotifications }));
      expect(refused).toMatchObject({ status: 400, code: 50035, body: { code: 50035, message: 'Invalid Form Body' } });
      expect(refused.body).toMatchObject({ errors: { flags: { _errors: [{ code: expect.any(String) as string }] } } });
    }
    expect(discord.channelMessages(NEWS_CHANNEL_ID)).toEqual([]);
  });

  it('lets an edit toggle SUPPRESS_EMBEDS only, the other flags sent as they are', async () => {
    const sent = await post({ ...card({ url: IMAGE }), flags: 4096 });
    const edit = (flags: number) =>
      rest.patch(Routes.channelMessage(NEWS_CHANNEL_ID, sent.id), { body: { flags } }) as Promise<{ flags: number }>;
    expect((await edit(4096 | 4)).flags).toBe(4100);
    // With its embeds suppressed, a reader sees nothing of the card.
    expect(textOf(stored(sent.id))).toBe('');
    expect((await edit(4096)).flags).toBe(4096);
    expect(textOf(stored(sent.id))).toContain('Armenia freezes its CSTO participation');
    // Clearing SUPPRESS_NOTIFICATIONS, or setting another bit, is refused.
    for (const flags of [0, 4096 | 64]) {
      expect((await refusal(edit(flags))).body).toMatchObject({ code: 50035, errors: { flags: { _errors: [{}] } } });
    }
    expect(stored(sent.id).flags).toBe(4096);
  });
});
