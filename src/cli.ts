import { config as loadDotenv } from 'dotenv';
import { ConfigError, loadConfig, type Config } from './config.ts';
import { NotFoundError, UserInputError } from './domain/errors.ts';
import { createLogger, type Logger } from './logger.ts';
import type { AdapterFactory } from './ports/adapter.ts';
import { cardPreviewersOf, openCore, ROLES, startBot, type CoreHandle, type Role } from './runtime.ts';
import { openStorage } from './storage/connect.ts';
import { UsageError, writeLine, type CliIO } from './cli/common.ts';
import {
  ARTICLE_HELP,
  articleCommand,
  RELATED_HELP,
  relatedCommand,
  SEARCH_HELP,
  searchCommand,
  STATS_HELP,
  statsCommand,
} from './cli/query.ts';
import { EDIT_HELP, editCommand, IMPORT_HELP, importCommand, POST_HELP, postCommand } from './cli/write.ts';
import { DELIVERIES_HELP, deliveriesCommand, WHY_HELP, whyCommand } from './cli/deliveries.ts';
import { FEED_HELP, feedCommand } from './cli/feeds.ts';
import { MIGRATE_DATA_HELP, migrateDataCommand } from './cli/migrate-data.ts';
import { ADMIN_LINK_HELP, adminLinkCommand } from './cli/admin-link.ts';
import { WorkerLockedError } from './delivery/worker-lock.ts';

const MAIN_HELP = `Usage: tagwire COMMAND [options]

Commands:
  start            run the bot: every configured adapter, the delivery worker and
                   schedules (the console when no platform token is set)
  console          chat with the bot in this terminal
  migrate          bring the database schema up to date
  migrate-data     copy a deployment to another database (SQLite to PostgreSQL)
  import FILE      load articles from JSON Lines (.gz accepted)
  post             post one article and deliver it
  edit ID          correct an article; the cards delivered are edited in place
  search QUERY     search the archive
  related ID       articles related to one article
  article ID       show one article
  stats            counts of articles, subscribers and deliveries
  deliveries       list outbox rows (--failed); "deliveries retry" requeues failed ones
  why CHAT ARTICLE explain whether an article reached a chat (CHAT as telegram:12345)
  feed             add, list, poll or remove article feeds (RSS, Atom, JSON Feed)
  admin-link       a one-time sign-in link to the newsroom web page (/admin)

Run tagwire COMMAND --help for a command's options. Configuration comes from the
environment and a .env file; see .env.example.`;

const START_HELP = `Usage: tagwire start [--role ROLE[,ROLE]]

Runs every adapter whose token is configured (TELEGRAM_BOT_TOKEN, DISCORD_TOKEN), the
delivery worker and the schedules. With no token set it opens the console adapter.
Stops cleanly on Ctrl-C (SIGINT) or SIGTERM: no new deliveries are claimed, sends in
flight finish (a few seconds at most) and the rest stay queued for the next start; a
second Ctrl-C quits at once.

  --role bot        chat commands (and the HTTP API when HTTP_PORT is set) only
  --role worker     only drain the outbox (sends through the configured platforms)
  --role scheduler  only run the cron jobs (reader schedules, feed polling, outbox retention)
Default: all three. On PostgreSQL any number of processes of each role can share the
database (each cron tick runs once among the schedulers). On SQLite only one process may
run deliveries from one file: a second worker on the same file refuses to start.`;

/** Parses start's options: the roles, all by default. */
export function parseStartArgs(args: readonly string[]): Role[] {
  let roles: Role[] | undefined;
  for (let i = 0; i < args.length; i++) {
    const arg = args[i] ?? '';
    const value = arg === '--role' ? args[++i] : arg.startsWith('--role=') ? arg.slice('--role='.length) : undefined;
    if (value === undefined)
      throw new UsageError(
        arg === '--role' ? '--role needs a value: bot, worker or scheduler' : `unknown option "${arg}"`,
      );
    const names = value
      .split(',')
      .map((r) => r.trim())
      .filter((r) => r !== '');
    const bad = names.find((r) => !(ROLES as readonly string[]).includes(r));
    if (bad !== undefined || names.length === 0)
      throw new UsageError(`--role: expected bot, worker or scheduler (comma-separated for several), got "${value}"`);
    roles = [...new Set([...(roles ?? []), ...(names as Role[])])];
  }
  return roles ?? [...ROLES];
}

/** After a stop signal, quit anyway after this long (a hung adapter must not keep the process). */
export const FORCED_EXIT_MS = 10_000;

