import { randomUUID, timingSafeEqual } from 'node:crypto';
import { createServer, type IncomingMessage, type Server } from 'node:http';
import type { AddressInfo, Socket } from 'node:net';
import { map, Subject, type Observable, type Subscription } from 'rxjs';
import { WebSocketServer } from 'ws';
import { ForklessError } from '../errors.js';
import type { Keyspace } from '../keyspace/Keyspace.js';
import { ReplicationCloseCode } from './closeCodes.js';
import type { FollowerInfo } from './FollowerInfo.js';
import { FollowerSession, type SessionContext, type SessionEvent } from './FollowerSession.js';
import { normalizeLeaderOptions, type LeaderOptions, type NormalizedLeaderOptions } from './LeaderOptions.js';
import { ReplicationBacklog } from './ReplicationBacklog.js';

export type { LeaderOptions } from './LeaderOptions.js';

/** Something that happened to a follower connection, with its state right after. */
export type LeaderEvent = (SessionEvent & { readonly follower: FollowerInfo }) | { readonly type: 'rejected'; readonly address: string; readonly status: 401 | 503 };

/**
 * A running replication leader: a WebSocket server that serves full syncs, partial resyncs and
 * the live stream of one keyspace to any number of followers.
 *
 * @example
 * ```ts
 * const leader = await startLeader({ keyspace: ks, port: 0, token: 'secret' });
 * leader.events$.subscribe((event) => console.log(event.type));
 * console.log(leader.url, leader.followers());
 * await leader.close();
 * ```
 */
export class Leader {
  private currentHistoryId = randomUUID();
  readonly backlog: ReplicationBacklog;
  private readonly replacements: Subscription;
  private readonly sessions = new Set<FollowerSession>();
  private readonly events = new Subject<LeaderEvent>();
  private readonly webSockets: WebSocketServer;
  private readonly context: SessionContext;
  /** Open connections, each with its handshake timer until the upgrade completes. */
  private readonly connections = new Map<Socket, NodeJS.Timeout | null>();

  /** Follower connections: connected, handshake, full sync and progress, disconnections (code, reason). */
  readonly events$: Observable<LeaderEvent> = this.events.asObservable();
  /** The follower list after every event. */
  readonly followers$: Observable<FollowerInfo[]> = this.events$.pipe(map(() => this.followers()));

  /** @internal use {@link startLeader} */
  constructor(
    readonly keyspace: Keyspace,
    private readonly server: Server,
    private readonly options: NormalizedLeaderOptions,
  ) {
    this.backlog = new ReplicationBacklog(keyspace.replication$, keyspace.offset, options.backlog);
    this.webSockets = new WebSocketServer({ noServer: true, maxPayload: options.maxPayload, perMessageDeflate: false });
    const { highWaterMark, lowWaterMark, outputLimit } = options;
    const historyOf = () => this.historyId;
    this.context = {
      keyspace,
      backlog: this.backlog,
      get historyId() {
        return historyOf();
      },
      heartbeat: { intervalMs: options.heartbeatIntervalMs, timeoutMs: options.timeoutMs },
      closeGraceMs: options.closeGraceMs,
      senderLimits: { highWaterMark, lowWaterMark, outputLimit },
      frameLimits: options.frames,
      iteration: options.iteration,
      changed: (session, event) => this.changed(session, event),
    };
    this.replacements = keyspace.replaced$.subscribe(({ offset }) => this.startNewHistory(offset));
    server.on('connection', (socket: Socket) => this.accept(socket));
    server.on('upgrade', (request: IncomingMessage, socket: Socket, head: Buffer) => this.upgrade(request, socket, head));
  }

  /**
   * Names the history of the data followers receive (like Valkey's replid): new at each leader
   * start and each time the keyspace's data is replaced, so a follower of another history gets a
   * full sync.
   */
  get historyId(): string {
    return this.currentHistoryId;
  }

  /** The port the leader listens on. */
  get port(): number {
    return (this.server.address() as AddressInfo).port;
  }

  /** `ws://host:port/`, for `startFollower({ url })`. */
  get url(): string {
    const address = this.server.address() as AddressInfo;
    const host = address.family === 'IPv6' ? `[${address.address}]` : address.address;
    return `ws://${host}:${address.port}/`;
  }

  /** Every open follower connection, with state, acked offset, lag and full-sync progress. */
  followers(): FollowerInfo[] {
    return Array.from(this.sessions, (session) => session.info());
  }

