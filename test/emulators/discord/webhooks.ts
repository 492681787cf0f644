import type { DiscordEmulator } from './emulator.ts';
import { isThreadOnly, PERMISSIONS } from './fixtures.ts';
import { appliedTagsOf, CHANNEL_FLAGS, forumThreadProblems } from './forums.ts';
import {
  applyBody,
  asList,
  asText,
  badLength,
  formRefusal,
  isRecord,
  messageRefusal,
  REQUIRED,
  wireMessage,
  type EmulatedMessage,
  type FormProblem,
  type Json,
  type WebhookAuthor,
} from './messages.ts';
import { has } from './permissions.ts';
import type { Responder } from './rest.ts';

/**
 * Channel webhooks (Resources › Webhook), as a bot that manages them sees them:
 * - `GET` and `POST /channels/{id}/webhooks` need Manage Webhooks in the channel (50013
 *   without; 50001 without View Channel); a thread takes none (50024). A new webhook's
 *   name is 1-80 characters and may not contain "clyde" or "discord" (50035); a channel
 *   holds at most 15 (30007). One the bot creates is owned by its application.
 * - `GET /webhooks/{id}` with the bot's token returns it, token included; a webhook gone
 *   is 10015 Unknown Webhook.
 * - `POST /webhooks/{id}/{token}` executes it: 10015 for an unknown webhook, 50027 for a
 *   wrong token. `?thread_id=` writes in a thread of its channel (10003 for another
 *   channel's); in a forum or media channel, `thread_name` (and `applied_tags`, checked as
 *   for a post) starts a post the webhook owns (220001 with neither). `username` (1-80, the same words refused) and `avatar_url` (an http(s)
 *   address) override its name and picture for that message; components need an
 *   application-owned webhook; the message flags a channel message may carry. The answer
 *   is the message only with `?wait=true`, else 204.
 * - `GET`, `PATCH` and `DELETE /webhooks/{id}/{token}/messages/{mid}` reach only that
 *   webhook's own messages, those in a thread only with its `?thread_id=` (10008 otherwise). The bot cannot edit a webhook's message as
 *   itself (50005, rest.ts), and deletes one only with Manage Messages.
 */

export interface EmulatedWebhook {
  id: string;
  token: string;
  channelId: string;
  name: string;
  /** The application that owns it (made by the bot); null for one a member made. */
  applicationId: string | null;
}

export const WEBHOOKS_PER_CHANNEL = 15;
export const WEBHOOK_NAME_MAX = 80;
const FORBIDDEN_IN_NAMES = ['clyde', 'discord'];

const problem = (path: string, error: { code: string; message: string }, text: string): FormProblem => ({
  path: [path],
  ...error,
  text,
});

/** A webhook's or a message's name: 1-80 characters, without Discord's reserved words. */
function nameProblems(field: string, value: unknown, required: boolean): FormProblem[] {
  if (value === undefined || value === null) return required ? [problem(field, REQUIRED, `${field}: required`)] : [];
  const name = asText(value);
  if (name.length < 1 || name.length > WEBHOOK_NAME_MAX)
    return [problem(field, badLength(1, WEBHOOK_NAME_MAX), `${field}: ${name.length} characters, not 1-80`)];
  const word = FORBIDDEN_IN_NAMES.find((w) => name.toLowerCase().includes(w));
  if (word !== undefined)
    return [
      problem(
        field,
        { code: 'USERNAME_INVALID_CONTAINS', message: `Username cannot contain "${word}"` },
        `${field}: contains "${word}"`,
      ),
    ];
  return [];
}

function avatarProblems(value: unknown): FormProblem[] {
  if (value === undefined || value === null) return [];
  const text = asText(value);
  let ok: boolean;
  try {
    const url = new URL(text);
    ok = (url.protocol === 'http:' || url.protocol === 'https:') && url.hostname !== '' && !/\s/u.test(text);
  } catch {
    ok = false;
  }
  return ok
    ? []
    : [
        problem(
          'avatar_url',
          { code: 'URL_TYPE_INVALID_URL', message: 'Not a well formed URL.' },
          'avatar_url: not a URL',
        ),
      ];
}

