import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { writePackedRdbValue, writeRdbValue } from '../../../lib/keyspace/dump/encodeRdbValue.js';
import { RdbOutput } from '../../../lib/keyspace/dump/RdbOutput.js';
import { PACKED_MAX_ELEMENT, PACKED_MAX_ENTRIES } from '../../../lib/keyspace/PackedCollection.js';
import { packCollection } from '../../../lib/keyspace/packCollection.js';
import { SortedSet } from '../../../lib/keyspace/SortedSet.js';
import type { CollectionType, Value } from '../../../lib/keyspace/Value.js';

/** Elements that look like integers (int-encoded by RDB) as often as any other bytes. */
const element = fc.oneof(
  fc.integer({ min: -(2 ** 31), max: 2 ** 31 }).map(String),
  fc.constantFrom('007', '-0', '12345678901', '4294967296'),
  fc.uint8Array({ maxLength: PACKED_MAX_ELEMENT }).map((bytes) => Buffer.from(bytes).toString('latin1')),
);
const distinct = fc.uniqueArray(element, { minLength: 1, maxLength: PACKED_MAX_ENTRIES });
const collection: fc.Arbitrary<[CollectionType, Exclude<Value, string>]> = fc.oneof(
  fc.array(element, { minLength: 1, maxLength: PACKED_MAX_ENTRIES }).map((list): [CollectionType, string[]] => ['list', list]),
  distinct.map((members): [CollectionType, Set<string>] => ['set', new Set(members)]),
  distinct.map((fields): [CollectionType, Map<string, string>] => ['hash', new Map(fields.map((field, index) => [field, String(index)]))]),
  fc
    .tuple(distinct, fc.double({ noNaN: true }))
    .map(([members, base]): [CollectionType, SortedSet] => ['zset', SortedSet.from(members.map((member, index) => [member, base * index]))]),
);

function bytesOf(write: (out: RdbOutput) => void, chunkBytes: number): Buffer {
  const chunks: Buffer[] = [];
  const out = new RdbOutput((chunk) => chunks.push(Buffer.from(chunk)), chunkBytes);
  write(out);
  out.flush();
  return Buffer.concat(chunks);
}

describe('writePackedRdbValue', () => {
  it('writes from the packed bytes exactly what writeRdbValue writes for the container, across chunk boundaries', () => {
    fc.assert(
      fc.property(collection, fc.constantFrom(100, 1000, 64 * 1024), ([type, value], chunkBytes) => {
        const packed = packCollection(type, value)!;
        const fromPacked = bytesOf((out) => writePackedRdbValue(out, packed, 'key'), chunkBytes);
        expect(fromPacked).toEqual(bytesOf((out) => writeRdbValue(out, type, value, 'key'), chunkBytes));
      }),
    );
  });

  it('copies the elements in one piece where they are their RDB encoding, and takes the exact path where one is not', () => {
    const cases: [CollectionType, Exclude<Value, string>][] = [
      ['list', ['abcdefghijklmnop', 'x'.repeat(PACKED_MAX_ELEMENT - 1), '', '12a', '-', '1-2']], // in one piece
      ['set', new Set(['abcdefghijklmnop', '-12'])], // an integer: int-encoded
      ['hash', new Map([['field', 'x'.repeat(PACKED_MAX_ELEMENT)]])], // 64 bytes: a two-byte length
      [
        'zset',
        SortedSet.from([
          ['member-one', 1.5],
          ['member-two', -Infinity],
        ]),
      ], // member and 8 score bytes, in one piece
    ];
    for (const [type, value] of cases) {
      for (const chunkBytes of [100, 1000, 64 * 1024]) {
        const packed = packCollection(type, value)!;
        expect(
          bytesOf((out) => writePackedRdbValue(out, packed, 'key'), chunkBytes),
          `${type} in chunks of ${chunkBytes}`,
        ).toEqual(bytesOf((out) => writeRdbValue(out, type, value, 'key'), chunkBytes));
      }
    }
  });
});
