import type { ByteString } from './byteString.js';
import { keyHashSlot, SLOT_COUNT } from './keyHashSlot.js';
import { isContainer, storedForm, unpacked, type StoredValue } from './StoredValue.js';
import type { Value } from './Value.js';

type SlotMap = Map<ByteString, StoredValue>;

/**
 * One numbered database: bare values kept per hash slot, and the expiries of volatile keys.
 *
 * The representation serves three needs at once. Per-slot maps give every key a fixed position
 * (its slot), so an iteration's cursor can tell whether it went by a key without any per-key
 * record and an overwrite never moves a key; a slot's keys can be counted, listed and iterated
 * at the cost of the slot (cluster mode); and a key costs one map entry (no entry object), with
 * the type read from the value and expiries in their own map, as Redis keeps them. Small
 * collections are stored packed (`PackedCollection`); `get` returns what is stored.
 *
 * FLUSHDB replaces a database object with a new one instead of clearing it, and SWAPDB swaps the
 * objects between indices. An iteration that holds a database object therefore keeps reading the
 * data it started on, in O(1) for the writer.
 *
 * @example
 * ```ts
 * keyspace.databases[0].size;           // keys in db 0, expired-but-present ones included
 * keyspace.databases[0].countInSlot(866); // keys hashing to slot 866
 * ```
 */
export class Database {
  /** Absolute expiry (ms) of every key that has one. */
  readonly expires = new Map<ByteString, number>();
  /** False once FLUSHDB/FLUSHALL (or a replacement of the whole keyspace) replaced this database. */
  live = true;
  private slots: (SlotMap | undefined)[] | null = null;
  private count = 0;
  /** Slots whose keys are staged out of sight (a slot migration's target): 1 = hidden. */
  private hidden: Uint8Array | null = null;
  /** Keys in hidden slots. */
  private hiddenCount = 0;
  /** Collections a write left unpacked, least recently written first. */
  private readonly unpackedKeys = new Set<ByteString>();

  /** @param index the index this database currently has; SWAPDB changes it. */
  constructor(public index: number) {}

  /** Number of keys outside hidden slots, expired-but-present ones included (DBSIZE). */
  get size(): number {
    return this.count - this.hiddenCount;
  }

  /**
   * Stages slots `start`..`end` out of sight: their keys stay readable and writable by key (the
   * migration link writes them) but KEYS, SCAN, RANDOMKEY and DBSIZE skip them until
   * {@link revealSlots}.
   */
  hideSlots(start: number, end: number): void {
    const hidden = (this.hidden ??= new Uint8Array(SLOT_COUNT));
    for (let slot = start; slot <= end; slot++) {
      if (hidden[slot] === 1) continue;
      hidden[slot] = 1;
      this.hiddenCount += this.countInSlot(slot);
    }
  }

  /**
   * Makes the hidden slots among `start`..`end` visible again. It runs inside a migration's
   * handoff pause, once, so in cold code: the slots are found by the typed array's native search,
   * and revealing every hidden slot (the end of the only import) touches no slot map.
   */
  revealSlots(start: number, end: number): void {
    const hidden = this.hidden;
    if (hidden === null) return;
    const first = hidden.indexOf(1);
    if (first === -1 || (first >= start && hidden.lastIndexOf(1) <= end)) {
      this.hidden = null;
      this.hiddenCount = 0;
      return;
    }
    for (let slot = hidden.indexOf(1, start); slot !== -1 && slot <= end; slot = hidden.indexOf(1, slot + 1)) {
      hidden[slot] = 0;
      this.hiddenCount -= this.countInSlot(slot);
    }
  }

  /** Whether a slot is hidden. */
  isHidden(slot: number): boolean {
    return this.hidden?.[slot] === 1;
  }

  /** The stored value of `key` (packed or not), expired or not, or undefined. */
  get(key: ByteString): StoredValue | undefined {
    const slots = this.slots;
    if (slots === null) return undefined;
    const map = slots[keyHashSlot(key)];
    return map === undefined ? undefined : map.get(key);
  }

  /** The value of `key` (a packed collection unpacked into a new container), or undefined. */
  value(key: ByteString): Value | undefined {
    const stored = this.get(key);
    return stored === undefined ? undefined : unpacked(stored);
  }

