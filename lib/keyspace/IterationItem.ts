import type { ReplicationUnit } from './KeyspaceListener.js';
import type { PackedCollection } from './PackedCollection.js';
import type { CollectionType, Value, ValueType } from './Value.js';

/**
 * One key with its value, as an iteration presents it.
 *
 * `key` and string values are byte strings (one char per byte; ASCII text reads as itself).
 * Collection values are the keyspace's own containers, frozen by copy-on-write: they never change
 * after emission, and must not be mutated by the consumer.
 */
export interface EntryItem {
  readonly kind: 'entry';
  readonly db: number;
  readonly key: string;
  readonly type: ValueType;
  readonly value: Value;
  /** Absolute expiry in ms, or null. */
  readonly expiresAt: number | null;
  /**
   * True when a write presented the key ahead of the cursor (copy-before-write, or a forwarded
   * command's keys); false for the cursor's own entries.
   */
  readonly expedited?: boolean;
}

/**
 * An entry whose small collection arrives packed, the way a keyspace stores it (a follower reads
 * these off the wire); `Keyspace.apply` takes it as it takes an {@link EntryItem}.
 */
export interface PackedEntryItem extends Omit<EntryItem, 'type' | 'value'> {
  readonly type: CollectionType;
  readonly value: PackedCollection;
}

/** What an iteration that hands small collections out packed emits. */
export type StoredIterationItem = IterationItem | PackedEntryItem;

/** A forwarded write, in its deterministic propagated form. */
export interface CommandItem {
  readonly kind: 'command';
  readonly db: number;
  readonly argv: readonly (string | Uint8Array)[];
  readonly offset: number;
  /** Its replication record's unit (set by iterations; not carried by the WebSocket wire format). */
  readonly unit?: ReplicationUnit;
}

/** Barrier: databases `db` and `other` were swapped; later items use the new numbering. */
export interface SwapDbItem {
  readonly kind: 'swapdb';
  readonly db: number;
  readonly other: number;
}

/** Barrier: database `db` was flushed (`db` = -1 for FLUSHALL). */
export interface FlushDbItem {
  readonly kind: 'flushdb';
  readonly db: number;
}

/**
 * The last item. `offset` is the replication offset the items correspond to: for a consistent
 * iteration without replication, the offset at subscription (T0); otherwise the offset at the
 * moment of completion.
 */
export interface CompleteItem {
  readonly kind: 'complete';
  readonly offset: number;
}

/** Everything an iteration emits. */
export type IterationItem = EntryItem | CommandItem | SwapDbItem | FlushDbItem | CompleteItem;
