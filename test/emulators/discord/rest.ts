import type { IncomingMessage, ServerResponse } from 'node:http';
import type { DiscordEmulator, InteractionRecord, LoggedRequest, ScriptedResponse } from './emulator.ts';
import { commandDefinitionProblems } from './command-rules.ts';
import { channelRoute, forumThreadRoute } from './channel-routes.ts';
import { dmChannelObject, isThreadOnly, PERMISSIONS, userObject } from './fixtures.ts';
import { sendRefusal } from './permissions.ts';
import { channelWebhookRoute, channelWebhooksRoute, webhookByIdRoute, webhookMessageMethod } from './webhooks.ts';
import {
  applyBody,
  asList,
  asText,
  flagProblems,
  formRefusal,
  INTERACTION_MESSAGE_FLAGS,
  isRecord,
  messageRefusal,
  wireMessage,
  type EmulatedMessage,
  type Json,
  type Refusal,
} from './messages.ts';

/**
 * The REST routes discord.js and @discordjs/rest use, under /api/v10. Interaction
 * callbacks answer 204 with no content type (a JSON content type on a 204 breaks the
 * client); errors carry Discord's JSON error body. Every routed request goes through
 * Discord's rate limits first (rate-limits.ts): its answer carries the bucket's
 * headers, or is a 429. What the bot may do in a channel comes from the server's roles
 * and overwrites (permissions.ts); interactions must be answered within 3 s and their
 * token works for 15 minutes. Channels themselves (GET, PATCH) and forum posts are
 * channel-routes.ts's.
 */

const API = '/api/v10';
const NONCE_WINDOW_MS = 5 * 60_000;

async function readBody(req: IncomingMessage): Promise<unknown> {
  const chunks: Buffer[] = [];
  for await (const chunk of req) chunks.push(typeof chunk === 'string' ? Buffer.from(chunk) : chunk);
  const text = Buffer.concat(chunks).toString('utf8');
  if (text === '') return null;
  try {
    return JSON.parse(text);
  } catch {
    return text;
  }
}

export class Responder {
  /** The rate-limit headers every answer carries. */
  rateLimitHeaders: Record<string, string> = {};

  constructor(
    private readonly res: ServerResponse,
    private readonly log: LoggedRequest,
    private readonly onAnswer: (status: number, headers: Record<string, string>) => void,
  ) {}

  json(status: number, body: unknown, headers: Record<string, string> = {}): void {
    this.log.status = status;
    const all = { 'Content-Type': 'application/json', ...this.rateLimitHeaders, ...headers };
    this.onAnswer(status, all);
    const text = typeof body === 'string' ? body : JSON.stringify(body);
    this.res.writeHead(status, all);
    this.res.end(text);
  }

  /** 204 with no content type and no body. */
  noContent(): void {
    this.log.status = 204;
    this.onAnswer(204, this.rateLimitHeaders);
    this.res.writeHead(204, this.rateLimitHeaders);
    this.res.end();
  }

  scripted(response: ScriptedResponse): void {
    this.json(response.status, response.body, response.headers ?? {});
  }

  error(status: number, code: number, message: string, errors?: unknown): void {
    this.json(status, { message, code, ...(errors === undefined ? {} : { errors }) });
  }

  /** Discord's refusal of a message body (messages.ts): 50035 with its nested errors, or 50006. */
  refuse(refusal: Refusal): void {
    this.error(refusal.status, refusal.code, refusal.message, refusal.errors);
  }
}

