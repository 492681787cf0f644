import { userInfo } from 'node:os';
import { createLoginLink, LOGIN_LINK_TTL_MS } from '../commands/handlers/weblogin.ts';
import type { CoreHandle } from '../runtime.ts';
import { parseFlags, UsageError, writeJson, writeLine, type CliIO } from './common.ts';

export const ADMIN_LINK_HELP = `Usage: tagwire admin-link [--name NAME] [--json]

Prints a one-time sign-in link to the newsroom (the admin web page at /admin, served
by tagwire start when HTTP_PORT is set). The link works once, for ${LOGIN_LINK_TTL_MS / 60_000} minutes, and
signs its user in as the server's local admin (console:local), like the console. The
link starts with WEB_URL (http://localhost:HTTP_PORT when unset). In a chat, bot admins
ask for one with /weblogin.

  --name NAME   the name the newsroom shows for this admin (default: your login name)
  --json        print JSON: { "url", "expiresAt" }`;

function loginName(): string | undefined {
  try {
    return userInfo().username;
  } catch {
    return undefined;
  }
}

export async function adminLinkCommand(open: () => Promise<CoreHandle>, args: string[], io: CliIO): Promise<number> {
  const { values, positionals } = parseFlags(args, { name: { type: 'string' }, json: { type: 'boolean' } }, false);
  if (values.help) return (writeLine(io.stdout, ADMIN_LINK_HELP), 0);
  if (positionals.length > 0)
    throw new UsageError(`tagwire admin-link takes no arguments (got "${positionals.join(' ')}")`);
  const name = (values.name ?? loginName() ?? '').trim().slice(0, 100);
  const handle = await open();
  try {
    const link = await createLoginLink(handle.deps, { platform: 'console', id: 'local', name: name || undefined });
    if (!link) {
      writeLine(
        io.stderr,
        'The newsroom is off: set HTTP_PORT (and INGEST_TOKEN) so that tagwire start serves it, then ask again.',
      );
      return 2;
    }
    if (values.json) writeJson(io.stdout, { url: link.url, expiresAt: link.expiresAt.toISOString() });
    else {
      writeLine(io.stdout, link.url);
      writeLine(
        io.stderr,
        `Open it within ${LOGIN_LINK_TTL_MS / 60_000} minutes (until ${link.expiresAt.toISOString()}); it works once.`,
      );
    }
    return 0;
  } finally {
    await handle.close();
  }
}