const CONSOLE_HELP = `Usage: tagwire console

Chat with the bot in this terminal as its local admin. Each line is a message; end
a line with \\ to continue the message on the next line. Type a button's number to
press it. Input can be piped: at its end, due deliveries are sent and the program exits.
The log goes to a file, not this terminal: LOG_FILE, or tagwire.log beside the SQLite
database (data/tagwire.log by default); errors show here as one line too.`;

const MIGRATE_HELP = `Usage: tagwire migrate

Applies any pending database migrations (start does this too) and exits.`;

type Command = (args: string[], env: CommandEnv) => Promise<number>;

interface CommandEnv {
  io: CliIO;
  config: () => Config;
  logger: () => Logger;
  /** The console adapter will run: the log goes to a file, not the chat's terminal (before the logger is made). */
  logToFile: () => void;
  open: () => Promise<CoreHandle>;
  factories: readonly AdapterFactory[];
}

async function runBot(env: CommandEnv, mode: 'start' | 'console', roles: readonly Role[] = ROLES): Promise<number> {
  const config = env.config();
  const configured = env.factories.filter((f) => f.isConfigured(config));
  const consoleFactory = env.factories.find((f) => f.platform === 'console');
  const chosen = mode === 'console' || configured.length === 0 ? (consoleFactory ? [consoleFactory] : []) : configured;
  if (chosen.length === 0) {
    writeLine(env.io.stderr, 'No adapter to run.');
    return 1;
  }
  if (consoleFactory && chosen.includes(consoleFactory)) env.logToFile();
  const handle = await env.open();
  let bot;
  try {
    bot = await startBot(
      handle,
      chosen,
      { input: env.io.stdin as unknown as import('node:stream').Readable, output: env.io.stdout },
      // Every platform's card preview in the newsroom, whichever adapters run (they need no token).
      { roles, cardPreviewers: cardPreviewersOf(env.factories) },
    );
  } catch (err) {
    await handle.close().catch(() => undefined);
    if (err instanceof WorkerLockedError) {
      writeLine(env.io.stderr, err.message);
      return 1;
    }
    throw err;
  }
  const running = bot;
  let signals = 0;
  const onSignal = (signal: NodeJS.Signals) => {
    signals++;
    if (signals > 1) {
      env.logger().warn({ signal }, 'second signal: quitting now; deliveries in flight are retried after a restart');
      process.exit(130);
    }
    env.logger().info({ signal }, 'stopping');
    setTimeout(() => {
      env.logger().error({ afterMs: FORCED_EXIT_MS }, 'did not stop in time; quitting');
      process.exit(1);
    }, FORCED_EXIT_MS).unref();
    void running.stop({ drain: false });
  };
  process.on('SIGINT', onSignal);
  process.on('SIGTERM', onSignal);
  await running.stopped;
  process.off('SIGINT', onSignal);
  process.off('SIGTERM', onSignal);
  return 0;
}

const commands: Record<string, { help: string; run: Command }> = {
  start: { help: START_HELP, run: (args, env) => runBot(env, 'start', parseStartArgs(args)) },
  console: { help: CONSOLE_HELP, run: (_args, env) => runBot(env, 'console') },
  migrate: {
    help: MIGRATE_HELP,
    async run(_args, env) {
      const storage = openStorage(env.config().database);
      try {
        const report = await storage.migrate();
        writeLine(
          env.io.stdout,
          report.applied.length > 0 ? `Applied: ${report.applied.join(', ')}` : 'The database is up to date.',
        );
        return 0;
      } finally {
        await storage.close();
      }
    },
  },
  import: { help: IMPORT_HELP, run: (args, env) => importCommand(env.open, args, env.io) },
  post: { help: POST_HELP, run: (args, env) => postCommand(env.open, args, env.io) },
  edit: { help: EDIT_HELP, run: (args, env) => editCommand(env.open, args, env.io) },
  search: { help: SEARCH_HELP, run: (args, env) => searchCommand(env.open, args, env.io) },
  related: { help: RELATED_HELP, run: (args, env) => relatedCommand(env.open, args, env.io) },
  article: { help: ARTICLE_HELP, run: (args, env) => articleCommand(env.open, args, env.io) },
  stats: { help: STATS_HELP, run: (args, env) => statsCommand(env.open, args, env.io) },
  feed: { help: FEED_HELP, run: (args, env) => feedCommand(env.open, args, env.io) },
  deliveries: { help: DELIVERIES_HELP, run: (args, env) => deliveriesCommand(env.open, args, env.io) },
  why: { help: WHY_HELP, run: (args, env) => whyCommand(env.open, args, env.io) },
  'migrate-data': { help: MIGRATE_DATA_HELP, run: (args, env) => migrateDataCommand(args, env.io) },
  'admin-link': { help: ADMIN_LINK_HELP, run: (args, env) => adminLinkCommand(env.open, args, env.io) },
};

