import { REST, Routes } from 'discord.js';
import { afterEach, describe, expect, it } from 'vitest';
import { startDiscordEmulator, type DiscordEmulator } from '../emulators/discord/emulator.ts';
import { GENERAL_CHANNEL_ID, NEWS_CHANNEL_ID } from '../emulators/discord/fixtures.ts';

/**
 * Discord's rate limits as the emulator enforces them (rate-limits.ts), seen over HTTP
 * and by @discordjs/rest itself, which must pace itself by the headers and retry what
 * it could not foresee.
 */
let discord: DiscordEmulator | undefined;
const clients: REST[] = [];
afterEach(async () => {
  for (const rest of clients.splice(0)) {
    rest.clearHashSweeper();
    rest.clearHandlerSweeper();
  }
  await discord?.close();
  discord = undefined;
});

const start = async (options: Parameters<typeof startDiscordEmulator>[0] = {}) => {
  discord = await startDiscordEmulator({ token: 'secret', ...options });
  return discord;
};
const call = (emulator: DiscordEmulator, path: string, init: RequestInit = {}) =>
  fetch(`${emulator.url}/api/v10${path}`, {
    ...init,
    headers: { 'Content-Type': 'application/json', Authorization: 'Bot secret' },
  });
const postTo = (emulator: DiscordEmulator, channel: string, content = 'x') =>
  call(emulator, `/channels/${channel}/messages`, { method: 'POST', body: JSON.stringify({ content }) });
const rateHeaders = (res: Response) =>
  Object.fromEntries(
    ['limit', 'remaining', 'reset', 'reset-after', 'bucket', 'scope', 'global'].map((h) => [
      h,
      res.headers.get(`x-ratelimit-${h}`),
    ]),
  );
/** A REST client of the bot against the emulator, with @discordjs/rest's defaults (it waits and retries). */
const restClient = (emulator: DiscordEmulator) => {
  const rest = new REST({ api: `${emulator.url}/api` }).setToken(emulator.token);
  clients.push(rest);
  return rest;
};

describe("the emulator's rate limits", () => {
  it("puts the bucket's headers on every answer and refuses a sixth message to a channel within 5 s, as Discord does", async () => {
    const emu = await start();
    const before = Date.now() / 1000;
    const answers: Response[] = [];
    for (let i = 0; i < 5; i++) answers.push(await postTo(emu, NEWS_CHANNEL_ID));
    expect(answers.map((a) => a.status)).toEqual([200, 200, 200, 200, 200]);
    expect(answers.map((a) => rateHeaders(a).remaining)).toEqual(['4', '3', '2', '1', '0']);
    const first = rateHeaders(answers[0] as Response);
    expect(first.limit).toBe('5');
    expect(first.bucket).toMatch(/^[0-9a-f]{32}$/u);
    expect(Number(first['reset-after'])).toBeGreaterThan(4);
    expect(Number(first['reset-after'])).toBeLessThanOrEqual(5);
    expect(first['reset-after']).toMatch(/^\d+\.\d{3}$/u);
    expect(Number(first.reset)).toBeGreaterThan(before + 4);
    expect(first.scope).toBeNull(); // only on a 429
    expect(new Set(answers.map((a) => rateHeaders(a).bucket)).size).toBe(1);

    const refused = await postTo(emu, NEWS_CHANNEL_ID);
    expect(refused.status).toBe(429);
    const body = (await refused.json()) as { message: string; retry_after: number; global: boolean };
    expect(body).toEqual({ message: 'You are being rate limited.', retry_after: body.retry_after, global: false });
    expect(body.retry_after).toBeGreaterThan(0);
    expect(body.retry_after).toBeLessThanOrEqual(5);
    expect(refused.headers.get('retry-after')).toBe(String(Math.ceil(body.retry_after)));
    expect(rateHeaders(refused)).toMatchObject({ limit: '5', remaining: '0', scope: 'user', global: null });
    expect(emu.channelMessages(NEWS_CHANNEL_ID)).toHaveLength(5);

    // Per channel (the top-level resource); other routes have buckets of their own.
    const elsewhere = await postTo(emu, GENERAL_CHANNEL_ID);
    expect([elsewhere.status, rateHeaders(elsewhere).remaining]).toEqual([200, '4']);
    expect(rateHeaders(elsewhere).bucket).toBe(first.bucket);
    const gateway = await call(emu, '/gateway/bot');
    expect(rateHeaders(gateway).bucket).not.toBe(first.bucket);
    expect(rateHeaders(gateway).limit).not.toBeNull();

    expect(emu.rateLimits.refusals).toHaveLength(1);
    expect(emu.invalidRequestsLately()).toBe(1);
    emu.advanceTime(5_000);
    const later = await postTo(emu, NEWS_CHANNEL_ID);
    expect([later.status, rateHeaders(later).remaining]).toEqual([200, '4']);
    // Refusals of other kinds carry the headers too.
    const unauthorized = await fetch(`${emu.url}/api/v10/gateway/bot`);
    expect([unauthorized.status, rateHeaders(unauthorized).limit]).toEqual([401, '50']);
  });

  it('refuses the 51st request within a second with a global 429; interaction endpoints are not bound to it', async () => {
    const emu = await start();
    const answers = await Promise.all(Array.from({ length: 50 }, () => call(emu, '/users/@me')));
    expect(answers.every((a) => a.status === 200)).toBe(true);
    const refused = await postTo(emu, NEWS_CHANNEL_ID);
    expect(refused.status).toBe(429);
    expect(refused.headers.get('x-ratelimit-global')).toBe('true');
    expect(refused.headers.get('x-ratelimit-scope')).toBe('global');
    expect(Number(refused.headers.get('retry-after'))).toBe(1);
    const body = (await refused.json()) as { retry_after: number; global: boolean };
    expect(body.global).toBe(true);
    expect(body.retry_after).toBeLessThanOrEqual(1);
    expect(emu.channelMessages(NEWS_CHANNEL_ID)).toEqual([]);
    // An interaction callback still gets through (and is answered on its merits: no such interaction).
    const callback = await fetch(`${emu.url}/api/v10/interactions/1/token/callback`, {
      method: 'POST',
      headers: { 'Content-Type': 'application/json' },
      body: JSON.stringify({ type: 4, data: { content: 'x' } }),
    });
    expect([callback.status, ((await callback.json()) as { code: number }).code]).toEqual([404, 10062]);
    emu.advanceTime(1_000);
    expect((await postTo(emu, NEWS_CHANNEL_ID)).status).toBe(200);
  });
});

