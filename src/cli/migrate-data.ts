import { existsSync } from 'node:fs';
import { resolve } from 'node:path';
import { ConfigError, DEFAULT_DATABASE_POOL_SIZE, loadConfig, type DatabaseConfig } from '../config.ts';
import { UserInputError } from '../domain/errors.ts';
import { openStorage, type Storage } from '../storage/connect.ts';
import { copyData, TargetNotEmptyError } from '../storage/copy-data.ts';
import { parseFlags, parseLimit, UsageError, writeLine, type CliIO } from './common.ts';
import { createProgress, type Progress } from './progress.ts';

/** Largest --pool-size, as DATABASE_POOL_SIZE's. */
const MAX_POOL_SIZE = 1000;

export const MIGRATE_DATA_HELP = `Usage: tagwire migrate-data --from URL --to URL [--pool-size N] [--quiet]

Copies a whole deployment from one database to another, typically from SQLite to
PostgreSQL (the reverse works too): tags and aliases, articles, subscribers, their
managers and follows, feeds, button actions, and the outbox with its pending deliveries.
Ids are kept, so everything stays linked. Both databases are migrated first; the target
must be empty, and is written in one transaction (all or nothing).

  --from URL       the source, as DATABASE_URL takes it (sqlite:PATH, postgres://...);
                   a SQLite source must be an existing file
  --to URL         the target, likewise, but not :memory: (the copy would vanish)
  --pool-size N    connections to each PostgreSQL side (1-1000; default ${DEFAULT_DATABASE_POOL_SIZE})
  --quiet          no progress on stderr (the rows copied per table, as they are)

Stop every tagwire process on the source first, then point DATABASE_URL at the target.
Example:
  tagwire migrate-data --from sqlite:data/tagwire.db --to postgres://tagwire@db/tagwire`;

function databaseOption(flag: string, value: string | undefined, poolSize: number): DatabaseConfig {
  if (value === undefined || value.trim() === '') throw new UsageError(`${flag} is required`);
  try {
    return loadConfig({ DATABASE_URL: value, DATABASE_POOL_SIZE: String(poolSize) }).database;
  } catch (err) {
    if (err instanceof ConfigError)
      throw new UsageError(
        `${flag}: ${err.message.split('\n')[1]?.replace(/^\s*DATABASE_URL: /u, '') ?? 'not a database URL'}`,
      );
    throw err;
  }
}

/** `tagwire migrate-data`. */
export async function migrateDataCommand(args: string[], io: CliIO): Promise<number> {
  const { values, positionals } = parseFlags(
    args,
    {
      from: { type: 'string' },
      to: { type: 'string' },
      'pool-size': { type: 'string' },
      quiet: { type: 'boolean' },
    },
    false,
  );
  if (values.help) {
    writeLine(io.stdout, MIGRATE_DATA_HELP);
    return 0;
  }
  if (positionals.length > 0) throw new UsageError(`unexpected argument "${positionals.join(' ')}"`);
  const poolSize = parseLimit(values['pool-size'], DEFAULT_DATABASE_POOL_SIZE, MAX_POOL_SIZE, '--pool-size');
  const from = databaseOption('--from', values.from, poolSize);
  const to = databaseOption('--to', values.to, poolSize);
  if (from.dialect === 'sqlite' && from.path === ':memory:')
    throw new UsageError('--from: an in-memory database has nothing to copy');
  if (to.dialect === 'sqlite' && to.path === ':memory:')
    throw new UsageError(
      '--to: an in-memory database is gone when the copy ends; give a file (sqlite:PATH) or postgres://...',
    );
  // Opening a SQLite path creates the file: a mistyped source would "copy" an empty database.
  if (from.dialect === 'sqlite' && !existsSync(from.path))
    throw new UserInputError(
      `--from: there is no SQLite database at ${from.path}; nothing was copied. Check the path.`,
      'tagwire migrate-data --from sqlite:data/tagwire.db --to postgres://tagwire@db/tagwire',
    );
  if (from.dialect === 'sqlite' && to.dialect === 'sqlite' && resolve(from.path) === resolve(to.path))
    throw new UsageError('--from and --to are the same database');
  const opened: Storage[] = [];
  try {
    const source = openStorage(from);
    opened.push(source);
    const target = openStorage(to);
    opened.push(target);
    await source.migrate();
    await target.migrate();
    // One progress display a table: "articles: copied 12,000 of 40,000 rows (8,000/s)".
    let current = null as { table: string; progress: Progress } | null;
    const onRows = (table: string, copied: number, total: number) => {
      if (current?.table !== table)
        current = {
          table,
          progress: createProgress(io.stderr, {
            verb: `${table}: copied`,
            label: `Copying ${table}`,
            unit: 'rows',
            total,
            quiet: values.quiet === true,
          }),
        };
      current.progress.update(copied);
    };
    let counts: Record<string, number>;
    try {
      counts = await copyData(source, target, (_table, rows) => current?.progress.done(rows), onRows);
    } catch (err) {
      current?.progress.stop();
      throw err;
    }
    const total = Object.values(counts).reduce((a, b) => a + b, 0);
    writeLine(
      io.stdout,
      `Copied ${total} rows (${Object.entries(counts)
        .map(([t, n]) => `${t} ${n}`)
        .join(', ')}).`,
    );
    return 0;
  } catch (err) {
    if (err instanceof TargetNotEmptyError) {
      writeLine(io.stderr, err.message);
      return 1;
    }
    throw err;
  } finally {
    for (const storage of opened) await storage.close();
  }
}
