import { setTimeout as sleep } from 'node:timers/promises';
import { afterEach, describe, expect, it } from 'vitest';
import { DEFER_AFTER_MS } from '../../adapters/discord/index.ts';
import type { Core } from '../../src/index.ts';
import { waitFor } from '../helpers/core.ts';
import { INTERACTION_DEADLINE_MS, startDiscordEmulator, type DiscordEmulator } from '../emulators/discord/emulator.ts';
import { MEMBER } from '../emulators/discord/fixtures.ts';
import { textOf } from '../emulators/discord/messages.ts';
import { APPLICATION_ID, messageOf, startDiscordTestBot, type DiscordTestBot } from './harness.ts';

/**
 * Discord wants an interaction acknowledged within 3 s (a later callback answers 10062
 * Unknown interaction and the member sees "The application did not respond"), and its
 * token works for follow-ups and edits for 15 minutes (then 401, 50027 Invalid Webhook
 * Token). The emulator enforces both; the adapter defers in time.
 */
let t: DiscordTestBot | undefined;
let emulator: DiscordEmulator | undefined;
afterEach(async () => {
  await t?.stop();
  t = undefined;
  await emulator?.close();
  emulator = undefined;
});

/** The core, with every command taking `ms` longer. */
const slowCore =
  (ms: number) =>
  (core: Core): Core => ({
    ...core,
    handleCommand: async (ctx, text) => {
      await sleep(ms);
      return core.handleCommand(ctx, text);
    },
  });

const callbacks = (bot: DiscordTestBot) => bot.emulator.requestsTo('POST', /^\/interactions\/\d+\/[^/]+\/callback$/u);

describe("Discord's interaction deadlines", () => {
  it('defers a command that takes longer than 3 s before the deadline, and edits the answer in', async () => {
    expect(DEFER_AFTER_MS).toBeLessThan(INTERACTION_DEADLINE_MS);
    t = await startDiscordTestBot({ wrapCore: slowCore(INTERACTION_DEADLINE_MS + 300) });
    const answer = await t.emulator.command(MEMBER, 'tags');
    expect(answer.kind === 'message' && answer.deferred).toBe(true);
    expect(textOf(messageOf(answer))).toContain('follows no tags yet');
    const [record] = t.emulator.interactions.values();
    const [callback] = callbacks(t);
    expect(callback?.status).toBe(204);
    expect((callback?.at ?? Infinity) - (record?.createdAt ?? 0)).toBeLessThan(INTERACTION_DEADLINE_MS);
  });

  it('answers a callback that comes after the deadline with 10062 Unknown interaction', async () => {
    // The deadline scaled down to 300 ms, and a bot that waits 1 s before deferring.
    emulator = await startDiscordEmulator({ applicationId: APPLICATION_ID, interactionDeadlineMs: 300 });
    t = await startDiscordTestBot({ emulator, deferAfterMs: 1_000, wrapCore: slowCore(600) });
    await expect(t.emulator.command(MEMBER, 'tags')).rejects.toThrow(/deadline/u);
    await waitFor(() => callbacks(t!).length > 0, 'the late callback');
    const [late] = callbacks(t);
    expect(late?.status).toBe(404);
    expect([...t.emulator.messages.values()]).toEqual([]);
  });

  it('refuses follow-ups and edits with an interaction token older than 15 minutes (401, 50027)', async () => {
    t = await startDiscordTestBot();
    const discord = t.emulator;
    const answer = messageOf(await discord.command(MEMBER, 'tags'));
    const [record] = discord.interactions.values();
    if (!record) throw new Error('no interaction');
    const webhook = (path: string, method: string) =>
      fetch(`${discord.url}/api/v10/webhooks/${APPLICATION_ID}/${record.token}${path}`, {
        method,
        headers: { 'Content-Type': 'application/json' },
        body: JSON.stringify({ content: 'later' }),
      });
    expect((await webhook('/messages/@original', 'PATCH')).status).toBe(200);
    discord.advanceTime(14 * 60_000);
    expect((await webhook('?wait=true', 'POST')).status).toBe(200);
    discord.advanceTime(60_000 + 1);
    for (const [path, method] of [
      ['/messages/@original', 'PATCH'],
      ['?wait=true', 'POST'],
    ] as const) {
      const refused = await webhook(path, method);
      expect([refused.status, await refused.json()]).toEqual([401, { message: 'Invalid Webhook Token', code: 50027 }]);
    }
    expect(discord.messages.get(answer.id)?.content).toBe('later');
  });
});
