import { randomBytes } from 'node:crypto';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import {
  BOT_PERMISSIONS,
  BOT_USER_ID,
  defaultGuild,
  guildChannelObject,
  memberObject,
  NEWS_CHANNEL_ID,
  userObject,
  type Actor,
  type GuildFixture,
} from './fixtures.ts';
import { EmulatedGateway } from './gateway.ts';
import { commandData } from './interaction-payloads.ts';
import { buttonsOf, wireMessage, type EmulatedMessage, type Json } from './messages.ts';
import { handleRestRequest } from './rest.ts';

/**
 * A local Discord for end-to-end tests: REST (`/api/v10/...`) and the gateway on one
 * port of 127.0.0.1, enough for the real discord.js Client and @discordjs/rest. Tests
 * inject interactions as a member would make them and read what the bot sent; errors
 * can be scripted per route (`failNext`, with `discordErrors`). What is emulated:
 * - gateway (gateway.ts): HELLO, IDENTIFY → READY + GUILD_CREATE, heartbeat ACK,
 *   RESUME → RESUMED, RECONNECT on request, GUILD_DELETE and INTERACTION_CREATE, each
 *   server's events only to the shard that owns it (DMs to shard 0);
 * - REST (rest.ts): GET /gateway/bot, interaction callbacks (204, no content type),
 *   @original edits, follow-ups, channel messages (with Discord's size checks and
 *   enforced nonces), DM channels, command registration (GET/PUT, global and guild,
 *   checked against Discord's definition rules: command-rules.ts);
 * - every request is logged in `requests`.
 */
export interface DiscordEmulatorOptions {
  token?: string;
  applicationId?: string;
  guilds?: GuildFixture[];
  /** HELLO's heartbeat_interval; short intervals make the client heartbeat in tests. */
  heartbeatIntervalMs?: number;
  /** How long an injected interaction waits for the bot's answer. */
  answerTimeoutMs?: number;
  /** The shard count GET /gateway/bot recommends (Discord: about one per 1,000 servers). Default 1. */
  recommendedShards?: number;
}

export interface LoggedRequest {
  method: string;
  /** The route after /api/v10, percent-decoded: "/webhooks/1/tok/messages/@original". */
  path: string;
  /** As it came over the wire: "/webhooks/1/tok/messages/%40original". */
  rawPath: string;
  query: string;
  body: unknown;
  status: number;
  authorized: boolean;
}

export interface ScriptedResponse {
  status: number;
  body: unknown;
  headers?: Record<string, string>;
}

/** Where an interaction happens: a channel of a server, or the member's DM with the bot. */
export type Where = { channel: string } | 'dm';

/** How the bot answered an interaction. */
export type Answer =
  | { kind: 'message'; message: EmulatedMessage; deferred: boolean }
  | { kind: 'update'; message: EmulatedMessage; deferred: boolean }
  | { kind: 'autocomplete'; choices: { name: string; value: string }[] }
  | { kind: 'modal'; modal: Json };

export class InteractionRecord {
  readonly callbacks: Json[] = [];
  /** The message `@original` refers to: the reply, or (for a component) the message it sits on. */
  originalMessageId: string | null;
  /** 5 or 6 after a deferral: the next edit or follow-up is the answer. */
  deferredType: number | null = null;
  readonly followUps: string[] = [];
  readonly answer: Promise<Answer>;
  private resolve: (answer: Answer) => void = () => {};
  private settled = false;

  constructor(
    readonly id: string,
    readonly token: string,
    readonly channelId: string,
    readonly guildId: string | null,
    readonly sourceMessageId: string | null,
  ) {
    this.originalMessageId = sourceMessageId;
    this.answer = new Promise((resolve) => {
      this.resolve = resolve;
    });
  }

  settle(answer: Answer): void {
    if (this.settled) return;
    this.settled = true;
    this.resolve(answer);
  }
}

