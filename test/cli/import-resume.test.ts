import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { IMPORT_BATCH } from '../../src/app/importer.ts';
import { openStorage, type Storage } from '../../src/storage/connect.ts';
import { runCli, startCli, tempWorkspace } from '../helpers/cli.ts';
import { waitFor } from '../helpers/core.ts';
import { createTestSchema, DIALECTS, urlWithSchema } from '../helpers/dialects.ts';

/*
 * `tagwire import` killed with SIGKILL part-way (issue 17): every batch committed before
 * the kill is kept, the batch being read is not, and a second run of the whole file adds
 * exactly the rest, with no article twice.
 */

const record = (i: number) =>
  JSON.stringify({
    id: `k${i}`,
    title: `Killed import ${i} ${(i * 7919).toString(36)}`,
    body: `Body ${(i * 104729).toString(36)}. Second sentence ${i}.`,
    url: `https://kill.example/${i}`,
    tags: [`Kill${i % 7}`, 'Resume'],
  });

describe.each(DIALECTS)('an import killed part-way, on %s', (dialect) => {
  let ws: ReturnType<typeof tempWorkspace>;
  let dbUrl: string;
  let storage: Storage;
  let dropSchema: (() => Promise<void>) | null = null;

  beforeEach(async () => {
    ws = tempWorkspace();
    if (dialect === 'sqlite') {
      dbUrl = ws.dbUrl;
      storage = openStorage({ dialect: 'sqlite', path: join(ws.dir, 'tagwire.db') });
    } else {
      const schema = await createTestSchema();
      dbUrl = urlWithSchema(schema.url, schema.schema);
      dropSchema = schema.drop;
      storage = openStorage({ dialect: 'postgres', url: schema.url, poolSize: 1 }, { pgSchema: schema.schema });
    }
    await storage.migrate();
  });
  afterEach(async () => {
    await storage.close();
    await dropSchema?.();
    dropSchema = null;
    ws.remove();
  });

  const distinctIds = async () => {
    const row = await storage.db
      .selectFrom('articles')
      .select((eb) => [eb.fn.countAll<number>().as('n'), eb.fn.count<number>('external_id').distinct().as('ids')])
      .executeTakeFirstOrThrow();
    return { articles: Number(row.n), ids: Number(row.ids) };
  };

  it('keeps the committed batches, and a second run adds the rest once', async () => {
    const total = IMPORT_BATCH * 3;
    const lines = Array.from({ length: total }, (_, i) => record(i));
    // Fed through standard input: two and a half batches, then the process waits for more and is killed.
    const run = startCli(['import', '-'], { DATABASE_URL: dbUrl });
    run.child.stdin.write(`${lines.slice(0, IMPORT_BATCH * 2.5).join('\n')}\n`);
    await waitFor(
      async () => (await storage.stores.articles.count()) >= IMPORT_BATCH * 2,
      'two batches committed',
      20_000,
    );
    await new Promise((resolve) => setTimeout(resolve, 300));
    const exited = new Promise((resolve) => run.child.once('exit', resolve));
    run.child.kill('SIGKILL');
    await exited;
    expect(await distinctIds()).toEqual({ articles: IMPORT_BATCH * 2, ids: IMPORT_BATCH * 2 });

    const file = join(ws.dir, 'all.jsonl');
    writeFileSync(file, lines.join('\n'));
    const rerun = await runCli(['import', file], { DATABASE_URL: dbUrl });
    expect(rerun.code).toBe(0);
    expect(rerun.stdout).toContain(
      `Read ${total} lines: ${IMPORT_BATCH} imported, ${IMPORT_BATCH * 2} already present, 0 rejected`,
    );
    expect(await distinctIds()).toEqual({ articles: total, ids: total });
    const again = await runCli(['import', file, '--json'], { DATABASE_URL: dbUrl });
    expect(JSON.parse(again.stdout)).toMatchObject({ imported: 0, alreadyPresent: total });
  }, 60_000);
});
