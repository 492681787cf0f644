import type { Config } from '../../src/config.ts';
import { silentLogger } from '../../src/logger.ts';
import type { Clock } from '../../src/ports/clock.ts';
import { coreOnStorage, type CoreHandle } from '../../src/runtime.ts';
import { openStorage } from '../../src/storage/connect.ts';
import { createTestSchema } from '../helpers/dialects.ts';
import { testConfig } from '../helpers/core.ts';

/**
 * One fresh PostgreSQL schema and several cores on it, each over its own connection
 * pool: what several processes on one database look like, in one test process.
 */
export async function sharedSchema(
  count: number,
  env: Record<string, string> = {},
  clock?: Clock,
): Promise<{ url: string; schema: string; handles: CoreHandle[]; close(): Promise<void> }> {
  const { url, schema, drop } = await createTestSchema();
  const config: Config = testConfig(env);
  const handles: CoreHandle[] = [];
  for (let i = 0; i < count; i++) {
    const storage = openStorage({ dialect: 'postgres', url, poolSize: 4 }, { pgSchema: schema });
    if (i === 0) await storage.migrate();
    handles.push(coreOnStorage(storage, config, silentLogger, clock));
  }
  return {
    url,
    schema,
    handles,
    async close() {
      for (const handle of handles) await handle.close();
      await drop();
    },
  };
}
