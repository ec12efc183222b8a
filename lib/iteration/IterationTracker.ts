import type { Observer } from 'rxjs';
import { ForklessError } from '../errors.js';
import type { ByteString } from '../keyspace/byteString.js';
import type { Database } from '../keyspace/Database.js';
import type { CompleteItem, EntryItem, PackedEntryItem, StoredIterationItem } from '../keyspace/IterationItem.js';
import { keyHashSlot, SLOT_COUNT } from '../keyspace/keyHashSlot.js';
import { RESTORE_ENTRY, type Keyspace } from '../keyspace/Keyspace.js';
import type { KeyChange, KeyspaceListener, ReplicationRecord, WriteCommand } from '../keyspace/KeyspaceListener.js';
import { markShared } from '../keyspace/Value.js';
import { PackedCollection } from '../keyspace/PackedCollection.js';
import { typeOfStored, type StoredValue } from '../keyspace/StoredValue.js';
import { IterationOutbox } from './IterationOutbox.js';
import { SlotRanges } from './SlotRanges.js';

/** Which of the four consistency modes an iteration runs in, and which slots it covers. */
export interface IterationMode {
  /** Entries are exactly the keyspace at subscription (T0), with T0 values and T0 db indices. */
  readonly consistent: boolean;
  /** Forward the writes needed to make a replica converge (see docs/architecture.md, "The four modes"). */
  readonly replication: boolean;
  /** Only keys of these hash slots are iterated and only their writes forwarded (default: all). */
  readonly slots?: SlotRanges;
  /** Emit a small collection as stored, packed (a sink that sends it as such), instead of unpacked. */
  readonly packed?: boolean;
}

/** What the tracker decided about one write; the write scope hands it back with every change. */
interface Decision {
  /** Forward the write's records (replication modes). */
  readonly forward: boolean;
  /** FLUSHALL or a replacement of every database: one barrier for all of them. */
  readonly allDatabases: boolean;
  barrierSent: boolean;
  /** Keys the replica already has that change without a forwarded record: presented again at the end. */
  readonly refresh: [Database, ByteString][];
}

/** The decision of a write that needs no per-write state (shared: never changed in the modes that get it). */
const NOTHING: Decision = { forward: false, allDatabases: false, barrierSent: true, refresh: [] };

/**
 * The bookkeeping of one iteration and its listener on the keyspace's write path: where the
 * cursor is, which keys were presented ahead of it, and what each write means for the stream.
 * Items go into one {@link IterationOutbox} in causal order and reach the subscriber at safe
 * points only (after the outermost write, or after a cursor cycle).
 *
 * A key's position is its database in walk order, then its hash slot: the cursor walks slot by
 * slot and takes a slot's keys as they are when it enters the slot. A key is *past* when the
 * cursor went by its position, or it was presented ahead of the cursor (marked), or it is in the
 * slot being walked without being among the keys still pending there.
 *
 * @example
 * ```ts
 * const tracker = new IterationTracker(keyspace, { consistent: true, replication: false }, subscriber);
 * tracker.advance(512, () => false); // one cursor cycle, delivered at once
 * tracker.close();
 * ```
 */
export class IterationTracker implements KeyspaceListener<Decision> {
  /** Replication offset at T0. */
  readonly startOffset: number;
  private readonly outbox: IterationOutbox;
  private readonly slots: SlotRanges;
  private readonly order: Database[];
  /** Walk position of each database; for T0 databases, also their T0 index. */
  private readonly position = new Map<Database, number>();
  private current = 0;
  private slot = -1;
  /** The keys of the slot being walked, as they were when the cursor entered it. */
  private slotKeys: ByteString[] = [];
  /** Index in `slotKeys` of the next key: the keys from here on are still pending. */
  private slotIndex = 0;
  /** Position of each key of a large slot in `slotKeys`, built on the first question. */
  private slotPositions: Map<ByteString, number> | null = null;
  /** Keys presented ahead of the cursor (or, in consistent mode, created after T0 ahead of it). */
  private readonly marks = new Map<Database, Set<ByteString>>();
  private closed = false;
  /** Closed, or failed: either way the write path no longer concerns this iteration. */
  private inert = false;
  private readonly detach: () => void;

  constructor(
    private readonly keyspace: Keyspace,
    readonly mode: IterationMode,
    subscriber: Observer<StoredIterationItem>,
  ) {
    this.outbox = new IterationOutbox(subscriber);
    this.slots = mode.slots ?? SlotRanges.all;
    this.startOffset = keyspace.offset;
    this.order = keyspace.databases.slice();
    this.order.forEach((database, index) => this.position.set(database, index));
    this.detach = keyspace.observe(this);
  }

  /** True once the cursor has gone through every database. */
  get done(): boolean {
    return this.current >= this.order.length;
  }

