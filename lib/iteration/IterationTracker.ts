import { Subject, type Observable } from 'rxjs';
import { ForklessError } from '../errors.js';
import type { ByteString } from '../keyspace/byteString.js';
import type { Database } from '../keyspace/Database.js';
import type { Entry } from '../keyspace/Entry.js';
import type { Keyspace } from '../keyspace/Keyspace.js';
import type { KeyspaceObserver, PendingCommand, ReplicationRecord } from '../keyspace/KeyspaceObserver.js';
import type { CompleteItem, EntryItem, IterationItem } from './IterationItem.js';

/** Which of the four consistency modes an iteration runs in. */
export interface IterationMode {
  /** Entries are exactly the keyspace at subscription (T0), with T0 values and T0 db indices. */
  readonly consistent: boolean;
  /** Forward the writes needed to make a replica converge (see docs/architecture.md, "The four modes"). */
  readonly replication: boolean;
}

/**
 * The bookkeeping of one iteration: where the cursor is, which keys were already presented, and
 * which writes to forward. It is the keyspace observer every building block of `bgIteration`
 * shares; all of its hooks are synchronous and O(keys of the command), except SWAPDB/FLUSHDB in
 * consistent+replication mode, which present the affected databases' remaining T0 entries first.
 *
 * A key is *past* when the cursor went by it, or it was presented ahead of the cursor (expedited,
 * or created by a forwarded command), or, in consistent mode, it changed after T0 (its epoch is
 * newer than the iteration's, which only happens after it was expedited or if it is new).
 *
 * @example
 * ```ts
 * const tracker = new IterationTracker(keyspace, { consistent: true, replication: false });
 * tracker.expedited$.subscribe((item) => sink.write(item)); // copy-before-write entries
 * const batch = tracker.takeBatch(512, () => false);          // one cursor cycle
 * tracker.close();
 * ```
 */
export class IterationTracker implements KeyspaceObserver {
  /** The keyspace epoch at T0: entries changed later carry a larger one. */
  readonly epoch: number;
  /** Replication offset at T0. */
  readonly startOffset: number;
  private readonly order: Database[];
  /** Cursor position of each database; for T0 databases, also their T0 index. */
  private readonly position = new Map<Database, number>();
  private current = 0;
  private iterator: Iterator<[ByteString, Entry]> | null = null;
  private lastSequence = 0;
  private readonly presented = new Set<Entry>();
  private readonly expeditedItems = new Subject<IterationItem>();
  private inCommand = false;
  private forwardingCommand = false;
  private flushingAll = false;
  private flushAllBarrierSent = false;
  private expiryForwarding = false;
  private lastDecision = { offset: -1, forward: false };
  private readonly detach: () => void;

  constructor(
    private readonly keyspace: Keyspace,
    readonly mode: IterationMode,
  ) {
    this.epoch = keyspace.nextEpoch();
    this.startOffset = keyspace.offset;
    this.order = keyspace.databases.slice();
    this.order.forEach((database, index) => this.position.set(database, index));
    this.detach = keyspace.observe(this);
  }

  /**
   * The expedite stream: copy-before-write entries and barriers, emitted synchronously inside the
   * writes that cause them.
   */
  get expedited$(): Observable<IterationItem> {
    return this.expeditedItems.asObservable();
  }

  /** True once the cursor has gone through every database. */
  get done(): boolean {
    return this.current >= this.order.length;
  }

  /**
   * Advances the cursor: presents up to `limit` entries, stopping early when `outOfTime()` says the
   * cycle's budget is spent (checked every 64 steps, skipped entries included).
   */
  takeBatch(limit: number, outOfTime: () => boolean): EntryItem[] {
    const batch: EntryItem[] = [];
    for (let steps = 1; batch.length < limit && !this.done; steps++) {
      const store = this.order[this.current]!;
      const next = this.skipsDatabase(store) ? null : (this.iterator ??= store.entries.entries()).next();
      if (next === null || next.done) {
        this.iterator = null;
        this.lastSequence = 0;
        this.current++;
        continue;
      }
      const [key, entry] = next.value;
      this.lastSequence = entry.sequence;
      if (!this.presented.delete(entry) && !(this.mode.consistent && entry.epoch > this.epoch)) {
        batch.push(this.present(store, key, entry, false));
      }
      if ((steps & 63) === 0 && outOfTime()) break;
    }
    return batch;
  }

  /** Whether the record just propagated is forwarded to this iteration. */
  forwards(record: ReplicationRecord): boolean {
    return this.lastDecision.offset === record.offset && this.lastDecision.forward;
  }

  /** The final item: T0 offset for a consistent snapshot, the current offset otherwise. */
  completeItem(): CompleteItem {
    const offset = this.mode.consistent && !this.mode.replication ? this.startOffset : this.keyspace.offset;
    return { kind: 'complete', offset };
  }