export async function handleRestRequest(
  emu: DiscordEmulator,
  req: IncomingMessage,
  res: ServerResponse,
): Promise<void> {
  const at = emu.now();
  const url = new URL(req.url ?? '/', 'http://127.0.0.1');
  const body = await readBody(req);
  const method = (req.method ?? 'GET').toUpperCase();
  const rawPath = url.pathname.startsWith(API) ? url.pathname.slice(API.length) : url.pathname;
  let path = rawPath;
  try {
    path = decodeURIComponent(rawPath);
  } catch {
    /* keep it raw */
  }
  const authorized = req.headers.authorization === `Bot ${emu.token}`;
  const log: LoggedRequest = { method, path, rawPath, query: url.search, body, status: 0, authorized, at };
  emu.requests.push(log);
  const out = new Responder(res, log, (status, headers) => emu.recordAnswer(status, headers));
  if (!url.pathname.startsWith(API)) return out.error(404, 0, '404: Not Found');
  const interaction = /^\/interactions\/(\d+)\/([^/]+)\/callback$/u.exec(path);
  const webhook = /^\/webhooks\/(\d+)\/([^/]+)(?:\/messages\/([^/]+))?$/u.exec(path);
  // Interaction endpoints authenticate with the interaction's token, every other route with the bot's;
  // a request without either is limited by its address, as Discord does.
  const anonymous = !interaction && !webhook && !authorized;
  const verdict = emu.rateLimits.take(method, path, anonymous ? 'address 127.0.0.1' : emu.token, at);
  out.rateLimitHeaders = verdict.headers;
  if (verdict.refused) return out.json(verdict.refused.status, verdict.refused.body);
  if (anonymous) return out.error(401, 0, '401: Unauthorized');
  const scripted = emu.takeFailure(method, path);
  if (scripted) return out.scripted(scripted);

  if (interaction && method === 'POST')
    return interactionCallback(
      emu,
      out,
      interaction[1] ?? '',
      interaction[2] ?? '',
      body,
      url.searchParams.get('with_response') === 'true',
    );
  const channelHook = webhook ? emu.webhooks.get(webhook[1] ?? '') : undefined;
  if (webhook && channelHook)
    return channelWebhookRoute(
      emu,
      out,
      method,
      channelHook,
      webhook[2] ?? '',
      webhook[3] ?? null,
      url.searchParams,
      body,
    );
  if (webhook) return webhookRoute(emu, out, method, webhook[1] ?? '', webhook[2] ?? '', webhook[3] ?? null, body);

  if (method === 'GET' && path === '/gateway/bot') {
    return out.json(200, {
      url: emu.gatewayUrl,
      shards: emu.recommendedShards,
      session_start_limit: { total: 1000, remaining: 999, reset_after: 86_400_000, max_concurrency: 1 },
    });
  }
  if (method === 'GET' && path === '/users/@me') return out.json(200, userObject(emu.bot, true));
  if (method === 'POST' && path === '/users/@me/channels') {
    const recipient = isRecord(body) ? asText(body.recipient_id) : '';
    if (!/^\d+$/u.test(recipient))
      return out.refuse(
        formRefusal([
          {
            path: ['recipient_id'],
            code: 'BASE_TYPE_REQUIRED',
            message: 'This field is required',
            text: 'recipient_id: required',
          },
        ]) as Refusal,
      );
    return out.json(200, dmChannelObject(emu.ensureDmChannel(recipient), recipient));
  }
  const commands = /^\/applications\/(\d+)(?:\/guilds\/(\d+))?\/commands$/u.exec(path);
  if (commands) return commandsRoute(emu, out, method, commands[1] ?? '', commands[2] ?? null, body);
  const messages = /^\/channels\/(\d+)\/messages(?:\/(\d+))?$/u.exec(path);
  if (messages) return channelMessagesRoute(emu, out, method, messages[1] ?? '', messages[2] ?? null, body);
  const channel = /^\/channels\/(\d+)$/u.exec(path);
  if (channel) return channelRoute(emu, out, method, channel[1] ?? '', body);
  const hooks = /^\/channels\/(\d+)\/webhooks$/u.exec(path);
  if (hooks) return channelWebhooksRoute(emu, out, method, hooks[1] ?? '', body);
  const hookById = /^\/webhooks\/(\d+)$/u.exec(path);
  if (hookById) return webhookByIdRoute(emu, out, method, hookById[1] ?? '');
  const threads = /^\/channels\/(\d+)\/threads$/u.exec(path);
  if (threads && method === 'POST') return forumThreadRoute(emu, out, threads[1] ?? '', body);
  return out.error(404, 0, '404: Not Found');
}

