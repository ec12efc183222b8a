import { BehaviorSubject, filter, type Observable } from 'rxjs';
import type { SlotRange } from '../iteration/SlotRanges.js';
import type { Reply } from '../keyspace/Reply.js';

/** Valkey 9.0's job states, as `CLUSTER GETSLOTMIGRATIONS` spells them. */
export type MigrationState =
  | 'connecting'
  | 'sending-establish-command'
  | 'snapshotting'
  | 'replicating'
  | 'waiting-to-pause'
  | 'failover-paused'
  | 'failover-granted'
  | 'receiving-snapshot'
  | 'success'
  | 'cancelled'
  | 'failed';

/** A snapshot of a job for the progress Observable. */
export interface MigrationProgress {
  readonly name: string;
  readonly operation: 'EXPORT' | 'IMPORT';
  readonly state: MigrationState;
  readonly message: string;
  /** Keys sent by the snapshot (export) or commands applied (import). */
  readonly keys: number;
  /** Commands sent or applied so far. */
  readonly commands: number;
  /** Bytes of arguments sent or applied so far. */
  readonly bytes: number;
  /** Longest time writes to the slots were paused, in ms (export). */
  readonly pauseMs: number;
}

const FINISHED: ReadonlySet<MigrationState> = new Set(['success', 'cancelled', 'failed']);

/**
 * One slot migration job as either end records it, reported by `CLUSTER GETSLOTMIGRATIONS` in
 * Valkey 9.0's format (name, operation, slot_ranges, target_node, source_node, create_time,
 * last_update_time, last_ack_time, state, message, cow_size — always 0: nothing is forked).
 *
 * @example
 * ```ts
 * job.progress$.subscribe(({ state, keys }) => console.log(state, keys));
 * ```
 */
export class MigrationJob {
  readonly createTime: number;
  lastUpdateTime: number;
  lastAckTime = 0;
  keys = 0;
  commands = 0;
  bytes = 0;
  pauseMs = 0;
  private current: MigrationState;
  private text = '';
  private readonly progress = new BehaviorSubject<MigrationProgress | null>(null);

  constructor(
    readonly name: string,
    readonly operation: 'EXPORT' | 'IMPORT',
    readonly ranges: readonly SlotRange[],
    readonly sourceNode: string,
    readonly targetNode: string,
    readonly clock: () => number,
    state: MigrationState,
  ) {
    this.createTime = this.lastUpdateTime = Math.floor(clock() / 1000);
    this.current = state;
    this.publish();
  }

  get state(): MigrationState {
    return this.current;
  }

  get message(): string {
    return this.text;
  }

  /** Whether the job reached success, cancelled or failed. */
  get finished(): boolean {
    return FINISHED.has(this.current);
  }

  /** Progress after each state change and at most once per batch of sent data; completes when the job finishes. */
  get progress$(): Observable<MigrationProgress> {
    return this.progress.pipe(filter((progress): progress is MigrationProgress => progress !== null));
  }

  /** Moves to a state (a finished job never changes again). */
  enter(state: MigrationState, message = this.text): void {
    if (this.finished) return;
    this.current = state;
    this.text = message;
    this.lastUpdateTime = Math.floor(this.clock() / 1000);
    this.publish();
    if (this.finished) this.progress.complete();
  }

  /** Publishes the counters. */
  publish(): void {
    const { name, operation, keys, commands, bytes, pauseMs } = this;
    this.progress.next({ name, operation, state: this.current, message: this.text, keys, commands, bytes, pauseMs });
  }

  /** The `CLUSTER GETSLOTMIGRATIONS` entry (a map, RESP2: flat pairs). */
  report(): Reply {
    const ranges = this.ranges.map(([start, end]) => `${start}-${end}`).join(' ');
    return [
      ['name', this.name],
      ['operation', this.operation],
      ['slot_ranges', ranges],
      ['target_node', this.targetNode],
      ['source_node', this.sourceNode],
      ['create_time', this.createTime],
      ['last_update_time', this.lastUpdateTime],
      ['last_ack_time', this.lastAckTime],
      ['state', this.current],
      ['message', this.text],
      ['cow_size', 0],
    ].flat();
  }
}
