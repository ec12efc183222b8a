import { BehaviorSubject, Observable, type Subscriber, type Subscription } from 'rxjs';
import { dirname } from 'node:path';
import { ForklessError } from '../errors.js';
import { CpuShare } from '../iteration/CpuShare.js';
import type { EntryItem, PackedEntryItem, StoredIterationItem } from '../keyspace/IterationItem.js';
import type { RdbDatabaseSize } from '../rdb/RdbWriter.js';
import { forklessEncoder } from './forklessEncoder.js';
import { rdbEncoder } from './rdbEncoder.js';
import type { SnapshotEncoder } from './SnapshotEncoder.js';
import { SnapshotFileSink } from './SnapshotFileSink.js';
import type { SnapshotHeader } from './SnapshotHeader.js';
import type { SnapshotProgress } from './SnapshotProgress.js';
import { invalidOption } from '../optionRules.js';
import { HISTORY_ID_OPTION, normalizeWriteSnapshotOptions, type NormalizedWriteSnapshotOptions, type WriteSnapshotOptions } from './SnapshotOptions.js';
import { removeStaleTemporaryFiles } from './temporaryFiles.js';

export type { WriteSnapshotOptions } from './SnapshotOptions.js';

/** What the header records, plus the key count progress is measured against. */
export interface SnapshotMeta extends Omit<SnapshotHeader, 'formatVersion'> {
  readonly keysTotal: number;
  /** Keys and keys with an expiry per database at T0: RDB's RESIZEDB hints (default: none). */
  readonly databaseSizes?: readonly RdbDatabaseSize[];
}

/** Items queued beyond this make the sink ask the cursor to pause. */
const QUEUE_HIGH_WATER = 1024;

/** Unwinds the write loop when the save is cancelled. */
class Cancelled extends Error {}

/**
 * The snapshot sink: consumes an iteration (entries, then `complete`) and writes a snapshot file,
 * durably and atomically. `createItems` receives the sink's backpressure signal (true while it
 * wants the cursor to pause) and is subscribed synchronously, so the caller's T0 is kept.
 * Unsubscribing cancels: the temporary file is removed and `onSettled` gets state `cancelled`.
 * The point of no return is the rename over `path`, once the file is complete and fsynced: a cancel
 * that arrives from then on no longer stops the save, which ends `done` with the new file.
 *
 * @example
 * ```ts
 * writeSnapshot((backpressure$) => bgIteration(ks, { consistent: true, replication: false, backpressure$ }), 'dump.fkl', meta)
 *   .subscribe((progress) => console.log(progress.keysWritten));
 * ```
 */
export function writeSnapshot(
  createItems: (backpressure$: Observable<boolean>) => Observable<StoredIterationItem>,
  path: string,
  meta: SnapshotMeta,
  options: WriteSnapshotOptions = {},
): Observable<SnapshotProgress> {
  if (!HISTORY_ID_OPTION.accepts(meta.historyId)) throw invalidOption('writeSnapshot', 'meta.historyId', meta.historyId, HISTORY_ID_OPTION.range);
  const settings = normalizeWriteSnapshotOptions(options);
  return writeCheckedSnapshot(createItems, path, meta, settings, cpuShareOf(settings));
}

/** The cap on the event loop a save's options ask for, or null. */
export function cpuShareOf(options: NormalizedWriteSnapshotOptions): CpuShare | null {
  return options.cpuShare < 1 ? new CpuShare(options.cpuShare) : null;
}

/** {@link writeSnapshot} with options already checked (by `saveSnapshot`), sharing `share` with its iteration. */
export function writeCheckedSnapshot(
  createItems: (backpressure$: Observable<boolean>) => Observable<StoredIterationItem>,
  path: string,
  meta: SnapshotMeta,
  options: NormalizedWriteSnapshotOptions,
  share: CpuShare | null,
): Observable<SnapshotProgress> {
  return new Observable<SnapshotProgress>((subscriber) => {
    const save = new SnapshotSave(path, meta, options, subscriber, share);
    save.start(createItems);
    return () => save.stop();
  });
}

