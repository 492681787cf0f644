import { randomBytes } from 'node:crypto';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import {
  BOT_PERMISSIONS,
  BOT_USER_ID,
  channelObjectIn,
  defaultGuild,
  guildChannelObject,
  isThreadOnly,
  memberObject,
  NEWS_CHANNEL_ID,
  roleObject,
  userObject,
  type Actor,
  type ChannelFixture,
  type GuildFixture,
  type OverwriteFixture,
} from './fixtures.ts';
import { EmulatedGateway } from './gateway.ts';
import { commandData } from './interaction-payloads.ts';
import { applyBody, buttonsOf, wireMessage, type EmulatedMessage, type Json, type WebhookAuthor } from './messages.ts';
import { channelPermissions, has, overwriteSource, type MemberIdentity } from './permissions.ts';
import { DISCORD_RATE_LIMITS, RateLimits, type RateLimitRules } from './rate-limits.ts';
import { handleRestRequest } from './rest.ts';
import type { EmulatedWebhook } from './webhooks.ts';

/**
 * A local Discord for end-to-end tests: REST (`/api/v10/...`) and the gateway on one
 * port of 127.0.0.1, enough for the real discord.js Client and @discordjs/rest. Tests
 * inject interactions as a member would make them and read what the bot sent. It
 * enforces what Discord enforces, from its state: rate limits (rate-limits.ts), the
 * bot's permissions in each channel from roles and overwrites (permissions.ts; change
 * them with `setOverwrite`, `setRolePermissions`), DMs a member closed (`closeDms`),
 * deleted channels (`deleteChannel`), the 3-second deadline for answering an
 * interaction and the 15-minute life of its token. Faults the state cannot express
 * (a 5xx, a scripted 429) can be scripted per route (`failNext`, with `discordErrors`).
 * What is emulated:
 * - gateway (gateway.ts): HELLO, IDENTIFY → READY + GUILD_CREATE, heartbeat ACK,
 *   RESUME → RESUMED, RECONNECT on request, GUILD_DELETE and INTERACTION_CREATE, each
 *   server's events only to the shard that owns it (DMs to shard 0);
 * - REST (rest.ts): GET /gateway/bot, interaction callbacks (204, no content type),
 *   @original edits, follow-ups, channel messages (posted with Discord's size, URL and
 *   flag checks, refused with 50035 and Discord's nested errors, enforced nonces and the
 *   bot's permissions; read, edited, deleted), DM channels,
 *   command registration (GET/PUT, global and guild, checked against Discord's
 *   definition rules: command-rules.ts; guild commands keep no contexts or
 *   integration_types), channels (GET, PATCH) and forum posts (POST
 *   /channels/{forum}/threads: channel-routes.ts, forums.ts; read them with
 *   `forumPosts`, arrange them with `setForumTags`, `setForumFlags`);
 * - every request is logged in `requests`; every 429 in `rateLimits.refusals`.
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
  /** Discord's rate limits (DISCORD_RATE_LIMITS), or others for a test that needs them shorter. */
  rateLimits?: Partial<RateLimitRules>;
  /** How long Discord waits for an interaction's initial response: 3 s. */
  interactionDeadlineMs?: number;
  /** How long an interaction token works for follow-ups and edits: 15 minutes. */
  interactionTokenTtlMs?: number;
}

/** Discord's deadline for an interaction's initial response. */
export const INTERACTION_DEADLINE_MS = 3_000;
/** How long an interaction token works. */
export const INTERACTION_TOKEN_TTL_MS = 15 * 60_000;
/** Discord bans (temporarily) after this many 401, 403 and 429 answers in ten minutes. */
export const INVALID_REQUEST_LIMIT = 10_000;

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
  /** When it arrived, on the emulator's clock (ms). */
  at: number;
}

export interface ScriptedResponse {
  status: number;
  body: unknown;
  headers?: Record<string, string>;
}

/** Where an interaction happens: a channel of a server, or the member's DM with the bot. */
export type Where = { channel: string } | 'dm';

