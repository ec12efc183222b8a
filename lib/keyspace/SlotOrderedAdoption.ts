import type { ByteString } from './byteString.js';
import { keyHashSlot, SLOT_COUNT } from './keyHashSlot.js';
import { Keyspace } from './Keyspace.js';
import type { StoredValue } from './StoredValue.js';

/** Entries staged before a batch is adopted (each staged entry costs ~50 bytes of arrays). */
const DEFAULT_BATCH = 256 * 1024;

/**
 * Adopts loaded entries batch by batch, each batch in hash-slot order (stable: entries of one
 * slot keep their order). A keyspace keeps one map per slot, so a file written in another order
 * (an RDB from Redis, in its dict's order) would touch a random one of 16384 maps per key, a
 * cache miss or several each time; sorted, a batch fills the maps one slot after another, as a
 * forkless snapshot (written slot by slot) does by itself.
 *
 * @example
 * ```ts
 * const adoption = new SlotOrderedAdoption(fresh, (offset, db) => { throw duplicateKey(db, offset); });
 * for (const { db, key, type, value, expiresAt, offset } of entries) adoption.add(db, key, type, value, expiresAt, offset);
 * adoption.flush(); // the last batch
 * ```
 */
export class SlotOrderedAdoption {
  private readonly dbs: Uint32Array;
  private readonly keys: ByteString[];
  private readonly values: StoredValue[];
  private readonly expiries: (number | null)[];
  private readonly offsets: Float64Array;
  private readonly slots: Uint16Array;
  private readonly order: Uint32Array;
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
    this.dbs = new Uint32Array(batch);
    this.keys = new Array<ByteString>(batch);
    this.values = new Array<StoredValue>(batch);
    this.expiries = new Array<number | null>(batch);
    this.offsets = new Float64Array(batch);
    this.slots = new Uint16Array(batch);
    this.order = new Uint32Array(batch);
  }

  /** Stages one entry (`offset`: where it was read, for errors); adopts a full batch. */
  add(db: number, key: ByteString, type: string, value: StoredValue, expiresAt: number | null, offset: number): void {
    const index = this.staged++;
    this.dbs[index] = db;
    this.keys[index] = key;
    // Checked and packed now, while the value is in cache (a small collection then waits as one
    // string, not as a container and its elements); adopting it later does not read it again.
    this.values[index] = Keyspace.storedAs(type, value);
    this.expiries[index] = expiresAt;
    this.offsets[index] = offset;
    this.slots[index] = keyHashSlot(key);
    if (this.staged === this.batch) this.flush();
  }

  /** Adopts what is staged, slot by slot, and lets go of it. */
  flush(): void {
    const count = this.staged;
    this.sortBySlot(count);
    for (let rank = 0; rank < count; rank++) this.adopt(this.order[rank]!);
    this.staged = 0;
    // Drop the references, so a batch's values do not outlive it here.
    this.keys.fill('', 0, count);
    this.values.fill('', 0, count);
  }

  /** A stable counting sort of the staged entries by slot, into `order`. */
  private sortBySlot(count: number): void {
    const { starts, slots, order } = this;
    starts.fill(0);
    for (let index = 0; index < count; index++) starts[slots[index]! + 1]!++;
    for (let slot = 1; slot <= SLOT_COUNT; slot++) starts[slot]! += starts[slot - 1]!;
    for (let index = 0; index < count; index++) order[starts[slots[index]!]!++] = index;
  }

  private adopt(index: number): void {
    const db = this.dbs[index]!;
    const added = this.keyspace.adoptInSlot(db, this.slots[index]!, this.keys[index]!, this.values[index]!, this.expiries[index]!);
    if (!added && this.onDuplicate !== null) this.onDuplicate(this.offsets[index]!, db);
  }
}
