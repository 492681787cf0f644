import type { Kysely } from 'kysely';
import type { Database } from './schema.ts';

/** Button payloads too long for a platform's callback data, stored and referenced by id. */
export interface ButtonStore {
  /** The id of this payload, storing it on first use. */
  idFor(data: string, now: number): Promise<number>;
  get(id: number): Promise<string | undefined>;
}

export function createButtonStore(db: Kysely<Database>): ButtonStore {
  return {
    async idFor(data, now) {
      await db
        .insertInto('button_actions')
        .values({ data, created_at: now })
        .onConflict((oc) => oc.column('data').doNothing())
        .execute();
      const row = await db.selectFrom('button_actions').select('id').where('data', '=', data).executeTakeFirstOrThrow();
      return row.id;
    },
    async get(id) {
      const row = await db.selectFrom('button_actions').select('data').where('id', '=', id).executeTakeFirst();
      return row?.data;
    },
  };
}
