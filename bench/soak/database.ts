/**
 * The soak's database: a SQLite file in a temporary folder, or a fresh schema of the
 * benchmark PostgreSQL server (dropped afterwards). The subscribers and their follows are
 * loaded straight into the tables (in one transaction, 500 rows a statement), the way
 * bench/fanout.bench.ts seeds its readers; the bot process then runs on it.
 */
import { randomBytes } from 'node:crypto';
import { join } from 'node:path';
import { tagKey } from '../../src/domain/tags.ts';
import type { DeliveryStatus } from '../../src/storage/schema.ts';
import { openStorage, type Storage } from '../../src/storage/connect.ts';
import { adminQuery, benchPostgresUrl } from '../lib/postgres.ts';
import { TOPICS, tagName, type Population } from './population.ts';

export type Engine = 'sqlite' | 'postgres';

export interface SoakDatabase {
  engine: Engine;
  /** DATABASE_URL for the bot process. */
  url: string;
  /** A connection of the soak's own (for loading and the final counts). */
  open(): Storage;
  drop(): Promise<void>;
}

export async function createSoakDatabase(engine: Engine, dir: string): Promise<SoakDatabase> {
  if (engine === 'sqlite') {
    const path = join(dir, 'soak.db');
    return {
      engine,
      url: `sqlite:${path}`,
      open: () => openStorage({ dialect: 'sqlite', path }),
      drop: async () => {},
    };
  }
  const server = benchPostgresUrl();
  const schema = `soak_${process.pid}_${randomBytes(4).toString('hex')}`;
  await adminQuery(server, `CREATE SCHEMA ${schema}`);
  const url = new URL(server);
  url.searchParams.set('options', `-c search_path=${schema}`);
  return {
    engine,
    url: url.toString(),
    open: () => openStorage({ dialect: 'postgres', url: server, poolSize: 2 }, { pgSchema: schema }),
    drop: () => adminQuery(server, `DROP SCHEMA IF EXISTS ${schema} CASCADE`),
  };
}

/** Migrates, then loads the tags, the subscribers and their follows. */
export async function loadPopulation(database: SoakDatabase, population: Population): Promise<void> {
  const storage = database.open();
  try {
    await storage.migrate();
    const now = Date.now();
    await storage.db.transaction().execute(async (trx) => {
      const tags = await trx
        .insertInto('tags')
        .values(
          Array.from({ length: TOPICS + 1 }, (_, i) => ({
            key: tagKey(tagName(i)),
            name: tagName(i),
            created_at: now,
          })),
        )
        .returning(['id', 'key'])
        .execute();
      const tagId = new Map(tags.map((t) => [t.key, t.id]));
      const idOf = (index: number) => {
        const id = tagId.get(tagKey(tagName(index)));
        if (id === undefined) throw new Error(`tag ${tagName(index)} was not created`);
        return id;
      };
      for (let from = 0; from < population.count; from += 500) {
        const indexes = Array.from({ length: Math.min(500, population.count - from) }, (_, k) => from + k);
        const inserted = await trx
          .insertInto('subscribers')
          .values(
            indexes.map((i) => ({
              platform: 'telegram' as const,
              chat_id: String(population.chatId(i)),
              kind: population.isGroup(i) ? ('group' as const) : ('user' as const),
              title: population.isGroup(i) ? `Soak group ${i}` : null,
              parent_id: null,
              status_reason: null,
              status_changed_at: null,
              notice: null,
              created_at: now,
              updated_at: now,
            })),
          )
          .returning(['id', 'chat_id'])
          .execute();
        const follows = inserted.flatMap((row) => {
          const i = population.indexOf(Number(row.chat_id));
          return [0, population.topicA[i] ?? 0, population.topicB[i] ?? 0].map((t) => ({
            subscriber_id: row.id,
            tag_id: idOf(t),
            mode: 'follow' as const,
            mention_role_id: null,
            created_at: now,
          }));
        });
        await trx.insertInto('follows').values(follows).execute();
      }
    });
  } finally {
    await storage.close();
  }
}

/** The outbox by status, and its row count. */
export async function outboxCounts(database: SoakDatabase): Promise<Record<DeliveryStatus, number> & { rows: number }> {
  const storage = database.open();
  try {
    const counts = await storage.stores.outbox.countByStatus();
    return { ...counts, rows: Object.values(counts).reduce((a, b) => a + b, 0) };
  } finally {
    await storage.close();
  }
}