  /**
   * Advances the cursor: presents up to `limit` entries, stopping early when `outOfTime()` says the
   * cycle's budget is spent (checked every 64 steps), then delivers. Returns the entries presented.
   */
  advance(limit: number, outOfTime: () => boolean): number {
    let presented = 0;
    for (let steps = 1; presented < limit && !this.done; steps++) {
      if (this.step()) presented++;
      if ((steps & 63) === 0 && outOfTime()) break;
    }
    this.outbox.drain();
    return presented;
  }

  /** Queues the final item and delivers it: T0 offset for a consistent snapshot, the current offset otherwise. */
  finish(): void {
    const offset = this.mode.consistent && !this.mode.replication ? this.startOffset : this.keyspace.offset;
    this.outbox.push({ kind: 'complete', offset } satisfies CompleteItem);
    this.outbox.drain();
  }

  /** Ends the stream with `error` after what is already queued. */
  fail(error: unknown): void {
    this.inert = true;
    this.outbox.fail(error);
    this.outbox.drain();
  }

  /** Stops listening to the keyspace and drops every reference to its data. */
  close(): void {
    if (this.closed) return;
    this.closed = this.inert = true;
    this.detach();
    this.outbox.close();
    this.marks.clear();
    this.slotKeys = [];
    this.slotPositions = null;
    this.order.length = 0;
  }

  // ---- the write path ----

  beginWrite(write: WriteCommand): Decision {
    if (this.inert) return NOTHING;
    const { consistent, replication } = this.mode;
    const allDatabases = write.name === 'flushall' || write.name === 'replacewith';
    const unpropagated = write.name === RESTORE_ENTRY || write.name === 'replacewith';
    if (replication && unpropagated && (consistent || write.name === 'replacewith')) {
      // No command can carry this change to the replica: the iteration cannot stay exact.
      this.inert = true;
      this.outbox.fail(new ForklessError('FORKLESS_ERR_ITERATION_CLOSED', `the keyspace was changed by ${write.name} under a replicating iteration`));
      return NOTHING;
    }
    // A consistent iteration without replication decides nothing per write: copy-before-write
    // needs only the key changes.
    if (consistent && !replication) return NOTHING;
    const decision: Decision = { forward: false, allDatabases, barrierSent: false, refresh: [] };
    if (!replication || unpropagated) return decision;
    const keys = write.keys.filter(({ key }) => this.slots.has(keyHashSlot(key)));
    const forward = consistent || write.keyless || keys.some(({ db, key }) => this.isMissingOrPast(db, key));
    if (!forward) return decision;
    // The replica needs every key the command touches (read keys too) before it replays it.
    for (const { db, key } of keys) {
      const store = this.keyspace.databases[db]!;
      if (store.get(key) !== undefined && !this.isPast(store, key)) this.expedite(store, key);
    }
    return { ...decision, forward: true };
  }

  beforeKeyChange(decision: Decision, store: Database, key: ByteString, change: KeyChange): void {
    if (this.inert) return;
    const slot = keyHashSlot(key);
    if (!this.slots.has(slot)) return;
    const past = this.isPast(store, key, slot);
    if (this.mode.consistent) {
      // Copy-before-write: present the T0 value first; a key new since T0 is never presented.
      if (past) return;
      if (change === 'create') this.mark(store, key);
      else this.expedite(store, key);
      return;
    }
    if (change === 'delete') this.marks.get(store)?.delete(key);
    if (!this.mode.replication) return;
    if (change === 'create' && decision.forward && !past) this.mark(store, key);
    else if (past && !decision.forward && change !== 'delete') decision.refresh.push([store, key]);
  }

  swapped(_decision: Decision, first: number, second: number): void {
    if (this.inert) return;
    if (!this.mode.consistent) {
      this.outbox.push({ kind: 'swapdb', db: first, other: second });
    } else if (this.mode.replication) {
      // Entries carry T0 indices but the replica swaps when it replays SWAPDB: present the
      // remaining T0 entries of both databases before the command.
      this.presentRemaining(this.keyspace.databases[first]!);
      this.presentRemaining(this.keyspace.databases[second]!);
    }
  }

  flushed(decision: Decision, replaced: Database, replacement: Database): void {
    if (this.inert) return;
    if (this.mode.consistent) {
      // The replaced object keeps the T0 data; with replication, present it before the FLUSHDB.
      if (this.mode.replication) this.presentRemaining(replaced);
      return;
    }
    if (!decision.allDatabases) this.outbox.push({ kind: 'flushdb', db: replaced.index });
    else if (!decision.barrierSent) this.outbox.push({ kind: 'flushdb', db: -1 });
    decision.barrierSent ||= decision.allDatabases;
    // Keys created from now on arrive as commands (replication) or were never there at T0.
    if (replacement.size === 0 || this.mode.replication) return;
    this.position.set(replacement, this.order.length);
    this.order.push(replacement);
  }

