import type { Migration } from 'kysely';
import * as core from './0001_core.ts';

/** Every migration, by name; names sort in the order they run. */
export const migrations: Record<string, Migration> = {
  '0001_core': core,
};
