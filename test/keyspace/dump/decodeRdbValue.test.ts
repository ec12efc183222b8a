import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { decodeRdbValue } from '../../../lib/keyspace/dump/decodeRdbValue.js';
import { RdbFormatError } from '../../../lib/keyspace/dump/RdbFormatError.js';
import { RdbReader } from '../../../lib/keyspace/dump/RdbReader.js';
import { RdbType } from '../../../lib/keyspace/dump/rdbTypes.js';
import { parseLenientDouble } from '../../../lib/keyspace/parse.js';
import type { SortedSet } from '../../../lib/keyspace/SortedSet.js';

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
