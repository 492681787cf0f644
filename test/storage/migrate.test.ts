import pg from 'pg';
import { describe, expect, it } from 'vitest';
import { migrations } from '../../migrations/index.ts';
import { runCli } from '../helpers/cli.ts';
import { createTestSchema, TEST_DATABASE_URL, urlWithSchema } from '../helpers/dialects.ts';

async function appliedMigrations(url: string, schema: string): Promise<string[]> {
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  try {
    const rows = await client.query<{ name: string }>(`SELECT name FROM ${schema}.kysely_migration ORDER BY name`);
    return rows.rows.map((r) => r.name);
  } finally {
    await client.end();
  }
}

describe.runIf(TEST_DATABASE_URL)('tagwire migrate from several processes on PostgreSQL', () => {
  it('applies every migration once when two run at once on a fresh schema, and both succeed', async () => {
    const { url, schema, drop } = await createTestSchema();
    try {
      const env = { DATABASE_URL: urlWithSchema(url, schema) };
      const [a, b] = await Promise.all([runCli(['migrate'], env), runCli(['migrate'], env)]);
      expect([a.code, b.code], `${a.stderr}\n${b.stderr}`).toEqual([0, 0]);
      // One applied them all, the other waited for its lock and found nothing to do.
      const outputs = [a.stdout, b.stdout].sort();
      expect(outputs[0]).toMatch(/^Applied: 0001_core, .*0005_scale_out/u);
      expect(outputs[1]).toMatch(/up to date/u);
      expect(await appliedMigrations(url, schema)).toEqual(Object.keys(migrations).sort());
      const again = await runCli(['migrate'], env);
      expect(again.stdout).toMatch(/up to date/u);
    } finally {
      await drop();
    }
  });
});