/** A post the bot made in a forum or media channel: its thread and, as stored, its starter message. */
export interface ForumPost {
  thread: { id: string; name: string; appliedTags: string[] };
  starter: EmulatedMessage;
}

/** What a new post is made of, once Discord has checked it (channel-routes.ts). */
export interface NewForumPost {
  name: string;
  autoArchiveDuration: number;
  rateLimitPerUser: number;
  appliedTags: string[];
  /** The starter message's body: content, embeds, components, allowed_mentions, flags. */
  message: Json;
  /** Who owns the post: the bot (default), or the webhook that executed it. */
  ownerId?: string;
  /** A post a webhook executed: the starter is the webhook's message. */
  webhook?: WebhookAuthor;
}

/** How the bot answered an interaction. */
export type Answer =
  | { kind: 'message'; message: EmulatedMessage; deferred: boolean }
  | { kind: 'update'; message: EmulatedMessage; deferred: boolean }
  | { kind: 'autocomplete'; choices: { name: string; value: string }[] }
  | { kind: 'modal'; modal: Json };

export class InteractionRecord {
  readonly callbacks: Json[] = [];
  /** When Discord sent it (the emulator's clock): the deadline and the token's life count from here. */
  readonly createdAt: number;
  /** The message `@original` refers to: the reply, or (for a component) the message it sits on. */
  originalMessageId: string | null;
  /** 5 or 6 after a deferral: the next edit or follow-up is the answer. */
  deferredType: number | null = null;
  readonly followUps: string[] = [];
  readonly answer: Promise<Answer>;
  private resolve: (answer: Answer) => void = () => {};
  private reject: (err: Error) => void = () => {};
  private settled = false;

  constructor(
    readonly id: string,
    readonly token: string,
    readonly channelId: string,
    readonly guildId: string | null,
    readonly sourceMessageId: string | null,
    createdAt: number,
  ) {
    this.originalMessageId = sourceMessageId;
    this.createdAt = createdAt;
    this.answer = new Promise((resolve, reject) => {
      this.resolve = resolve;
      this.reject = reject;
    });
    // A test that expects the refusal may not wait for the answer.
    this.answer.catch(() => undefined);
  }

  settle(answer: Answer): void {
    if (this.settled) return;
    this.settled = true;
    this.resolve(answer);
  }

  /** Discord refused the bot's answer (too late): whoever waits for it learns why. */
  refuse(reason: string): void {
    if (this.settled) return;
    this.settled = true;
    this.reject(new Error(reason));
  }

  get answered(): boolean {
    return this.callbacks.length > 0;
  }
}

/**
 * Faults the emulator's state cannot express, to script with `failNext`. Everything
 * else comes from the state: 50001 and 50013 from permissions (`setOverwrite`), 50007
 * from `closeDms`, 10003 from `deleteChannel`, 429s from the rate limits.
 */