export function webhookObject(emu: DiscordEmulator, hook: EmulatedWebhook) {
  return {
    id: hook.id,
    type: 1,
    guild_id: emu.guildOfChannel(hook.channelId)?.id ?? null,
    channel_id: hook.channelId,
    name: hook.name,
    avatar: null,
    token: hook.token,
    application_id: hook.applicationId,
    ...(hook.applicationId === emu.applicationId
      ? { user: { id: emu.bot.id, username: emu.bot.username, discriminator: '0', avatar: null, bot: true } }
      : {}),
  };
}

/** GET or POST /channels/{id}/webhooks. */
export function channelWebhooksRoute(
  emu: DiscordEmulator,
  out: Responder,
  method: string,
  channelId: string,
  body: unknown,
): void {
  const found = emu.findChannel(channelId);
  if (!found)
    return emu.dmRecipient(channelId) === undefined
      ? out.error(404, 10003, 'Unknown Channel')
      : out.error(400, 50003, 'Cannot execute action on a DM channel');
  const permissions = emu.botPermissionsIn(channelId);
  if (!has(permissions, PERMISSIONS.viewChannel)) return out.error(403, 50001, 'Missing Access');
  if (found.channel.type === 'thread') return out.error(400, 50024, 'Cannot execute action on this channel type');
  if (!has(permissions, PERMISSIONS.manageWebhooks)) return out.error(403, 50013, 'Missing Permissions');
  const inChannel = [...emu.webhooks.values()].filter((w) => w.channelId === channelId);
  if (method === 'GET')
    return out.json(
      200,
      inChannel.map((w) => webhookObject(emu, w)),
    );
  if (method !== 'POST') return out.error(405, 0, '405: Method Not Allowed');
  const fields = isRecord(body) ? body : {};
  const invalid = formRefusal(nameProblems('name', fields.name, true));
  if (invalid) return out.refuse(invalid);
  if (inChannel.length >= WEBHOOKS_PER_CHANNEL)
    return out.error(400, 30007, `Maximum number of webhooks reached (${WEBHOOKS_PER_CHANNEL})`);
  const hook = emu.addWebhook(channelId, asText(fields.name), emu.applicationId);
  return out.json(200, webhookObject(emu, hook));
}

/** GET or DELETE /webhooks/{id}, with the bot's token. */
export function webhookByIdRoute(emu: DiscordEmulator, out: Responder, method: string, webhookId: string): void {
  const hook = emu.webhooks.get(webhookId);
  if (!hook) return out.error(404, 10015, 'Unknown Webhook');
  if (!emu.botMay(hook.channelId, PERMISSIONS.manageWebhooks)) return out.error(403, 50013, 'Missing Permissions');
  if (method === 'GET') return out.json(200, webhookObject(emu, hook));
  if (method === 'DELETE') {
    emu.webhooks.delete(hook.id);
    return out.noContent();
  }
  return out.error(405, 0, '405: Method Not Allowed');
}

