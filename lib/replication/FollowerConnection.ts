import type { ClientRequest, IncomingMessage } from 'node:http';
import { WebSocket } from 'ws';
import { ForklessError } from '../errors.js';
import { Keyspace } from '../keyspace/Keyspace.js';
import { closeCodeOf, closeError, closeReason } from './closeCodes.js';
import { Heartbeat, type HeartbeatTiming } from './Heartbeat.js';
import { decodeMessage, encodeMessage } from './messageCodec.js';
import { PROTOCOL_VERSION, type FullSyncMessage, type LeaderMessage, type ReplicationMessage } from './ReplicationMessage.js';
import { protocolError } from './wireFields.js';
import type { WireItem } from './wireItem.js';
import type { ReplicationRecord } from '../keyspace/KeyspaceListener.js';

/** The follower's replication position; it outlives connections. */
export interface ReplicaPosition {
  historyId: string | null;
  offset: number;
  /** The leader's offset from its last heartbeat. */
  leaderOffset: number;
}

/** What one connection reports to its follower. */
export interface ConnectionEvents {
  fullSyncStarted(message: FullSyncMessage): void;
  fullSyncProgress(entries: number, commands: number, bytes: number): void;
  streaming(resync: 'full' | 'partial'): void;
  heartbeat(): void;
  /** The connection is gone; `error` says why (`FORKLESS_ERR_CLOSED` for a cut link). */
  ended(code: number, reason: string, error: ForklessError, wasStreaming: boolean): void;
}

const CLOSE_GRACE_MS = 1000;

type Phase = 'handshake' | 'full-sync' | 'streaming';

/**
 * The follower's side of one WebSocket connection: hello, then a full sync into a fresh keyspace
 * swapped in at `complete`, or a partial resync, then the live records, acks and heartbeats.
 *
 * @example
 * ```ts
 * new FollowerConnection(new WebSocket(url), keyspace, position, 'follower-1', { intervalMs: 1000, timeoutMs: 10_000 }, events);
 * ```
 * @internal
 */
export class FollowerConnection {
  private phase: Phase = 'handshake';
  private fresh: Keyspace | null = null;
  private syncHistoryId = '';
  private entries = 0;
  private commands = 0;
  private bytes = 0;
  private heartbeat: Heartbeat | null = null;
  /** Why this side ended the connection (a 401 or a local error), reported instead of the close code. */
  private failure: { code: number; reason: string; error: ForklessError } | null = null;
  private closing = false;

  constructor(
    private readonly socket: WebSocket,
    private readonly keyspace: Keyspace,
    private readonly position: ReplicaPosition,
    private readonly followerId: string,
    private readonly timing: HeartbeatTiming,
    private readonly events: ConnectionEvents,
  ) {
    socket.on('open', () => this.opened());
    socket.on('message', (data, isBinary) => this.receive(data as Buffer, isBinary));
    socket.on('unexpected-response', (_request: ClientRequest, response: IncomingMessage) => this.rejected(response));
    socket.on('close', (code, reason) => this.closed(code, reason.toString('utf8')));
    socket.on('error', () => {});
  }

  /** Closes the connection (the follower is closing). */
  close(code: number, reason: string): void {
    // Frames already on the way are dropped: the follower's keyspace stops changing at once.
    this.closing = true;
    this.heartbeat?.stop();
    if (this.socket.readyState === WebSocket.CONNECTING) this.socket.terminate();
    else this.socket.close(code, reason);
  }

  private opened(): void {
    const { historyId, offset } = this.position;
    this.send({ type: 'hello', version: PROTOCOL_VERSION, followerId: this.followerId, historyId, offset });
    this.heartbeat = new Heartbeat(
      this.timing,
      () => this.send({ type: 'ack', offset: this.position.offset }),
      (silentMs) => this.fail(new ForklessError('FORKLESS_ERR_TIMEOUT', `no message from leader for ${silentMs} ms`), true),
    );
  }

  private send(message: ReplicationMessage): void {
    if (this.socket.readyState === WebSocket.OPEN) this.socket.send(encodeMessage(message));
  }

  private receive(data: Buffer, isBinary: boolean): void {
    if (this.failure !== null || this.closing) return;
    this.heartbeat?.touch();
    try {
      if (!isBinary) throw protocolError('text frames are not part of the protocol');
      const message = decodeMessage(data);
      this.bytes += data.length;
      this.handle(message as LeaderMessage);
    } catch (error) {
      this.fail(error instanceof ForklessError ? error : new ForklessError('FORKLESS_ERR_SYNC_FAILED', `cannot apply: ${(error as Error).message}`), false);
    }
  }

