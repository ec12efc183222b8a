import type { ByteString } from './byteString.js';
import { SortedSet } from './SortedSet.js';
import type { CollectionType, Value } from './Value.js';

/** The most elements (hash: field-value pairs) a packed collection holds, as Redis's listpack defaults. */
export const PACKED_MAX_ENTRIES = 128;
/** The longest element (member, field, value) a packed collection holds, in bytes. */
export const PACKED_MAX_ELEMENT = 64;

const TYPE_CODES: Record<CollectionType, string> = { list: 'l', set: 's', hash: 'h', zset: 'z' };
const TYPES_BY_CODE: Record<string, CollectionType> = { l: 'list', s: 'set', h: 'hash', z: 'zset' };
const scoreBits = new Float64Array(1);
const scoreBytes = new Uint8Array(scoreBits.buffer);

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
 * const packed = PackedCollection.pack('list', ['a', 'b'])!;
 * packed.type;     // 'list'
 * packed.unpack(); // ['a', 'b'] (a new array)
 * ```
 */
export class PackedCollection {
  /** @param data the type code, then the elements (see {@link PackedCollection.pack}). */
  constructor(readonly data: ByteString) {}

  /** The collection packed, or null if it is empty, too big or holds too long an element. */
  static pack(type: CollectionType, value: Exclude<Value, string>): PackedCollection | null {
    const parts = [TYPE_CODES[type]];
    switch (type) {
      case 'list':
        return packElements(parts, value as ByteString[], (value as ByteString[]).length);
      case 'set':
        return packElements(parts, value as Set<ByteString>, (value as Set<ByteString>).size);
      case 'hash':
        return packHash(parts, value as Map<ByteString, ByteString>);
      case 'zset':
        return packSortedSet(parts, value as SortedSet);
    }
  }

  /** The collection's type. */
  get type(): CollectionType {
    return TYPES_BY_CODE[this.data[0]!]!;
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

  private elements(): ByteString[] {
    const data = this.data;
    const elements: ByteString[] = [];
    for (let at = 1; at < data.length;) {
      const end = at + 1 + data.charCodeAt(at);
      elements.push(data.substring(at + 1, end));
      at = end;
    }
    return elements;
  }

  private unpackHash(): Map<ByteString, ByteString> {
    const elements = this.elements();
    const hash = new Map<ByteString, ByteString>();
    for (let index = 0; index < elements.length; index += 2) hash.set(elements[index]!, elements[index + 1]!);
    return hash;
  }

  private unpackSortedSet(): SortedSet {
    const data = this.data;
    const set = new SortedSet();
    for (let at = 1; at < data.length;) {
      const end = at + 1 + data.charCodeAt(at);
      for (let byte = 0; byte < 8; byte++) scoreBytes[byte] = data.charCodeAt(end + byte);
      set.set(data.substring(at + 1, end), scoreBits[0]!);
      at = end + 8;
    }
    return set;
  }
}

function fits(element: ByteString): boolean {
  return element.length <= PACKED_MAX_ELEMENT;
}

function lengthCode(element: ByteString): string {
  return String.fromCharCode(element.length);
}

function packElements(parts: string[], elements: Iterable<ByteString>, size: number): PackedCollection | null {
  if (size === 0 || size > PACKED_MAX_ENTRIES) return null;
  for (const element of elements) {
    if (!fits(element)) return null;
    parts.push(lengthCode(element), element);
  }
  return packed(parts);
}

function packHash(parts: string[], hash: Map<ByteString, ByteString>): PackedCollection | null {
  if (hash.size === 0 || hash.size > PACKED_MAX_ENTRIES) return null;
  for (const [field, value] of hash) {
    if (!fits(field) || !fits(value)) return null;
    parts.push(lengthCode(field), field, lengthCode(value), value);
  }
  return packed(parts);
}

function packSortedSet(parts: string[], set: SortedSet): PackedCollection | null {
  if (set.size === 0 || set.size > PACKED_MAX_ENTRIES) return null;
  for (const [member, score] of set.entries()) {
    if (!fits(member)) return null;
    scoreBits[0] = score;
    parts.push(lengthCode(member), member, String.fromCharCode(...scoreBytes));
  }
  return packed(parts);
}

function packed(parts: string[]): PackedCollection {
  // join builds one flat string, never a rope of the parts.
  return new PackedCollection(parts.join(''));
}
