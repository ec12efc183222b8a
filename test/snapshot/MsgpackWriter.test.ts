import fc from 'fast-check';
import { unpack } from 'msgpackr';
import { describe, expect, it } from 'vitest';
import { MsgpackWriter } from '../../lib/snapshot/MsgpackWriter.js';

describe('MsgpackWriter', () => {
  it('writes what a msgpack reader decodes back, at every size boundary', () => {
    const sizes = [0, 1, 15, 16, 255, 256, 65_535, 65_536, 70_000];
    const writer = new MsgpackWriter(8);
    for (const size of sizes) {
      writer.array(2).unsigned(size).bin('x'.repeat(size));
      expect(unpack(writer.take())).toEqual([size, Buffer.from('x'.repeat(size), 'latin1')]);
      writer.array(size);
      for (let index = 0; index < size; index++) writer.nil();
      expect(unpack(writer.take())).toEqual(Array.from({ length: size }, () => null));
    }
  });

  it('round-trips random records of integers, floats, nil and byte strings', () => {
    const element = fc.oneof(
      fc.integer({ min: 0, max: 2 ** 32 - 1 }).map((value) => ({ kind: 'unsigned' as const, value })),
      fc.double({ noNaN: true }).map((value) => ({ kind: 'float64' as const, value })),
      fc.constant({ kind: 'nil' as const, value: null }),
      fc.uint8Array({ maxLength: 300 }).map((bytes) => ({ kind: 'bin' as const, value: Buffer.from(bytes).toString('latin1') })),
    );
    fc.assert(
      fc.property(fc.array(element, { maxLength: 40 }), (elements) => {
        const writer = new MsgpackWriter(4);
        writer.array(elements.length);
        for (const { kind, value } of elements) {
          if (kind === 'unsigned') writer.unsigned(value);
          else if (kind === 'float64') writer.float64(value);
          else if (kind === 'nil') writer.nil();
          else writer.bin(value);
        }
        const expected = elements.map(({ kind, value }) => (kind === 'bin' ? Buffer.from(value, 'latin1') : value));
        expect(unpack(writer.take())).toEqual(expected);
      }),
    );
  });
});
