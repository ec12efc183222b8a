import fc from 'fast-check';
import { pack, unpack } from 'msgpackr';
import { describe, expect, it } from 'vitest';
import { MsgpackReader, UNREAD, type ReadValue } from '../../lib/snapshot/MsgpackReader.js';
import { MsgpackWriter } from '../../lib/snapshot/MsgpackWriter.js';

const SEED = 20261206;

/** A value of the subset the writer produces, bins as byte strings. */
const subsetValue: fc.Arbitrary<ReadValue> = fc.letrec<{ value: ReadValue }>((tie) => ({
  value: fc.oneof(
    { depthSize: 'small' },
    fc.integer({ min: 0, max: 2 ** 32 - 1 }),
    fc.double({ noNaN: true }).filter((value) => !Number.isInteger(value)),
    fc.constant(null),
    fc.uint8Array({ maxLength: 300 }).map((bytes) => Buffer.from(bytes).toString('latin1')),
    fc.array(tie('value'), { maxLength: 20 }),
  ),
})).value;

function write(writer: MsgpackWriter, value: ReadValue): void {
  if (value === null) writer.nil();
  else if (typeof value === 'string') writer.bin(value);
  else if (Array.isArray(value)) {
    writer.array(value.length);
    for (const item of value) write(writer, item);
  } else if (Number.isInteger(value)) writer.unsigned(value);
  else writer.float64(value);
}

function encode(value: ReadValue): Buffer {
  const writer = new MsgpackWriter(16);
  write(writer, value);
  return writer.take();
}

/** msgpackr's reading of the same bytes, bins turned into byte strings. */
function reference(bytes: Buffer): unknown {
  const convert = (value: unknown): unknown => (Buffer.isBuffer(value) ? value.toString('latin1') : Array.isArray(value) ? value.map(convert) : value);
  return convert(unpack(bytes));
}

describe('MsgpackReader', () => {
  it(`reads what MsgpackWriter writes exactly as msgpackr does, bins as byte strings (seed ${SEED})`, () => {
    fc.assert(
      fc.property(subsetValue, (value) => {
        const bytes = encode(value);
        const reader = new MsgpackReader(bytes, 0);
        const read = reader.value();
        expect(read).toEqual(value);
        expect(read).toEqual(reference(bytes));
        expect(reader.atEnd).toBe(true);
      }),
      { seed: SEED, numRuns: 300 },
    );
  });

  it('every truncation reads as UNREAD or stops short of the end; no view, no throw', () => {
    fc.assert(
      fc.property(subsetValue, (value) => {
        const bytes = encode(value);
        for (let length = 0; length < bytes.length; length++) {
          const reader = new MsgpackReader(bytes.subarray(0, length), 0);
          const read = reader.value();
          expect(read === UNREAD || !reader.atEnd || length === bytes.length).toBe(true);
          if (read !== UNREAD) expect(reader.position).toBeLessThanOrEqual(length);
        }
      }),
      { seed: SEED + 1, numRuns: 100 },
    );
  });

  it('strBytes skips a fixstr or str8/16/32 as msgpackr writes it and returns where its UTF-8 bytes start', () => {
    for (const length of [0, 31, 32, 255, 256, 65535, 65536]) {
      const text = 'é'.repeat(length >> 1) + 'a'.repeat(length & 1);
      const bytes = Buffer.concat([pack(text), Buffer.from([0xc0])]);
      const reader = new MsgpackReader(bytes, 0);
      const start = reader.strBytes();
      expect(bytes.subarray(start, reader.position).toString('utf8')).toBe(text);
      expect(reader.position).toBe(bytes.length - 1);
      for (let cut = 0; cut < Math.min(bytes.length - 1, 8); cut++) expect(new MsgpackReader(bytes.subarray(0, bytes.length - 2 - cut), 0).strBytes()).toBe(-1);
    }
    expect(new MsgpackReader(pack(Buffer.from('bin')), 0).strBytes()).toBe(-1);
    expect(new MsgpackReader(Buffer.alloc(0), 0).strBytes()).toBe(-1);
  });

  it('markers outside the subset (str, map, negative and 64-bit integers, float32, ext) read as UNREAD', () => {
    for (const value of ['text', new Map([[1, 2]]), -1, [1, 'nested text'], { a: 1 }]) {
      expect(new MsgpackReader(pack(value), 0).value()).toBe(UNREAD);
    }
    expect(new MsgpackReader(Buffer.from([0xcf, 0, 0, 1, 0, 0, 0, 0, 0]), 0).value()).toBe(UNREAD);
    expect(new MsgpackReader(Buffer.from([0xca, 0, 0, 0, 0]), 0).value()).toBe(UNREAD);
    expect(new MsgpackReader(Buffer.from([0xd4, 1, 0]), 0).value()).toBe(UNREAD);
  });

  it('an array count larger than the bytes left is refused before allocating it', () => {
    expect(new MsgpackReader(Buffer.from([0xdd, 0xff, 0xff, 0xff, 0xff, 0xc0]), 0).value()).toBe(UNREAD);
  });

  it('unsigned, expiry and bin read their field or answer undefined without moving', () => {
    const writer = new MsgpackWriter(16);
    writer.unsigned(70_000).float64(1_700_000_000_000).nil().bin('\xffk').float64(1.5);
    const reader = new MsgpackReader(writer.take(), 0);
    expect(reader.bin()).toBeUndefined();
    expect(reader.unsigned()).toBe(70_000);
    expect(reader.expiry()).toBe(1_700_000_000_000);
    expect(reader.expiry()).toBeNull();
    expect(reader.unsigned()).toBeUndefined();
    expect(reader.bin()).toBe('\xffk');
    expect(reader.expiry()).toBeUndefined();
  });
});
