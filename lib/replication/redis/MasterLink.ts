import { connect, type Socket } from 'node:net';
import { interval, type Subscription } from 'rxjs';
import { ForklessError } from '../../errors.js';
import { Keyspace } from '../../keyspace/Keyspace.js';
import { encodeCommand } from './encodeCommand.js';
import { RdbPayloadReader } from './RdbPayloadReader.js';
import type { NormalizedRedisReplicaOptions } from './RedisReplicaOptions.js';
import { RespStreamReader, type RespItem } from './RespStreamReader.js';
import { StreamApplier } from './StreamApplier.js';

/** Where a replica stands in its master's history: what `PSYNC <id> <offset + 1>` asks for. */
export interface MasterPosition {
  readonly replicationId: string;
  readonly offset: number;
}

/** What a link reports to its replica. */
export interface MasterLinkEvents {
  /** `+FULLRESYNC`: a payload follows; the keyspace keeps serving its old data until it is loaded. */
  fullSync(replicationId: string): void;
  /** Payload bytes arrived. */
  progress(payload: RdbPayloadReader): void;
  /** In sync: applying the stream (after a loaded payload, or `+CONTINUE`). */
  streaming(resync: 'full' | 'partial'): void;
  /** `REPLCONF ACK <offset>` went to the master. */
  acknowledged(offset: number): void;
  /** The link ended; `error` says why. */
  closed(error: ForklessError): void;
}

type Phase = 'handshake' | 'preamble' | 'payload' | 'stream' | 'closed';

/**
 * One connection of a replica to a Redis master (or a forkless leader): the handshake (`PING`,
 * `AUTH`, `REPLCONF listening-port`, `REPLCONF capa eof capa psync2`, `PSYNC`), then a full sync
 * (payload loaded aside, swapped in with `replaceWith`, `REPLCONF ACK` at once) or `+CONTINUE`,
 * then the command stream, acknowledged every `ackPeriodMs` and on GETACK. A master silent for
 * `timeoutMs` ends the link.
 *
 * @example
 * ```ts
 * const link = new MasterLink(ks, options, cachedPosition, events);
 * link.position(); // { replicationId, offset } once streaming
 * link.close();
 * ```
 */
export class MasterLink {
  private phase: Phase = 'handshake';
  private readonly socket: Socket;
  private readonly reader = new RespStreamReader();
  /** Handshake commands not sent yet: one at a time, as Redis refuses PSYNC with replies pending. */
  private readonly handshakeQueue: string[][] = [];
  private replicationId = '';
  private fullSyncOffset = 0;
  private payload: RdbPayloadReader | null = null;
  private fresh: Keyspace | null = null;
  private applier: StreamApplier | null = null;
  private lastIo: number;
  private readonly timer: Subscription;

  constructor(
    private readonly keyspace: Keyspace,
    private readonly options: NormalizedRedisReplicaOptions,
    private readonly cached: MasterPosition | null,
    private readonly events: MasterLinkEvents,
  ) {
    this.lastIo = options.scheduler.now();
    this.socket = connect({ host: options.host, port: options.port }, () => this.handshake());
    this.socket.setNoDelay(true);
    this.socket.on('data', (chunk: Buffer) => this.guard(() => this.receive(chunk)));
    this.socket.on('error', (error) => this.fail(new ForklessError('FORKLESS_ERR_CLOSED', `connection to MASTER lost: ${error.message}`)));
    this.socket.on('close', () => this.fail(new ForklessError('FORKLESS_ERR_CLOSED', 'connection with master lost')));
    this.timer = interval(options.ackPeriodMs, options.scheduler).subscribe(() => this.tick());
  }

  /** In sync: the id and the offset applied so far (null before). */
  position(): MasterPosition | null {
    return this.applier === null ? null : { replicationId: this.replicationId, offset: this.applier.offset };
  }

  /** Seconds since the master last sent anything. */
  get lastIoSecondsAgo(): number {
    return Math.floor((this.options.scheduler.now() - this.lastIo) / 1000);
  }

  /** Ends the link without an error event. */
  close(): void {
    this.phase = 'closed';
    this.timer.unsubscribe();
    this.socket.destroy();
  }

  private handshake(): void {
    const { password, listeningPort } = this.options;
    const commands: string[][] = [['PING']];
    if (password !== undefined) commands.push(['AUTH', password]);
    commands.push(['REPLCONF', 'listening-port', String(listeningPort)], ['REPLCONF', 'capa', 'eof', 'capa', 'psync2']);
    commands.push(this.cached === null ? ['PSYNC', '?', '-1'] : ['PSYNC', this.cached.replicationId, String(this.cached.offset + 1)]);
    this.handshakeQueue.push(...commands);
    this.socket.write(encodeCommand(this.handshakeQueue[0]!));
  }

