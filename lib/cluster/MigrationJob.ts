import { BehaviorSubject, concat, defer, EMPTY, filter, throwError, type Observable } from 'rxjs';
import { ForklessError, type ForklessErrorCode } from '../errors.js';
import type { SlotRange } from '../iteration/SlotRanges.js';
import type { Reply } from '../keyspace/Reply.js';
import { ReplyError } from '../keyspace/ReplyError.js';

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
  private failure: ForklessError | null = null;
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

  /**
   * Why the job failed or was cancelled, null otherwise: `FORKLESS_ERR_UNAUTHORIZED` (AUTH
   * refused), `FORKLESS_ERR_CLOSED` (link lost, target unreachable), `FORKLESS_ERR_TIMEOUT`,
   * `FORKLESS_ERR_PROTOCOL`, `FORKLESS_ERR_MIGRATION_CANCELLED` or `FORKLESS_ERR_MIGRATION_FAILED`
   * (any other reason); the message is the job's, `details` has `job` and `state`.
   */
  get error(): ForklessError | null {
    return this.failure;
  }

  /** Whether the job reached success, cancelled or failed. */
  get finished(): boolean {
    return FINISHED.has(this.current);
  }

  /** Progress after each state change and at most once per batch of sent data; completes when the job finishes. */
  get progress$(): Observable<MigrationProgress> {
    return this.progress.pipe(filter((progress): progress is MigrationProgress => progress !== null));
  }

  /**
   * Like {@link progress$}, but a job that fails or is cancelled errors with its {@link error}
   * after its last progress instead of completing (the library's `ClusterNode.migrate`).
   */
  get outcome$(): Observable<MigrationProgress> {
    return concat(
      this.progress$,
      defer(() => (this.failure === null ? EMPTY : throwError(() => this.failure))),
    );
  }

  /** Moves to a state (a finished job never changes again); `cause` types a failure's {@link error}. */
  enter(state: MigrationState, message = this.text, cause?: unknown): void {
    if (this.finished) return;
    this.current = state;
    this.text = message;
    if (state === 'failed' || state === 'cancelled') {
      const code = state === 'cancelled' ? 'FORKLESS_ERR_MIGRATION_CANCELLED' : failureCode(cause);
      this.failure = new ForklessError(code, message, { job: this.name, state });
    }
    this.lastUpdateTime = Math.floor(this.clock() / 1000);
    this.publish();
    if (this.finished) this.progress.complete();
  }

  /** Publishes the counters. */
  publish(): void {
    const { name, operation, keys, commands, bytes, pauseMs } = this;
    this.progress.next({ name, operation, state: this.current, message: this.text, keys, commands, bytes, pauseMs });
  }

  /**
   * One line for a server's log, as Valkey logs a finished job, e.g. `slot migration 3f…
   * export 0-8191 to 9a…: success, 1000000 keys, 112 MB sent, handoff pause 4.21 ms`.
   */
  summary(): string {
    const ranges = this.ranges.map(([start, end]) => `${start}-${end}`).join(' ');
    const peer = this.operation === 'EXPORT' ? `to ${this.targetNode}` : `from ${this.sourceNode}`;
    const outcome = this.current === 'success' ? `${this.keys} keys, ${(this.bytes / 1e6).toFixed(1)} MB sent, handoff pause ${this.pauseMs.toFixed(2)} ms` : this.text;
    return `slot migration ${this.name} ${this.operation.toLowerCase()} ${ranges} ${peer}: ${this.current}, ${outcome}`;
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

/** The code of a failure from its cause (a link's typed error, a refused AUTH, a socket error). */
function failureCode(cause: unknown): ForklessErrorCode {
  if (cause instanceof ForklessError) return cause.code;
  if (cause instanceof ReplyError) return /\b(NOAUTH|WRONGPASS|NOPERM) /.test(cause.message) ? 'FORKLESS_ERR_UNAUTHORIZED' : 'FORKLESS_ERR_MIGRATION_FAILED';
  const code = (cause as { code?: unknown } | undefined)?.code;
  return typeof code === 'string' && /^E[A-Z]+$/.test(code) ? 'FORKLESS_ERR_CLOSED' : 'FORKLESS_ERR_MIGRATION_FAILED';
}
