import { ConfigError, loadConfig, type DatabaseConfig } from '../config.ts';
import { openStorage, type Storage } from '../storage/connect.ts';
import { copyData, TargetNotEmptyError } from '../storage/copy-data.ts';
import { parseFlags, UsageError, writeLine, type CliIO } from './common.ts';

export const MIGRATE_DATA_HELP = `Usage: tagwire migrate-data --from URL --to URL [--pool-size N]

Copies a whole deployment from one database to another, typically from SQLite to
PostgreSQL (the reverse works too): tags and aliases, articles, subscribers, their
managers and follows, feeds, button actions, and the outbox with its pending deliveries.
Ids are kept, so everything stays linked. Both databases are migrated first; the target
must be empty, and is written in one transaction (all or nothing).

  --from URL   the source, as DATABASE_URL takes it (sqlite:PATH, postgres://...)
  --to URL     the target, likewise

Stop every tagwire process on the source first, then point DATABASE_URL at the target.
Example:
  tagwire migrate-data --from sqlite:data/tagwire.db --to postgres://tagwire@db/tagwire`;

function databaseOption(flag: string, value: string | undefined): DatabaseConfig {
  if (value === undefined || value.trim() === '') throw new UsageError(`${flag} is required`);
  try {
    return loadConfig({ DATABASE_URL: value }).database;
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
  const { values, positionals } = parseFlags(args, { from: { type: 'string' }, to: { type: 'string' } }, false);
  if (values.help) {
    writeLine(io.stdout, MIGRATE_DATA_HELP);
    return 0;
  }
  if (positionals.length > 0) throw new UsageError(`unexpected argument "${positionals.join(' ')}"`);
  const from = databaseOption('--from', values.from);
  const to = databaseOption('--to', values.to);
  if (from.dialect === 'sqlite' && from.path === ':memory:')
    throw new UsageError('--from: an in-memory database has nothing to copy');
  const opened: Storage[] = [];
  try {
    const source = openStorage(from);
    opened.push(source);
    const target = openStorage(to);
    opened.push(target);
    await source.migrate();
    await target.migrate();
    const counts = await copyData(source, target, (table, rows) => writeLine(io.stderr, `  ${table}: ${rows}`));
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
