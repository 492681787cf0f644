/** A command line taken apart: `/follow@tagwire_bot Armenia` → name "follow", args "Armenia". */
export interface ParsedCommand {
  name: string;
  args: string;
  /** The @botname suffix, when given (Telegram groups). */
  addressedTo: string | null;
}

export { MAX_COMMAND_LENGTH } from '../domain/article.ts';

/** Null when the text is not a command (does not start with '/'). */
export function parseCommandLine(text: string): ParsedCommand | null {
  const trimmed = text.replace(/^\s+/u, '');
  const m = /^\/([A-Za-z][A-Za-z0-9_]*)(?:@([A-Za-z0-9_]+))?(?=\s|$)/u.exec(trimmed);
  if (!m) return null;
  const rest = trimmed.slice(m[0].length);
  return {
    name: (m[1] ?? '').toLowerCase(),
    args: rest.replace(/^[ \t]+/u, '').replace(/\s+$/u, ''),
    addressedTo: m[2] ?? null,
  };
}
