import { createHash, randomBytes } from 'node:crypto';
import type { Kysely } from 'kysely';
import type { Platform } from '../domain/platform.ts';
import type { Database } from './schema.ts';

/**
 * The newsroom's sign-in (migrations/0011_web_sessions.ts): one-time links, sessions and
 * the audit log. Tokens are random (32 bytes, base64url) and only their SHA-256 is
 * stored, so a copy of the database signs nobody in. Kept in the database so that any
 * process on it serves a session another process started, and so are the sign-in
 * attempts per client address (migrations/0021_signin_attempts.ts), so that the limit
 * on them is one for all the processes.
 */

/** Who a link or a session belongs to. */
export interface WebUser {
  platform: Platform;
  userId: string;
  name: string | null;
  /** Discord roles the user had when the link was made (for DISCORD_ADMIN_ROLE_IDS). */
  roleIds: string[];
}

export interface WebSession {
  user: WebUser;
  csrfToken: string;
  createdAt: number;
  expiresAt: number;
}

export interface AuditEntry {
  id: number;
  at: number;
  actor: string;
  action: string;
  detail: string;
}

/** One client address's sign-in attempts in its current window. */
export interface SigninWindow {
  attempts: number;
  /** Epoch ms the window ends at. */
  endsAt: number;
}

export interface SessionStore {
  /** Makes a one-time link token valid until `expiresAt`; returns the token (only its hash is kept). */
  createLink(user: WebUser, now: number, expiresAt: number): Promise<string>;
  /** Uses a link: its user once, if it exists, is unused and has not expired; undefined otherwise. */
  redeemLink(token: string, now: number): Promise<WebUser | undefined>;
  /** Starts a session until `expiresAt`; returns its cookie token. */
  createSession(user: WebUser, now: number, expiresAt: number): Promise<{ token: string; csrfToken: string }>;
  /** The session of a cookie token, unless it expired; marks it seen. */
  session(token: string, now: number): Promise<WebSession | undefined>;
  /** Ends one session (sign-out); whether there was one. */
  endSession(token: string): Promise<boolean>;
  /** Ends every session of a user (no longer a bot admin); returns how many. */
  endSessionsOf(platform: Platform, userId: string): Promise<number>;
  /** Deletes expired sessions and links and ended sign-in windows; returns how many rows went. */
  prune(now: number): Promise<number>;
  /**
   * Counts a sign-in attempt from a client address (the newsroom's limit): into the
   * address's fixed window, or into a new one of `windowMs` from `now` when the last one
   * ended. One atomic upsert, so every process on the database counts into the same
   * window. Returns the attempts in the window, this one included, and when it ends.
   */
  countSigninAttempt(address: string, now: number, windowMs: number): Promise<SigninWindow>;
  /** Deletes the sign-in windows that ended by `now`; returns how many. */
  pruneSigninAttempts(now: number): Promise<number>;
  audit(actor: string, action: string, detail: string, now: number): Promise<void>;
  /** The newest audit entries first. */
  auditLog(limit: number, offset: number): Promise<AuditEntry[]>;
}

export const newToken = (): string => randomBytes(32).toString('base64url');
const hash = (token: string): string => createHash('sha256').update(token, 'utf8').digest('hex');

function roles(text: string): string[] {
  try {
    const parsed: unknown = JSON.parse(text);
    return Array.isArray(parsed) ? parsed.filter((r): r is string => typeof r === 'string') : [];
  } catch {
    return [];
  }
}

