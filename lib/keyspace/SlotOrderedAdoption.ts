import type { ByteString } from './byteString.js';
import { keyHashSlot, SLOT_COUNT } from './keyHashSlot.js';
import { Keyspace } from './Keyspace.js';
import type { StoredValue } from './StoredValue.js';

/** Entries staged before a batch is adopted (each staged entry costs ~90 bytes of arrays). */
const DEFAULT_BATCH = 256 * 1024;

/** Staged entries, one array per field (`offset`: where the entry was read, for errors). */
class EntryColumns {
  readonly dbs: Uint32Array;
  readonly slots: Uint16Array;
  readonly keys: ByteString[];
  readonly values: StoredValue[];
  readonly expiries: (number | null)[];
  readonly offsets: Float64Array;

  constructor(capacity: number) {
    this.dbs = new Uint32Array(capacity);
    this.slots = new Uint16Array(capacity);
    this.keys = new Array<ByteString>(capacity);
    this.values = new Array<StoredValue>(capacity);
    this.expiries = new Array<number | null>(capacity);
    this.offsets = new Float64Array(capacity);
  }

  /** Copies entry `from` of `source` to position `to`. */
  copy(source: EntryColumns, from: number, to: number): void {
    this.dbs[to] = source.dbs[from]!;
    this.slots[to] = source.slots[from]!;
    this.keys[to] = source.keys[from]!;
    this.values[to] = source.values[from]!;
    this.expiries[to] = source.expiries[from]!;
    this.offsets[to] = source.offsets[from]!;
  }

  /** Drops the references of the first `count` entries, so a batch's values do not outlive it here. */
  release(count: number): void {
    this.keys.fill('', 0, count);
    this.values.fill('', 0, count);
  }
}

/**
 * Adopts loaded entries batch by batch, each batch in hash-slot order (stable: entries of one
 * slot keep their order). A keyspace keeps one map per slot, so a file written in another order
 * (an RDB from Redis, in its dict's order) would touch a random one of 16384 maps per key, a
 * cache miss or several each time; sorted, a batch fills the maps one slot after another, as a
 * forkless snapshot (written slot by slot) does by itself. The sort moves the entries themselves
 * into slot order (a counting sort), so adoption reads them front to back.
 *
 * @example
 * ```ts
 * const adoption = new SlotOrderedAdoption(fresh, (offset, db) => { throw duplicateKey(db, offset); });
 * for (const { db, key, type, value, expiresAt, offset } of entries) adoption.add(db, key, type, value, expiresAt, offset);
 * adoption.flush(); // the last batch
 * ```
 */
export class SlotOrderedAdoption {
  private readonly arrived: EntryColumns;
  private readonly sorted: EntryColumns;
  private readonly starts = new Uint32Array(SLOT_COUNT + 1);
  private staged = 0;

  /**
   * @param onDuplicate called with the entry's offset and database when its key is already there
   *   (null: a later entry of a key replaces the earlier one).
   */
  constructor(
    private readonly keyspace: Keyspace,
    private readonly onDuplicate: ((offset: number, db: number) => void) | null,
    private readonly batch = DEFAULT_BATCH,
  ) {
    this.arrived = new EntryColumns(batch);
    this.sorted = new EntryColumns(batch);
  }

  /** Stages one entry (`offset`: where it was read, for errors); adopts a full batch. */
  add(db: number, key: ByteString, type: string, value: StoredValue, expiresAt: number | null, offset: number): void {
    const index = this.staged++;
    const { arrived } = this;
    arrived.dbs[index] = db;
    arrived.slots[index] = keyHashSlot(key);
    arrived.keys[index] = key;
    // Checked and packed now, while the value is in cache (a small collection then waits as one
    // string, not as a container and its elements); adopting it later does not read it again.
    arrived.values[index] = Keyspace.storedAs(type, value);
    arrived.expiries[index] = expiresAt;
    arrived.offsets[index] = offset;
    if (this.staged === this.batch) this.flush();
  }

  /** Adopts what is staged, slot by slot, and lets go of it. */
  flush(): void {
    const count = this.staged;
    this.sortBySlot(count);
    const { sorted, keyspace, onDuplicate } = this;
    for (let rank = 0; rank < count; rank++) {
      const db = sorted.dbs[rank]!;
      const added = keyspace.adoptInSlot(db, sorted.slots[rank]!, sorted.keys[rank]!, sorted.values[rank]!, sorted.expiries[rank]!);
      if (!added && onDuplicate !== null) onDuplicate(sorted.offsets[rank]!, db);
    }
    this.staged = 0;
    this.arrived.release(count);
    sorted.release(count);
  }

  /** A stable counting sort of the staged entries by slot, from `arrived` into `sorted`. */
  private sortBySlot(count: number): void {
    const { starts, arrived, sorted } = this;
    const slots = arrived.slots;
    starts.fill(0);
    for (let index = 0; index < count; index++) starts[slots[index]! + 1]!++;
    for (let slot = 1; slot <= SLOT_COUNT; slot++) starts[slot]! += starts[slot - 1]!;
    for (let index = 0; index < count; index++) sorted.copy(arrived, index, starts[slots[index]!]!++);
  }
}