  private handle(message: LeaderMessage): void {
    switch (message.type) {
      case 'continue':
        this.expectPhase('handshake', message.type);
        if (message.historyId !== this.position.historyId || message.offset !== this.position.offset) throw protocolError('continue does not match the hello');
        this.startStreaming('partial');
        return;
      case 'full-sync':
        this.expectPhase('handshake', message.type);
        this.phase = 'full-sync';
        this.syncHistoryId = message.historyId;
        // Loaded aside and swapped in at `complete`: readers never see a half-synced mix.
        this.fresh = new Keyspace({ databases: this.keyspace.databases.length, clock: this.keyspace.clock });
        this.events.fullSyncStarted(message);
        return;
      case 'items':
        this.expectPhase('full-sync', message.type);
        this.applyItems(message.items);
        return;
      case 'complete':
        this.expectPhase('full-sync', message.type);
        this.keyspace.replaceWith(this.fresh!, message.offset);
        this.fresh = null;
        this.position.historyId = this.syncHistoryId;
        this.position.offset = message.offset;
        this.startStreaming('full');
        return;
      case 'records':
        this.expectPhase('streaming', message.type);
        this.applyRecords(message.records);
        return;
      case 'heartbeat':
        if (this.phase === 'handshake') throw protocolError('heartbeat before continue or full-sync');
        this.position.leaderOffset = Math.max(this.position.leaderOffset, message.offset);
        this.events.heartbeat();
        return;
    }
  }

  private expectPhase(phase: Phase, type: string): void {
    if (this.phase !== phase) throw protocolError(`${type} is not expected during ${this.phase}`);
  }

  private applyItems(items: readonly WireItem[]): void {
    for (const item of items) {
      // Items decoded from the wire belong to this keyspace alone.
      this.fresh!.apply(item, true);
      if (item.kind === 'entry') this.entries++;
      else if (item.kind === 'command') this.commands++;
    }
    this.events.fullSyncProgress(this.entries, this.commands, this.bytes);
  }

  private applyRecords(records: readonly ReplicationRecord[]): void {
    for (const record of records) {
      if (record.offset !== this.position.offset + 1) throw protocolError(`record ${record.offset} does not follow offset ${this.position.offset}`);
      try {
        this.keyspace.execute(record.argv, { db: record.db, replicated: true });
      } catch (error) {
        // The data no longer matches the leader's: only a full sync can repair it.
        this.position.historyId = null;
        throw new ForklessError('FORKLESS_ERR_SYNC_FAILED', `record ${record.offset} failed: ${(error as Error).message}`);
      }
      this.position.offset = record.offset;
    }
    this.position.leaderOffset = Math.max(this.position.leaderOffset, this.position.offset);
  }

  private startStreaming(resync: 'full' | 'partial'): void {
    this.phase = 'streaming';
    this.position.leaderOffset = Math.max(this.position.leaderOffset, this.position.offset);
    this.send({ type: 'ack', offset: this.position.offset });
    this.events.streaming(resync);
  }

  private rejected(response: IncomingMessage): void {
    const status = response.statusCode ?? 0;
    const code = status === 401 ? 'FORKLESS_ERR_UNAUTHORIZED' : 'FORKLESS_ERR_CLOSED';
    this.failure = { code: status, reason: `leader answered HTTP ${status}`, error: new ForklessError(code, `leader answered HTTP ${status}`, { status }) };
    response.resume();
    // Aborts the handshake; ws then emits 'close' (1006), reported with the failure above.
    this.socket.terminate();
  }

  private fail(error: ForklessError, terminate: boolean): void {
    if (this.failure !== null) return;
    const code = closeCodeOf(error);
    this.failure = { code, reason: closeReason(error.message), error };
    this.heartbeat?.stop();
    if (terminate) {
      this.socket.terminate();
      return;
    }
    this.socket.close(code, this.failure.reason);
    // A leader that stopped reading never completes the close handshake.
    setTimeout(() => this.socket.terminate(), CLOSE_GRACE_MS).unref();
  }

  private closed(code: number, reason: string): void {
    this.heartbeat?.stop();
    this.fresh = null;
    const failure = this.failure ?? { code, reason, error: closeError(code, reason) };
    this.events.ended(failure.code, failure.reason, failure.error, this.phase === 'streaming');
  }
}
