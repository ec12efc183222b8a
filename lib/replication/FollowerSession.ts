import type { Subscription } from 'rxjs';
import type { WebSocket } from 'ws';
import { ForklessError, isForklessError } from '../errors.js';
import { bgIterationPacked } from '../iteration/bgIteration.js';
import type { NormalizedBgIterationOptions } from '../iteration/BgIterationOptions.js';
import type { Keyspace } from '../keyspace/Keyspace.js';
import type { ReplicationRecord } from '../keyspace/KeyspaceListener.js';
import { closeCodeOf, closeReason, ReplicationCloseCode } from './closeCodes.js';
import { FrameBatcher } from './FrameBatcher.js';
import type { FrameLimits, SocketSenderLimits } from './LeaderOptions.js';
import { Heartbeat, type HeartbeatTiming } from './Heartbeat.js';
import { decodeMessage } from './messageCodec.js';
import type { ReplicationBacklog } from './ReplicationBacklog.js';
import { PROTOCOL_VERSION, type HelloMessage } from './ReplicationMessage.js';
import { SocketSender } from './SocketSender.js';
import { protocolError } from './wireFields.js';
import { estimateBytes, type WireItem } from './wireItem.js';
import type { FollowerInfo, FollowerSessionState, FullSyncProgress } from './FollowerInfo.js';

/** What every session of one leader shares. @internal */
export interface SessionContext {
  readonly keyspace: Keyspace;
  readonly backlog: ReplicationBacklog;
  readonly historyId: string;
  readonly heartbeat: HeartbeatTiming;
  /** Ms a close handshake may take before the socket is destroyed (a stalled peer never answers). */
  readonly closeGraceMs: number;
  readonly senderLimits: Required<SocketSenderLimits>;
  readonly frameLimits: FrameLimits;
  readonly iteration: Pick<NormalizedBgIterationOptions, 'budgetMs' | 'batchSize' | 'scheduler'>;
  /** Called on every state change and full-sync frame. */
  readonly changed: (session: FollowerSession, event: SessionEvent) => void;
}

/** What changed in a session. */
export type SessionEvent =
  | { readonly type: 'continue' | 'full-sync-start' | 'full-sync-progress' | 'full-sync-complete' }
  | { readonly type: 'disconnected'; readonly code: number; readonly reason: string };

/**
 * The leader's side of one follower connection: handshake, full sync or partial resync, live
 * stream, acks, heartbeats, flow control. A bad frame or a slow reader closes this connection
 * only, with a close code and reason.
 *
 * @example
 * ```ts
 * server.on('connection', (socket, request) => new FollowerSession(socket, request.socket.remoteAddress ?? '', context));
 * ```
 * @internal
 */
export class FollowerSession {
  private static nextId = 1;
  readonly connectionId = FollowerSession.nextId++;
  private readonly connectedAt = Date.now();
  private state: FollowerSessionState = 'handshake';
  private followerId: string | null = null;
  private sentOffset = 0;
  private ackedOffset: number | null = null;
  private fullSync: FullSyncProgress | null = null;
  private readonly sender: SocketSender;
  private readonly heartbeat: Heartbeat;
  private readonly items: FrameBatcher<WireItem>;
  private readonly records: FrameBatcher<ReplicationRecord>;
  private iteration: Subscription | null = null;
  private live: Subscription | null = null;
  /** The code and reason this side closed with (a terminated socket reports only 1006). */
  private closing: { code: number; reason: string } | null = null;

