import type { CoreDeps } from '../../app/deps.ts';
import type { Platform } from '../../domain/platform.ts';
import { okReply, paragraph, refusedReply, span } from '../../domain/reply.ts';
import type { CommandSpec } from '../spec.ts';

/** How long a newsroom sign-in link stays valid. */
export const LOGIN_LINK_TTL_MS = 10 * 60_000;
/** Where the newsroom takes a link (src/web/): `${WEB_URL}${LOGIN_PATH}?token=…`. */
export const LOGIN_PATH = '/admin/login';

export interface LoginLink {
  url: string;
  expiresAt: Date;
}

/**
 * A one-time sign-in link to the newsroom for a bot admin, valid for LOGIN_LINK_TTL_MS:
 * what /weblogin and `tagwire admin-link` answer. Undefined when the newsroom is off
 * (HTTP_PORT unset).
 */
export async function createLoginLink(
  deps: CoreDeps,
  user: { platform: Platform; id: string; name?: string | undefined; roleIds?: string[] | undefined },
): Promise<LoginLink | undefined> {
  const base = deps.config.http.webUrl;
  if (base === undefined) return undefined;
  const now = deps.clock.now().getTime();
  const expiresAt = now + LOGIN_LINK_TTL_MS;
  await deps.stores.webSessions.prune(now);
  const token = await deps.stores.webSessions.createLink(
    { platform: user.platform, userId: user.id, name: user.name ?? null, roleIds: user.roleIds ?? [] },
    now,
    expiresAt,
  );
  return { url: `${base}${LOGIN_PATH}?token=${token}`, expiresAt: new Date(expiresAt) };
}

/** /weblogin: a sign-in link to the newsroom, in a private chat only (anyone in a group could open it). */
export const webloginCommand: CommandSpec = {
  name: 'weblogin',
  args: '',
  access: 'admin',
  example: '/weblogin',
  async run(run) {
    if (run.ctx.chat.kind !== 'user') return refusedReply(run.t('weblogin-private'));
    const link = await createLoginLink(run.deps, { ...run.ctx.user, platform: run.ctx.platform });
    if (!link) return refusedReply(run.t('weblogin-off'));
    return okReply(
      [
        paragraph(run.t('weblogin-link', { minutes: LOGIN_LINK_TTL_MS / 60_000 })),
        paragraph(span(link.url)),
        paragraph(span(run.t('weblogin-keep'), { italic: true })),
      ],
      [],
      run.t('weblogin-heading'),
    );
  },
};
