import type { Observable, Subscription } from 'rxjs';
import { Fanout } from '../keyspace/Fanout.js';
import type { ReplicationRecord } from '../keyspace/KeyspaceListener.js';
import { normalizeOptions } from '../optionRules.js';
import { BACKLOG_OPTIONS, type ReplicationBacklogOptions } from './LeaderOptions.js';
import { estimateBytes } from './wireItem.js';

/**
 * A bounded ring of the latest replication records, like Valkey's replication backlog: it answers
 * "can a follower at offset X continue?" and hands out the records after X.
 *
 * @example
 * ```ts
 * const backlog = new ReplicationBacklog(ks.replication$, ks.offset, { maxBytes: 1 << 20 });
 * if (backlog.covers(followerOffset)) send(backlog.recordsAfter(followerOffset));
 * ```
 */
export class ReplicationBacklog {
  private readonly records: ReplicationRecord[] = [];
  private readonly sizes: number[] = [];
  /** Index of the oldest retained record in `records` (evicted slots are compacted lazily). */
  private head = 0;
  private bytes = 0;
  /** The offset just before the oldest retained record. */
  private baseOffset: number;
  private lastOffset: number;
  private readonly maxBytes: number;
  private readonly maxRecords: number;
  private readonly subscription: Subscription;
  private readonly appended = new Fanout<ReplicationRecord>();

  /**
   * Each record right after it was appended. Catch up with {@link recordsAfter} and subscribe here
   * in the same synchronous step: together they miss and repeat nothing.
   */
  readonly records$: Observable<ReplicationRecord> = this.appended.observable;

  /** @param startOffset the source's offset now: records are expected from `startOffset + 1`. */
  constructor(source: Observable<ReplicationRecord>, startOffset: number, options: ReplicationBacklogOptions = {}) {
    this.baseOffset = this.lastOffset = startOffset;
    ({ maxBytes: this.maxBytes, maxRecords: this.maxRecords } = normalizeOptions('ReplicationBacklog', BACKLOG_OPTIONS, options));
    this.subscription = source.subscribe((record) => this.append(record));
  }

  /** Offset of the newest record (or the start offset). */
  get offset(): number {
    return this.lastOffset;
  }

  /** Offset just before the oldest retained record: the lowest offset a follower may continue from. */
  get oldestContinuableOffset(): number {
    return this.baseOffset;
  }

  /** Number of records held. */
  get length(): number {
    return this.records.length - this.head;
  }

  /** Approximate bytes held. */
  get size(): number {
    return this.bytes;
  }

  /** True when every record after `offset` is still held (a follower at `offset` can continue). */
  covers(offset: number): boolean {
    return offset >= this.baseOffset && offset <= this.lastOffset;
  }

  /** The records after `offset`, oldest first. Call only when {@link covers} is true. */
  recordsAfter(offset: number): ReplicationRecord[] {
    return this.records.slice(this.head + (offset - this.baseOffset));
  }

  /**
   * Drops every record and starts a new window at `offset` (the source's data was replaced: no
   * earlier record applies to it any more).
   */
  reset(offset: number): void {
    this.clear(offset);
  }

  /** Stops following the source. */
  close(): void {
    this.subscription.unsubscribe();
    this.appended.complete();
  }

  private append(record: ReplicationRecord): void {
    // A jump in offsets (the keyspace adopted another one's data) starts a fresh history window.
    if (record.offset !== this.lastOffset + 1) this.clear(record.offset - 1);
    const size = estimateBytes(record);
    this.records.push(record);
    this.sizes.push(size);
    this.bytes += size;
    this.lastOffset = record.offset;
    while (this.length > 1 && (this.bytes > this.maxBytes || this.length > this.maxRecords)) this.evictOldest();
    this.appended.next(record);
  }

  private evictOldest(): void {
    this.bytes -= this.sizes[this.head]!;
    this.baseOffset = this.records[this.head]!.offset;
    this.head++;
    // Compact once half the array is evicted slots: amortized O(1) per record.
    if (this.head > 1024 && this.head * 2 > this.records.length) {
      this.records.splice(0, this.head);
      this.sizes.splice(0, this.head);
      this.head = 0;
    }
  }

  private clear(baseOffset: number): void {
    this.records.length = 0;
    this.sizes.length = 0;
    this.head = 0;
    this.bytes = 0;
    this.baseOffset = this.lastOffset = baseOffset;
  }
}
