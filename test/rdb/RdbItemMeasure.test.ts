import { beforeAll, describe, expect, it } from 'vitest';
import { RdbDecoder } from '../../lib/rdb/RdbDecoder.js';
import { RdbItemMeasure } from '../../lib/rdb/RdbItemMeasure.js';
import { RDB_CHECKSUM_BYTES, RDB_HEADER_BYTES, RdbOpcode } from '../../lib/rdb/rdbFormat.js';
import { redisDumpOf } from './support/rdbFixtures.js';

/** Every fixture written by a real redis-server 7.0: each encoding it writes, AUX, SELECTDB, RESIZEDB, expiries. */
let file: Buffer;
/** The items of the body as [start, end) by the measure, the EOF opcode last. */
let items: [number, number][];

beforeAll(async () => {
  file = await redisDumpOf(() => true);
  const measure = new RdbItemMeasure();
  items = [];
  for (let start = RDB_HEADER_BYTES; start < file.length - RDB_CHECKSUM_BYTES;) {
    const end = measure.itemEnd(file, start);
    items.push([start, end]);
    start = end;
  }
});

describe('RdbItemMeasure', () => {
  it('cuts the body of a redis-server dump into items that end at the EOF opcode, one starting at every key the decoder reads', () => {
    const decoder = new RdbDecoder();
    const keyOffsets = [...decoder.push(file), ...decoder.end()].flatMap((part) => (part.kind === 'key' ? [part.offset] : []));
    const starts = new Set(items.map(([start]) => start));
    expect(keyOffsets.filter((offset) => !starts.has(offset))).toEqual([]);
    expect(items.at(-1)).toEqual([file.length - RDB_CHECKSUM_BYTES - 1, file.length - RDB_CHECKSUM_BYTES]);
    expect(file[file.length - RDB_CHECKSUM_BYTES - 1]).toBe(RdbOpcode.eof);
  });

  it('measures every cut-short item as needing more than it has and no more than its whole (every prefix length)', () => {
    const measure = new RdbItemMeasure();
    for (const [start, end] of items) {
      // Large items: every prefix near both ends, and a stride through the middle.
      for (let cut = start; cut < end; cut += cut - start < 300 || end - cut < 300 ? 1 : 97) {
        const needed = measure.itemEnd(file.subarray(0, cut), start);
        expect(needed, `item [${start}, ${end}) cut at ${cut}`).toBeGreaterThan(cut);
        expect(needed, `item [${start}, ${end}) cut at ${cut}`).toBeLessThanOrEqual(end);
      }
    }
  });

  it('ends the measure at malformed bytes (unknown length encoding, unknown type, bad quicklist container) so the decoder reports them', () => {
    const measure = new RdbItemMeasure();
    // type 0, key of unknown length encoding 0x82
    expect(measure.itemEnd(Buffer.from([0, 0x82, 1, 2, 3]), 0)).toBe(2);
    // unknown type 99 after a whole key "k"
    expect(measure.itemEnd(Buffer.from([99, 1, 0x6b]), 0)).toBe(3);
    // quicklist 2 with one node of container 7
    expect(measure.itemEnd(Buffer.from([18, 1, 0x6b, 1, 7, 5]), 0)).toBe(5);
    // a value claiming 1 GiB (beyond Redis's 512 MB limit): malformed, not waited for
    expect(measure.itemEnd(Buffer.from([0, 1, 0x6b, 0x80, 0x40, 0, 0, 0]), 0)).toBe(8);
  });
});