export const discordErrors = {
  /** A 429 with any wait, e.g. from a limit Discord keeps and does not announce (scope "shared"). */
  rateLimited: (seconds: number, global = false): ScriptedResponse => ({
    status: 429,
    body: { message: 'You are being rate limited.', retry_after: seconds, global },
    headers: {
      'Retry-After': String(Math.ceil(seconds)),
      'X-RateLimit-Scope': global ? 'global' : 'shared',
      ...(global ? { 'X-RateLimit-Global': 'true' } : {}),
    },
  }),
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
  /** Channel webhooks, by id (webhooks.ts). */
  readonly webhooks = new Map<string, EmulatedWebhook>();
  /** user id → DM channel id. */
  readonly dmChannels = new Map<string, string>();
  readonly globalCommands: Json[] = [];
  readonly guildCommands = new Map<string, Json[]>();
  readonly interactions = new Map<string, InteractionRecord>();
  readonly gateway: EmulatedGateway;
  readonly recommendedShards: number;
  readonly rateLimits: RateLimits;
  readonly interactionDeadlineMs: number;
  readonly interactionTokenTtlMs: number;
  /** When each 401, 403 and 429 was answered (Discord counts them toward a temporary ban). */
  readonly invalidRequests: number[] = [];
  /** Members who do not accept DMs from the bot (privacy settings, or no server shared). */
  private readonly closedDms = new Set<string>();
  private skewMs = 0;
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
    this.rateLimits = new RateLimits({ ...DISCORD_RATE_LIMITS, ...options.rateLimits }, () => this.now());
    this.interactionDeadlineMs = options.interactionDeadlineMs ?? INTERACTION_DEADLINE_MS;
    this.interactionTokenTtlMs = options.interactionTokenTtlMs ?? INTERACTION_TOKEN_TTL_MS;
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

  // --- time ---------------------------------------------------------------------------

  /** Discord's clock (ms since the epoch): real time, plus whatever `advanceTime` added. */
  now(): number {
    return Date.now() + this.skewMs;
  }

  /** Moves Discord's clock forward: rate-limit windows, interaction deadlines and tokens see the time pass. */
  advanceTime(ms: number): void {
    this.skewMs += ms;
  }

  /** Called for every answer: 401, 403 and 429 (but a 429 of a shared limit) count as invalid requests. */
  recordAnswer(status: number, headers: Record<string, string>): void {
    if (status === 401 || status === 403 || (status === 429 && headers['X-RateLimit-Scope'] !== 'shared'))
      this.invalidRequests.push(this.now());
  }

  /** Invalid requests in the last ten minutes: Discord bans an application for a while at INVALID_REQUEST_LIMIT. */
  invalidRequestsLately(): number {
    const since = this.now() - 10 * 60_000;
    return this.invalidRequests.filter((at) => at > since).length;
  }

  // --- the bot's permissions ---------------------------------------------------------

  /** The bot as a member of a server: its user id and roles there. */
  botMember(guild: GuildFixture): MemberIdentity {
    return { userId: this.bot.id, roleIds: guild.botRoleIds ?? [] };
  }

  /** A server's channel (or thread) and its server, or undefined (a DM, an unknown or deleted channel). */
  findChannel(channelId: string): { guild: GuildFixture; channel: ChannelFixture } | undefined {
    const guild = this.guildOfChannel(channelId);
    const channel = guild?.channels.find((c) => c.id === channelId);
    return guild && channel ? { guild, channel } : undefined;
  }

  private channel(channelId: string): { guild: GuildFixture; channel: ChannelFixture } {
    const found = this.findChannel(channelId);
    if (!found) throw new Error(`no server has channel ${channelId}`);
    return found;
  }

  /** What the bot may do in a server's channel, computed from roles and overwrites as Discord does. */
  botPermissionsIn(channelId: string): bigint {
    const { guild, channel } = this.channel(channelId);
    return channelPermissions(guild, channel, this.botMember(guild));
  }

  /** Whether the bot has a permission in a channel (in a DM, always). */
  botMay(channelId: string, flag: bigint): boolean {
    if (this.guildOfChannel(channelId) === undefined) return true;
    return has(this.botPermissionsIn(channelId), flag);
  }

  /**
   * Sets a permission overwrite on a channel (a thread's go to its parent, as threads
   * have none of their own), replacing the one for the same role or member, and tells
   * the gateway (CHANNEL_UPDATE), as a moderator's change in Discord would.
   */
  setOverwrite(channelId: string, overwrite: OverwriteFixture): void {
    const { guild, channel } = this.channel(channelId);
    const target = overwriteSource(guild, channel);
    target.overwrites = [...(target.overwrites ?? []).filter((o) => o.id !== overwrite.id), overwrite];
    this.gateway.dispatch('CHANNEL_UPDATE', guildChannelObject(guild.id, target), guild.id);
  }

  /** Removes a channel's overwrite for a role or member. */
  removeOverwrite(channelId: string, id: string): void {
    const { guild, channel } = this.channel(channelId);
    const target = overwriteSource(guild, channel);
    target.overwrites = (target.overwrites ?? []).filter((o) => o.id !== id);
    this.gateway.dispatch('CHANNEL_UPDATE', guildChannelObject(guild.id, target), guild.id);
  }

  /** Changes a role's permissions (GUILD_ROLE_UPDATE). */
  setRolePermissions(roleId: string, permissions: bigint): void {
    const guild = this.guilds.find((g) => g.roles.some((r) => r.id === roleId));
    const role = guild?.roles.find((r) => r.id === roleId);
    if (!guild || !role) throw new Error(`no server has role ${roleId}`);
    role.permissions = permissions;
    this.gateway.dispatch('GUILD_ROLE_UPDATE', { guild_id: guild.id, role: roleObject(role) }, guild.id);
  }

  /** A channel is deleted (CHANNEL_DELETE): sending to it answers 10003 Unknown Channel. */
  deleteChannel(channelId: string): void {
    const { guild, channel } = this.channel(channelId);
    guild.channels.splice(guild.channels.indexOf(channel), 1);
    this.gateway.dispatch('CHANNEL_DELETE', guildChannelObject(guild.id, channel), guild.id);
  }

  /**
   * The bot deletes a channel or a thread (DELETE /channels/{id}, checked by
   * channel-routes.ts): it goes with its messages; THREAD_DELETE or CHANNEL_DELETE. Returns
   * the channel object as it was.
   */
  removeChannel(channelId: string): unknown {
    const { guild, channel } = this.channel(channelId);
    const object =
      channel.type === 'thread' ? this.threadObject(guild, channel) : guildChannelObject(guild.id, channel);
    guild.channels.splice(guild.channels.indexOf(channel), 1);
    for (const [id, message] of this.messages) if (message.channelId === channelId) this.messages.delete(id);
    this.gateway.dispatch(channel.type === 'thread' ? 'THREAD_DELETE' : 'CHANNEL_DELETE', object, guild.id);
    return object;
  }

  // --- forum and media channels ---------------------------------------------------------

  private forum(forumId: string): { guild: GuildFixture; channel: ChannelFixture } {
    const found = this.channel(forumId);
    if (!isThreadOnly(found.channel))
      throw new Error(`#${found.channel.name} (${forumId}) is no forum or media channel`);
    return found;
  }

  /** A forum's (or media channel's) tags, as they are now. */
  forumTags(forumId: string): { id: string; name: string }[] {
    return (this.forum(forumId).channel.availableTags ?? []).map((t) => ({ id: t.id, name: t.name }));
  }

  /**
   * A moderator sets a forum's tags (CHANNEL_UPDATE): a name the forum already has keeps
   * its tag's id, a new name gets a new id.
   */
  setForumTags(forumId: string, names: string[]): void {
    const { guild, channel } = this.forum(forumId);
    const current = channel.availableTags ?? [];
    channel.availableTags = names.map((name) => current.find((t) => t.name === name) ?? { id: this.nextId(), name });
    this.gateway.dispatch('CHANNEL_UPDATE', channelObjectIn(guild, channel), guild.id);
  }

  /** A moderator sets a forum's channel flags, e.g. CHANNEL_FLAGS.requireTag (CHANNEL_UPDATE). */
  setForumFlags(forumId: string, flags: number): void {
    const { guild, channel } = this.forum(forumId);
    channel.flags = flags;
    this.gateway.dispatch('CHANNEL_UPDATE', channelObjectIn(guild, channel), guild.id);
  }

  /**
   * The posts made in a forum or media channel, oldest first. A post whose starter
   * message was deleted is left out.
   */
  forumPosts(forumId: string): ForumPost[] {
    const { guild } = this.forum(forumId);
    return guild.channels
      .filter((c) => c.type === 'thread' && c.parentId === forumId)
      .flatMap((thread) => {
        const starter = this.messages.get(thread.id);
        if (!starter) return [];
        return [
          { thread: { id: thread.id, name: thread.name, appliedTags: [...(thread.appliedTags ?? [])] }, starter },
        ];
      });
  }

  /**
   * The bot opens a post (checked by channel-routes.ts): a public thread of the forum,
   * owned by the bot, and its starter message, whose id is the thread's. THREAD_CREATE
   * follows, as in Discord.
   */
  createForumPost(forumId: string, post: NewForumPost): { thread: ChannelFixture; starter: EmulatedMessage } {
    const { guild, channel: forum } = this.forum(forumId);
    const id = this.nextId();
    const thread: ChannelFixture = {
      id,
      name: post.name,
      type: 'thread',
      parentId: forumId,
      ownerId: post.ownerId ?? this.bot.id,
      createdAt: new Date(this.now()).toISOString(),
      autoArchiveDuration: post.autoArchiveDuration,
      rateLimitPerUser: post.rateLimitPerUser,
      appliedTags: post.appliedTags,
      lastMessageId: id,
    };
    guild.channels.push(thread);
    forum.lastMessageId = id;
    const starter = this.createMessage(id, { id, ...(post.webhook ? { webhook: post.webhook } : {}) });
    applyBody(starter, post.message);
    this.gateway.dispatch('THREAD_CREATE', { ...this.threadObject(guild, thread), newly_created: true }, guild.id);
    return { thread, starter };
  }

  /** A thread as Discord returns it to the bot: with its thread member when the bot has joined (its own posts). */
  threadObject(guild: GuildFixture, thread: ChannelFixture) {
    return {
      ...guildChannelObject(guild.id, thread),
      ...(thread.ownerId === this.bot.id
        ? {
            member: {
              id: thread.id,
              user_id: this.bot.id,
              join_timestamp: thread.createdAt ?? new Date(this.now()).toISOString(),
              flags: 0,
            },
          }
        : {}),
    };
  }

  // --- direct messages ----------------------------------------------------------------

  /** A member turns off DMs from server members: the bot's DMs answer 50007. */
  closeDms(userId: string): void {
    this.closedDms.add(userId);
  }

  openDms(userId: string): void {
    this.closedDms.delete(userId);
  }

  dmsClosed(userId: string): boolean {
    return this.closedDms.has(userId);
  }

  /** The member a DM channel is with, or undefined when it is no DM channel. */
  dmRecipient(channelId: string): string | undefined {
    for (const [user, channel] of this.dmChannels) if (channel === channelId) return user;
    return undefined;
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

  /** Messages the bot posted in a channel over REST (deliveries), oldest first; in a forum post, its starter message first. */
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
      (guild) => commandData(this.commandsFor(guild?.id), { name, values }, guild ?? null, who),
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
      (guild) => commandData(this.commandsFor(guild?.id), { name, values, focused }, guild ?? null, who),
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
    const createdAt = this.now();
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
      locale: who.locale ?? 'en-US',
      app_permissions: String(guild ? this.botPermissionsIn(channelId) : BOT_PERMISSIONS),
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
    const record = new InteractionRecord(id, token, channelId, guild?.id ?? null, message?.id ?? null, createdAt);
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
    // Discord gives up on an interaction nobody acknowledged within the deadline ("The application did not respond").
    const deadline = setTimeout(() => {
      if (!record.answered)
        record.refuse(`the bot did not acknowledge interaction ${id} (type ${type}) within Discord's deadline`);
    }, this.interactionDeadlineMs + 50);
    return Promise.race([record.answer, timeout]).finally(() => {
      clearTimeout(timer);
      clearTimeout(deadline);
    });
  }

  interactionByToken(token: string): InteractionRecord | undefined {
    return [...this.interactions.values()].find((r) => r.token === token);
  }

  /** Adds a channel webhook: the bot's (its application's) or, with `applicationId` null, one a member made. */
  addWebhook(channelId: string, name: string, applicationId: string | null): EmulatedWebhook {
    const hook: EmulatedWebhook = {
      id: this.nextId(),
      token: `wh-${this.nextId()}`,
      channelId,
      name,
      applicationId,
    };
    this.webhooks.set(hook.id, hook);
    return hook;
  }

  /** A moderator deletes a webhook: executing it answers 10015 from now on. */
  deleteWebhook(webhookId: string): void {
    this.webhooks.delete(webhookId);
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
      createdAt: this.now(),
      ...fields,
    };
    this.messages.set(message.id, message);
    return message;
  }
}

export const startDiscordEmulator = (options?: DiscordEmulatorOptions): Promise<DiscordEmulator> =>
  DiscordEmulator.start(options);