export const discordErrors = {
  rateLimited: (seconds: number, global = false): ScriptedResponse => ({
    status: 429,
    body: { message: 'You are being rate limited.', retry_after: seconds, global, ...(global ? {} : { code: 0 }) },
    headers: {
      'Retry-After': String(Math.ceil(seconds)),
      'X-RateLimit-Scope': global ? 'global' : 'user',
      ...(global ? { 'X-RateLimit-Global': 'true' } : {}),
    },
  }),
  cannotDm: { status: 403, body: { message: 'Cannot send messages to this user', code: 50007 } },
  missingAccess: { status: 403, body: { message: 'Missing Access', code: 50001 } },
  missingPermissions: { status: 403, body: { message: 'Missing Permissions', code: 50013 } },
  unknownChannel: { status: 404, body: { message: 'Unknown Channel', code: 10003 } },
  serverError: (status = 502): ScriptedResponse => ({
    status,
    body: `<html><body>${status} Bad Gateway</body></html>`,
    headers: { 'Content-Type': 'text/html' },
  }),
} satisfies Record<string, ScriptedResponse | ((...args: never[]) => ScriptedResponse)>;

const DISCORD_EPOCH = 1420070400000n;

export class DiscordEmulator {
  readonly token: string;
  readonly applicationId: string;
  readonly bot = { id: BOT_USER_ID, username: 'tagwire' };
  readonly guilds: GuildFixture[];
  readonly requests: LoggedRequest[] = [];
  readonly messages = new Map<string, EmulatedMessage>();
  /** user id → DM channel id. */
  readonly dmChannels = new Map<string, string>();
  readonly globalCommands: Json[] = [];
  readonly guildCommands = new Map<string, Json[]>();
  readonly interactions = new Map<string, InteractionRecord>();
  readonly gateway: EmulatedGateway;
  readonly recommendedShards: number;
  private readonly failures: {
    method: string;
    path: string | RegExp;
    remaining: number;
    response: ScriptedResponse;
  }[] = [];
  private readonly server: Server;
  private readonly answerTimeoutMs: number;
  private port = 0;
  private counter = 0n;

  private constructor(options: DiscordEmulatorOptions) {
    this.token = options.token ?? 'x';
    this.applicationId = options.applicationId ?? '123456789012';
    this.guilds = options.guilds ?? [defaultGuild()];
    this.answerTimeoutMs = options.answerTimeoutMs ?? 10_000;
    this.recommendedShards = options.recommendedShards ?? 1;
    this.gateway = new EmulatedGateway({
      token: this.token,
      applicationId: this.applicationId,
      bot: this.bot,
      guilds: () => this.guilds,
      heartbeatIntervalMs: options.heartbeatIntervalMs ?? 41_250,
      url: () => this.gatewayUrl,
    });
    this.server = createServer((req, res) => {
      void handleRestRequest(this, req, res);
    });
    this.server.on('upgrade', (req, socket, head) => this.gateway.handleUpgrade(req, socket, head));
  }

  static async start(options: DiscordEmulatorOptions = {}): Promise<DiscordEmulator> {
    const emulator = new DiscordEmulator(options);
    await new Promise<void>((resolve) => emulator.server.listen(0, '127.0.0.1', resolve));
    emulator.port = (emulator.server.address() as AddressInfo).port;
    return emulator;
  }

  /** The base to give DISCORD_API_ROOT, plus "/api". */
  get url(): string {
    return `http://127.0.0.1:${this.port}`;
  }

  get gatewayUrl(): string {
    return `ws://127.0.0.1:${this.port}`;
  }

  async close(): Promise<void> {
    await this.gateway.close();
    this.server.closeAllConnections();
    await new Promise<void>((resolve) => this.server.close(() => resolve()));
  }

  /** A fresh snowflake, increasing. */
  nextId(): string {
    this.counter++;
    return String(((BigInt(Date.now()) - DISCORD_EPOCH) << 22n) | (this.counter & 0x3fffffn));
  }

  // --- scripted errors -------------------------------------------------------------

  /** The next `times` requests matching method and path (after /api/v10) get this response. */
  failNext(match: { method: string; path: string | RegExp }, response: ScriptedResponse, times = 1): void {
    this.failures.push({ method: match.method.toUpperCase(), path: match.path, remaining: times, response });
  }