  private receive(chunk: Buffer): void {
    this.lastIo = this.options.scheduler.now();
    if (this.phase === 'payload') return this.loadPayload(chunk);
    this.reader.push(chunk);
    this.drain();
  }

  private drain(): void {
    for (let item = this.reader.next(); item !== undefined && this.phase !== 'closed'; item = this.phase === 'payload' ? undefined : this.reader.next()) {
      if (this.phase === 'stream') this.streamItem(item);
      else if (this.phase === 'preamble') this.preamble(item);
      else this.reply(item);
    }
  }

  private reply(item: RespItem): void {
    if (item.kind === 'newline') return;
    if (item.kind !== 'line') throw protocol('unexpected command from master during the handshake');
    const step = this.handshakeQueue.shift()?.[0]?.toLowerCase();
    const text = `${item.type}${item.text}`;
    if (step === 'ping' && item.type === '-' && !/^-(NOAUTH|NOPERM|ERR operation not permitted)/.test(text)) throw refused(`Error reply to PING from master: '${text}'`);
    if (step === 'auth' && item.type === '-') throw new ForklessError('FORKLESS_ERR_UNAUTHORIZED', `Unable to AUTH to MASTER: ${text}`);
    if (step === 'psync') this.psyncReply(text);
    else if (this.handshakeQueue.length > 0) this.socket.write(encodeCommand(this.handshakeQueue[0]!));
  }

  private psyncReply(text: string): void {
    const full = /^\+FULLRESYNC ([0-9a-zA-Z]{40}) (\d+)$/.exec(text);
    if (full !== null) {
      this.replicationId = full[1]!;
      this.fullSyncOffset = Number(full[2]);
      this.phase = 'preamble';
      this.events.fullSync(this.replicationId);
      return;
    }
    const resumed = /^\+CONTINUE(?: ([0-9a-zA-Z]{40}))?$/.exec(text);
    if (resumed === null || this.cached === null) throw refused(`Unexpected reply to PSYNC from master: ${text}`);
    this.replicationId = resumed[1] ?? this.cached.replicationId;
    this.startStream(this.cached.offset, 'partial');
  }

  private preamble(item: RespItem): void {
    if (item.kind === 'newline') return;
    if (item.kind !== 'line' || item.type !== '$')
      throw protocol(`bad protocol from MASTER, the first byte is not '$' (we received '${item.kind === 'line' ? item.type + item.text : item.kind}')`);
    this.fresh = new Keyspace({ databases: this.keyspace.databases.length, clock: this.keyspace.clock });
    this.payload = new RdbPayloadReader(item.text, this.fresh);
    this.phase = 'payload';
    this.loadPayload(this.reader.takeRest());
  }

  private loadPayload(chunk: Buffer): void {
    const rest = this.payload!.push(chunk);
    this.events.progress(this.payload!);
    if (rest === null) return;
    this.keyspace.replaceWith(this.fresh!);
    this.fresh = this.payload = null;
    this.options.log(`MASTER <-> REPLICA sync: Finished with success`);
    this.startStream(this.fullSyncOffset, 'full');
    this.acknowledge();
    this.reader.push(rest);
    this.drain();
  }

  private startStream(offset: number, resync: 'full' | 'partial'): void {
    this.applier = new StreamApplier(this.keyspace, offset, () => this.acknowledge(), this.options.log);
    this.phase = 'stream';
    this.events.streaming(resync);
  }

  private streamItem(item: RespItem): void {
    if (item.kind === 'command') this.applier!.apply(item.argv, item.bytes);
    else if (item.kind === 'newline') this.applier!.offset += item.bytes;
    else throw protocol(`unexpected reply in the replication stream: ${item.type}${item.text}`);
  }

  private acknowledge(): void {
    if (this.applier === null) return;
    this.socket.write(encodeCommand(['REPLCONF', 'ACK', String(this.applier.offset)]));
    this.events.acknowledged(this.applier.offset);
  }

  private tick(): void {
    if (this.options.scheduler.now() - this.lastIo > this.options.timeoutMs) {
      this.fail(new ForklessError('FORKLESS_ERR_TIMEOUT', 'MASTER timeout: no data nor PING received'));
    } else if (this.phase === 'stream') this.acknowledge();
  }

  private guard(body: () => void): void {
    try {
      body();
    } catch (error) {
      this.fail(error instanceof ForklessError ? error : new ForklessError('FORKLESS_ERR_SYNC_FAILED', (error as Error).message));
    }
  }

  private fail(error: ForklessError): void {
    if (this.phase === 'closed') return;
    this.close();
    this.events.closed(error);
  }
}

function protocol(message: string): ForklessError {
  return new ForklessError('FORKLESS_ERR_PROTOCOL', message);
}

function refused(message: string): ForklessError {
  return new ForklessError('FORKLESS_ERR_SYNC_FAILED', message);
}