describe('@discordjs/rest against the enforcing emulator', () => {
  it("paces itself by the bucket headers: eight messages to one channel at once, none refused, the sixth after the bucket's reset", async () => {
    // Discord's 5 per 5 s, shortened to 5 per second to keep the test short: the headers are what the client reads.
    const emu = await start({ rateLimits: { channelMessages: { limit: 5, windowMs: 1_000 } } });
    const rest = restClient(emu);
    const sent = await Promise.all(
      Array.from({ length: 8 }, (_, i) =>
        rest.post(Routes.channelMessages(NEWS_CHANNEL_ID), { body: { content: `message ${i}` } }),
      ),
    );
    expect(sent).toHaveLength(8);
    const requests = emu.requestsTo('POST', `/channels/${NEWS_CHANNEL_ID}/messages`);
    expect(requests.map((r) => r.status)).toEqual(Array.from({ length: 8 }, () => 200));
    expect(emu.rateLimits.refusals).toEqual([]);
    expect((requests[5]?.at ?? 0) - (requests[0]?.at ?? 0)).toBeGreaterThanOrEqual(1_000);
    expect(emu.channelMessages(NEWS_CHANNEL_ID).map((m) => m.content)).toEqual(
      Array.from({ length: 8 }, (_, i) => `message ${i}`),
    );
  });

  it('retries a 429 it could not foresee (another process of the bot used the bucket), losing nothing', async () => {
    const emu = await start({ rateLimits: { channelMessages: { limit: 5, windowMs: 1_000 } } });
    const [one, two] = [restClient(emu), restClient(emu)];
    const send = (rest: REST, name: string) =>
      Promise.all(
        [1, 2, 3, 4].map((i) =>
          rest.post(Routes.channelMessages(NEWS_CHANNEL_ID), { body: { content: `${name} ${i}` } }),
        ),
      );
    await Promise.all([send(one, 'one'), send(two, 'two')]);
    const statuses = emu.requestsTo('POST', `/channels/${NEWS_CHANNEL_ID}/messages`).map((r) => r.status);
    expect(statuses.filter((s) => s === 429).length).toBeGreaterThan(0);
    expect(statuses.filter((s) => s === 200)).toHaveLength(8);
    const contents = emu.channelMessages(NEWS_CHANNEL_ID).map((m) => m.content);
    expect(contents.sort()).toEqual(['one 1', 'one 2', 'one 3', 'one 4', 'two 1', 'two 2', 'two 3', 'two 4']);
  });
});
