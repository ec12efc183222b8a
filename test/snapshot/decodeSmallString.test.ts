import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { decodeSmallString } from '../../lib/snapshot/decodeSmallString.js';
import { encodeSmallString, SMALL_STRING_RECORD_MAX_BYTES } from '../../lib/snapshot/encodeSmallString.js';
import type { EntryItem } from '../../lib/keyspace/IterationItem.js';

const byteString = (maxLength: number) => fc.uint8Array({ maxLength }).map((bytes) => Buffer.from(bytes).toString('latin1'));

function encode(entry: EntryItem): Buffer {
  const target = Buffer.alloc(SMALL_STRING_RECORD_MAX_BYTES);
  return target.subarray(0, encodeSmallString(entry, target, 0));
}

describe('decodeSmallString', () => {
  it('reads back exactly what encodeSmallString writes', () => {
    fc.assert(
      fc.property(fc.nat(70_000), byteString(300), byteString(5000), fc.option(fc.nat(2 ** 52)), (db, key, value, expiresAt) => {
        const entry: EntryItem = { kind: 'entry', db, key, type: 'string', value, expiresAt };
        expect(decodeSmallString(encode(entry))).toEqual({ db, key, type: 'string', value, expiresAt });
      }),
    );
  });

  it('declines (undefined) every cut piece of a record and any other shape, for the general decoder to judge', () => {
    const bytes = encode({ kind: 'entry', db: 3, key: 'key', type: 'string', value: 'v'.repeat(300), expiresAt: 1_700_000_000_000 });
    for (let length = 0; length < bytes.length; length++) expect(decodeSmallString(bytes.subarray(0, length))).toBeUndefined();
    expect(decodeSmallString(Buffer.concat([bytes, Buffer.of(0)]))).toBeUndefined(); // trailing byte
    const hashType = Buffer.from(bytes);
    hashType[hashType.indexOf('key', 0, 'latin1') + 3] = 1; // the type code after the key: hash
    expect(decodeSmallString(hashType)).toBeUndefined();
    const wrongLength = Buffer.from(bytes);
    wrongLength[wrongLength.length - 300 - 5] ^= 1; // the declared length no longer matches
    expect(decodeSmallString(wrongLength)).toBeUndefined();
  });

  it('reads a record in place inside a larger chunk, never past its end: every cut piece declines as the bare piece does', () => {
    const bytes = encode({ kind: 'entry', db: 3, key: 'key', type: 'string', value: 'v'.repeat(300), expiresAt: 1_700_000_000_000 });
    // The rest of the record, then more records, follow the piece: a read past `end` would see them.
    const chunk = Buffer.concat([Buffer.from('before'), bytes, bytes]);
    const start = 'before'.length;
    expect(decodeSmallString(chunk, start, start + bytes.length)).toEqual(decodeSmallString(bytes));
    for (let length = 0; length < bytes.length; length++) expect(decodeSmallString(chunk, start, start + length), `cut at ${length}`).toBeUndefined();
  });
});
