import { afterEach, describe, expect, it } from 'vitest';
import type { CoreHandle } from '../../src/runtime.ts';
import { FakeClock } from '../helpers/core.ts';
import { DIALECTS, openDialectCore } from '../helpers/dialects.ts';

/** Conversation state (a guided /post between messages), on every engine. */
describe.each(DIALECTS)('conversation store on %s', (dialect) => {
  let handle: CoreHandle | undefined;
  afterEach(async () => {
    await handle?.close();
    handle = undefined;
  });

  const T0 = Date.UTC(2024, 4, 1, 12, 0, 0);

  it('puts, replaces, gets and deletes a state by key', async () => {
    handle = await openDialectCore(dialect);
    const store = handle.deps.stores.conversations;
    const key = 'telegram:1001:1001';
    expect(await store.get(key, T0)).toBeUndefined();
    await store.put(key, '{"step":"title"}', T0 + 60_000, T0);
    await store.put('telegram:-100:7', '{"other":true}', T0 + 60_000, T0);
    expect(await store.get(key, T0)).toBe('{"step":"title"}');
    await store.put(key, '{"step":"tags","title":"Ünïcode “quoted” 📰"}', T0 + 120_000, T0 + 1);
    expect(await store.get(key, T0 + 90_000)).toBe('{"step":"tags","title":"Ünïcode “quoted” 📰"}');
    expect(await store.delete(key)).toBe(true);
    expect(await store.delete(key)).toBe(false);
    expect(await store.get(key, T0)).toBeUndefined();
    expect(await store.get('telegram:-100:7', T0)).toBe('{"other":true}');
  });

  it('ignores an expired state on read and prunes expired states, on put too', async () => {
    handle = await openDialectCore(dialect);
    const store = handle.deps.stores.conversations;
    await store.put('a', 'A', T0 + 1_000, T0);
    await store.put('b', 'B', T0 + 5_000, T0);
    expect(await store.get('a', T0 + 999)).toBe('A');
    expect(await store.get('a', T0 + 1_000)).toBeUndefined();
    const rows = async () =>
      (await handle!.storage.db.selectFrom('conversations').select('key').orderBy('key').execute()).map((r) => r.key);
    // Read does not write: the expired row is still there until pruned.
    expect(await rows()).toEqual(['a', 'b']);
    await store.put('c', 'C', T0 + 10_000, T0 + 2_000);
    expect(await rows()).toEqual(['b', 'c']);
    expect(await store.prune(T0 + 5_000)).toBe(1);
    expect(await rows()).toEqual(['c']);
    expect(await store.prune(T0 + 5_000)).toBe(0);
    // Times past 2^31 ms (bigint on PostgreSQL) come back as numbers and compare as such.
    expect(await store.get('c', T0 + 9_999)).toBe('C');
  });

  it("is reachable from the core, with lifetimes on the core's clock", async () => {
    const clock = new FakeClock(T0);
    handle = await openDialectCore(dialect, {}, clock);
    const { conversations } = handle.core;
    await conversations.put('discord:1:2', 'state', 30_000);
    clock.advance(29_999);
    expect(await conversations.get('discord:1:2')).toBe('state');
    clock.advance(1);
    expect(await conversations.get('discord:1:2')).toBeUndefined();
    await conversations.put('discord:1:2', 'again', 30_000);
    expect(await conversations.get('discord:1:2')).toBe('again');
    expect(await conversations.delete('discord:1:2')).toBe(true);
    expect(await conversations.get('discord:1:2')).toBeUndefined();
  });
});