function respondWithMessage(emu: DiscordEmulator, out: Responder, message: EmulatedMessage): void {
  out.json(200, wireMessage(message, emu.bot, emu.applicationId, emu.guildOfChannel(message.channelId)?.id ?? null));
}

/**
 * Whether the bot may use this channel: 10003 when it does not exist; in a server, 50001
 * without View Channel and (to post) 50013 without Send Messages, from the server's
 * roles and overwrites; in a DM, 50007 when the member does not accept the bot's DMs.
 */
function channelRefusal(
  emu: DiscordEmulator,
  channelId: string,
  posting: boolean,
): { status: number; code: number; message: string } | null {
  const guild = emu.guildOfChannel(channelId);
  const channel = guild?.channels.find((c) => c.id === channelId);
  if (guild && channel) {
    const refusal = sendRefusal(guild, channel, emu.botMember(guild));
    if (refusal && (posting || refusal.code === 50001)) return { status: 403, ...refusal };
    return null;
  }
  const recipient = emu.dmRecipient(channelId);
  if (recipient === undefined) return { status: 404, code: 10003, message: 'Unknown Channel' };
  if (posting && emu.dmsClosed(recipient))
    return { status: 403, code: 50007, message: 'Cannot send messages to this user' };
  return null;
}

function channelMessagesRoute(
  emu: DiscordEmulator,
  out: Responder,
  method: string,
  channelId: string,
  messageId: string | null,
  body: unknown,
): void {
  const posting = messageId === null && method === 'POST';
  const refusal = channelRefusal(emu, channelId, posting);
  // A forum or media channel takes posts (POST /channels/{id}/threads), never a message: 50008 once it is visible.
  const where = emu.findChannel(channelId)?.channel;
  if (posting && where && isThreadOnly(where) && refusal?.code !== 50001)
    return out.error(400, 50008, 'Cannot send messages in a non-text channel');
  if (refusal) return out.error(refusal.status, refusal.code, refusal.message);
  const fields = isRecord(body) ? { ...body } : {};
  if (posting) {
    // Only SUPPRESS_EMBEDS and SUPPRESS_NOTIFICATIONS may be set (messages.ts: CHANNEL_MESSAGE_FLAGS).
    const invalid = messageRefusal(fields, { creating: true });
    if (invalid) return out.refuse(invalid);
    // Without Embed Links the embeds are dropped; a message that was nothing but embeds is refused.
    if (asList(fields.embeds).length > 0 && !emu.botMay(channelId, PERMISSIONS.embedLinks)) {
      if (asText(fields.content) === '' && asList(fields.components).length === 0)
        return out.error(403, 50013, 'Missing Permissions');
      fields.embeds = [];
    }
    const nonce = typeof fields.nonce === 'string' ? fields.nonce : null;
    if (nonce !== null && fields.enforce_nonce === true) {
      const earlier = [...emu.messages.values()].find(
        (m) => m.channelId === channelId && m.nonce === nonce && emu.now() - m.createdAt < NONCE_WINDOW_MS,
      );
      if (earlier) return respondWithMessage(emu, out, earlier);
    }
    const message = emu.createMessage(channelId, { nonce });
    applyBody(message, fields);
    return respondWithMessage(emu, out, message);
  }
  const message = messageId === null ? undefined : emu.messages.get(messageId);
  if (!message || message.channelId !== channelId) return out.error(404, 10008, 'Unknown Message');
  if (method === 'GET') return respondWithMessage(emu, out, message);
  if (method === 'DELETE') {
    // The bot may always delete its own messages; a webhook's takes Manage Messages.
    if (message.webhook && !emu.botMay(channelId, PERMISSIONS.manageMessages))
      return out.error(403, 50013, 'Missing Permissions');
    emu.messages.delete(message.id);
    return out.noContent();
  }
  if (method === 'PATCH') {
    // Only a message's author edits it: a webhook's message through the webhook (webhooks.ts).
    if (message.webhook) return out.error(403, 50005, 'Cannot edit a message authored by another user');
    const invalid = messageRefusal(fields, { creating: false, flagsBefore: message.flags });
    if (invalid) return out.refuse(invalid);
    applyBody(message, fields);
    message.edits++;
    return respondWithMessage(emu, out, message);
  }
  return out.error(405, 0, '405: Method Not Allowed');
}

