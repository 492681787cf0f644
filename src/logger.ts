import { pino, type Logger } from 'pino';

export type { Logger };

/**
 * Structured logs to stderr, so stdout stays the conversation in console mode and the
 * data in `--json` CLI output.
 */
export function createLogger(level: string): Logger {
  return pino({ level, base: undefined }, pino.destination({ fd: 2, sync: true }));
}

export const silentLogger: Logger = pino({ level: 'silent' });
