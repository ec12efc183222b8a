import type { EncodingOptions } from './EncodingOptions.js';
import type { Value, ValueType } from './Value.js';
import type { SortedSet } from './SortedSet.js';

const LONG_TEXT = /^(?:0|-?[1-9][0-9]{0,18})$/;

/** True when Redis would store the text as a 64-bit integer (`string2ll` round-trips it). */
export function isIntegerText(text: string): boolean {
  if (!LONG_TEXT.test(text)) return false;
  const value = BigInt(text);
  return value >= -(2n ** 63n) && value < 2n ** 63n;
}

function fitsListpack(entries: Iterable<string>, size: number, maxEntries: number, maxValue: number): boolean {
  if (size > maxEntries) return false;
  for (const entry of entries) if (entry.length > maxValue) return false;
  return true;
}

/**
 * The encoding Redis 7.0 gives a value of this size and content under the thresholds: what
 * `OBJECT ENCODING` answers. Computed from the value, so a collection that shrank back below a
 * threshold reports the compact encoding where Redis (which never converts back) reports the large
 * one, and a string built by APPEND/SETRANGE/SETBIT reports `embstr`/`int` where Redis says `raw`.
 *
 * @example
 * ```ts
 * objectEncoding('set', new Set(['1', '2']), ENCODING_DEFAULTS); // 'intset'
 * objectEncoding('string', 'hello', ENCODING_DEFAULTS);           // 'embstr'
 * ```
 */
export function objectEncoding(type: ValueType, value: Value, options: EncodingOptions): string {
  switch (type) {
    case 'string': {
      const text = value as string;
      if (text.length <= 20 && isIntegerText(text)) return 'int';
      return text.length <= 44 && !text.startsWith('HYLL') ? 'embstr' : 'raw';
    }
    case 'list':
      return 'quicklist';
    case 'set': {
      const set = value as Set<string>;
      if (set.size > options.setMaxIntsetEntries) return 'hashtable';
      for (const member of set) if (!isIntegerText(member)) return 'hashtable';
      return 'intset';
    }
    case 'hash': {
      const hash = value as Map<string, string>;
      const items = [...hash.keys(), ...hash.values()];
      return fitsListpack(items, hash.size, options.hashMaxListpackEntries, options.hashMaxListpackValue) ? 'listpack' : 'hashtable';
    }
    case 'zset': {
      const zset = value as SortedSet;
      const members = Array.from(zset.entries(), ([member]) => member);
      return fitsListpack(members, zset.size, options.zsetMaxListpackEntries, options.zsetMaxListpackValue) ? 'listpack' : 'skiplist';
    }
  }
}
