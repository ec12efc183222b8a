import type { ByteString } from '../keyspace/byteString.js';
import { latin1Slice } from '../keyspace/latin1.js';

/** Slots of the cache (a power of two): names that share a slot replace each other. */
const SLOTS = 64;
/** Longer names are always copied (command names are short). */
const MAX_LENGTH = 24;

/**
 * Recently read command names: a name that the buffer spells again (every request of a pipeline
 * of SETs) is the same string as before instead of a new copy, so it costs no allocation and the
 * command lookup finds its hash already computed.
 *
 * @example
 * ```ts
 * const names = new NameCache();
 * const bytes = Buffer.from('GETGET');
 * names.read(bytes, 0, 3) === names.read(bytes, 3, 6); // true: one string, read once
 * ```
 */
export class NameCache {
  private readonly names: (ByteString | undefined)[] = new Array<ByteString | undefined>(SLOTS);

  /** The byte string of `buffer[start, end)`. */
  read(buffer: Buffer, start: number, end: number): ByteString {
    const length = end - start;
    if (length === 0 || length > MAX_LENGTH) return latin1Slice(buffer, start, end);
    const slot = (length * 31 + buffer[start]! * 7 + buffer[end - 1]!) & (SLOTS - 1);
    const cached = this.names[slot];
    if (cached !== undefined && spells(buffer, start, length, cached)) return cached;
    const name = latin1Slice(buffer, start, end);
    this.names[slot] = name;
    return name;
  }
}

function spells(buffer: Buffer, start: number, length: number, name: ByteString): boolean {
  if (name.length !== length) return false;
  for (let index = 0; index < length; index++) if (name.charCodeAt(index) !== buffer[start + index]) return false;
  return true;
}