export function createSessionStore(db: Kysely<Database>): SessionStore {
  const pruneSigninAttempts = async (now: number) => {
    const result = await db.deleteFrom('signin_attempts').where('expires_at', '<=', now).executeTakeFirst();
    return Number(result.numDeletedRows);
  };
  return {
    async createLink(user, now, expiresAt) {
      const token = newToken();
      await db
        .insertInto('web_login_links')
        .values({
          token_hash: hash(token),
          platform: user.platform,
          user_id: user.userId,
          user_name: user.name,
          role_ids: JSON.stringify(user.roleIds),
          created_at: now,
          expires_at: expiresAt,
          used_at: null,
        })
        .execute();
      return token;
    },
    async redeemLink(token, now) {
      // One statement: of two requests racing with the same link, one wins.
      const row = await db
        .updateTable('web_login_links')
        .set({ used_at: now })
        .where('token_hash', '=', hash(token))
        .where('used_at', 'is', null)
        .where('expires_at', '>', now)
        .returning(['platform', 'user_id', 'user_name', 'role_ids'])
        .executeTakeFirst();
      return row && { platform: row.platform, userId: row.user_id, name: row.user_name, roleIds: roles(row.role_ids) };
    },
    async createSession(user, now, expiresAt) {
      const token = newToken();
      const csrfToken = newToken();
      await db
        .insertInto('web_sessions')
        .values({
          token_hash: hash(token),
          csrf_token: csrfToken,
          platform: user.platform,
          user_id: user.userId,
          user_name: user.name,
          role_ids: JSON.stringify(user.roleIds),
          created_at: now,
          last_seen_at: now,
          expires_at: expiresAt,
        })
        .execute();
      return { token, csrfToken };
    },
    async session(token, now) {
      const key = hash(token);
      const row = await db
        .selectFrom('web_sessions')
        .selectAll()
        .where('token_hash', '=', key)
        .where('expires_at', '>', now)
        .executeTakeFirst();
      if (!row) return undefined;
      // Seen at most once a minute: a page of requests is not a page of writes.
      if (now - Number(row.last_seen_at) > 60_000)
        await db.updateTable('web_sessions').set({ last_seen_at: now }).where('token_hash', '=', key).execute();
      return {
        user: { platform: row.platform, userId: row.user_id, name: row.user_name, roleIds: roles(row.role_ids) },
        csrfToken: row.csrf_token,
        createdAt: Number(row.created_at),
        expiresAt: Number(row.expires_at),
      };
    },
    async endSession(token) {
      const result = await db.deleteFrom('web_sessions').where('token_hash', '=', hash(token)).executeTakeFirst();
      return Number(result.numDeletedRows) > 0;
    },
    async endSessionsOf(platform, userId) {
      const result = await db
        .deleteFrom('web_sessions')
        .where('platform', '=', platform)
        .where('user_id', '=', userId)
        .executeTakeFirst();
      return Number(result.numDeletedRows);
    },
    async prune(now) {
      const sessions = await db.deleteFrom('web_sessions').where('expires_at', '<=', now).executeTakeFirst();
      const links = await db.deleteFrom('web_login_links').where('expires_at', '<=', now).executeTakeFirst();
      return Number(sessions.numDeletedRows) + Number(links.numDeletedRows) + (await pruneSigninAttempts(now));
    },
    async countSigninAttempt(address, now, windowMs) {
      // SET reads the row as it was: an ended window restarts at 1, a running one counts on.
      // (SQLite ≥ 3.35 and PostgreSQL both have ON CONFLICT … DO UPDATE … RETURNING.)
      const row = await db
        .insertInto('signin_attempts')
        .values({ address, attempts: 1, expires_at: now + windowMs })
        .onConflict((oc) =>
          oc.column('address').doUpdateSet((eb) => {
            const ended = eb('signin_attempts.expires_at', '<=', now);
            return {
              attempts: eb
                .case()
                .when(ended)
                .then(eb.ref('excluded.attempts'))
                .else(eb('signin_attempts.attempts', '+', 1))
                .end(),
              expires_at: eb
                .case()
                .when(ended)
                .then(eb.ref('excluded.expires_at'))
                .else(eb.ref('signin_attempts.expires_at'))
                .end(),
            };
          }),
        )
        .returning(['attempts', 'expires_at'])
        .executeTakeFirstOrThrow();
      return { attempts: Number(row.attempts), endsAt: Number(row.expires_at) };
    },
    pruneSigninAttempts,
    async audit(actor, action, detail, now) {
      await db.insertInto('web_audit').values({ at: now, actor, action, detail }).execute();
    },
    async auditLog(limit, offset) {
      const rows = await db
        .selectFrom('web_audit')
        .selectAll()
        .orderBy('id', 'desc')
        .limit(limit)
        .offset(offset)
        .execute();
      return rows.map((r) => ({
        id: Number(r.id),
        at: Number(r.at),
        actor: r.actor,
        action: r.action,
        detail: r.detail,
      }));
    },
  };
}
