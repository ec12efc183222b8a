import { execFileSync } from 'node:child_process';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { crc64 } from '../../../lib/keyspace/dump/crc64.js';
import { createDumpPayload, decodeDumpPayload, verifyDumpPayload } from '../../../lib/keyspace/dump/dumpPayload.js';
import { lzfDecompress } from '../../../lib/keyspace/dump/lzf.js';
import { RdbFormatError } from '../../../lib/keyspace/dump/RdbFormatError.js';
import { RdbOutput } from '../../../lib/keyspace/dump/RdbOutput.js';
import { RdbReader } from '../../../lib/keyspace/dump/RdbReader.js';
import type { Value, ValueType } from '../../../lib/keyspace/Value.js';
import { SortedSet } from '../../../lib/keyspace/SortedSet.js';

/** Bit-by-bit reference CRC-64/Jones (reflected, init 0): the definition, in BigInt. */
function referenceCrc64(bytes: Uint8Array, previous = 0n): bigint {
  let crc = previous;
  for (const byte of bytes) {
    crc ^= BigInt(byte);
    for (let bit = 0; bit < 8; bit++) crc = crc & 1n ? (crc >> 1n) ^ 0x95ac9329ac4bc9b5n : crc >> 1n;
  }
  return crc;
}

const SEED = 20261206;
const byteString = fc.array(fc.integer({ min: 0, max: 255 }), { maxLength: 30 }).map((codes) => String.fromCharCode(...codes));
const element = fc.oneof(byteString, fc.integer({ min: -(2 ** 40), max: 2 ** 40 }).map(String), fc.constantFrom('0', '-0', '01', '2147483648', '-2147483648', ' 1'));

const value: fc.Arbitrary<{ type: ValueType; value: Value }> = fc.oneof(
  element.map((text) => ({ type: 'string' as const, value: text })),
  fc.array(element, { minLength: 1, maxLength: 20 }).map((items) => ({ type: 'list' as const, value: items })),
  fc.uniqueArray(element, { minLength: 1, maxLength: 20 }).map((items) => ({ type: 'set' as const, value: new Set(items) })),
  fc.uniqueArray(fc.tuple(element, element), { minLength: 1, maxLength: 20, selector: ([field]) => field }).map((pairs) => ({ type: 'hash' as const, value: new Map(pairs) })),
  fc
    .uniqueArray(fc.tuple(element, fc.double({ noNaN: true })), { minLength: 1, maxLength: 20, selector: ([member]) => member })
    .map((pairs) => ({ type: 'zset' as const, value: SortedSet.from(pairs) })),
);

describe('CRC-64 (Jones, reflected, init 0)', () => {
  it('has the check value e9c6d914c4b8d9ca for "123456789"', () => {
    expect(crc64(Buffer.from('123456789')).toString(16)).toBe('e9c6d914c4b8d9ca');
  });

  it('matches the bit-by-bit definition on any bytes, and continues across any split', () => {
    fc.assert(
      fc.property(fc.uint8Array({ maxLength: 100 }), fc.nat(100), (bytes, cut) => {
        const at = Math.min(cut, bytes.length);
        expect(crc64(bytes)).toBe(referenceCrc64(bytes));
        expect(crc64(bytes.subarray(at), crc64(bytes.subarray(0, at)))).toBe(crc64(bytes));
      }),
      { seed: SEED },
    );
  });

  it('matches the definition on inputs long enough for the WebAssembly path (256 bytes and up), from any previous value', () => {
    fc.assert(
      fc.property(fc.uint8Array({ minLength: 200, maxLength: 1200 }), fc.bigInt({ min: 0n, max: 2n ** 64n - 1n }), fc.nat(1200), (bytes, previous, cut) => {
        const at = Math.min(cut, bytes.length);
        const whole = crc64(bytes, previous);
        expect(whole).toBe(referenceCrc64(bytes, previous));
        expect(crc64(bytes.subarray(at), crc64(bytes.subarray(0, at), previous))).toBe(whole);
      }),
      { seed: SEED, numRuns: 60 },
    );
  });

  it('gives the same value for an input of several MiB (hashed in 1 MiB pieces) as in 255-byte steps (the JS path)', () => {
    const bytes = Buffer.alloc(2.5 * 1024 * 1024 + 13);
    for (let index = 0; index < bytes.length; index++) bytes[index] = (index * 2654435761) >>> 24;
    let stepped = 0n;
    for (let start = 0; start < bytes.length; start += 255) stepped = crc64(bytes.subarray(start, start + 255), stepped);
    expect(crc64(bytes)).toBe(stepped);
  });

  it('falls back to the JS loop where WebAssembly is unavailable (node --jitless), with the same value', () => {
    const script = "import('./lib/keyspace/dump/crc64.ts').then(({ crc64 }) => console.log(typeof WebAssembly, crc64(Buffer.alloc(3000, 7), 5n).toString(16)))";
    const output = execFileSync(process.execPath, ['--jitless', '--no-warnings', '--import', 'tsx', '-e', script], { encoding: 'latin1' });
    expect(output.trim()).toBe(`undefined ${crc64(Buffer.alloc(3000, 7), 5n).toString(16)}`);
  });
});