/** /webhooks/{id}/{token}[/messages/{mid}] for a channel webhook. */
export function channelWebhookRoute(
  emu: DiscordEmulator,
  out: Responder,
  method: string,
  hook: EmulatedWebhook,
  token: string,
  messageId: string | null,
  query: URLSearchParams,
  body: unknown,
): void {
  if (token !== hook.token) return out.error(401, 50027, 'Invalid Webhook Token');
  const fields: Json = isRecord(body) ? { ...body } : {};
  const guildId = emu.guildOfChannel(hook.channelId)?.id ?? null;
  const answer = (status: number, message: Parameters<typeof wireMessage>[0]) =>
    out.json(status, wireMessage(message, emu.bot, emu.applicationId, guildId));
  // A thread of the webhook's channel (?thread_id=): where the message is, or goes.
  const threadId = query.get('thread_id');
  const thread = threadId === null ? undefined : emu.findChannel(threadId)?.channel;
  if (threadId !== null && (thread?.type !== 'thread' || thread.parentId !== hook.channelId))
    return out.error(400, 10003, 'Unknown Channel');
  const where = emu.findChannel(hook.channelId)?.channel;
  if (messageId === null) {
    if (method !== 'POST') return out.error(405, 0, '405: Method Not Allowed');
    const problems = [...nameProblems('username', fields.username, false), ...avatarProblems(fields.avatar_url)];
    if (asList(fields.components).length > 0 && hook.applicationId === null)
      problems.push(
        problem(
          'components',
          { code: 'COMPONENT_WEBHOOK_NOT_OWNED', message: 'Components require an application-owned webhook' },
          'components: webhook not owned by an application',
        ),
      );
    const { username: _u, avatar_url: _a, thread_name: threadName, applied_tags: appliedTags, ...content } = fields;
    const author: WebhookAuthor = {
      webhookId: hook.id,
      username: fields.username === undefined ? hook.name : asText(fields.username),
      avatarUrl: typeof fields.avatar_url === 'string' ? fields.avatar_url : null,
    };
    // In a forum or media channel a webhook starts a post (thread_name) or writes in one (thread_id).
    if (where && isThreadOnly(where) && threadId === null) {
      if (threadName === undefined || threadName === null)
        return out.error(400, 220001, 'Webhooks posted to forum channels must have a thread_name or thread_id');
      const post = { name: threadName, applied_tags: appliedTags, message: content };
      const invalid =
        formRefusal([...problems, ...forumThreadProblems(post, where)]) ?? messageRefusal(content, { creating: true });
      if (invalid) return out.refuse(invalid);
      const tags = appliedTagsOf(post);
      if (((where.flags ?? 0) & CHANNEL_FLAGS.requireTag) !== 0 && tags.length === 0)
        return out.error(400, 40067, 'A tag is required to create a forum post in this channel');
      const { starter } = emu.createForumPost(hook.channelId, {
        name: asText(threadName),
        autoArchiveDuration: 1440,
        rateLimitPerUser: 0,
        appliedTags: tags,
        message: content,
        ownerId: hook.id,
        webhook: author,
      });
      if (query.get('wait') !== 'true') return out.noContent();
      return answer(200, starter);
    }
    const invalid = formRefusal(problems) ?? messageRefusal(content, { creating: true });
    if (invalid) return out.refuse(invalid);
    const message = emu.createMessage(threadId ?? hook.channelId, { webhook: author });
    applyBody(message, content);
    if (query.get('wait') !== 'true') return out.noContent();
    return answer(200, message);
  }
  // A message in a thread is found only with that thread's id (?thread_id=).
  const message = emu.messages.get(messageId);
  if (!message || message.webhook?.webhookId !== hook.id || message.channelId !== (threadId ?? hook.channelId))
    return out.error(404, 10008, 'Unknown Message');
  return webhookMessageMethod(emu, out, method, message, fields, (m) => answer(200, m));
}

/**
 * GET, DELETE or PATCH of a message through the webhook that posted it (a channel
 * webhook's, or an interaction's reply): an edit is checked as Discord checks one;
 * `edited` runs after an edit, before the answer.
 */
export function webhookMessageMethod(
  emu: DiscordEmulator,
  out: Responder,
  method: string,
  message: EmulatedMessage,
  fields: Json,
  respond: (message: EmulatedMessage) => void,
  edited?: () => void,
): void {
  if (method === 'GET') return respond(message);
  if (method === 'DELETE') {
    emu.messages.delete(message.id);
    return out.noContent();
  }
  if (method !== 'PATCH') return out.error(405, 0, '405: Method Not Allowed');
  const invalid = messageRefusal(fields, { creating: false, flagsBefore: message.flags });
  if (invalid) return out.refuse(invalid);
  applyBody(message, fields);
  message.edits++;
  edited?.();
  return respond(message);
}