  constructor(
    private readonly socket: WebSocket,
    private readonly address: string,
    private readonly context: SessionContext,
  ) {
    this.items = new FrameBatcher<WireItem>((items) => this.sendItems(items), estimateBytes, context.frameLimits);
    this.records = new FrameBatcher<ReplicationRecord>((records) => this.sendRecords(records), estimateBytes, context.frameLimits);
    this.sender = new SocketSender(socket, context.senderLimits, (buffered, limit) =>
      this.fail(new ForklessError('FORKLESS_ERR_OUTPUT_LIMIT', `output limit exceeded: ${buffered} bytes buffered, limit ${limit}`)),
    );
    this.heartbeat = new Heartbeat(
      context.heartbeat,
      () => this.beat(),
      (silentMs) => this.fail(new ForklessError('FORKLESS_ERR_TIMEOUT', `no message from follower for ${silentMs} ms`)),
    );
    socket.on('message', (data, isBinary) => this.receive(data as Buffer, isBinary));
    socket.on('close', (code, reason) => this.closed(code, reason.toString('utf8')));
    // ws reports protocol violations (bad opcode, payload over maxPayload) as 'error' then closes.
    socket.on('error', () => {});
  }

  /** A snapshot of this follower's state, for `leader.followers()`. */
  info(): FollowerInfo {
    const leaderOffset = this.context.keyspace.offset;
    return {
      connectionId: this.connectionId,
      followerId: this.followerId,
      address: this.address,
      state: this.state,
      connectedAt: this.connectedAt,
      sentOffset: this.sentOffset,
      ackedOffset: this.ackedOffset,
      lag: this.ackedOffset === null ? null : leaderOffset - this.ackedOffset,
      bufferedBytes: this.state === 'closed' ? 0 : this.sender.bufferedBytes,
      bytesSent: this.sender.bytesSent,
      fullSync: this.fullSync === null ? null : { ...this.fullSync },
    };
  }

  /** Closes the connection with a code and reason (leader shutdown, policy). */
  close(code: number, reason: string): void {
    if (this.closing !== null || this.state === 'closed') return;
    this.closing = { code, reason: closeReason(reason) };
    this.stopProducing();
    this.socket.close(code, this.closing.reason);
    // A peer that stopped reading never completes the close handshake.
    setTimeout(() => this.socket.terminate(), this.context.closeGraceMs).unref();
  }

  private receive(data: Buffer, isBinary: boolean): void {
    if (this.closing !== null || this.state === 'closed') return;
    this.heartbeat.touch();
    try {
      if (!isBinary) throw protocolError('text frames are not part of the protocol');
      const message = decodeMessage(data);
      if (message.type === 'hello') this.hello(message);
      else if (message.type === 'ack') this.ack(message.offset);
      else throw protocolError(`${message.type} is a leader message`);
    } catch (error) {
      this.fail(error);
    }
  }

  private hello(hello: HelloMessage): void {
    if (this.state !== 'handshake') throw protocolError('hello sent twice');
    if (hello.version !== PROTOCOL_VERSION) {
      throw new ForklessError('FORKLESS_ERR_PROTOCOL_VERSION', `protocol version ${hello.version} unsupported, leader speaks ${PROTOCOL_VERSION}`);
    }
    this.followerId = hello.followerId;
    const { backlog, historyId } = this.context;
    if (hello.historyId === historyId && backlog.covers(hello.offset)) {
      this.sender.send({ type: 'continue', historyId, offset: hello.offset });
      this.startStreaming(hello.offset, 'continue');
    } else {
      this.startFullSync();
    }
  }

  private ack(offset: number): void {
    if (this.state === 'handshake') throw protocolError('ack before hello');
    // During a full sync the follower still acks its previous data's offset: liveness only.
    if (this.state !== 'streaming') return;
    if (offset > this.sentOffset) throw protocolError(`ack ${offset} beyond sent offset ${this.sentOffset}`);
    this.ackedOffset = offset;
  }

