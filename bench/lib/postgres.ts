/** The PostgreSQL server the benchmarks and the soak use, and statements run outside any schema. */
import pg from 'pg';

/** BENCH_DATABASE_URL, else TEST_DATABASE_URL, else the local server. */
export const benchPostgresUrl = (): string =>
  process.env.BENCH_DATABASE_URL ?? process.env.TEST_DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/test';

/** Runs one statement on its own connection (CREATE SCHEMA, DROP SCHEMA). */
export async function adminQuery(url: string, text: string): Promise<void> {
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  try {
    await client.query(text);
  } finally {
    await client.end();
  }
}
