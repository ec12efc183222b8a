import fc from 'fast-check';
import { unpack } from 'msgpackr';
import { describe, expect, it } from 'vitest';
import type { EntryItem } from '../../lib/keyspace/IterationItem.js';
import { encodeEntryRecords } from '../../lib/snapshot/encodeEntryRecords.js';
import { encodeSmallString, isSmallString, SMALL_STRING_MAX_BYTES, SMALL_STRING_RECORD_MAX_BYTES } from '../../lib/snapshot/encodeSmallString.js';

const byteString = (maxLength: number) => fc.array(fc.integer({ min: 0, max: 255 }), { maxLength }).map((codes) => String.fromCharCode(...codes));

describe('encodeSmallString', () => {
  it('writes in place exactly the record encodeEntryRecords produces (decoded), within its size bound', () => {
    const entry = fc.record({
      kind: fc.constant('entry' as const),
      db: fc.constantFrom(0, 1, 127, 128, 255, 256, 65_535, 65_536),
      key: fc.oneof(
        byteString(8),
        fc.integer({ min: 250, max: 260 }).map((length) => 'k'.repeat(length)),
      ),
      type: fc.constant('string' as const),
      value: fc.oneof(
        byteString(40),
        fc.integer({ min: 250, max: 260 }).map((length) => '\xff'.repeat(length)),
        fc.constant('v'.repeat(SMALL_STRING_MAX_BYTES - 300)),
      ),
      expiresAt: fc.option(fc.integer({ min: 0, max: 2 ** 50 }), { nil: null }),
    });
    fc.assert(
      fc.property(entry, (item: EntryItem) => {
        expect(isSmallString(item)).toBe(true);
        const target = Buffer.alloc(SMALL_STRING_RECORD_MAX_BYTES + 10, 0xee);
        const end = encodeSmallString(item, target, 3);
        expect(end - 3).toBeLessThanOrEqual(SMALL_STRING_RECORD_MAX_BYTES);
        expect(target[2]).toBe(0xee); // nothing written before the offset
        const [reference] = [...encodeEntryRecords(item)];
        expect(unpack(target.subarray(3, end))).toEqual(unpack(reference!));
      }),
    );
  });

  it('leaves large strings and collections to encodeEntryRecords', () => {
    const big: EntryItem = { kind: 'entry', db: 0, key: 'k', type: 'string', value: 'x'.repeat(SMALL_STRING_MAX_BYTES), expiresAt: null };
    expect(isSmallString(big)).toBe(false);
    expect(isSmallString({ ...big, type: 'list', value: [] })).toBe(false);
  });
});
