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

interface Session {
  id: string;
  seq: number;
  socket: WebSocket | null;
}

export const OP = { dispatch: 0, heartbeat: 1, identify: 2, resume: 6, reconnect: 7, invalidSession: 9, hello: 10, heartbeatAck: 11 } as const;

export class EmulatedGateway {
  readonly identifies: { token: string; intents: number }[] = [];
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

  /** Sends a dispatch to every live session (each with its own sequence). */
  dispatch(type: string, data: unknown): number {
    let sent = 0;
    for (const session of this.sessions.values()) {
      if (session.socket?.readyState !== WebSocket.OPEN) continue;
      this.send(session.socket, { op: OP.dispatch, t: type, s: ++session.seq, d: data });
      sent++;
    }
    return sent;
  }

  /** Whether a session is live (identified or resumed, socket open): dispatches will arrive. */
  get live(): boolean {
    return [...this.sessions.values()].some((s) => s.socket?.readyState === WebSocket.OPEN);
  }

  /** Asks every client to reconnect and resume (op 7), as Discord does before moving a session. */
  requestReconnect(): void {
    for (const session of this.sessions.values()) if (session.socket) this.send(session.socket, { op: OP.reconnect, d: null });
  }

  async close(): Promise<void> {
    for (const client of this.wss.clients) client.terminate();
    await new Promise<void>((resolve) => this.wss.close(() => resolve()));
  }

  private send(socket: WebSocket, payload: unknown): void {
    if (socket.readyState === WebSocket.OPEN) socket.send(JSON.stringify(payload));
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
    this.identifies.push({ token, intents: typeof d.intents === 'number' ? d.intents : -1 });
    if (token !== this.options.token) {
      socket.close(4004, 'Authentication failed.');
      return null;
    }
    const session: Session = { id: randomBytes(16).toString('hex'), seq: 0, socket };
    this.sessions.set(session.id, session);
    const guilds = this.options.guilds();
    this.send(socket, {
      op: OP.dispatch, t: 'READY', s: ++session.seq, d: {
        v: 10,
        user: userObject(this.options.bot, true),
        guilds: guilds.map((g) => ({ id: g.id, unavailable: true })),
        session_id: session.id,
        resume_gateway_url: this.options.url(),
        shard: [0, 1],
        application: { id: this.options.applicationId, flags: 0 },
        private_channels: [],
        relationships: [],
        presences: [],
        guild_join_requests: [],
        geo_ordered_rtc_regions: [],
        user_settings: {},
      },
    });
    for (const guild of guilds) {
      this.send(socket, { op: OP.dispatch, t: 'GUILD_CREATE', s: ++session.seq, d: guildCreateObject(guild, this.options.bot) });
    }
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
    this.send(socket, { op: OP.dispatch, t: 'RESUMED', s: ++session.seq, d: {} });
    return session;
  }
}