  /** Stops observing the keyspace and drops every reference to its data. */
  close(): void {
    this.detach();
    this.presented.clear();
    this.order.length = 0;
    this.iterator = null;
    this.expeditedItems.complete();
  }

  // ---- keyspace hooks ----

  beforeCommand(command: PendingCommand): void {
    this.inCommand = true;
    this.flushingAll = command.specification.name === 'flushall';
    if (!this.mode.replication) return;
    this.forwardingCommand = this.decideForwarding(command);
    if (!this.forwardingCommand) return;
    // The replica needs every key the command touches (read keys too) before it replays it.
    for (const { db, key } of command.keys) {
      const store = this.keyspace.databases[db]!;
      const entry = store.entries.get(key);
      if (entry !== undefined && !this.isPast(store, entry)) this.expedite(store, key, entry);
    }
  }

  beforeChange(store: Database, key: ByteString, entry: Entry, deleting: boolean): void {
    // Copy-before-write: a consistent iteration presents the T0 value before the change.
    if (this.mode.consistent && !this.isPast(store, entry)) this.expedite(store, key, entry);
    if (!deleting) return;
    if (!this.inCommand) this.expiryForwarding = this.mode.replication && this.isPast(store, entry);
    this.presented.delete(entry);
  }

  created(store: Database, _key: ByteString, entry: Entry): void {
    // A key created by a forwarded command reaches the replica through that command.
    if (this.forwardingCommand && !this.isPast(store, entry)) this.presented.add(entry);
  }

  swapped(first: number, second: number): void {
    if (!this.mode.consistent) {
      this.expeditedItems.next({ kind: 'swapdb', db: first, other: second });
    } else if (this.mode.replication) {
      // Entries carry T0 indices but the replica swaps when it replays SWAPDB: present the
      // remaining T0 entries of both databases before the command.
      this.presentRemaining(this.keyspace.databases[first]!);
      this.presentRemaining(this.keyspace.databases[second]!);
    }
  }

  flushed(replaced: Database, replacement: Database): void {
    if (this.mode.consistent) {
      // The replaced object keeps the T0 data; with replication, present it before the FLUSHDB.
      if (this.mode.replication) this.presentRemaining(replaced);
      return;
    }
    if (!this.flushingAll) this.expeditedItems.next({ kind: 'flushdb', db: replaced.index });
    else if (!this.flushAllBarrierSent) this.expeditedItems.next({ kind: 'flushdb', db: -1 });
    this.flushAllBarrierSent ||= this.flushingAll;
    if (replacement.entries.size === 0) return; // keys created from now on arrive as commands: past
    if (this.mode.replication) {
      this.expeditedItems.error(new ForklessError('FORKLESS_ERR_ITERATION_CLOSED', 'the keyspace was replaced under a replicating iteration'));
      return;
    }
    this.position.set(replacement, this.order.length);
    this.order.push(replacement);
  }

  propagated(record: ReplicationRecord, fromCommand: boolean): void {
    if (!this.mode.replication) return;
    this.lastDecision = { offset: record.offset, forward: fromCommand ? this.forwardingCommand : this.expiryForwarding };
    this.expiryForwarding = false;
  }

  afterCommand(): void {
    this.inCommand = false;
    this.forwardingCommand = false;
    this.flushingAll = false;
    this.flushAllBarrierSent = false;
  }

  // ---- rules ----

  private decideForwarding(command: PendingCommand): boolean {
    if (this.mode.consistent || command.specification.flags.has('keyless-write')) return true;
    return command.keys.some(({ db, key }) => {
      const store = this.keyspace.databases[db]!;
      const entry = store.entries.get(key);
      return entry === undefined || this.isPast(store, entry);
    });
  }

  private isPast(store: Database, entry: Entry): boolean {
    if (this.presented.has(entry) || (this.mode.consistent && entry.epoch > this.epoch)) return true;
    const position = this.position.get(store);
    // A database this iteration never saw (a flush replacement) only holds keys newer than T0.
    if (position === undefined || position < this.current) return true;
    return position === this.current && entry.sequence <= this.lastSequence;
  }

  private skipsDatabase(store: Database): boolean {
    return !this.mode.consistent && !store.live;
  }

  private expedite(store: Database, key: ByteString, entry: Entry): void {
    this.presented.add(entry);
    this.expeditedItems.next(this.present(store, key, entry, true));
  }

  private presentRemaining(store: Database): void {
    for (const [key, entry] of store.entries) if (!this.isPast(store, entry)) this.expedite(store, key, entry);
  }

  private present(store: Database, key: ByteString, entry: Entry, expedited: boolean): EntryItem {
    // Copy-on-write from here on: the value handed out never changes.
    if (entry.type !== 'string') entry.shared = true;
    // A consistent iteration only ever walks its T0 databases, whose position is their T0 index.
    const db = this.mode.consistent ? this.position.get(store)! : store.index;
    return { kind: 'entry', db, key, type: entry.type, value: entry.value, expiresAt: entry.expiresAt, expedited };
  }
}