  takeFailure(method: string, path: string): ScriptedResponse | null {
    const failure = this.failures.find(
      (f) =>
        f.remaining > 0 && f.method === method && (typeof f.path === 'string' ? f.path === path : f.path.test(path)),
    );
    if (!failure) return null;
    failure.remaining--;
    return failure.response;
  }

  // --- what the bot sent ---------------------------------------------------------

  requestsTo(method: string, path: string | RegExp): LoggedRequest[] {
    return this.requests.filter(
      (r) => r.method === method && (typeof path === 'string' ? r.path === path : path.test(r.path)),
    );
  }

  /** Messages the bot posted in a channel over REST (deliveries), oldest first. */
  channelMessages(channelId: string): EmulatedMessage[] {
    return [...this.messages.values()].filter((m) => m.channelId === channelId && m.interactionId === null);
  }

  dmChannelOf(userId: string): string | undefined {
    return this.dmChannels.get(userId);
  }

  /** Messages the bot sent to a user's DM over REST. */
  dmMessages(userId: string): EmulatedMessage[] {
    const channel = this.dmChannels.get(userId);
    return channel === undefined ? [] : this.channelMessages(channel);
  }

  ensureDmChannel(userId: string): string {
    let channel = this.dmChannels.get(userId);
    if (channel === undefined) {
      channel = this.nextId();
      this.dmChannels.set(userId, channel);
    }
    return channel;
  }

  isDmChannel(channelId: string): boolean {
    return [...this.dmChannels.values()].includes(channelId);
  }

  guildOfChannel(channelId: string): GuildFixture | undefined {
    return this.guilds.find((g) => g.channels.some((c) => c.id === channelId));
  }

  registeredCommands(guildId?: string): Json[] {
    return guildId === undefined ? this.globalCommands : (this.guildCommands.get(guildId) ?? []);
  }

  // --- gateway events -------------------------------------------------------------

  /** The bot was removed from a server: GUILD_DELETE without `unavailable`. */
  guildDelete(guildId: string): void {
    const index = this.guilds.findIndex((g) => g.id === guildId);
    if (index >= 0) this.guilds.splice(index, 1);
    this.gateway.dispatch('GUILD_DELETE', { id: guildId }, guildId);
  }

  // --- interactions ---------------------------------------------------------------

  /** A slash command: `command(MEMBER, 'follow', {tag: 'Armenia'})`, `command(MOD, 'channel follow', {...})`. */
  command(
    who: Actor,
    name: string,
    values: Record<string, string> = {},
    where: Where = { channel: NEWS_CHANNEL_ID },
  ): Promise<Answer> {
    return this.interact(
      2,
      who,
      where,
      (guild) => commandData(this.commandsFor(guild?.id), { name, values }, guild ?? null),
      null,
    );
  }

  async autocomplete(
    who: Actor,
    name: string,
    values: Record<string, string>,
    focused: string,
    where: Where = { channel: NEWS_CHANNEL_ID },
  ): Promise<{ name: string; value: string }[]> {
    const answer = await this.interact(
      4,
      who,
      where,
      (guild) => commandData(this.commandsFor(guild?.id), { name, values, focused }, guild ?? null),
      null,
    );
    if (answer.kind !== 'autocomplete') throw new Error(`expected autocomplete choices, got ${answer.kind}`);
    return answer.choices;
  }

  /** Presses the button whose label matches on a message the bot sent. */
  press(who: Actor, message: EmulatedMessage, label: string | RegExp): Promise<Answer> {
    const button = buttonsOf(message).find((b) =>
      typeof label === 'string' ? b.label === label : label.test(b.label),
    );
    if (!button)
      throw new Error(
        `no button ${String(label)} on message ${message.id}: ${buttonsOf(message)
          .map((b) => b.label)
          .join(', ')}`,
      );
    const where: Where = this.isDmChannel(message.channelId) ? 'dm' : { channel: message.channelId };
    return this.interact(3, who, where, () => ({ custom_id: button.customId, component_type: 2 }), message);
  }