  /** Stores a value under `key` (a new key, or a new value of an existing one, in place). */
  set(key: ByteString, value: StoredValue): void {
    this.setInSlot(keyHashSlot(key), key, value);
  }

  /** {@link set} by a caller that knows the key's slot; true if the key is new. */
  setInSlot(slot: number, key: ByteString, value: StoredValue): boolean {
    const slots = (this.slots ??= new Array<SlotMap | undefined>(SLOT_COUNT));
    const map = (slots[slot] ??= new Map());
    const before = map.size;
    map.set(key, value);
    const added = map.size - before;
    this.count += added;
    if (this.hidden?.[slot] === 1) this.hiddenCount += added;
    return added === 1;
  }

  /** Removes `key` and its expiry; true if it was there. */
  delete(key: ByteString): boolean {
    const slot = keyHashSlot(key);
    const map = this.slots?.[slot];
    if (map === undefined || !map.delete(key)) return false;
    this.count--;
    if (this.hidden?.[slot] === 1) this.hiddenCount--;
    this.expires.delete(key);
    if (this.unpackedKeys.size > 0) this.unpackedKeys.delete(key);
    if (map.size === 0) this.slots![slot] = undefined;
    return true;
  }

  /**
   * A write left the collection at `key` unpacked: it stays so while it is among the `capacity`
   * most recently written, then it is packed (if it fits).
   */
  keepUnpacked(key: ByteString, capacity: number): void {
    const keys = this.unpackedKeys;
    keys.delete(key);
    keys.add(key);
    while (keys.size > capacity) {
      const oldest = keys.values().next().value as ByteString;
      keys.delete(oldest);
      const stored = this.get(oldest);
      if (stored !== undefined && isContainer(stored)) this.set(oldest, storedForm(stored));
    }
  }

  /** The absolute expiry of `key` in ms, or null. */
  expiryOf(key: ByteString): number | null {
    return this.expires.size === 0 ? null : (this.expires.get(key) ?? null);
  }

  /** Sets (ms) or clears (null) the expiry of an existing key. */
  setExpiry(key: ByteString, expiresAt: number | null): void {
    if (expiresAt !== null) this.expires.set(key, expiresAt);
    else if (this.expires.size > 0) this.expires.delete(key);
  }

  /** The keys of one slot with their values (live view; do not change it), or undefined if none. */
  slot(slot: number): ReadonlyMap<ByteString, StoredValue> | undefined {
    return this.slots?.[slot];
  }

  /** Number of keys in a slot. */
  countInSlot(slot: number): number {
    return this.slots?.[slot]?.size ?? 0;
  }

  /** The first visible slot at or after `from` that holds keys, or {@link SLOT_COUNT} if none. */
  nextVisibleSlot(from: number): number {
    let slot = this.nextSlot(from);
    while (slot < SLOT_COUNT && this.isHidden(slot)) slot = this.nextSlot(slot + 1);
    return slot;
  }

  /** The first slot at or after `from` that holds keys, or {@link SLOT_COUNT} if none. */
  nextSlot(from: number): number {
    const slots = this.slots;
    if (slots === null) return SLOT_COUNT;
    let slot = from;
    while (slot < SLOT_COUNT && slots[slot] === undefined) slot++;
    return slot;
  }

  /** Calls `visit` for every key with its value (packed collections unpacked), slot by slot. */
  forEach(visit: (value: Value, key: ByteString) => void): void {
    for (let slot = this.nextSlot(0); slot < SLOT_COUNT; slot = this.nextSlot(slot + 1)) {
      this.slots![slot]!.forEach((stored, key) => visit(unpacked(stored), key));
    }
  }

  /** Every key, slot by slot (hidden slots included). */
  *keys(): IterableIterator<ByteString> {
    for (let slot = this.nextSlot(0); slot < SLOT_COUNT; slot = this.nextSlot(slot + 1)) yield* this.slots![slot]!.keys();
  }

  /** Every key of the visible slots, slot by slot (KEYS, RANDOMKEY). */
  *visibleKeys(): IterableIterator<ByteString> {
    for (let slot = this.nextVisibleSlot(0); slot < SLOT_COUNT; slot = this.nextVisibleSlot(slot + 1)) yield* this.slots![slot]!.keys();
  }
}
