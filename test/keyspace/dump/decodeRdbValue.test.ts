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
import type { CollectionType, Value, ValueType } from '../../../lib/keyspace/Value.js';

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

/** A listpack integer entry, in the smallest encoding that holds it (as lpEncodeIntegerGetType picks). */
function integerEntry(value: bigint): Buffer {
  if (value >= 0n && value <= 127n) return Buffer.from([Number(value)]);
  if (value >= -4096n && value <= 4095n) {
    const raw = Number(BigInt.asUintN(13, value));
    return Buffer.from([0xc0 | (raw >> 8), raw & 0xff]);
  }
  const size = value >= -(2n ** 15n) && value < 2n ** 15n ? 2 : value >= -(2n ** 23n) && value < 2n ** 23n ? 3 : value >= -(2n ** 31n) && value < 2n ** 31n ? 4 : 8;
  const bytes = Buffer.alloc(1 + size);
  bytes[0] = { 2: 0xf1, 3: 0xf2, 4: 0xf3, 8: 0xf4 }[size]!;
  if (size === 8) bytes.writeBigInt64LE(value, 1);
  else bytes.writeIntLE(Number(value), 1, size);
  return bytes;
}

/** The canonical decimal text of a signed 64-bit integer (what Redis stores as an integer entry), or null. */
function canonicalInteger(text: string): bigint | null {
  if (!/^(?:0|-?[1-9][0-9]{0,18})$/.test(text)) return null;
  const value = BigInt(text);
  return value >= -(2n ** 63n) && value < 2n ** 63n ? value : null;
}

/**
 * A listpack as an RDB string: canonical integers as integer entries, other entries of up to 100
 * bytes as strings (6-bit and 12-bit encodings).
 */
function listpackOf(entries: readonly string[]): Buffer {
  const entry = (text: string) => {
    const integer = canonicalInteger(text);
    const bytes = Buffer.from(text, 'latin1');
    const head = bytes.length < 64 ? Buffer.from([0x80 | bytes.length]) : Buffer.from([0xe0 | (bytes.length >> 8), bytes.length & 0xff]);
    const data = integer === null ? Buffer.concat([head, bytes]) : integerEntry(integer);
    return Buffer.concat([data, Buffer.from([data.length])]);
  };
  const body = Buffer.concat(entries.map(entry));
  const header = Buffer.alloc(6);
  header.writeUInt32LE(6 + body.length + 1, 0);
  header.writeUInt16LE(entries.length, 4);
  const blob = Buffer.concat([header, body, Buffer.from([0xff])]);
  return Buffer.concat([rdbLength(blob.length), blob]);
}

/**
 * An RDB string in one of the forms Redis writes: raw, an int8/16/32 encoding when the text is a
 * canonical integer that fits, or LZF (`form` 2: literal runs only, which any LZF reader reads).
 */
function rdbString(text: string, form: number): Buffer {
  const bytes = Buffer.from(text, 'latin1');
  const integer = canonicalInteger(text);
  if (form === 1 && integer !== null && integer >= -(2n ** 31n) && integer < 2n ** 31n) {
    const size = integer >= -128n && integer < 128n ? 1 : integer >= -32768n && integer < 32768n ? 2 : 4;
    const encoded = Buffer.alloc(1 + size);
    encoded[0] = 0xc0 | (size === 1 ? 0 : size === 2 ? 1 : 2);
    encoded.writeIntLE(Number(integer), 1, size);
    return encoded;
  }
  if (form === 2 && bytes.length > 0) {
    const runs: Buffer[] = [];
    for (let at = 0; at < bytes.length; at += 32) runs.push(Buffer.from([Math.min(32, bytes.length - at) - 1]), bytes.subarray(at, at + 32));
    const compressed = Buffer.concat(runs);
    return Buffer.concat([Buffer.from([0xc3]), rdbLength(compressed.length), rdbLength(bytes.length), compressed]);
  }
  return Buffer.concat([rdbLength(bytes.length), bytes]);
}

const LISTPACK_TYPES = { set: RdbType.setListpack, hash: RdbType.hashListpack, list: RdbType.listQuicklist2, zset: RdbType.zsetListpack } as const;
const PLAIN_TYPES = { set: RdbType.set, hash: RdbType.hash, list: RdbType.list } as const;

/** The value bytes after the type byte: a quicklist 2 list is one packed node. */
function valueBytes(type: keyof typeof LISTPACK_TYPES, entries: readonly string[]): Buffer {
  return type === 'list' ? Buffer.concat([rdbLength(1), rdbLength(2), listpackOf(entries)]) : listpackOf(entries);
}

/** A plain list, set or hash (`RdbType.list`, …): a length (a hash's: pairs), then each element as an RDB string. */
function plainBytes(type: keyof typeof PLAIN_TYPES, entries: readonly string[], forms: readonly number[]): Buffer {
  const strings = entries.map((text, index) => rdbString(text, forms[index % forms.length]!));
  return Buffer.concat([rdbLength(type === 'hash' ? Math.floor(entries.length / 2) : entries.length), ...strings]);
}

function outcome<T>(decode: () => T): { value: T } | { error: string } {
  try {
    return { value: decode() };
  } catch (error) {
    return { error: (error as Error).message };
  }
}

/**
 * Decodes `bytes` (the value after `typeByte`) on both paths and checks the stored one against the
 * container one: the same errors, the same elements, packed exactly when packCollection packs the
 * container (see below for sorted sets), and then with the bytes packCollection gives (element
 * order included).
 */