/** One save in progress: queue of items, write loop, settlement. */
class SnapshotSave {
  private readonly queue: (EntryItem | PackedEntryItem)[] = [];
  private queueHead = 0;
  private completeOffset: number | null = null;
  private sourceError: unknown = null;
  private stopped = false;
  private wake: (() => void) | null = null;
  private readonly backpressure = new BehaviorSubject(true);
  private source: Subscription | null = null;
  private sink: SnapshotFileSink | null = null;
  private keysWritten = 0;
  private readonly now: () => number;
  private readonly startedAt: number;
  private lastProgressAt = -Infinity;

  constructor(
    private readonly path: string,
    private readonly meta: SnapshotMeta,
    private readonly options: NormalizedWriteSnapshotOptions,
    private readonly subscriber: Subscriber<SnapshotProgress>,
    private readonly share: CpuShare | null,
  ) {
    this.now = options.now;
    this.startedAt = this.now();
  }

  start(createItems: (backpressure$: Observable<boolean>) => Observable<StoredIterationItem>): void {
    this.options.signal?.addEventListener('abort', () => this.stop(), { once: true });
    this.source = createItems(this.backpressure.asObservable()).subscribe({
      next: (item) => this.accept(item),
      error: (error: unknown) => this.endSource(error),
      complete: () => this.endSource(this.completeOffset === null ? new ForklessError('FORKLESS_ERR_ITERATION_CLOSED', 'the iteration ended without a complete item') : null),
    });
    if (this.options.signal?.aborted) this.stop();
    void this.run();
  }

  /** Cancels (idempotent; no effect once settled). */
  stop(): void {
    this.stopped = true;
    this.source?.unsubscribe();
    this.wakeUp();
  }

  private accept(item: StoredIterationItem): void {
    if (item.kind === 'entry') this.queue.push(item);
    else if (item.kind === 'complete') this.completeOffset = item.offset;
    // Barriers and commands do not occur in a consistent iteration without replication; a sink of
    // T0 entries has nothing to do with them (as Valkey's forkless save ignores them).
    this.updateBackpressure();
    this.wakeUp();
  }

  private endSource(error: unknown): void {
    this.sourceError = error;
    this.wakeUp();
  }

  private async run(): Promise<void> {
    try {
      await removeStaleTemporaryFiles(dirname(this.path));
      this.sink = await SnapshotFileSink.open(this.path);
      this.throwIfStopped();
      const encoder = this.createEncoder();
      encoder.begin(this.sink);
      this.emitProgress();
      await this.writeEntries(this.sink, encoder);
      if (this.completeOffset !== this.meta.offset) {
        throw new ForklessError('FORKLESS_ERR_SNAPSHOT_OFFSET', `the iteration completed at offset ${this.completeOffset}, the header says T0 offset ${this.meta.offset}`);
      }
      await encoder.finish(this.sink, this.keysWritten);
      // The point of no return: a cancel until here removes the file; from the rename on, `done`.
      this.throwIfStopped();
      await this.sink.publish();
      this.settle('done');
    } catch (error) {
      await this.sink?.discard();
      if (error instanceof Cancelled) this.settle('cancelled');
      else this.settle('failed', error as Error);
    }
  }

  /** Drains the queue until the iteration completes, pausing for the stream and the event loop. */
  private createEncoder(): SnapshotEncoder {
    const { historyId, offset, createdAt, databases } = this.meta;
    if (this.options.format !== 'rdb') return forklessEncoder({ historyId, offset, createdAt, databases });
    return rdbEncoder({ createdAt, replicationId: historyId, replicationOffset: offset }, this.meta.databaseSizes ?? []);
  }

