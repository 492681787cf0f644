import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { WebSocket } from 'ws';
import { discordErrors, startDiscordEmulator, type DiscordEmulator } from '../emulators/discord/emulator.ts';
import { NEWS_CHANNEL_ID } from '../emulators/discord/fixtures.ts';

/** The emulator answers as Discord does, so the end-to-end tests can trust what the client saw. */
let discord: DiscordEmulator;
beforeEach(async () => {
  discord = await startDiscordEmulator({ token: 'secret' });
});
afterEach(async () => {
  await discord.close();
});

const call = (path: string, init: RequestInit = {}, auth = 'Bot secret') =>
  fetch(`${discord.url}/api/v10${path}`, {
    ...init,
    headers: { 'Content-Type': 'application/json', Authorization: auth, ...(init.headers ?? {}) },
  });
const postMessage = (body: unknown, channel = NEWS_CHANNEL_ID) =>
  call(`/channels/${channel}/messages`, { method: 'POST', body: JSON.stringify(body) });

describe('the Discord emulator', () => {
  it('points the client at its own gateway and refuses a wrong token', async () => {
    const ok = await call('/gateway/bot');
    expect(await ok.json()).toMatchObject({
      url: discord.gatewayUrl,
      shards: 1,
      session_start_limit: { max_concurrency: 1 },
    });
    const refused = await call('/gateway/bot', {}, 'Bot wrong');
    expect(refused.status).toBe(401);
    expect(await refused.json()).toEqual({ message: '401: Unauthorized', code: 0 });
  });

  it('answers scripted faults like Discord (a 429 with Retry-After and scope, an HTML 5xx), then normally', async () => {
    const route = { method: 'POST', path: `/channels/${NEWS_CHANNEL_ID}/messages` };
    discord.failNext(route, discordErrors.rateLimited(2.5, true));
    discord.failNext(route, discordErrors.rateLimited(0.5));
    discord.failNext(route, discordErrors.serverError(503));
    const limited = await postMessage({ content: 'x' });
    expect(limited.status).toBe(429);
    expect(limited.headers.get('retry-after')).toBe('3');
    expect(limited.headers.get('x-ratelimit-global')).toBe('true');
    expect(await limited.json()).toEqual({ message: 'You are being rate limited.', retry_after: 2.5, global: true });
    const shared = await postMessage({ content: 'x' });
    expect([shared.status, shared.headers.get('x-ratelimit-scope')]).toEqual([429, 'shared']);
    const down = await postMessage({ content: 'x' });
    expect([down.status, down.headers.get('content-type')]).toEqual([503, 'text/html']);
    // A scripted answer still carries the route's rate-limit headers.
    expect(down.headers.get('x-ratelimit-bucket')).toMatch(/^[0-9a-f]{32}$/u);
    expect((await postMessage({ content: 'x' })).status).toBe(200);
    expect(discord.requestsTo('POST', route.path).map((r) => r.status)).toEqual([429, 429, 503, 200]);
    // A 429 of a shared limit is not counted toward the invalid-request ban; a global one is.
    expect(discord.invalidRequestsLately()).toBe(1);
  });

  it('refuses messages over Discord limits and to unknown channels, and keeps enforced nonces unique', async () => {
    const tooLong = await postMessage({ embeds: [{ title: 'T'.repeat(257) }] });
    expect([tooLong.status, ((await tooLong.json()) as { code: number }).code]).toEqual([400, 50035]);
    const duplicateIds = await postMessage({
      components: [
        {
          type: 1,
          components: [
            { type: 2, style: 2, label: 'a', custom_id: 'x' },
            { type: 2, style: 2, label: 'b', custom_id: 'x' },
          ],
        },
      ],
    });
    expect(duplicateIds.status).toBe(400);
    const unknown = await postMessage({ content: 'x' }, '999999999999');
    expect([unknown.status, await unknown.json()]).toEqual([404, { message: 'Unknown Channel', code: 10003 }]);
    const first = (await (await postMessage({ content: 'once', nonce: 'n-1', enforce_nonce: true })).json()) as {
      id: string;
    };
    const again = (await (await postMessage({ content: 'once', nonce: 'n-1', enforce_nonce: true })).json()) as {
      id: string;
    };
    expect(again.id).toBe(first.id);
    expect(discord.channelMessages(NEWS_CHANNEL_ID)).toHaveLength(1);
  });

  it("refuses a command overwrite that breaks Discord's definition rules, naming each problem", async () => {
    const option = (name: string, required = false) => ({ type: 3, name, description: 'd', required });
    const put = await call('/applications/123456789012/commands', {
      method: 'PUT',
      body: JSON.stringify([
        { name: 'ok', description: 'fine', options: [option('a', true), option('b')] },
        {
          name: 'bad',
          description: 'x'.repeat(101),
          options: [
            option('a'),
            option('b', true),
            { ...option('c'), choices: Array.from({ length: 26 }, (_, i) => ({ name: `${i}`, value: `${i}` })) },
          ],
        },
      ]),
    });
    const answer = (await put.json()) as { code: number; errors: string[] };
    expect([put.status, answer.code]).toEqual([400, 50035]);
    expect(answer.errors).toEqual([
      '1: /bad: description of 101 characters',
      '1: /bad: a required option after an optional one',
      '1: /bad c: 26 choices > 25',
    ]);
    expect(discord.registeredCommands()).toEqual([]);
  });

  it('closes a session with 4010 when IDENTIFY names a shard not below the count, and recommends its shard count', async () => {
    const identify = (shard: unknown) =>
      new Promise<number>((resolve) => {
        const socket = new WebSocket(discord.gatewayUrl);
        socket.on('message', () =>
          socket.send(JSON.stringify({ op: 2, d: { token: 'Bot secret', intents: 1, properties: {}, shard } })),
        );
        socket.on('close', (code) => resolve(code));
      });
    expect(await identify([2, 2])).toBe(4010);
    expect(await identify([0, 0])).toBe(4010);
    expect(discord.gateway.identifies.map((i) => i.shard)).toEqual([
      [2, 2],
      [0, 0],
    ]);
    const sharded = await startDiscordEmulator({ token: 'secret', recommendedShards: 3 });
    try {
      const answer = await fetch(`${sharded.url}/api/v10/gateway/bot`, { headers: { Authorization: 'Bot secret' } });
      expect(await answer.json()).toMatchObject({ shards: 3 });
    } finally {
      await sharded.close();
    }
  });

  it('opens one DM channel per user', async () => {
    const open = async () =>
      (await (
        await call('/users/@me/channels', {
          method: 'POST',
          body: JSON.stringify({ recipient_id: '940000000000000001' }),
        })
      ).json()) as { id: string; type: number };
    const first = await open();
    expect(first.type).toBe(1);
    expect((await open()).id).toBe(first.id);
    expect(discord.dmChannelOf('940000000000000001')).toBe(first.id);
  });

  it('answers an unknown interaction callback with 10062 and unknown routes with 404', async () => {
    const callback = await call(
      '/interactions/1/token/callback',
      { method: 'POST', body: JSON.stringify({ type: 4, data: { content: 'x' } }) },
      '',
    );
    expect([callback.status, ((await callback.json()) as { code: number }).code]).toEqual([404, 10062]);
    expect((await call('/guilds/1/members')).status).toBe(404);
  });
});
