import type { ByteString } from './byteString.js';
import { copyBytes } from './copyBytes.js';
import { latin1Slice, latin1Write } from './latin1.js';
import { FIRST_ELEMENT, PACKED_MAX_ELEMENT, PACKED_MAX_ENTRIES, PACKED_TYPE_CODES, PACKED_TYPES_BY_CODE, PackedCollection } from './PackedCollection.js';
import type { CollectionType } from './Value.js';

/** Room for the biggest packed collection: a hash of the most pairs of the longest elements. */
const CAPACITY = 1 + PACKED_MAX_ENTRIES * 2 * (1 + PACKED_MAX_ELEMENT);
/** Elements longer than this are copied by one native call, shorter ones byte by byte. */
const NATIVE_COPY_FROM = 24;

/**
 * Builds a {@link PackedCollection} element by element in one reusable buffer, from strings or
 * straight from bytes (a snapshot record), then reads it out with one latin1 read. The caller
 * keeps to {@link PACKED_MAX_ENTRIES}; the builder refuses an element that is too long.
 *
 * @example
 * ```ts
 * const builder = new PackedCollectionBuilder().start('zset');
 * builder.addString('member') && builder.addScore(1.5);
 * builder.finish(); // a PackedCollection of one scored member
 * ```
 */
export class PackedCollectionBuilder {
  private readonly bytes = Buffer.allocUnsafe(CAPACITY);
  /** Where each element starts (its length byte), for the duplicate check. */
  private readonly starts = new Int32Array(2 * PACKED_MAX_ENTRIES);
  private type: CollectionType = 'list';
  private at = 0;
  private elements = 0;

  /** Begins a new collection of `type`, dropping anything built before. */
  start(type: CollectionType): this {
    this.type = type;
    this.bytes[0] = PACKED_TYPE_CODES[type];
    this.at = FIRST_ELEMENT;
    this.elements = 0;
    return this;
  }

  /** Appends an element; false if it is longer than {@link PACKED_MAX_ELEMENT} bytes. */
  addString(element: ByteString): boolean {
    const length = element.length;
    if (!this.open(length)) return false;
    const bytes = this.bytes;
    if (length > NATIVE_COPY_FROM) this.at += latin1Write(bytes, element, this.at);
    else for (let index = 0; index < length; index++) bytes[this.at++] = element.charCodeAt(index);
    return true;
  }

  /** Appends `source[start, end)` as an element; false if it is too long. */
  addBytes(source: Buffer, start: number, end: number): boolean {
    if (!this.open(end - start)) return false;
    if (end - start > NATIVE_COPY_FROM) this.at += source.copy(this.bytes, this.at, start, end);
    else this.at = copyBytes(source, start, end, this.bytes, this.at);
    return true;
  }

  /** Appends the score of the sorted-set member just added; true (it always fits). */
  addScore(score: number): true {
    this.at = this.bytes.writeDoubleLE(score, this.at);
    return true;
  }

  /**
   * Whether two members (set, sorted set) or two fields (hash) are equal: a collection holds each
   * once, so bytes that repeat one come from a corrupt source.
   */
  hasDuplicates(bytes: Buffer = this.bytes): boolean {
    if (this.type === 'list') return false;
    const step = this.type === 'hash' ? 2 : 1;
    for (let first = 0; first < this.elements; first += step) {
      for (let second = first + step; second < this.elements; second += step) if (sameElement(bytes, this.starts[first]!, this.starts[second]!)) return true;
    }
    return false;
  }

  /**
   * Takes a packed collection's bytes from elsewhere (the wire) and checks them as the keyspace
   * needs them (see {@link checkBytes}). The collection, holding `data` itself, or null.
   */
  check(data: ByteString): PackedCollection | null {
    if (data.length > this.bytes.length) return null;
    return this.checkIn(this.bytes, 0, latin1Write(this.bytes, data, 0)) ? new PackedCollection(data) : null;
  }

  /**
   * Takes a packed collection's bytes `source[start, end)` (a snapshot record) and checks them as
   * the keyspace needs them: a known type, whole elements of at most {@link PACKED_MAX_ELEMENT}
   * bytes, 1 to {@link PACKED_MAX_ENTRIES} entries (hash: pairs), scores that are numbers, no
   * member or field twice. The collection (checked in place, then one latin1 read), or null.
   */
  checkBytes(source: Buffer, start: number, end: number): PackedCollection | null {
    return this.checkIn(source, start, end) ? new PackedCollection(latin1Slice(source, start, end)) : null;
  }

  /** Entries built so far (hash: pairs, rounded down). */
  private get entries(): number {
    return this.type === 'hash' ? Math.floor(this.elements / 2) : this.elements;
  }

  /** Whether the collection built or checked last is a `type` of `entries` entries (as a record declared it). */
  holds(type: CollectionType, entries: number): boolean {
    return this.type === type && this.entries === entries;
  }

  /** The collection built so far. */
  finish(): PackedCollection {
    return new PackedCollection(latin1Slice(this.bytes, 0, this.at));
  }

  /** Walks `bytes[start, end)` as {@link checkBytes} describes (in place: nothing is built); true if they hold. */
  private checkIn(bytes: Buffer, start: number, end: number): boolean {
    const type = end === start ? undefined : PACKED_TYPES_BY_CODE[bytes[start]!];
    if (type === undefined) return false;
    this.start(type);
    let at = start + FIRST_ELEMENT;
    while (at < end) {
      const length = bytes[at]!;
      if (length > PACKED_MAX_ELEMENT || this.elements === this.starts.length) return false;
      this.starts[this.elements++] = at;
      at += 1 + length;
      if (type === 'zset') {
        if (at + 8 > end || Number.isNaN(bytes.readDoubleLE(at))) return false;
        at += 8;
      }
    }
    const whole = at === end && (type !== 'hash' || this.elements % 2 === 0) && this.entries > 0 && this.entries <= PACKED_MAX_ENTRIES;
    return whole && !this.hasDuplicates(bytes);
  }

  /** Writes an element's length byte if the element fits; records where it starts. */
  private open(length: number): boolean {
    if (length > PACKED_MAX_ELEMENT || this.elements === this.starts.length) return false;
    this.starts[this.elements++] = this.at;
    this.bytes[this.at++] = length;
    return true;
  }
}

/** Whether the elements whose length bytes are at `first` and `second` of `bytes` are equal. */
function sameElement(bytes: Buffer, first: number, second: number): boolean {
  const length = bytes[first]!;
  if (bytes[second] !== length) return false;
  for (let index = 1; index <= length; index++) if (bytes[first + index] !== bytes[second + index]) return false;
  return true;
}