  private async writeEntries(sink: SnapshotFileSink, encoder: SnapshotEncoder): Promise<void> {
    const { sliceMs } = this.options;
    let sliceStart = this.now();
    for (;;) {
      this.throwIfStopped();
      this.updateBackpressure();
      const item = this.nextItem();
      if (item === null) {
        if (this.sourceError !== null) throw this.sourceError;
        if (this.completeOffset !== null) return;
        // Congested only by the disk: wait for it to drain, or the cursor (paused by the
        // congestion) and this loop (waiting for items) would wait for each other forever.
        if (sink.needsDrain) {
          await this.drain(sink);
          continue;
        }
        // Resume on the check phase, never inside the callback that queued the item (a writer's
        // timer tick, the cursor's cycle): encoding then gets its own slice of the event loop.
        this.share?.spent(this.now() - sliceStart);
        await new Promise<void>((resolve) => (this.wake = () => (this.share === null ? setImmediate(resolve) : void this.share.turn().then(resolve))));
        sliceStart = this.now();
        continue;
      }
      const steps = encoder.entry(item, sink);
      while (steps !== null && steps.next().done !== true) {
        if (sink.needsDrain) await this.drain(sink);
        if (this.now() - sliceStart >= sliceMs) sliceStart = await this.yieldSlice(sliceStart);
      }
      // Small entries are checked every 64 keys: reading the clock per key costs more than encoding.
      if ((++this.keysWritten & 63) === 0 || steps !== null) {
        if (sink.needsDrain) await this.drain(sink);
        if (this.now() - sliceStart >= sliceMs) sliceStart = await this.yieldSlice(sliceStart);
        this.emitProgress();
      }
    }
  }

  private async drain(sink: SnapshotFileSink): Promise<void> {
    this.updateBackpressure();
    await sink.drained();
    this.throwIfStopped();
  }

  /** Lets the event loop run (until the CPU share allows more, if capped), then returns the new slice start. */
  private async yieldSlice(sliceStart: number): Promise<number> {
    if (this.share === null) await new Promise((resolve) => setImmediate(resolve));
    else {
      this.share.spent(this.now() - sliceStart);
      await this.share.turn();
    }
    this.throwIfStopped();
    return this.now();
  }

  private nextItem(): EntryItem | PackedEntryItem | null {
    if (this.queueHead === this.queue.length) {
      this.queue.length = 0;
      this.queueHead = 0;
      return null;
    }
    return this.queue[this.queueHead++]!;
  }

  private updateBackpressure(): void {
    const queued = this.queue.length - this.queueHead;
    const congested = this.sink === null || this.sink.needsDrain || queued >= QUEUE_HIGH_WATER;
    // Called once per item: emit only changes instead of filtering a stream of repeats downstream.
    if (congested !== this.backpressure.value) this.backpressure.next(congested);
  }

  private throwIfStopped(): void {
    if (this.stopped) throw new Cancelled();
  }

  private wakeUp(): void {
    const wake = this.wake;
    this.wake = null;
    wake?.();
  }

  private emitProgress(): void {
    const now = this.now();
    if (now - this.lastProgressAt < this.options.progressIntervalMs) return;
    this.lastProgressAt = now;
    this.subscriber.next(this.progress('running'));
  }

  private settle(state: 'done' | 'cancelled' | 'failed', error?: Error): void {
    this.source?.unsubscribe();
    this.backpressure.complete();
    const outcome = this.progress(state, error);
    this.options.onSettled?.(outcome);
    if (state === 'failed') this.subscriber.error(error);
    else {
      this.subscriber.next(outcome);
      this.subscriber.complete();
    }
  }

  private progress(state: SnapshotProgress['state'], error?: Error): SnapshotProgress {
    const elapsedMs = this.now() - this.startedAt;
    const { keysWritten } = this;
    const keysTotal = Math.max(this.meta.keysTotal, keysWritten);
    const estimatedRemainingMs = keysWritten === 0 ? null : state === 'running' ? (elapsedMs / keysWritten) * (keysTotal - keysWritten) : 0;
    const bytesWritten = this.sink?.bytesWritten ?? 0;
    return { state, path: this.path, keysWritten, keysTotal, bytesWritten, elapsedMs, estimatedRemainingMs, ...(error ? { error } : {}) };
  }
}
