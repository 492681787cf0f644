import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { postCommand } from '../../src/cli/write.ts';
import type { CoreHandle } from '../../src/runtime.ts';
import { captureIO } from '../helpers/cli.ts';
import { DIALECTS, openDialectCore } from '../helpers/dialects.ts';

/** `tagwire post` on the input problems of issue 15, in-process. */
describe.each(DIALECTS)('on %s', (dialect) => {
  let handle: CoreHandle;
  beforeEach(async () => {
    handle = await openDialectCore(dialect);
  });
  afterEach(async () => {
    await handle.close();
  });

  const post = async (...args: string[]) => {
    const { io, out, err } = captureIO();
    const code = await postCommand(async () => ({ ...handle, close: async () => {} }), [...args, '--json'], io);
    return { code, json: code === 0 ? (JSON.parse(out()) as Record<string, unknown>) : null, stderr: err() };
  };

  it('reads --tags as /follow does: hashtags, commas, multi-word tags (defect 5)', async () => {
    expect((await post('--title', 'Hashtags', '--tags', '#Armenia #CSTO')).json?.tags).toEqual(['Armenia', 'CSTO']);
    expect((await post('--title', 'Commas', '--tags', 'Armenia, CSTO')).json?.tags).toEqual(['Armenia', 'CSTO']);
    expect((await post('--title', 'Words', '--tags', 'Nagorno Karabakh')).json?.tags).toEqual(['Nagorno Karabakh']);
    expect((await post('--title', 'Mixed', '--tags', '#Armenia #CSTO, Nagorno Karabakh')).json?.tags).toEqual([
      'Armenia',
      'CSTO',
      'Nagorno Karabakh',
    ]);
  });

  it('refuses an impossible or unreadable --date (defect 8)', async () => {
    await expect(post('--title', 'x', '--tags', 'a', '--date', 'Sat, 31 Feb 2024')).rejects.toThrow(/is not a date/);
    await expect(post('--title', 'x', '--tags', 'a', '--date', 'Mon Foo 2024')).rejects.toThrow(/is not a date/);
    const ok = await post('--title', 'x', '--tags', 'a', '--date', 'Sat, 02 Mar 2024 10:00:00 GMT');
    expect(ok.json?.publishedAt).toBe('2024-03-02T10:00:00.000Z');
    expect(await handle.deps.stores.articles.count()).toBe(1);
  });

  it('stores a normalised --url and refuses its variants as duplicates (defect 9)', async () => {
    const first = await post('--title', 'x', '--tags', 'a', '--url', 'HTTPS://EXAMPLE.COM/a b#frag');
    expect(first.json?.url).toBe('https://example.com/a%20b');
    const again = await post('--title', 'y', '--tags', 'a', '--url', 'https://example.com/a%20b#other');
    expect(again.code).toBe(1);
    expect(again.stderr).toMatch(/already in the archive/);
  });

  it('stores an --image picture for the cards, and refuses one that is not a web address', async () => {
    const posted = await post('--title', 'x', '--tags', 'a', '--image', 'https://images.example.com/x.jpg');
    expect(posted.json?.image).toBe('https://images.example.com/x.jpg');
    const id = String(posted.json?.id);
    expect((await handle.deps.stores.articles.byPublicId(id))?.image_url).toBe('https://images.example.com/x.jpg');
    await expect(post('--title', 'y', '--tags', 'a', '--image', 'not a picture')).rejects.toThrow(/not a web address/);
  });

  it('refuses an empty --id instead of posting without one (defect 6)', async () => {
    await expect(post('--title', 'x', '--tags', 'a', '--id', ' ')).rejects.toThrow(/--id is empty/);
    expect(await handle.deps.stores.articles.count()).toBe(0);
  });
});
