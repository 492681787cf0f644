import { randomBytes } from 'node:crypto';
import type { IncomingMessage } from 'node:http';
import type { Duplex } from 'node:stream';
import { WebSocket, WebSocketServer, type RawData } from 'ws';
import { guildCreateObject, userObject, type GuildFixture } from './fixtures.ts';
import { isRecord } from './messages.ts';

/**
 * The gateway side of the emulator, as @discordjs/ws speaks it (JSON encoding, no
 * compression): HELLO, IDENTIFY → READY + one GUILD_CREATE per server, heartbeats
 * acked, RESUME → RESUMED (after a RECONNECT request or a dropped socket), and
 * dispatches the tests inject (INTERACTION_CREATE, GUILD_DELETE).
 *
 * Sharding as Discord does it: IDENTIFY's `shard: [id, count]` makes the session one
 * shard of `count`; it is READY with, and receives the events of, only the servers it
 * owns, shard_id = (guild_id >> 22) % count; DMs go to shard 0. An id not below the
 * count closes the connection with 4010 (Invalid shard). No `shard` means [0, 1].
 */
export interface GatewayOptions {
  token: string;
  applicationId: string;
  bot: { id: string; username: string };
  guilds: () => readonly GuildFixture[];
  heartbeatIntervalMs: number;
  /** ws:// URL of this gateway, for READY's resume_gateway_url. */
  url: () => string;
}

/** [shard id, shard count], as in IDENTIFY and READY. */
export type ShardPair = [number, number];

interface Session {
  id: string;
  seq: number;
  socket: WebSocket | null;
  shard: ShardPair;
}

/** The shard that owns a server among `count`, by Discord's formula; DMs (no server) belong to shard 0. */
export function shardOf(guildId: string | null, count: number): number {
  if (guildId === null) return 0;
  return Number((BigInt(guildId) >> 22n) % BigInt(count));
}

/** A dispatch as it was sent to one session. */
export interface SentDispatch {
  type: string;
  shard: ShardPair;
  guildId: string | null;
}

export const OP = {
  dispatch: 0,
  heartbeat: 1,
  identify: 2,
  resume: 6,
  reconnect: 7,
  invalidSession: 9,
  hello: 10,
  heartbeatAck: 11,
} as const;

export class EmulatedGateway {
  readonly identifies: { token: string; intents: number; shard: unknown }[] = [];
  /** Every dispatch sent, to which shard; READY and GUILD_CREATE included. */
  readonly dispatched: SentDispatch[] = [];
  /** Session ids resumed, in order. */
  readonly resumes: string[] = [];
  heartbeats = 0;
  /** Opened connections, including reconnects. */
  connections = 0;
  private readonly wss = new WebSocketServer({ noServer: true });
  private readonly sessions = new Map<string, Session>();

  constructor(private readonly options: GatewayOptions) {
    this.wss.on('connection', (socket) => this.onConnection(socket));
  }

  handleUpgrade(request: IncomingMessage, socket: Duplex, head: Buffer): void {
    this.wss.handleUpgrade(request, socket, head, (ws) => this.wss.emit('connection', ws, request));
  }

  /**
   * Sends an event about a server (or, with null, a DM) to every live session of the
   * shard that owns it, each with its own sequence. Returns how many sessions got it.
   */
  dispatch(type: string, data: unknown, guildId: string | null): number {
    let sent = 0;
    for (const session of this.sessions.values()) {
      if (session.socket?.readyState !== WebSocket.OPEN || !owns(session, guildId)) continue;
      this.sendDispatch(session, type, data, guildId);
      sent++;
    }
    return sent;
  }

  /** Whether a session is live (identified or resumed, socket open): dispatches will arrive. */
  get live(): boolean {
    return [...this.sessions.values()].some((s) => s.socket?.readyState === WebSocket.OPEN);
  }

  /** Whether the shard that owns this server (null: DMs) has a live session. */
  liveFor(guildId: string | null): boolean {
    return [...this.sessions.values()].some((s) => s.socket?.readyState === WebSocket.OPEN && owns(s, guildId));
  }

  /** The shards of the live sessions, in the order they identified. */
  get liveShards(): ShardPair[] {
    return [...this.sessions.values()].filter((s) => s.socket?.readyState === WebSocket.OPEN).map((s) => s.shard);
  }

