import { BehaviorSubject, type Subscription } from 'rxjs';
import { isForklessError } from '../errors.js';
import { bgIteration } from '../iteration/bgIteration.js';
import { STREAMING_BATCH_SIZE } from '../iteration/BgIterationOptions.js';
import { SlotRanges, type SlotRange } from '../iteration/SlotRanges.js';
import { toByteString, type ByteString } from '../keyspace/byteString.js';
import { commandTable } from '../keyspace/commands/index.js';
import type { IterationItem } from '../keyspace/IterationItem.js';
import { keyHashSlot } from '../keyspace/keyHashSlot.js';
import type { ReplicationRecord } from '../keyspace/KeyspaceListener.js';
import { ReplyError } from '../keyspace/ReplyError.js';
import type { ClusterPeer } from './ClusterTopology.js';
import { entryCommands } from './entryCommands.js';
import { MigrationJob } from './MigrationJob.js';
import type { MigrationHost } from './MigrationHost.js';
import type { MigrationLink } from './MigrationLink.js';
import { SlotHandoff } from './SlotHandoff.js';
import { withTimeout } from './withTimeout.js';

/**
 * The source's side of a forkless slot migration (Valkey 9.0's `CLUSTER MIGRATESLOTS`, without
 * fork): one ordered link to the target carries a slot-filtered, non-consistent, replicating
 * bgIteration rebuilt as write commands, then the live writes of those slots, whole command after
 * whole command. When the target has caught up, {@link SlotHandoff} pauses writes to these slots
 * only and moves ownership. Any failure before the handoff rolls back: the slots stay here with
 * all their data, the target drops its staging.
 *
 * @example
 * ```ts
 * const exporter = new SlotExport(host, name, [[0, 99]], target);
 * exporter.job.progress$.subscribe(console.log);
 * void exporter.start();
 * ```
 */
export class SlotExport {
  readonly job: MigrationJob;
  private link: MigrationLink | null = null;
  private iteration: Subscription | null = null;
  private live: Subscription | null = null;
  private completeOffset: number | null = null;
  private buffered: ReplicationRecord[] = [];
  private linkDb = -1;
  private readonly slots: SlotRanges;
  private handoff: SlotHandoff | null = null;
  private readonly congested = new BehaviorSubject(false);

  constructor(
    private readonly host: MigrationHost,
    name: string,
    readonly ranges: readonly SlotRange[],
    readonly target: ClusterPeer,
  ) {
    this.slots = SlotRanges.of(ranges);
    this.job = new MigrationJob(name, 'EXPORT', ranges, host.topology.myself.id, target.id, host.keyspace.clock, 'connecting');
  }

  /** Runs the migration; never rejects (failures end the job as `failed`). */
  async start(): Promise<void> {
    const { connect, options, scheduler, topology } = this.host;
    try {
      this.link = await withTimeout(connect(this.target), options.stageTimeoutMs, scheduler, 'Timed out connecting to the target').catch((error: unknown) => {
        throw isForklessError(error, 'FORKLESS_ERR_UNAUTHORIZED') ? error : prefixed('Unable to connect to target node: ', error);
      });
      if (this.job.finished) return this.link.close();
      void this.link.broken.then((error) => this.broken(error));
      this.job.enter('sending-establish-command');
      const slotArgs = this.ranges.flatMap(([start, end]) => [String(start), String(end)]);
      const establish = ['CLUSTER', 'SYNCSLOTS', 'ESTABLISH', 'SOURCE', topology.myself.id, 'NAME', this.job.name, 'SLOTSRANGE', ...slotArgs];
      await this.request(establish).catch((error: unknown) => {
        throw error instanceof ReplyError ? prefixed('Received error during handshake to target: ', error) : error;
      });
      if (this.job.finished) return;
      this.job.enter('snapshotting');
      this.live = this.host.keyspace.replication$.subscribe((record) => this.record(record));
      const iteration = { consistent: false, replication: true, slots: this.ranges, backpressure$: this.congested, batchSize: STREAMING_BATCH_SIZE };
      this.iteration = bgIteration(this.host.keyspace, iteration).subscribe({
        next: (item) => this.item(item),
        error: (error: unknown) => this.fail(`Snapshot failed: ${messageOf(error)}`, 'failed', error),
      });
    } catch (error) {
      this.fail(messageOf(error), 'failed', error);
    }
  }

  /** CLUSTER CANCELSLOTMIGRATIONS: rolls back unless the handoff already started (it ends within the pause). */
  cancel(): boolean {
    if (this.job.finished || this.handoff !== null) return false;
    this.fail('Cancelled by CLUSTER CANCELSLOTMIGRATIONS', 'cancelled');
    return true;
  }

  private item(item: IterationItem): void {
    switch (item.kind) {
      case 'entry':
        this.select(item.db);
        for (const argv of entryCommands(item, this.host.options.chunkSize)) this.send(argv);
        if (++this.job.keys % 1024 === 0) this.job.publish();
        this.throttle();
        return;
      case 'command':
        this.select(item.db);
        this.send(item.argv.map(toByteString));
        return;
      case 'complete':
        this.completeOffset = item.offset;
        for (const record of this.buffered.splice(0)) if (record.offset > item.offset) this.forward(record.db, record.argv.map(toByteString));
        if (this.job.finished) return;
        this.job.enter('replicating');
        void this.catchUp();
        return;
      default:
        this.fail('Data was flushed on the source');
    }
  }

