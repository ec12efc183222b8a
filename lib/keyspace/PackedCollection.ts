import type { ByteString } from './byteString.js';
import { SortedSet } from './SortedSet.js';
import type { CollectionType, Value } from './Value.js';

/** The most entries (hash: field-value pairs) a packed collection holds: a quarter of Redis's listpack default, as unpacking costs more in JS. */
export const PACKED_MAX_ENTRIES = 32;
/** The longest element (member, field, value) a packed collection holds, in bytes. */
export const PACKED_MAX_ELEMENT = 64;

/** The first byte of a packed collection: its type. */
export const PACKED_TYPE_CODES: Readonly<Record<CollectionType, number>> = { list: 0x6c, set: 0x73, hash: 0x68, zset: 0x7a };
/** The type a packed collection's first byte stands for. */
export const PACKED_TYPES_BY_CODE: Readonly<Record<number, CollectionType | undefined>> = { 0x6c: 'list', 0x73: 'set', 0x68: 'hash', 0x7a: 'zset' };
/** The offset of the first element's length byte (after the type code). */
export const FIRST_ELEMENT = 1;
/** The bytes of a sorted-set member's score, stored after the member. */
const SCORE_BYTES = 8;
/** A score's 8 bytes, read back. */
const scoreBytes = Buffer.alloc(SCORE_BYTES);

/**
 * A small collection held as one byte string, as Redis holds small collections in a listpack:
 * one heap object and one string instead of a container and a string per element. The string
 * is a type code, then each element as a length byte and its bytes (a sorted set member is
 * followed by its score's 8 IEEE-754 bytes, a hash field by its value).
 *
 * The keyspace stores collections of at most {@link PACKED_MAX_ENTRIES} elements of at most
 * {@link PACKED_MAX_ELEMENT} bytes this way and unpacks one into its container when a command
 * or an iteration reads it; a write changes the unpacked container and packs it again when the
 * write is over. Being immutable, a packed collection never needs copy-on-write.
 *
 * @example
 * ```ts
 * const packed = packCollection('list', ['a', 'b'])!;
 * packed.type;     // 'list'
 * packed.unpack(); // ['a', 'b'] (a new array)
 * ```
 */
export class PackedCollection {
  /** @param data the type code, then the elements (built by a `PackedCollectionBuilder`). */
  constructor(readonly data: ByteString) {}

  /** The collection's type. */
  get type(): CollectionType {
    return PACKED_TYPES_BY_CODE[this.data.charCodeAt(0)]!;
  }

  /** A new container holding the elements. */
  unpack(): Value {
    switch (this.type) {
      case 'list':
        return this.elements();
      case 'set':
        return new Set(this.elements());
      case 'hash':
        return this.unpackHash();
      case 'zset':
        return this.unpackSortedSet();
    }
  }

  /**
   * Where a set member, hash field or sorted-set member is (the offset of its length byte), or -1:
   * a scan of the bytes, no unpacking.
   */
  find(element: ByteString): number {
    const data = this.data;
    const type = this.type;
    for (let at = FIRST_ELEMENT; at < data.length;) {
      const end = at + 1 + data.charCodeAt(at);
      if (type !== 'list' && this.elementEquals(at, element)) return at;
      at = type === 'hash' ? end + 1 + data.charCodeAt(end) : type === 'zset' ? end + 8 : end;
    }
    return -1;
  }

  /** Number of entries (hash: pairs), counted off the bytes. */
  get size(): number {
    const elements = this.elementCount;
    return this.type === 'hash' ? elements / 2 : elements;
  }

  /** Number of elements (a hash's fields and values each count), counted off the bytes. */
  get elementCount(): number {
    let elements = 0;
    for (let at = FIRST_ELEMENT; at < this.data.length; at = this.nextElement(at)) elements++;
    return elements;
  }

  /**
   * The offset of the length byte of the element after the one whose length byte is at `at` (past
   * a sorted-set member's score). Elements start at {@link FIRST_ELEMENT} and end at `data.length`;
   * the element at `at` is `data[at + 1, at + 1 + data[at])`, and a sorted-set member's score is the
   * 8 bytes after it.
   *
   * @example
   * ```ts
   * for (let at = FIRST_ELEMENT; at < packed.data.length; at = packed.nextElement(at)) visit(at);
   * ```
   */
  nextElement(at: number): number {
    const data = this.data;
    return at + 1 + data.charCodeAt(at) + (data.charCodeAt(0) === PACKED_TYPE_CODES.zset ? SCORE_BYTES : 0);
  }

  /** The hash value of `field`, or undefined (no unpacking). */
  get(field: ByteString): ByteString | undefined {
    const at = this.find(field);
    if (at < 0) return undefined;
    const valueAt = at + 1 + this.data.charCodeAt(at);
    return this.data.substring(valueAt + 1, valueAt + 1 + this.data.charCodeAt(valueAt));
  }

  private elementEquals(at: number, element: ByteString): boolean {
    const data = this.data;
    const length = element.length;
    if (data.charCodeAt(at) !== length) return false;
    for (let index = 0; index < length; index++) if (data.charCodeAt(at + 1 + index) !== element.charCodeAt(index)) return false;
    return true;
  }

  private elements(): ByteString[] {
    const data = this.data;
    const elements: ByteString[] = [];
    for (let at = FIRST_ELEMENT; at < data.length;) {
      const end = at + 1 + data.charCodeAt(at);
      elements.push(data.substring(at + 1, end));
      at = end;
    }
    return elements;
  }

  private unpackHash(): Map<ByteString, ByteString> {
    const data = this.data;
    const hash = new Map<ByteString, ByteString>();
    for (let at = FIRST_ELEMENT; at < data.length;) {
      const valueAt = at + 1 + data.charCodeAt(at);
      const end = valueAt + 1 + data.charCodeAt(valueAt);
      hash.set(data.substring(at + 1, valueAt), data.substring(valueAt + 1, end));
      at = end;
    }
    return hash;
  }

  private unpackSortedSet(): SortedSet {
    const data = this.data;
    const set = new SortedSet();
    for (let at = FIRST_ELEMENT; at < data.length;) {
      const end = at + 1 + data.charCodeAt(at);
      for (let byte = 0; byte < 8; byte++) scoreBytes[byte] = data.charCodeAt(end + byte);
      set.set(data.substring(at + 1, end), scoreBytes.readDoubleLE(0));
      at = end + 8;
    }
    return set;
  }
}