  /** Disconnects every follower (1001) and stops listening. */
  async close(): Promise<void> {
    for (const session of this.sessions) session.close(ReplicationCloseCode.goingAway, 'leader shutting down');
    this.replacements.unsubscribe();
    this.backlog.close();
    // Resolves once every socket is gone: sessions terminate after closeGraceMs at the latest.
    const closed = new Promise<void>((resolve) => this.server.close(() => resolve()));
    this.server.closeAllConnections();
    this.webSockets.close();
    await closed;
    this.events.complete();
  }

  /**
   * The keyspace's data was replaced (`replaceWith`, `loadSnapshot(path, keyspace)`): as a Valkey
   * primary that loads an RDB, start a new history (new id, empty backlog at the new offset) and
   * send every syncing or streaming follower to a full sync of the new data.
   */
  private startNewHistory(offset: number): void {
    this.currentHistoryId = randomUUID();
    this.backlog.reset(offset);
    for (const session of this.sessions) session.resync();
  }

  /**
   * A new TCP connection: refused with HTTP 503 beyond `maxConnections`, else given
   * `handshakeTimeoutMs` to complete its WebSocket upgrade (a peer that never finishes its headers
   * holds nothing for longer).
   */
  private accept(socket: Socket): void {
    socket.on('error', () => {});
    if (this.connections.size >= this.options.maxConnections) {
      this.refuse(socket, 503, 'Service Unavailable');
      return;
    }
    const timer = setTimeout(() => socket.destroy(), this.options.handshakeTimeoutMs).unref();
    this.connections.set(socket, timer);
    socket.once('close', () => {
      clearTimeout(timer);
      this.connections.delete(socket);
    });
  }

  private upgrade(request: IncomingMessage, socket: Socket, head: Buffer): void {
    // A refused connection whose request still arrived, or one past its handshake time.
    if (!this.connections.has(socket) || socket.destroyed) {
      socket.destroy();
      return;
    }
    if (!this.authorized(request.headers.authorization)) {
      this.refuse(socket, 401, 'Unauthorized');
      return;
    }
    this.webSockets.handleUpgrade(request, socket, head, (webSocket) => {
      clearTimeout(this.connections.get(socket) ?? undefined);
      this.connections.set(socket, null);
      this.sessions.add(new FollowerSession(webSocket, addressOf(socket), this.context));
    });
  }

  private refuse(socket: Socket, status: 401 | 503, text: string): void {
    socket.end(`HTTP/1.1 ${status} ${text}\r\nConnection: close\r\nContent-Length: 0\r\n\r\n`);
    this.events.next({ type: 'rejected', address: addressOf(socket), status });
  }

  private authorized(header: string | undefined): boolean {
    const token = this.options.token;
    if (token === undefined) return true;
    const expected = Buffer.from(`Bearer ${token}`);
    const given = Buffer.from(header ?? '');
    return given.length === expected.length && timingSafeEqual(given, expected);
  }

  private changed(session: FollowerSession, event: SessionEvent): void {
    if (event.type === 'disconnected') this.sessions.delete(session);
    this.events.next({ ...event, follower: session.info() });
  }
}

/**
 * Starts a replication leader for `keyspace` on `host:port` (see {@link LeaderOptions}).
 * Resolves once listening.
 *
 * @throws FORKLESS_ERR_INVALID_OPTION for an option out of range (see `LEADER_OPTIONS`), or when the
 *   server cannot listen (port in use, bad host).
 * @example
 * ```ts
 * const leader = await startLeader({ keyspace: ks, host: '127.0.0.1', port: 0 });
 * const follower = startFollower({ url: leader.url });
 * ```
 */
export async function startLeader(options: LeaderOptions): Promise<Leader> {
  const settings = normalizeLeaderOptions(options);
  const server = createServer((_request, response) => response.writeHead(426, { Connection: 'close' }).end('WebSocket only\n'));
  await new Promise<void>((resolve, reject) => {
    server.once('error', (error) => reject(new ForklessError('FORKLESS_ERR_INVALID_OPTION', `cannot listen: ${error.message}`)));
    server.listen(settings.port, settings.host, () => resolve());
  });
  return new Leader(settings.keyspace, server, settings);
}

function addressOf(socket: Socket): string {
  return `${socket.remoteAddress}:${socket.remotePort}`;
}