  propagated(decision: Decision, { offset, db, argv, unit }: ReplicationRecord): void {
    if (!this.inert && decision.forward) this.outbox.push({ kind: 'command', db, argv, offset, unit });
  }

  endWrite(decision: Decision): void {
    if (this.inert) return;
    for (const [store, key] of decision.refresh) if (store.get(key) !== undefined) this.outbox.push(this.present(store, key, true));
  }

  settle(): void {
    this.outbox.drain();
  }

  // ---- the cursor ----

  /** Takes one step of the walk; true if it presented an entry. */
  private step(): boolean {
    const store = this.order[this.current]!;
    // A database flushed while the cursor is inside one of its slots is left at once: its keys are
    // gone (the flush barrier is already out), not to be presented after it.
    if (this.slotIndex === this.slotKeys.length || this.skipsDatabase(store)) {
      this.enterNextSlot(store);
      return false;
    }
    const key = this.slotKeys[this.slotIndex++]!;
    const marks = this.marks.get(store);
    if (marks !== undefined && marks.delete(key)) return false;
    // The slot's own map: no hashing of the key to find its slot again.
    const value = store.slot(this.slot)?.get(key);
    if (value === undefined) return false;
    this.outbox.push(this.presentValue(store, key, value, false));
    return true;
  }

  private enterNextSlot(store: Database): void {
    this.slot = this.skipsDatabase(store) ? SLOT_COUNT : this.slots.next(store, this.slot + 1);
    this.slotIndex = 0;
    this.slotPositions = null;
    if (this.slot < SLOT_COUNT) {
      this.slotKeys = Array.from(store.slot(this.slot)!.keys());
      return;
    }
    this.slotKeys = [];
    this.marks.delete(store);
    this.current++;
    this.slot = -1;
  }

  /** Whether `key`, of the slot being walked, is still ahead of the cursor there. */
  private pendingInSlot(key: ByteString): boolean {
    const keys = this.slotKeys;
    if (keys.length <= 64) return keys.indexOf(key, this.slotIndex) !== -1;
    this.slotPositions ??= new Map(keys.map((slotKey, index) => [slotKey, index]));
    return (this.slotPositions.get(key) ?? -1) >= this.slotIndex;
  }

  // ---- rules ----

  private isMissingOrPast(db: number, key: ByteString): boolean {
    const store = this.keyspace.databases[db]!;
    return store.get(key) === undefined || this.isPast(store, key);
  }

  /** Whether the cursor went by `key` (of hash slot `slot`) or presented it ahead of itself. */
  private isPast(store: Database, key: ByteString, slot = keyHashSlot(key)): boolean {
    const position = this.position.get(store);
    // A database this iteration never saw (a flush replacement) only holds keys newer than T0.
    if (position === undefined || position < this.current) return true;
    if (position === this.current) {
      if (slot < this.slot || (slot === this.slot && !this.pendingInSlot(key))) return true;
    }
    // Ahead of the cursor: past only if presented ahead of it (the marks grow with the writes, so
    // they are looked up last).
    return this.marks.get(store)?.has(key) === true;
  }

  private skipsDatabase(store: Database): boolean {
    return !this.mode.consistent && !store.live;
  }

  private mark(store: Database, key: ByteString): void {
    let marks = this.marks.get(store);
    if (marks === undefined) this.marks.set(store, (marks = new Set()));
    marks.add(key);
  }

  private expedite(store: Database, key: ByteString): void {
    this.mark(store, key);
    this.outbox.push(this.present(store, key, true));
  }

  private presentRemaining(store: Database): void {
    for (const key of store.keys()) {
      const slot = keyHashSlot(key);
      if (this.slots.has(slot) && !this.isPast(store, key, slot)) this.expedite(store, key);
    }
  }

  private present(store: Database, key: ByteString, expedited: boolean) {
    return this.presentValue(store, key, store.get(key)!, expedited);
  }

  private presentValue(store: Database, key: ByteString, stored: StoredValue, expedited: boolean): EntryItem | PackedEntryItem {
    // A packed value never changes; an unpacked one is new; a container is copied on its next write.
    const value = typeof stored === 'string' ? stored : stored instanceof PackedCollection ? (this.mode.packed === true ? stored : stored.unpack()) : markShared(stored);
    // A consistent iteration only ever walks its T0 databases, whose position is their T0 index.
    const db = this.mode.consistent ? this.position.get(store)! : store.index;
    return { kind: 'entry', db, key, type: typeOfStored(value), value, expiresAt: store.expiryOf(key), expedited } as EntryItem | PackedEntryItem;
  }
}