describe('LZF decompression', () => {
  it('expands literals and overlapping back references', () => {
    // literal "abc" (control 2), then a back reference of length 4 at distance 2: "bcbc"
    expect(lzfDecompress(Buffer.from([0x02, 0x61, 0x62, 0x63, 0x40, 0x01]), 7).toString()).toBe('abcbcbc');
  });

  it('rejects references before the start, overruns and a wrong declared length', () => {
    expect(() => lzfDecompress(Buffer.from([0x20, 0x05]), 3)).toThrow(RdbFormatError);
    expect(() => lzfDecompress(Buffer.from([0x05, 0x61]), 6)).toThrow(RdbFormatError);
    expect(() => lzfDecompress(Buffer.from([0x00, 0x61]), 2)).toThrow(RdbFormatError);
    expect(() => lzfDecompress(Buffer.from([0x01, 0x61, 0x62]), 1)).toThrow(RdbFormatError);
  });
});

describe('RDB lengths and strings', () => {
  it('round-trip lengths at every encoding boundary and strings as Redis encodes them (int8/16/32, raw)', () => {
    const lengths = [0, 63, 64, 16383, 16384, 2 ** 32 - 1, 2 ** 32, Number.MAX_SAFE_INTEGER];
    const strings = ['', '0', '-1', '127', '-128', '128', '32767', '-32769', '2147483647', '2147483648', '-0', '007', 'x'.repeat(70_000)];
    const chunks: Buffer[] = [];
    const out = new RdbOutput((chunk) => chunks.push(chunk), 1000);
    lengths.forEach((length) => out.length(length));
    strings.forEach((text) => out.string(text));
    out.flush();
    const reader = new RdbReader(Buffer.concat(chunks));
    expect(lengths.map(() => reader.length())).toEqual(lengths);
    expect(strings.map(() => reader.string())).toEqual(strings);
    expect(reader.remaining).toBe(0);
  });
});

describe('DUMP payloads', () => {
  it('decode back to the value they were made of, for every type (property)', () => {
    fc.assert(
      fc.property(value, ({ type, value }) => {
        const payload = createDumpPayload(type, value);
        expect(verifyDumpPayload(payload)).toBe(true);
        expect(payload.readUInt16LE(payload.length - 10)).toBe(9);
        expect(decodeDumpPayload(payload)).toEqual({ type, value });
      }),
      { seed: SEED },
    );
  });

  it('fail verification with any byte changed, a newer version than 7.0 writes, or under 10 bytes', () => {
    const payload = createDumpPayload('list', ['a', 'b', '12']);
    for (let index = 0; index < payload.length; index++) {
      const changed = Buffer.from(payload);
      changed[index]! ^= 0x10;
      expect(verifyDumpPayload(changed), `byte ${index}`).toBe(false);
    }
    const version11 = Buffer.from(payload);
    version11.writeUInt16LE(11, payload.length - 10);
    version11.writeBigUInt64LE(crc64(version11.subarray(0, payload.length - 8)), payload.length - 8);
    expect(verifyDumpPayload(version11)).toBe(false);
    expect(verifyDumpPayload(payload.subarray(0, 9))).toBe(false);
  });
});
