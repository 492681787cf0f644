import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { gzipSync } from 'node:zlib';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { importCommand } from '../../src/cli/write.ts';
import type { CoreHandle } from '../../src/runtime.ts';
import { captureIO, tempWorkspace } from '../helpers/cli.ts';
import { DIALECTS, openDialectCore } from '../helpers/dialects.ts';

/** `tagwire import` on the input problems of issue 15 (defects 5, 6, 7, 8, 10, 13), in-process. */
describe.each(DIALECTS)('on %s', (dialect) => {
  let handle: CoreHandle;
  let ws: ReturnType<typeof tempWorkspace>;
  beforeEach(async () => {
    handle = await openDialectCore(dialect);
    ws = tempWorkspace();
  });
  afterEach(async () => {
    await handle.close();
    ws.remove();
  });

  /** Runs the import command on the core kept open between runs. */
  const runImport = async (content: string | Buffer, args: string[] = []) => {
    const path = join(ws.dir, `import-${Math.random().toString(36).slice(2)}.jsonl`);
    writeFileSync(path, content);
    const { io, out, err } = captureIO();
    const code = await importCommand(async () => ({ ...handle, close: async () => {} }), [path, ...args], io);
    return { code, stdout: out(), stderr: err() };
  };
  const lines = (...records: unknown[]) =>
    records.map((r) => (typeof r === 'string' ? r : JSON.stringify(r))).join('\n');
  const article = (externalId: string) => handle.deps.stores.articles.byExternalId(externalId);
  const tagsOf = async (externalId: string) => {
    const row = await article(externalId);
    const [view] = row ? await handle.deps.stores.articles.views([row]) : [];
    return view?.tags;
  };

  it('reads "#Armenia #CSTO" in a record as two tags (defect 5)', async () => {
    const result = await runImport(
      lines(
        { id: 'h1', title: 'Hashtags', tags: ['#Armenia #CSTO'] },
        { id: 'h2', title: 'Commas', tags: 'Armenia, Nagorno Karabakh' },
      ),
    );
    expect(result.stdout).toMatch(/2 imported/);
    expect(await tagsOf('h1')).toEqual(['Armenia', 'CSTO']);
    expect(await tagsOf('h2')).toEqual(['Armenia', 'Nagorno Karabakh']);
  });

  it('refuses a line whose id is empty or blank, so a re-run cannot copy it (defect 6)', async () => {
    const file = lines(
      { id: '', title: 'Empty id', tags: ['a'] },
      { id: '   ', title: 'Blank id', tags: ['a'] },
      { id: 'ok', title: 'Fine', tags: ['a'] },
    );
    const first = await runImport(file);
    expect(first.stdout).toMatch(/Read 3 lines: 1 imported, 0 already present, 2 rejected/);
    expect(first.stderr).toMatch(/line 1: The id is empty/);
    expect(first.stderr).toMatch(/line 2: The id is empty/);
    await runImport(file);
    await runImport(file);
    expect(await handle.deps.stores.articles.count()).toBe(1);
  });

  it('ignores a UTF-8 byte-order mark at the start of the file (defect 7)', async () => {
    const result = await runImport(`\uFEFF${lines({ id: 'b1', title: 'After a BOM', tags: ['a'] })}`);
    expect(result.stderr).toBe('');
    expect(result.stdout).toMatch(/1 imported/);
    const gzipped = await runImport(
      gzipSync(Buffer.from(`\uFEFF${lines({ id: 'b2', title: 'Gzip BOM', tags: ['a'] })}`)),
    );
    expect(gzipped.stdout).toMatch(/1 imported/);
  });

  it('leaves out a date it cannot read exactly, with a warning, instead of misreading it (defect 8)', async () => {
    const result = await runImport(
      lines(
        { id: 'd1', title: 'Unknown month', tags: ['a'], date: 'Mon Foo 2024' },
        { id: 'd2', title: 'Impossible day', tags: ['a'], date: 'Sat, 31 Feb 2024' },
        { id: 'd3', title: 'RFC 2822', tags: ['a'], date: 'Sat, 02 Mar 2024 10:00:00 GMT' },
      ),
    );
    expect(result.stdout).toMatch(/3 imported/);
    expect(result.stderr).toMatch(/line 1: warning: unreadable date "Mon Foo 2024" left out/);
    expect(result.stderr).toMatch(/line 2: warning: unreadable date "Sat, 31 Feb 2024" left out/);
    for (const id of ['d1', 'd2']) expect((await article(id))?.date_given).toBeFalsy();
    expect(Number((await article('d3'))?.published_at)).toBe(Date.UTC(2024, 2, 2, 10));
  });

  it('takes publishedAt like the HTTP API, and warns about unknown fields (defect 13)', async () => {
    const result = await runImport(
      lines(
        { id: 'p1', title: 'Published', tags: ['a'], publishedAt: '2024-03-02T10:00:00Z' },
        { id: 'p2', title: 'Typo', tags: ['a'], tittle: 'x', topics: [] },
        { id: 'p3', title: 'Both', tags: ['a'], date: '2024-03-02', publishedAt: '2024-03-03' },
      ),
    );
    expect(result.stdout).toMatch(/Read 3 lines: 2 imported, 0 already present, 1 rejected, 1 with warnings/);
    expect(Number((await article('p1'))?.published_at)).toBe(Date.UTC(2024, 2, 2, 10));
    expect(result.stderr).toMatch(/line 2: warning: unknown fields "tittle", "topics" ignored; the fields are id, /);
    expect(result.stderr).toMatch(/line 3: Give "date" or "publishedAt", not both/);
  });

  it('takes an "image" field for the cards, and rejects a line whose picture is not a web address', async () => {
    const result = await runImport(
      lines(
        { id: 'i1', title: 'Pictured', tags: ['a'], image: 'https://images.example.com/i1.jpg' },
        { id: 'i2', title: 'Bad picture', tags: ['a'], image: 'javascript:alert(1)' },
        { id: 'i3', title: 'No picture', tags: ['a'] },
      ),
    );
    expect(result.stdout).toMatch(/Read 3 lines: 2 imported, 0 already present, 1 rejected/);
    expect(result.stderr).toMatch(/line 2: .*not a web address/);
    expect((await article('i1'))?.image_url).toBe('https://images.example.com/i1.jpg');
    expect((await article('i3'))?.image_url).toBeNull();
    expect(await article('i2')).toBeUndefined();
  });

  it('reports a truncated gzip file: what was committed and how to resume (defect 10)', async () => {
    const records = Array.from({ length: 1500 }, (_, i) =>
      JSON.stringify({
        id: `t${i}`,
        title: `Article ${i} ${(i * 7919).toString(36)}`,
        body: `Body ${(i * 104729).toString(36)} ${(i * 1299709).toString(36)}`,
        tags: ['t'],
      }),
    );
    const whole = gzipSync(records.join('\n'));
    const cut = await runImport(whole.subarray(0, Math.floor(whole.length * 0.6)));
    expect(cut.code).toBe(1);
    const committed = await handle.deps.stores.articles.count();
    expect(committed).toBeGreaterThan(500);
    expect(committed).toBeLessThan(1500);
    expect(cut.stderr).toMatch(/unexpected end of file/);
    expect(cut.stderr).toContain(`${committed} articles were imported and are kept`);
    expect(cut.stderr).toMatch(/Run the import again on the complete file/);
    expect(cut.stdout).toMatch(new RegExp(`${committed} imported`));

    const rerun = await runImport(whole);
    expect(rerun.code).toBe(0);
    expect(rerun.stdout).toContain(`${1500 - committed} imported, ${committed} already present, 0 rejected`);
    expect(await handle.deps.stores.articles.count()).toBe(1500);
  });

  it('says so in --json output too', async () => {
    const whole = gzipSync(
      lines(...Array.from({ length: 50 }, (_, i) => ({ id: `j${i}`, title: `T${i}`, tags: ['a'] }))),
    );
    const cut = await runImport(whole.subarray(0, whole.length - 12), ['--json']);
    expect(cut.code).toBe(1);
    const summary = JSON.parse(cut.stdout) as { interrupted: { afterLine: number; message: string } };
    expect(summary.interrupted.message).toMatch(/unexpected end of file/);
  });
});