  private startFullSync(): void {
    const { keyspace, historyId } = this.context;
    const keys = keyspace.databases.reduce((sum, database) => sum + database.size, 0);
    this.state = 'full-sync';
    this.fullSync = { keysTotal: keys, entriesSent: 0, commandsSent: 0, startedAt: Date.now(), completedAt: null, offset: null };
    this.sender.send({ type: 'full-sync', historyId, offset: keyspace.offset, keys });
    this.context.changed(this, { type: 'full-sync-start' });
    const items$ = bgIterationPacked(keyspace, { ...this.context.iteration, consistent: false, replication: true, backpressure$: this.sender.congested$ });
    this.iteration = items$.subscribe({
      next: (item) => (item.kind === 'complete' ? this.completeFullSync(item.offset) : this.items.add(item)),
      error: (error: unknown) => this.iterationFailed(error),
    });
  }

  /** The leader's data was replaced: a follower past the handshake must take a full sync of it. */
  resync(): void {
    if (this.state === 'full-sync' || this.state === 'streaming') this.close(ReplicationCloseCode.resync, 'leader data replaced: full resync');
  }

  private iterationFailed(error: unknown): void {
    // replaceWith under the sync ends the iteration: the follower must start over, it did nothing wrong.
    if (isForklessError(error, 'FORKLESS_ERR_ITERATION_CLOSED')) this.resync();
    else this.fail(new ForklessError('FORKLESS_ERR_SYNC_FAILED', `full sync failed: ${String((error as Error)?.message ?? error)}`));
  }

  private completeFullSync(offset: number): void {
    this.items.flush();
    this.sender.send({ type: 'complete', offset });
    this.fullSync = { ...this.fullSync!, completedAt: Date.now(), offset };
    this.iteration?.unsubscribe();
    this.startStreaming(offset, 'full-sync-complete');
  }

  /** Catch up from the backlog and follow it, in one synchronous step (nothing missed or repeated). */
  private startStreaming(fromOffset: number, event: 'continue' | 'full-sync-complete'): void {
    const { backlog } = this.context;
    if (!backlog.covers(fromOffset)) {
      this.fail(new ForklessError('FORKLESS_ERR_SYNC_FAILED', `backlog no longer covers offset ${fromOffset}`));
      return;
    }
    this.state = 'streaming';
    this.sentOffset = this.ackedOffset = fromOffset;
    for (const record of backlog.recordsAfter(fromOffset)) this.records.add(record);
    this.live = backlog.records$.subscribe((record) => this.records.add(record));
    this.context.changed(this, { type: event });
  }

  private sendItems(items: WireItem[]): void {
    const progress = this.fullSync!;
    let entryBytes = 0;
    for (const item of items) {
      if (item.kind === 'entry') {
        progress.entriesSent++;
        // Only the cursor's own entries are exempt from the output limit: the cursor pauses under
        // backpressure, writes (and the entries they present ahead of it) do not.
        if (item.expedited !== true) entryBytes += estimateBytes(item);
      } else if (item.kind === 'command') {
        progress.commandsSent++;
      }
    }
    this.sender.send({ type: 'items', items }, entryBytes);
    this.context.changed(this, { type: 'full-sync-progress' });
  }

  private sendRecords(records: ReplicationRecord[]): void {
    this.sentOffset = records[records.length - 1]!.offset;
    this.sender.send({ type: 'records', records });
  }

  private beat(): void {
    // Heartbeats only once the follower knows which history it is in.
    if (this.state !== 'handshake') this.sender.send({ type: 'heartbeat', offset: this.context.keyspace.offset });
  }

  private fail(error: unknown): void {
    const message = error instanceof Error ? error.message : String(error);
    this.close(closeCodeOf(error), message);
  }

  private stopProducing(): void {
    this.iteration?.unsubscribe();
    this.live?.unsubscribe();
    this.items.discard();
    this.records.discard();
    this.heartbeat.stop();
    this.sender.close();
  }

  private closed(code: number, reason: string): void {
    if (this.state === 'closed') return;
    this.stopProducing();
    this.state = 'closed';
    this.context.changed(this, { type: 'disconnected', ...(this.closing ?? { code, reason }) });
  }
}