function expectStoredLikeContainer(type: ValueType, typeByte: number, bytes: Buffer): void {
  const container = outcome(() => decodeRdbValue(new RdbReader(bytes), typeByte));
  const stored = outcome(() => decodeRdbStoredValue(new RdbReader(bytes), typeByte));
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
  expect(stored.value!.type).toBe(type);
  expect(unpacked(value)).toEqual(container.value.value);
  const packed = packCollection(type as CollectionType, container.value.value as Exclude<Value, string>);
  // A sorted set whose scores are not plain numbers may come out as its container: the keyspace
  // packs it when it stores it.
  if (value instanceof PackedCollection || type !== 'zset') expect(value instanceof PackedCollection ? value.data : null).toBe(packed?.data ?? null);
}

const byte = fc.integer({ min: 0, max: 255 });
const element = fc.oneof(
  { weight: 6, arbitrary: fc.array(fc.constantFrom(...'abc10-'.split('').map((c) => c.charCodeAt(0))), { maxLength: 3 }).map((codes) => String.fromCharCode(...codes)) },
  { weight: 3, arbitrary: fc.array(byte, { maxLength: 64 }).map((codes) => String.fromCharCode(...codes)) },
  { weight: 2, arbitrary: fc.oneof(fc.bigInt({ min: -(2n ** 63n), max: 2n ** 63n - 1n }), fc.bigInt({ min: -5000n, max: 5000n })).map(String) },
  { weight: 1, arbitrary: fc.array(byte, { minLength: 65, maxLength: 100 }).map((codes) => String.fromCharCode(...codes)) },
);
/** Scores as Redis writes them (integers, %.17g decimals) and texts only strtod reads, or nothing reads. */
const scoreText = fc.oneof(
  fc.integer({ min: -1e6, max: 1e6 }).map(String),
  fc.double().map(String),
  fc.constantFrom('inf', '-inf', ' 1', '0x1A', 'nan', '', '1.5e', '+.5', '1e400', '-0', '0.10000000000000001'),
);
// Counts around the packed limit (32 entries, 64 hash elements) come up often.
const count = fc.oneof(fc.constantFrom(0, 1, 2, 31, 32, 33, 63, 64, 65, 66), fc.integer({ min: 0, max: 70 }));
const elements = count.chain((length) =>
  fc.oneof(fc.array(element, { minLength: length, maxLength: length }), fc.uniqueArray(element, { minLength: Math.min(length, 30), maxLength: length })),
);

describe('decodeRdbStoredValue: small collections straight into their packed form', () => {
  it(`reads listpack sets, hashes, lists and sorted sets as the container path does (seed ${SEED})`, () => {
    const members = elements.chain((items) => fc.tuple(fc.constant(items), fc.array(scoreText, { minLength: items.length, maxLength: items.length })));
    fc.assert(
      fc.property(fc.constantFrom('set', 'hash', 'list', 'zset') as fc.Arbitrary<keyof typeof LISTPACK_TYPES>, members, (type, [items, scores]) => {
        const flat = type === 'zset' ? items.flatMap((member, index) => [member, scores[index]!]) : type === 'hash' && items.length % 2 === 1 ? items.slice(1) : items;
        expectStoredLikeContainer(type, LISTPACK_TYPES[type], valueBytes(type, flat));
      }),
      { seed: SEED, numRuns: 2000 },
    );
  });

  it(`reads plain sets, hashes and lists of raw, integer and LZF strings as the container path does (seed ${SEED})`, () => {
    const forms = fc.array(fc.integer({ min: 0, max: 2 }), { minLength: 1, maxLength: 5 });
    fc.assert(
      fc.property(fc.constantFrom('set', 'hash', 'list') as fc.Arbitrary<keyof typeof PLAIN_TYPES>, elements, forms, (type, items, stringForms) => {
        const flat = type === 'hash' && items.length % 2 === 1 ? items.slice(1) : items;
        expectStoredLikeContainer(type, PLAIN_TYPES[type], plainBytes(type, flat, stringForms));
      }),
      { seed: SEED, numRuns: 1500 },
    );
  });

  it(`fails on every truncation as the container path does, and reads nothing past a value (seed ${SEED})`, () => {
    fc.assert(
      fc.property(fc.constantFrom('set', 'hash', 'list', 'zset'), elements, fc.nat(), (type, items, cut) => {
        const flat = type === 'hash' || type === 'zset' ? items.slice(items.length % 2) : items;
        const bytes = type === 'zset' ? valueBytes(type, flat) : plainBytes(type, flat, [0, 1, 2]);
        const typeByte = type === 'zset' ? RdbType.zsetListpack : PLAIN_TYPES[type];
        const truncated = bytes.subarray(0, cut % bytes.length);
        const stored = outcome(() => decodeRdbStoredValue(new RdbReader(truncated), typeByte));
        expect(stored).toEqual(outcome(() => decodeRdbValue(new RdbReader(truncated), typeByte)));
        expect('error' in stored).toBe(true);
        const reader = new RdbReader(Buffer.concat([bytes, Buffer.from([0x2a])]));
        if ('value' in outcome(() => decodeRdbStoredValue(reader, typeByte))) expect(reader.position).toBe(bytes.length);
      }),
      { seed: SEED, numRuns: 1000 },
    );
  });
});