  /** A live write: kept until the snapshot completes (only if it concerns these slots), then forwarded. */
  private record(record: ReplicationRecord): void {
    const argv = this.relevant(record);
    if (argv === null) return;
    if (this.completeOffset === null) this.buffered.push(record);
    else if (record.offset > this.completeOffset) this.forward(record.db, argv);
  }

  /** The record's arguments if it writes these slots (or is keyless: a flush fails the job), else null. */
  private relevant(record: ReplicationRecord): ByteString[] | null {
    const argv = record.argv.map(toByteString);
    const specification = commandTable.get(argv[0]!.toLowerCase());
    if (specification === undefined || specification.flags.has('keyless-write')) return argv;
    const keys = specification.keys(argv, record.db);
    return keys.length > 0 && this.slots.has(keyHashSlot(keys[0]!.key)) ? argv : null;
  }

  private forward(db: number, argv: ByteString[]): void {
    if (this.handoff !== null) return; // paused: only expiry DELs can come now, and the target expires by itself
    const specification = commandTable.get(argv[0]!.toLowerCase());
    if (specification === undefined || specification.flags.has('keyless-write')) return this.fail('Data was flushed on the source');
    this.select(db);
    this.send(argv);
  }

  /** Round trips of ACK until at most `catchUpCommands` remain unanswered, then the handoff. */
  private async catchUp(): Promise<void> {
    const { options } = this.host;
    try {
      do {
        await this.request(['CLUSTER', 'SYNCSLOTS', 'ACK']);
        this.job.lastAckTime = Math.floor(this.job.clock() / 1000);
        this.job.publish();
        if (this.job.finished) return;
      } while (this.link!.unanswered > options.catchUpCommands);
      this.job.enter('waiting-to-pause');
      this.live?.unsubscribe();
      this.handoff = new SlotHandoff(this.host, this.job, this.link!, this.target);
      await this.handoff.run();
      this.stop();
    } catch (error) {
      this.fail(messageOf(error), 'failed', error);
    }
  }

  /**
   * Pauses the cursor (never the writers) while more than `maxUnanswered` commands are on their
   * way; an ACK round trip tells when the target has worked through them. A target that does not
   * answer it within `stageTimeoutMs` fails the job (the cursor would otherwise wait for good).
   */
  private throttle(): void {
    if (this.congested.value || this.link!.unanswered <= this.host.options.maxUnanswered) return;
    this.congested.next(true);
    this.request(['CLUSTER', 'SYNCSLOTS', 'ACK']).then(
      () => this.congested.next(false),
      (error: unknown) => isForklessError(error, 'FORKLESS_ERR_TIMEOUT') && this.fail(messageOf(error), 'failed', error), // a broken link is reported by `broken`
    );
  }

  private select(db: number): void {
    if (db === this.linkDb) return;
    this.linkDb = db;
    this.send(['SELECT', String(db)]);
  }

  private send(argv: readonly ByteString[]): void {
    this.link!.write(argv);
    this.job.commands++;
    for (const argument of argv) this.job.bytes += argument.length;
  }

  private request(argv: readonly ByteString[]): Promise<unknown> {
    const { options, scheduler } = this.host;
    return withTimeout(this.link!.request(argv), options.stageTimeoutMs, scheduler, `Timed out waiting for the target's reply to ${argv.slice(0, 3).join(' ')}`);
  }

  private broken(error: Error): void {
    if (this.handoff === null) this.fail(`Connection lost to target (${error.message}). Check CLUSTER GETSLOTMIGRATIONS on the target node for more information.`, 'failed', error);
  }

  /** Rolls back (before the handoff; the handoff settles its own outcome); `cause` types the job's error. */
  private fail(message: string, state: 'failed' | 'cancelled' = 'failed', cause?: unknown): void {
    if (this.job.finished || this.handoff !== null) return;
    this.job.enter(state, message, cause);
    this.link?.write(['CLUSTER', 'SYNCSLOTS', 'FINISH', 'NAME', this.job.name, 'STATE', 'failed', 'MESSAGE', message]);
    this.stop();
  }

  private stop(): void {
    this.iteration?.unsubscribe();
    this.live?.unsubscribe();
    this.buffered = [];
    const link = this.link;
    // Let the last written commands (FINISH) reach the target before closing; a hung target is cut.
    if (link !== null)
      void this.request(['CLUSTER', 'SYNCSLOTS', 'ACK'])
        .finally(() => link.close())
        .catch(() => {});
  }
}

function messageOf(error: unknown): string {
  return String((error as Error)?.message ?? error);
}

/** The same error (its type and code kept for the job's error) with Valkey's prefix on its message. */
function prefixed(prefix: string, error: unknown): unknown {
  if (error instanceof Error) error.message = prefix + error.message;
  return error;
}
