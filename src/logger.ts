import { dirname, join } from 'node:path';
import { pino, type DestinationStream, type Logger } from 'pino';
import { foldSpaces, stripControls } from './domain/text.ts';

export type { Logger };

/** The console's log file when LOG_FILE is unset and there is no SQLite file to put it beside. */
export const DEFAULT_LOG_FILE = 'data/tagwire.log';

export interface LogOptions {
  /** LOG_FILE: the log is appended to this file instead of stderr. */
  file?: string | undefined;
  /** The console adapter runs, so stderr is the terminal the chat is in. */
  console?: boolean;
  /** The SQLite database file, if there is one: the console's log goes beside it. */
  databasePath?: string | undefined;
}

/**
 * Structured JSON logs at `level` (LOG_LEVEL). They go to stderr, so stdout stays the
 * conversation in console mode and the data in `--json` CLI output; to LOG_FILE when it
 * is set. In the console stderr is the same terminal as the chat, so there the log goes
 * to a file (LOG_FILE, else tagwire.log beside the SQLite database, data/tagwire.log by
 * default) and only errors reach the terminal, as one plain line each.
 */
export function createLogger(level: string, options: LogOptions = {}): Logger {
  if (level === 'silent') return silentLogger;
  const file = options.file ?? (options.console ? consoleLogFile(options.databasePath) : undefined);
  if (file === undefined) return pino({ level, base: undefined }, stderr());
  let destination: DestinationStream;
  try {
    destination = pino.destination({ dest: file, sync: true, mkdir: true, append: true });
  } catch (err) {
    const fallback = pino({ level, base: undefined }, stderr());
    fallback.warn({ err, file }, 'cannot write the log file; logging to stderr instead');
    return fallback;
  }
  if (!options.console) return pino({ level, base: undefined }, destination);
  const streams = pino.multistream([
    { level, stream: destination },
    { level: 'error', stream: terminalLines(file) },
  ]);
  return pino({ level, base: undefined }, streams);
}

/** Where the console's log goes when LOG_FILE is unset. */
export function consoleLogFile(databasePath: string | undefined): string {
  if (databasePath === undefined || databasePath === ':memory:') return DEFAULT_LOG_FILE;
  return join(dirname(databasePath), 'tagwire.log');
}

const stderr = () => pino.destination({ fd: 2, sync: true });

/** A JSON log line as one readable line on stderr: "tagwire: MESSAGE: ERROR (details in FILE)". */
function terminalLines(file: string): DestinationStream {
  return {
    write(line: string) {
      let entry: { msg?: unknown; err?: { message?: unknown } };
      try {
        entry = JSON.parse(line) as typeof entry;
      } catch {
        return;
      }
      const text = [entry.msg, entry.err?.message].filter((part) => typeof part === 'string' && part !== '').join(': ');
      // A message may quote a feed or a reader: no terminal escapes, one line.
      process.stderr.write(`tagwire: ${foldSpaces(stripControls(text))} (details in ${file})\n`);
    },
  };
}

export const silentLogger: Logger = pino({ level: 'silent' });
