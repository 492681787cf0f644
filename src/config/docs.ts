import { z } from 'zod';

/**
 * The documentation each environment variable carries in the schema of src/config.ts:
 * scripts/config-docs.ts renders .env.example and the README's table from it, so a
 * variable is described once, beside its validation.
 */

/** The groups of .env.example, in its order, with their headers. */
export const CONFIG_SECTIONS = {
  storage: 'Storage',
  logs: 'Logs',
  telegram: 'Telegram',
  discord: 'Discord',
  delivery: 'Delivery',
  sources: 'Article sources: feeds and /post URL',
  http: 'HTTP: the ingest API, health, metrics and the newsroom',
} as const;

export type ConfigSection = keyof typeof CONFIG_SECTIONS;

interface EnvVarDocText {
  section: ConfigSection;
  /**
   * What the variable means, in one line of text that may hold `code` spans: the README's
   * "meaning" column, and the first comment of the variable in .env.example.
   */
  doc: string;
  /** More of the same, for .env.example only: limits, advice, a pointer into docs/. */
  details?: string;
  /** A sample value: .env.example shows it commented out, `# NAME=example`, rather than `NAME=default`. */
  example?: string;
}

export type EnvVarDoc = EnvVarDocText &
  (
    | {
        /** The value taken when the variable is unset, written as one would set it. */
        default: string;
        unset?: never;
      }
    | {
        default?: never;
        /** What unset means when that is no single value ("long polling"); absent: off, or none. */
        unset?: string;
      }
  );

/** Every documented variable's schema, with its documentation. */
export const envDocs = z.registry<EnvVarDoc>();

/** The schema, documented; each variable needs a schema of its own (the parsers make a new one per call). */
export function documented<S extends z.ZodType>(schema: S, doc: EnvVarDoc): S {
  if (envDocs.has(schema)) throw new Error(`one schema documents two variables ("${doc.doc}"): make one per variable`);
  envDocs.add(schema, doc);
  return schema;
}
