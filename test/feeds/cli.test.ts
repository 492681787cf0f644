import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { feedCommand, FEED_HELP } from '../../src/cli/feeds.ts';
import { UsageError } from '../../src/cli/common.ts';
import { captureIO } from '../helpers/cli.ts';
import type { CoreHandle } from '../../src/runtime.ts';
import { DIALECTS, openDialectCore } from '../helpers/dialects.ts';
import { fixture, SourceServer } from './helpers/source-server.ts';

describe.each(DIALECTS)('on %s', (dialect) => {
  let handle: CoreHandle;
  let server: SourceServer;

  beforeEach(async () => {
    handle = await openDialectCore(dialect, { FEED_TIMEOUT_MS: '2000' });
    server = await new SourceServer().start();
  });
  afterEach(async () => {
    await server.stop();
    await handle.close();
  });

  /** Runs `tagwire feed ARGS` against the test core; the command's own close() is a no-op here. */
  async function cli(...args: string[]): Promise<{ code: number; out: string; err: string }> {
    const { io, out, err } = captureIO();
    const code = await feedCommand(async () => ({ ...handle, close: async () => {} }), args, io);
    return { code, out: out(), err: err() };
  }

  describe('tagwire feed', () => {
    it('prints its help', async () => {
      expect((await cli()).out).toBe(`${FEED_HELP}\n`);
      expect((await cli('add', '--help')).out).toContain('--auto-tag');
    });

    it('imports an OPML file and exports the feeds as OPML, to stdout or a file', async () => {
      const url = server.serve('/rss.xml', { body: fixture('rss.xml') });
      const dir = await mkdtemp(join(tmpdir(), 'tagwire-opml-'));
      try {
        const file = join(dir, 'reader.opml');
        await writeFile(
          file,
          `<opml version="1.0"><body><outline title="Кавказ"><outline text="Wire" xmlUrl="${url}"/>` +
            `<outline text="Dead" xmlUrl="${server.url('/gone')}"/></outline></body></opml>`,
        );
        const imported = await cli('import', file);
        expect(imported.code).toBe(1);
        expect(imported.out).toContain(`Added feed #1: ${url} (3 entries stored)`);
        expect(imported.out).toContain('1 added, 0 already polled, 1 not added.');
        const exported = await cli('export');
        expect(exported.code).toBe(0);
        expect(exported.out).toContain(`xmlUrl="${url}"`);
        expect(exported.out).toContain('category="Кавказ"');
        const out = join(dir, 'out.opml');
        expect((await cli('export', '--output', out)).out).toBe('');
        expect(await readFile(out, 'utf8')).toContain(`xmlUrl="${url}"`);
        await expect(cli('import', join(dir, 'missing.opml'))).rejects.toThrow(/Cannot read .*: no such file/u);
      } finally {
        await rm(dir, { recursive: true, force: true });
      }
    });

    it('adds, lists (text and JSON), polls and removes feeds', async () => {
      const url = server.serve('/rss.xml', { body: fixture('rss.xml'), etag: '"e1"' });
      const added = await cli('add', url, '--tags', 'Caucasus, Armenia', '--auto-tag');
      expect(added).toMatchObject({ code: 0, err: '' });
      expect(added.out).toBe(
        `Added feed #1 (Caucasus Wire): ${url}\nFirst poll: 3 entries stored without notifying anyone.\n`,
      );

      const list = await cli('list');
      expect(list.out).toContain(`#1 Caucasus Wire — ${url}`);
      expect(list.out).toContain('tags #Caucasus #Armenia · auto-tag on');
      const json = JSON.parse((await cli('list', '--json')).out) as Record<string, unknown>[];
      expect(json).toEqual([
        expect.objectContaining({
          id: 1,
          url,
          title: 'Caucasus Wire',
          tags: ['Caucasus', 'Armenia'],
          autoTag: true,
          status: 'ok',
          lastNew: 3,
          failuresInARow: 0,
          note: null,
        }),
      ]);

      const polled = await cli('poll', '1');
      expect(polled).toMatchObject({ code: 0, out: `#1 ${url}: unchanged since the last poll.\n` });

      server.serve('/rss.xml', { body: 'broken', status: 503 });
      const failed = await cli('poll', '--json');
      expect(failed.code).toBe(1);
      expect(JSON.parse(failed.out)).toEqual([
        expect.objectContaining({ feedId: 1, status: 'error', error: 'The server answered 503 Service Unavailable.' }),
      ]);
      expect((await cli('list')).out).toContain('FAILING (1 in a row)');

      expect(await cli('remove', '1')).toMatchObject({
        code: 0,
        out: `Removed feed #1: ${url}. Its articles stay in the archive.\n`,
      });
      expect((await cli('list')).out).toMatch(/^No feeds yet/);
      expect(await cli('poll')).toMatchObject({ code: 0, out: 'There are no feeds to poll.\n' });
    });

    it('refuses wrong usage with a clear message', async () => {
      await expect(cli('add')).rejects.toThrow(UsageError);
      await expect(cli('add', 'a', 'b')).rejects.toThrow(/Give one feed address/);
      await expect(cli('list', 'extra')).rejects.toThrow(/takes no arguments/);
      await expect(cli('remove')).rejects.toThrow(/Give one feed id/);
      await expect(cli('remove', 'x')).rejects.toThrow(/"x" is not a feed number/);
      await expect(cli('poll', '7')).rejects.toThrow('There is no feed #7.');
      await expect(cli('frob')).rejects.toThrow(
        'Unknown feed command "frob": use add, list, poll, remove, import or export.',
      );
      await expect(cli('add', server.url('/none'))).rejects.toThrow(
        'Nothing was added. The server answered 404 Not Found.',
      );
      await expect(cli('add', 'https://x.example/feed', '--bogus')).rejects.toThrow(UsageError);
    });
  });
});
