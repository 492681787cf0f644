import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { startDiscordEmulator, type DiscordEmulator } from '../emulators/discord/emulator.ts';
import {
  BOT_PERMISSIONS,
  BOT_ROLE_ID,
  NEWS_CHANNEL_ID,
  PERMISSIONS,
  THREAD_CHANNEL_ID,
} from '../emulators/discord/fixtures.ts';

/**
 * Channel webhooks in the emulator refuse what Discord refuses: no Manage Webhooks
 * (50013), a thread (50024), a name with "discord" or "clyde" (50035), a 16th webhook
 * (30007), a wrong token (50027), a webhook gone (10015), and the bot editing a
 * webhook's message as itself (50005).
 */
let discord: DiscordEmulator;
beforeEach(async () => {
  discord = await startDiscordEmulator({ token: 'secret' });
});
afterEach(async () => {
  await discord.close();
});

const call = (method: string, path: string, body?: unknown, auth = true) =>
  fetch(`${discord.url}/api/v10${path}`, {
    method,
    headers: { 'Content-Type': 'application/json', ...(auth ? { Authorization: 'Bot secret' } : {}) },
    ...(body === undefined ? {} : { body: JSON.stringify(body) }),
  });
const answer = async (res: Response) => [res.status, res.status === 204 ? null : await res.json()];
const allowWebhooks = () => discord.setRolePermissions(BOT_ROLE_ID, BOT_PERMISSIONS | PERMISSIONS.manageWebhooks);

describe("the emulator's channel webhooks", () => {
  it('need Manage Webhooks, a channel that is not a thread, and a name Discord accepts', async () => {
    const hooks = `/channels/${NEWS_CHANNEL_ID}/webhooks`;
    expect(await answer(await call('GET', hooks))).toEqual([403, { code: 50013, message: 'Missing Permissions' }]);
    allowWebhooks();
    expect((await answer(await call('POST', `/channels/${THREAD_CHANNEL_ID}/webhooks`, { name: 'x' })))[0]).toBe(400);
    const [status, body] = await answer(await call('POST', hooks, { name: 'Discord bot' }));
    expect(status).toBe(400);
    expect(body).toMatchObject({ code: 50035, errors: { name: { _errors: [{ code: 'USERNAME_INVALID_CONTAINS' }] } } });
    for (let i = 0; i < 15; i++) expect((await call('POST', hooks, { name: `hook ${i}` })).status).toBe(200);
    expect(await answer(await call('POST', hooks, { name: 'one more' }))).toEqual([
      400,
      { code: 30007, message: 'Maximum number of webhooks reached (15)' },
    ]);
    expect(((await answer(await call('GET', hooks)))[1] as unknown[]).length).toBe(15);
  });

  it('post under the name given, answer the message only when waited for, and keep it theirs', async () => {
    allowWebhooks();
    const hook = (await (await call('POST', `/channels/${NEWS_CHANNEL_ID}/webhooks`, { name: 'tagwire' })).json()) as {
      id: string;
      token: string;
      application_id: string;
    };
    expect(hook.application_id).toBe(discord.applicationId);
    const execute = `/webhooks/${hook.id}/${hook.token}`;
    expect((await call('POST', execute, { content: 'no wait' }, false)).status).toBe(204);
    const [status, message] = (await answer(
      await call('POST', `${execute}?wait=true`, { content: 'Hi', username: 'Armenia Wire' }, false),
    )) as [number, { id: string; author: { username: string }; webhook_id: string }];
    expect(status).toBe(200);
    expect(message.author.username).toBe('Armenia Wire');
    expect(message.webhook_id).toBe(hook.id);
    expect(
      (await answer(await call('POST', `${execute}?wait=true`, { content: 'x', username: 'Clyde' }, false)))[0],
    ).toBe(400);
    expect(await answer(await call('POST', `/webhooks/${hook.id}/wrong`, { content: 'x' }, false))).toEqual([
      401,
      { code: 50027, message: 'Invalid Webhook Token' },
    ]);
    // The bot may not edit it as itself, nor delete it without Manage Messages; the webhook may.
    const asBot = `/channels/${NEWS_CHANNEL_ID}/messages/${message.id}`;
    expect((await answer(await call('PATCH', asBot, { content: 'edited' })))[1]).toMatchObject({ code: 50005 });
    expect((await answer(await call('DELETE', asBot)))[1]).toMatchObject({ code: 50013 });
    expect((await call('PATCH', `${execute}/messages/${message.id}`, { content: 'edited' }, false)).status).toBe(200);
    expect(discord.messages.get(message.id)?.content).toBe('edited');
    discord.deleteWebhook(hook.id);
    expect((await answer(await call('POST', execute, { content: 'gone' }, false)))[1]).toMatchObject({ code: 10015 });
  });
});