  /** Asks every client to reconnect and resume (op 7), as Discord does before moving a session. */
  requestReconnect(): void {
    for (const session of this.sessions.values())
      if (session.socket) this.send(session.socket, { op: OP.reconnect, d: null });
  }

  async close(): Promise<void> {
    for (const client of this.wss.clients) client.terminate();
    await new Promise<void>((resolve) => this.wss.close(() => resolve()));
  }

  private send(socket: WebSocket, payload: unknown): void {
    if (socket.readyState === WebSocket.OPEN) socket.send(JSON.stringify(payload));
  }

  private sendDispatch(session: Session, type: string, data: unknown, guildId: string | null): void {
    if (!session.socket) return;
    this.dispatched.push({ type, shard: session.shard, guildId });
    this.send(session.socket, { op: OP.dispatch, t: type, s: ++session.seq, d: data });
  }

  private onConnection(socket: WebSocket): void {
    this.connections++;
    let session: Session | null = null;
    this.send(socket, { op: OP.hello, d: { heartbeat_interval: this.options.heartbeatIntervalMs } });
    socket.on('message', (raw: RawData) => {
      let payload: unknown;
      try {
        payload = JSON.parse(String(raw));
      } catch {
        socket.close(4002, 'Error while decoding payload.');
        return;
      }
      if (!isRecord(payload)) return;
      const d = isRecord(payload.d) ? payload.d : {};
      switch (payload.op) {
        case OP.heartbeat:
          this.heartbeats++;
          this.send(socket, { op: OP.heartbeatAck });
          break;
        case OP.identify:
          session = this.identify(socket, d);
          break;
        case OP.resume:
          session = this.resume(socket, d);
          break;
        default:
          break;
      }
    });
    socket.on('close', () => {
      if (session && session.socket === socket) session.socket = null;
    });
  }

  private identify(socket: WebSocket, d: Record<string, unknown>): Session | null {
    const token = typeof d.token === 'string' ? d.token.replace(/^Bot /u, '') : '';
    this.identifies.push({ token, intents: typeof d.intents === 'number' ? d.intents : -1, shard: d.shard });
    if (token !== this.options.token) {
      socket.close(4004, 'Authentication failed.');
      return null;
    }
    const shard = shardPair(d.shard);
    if (shard === null) {
      socket.close(4010, 'Invalid shard.');
      return null;
    }
    const session: Session = { id: randomBytes(16).toString('hex'), seq: 0, socket, shard };
    this.sessions.set(session.id, session);
    const guilds = this.options.guilds().filter((g) => owns(session, g.id));
    this.sendDispatch(
      session,
      'READY',
      {
        v: 10,
        user: userObject(this.options.bot, true),
        guilds: guilds.map((g) => ({ id: g.id, unavailable: true })),
        session_id: session.id,
        resume_gateway_url: this.options.url(),
        shard,
        application: { id: this.options.applicationId, flags: 0 },
        private_channels: [],
        relationships: [],
        presences: [],
        guild_join_requests: [],
        geo_ordered_rtc_regions: [],
        user_settings: {},
      },
      null,
    );
    for (const guild of guilds)
      this.sendDispatch(session, 'GUILD_CREATE', guildCreateObject(guild, this.options.bot), guild.id);
    return session;
  }

  private resume(socket: WebSocket, d: Record<string, unknown>): Session | null {
    const session = typeof d.session_id === 'string' ? this.sessions.get(d.session_id) : undefined;
    const token = typeof d.token === 'string' ? d.token.replace(/^Bot /u, '') : '';
    if (!session || token !== this.options.token) {
      this.send(socket, { op: OP.invalidSession, d: false });
      return null;
    }
    if (session.socket && session.socket !== socket) session.socket.terminate();
    session.socket = socket;
    this.resumes.push(session.id);
    this.sendDispatch(session, 'RESUMED', {}, null);
    return session;
  }
}

const owns = (session: Session, guildId: string | null): boolean =>
  shardOf(guildId, session.shard[1]) === session.shard[0];

/** IDENTIFY's shard field: absent means the only shard; otherwise [id, count] with 0 ≤ id < count. */
function shardPair(value: unknown): ShardPair | null {
  if (value === undefined || value === null) return [0, 1];
  if (!Array.isArray(value) || value.length !== 2) return null;
  const [id, count] = value;
  if (!Number.isInteger(id) || !Number.isInteger(count) || id < 0 || count < 1 || id >= count) return null;
  return [id, count];
}