function commandsRoute(
  emu: DiscordEmulator,
  out: Responder,
  method: string,
  applicationId: string,
  guildId: string | null,
  body: unknown,
): void {
  if (applicationId !== emu.applicationId) return out.error(403, 50001, 'Missing Access');
  if (guildId !== null && !emu.guilds.some((g) => g.id === guildId)) return out.error(403, 50001, 'Missing Access');
  const stored = guildId === null ? emu.globalCommands : (emu.guildCommands.get(guildId) ?? []);
  // A guild command has no installation contexts: Discord keeps contexts and integration_types for global ones only.
  const scoped = (command: Json): Json => {
    if (guildId === null) return command;
    const { contexts: _contexts, integration_types: _types, ...rest } = command;
    return rest;
  };
  if (method === 'GET') return out.json(200, stored);
  if (method !== 'PUT') return out.error(405, 0, '405: Method Not Allowed');
  if (!Array.isArray(body)) return out.error(400, 50035, 'Invalid Form Body', 'expected an array of commands');
  const problems: string[] = [];
  const next = body.map((raw, i): Json => {
    const command = isRecord(raw) ? raw : {};
    const name = asText(command.name);
    problems.push(...commandDefinitionProblems(command).map((p) => `${i}: ${p}`));
    const previous = stored.find((c) => c.name === name);
    return scoped({
      ...command,
      id: typeof previous?.id === 'string' ? previous.id : emu.nextId(),
      application_id: emu.applicationId,
      version: emu.nextId(),
      type: typeof command.type === 'number' ? command.type : 1,
      default_member_permissions: command.default_member_permissions ?? null,
      nsfw: command.nsfw === true,
      integration_types: command.integration_types ?? [0],
      contexts: command.contexts ?? null,
      ...(guildId === null ? {} : { guild_id: guildId }),
    });
  });
  if (new Set(next.map((c) => c.name)).size !== next.length) problems.push('command names must be unique');
  if (problems.length > 0) return out.error(400, 50035, 'Invalid Form Body', problems);
  if (guildId === null) emu.globalCommands.splice(0, emu.globalCommands.length, ...next);
  else emu.guildCommands.set(guildId, next);
  return out.json(200, next);
}

