import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { decodeRdbStoredValue, decodeRdbValue } from '../../../lib/keyspace/dump/decodeRdbValue.js';
import { RdbFormatError } from '../../../lib/keyspace/dump/RdbFormatError.js';
import { RdbReader } from '../../../lib/keyspace/dump/RdbReader.js';
import { RdbType } from '../../../lib/keyspace/dump/rdbTypes.js';
import { PackedCollection } from '../../../lib/keyspace/PackedCollection.js';
import { packCollection } from '../../../lib/keyspace/packCollection.js';
import { parseLenientDouble } from '../../../lib/keyspace/parse.js';
import type { SortedSet } from '../../../lib/keyspace/SortedSet.js';
import { unpacked } from '../../../lib/keyspace/StoredValue.js';
import type { Value } from '../../../lib/keyspace/Value.js';

const SEED = 20261207;

/** A listpack of short string entries (encoding 0b10xxxxxx, one back-length byte), as an RDB string. */
function listpackString(entries: readonly string[]): Buffer {
  const body = Buffer.concat(entries.map((entry) => Buffer.concat([Buffer.from([0x80 | entry.length]), Buffer.from(entry, 'latin1'), Buffer.from([1 + entry.length])])));
  const header = Buffer.alloc(6);
  header.writeUInt32LE(6 + body.length + 1, 0);
  header.writeUInt16LE(entries.length, 4);
  const blob = Buffer.concat([header, body, Buffer.from([0xff])]);
  return Buffer.concat([Buffer.from([blob.length]), blob]); // a 6-bit RDB length: the tests keep blobs under 64 bytes
}

describe('decodeRdbValue: sorted set listpack scores', () => {
  it(`reads every score text as strtod does (parseLenientDouble), the plain-decimal fast path included (seed ${SEED})`, () => {
    const text = fc.string({ unit: fc.constantFrom(...'0123456789.eE+-xXbo inINF'), maxLength: 10 });
    fc.assert(
      fc.property(text, (score) => {
        const reader = new RdbReader(listpackString(['member', score]));
        const expected = parseLenientDouble(score);
        if (expected === undefined || Number.isNaN(expected)) {
          expect(() => decodeRdbValue(reader, RdbType.zsetListpack)).toThrow(RdbFormatError);
          return;
        }
        const decoded = decodeRdbValue(reader, RdbType.zsetListpack);
        expect(Object.is((decoded?.value as SortedSet).score('member'), expected), `score ${JSON.stringify(score)}`).toBe(true);
      }),
      { seed: SEED, numRuns: 2000 },
    );
  });
});

/** An RDB length (6-, 14- or 32-bit form). */
function rdbLength(length: number): Buffer {
  if (length < 64) return Buffer.from([length]);
  if (length < 16384) return Buffer.from([0x40 | (length >> 8), length & 0xff]);
  const bytes = Buffer.alloc(5);
  bytes[0] = 0x80;
  bytes.writeUInt32BE(length, 1);
  return bytes;
}

/** A listpack of string entries of up to 100 bytes (6-bit and 12-bit string encodings), as an RDB string. */
function listpackOf(entries: readonly string[]): Buffer {
  const entry = (text: string) => {
    const bytes = Buffer.from(text, 'latin1');
    const head = bytes.length < 64 ? Buffer.from([0x80 | bytes.length]) : Buffer.from([0xe0 | (bytes.length >> 8), bytes.length & 0xff]);
    return Buffer.concat([head, bytes, Buffer.from([head.length + bytes.length])]);
  };
  const body = Buffer.concat(entries.map(entry));
  const header = Buffer.alloc(6);
  header.writeUInt32LE(6 + body.length + 1, 0);
  header.writeUInt16LE(entries.length, 4);
  const blob = Buffer.concat([header, body, Buffer.from([0xff])]);
  return Buffer.concat([rdbLength(blob.length), blob]);
}

const LISTPACK_TYPES = { set: RdbType.setListpack, hash: RdbType.hashListpack, list: RdbType.listQuicklist2 } as const;

/** The value bytes after the type byte: a quicklist 2 list is one packed node. */
function valueBytes(type: keyof typeof LISTPACK_TYPES, entries: readonly string[]): Buffer {
  return type === 'list' ? Buffer.concat([rdbLength(1), rdbLength(2), listpackOf(entries)]) : listpackOf(entries);
}

function outcome<T>(decode: () => T): { value: T } | { error: string } {
  try {
    return { value: decode() };
  } catch (error) {
    return { error: (error as Error).message };
  }
}

describe('decodeRdbStoredValue: small lists, sets and hashes straight into their packed form', () => {
  it(`gives what the container path gives, packed exactly when packCollection would pack it, the same errors for duplicates (seed ${SEED})`, () => {
    const byte = fc.integer({ min: 0, max: 255 });
    const element = fc.oneof(
      { weight: 6, arbitrary: fc.array(fc.constantFrom(...'abc'.split('').map((c) => c.charCodeAt(0))), { maxLength: 3 }) },
      { weight: 3, arbitrary: fc.array(byte, { maxLength: 64 }) },
      { weight: 1, arbitrary: fc.array(byte, { minLength: 65, maxLength: 100 }) },
    );
    // Counts around the packed limit (32 entries, 64 hash elements) come up often.
    const count = fc.oneof(fc.constantFrom(0, 1, 2, 31, 32, 33, 63, 64, 65, 66), fc.integer({ min: 0, max: 70 }));
    const text = element.map((codes) => String.fromCharCode(...codes));
    const entries = count.chain((length) =>
      fc.oneof(fc.array(text, { minLength: length, maxLength: length }), fc.uniqueArray(text, { minLength: Math.min(length, 30), maxLength: length })),
    );
    fc.assert(
      fc.property(fc.constantFrom('set', 'hash', 'list') as fc.Arbitrary<keyof typeof LISTPACK_TYPES>, entries, (type, elements) => {
        const flat = type === 'hash' && elements.length % 2 === 1 ? elements.slice(1) : elements;
        const bytes = valueBytes(type, flat);
        const container = outcome(() => decodeRdbValue(new RdbReader(bytes), LISTPACK_TYPES[type]));
        const stored = outcome(() => decodeRdbStoredValue(new RdbReader(bytes), LISTPACK_TYPES[type]));
        if ('error' in container) {
          expect(stored).toEqual(container);
          return;
        }
        if (!('value' in stored)) throw new Error(`stored path failed: ${stored.error}`);
        if (container.value === null) {
          expect(stored.value).toBeNull();
          return;
        }
        const { value } = stored.value!;
        expect(stored.value!.type).toBe(container.value.type);
        expect(unpacked(value)).toEqual(container.value.value);
        const packable = packCollection(type, container.value.value as Exclude<Value, string>) !== null;
        expect(value instanceof PackedCollection).toBe(packable);
      }),
      { seed: SEED, numRuns: 1500 },
    );
  });
});