const defaultIO = (): CliIO => ({
  stdout: process.stdout,
  stderr: process.stderr,
  stdin: process.stdin,
  env: process.env,
});

/**
 * A command an adapter adds to `tagwire` (e.g. discord-shards), handed in by the
 * composition root (bin/tagwire.js) like the adapters, since src/ never imports them.
 * It gets the validated configuration and the logger, and prints its own usage errors.
 */
export interface AdapterCommand {
  /** One line for `tagwire --help`. */
  summary: string;
  run(args: string[], env: { io: CliIO; config: Config; logger: Logger }): Promise<number>;
}

function mainHelp(adapterCommands: Readonly<Record<string, AdapterCommand>>): string {
  const lines = Object.entries(adapterCommands).map(([name, c]) => `  ${name.padEnd(16)} ${c.summary}`);
  return lines.length === 0
    ? MAIN_HELP
    : MAIN_HELP.replace('\n\nRun tagwire COMMAND', `\n${lines.join('\n')}\n\nRun tagwire COMMAND`);
}

const fromAdapter = (command: AdapterCommand): { help: string; run: Command } => ({
  help: '',
  run: (args, env) => command.run(args, { io: env.io, config: env.config(), logger: env.logger() }),
});

/**
 * The `tagwire` command. Returns the exit code: 0 done, 1 failed, 2 wrong usage or
 * configuration. Adapters come from the composition root (bin/tagwire.js).
 */
export async function main(
  argv: string[],
  factories: readonly AdapterFactory[],
  io: CliIO = defaultIO(),
  adapterCommands: Readonly<Record<string, AdapterCommand>> = {},
): Promise<number> {
  const [name = 'start', ...args] = argv;
  if (name === '--help' || name === '-h' || name === 'help') {
    writeLine(io.stdout, mainHelp(adapterCommands));
    return 0;
  }
  if (name === '--version') {
    writeLine(io.stdout, '0.1.0');
    return 0;
  }
  const adapterCommand = Object.hasOwn(adapterCommands, name) ? adapterCommands[name] : undefined;
  const command = commands[name] ?? (adapterCommand && fromAdapter(adapterCommand));
  if (!command) {
    writeLine(io.stderr, `Unknown command "${name}".\n\n${mainHelp(adapterCommands)}`);
    return 2;
  }
  if (
    (name === 'start' || name === 'console' || name === 'migrate') &&
    args.some((a) => a === '--help' || a === '-h')
  ) {
    writeLine(io.stdout, command.help);
    return 0;
  }
  if ((name === 'console' || name === 'migrate') && args.length > 0) {
    writeLine(io.stderr, `tagwire ${name} takes no arguments (got "${args.join(' ')}").\n\n${command.help}`);
    return 2;
  }

  if (io.env === process.env) loadDotenv({ quiet: true });
  let config: Config | undefined;
  let logger: Logger | undefined;
  let inConsole = false;
  const env: CommandEnv = {
    io,
    factories,
    config: () => (config ??= loadConfig(io.env)),
    logger: () => {
      const { logLevel, logFile, database } = env.config();
      return (logger ??= createLogger(logLevel, {
        file: logFile,
        console: inConsole,
        databasePath: 'path' in database ? database.path : undefined,
      }));
    },
    logToFile: () => {
      inConsole = true;
    },
    open: () => openCore(env.config(), env.logger()),
  };
  try {
    if (name === 'start') parseStartArgs(args); // wrong usage before any configuration error
    env.config();
    return await command.run(args, env);
  } catch (err) {
    if (err instanceof ConfigError) {
      writeLine(io.stderr, err.message);
      return 2;
    }
    if (err instanceof UsageError) {
      writeLine(io.stderr, `${err.message}\n\n${command.help}`);
      return 2;
    }
    if (err instanceof UserInputError) {
      writeLine(io.stderr, err.hint ? `${err.message}\nExample: ${err.hint}` : err.message);
      return 2;
    }
    if (err instanceof NotFoundError) {
      writeLine(io.stderr, err.message);
      return 1;
    }
    const message = err instanceof Error ? err.message : String(err);
    writeLine(io.stderr, `tagwire ${name} failed: ${message}`);
    env.logger().debug({ err }, 'command failed');
    return 1;
  }
}