  /** Submits a modal the bot showed, with these values by text input custom_id. */
  submitModal(
    who: Actor,
    modal: Json,
    values: Record<string, string>,
    where: Where = { channel: NEWS_CHANNEL_ID },
  ): Promise<Answer> {
    const components = Object.entries(values).map(([customId, value], i) => ({
      type: 18,
      id: i * 2 + 1,
      component: { type: 4, id: i * 2 + 2, custom_id: customId, value },
    }));
    return this.interact(5, who, where, () => ({ custom_id: modal.custom_id, components }), null);
  }

  private commandsFor(guildId: string | undefined): Json[] {
    return [...this.globalCommands, ...(guildId === undefined ? [] : (this.guildCommands.get(guildId) ?? []))];
  }

  private interact(
    type: number,
    who: Actor,
    where: Where,
    data: (guild: GuildFixture | undefined) => Json,
    message: EmulatedMessage | null,
  ): Promise<Answer> {
    const id = this.nextId();
    const token = `aW50ZXJhY3Rpb246${randomBytes(24).toString('base64url')}`;
    const guild = where === 'dm' ? undefined : this.guildOfChannel(where.channel);
    if (where !== 'dm' && !guild) throw new Error(`no server has channel ${where.channel}`);
    if (!this.gateway.liveFor(guild?.id ?? null))
      throw new Error(`the bot has no gateway session for ${guild ? `server ${guild.id}` : 'DMs'}`);
    const channelId = where === 'dm' ? this.ensureDmChannel(who.id) : where.channel;
    const payload: Json = {
      id,
      application_id: this.applicationId,
      type,
      token,
      version: 1,
      data: data(guild),
      locale: 'en-US',
      app_permissions: String(BOT_PERMISSIONS),
      entitlements: [],
      authorizing_integration_owners: { 0: guild?.id ?? this.guilds[0]?.id ?? '0' },
      attachment_size_limit: 8_388_608,
      channel_id: channelId,
      ...(message === null ? {} : { message: wireMessage(message, this.bot, this.applicationId, guild?.id ?? null) }),
    };
    if (guild) {
      const channel = guild.channels.find((c) => c.id === channelId);
      Object.assign(payload, {
        guild_id: guild.id,
        guild_locale: 'en-US',
        context: 0,
        channel: {
          ...guildChannelObject(guild.id, channel ?? { id: channelId, name: 'unknown' }),
          permissions: String(who.permissions),
        },
        member: memberObject(who),
      });
    } else {
      Object.assign(payload, {
        context: 1,
        user: userObject(who),
        channel: { id: channelId, type: 1, last_message_id: null, flags: 0, recipients: [userObject(who)] },
      });
    }
    const record = new InteractionRecord(id, token, channelId, guild?.id ?? null, message?.id ?? null);
    this.interactions.set(id, record);
    this.gateway.dispatch('INTERACTION_CREATE', payload, guild?.id ?? null);
    let timer: ReturnType<typeof setTimeout> | undefined;
    const timeout = new Promise<never>((_, reject) => {
      timer = setTimeout(
        () =>
          reject(
            new Error(`the bot did not answer interaction ${id} (type ${type}) within ${this.answerTimeoutMs} ms`),
          ),
        this.answerTimeoutMs,
      );
    });
    return Promise.race([record.answer, timeout]).finally(() => clearTimeout(timer));
  }

  interactionByToken(token: string): InteractionRecord | undefined {
    return [...this.interactions.values()].find((r) => r.token === token);
  }

  /** Stores a new message from the bot. */
  createMessage(channelId: string, fields: Partial<EmulatedMessage> = {}): EmulatedMessage {
    const message: EmulatedMessage = {
      id: this.nextId(),
      channelId,
      flags: 0,
      content: '',
      embeds: [],
      components: [],
      allowedMentions: null,
      nonce: null,
      edits: 0,
      interactionId: null,
      createdAt: Date.now(),
      ...fields,
    };
    this.messages.set(message.id, message);
    return message;
  }
}

export const startDiscordEmulator = (options?: DiscordEmulatorOptions): Promise<DiscordEmulator> =>
  DiscordEmulator.start(options);