function interactionCallback(
  emu: DiscordEmulator,
  out: Responder,
  id: string,
  token: string,
  body: unknown,
  withResponse: boolean,
): void {
  const record = emu.interactions.get(id);
  if (!record || record.token !== token) return out.error(404, 10062, 'Unknown interaction');
  if (record.callbacks.length > 0) return out.error(400, 40060, 'Interaction has already been acknowledged.');
  // The initial response must come within 3 s; after that the interaction (and its token) is gone.
  const late = emu.now() - record.createdAt - emu.interactionDeadlineMs;
  if (late > 0) {
    record.refuse(`the bot answered interaction ${record.id} ${late} ms after Discord's deadline: 10062`);
    return out.error(404, 10062, 'Unknown interaction');
  }
  const callback = isRecord(body) ? body : {};
  const data = isRecord(callback.data) ? callback.data : {};
  const type = callback.type;
  // A reply may be EPHEMERAL; an update edits the message the component sits on; a deferral sets only flags.
  const source = record.sourceMessageId === null ? undefined : emu.messages.get(record.sourceMessageId);
  const invalid =
    type === 4
      ? messageRefusal(data, { creating: true, settableFlags: INTERACTION_MESSAGE_FLAGS })
      : type === 7
        ? messageRefusal(data, { creating: false, flagsBefore: source?.flags ?? 0 })
        : type === 5
          ? formRefusal(flagProblems(data, { creating: true, settableFlags: INTERACTION_MESSAGE_FLAGS }))
          : null;
  if (invalid) return out.refuse(invalid);
  record.callbacks.push(callback);
  switch (type) {
    case 4: {
      const message = emu.createMessage(record.channelId, { interactionId: record.id });
      applyBody(message, data);
      record.originalMessageId = message.id;
      record.settle({ kind: 'message', message, deferred: false });
      break;
    }
    case 5: {
      const message = emu.createMessage(record.channelId, {
        interactionId: record.id,
        flags: typeof data.flags === 'number' ? data.flags : 0,
      });
      record.originalMessageId = message.id;
      record.deferredType = 5;
      break;
    }
    case 6:
      record.deferredType = 6;
      break;
    case 7: {
      const message = source;
      if (!message) return out.error(400, 50035, 'Invalid Form Body', 'UPDATE_MESSAGE needs a component interaction');
      applyBody(message, data);
      message.edits++;
      record.settle({ kind: 'update', message, deferred: false });
      break;
    }
    case 8:
      record.settle({
        kind: 'autocomplete',
        choices: asList(data.choices)
          .filter(isRecord)
          .map((c) => ({ name: asText(c.name), value: asText(c.value) })),
      });
      break;
    case 9:
      record.settle({ kind: 'modal', modal: data });
      break;
    default:
      return out.error(400, 50035, 'Invalid Form Body', `unknown callback type ${String(type)}`);
  }
  if (withResponse) return out.json(200, { interaction: { id: record.id, type: 2 }, resource: { type } });
  return out.noContent();
}

function webhookRoute(
  emu: DiscordEmulator,
  out: Responder,
  method: string,
  applicationId: string,
  token: string,
  messageRef: string | null,
  body: unknown,
): void {
  const record = emu.interactionByToken(token);
  if (applicationId !== emu.applicationId || !record) return out.error(404, 10015, 'Unknown Webhook');
  // The token works for 15 minutes, and only once the interaction was answered in time.
  if (emu.now() - record.createdAt > emu.interactionTokenTtlMs) return out.error(401, 50027, 'Invalid Webhook Token');
  if (record.callbacks.length === 0) return out.error(404, 10015, 'Unknown Webhook');
  const fields = isRecord(body) ? body : {};
  if (messageRef === null) {
    if (method !== 'POST') return out.error(405, 0, '405: Method Not Allowed');
    return followUp(emu, out, record, fields);
  }
  const messageId = messageRef === '@original' ? record.originalMessageId : messageRef;
  const message = messageId === null ? undefined : emu.messages.get(messageId);
  if (!message) return out.error(404, 10008, 'Unknown Message');
  return webhookMessageMethod(
    emu,
    out,
    method,
    message,
    fields,
    (m) => respondWithMessage(emu, out, m),
    () => {
      if (messageRef === '@original' && record.deferredType === 5)
        record.settle({ kind: 'message', message, deferred: true });
      if (messageRef === '@original' && record.deferredType === 6)
        record.settle({ kind: 'update', message, deferred: true });
    },
  );
}

function followUp(emu: DiscordEmulator, out: Responder, record: InteractionRecord, fields: Json): void {
  const invalid = messageRefusal(fields, { creating: true, settableFlags: INTERACTION_MESSAGE_FLAGS });
  if (invalid) return out.refuse(invalid);
  const message = emu.createMessage(record.channelId, { interactionId: record.id });
  applyBody(message, fields);
  record.followUps.push(message.id);
  if (record.deferredType !== null) record.settle({ kind: 'message', message, deferred: true });
  return respondWithMessage(emu, out, message);
}
